#pragma once
// The tier rule, compiled once (spec §3, §4). A program's qualify conditions
// become `Rule`s: leaves as "metric value >= target" with the `above` rule
// applied once (leaf_target), and a tree of any / all over them. Everything
// that tiers a customer — evaluate, the simulation's re-tier passes, the
// sweep, progress, retention, the cart preview — asks these, so each rule has
// one definition:
//   the tier rule ............ TierRules::qualified_tier, Rule::holds
//   progress ................. leaf_progress, Rule::progress
//   `above` = threshold + 1 .. leaf_target
//   a near miss (>= 0.8) ..... near_target, Rule::near
//   retention's best tier .... retained_tier
//   status terms (§3b) ....... term_end / term_next, TierRules::keep,
//                              walk_status (the walk, its review and look-ahead)
// The vectorised passes in simulate/ are implementations of the same rules,
// held to them by differential tests.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "tierlab/date.hpp"
#include "tierlab/program.hpp"

namespace tierlab {

// An exact ratio num/den with den > 0 (progress is in [0, 1]).
struct Fraction {
  int64_t num = 0;
  int64_t den = 1;
};
int compare(Fraction a, Fraction b) noexcept; // -1, 0, 1

// The least value that satisfies a leaf: its threshold, plus one minor unit
// (or one count) when the leaf says `above`.
int64_t leaf_target(const Condition& leaf) noexcept;

// Progress of one value toward a target: value / target clamped to [0, 1]
// when the target is positive, else 1 when met and 0 when not.
Fraction leaf_progress(int64_t value, int64_t target) noexcept;

// The least value whose leaf_progress is >= 0.8 (a near miss): for a
// positive target T, ceil(4T / 5); otherwise T itself.
int64_t near_target(int64_t target) noexcept;

// One qualify condition, compiled.
class Rule {
 public:
  struct Leaf {
    int metric = -1;
    int64_t target = 0;    // the leaf holds when value >= target
    int64_t threshold = 0; // as written (target = leaf_target of it)
  };

  Rule() = default;
  explicit Rule(const Condition& c);

  bool holds(const int64_t* metric_values) const noexcept;
  // The progress of the condition: a leaf's leaf_progress; the best child
  // of an `any`, the worst of an `all` (the first one on a tie).
  Fraction progress(const int64_t* metric_values) const noexcept;
  // The leaf whose progress that is (an index into leaves()).
  int deciding_leaf(const int64_t* metric_values) const noexcept;

  // Leaves in depth-first order (the order of the Condition's leaves).
  const std::vector<Leaf>& leaves() const { return leaves_; }
  // A leaf, or an any / all of leaves: the shape the block passes take.
  bool flat() const noexcept;
  bool any() const noexcept; // flat: the leaves are or-ed (a single leaf counts as any)

  // The first leaf (depth first) on a metric, or -1.
  int first_leaf_on(int metric) const noexcept;
  // This rule with leaf i always true / always false (the sweep's two
  // extremes of a moving threshold).
  Rule with_leaf_fixed(size_t leaf, bool value) const;
  // This rule with each leaf's target at its near_target: it holds exactly
  // when progress() >= 0.8.
  Rule near() const;

 private:
  enum class Op : uint8_t { Leaf, Any, All, True, False };
  struct Node {
    Op op = Op::Leaf;
    uint32_t first = 0; // Leaf: index into leaves_; Any / All: first child node
    uint32_t count = 0; // Any / All: children (contiguous from `first`)
  };
  std::vector<Node> nodes_; // node 0 is the root
  std::vector<Leaf> leaves_;
  // A leaf or an any / all of leaves (flat()), asked without the tree walk.
  enum class Shape : uint8_t { Tree, FlatAny, FlatAll };
  Shape shape_ = Shape::Tree;
  void compile(const Condition& c, uint32_t slot);
  bool holds_node(uint32_t n, const int64_t* v) const noexcept;
  struct Decided {
    Fraction progress;
    int leaf = -1;
  };
  Decided decide(uint32_t n, const int64_t* v) const noexcept;
};

// Every tier's rule. qualify[t] is tier t's condition (qualify[0] is empty:
// the first tier has none).
struct TierRules {
  TierRules() = default;
  explicit TierRules(const Program& p);

  std::vector<Rule> qualify;
  // With a status block (spec §3b), else empty: keep[t] is what keeps tier t
  // at a review, {"any": [qualify(t), retain(t)]} (qualify(t) alone when the
  // tier has no retain, its default).
  std::vector<Rule> keep;
  std::optional<StatusRules> status;
  // Metrics measuring tenure_days, and every positive leaf target on them
  // (ascending, unique): the walk's tenure crossings are first + target.
  std::vector<int> tenure_metrics;
  std::vector<int64_t> tenure_targets;
  size_t metric_count = 0;

  int top() const noexcept { return static_cast<int>(qualify.size()) - 1; }
  // The highest tier whose condition holds, else 0.
  int qualified_tier(const int64_t* metric_values) const noexcept;
  // Progress toward tier + 1 ({1, 1} at the top tier).
  Fraction progress_from(int tier, const int64_t* metric_values) const noexcept;
};

// Retention (spec §3): given the tier qualified on each candidate day of the
// last `retention_days` (days ascending), the tier kept is the best of them,
// held until the last day it was qualified for + retention_days - 1.
struct Retained {
  int tier = 0;
  std::optional<Day> held_until; // none when the tier is the first
};
Retained retained_tier(std::span<const Day> days, std::span<const int> qualified, int32_t retention_days) noexcept;

// ---- Tier status terms (spec §3b) ----

// What keeps a tier at a review: {"any": [qualify, retain]}, or its qualify
// alone when it has no retain (retain's default). Tiers after the first only.
Condition keep_condition(const Tier& tier);

// The last day of a term started by an upgrade on `start` (days: start + N - 1;
// calendar: the end of the period `plus` periods after the one holding start).
Day term_end(const StatusRules& s, Day start) noexcept;
// The last day of a term renewed (or started by a downgrade) at a review on
// `review`: one term, whatever `plus` is.
Day term_next(const StatusRules& s, Day review) noexcept;

// One customer's metric values over time, the input of the status walk:
// row i (metric_count values, tenure_days columns left 0) holds from day[i]
// to day[i + 1] - 1, the last row from its day on. day[0] is `first`, the
// customer's first counted day; rows after as_of come from the events on or
// before as_of only (windows rolling on, delayed purchases starting to count).
struct TimelineView {
  Day first = 0;
  const Day* day = nullptr;
  const int64_t* values = nullptr;
  size_t rows = 0;
};

struct StatusOutcome {
  int tier = 0;
  std::optional<Day> held_until; // the term's end; none at the first tier
  int review_tier = -1;          // look-ahead: the tier at the end of held_until + 1 (-1 at the first tier)
};

// The walk of §3b from the first counted day to as_of: on each day a review
// (the day after a term ends, on the metrics at its last day) then an
// upgrade. It jumps between change days, review days and tenure crossings.
// With keep_values (metric_count values), it also looks ahead: it continues
// to held_until + 1 for review_tier and writes the metric values at
// held_until into keep_values (untouched at the first tier).
StatusOutcome walk_status(const TierRules& rules, const TimelineView& timeline, Day as_of,
                          int64_t* keep_values = nullptr) noexcept;

} // namespace tierlab
