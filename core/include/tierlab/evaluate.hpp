#pragma once
// Tier, progress, held_until and points of customers at an as-of day (spec §3, §4).
#include <climits>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tierlab/events.hpp"
#include "tierlab/program.hpp"
#include "tierlab/rules.hpp"

namespace tierlab {

std::string format_fraction(Fraction f, int decimals);            // rounded half to even
void append_fraction(std::string& out, Fraction f, int decimals); // the same, appended to out
int percent_floor(Fraction f);                                    // 0..100, for bars

struct LeafProgress {
  int metric = -1;
  bool above = false;
  int64_t threshold = 0;
  int64_t value = 0;
  int64_t target = 0;    // threshold (+1 unit for "above")
  int64_t remaining = 0; // max(0, target - value)
  Fraction progress;
};

// Progress of a condition tree: the node's own progress, and the leaf that
// decides it (the best child of an `any`, the worst of an `all`).
struct ConditionProgress {
  Fraction progress;
  int64_t remaining = 0;
  int deciding_leaf = -1;           // index into leaves
  std::vector<LeafProgress> leaves; // every leaf, depth first
};

struct CustomerStatus {
  uint32_t customer = 0;
  bool enrolled = false;
  int tier = -1;      // -1 when not enrolled
  int next_tier = -1; // -1 at the top tier or when not enrolled
  Fraction progress;  // toward next_tier; 1 at the top tier
  std::optional<Day> held_until;
  // With a status block (spec §3b), above the first tier: the tier after the
  // review on held_until + 1 if nothing happens after as_of, and the progress
  // of keep(tier) on the metrics at held_until (keeps: it holds exactly).
  int review_tier = -1;
  Fraction keep_progress;
  bool keeps = false;
};

// A customer's metric values over time (rules.hpp TimelineView), owned.
struct MetricTimeline {
  Day first = 0;
  std::vector<Day> day;
  std::vector<int64_t> values;
  TimelineView view() const { return {first, day.data(), values.data(), day.size()}; }
};

struct PointsState {
  int64_t balance = 0;
  int64_t earned = 0;
  int64_t redeemed = 0;
  int64_t taken_back = 0;
  int64_t expired = 0;
  int64_t forgiven = 0;         // take-back points beyond the balance
  int64_t rejected_redeems = 0; // redeem rows larger than the balance
  int64_t rejected_points = 0;
  struct Lot {
    Day earned_on;
    int64_t points;
    std::optional<Day> expires_on; // first day it is gone
  };
  std::vector<Lot> lots; // unexpired, oldest first
};

// The points a purchase of `amount` minor units earns (spec §4): amount x
// per_currency_unit, truncated toward zero; nullopt beyond ±kMaxValue. The
// one place the rate is applied (evaluate, the cart preview).
class PointsRate {
 public:
  PointsRate(const PointsRules& r, int currency_digits);
  std::optional<int64_t> of(int64_t amount) const {
    // An amount and a rate within 32 bits multiply exactly in 64 bits: no
    // 128-bit division (a library call in wasm) for the usual purchase.
    if (narrow_ && amount >= INT32_MIN && amount <= INT32_MAX) return amount * per_unit_scaled_ / unit_den_;
    return wide(amount);
  }

 private:
  std::optional<int64_t> wide(int64_t amount) const;
  int64_t per_unit_scaled_;
  int64_t unit_den_;
  bool narrow_;
};

// What a points balance is worth in minor units (value.money per value.points,
// rounded half to even); nullopt when the program gives points no value.
std::optional<Money> points_value(const PointsRules& r, int64_t balance);

// The rewards of the catalogue a balance can pay for now (catalogue order).
std::vector<Reward> redeemable_rewards(const Program& p, int64_t balance);

// Precomputed per (program, log): lookups by kind id. Cheap; build once.
class Evaluator {
 public:
  // Keeps references to both: they must outlive the Evaluator (no temporaries).
  Evaluator(const Program& program, const EventLog& log);
  Evaluator(Program&&, const EventLog&) = delete;
  Evaluator(const Program&, EventLog&&) = delete;

  const Program& program() const { return program_; }
  const EventLog& log() const { return log_; }
  const TierRules& rules() const { return rules_; }

  // False when the customer has no event on or before `as_of`.
  bool listed(uint32_t customer, Day as_of) const noexcept;
  CustomerStatus status(uint32_t customer, Day as_of) const;
  // The same, given the customer's metric values at as_of (from metrics()).
  CustomerStatus status(uint32_t customer, Day as_of, const int64_t* metrics_at_as_of) const;
  // Metric values at `as_of` (program order). Throws InputError naming the
  // customer when a value leaves ±kMaxValue.
  void metrics(uint32_t customer, Day as_of, int64_t* out) const;
  std::vector<int64_t> metrics(uint32_t customer, Day as_of) const;
  PointsState points(uint32_t customer, Day as_of) const;
  // Purchases dated on or before as_of that count only later (qualify delay):
  // (day they start to count, amount).
  std::vector<std::pair<Day, int64_t>> pending_purchases(uint32_t customer, Day as_of) const;

  // The days on which qualified(d) must be checked to know the best tier
  // over [lo, as_of] (spec §3 hint): D and each day before a change day.
  std::vector<Day> candidate_days(uint32_t customer, Day lo, Day as_of) const;
  // First counted day (first join when enrollment is required, else first
  // event), if any on or before as_of.
  std::optional<Day> first_counted_day(uint32_t customer, Day as_of) const noexcept;
  bool enrolled(uint32_t customer, Day as_of) const noexcept;

  // Status programs (spec §3b): the metric values from the first counted day
  // on, at each change day, from the events on or before as_of (rows after
  // as_of included, up to the last change those events make). Empty when
  // the customer has no counted day. Throws InputError like metrics().
  void timeline(uint32_t customer, Day as_of, MetricTimeline& out) const;
  // The walk of §3b at as_of; keep_values as walk_status's.
  StatusOutcome status_walk(uint32_t customer, Day as_of, int64_t* keep_values = nullptr) const;

 private:
  const Program& program_;
  const EventLog& log_;
  TierRules rules_;
  std::vector<int64_t> engagement_by_kind_;
  std::vector<int64_t> points_by_kind_;
  std::vector<int> metric_kind_; // event_count: kind id (-1: never seen)
  uint32_t end_of(uint32_t customer, Day as_of) const noexcept;
};

// Conveniences over rules.hpp for one-off questions (each compiles the
// condition; loops compile a TierRules / Rule once and ask it).
// The qualified tier index (the highest tier whose condition holds, else 0).
int qualified_tier(const Program& p, const int64_t* metric_values);
bool holds(const Condition& c, const int64_t* metric_values);
// Progress with every leaf's detail and the deciding leaf.
ConditionProgress condition_progress(const Condition& c, const int64_t* metric_values);
Fraction progress_of(const Condition& c, const int64_t* metric_values);
// The tier status for metric values sent by a shop backend (no history, so no
// retention): tier = qualified, progress toward the next.
CustomerStatus status_from_metrics(const Program& p, const int64_t* metric_values);

// Every listed customer at as_of, in customer_id byte order.
struct Evaluation {
  Day as_of = 0;
  size_t metric_count = 0;
  std::vector<CustomerStatus> rows;
  std::vector<int64_t> metric_values;  // rows.size() x metric_count
  std::vector<int64_t> points_balance; // per row, when the program has points
};
// threads: 0 = one per core for a large log, n = n (results do not depend on it).
Evaluation evaluate(const Program& p, const EventLog& log, Day as_of, int threads = 1);

// spec §6: customer_id,enrolled,tier,tier_index,next_tier,progress,held_until,<metrics>[,points_balance]
std::string evaluation_csv(const Program& p, const EventLog& log, const Evaluation& e, int threads = 1);
// The same bytes handed to `write` piece by piece, in order (no second copy of a large output).
void write_evaluation_csv(const Program& p, const EventLog& log, const Evaluation& e, int threads,
                          const std::function<void(std::string_view)>& write);
// evaluate + write_evaluation_csv for every customer, a batch at a time (the
// whole Evaluation is never held: the CLI's large runs).
void write_evaluation_csv(const Program& p, const EventLog& log, Day as_of, int threads,
                          const std::function<void(std::string_view)>& write);
std::string evaluation_json(const Program& p, const EventLog& log, const Evaluation& e);

// The as-of default: the last event date in the log.
Day default_as_of(const EventLog& log);

} // namespace tierlab
