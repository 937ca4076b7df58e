// The native side of wasm/bench/bench.mjs: the very C++ entry points the wasm
// bindings call (wasm/api.cpp, wasm/session.cpp: evaluate_output and
// SessionHandle::tiers), compiled natively, with the same inputs, so the only
// difference left is the JS <-> wasm boundary and the code generation.
// The import runs on one thread, as in wasm (api.cpp's import_options says so).
//
// usage: native EVENTS.csv PROGRAM.json VARIANTS EVALUATES
//   VARIANTS: program texts, one a line; each is one timed re-tier
//   EVALUATES: timed evaluate runs (after one untimed warm-up)
// prints {"evaluate_ms": [...], "retier_ms": [...], "check": n}
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
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

static double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

static void print_list(const char* key, const std::vector<double>& xs) {
  std::printf("\"%s\": [", key);
  for (size_t i = 0; i < xs.size(); ++i) std::printf("%s%.4f", i ? ", " : "", xs[i]);
  std::printf("]");
}

int main(int argc, char** argv) {
  if (argc != 5) return 2;
  const std::string events = slurp(argv[1]), program = slurp(argv[2]), variants_text = slurp(argv[3]);
  const int evaluates = std::atoi(argv[4]);
  std::vector<std::string> variants;
  std::istringstream lines(variants_text);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) variants.push_back(line);

  // evaluate: what tl.evaluateCsv(program, events) runs inside the module.
  size_t check = 0;
  std::vector<double> evaluate_ms;
  for (int r = 0; r <= evaluates; ++r) {
    auto t = Clock::now();
    Result res = evaluate_output(program, events, "{\"format\":\"csv\"}");
    const double ms = ms_since(t);
    if (!res.error.empty()) {
      std::fprintf(stderr, "%s\n", res.error.c_str());
      return 1;
    }
    check += res.value.size();
    if (r > 0) evaluate_ms.push_back(ms); // r == 0 warms up
  }

  // re-tier: what session.tiers(text) runs inside the module, plus copying the
  // four row arrays out (the JS layer's .slice()).
  SessionHandle s;
  if (Result res = s.load(events, "{}"); !res.error.empty()) return 1;
  s.tiers(program, "{}"); // builds the metric table
  for (int w = 0; w < 10; ++w) s.tiers(variants[static_cast<size_t>(w) % variants.size()], "{}");
  std::vector<double> retier_ms;
  for (const auto& v : variants) {
    auto t = Clock::now();
    Result res = s.tiers(v, "{}");
    std::vector<uint32_t> customers = s.row_customers();
    std::vector<int8_t> tiers = s.row_tiers();
    std::vector<double> progress = s.row_progress();
    std::vector<int32_t> held = s.row_held_until();
    retier_ms.push_back(ms_since(t));
    if (!res.error.empty()) {
      std::fprintf(stderr, "%s\n", res.error.c_str());
      return 1;
    }
    check += res.value.size() + customers.size() + tiers.size() + progress.size() + held.size();
  }
  std::printf("{");
  print_list("evaluate_ms", evaluate_ms);
  std::printf(", ");
  print_list("retier_ms", retier_ms);
  std::printf(", \"check\": %zu}\n", check);
  return 0;
}
