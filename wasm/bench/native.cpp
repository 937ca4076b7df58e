// The native side of wasm/bench/bench.mjs: the same core calls the JS API
// makes, timed natively. usage: native EVENTS.csv PROGRAM.json
// prints {"evaluate_ms": best of 3, "retier_ms": mean of 20 re-tiers}
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "tierlab/evaluate.hpp"
#include "tierlab/events.hpp"
#include "tierlab/program.hpp"
#include "tierlab/simulate.hpp"

using namespace tierlab;
using Clock = std::chrono::steady_clock;

static std::string slurp(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

static double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  const std::string events = slurp(argv[1]), program = slurp(argv[2]);
  double best = 1e18;
  size_t bytes = 0;
  for (int r = 0; r < 3; ++r) {
    auto t = Clock::now();
    Program p = parse_program(program);
    ImportOptions opt;
    opt.currency_digits = p.currency.digits;
    Import im = import_any(events, ImportFormat::Auto, opt);
    Evaluation e = evaluate(p, im.log, default_as_of(im.log));
    bytes += evaluation_csv(p, im.log, e).size();
    best = std::min(best, ms_since(t));
  }
  ImportOptions opt;
  Import im = import_any(events, ImportFormat::Auto, opt);
  const Day as_of = default_as_of(im.log);
  Session s(std::move(im.log));
  s.tiers(parse_program(program), as_of); // builds the metric table
  std::string variant = program;
  const int n = 20;
  size_t rows = 0;
  auto t = Clock::now();
  for (int i = 0; i < n; ++i) {
    Program p = parse_program(program);
    for (auto& tier : p.tiers)
      if (tier.qualify && tier.qualify->op != Condition::Op::Leaf) tier.qualify->children[0].threshold += 100 * i;
    rows += s.tiers(p, as_of).tier.size();
  }
  std::printf("{\"evaluate_ms\": %.2f, \"retier_ms\": %.3f, \"check\": %zu}\n", best, ms_since(t) / n, bytes + rows);
  return 0;
}
