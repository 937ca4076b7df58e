// Import, evaluate, re-tier and sweep on generated data.
// TIERLAB_BENCH_CUSTOMERS (default 100000) sets the size.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "tierlab/evaluate.hpp"
#include "tierlab/events.hpp"
#include "tierlab/generate.hpp"
#include "tierlab/program.hpp"
#include "tierlab/simulate.hpp"
#include "tierlab/tune.hpp"

using namespace tierlab;

namespace {

const char* const kProgram = R"({
  "tierlab": 1, "name": "Bench", "currency": "USD",
  "engagement": { "review": 5, "social_share": 3, "referral": 10 },
  "metrics": {
    "spend": { "measure": "net_spend", "window": { "days": 365 } },
    "orders": { "measure": "purchase_count", "window": { "days": 365 } },
    "engagement": { "measure": "engagement_points", "window": "lifetime" } },
  "tiers": [ { "name": "Bronze" },
    { "name": "Silver", "qualify": { "any": [ { "metric": "spend", "above": 100 }, { "metric": "orders", "at_least": 6 } ] },
      "benefits": { "discount_percent": 5 } },
    { "name": "Gold", "qualify": { "any": [ { "metric": "spend", "above": 300 }, { "metric": "orders", "at_least": 16 },
                                            { "metric": "engagement", "above": 30 } ] },
      "benefits": { "discount_percent": 10 } } ] })";

// The same tiers with status terms (spec §3b): a 365-day term, one step
// down, each tier kept at 70% of its spend threshold.
const char* const kStatusProgram = R"({
  "tierlab": 1, "name": "Bench status", "currency": "USD",
  "status": { "term": { "days": 365 }, "downgrade": "one_step" },
  "engagement": { "review": 5, "social_share": 3, "referral": 10 },
  "metrics": {
    "spend": { "measure": "net_spend", "window": { "days": 365 } },
    "orders": { "measure": "purchase_count", "window": { "days": 365 } },
    "engagement": { "measure": "engagement_points", "window": "lifetime" } },
  "tiers": [ { "name": "Bronze" },
    { "name": "Silver", "qualify": { "any": [ { "metric": "spend", "above": 100 }, { "metric": "orders", "at_least": 6 } ] },
      "retain": { "metric": "spend", "above": 70 }, "benefits": { "discount_percent": 5 } },
    { "name": "Gold", "qualify": { "any": [ { "metric": "spend", "above": 300 }, { "metric": "orders", "at_least": 16 },
                                            { "metric": "engagement", "above": 30 } ] },
      "retain": { "metric": "spend", "above": 210 }, "benefits": { "discount_percent": 10 } } ] })";

uint64_t customers() {
  const char* env = std::getenv("TIERLAB_BENCH_CUSTOMERS");
  return env ? std::strtoull(env, nullptr, 10) : 100000;
}

const std::string& events_csv() {
  static const std::string csv = [] {
    std::string s;
    GenerateOptions opt;
    opt.customers = customers();
    generate_events(opt, [&](std::string_view chunk) { s.append(chunk); });
    return s;
  }();
  return csv;
}

const Import& imported() {
  static const Import im = import_events_csv(events_csv(), ImportOptions{});
  return im;
}

void BM_ImportCsv(benchmark::State& state) {
  const std::string& csv = events_csv();
  size_t events = 0;
  for (auto _ : state) {
    Import im = import_events_csv(csv, ImportOptions{});
    events = im.log.size();
    benchmark::DoNotOptimize(im.log.day.data());
  }
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsIterationInvariantRate);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * csv.size()));
}

void BM_Evaluate(benchmark::State& state) {
  const Import& im = imported();
  Program p = parse_program(kProgram);
  size_t rows = 0;
  for (auto _ : state) {
    Evaluation e = evaluate(p, im.log, default_as_of(im.log));
    rows = e.rows.size();
    benchmark::DoNotOptimize(e.rows.data());
  }
  state.counters["customers/s"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsIterationInvariantRate);
}

// One threshold change on a warm session: a pass over the metric table.
void BM_RetierAfterThresholdChange(benchmark::State& state) {
  static Session session(imported().log);
  Program p = parse_program(kProgram);
  const Day as_of = default_as_of(session.log());
  session.tiers(p, as_of); // builds the table once
  int64_t threshold = 30000;
  for (auto _ : state) {
    p.tiers[2].qualify->children[0].threshold = threshold;
    threshold = threshold == 30000 ? 40000 : 30000;
    Tiering t = session.tiers(p, as_of, false);
    benchmark::DoNotOptimize(t.tier.data());
  }
  state.counters["customers"] = static_cast<double>(session.log().customers());
}

void BM_Sweep100Steps(benchmark::State& state) {
  static Session session(imported().log);
  Program p = parse_program(kProgram);
  const Day as_of = default_as_of(session.log());
  session.tiers(p, as_of);
  for (auto _ : state) {
    SweepResult s = session.sweep(p, "Gold", "spend", 10000, 100000, 100, as_of);
    benchmark::DoNotOptimize(s.counts.data());
  }
}

// Auto-tune of three tiers (spec §5b) on a warm session: about 50 re-tiers
// a tier. Each tier is an any of a spend and an orders leaf, like the Bench
// program's, with orders thresholds out of the generated data's reach so that
// every target is reachable on spend.
const char* const kTuneProgram = R"({
  "tierlab": 1, "name": "Bench tune", "currency": "USD",
  "metrics": {
    "spend": { "measure": "net_spend", "window": { "days": 365 } },
    "orders": { "measure": "purchase_count", "window": { "days": 365 } } },
  "tiers": [ { "name": "Bronze" },
    { "name": "Silver", "qualify": { "any": [ { "metric": "spend", "above": 100 }, { "metric": "orders", "at_least": 1000 } ] } },
    { "name": "Gold", "qualify": { "any": [ { "metric": "spend", "above": 300 }, { "metric": "orders", "at_least": 2000 } ] } },
    { "name": "Platinum", "qualify": { "any": [ { "metric": "spend", "above": 1000 }, { "metric": "orders", "at_least": 3000 } ] } } ] })";

void BM_TuneThreeTiers(benchmark::State& state) {
  static Session session(imported().log);
  const Program p = parse_program(kTuneProgram);
  const Day as_of = default_as_of(session.log());
  session.tiers(p, as_of); // builds the table once
  const auto targets = parse_tune_targets("Silver=30%,Gold=10%,Platinum=2%");
  int64_t retiers = 0;
  for (auto _ : state) {
    TuneResult r = tune(session, p, targets, TuneOptions{}, as_of);
    retiers = r.retiers;
    if (!r.tiers[0].reachable || !r.tiers[1].reachable || !r.tiers[2].reachable) state.SkipWithError("unreachable");
    benchmark::DoNotOptimize(r.candidate.tiers.data());
  }
  state.counters["retiers"] = static_cast<double>(retiers);
}

void BM_EvaluateStatus(benchmark::State& state) {
  const Import& im = imported();
  Program p = parse_program(kStatusProgram);
  size_t rows = 0;
  for (auto _ : state) {
    Evaluation e = evaluate(p, im.log, default_as_of(im.log));
    rows = e.rows.size();
    benchmark::DoNotOptimize(e.rows.data());
  }
  state.counters["customers/s"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsIterationInvariantRate);
}

// A status program's re-tier after one threshold move: every customer's walk
// over the cached metric timelines (built once).
void BM_RetierStatusAfterThresholdChange(benchmark::State& state) {
  static Session session(imported().log);
  Program p = parse_program(kStatusProgram);
  const Day as_of = default_as_of(session.log());
  session.tiers(p, as_of);
  int64_t threshold = 30000;
  for (auto _ : state) {
    p.tiers[2].qualify->children[0].threshold = threshold;
    threshold = threshold == 30000 ? 40000 : 30000;
    Tiering t = session.tiers(p, as_of, false);
    benchmark::DoNotOptimize(t.tier.data());
  }
  state.counters["customers"] = static_cast<double>(session.log().customers());
}

} // namespace

BENCHMARK(BM_ImportCsv)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Evaluate)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RetierAfterThresholdChange)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Sweep100Steps)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TuneThreeTiers)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EvaluateStatus)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RetierStatusAfterThresholdChange)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
