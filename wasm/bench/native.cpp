// The native side of wasm/bench/bench.mjs: the very C++ entry points the wasm
// bindings call (wasm/api.cpp, wasm/session.cpp: evaluate_output and
// SessionHandle::tiers), compiled natively, with the same inputs, so the only
// difference left is the JS <-> wasm boundary and the code generation.
// The import and the evaluation run on one thread, as in wasm (api.cpp's
// import_options and session.cpp say so).
//
// usage: native EVENTS.csv PROGRAM.json VARIANTS
//   VARIANTS: program texts, one a line, used in turn by the re-tiers
// Warms up (one evaluate, the session's metric table, ten re-tiers), prints
// "ready", then answers one line per command read from stdin:
//   evaluate   -> the milliseconds of one evaluate
//   retier K   -> a JSON array: the milliseconds of each of K re-tiers
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "session.hpp"

using namespace tierlab::wasm;
using Clock = std::chrono::steady_clock;

static std::string slurp(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

static double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

static void fail(const std::string& error) {
  std::fprintf(stderr, "native bench: %s\n", error.c_str());
  std::exit(1);
}

int main(int argc, char** argv) {
  if (argc != 4) return 2;
  const std::string events = slurp(argv[1]), program = slurp(argv[2]), variants_text = slurp(argv[3]);
  std::vector<std::string> variants;
  std::istringstream lines(variants_text);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) variants.push_back(line);
  if (variants.empty()) fail("no program variants");

  size_t check = 0;
  // evaluate: what tl.evaluateCsv(program, events) runs inside the module.
  auto evaluate = [&] {
    auto t = Clock::now();
    Result res = evaluate_output(program, events, "{\"format\":\"csv\"}");
    const double ms = ms_since(t);
    if (!res.error.empty()) fail(res.error);
    check += res.value.size();
    return ms;
  };
  // re-tier: what session.tiers(text) runs inside the module, plus copying
  // the four row arrays out (the JS layer's .slice()).
  SessionHandle s;
  if (Result res = s.load(events, "{}"); !res.error.empty()) fail(res.error);
  size_t next = 0;
  auto retier = [&] {
    const std::string& v = variants[next++ % variants.size()];
    auto t = Clock::now();
    Result res = s.tiers(v, "{}");
    std::vector<uint32_t> customers = s.row_customers();
    std::vector<int8_t> tiers = s.row_tiers();
    std::vector<double> progress = s.row_progress();
    std::vector<int32_t> held = s.row_held_until();
    const double ms = ms_since(t);
    if (!res.error.empty()) fail(res.error);
    check += customers.size() + tiers.size() + progress.size() + held.size();
    return ms;
  };

  evaluate();
  s.tiers(program, "{}"); // builds the metric table
  for (int w = 0; w < 10; ++w) retier();
  std::printf("ready\n");
  std::fflush(stdout);
  for (std::string command; std::getline(std::cin, command);) {
    if (command == "evaluate") {
      std::printf("%.4f\n", evaluate());
    } else if (command.rfind("retier ", 0) == 0) {
      const int k = std::atoi(command.c_str() + 7);
      std::vector<double> ms;
      for (int i = 0; i < k; ++i) ms.push_back(retier());
      std::printf("[");
      for (size_t i = 0; i < ms.size(); ++i) std::printf("%s%.4f", i ? "," : "", ms[i]);
      std::printf("]\n");
    } else {
      fail("unknown command: " + command);
    }
    std::fflush(stdout);
  }
  return check == 0; // (keeps the work observable)
}
