#pragma once
// What-if simulation (spec §5): load events once, build metric tables per
// as-of day, re-tier from the tables when thresholds, benefits or tiers change.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tierlab/evaluate.hpp"
#include "tierlab/events.hpp"
#include "tierlab/program.hpp"

namespace tierlab {

// Per-customer tiers of one program at one day, from the metric table.
struct Tiering {
  Day as_of = 0;
  std::vector<uint32_t> customers; // listed customers (log index), id order
  std::vector<int8_t> tier;        // -1 = not enrolled
  std::vector<Fraction> progress;  // toward the next tier ({1,1} at the top); empty unless asked for
  std::vector<uint8_t> near;       // 1: progress to the next tier >= 0.8 (a near miss)
  std::vector<Day> held_until;     // INT32_MIN when none
  std::vector<int8_t> review_tier; // status programs (spec §3b): the tier after the next review, -1 at the first tier
};

struct TierSummary {
  std::string name;
  int64_t customers = 0;
  int64_t near_misses = 0; // customers in this tier with progress >= 0.8 to the next
  Money benefit_cost = 0;  // minor units, rounded half to even once per tier
  int64_t at_risk = 0;     // status programs: customers of this tier at risk (spec §5)
};

struct ProgramSummary {
  std::string program;
  std::vector<TierSummary> tiers;
  int64_t not_enrolled = 0;
  int64_t near_misses = 0;
  Money benefit_cost = 0;                // exact sum rounded once
  std::optional<Money> points_liability; // when the program has points
  std::optional<int64_t> points_balance; // total points outstanding
  int64_t points_expired = 0;            // totals over customers, up to as_of
  int64_t points_forgiven = 0;           // take-backs larger than the balance
  int64_t redeems_rejected = 0;          // redeem rows larger than the balance
  // Status programs (spec §5): enrolled customers whose review_tier is below
  // their tier and whose review day (held_until + 1) is on or before as_of + 30.
  std::optional<int64_t> at_risk;
};

// The days ahead of as_of a review counts as near for at_risk (spec §5).
constexpr Day kAtRiskDays = 30;

struct Kpis {
  int64_t customers = 0;
  Fraction repeat_purchase_rate;           // customers with >= 2 purchases / customers
  Fraction average_purchase_frequency;     // purchases / customers
  Fraction average_lifetime_net_spend;     // minor units per customer (CLV)
  std::optional<Fraction> redemption_rate; // points redeemed / points earned
};

struct SimulationReport {
  Day as_of = 0;
  int64_t customers = 0; // listed customers
  std::string currency;
  int currency_digits = 2;
  ProgramSummary baseline, candidate;
  std::vector<std::string> from, to;           // tier names of baseline / candidate
  std::vector<std::vector<int64_t>> migration; // [from][to], enrolled in both
  int64_t upgrades = 0, downgrades = 0;
  Kpis kpis;
};

struct Mover {
  uint32_t customer = 0;
  int from = -1, to = -1; // tier indexes (-1 not enrolled)
};

struct SweepResult {
  std::string tier, metric;
  std::vector<int64_t> thresholds;          // minor units / counts
  std::vector<std::vector<int64_t>> counts; // [step][tier]
  int64_t not_enrolled = 0;
};

enum class ReplayStep { Day, Week, Month };

struct ReplayPoint {
  Day day = 0;
  std::vector<int64_t> counts; // per tier
  int64_t not_enrolled = 0;
  int64_t customers = 0;                // listed at that day
  int64_t upgrades = 0, downgrades = 0; // against the previous step (customers in both)
  Fraction advancement_rate;            // upgrades / enrolled below the top tier at the previous step
};

struct ReplayResult {
  std::vector<std::string> tiers;
  std::vector<ReplayPoint> points;
};

class Session {
 public:
  explicit Session(EventLog log);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const EventLog& log() const { return log_; }

  // Tiers of every listed customer at as_of. The first call for a set of
  // metric definitions and a day builds the table; later calls that change
  // only thresholds, benefits or tiers are one pass over it.
  // with_progress = false skips the exact progress fractions (near misses are
  // always there): the fast path of a what-if re-tier.
  Tiering tiers(const Program& p, Day as_of, bool with_progress = true);
  SimulationReport simulate(const Program& baseline, const Program& candidate, Day as_of);
  // Customers whose tier differs (sorted by customer id); limit 0 = all.
  std::vector<Mover> movers(const Program& baseline, const Program& candidate, Day as_of, size_t limit = 0);
  // One leaf of one tier: the first leaf of tier `tier` on metric `metric`.
  // steps >= 1 thresholds evenly spaced from `from` to `to` (inclusive).
  SweepResult sweep(const Program& p, const std::string& tier, const std::string& metric, int64_t from, int64_t to,
                    int steps, Day as_of);
  ReplayResult replay(const Program& p, Day from, Day to, ReplayStep step);

  // Metric values at as_of of a listed customer (row of the table).
  std::vector<int64_t> metric_row(const Program& p, uint32_t customer, Day as_of);

  struct Cache; // opaque: metric tables per as-of day (simulate.cpp)

 private:
  EventLog log_;
  std::unique_ptr<Cache> cache_;
};

// Output shared by the CLI and the WebAssembly API (docs/formats.md).
std::string simulation_json(const SimulationReport& r);
std::string simulation_text(const SimulationReport& r);
std::string sweep_json(const Program& p, const SweepResult& s);
std::string sweep_csv(const Program& p, const SweepResult& s);
std::string replay_json(const ReplayResult& r);
std::string replay_csv(const ReplayResult& r);
ReplayStep parse_replay_step(const std::string& s); // throws InputError

} // namespace tierlab
