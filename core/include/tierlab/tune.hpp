#pragma once
// Auto-tune (spec §5b): from a target tier mix to thresholds. For each tier
// named, highest first, one leaf of its qualify condition is moved by
// bisection over whole minor units / counts in [0, 10^15 - 1] until the
// customers at that tier or above are at most the target share of the
// enrolled customers. Budget mode (docs/semantics.md "Auto-tune") scales the
// tuned leaves by one common factor until the benefit cost fits a budget.
// Every step is a re-tier of the Session's cached metric columns.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tierlab/simulate.hpp"

namespace tierlab {

// The search range of a tuned threshold (spec §5b).
constexpr int64_t kTuneMax = 999'999'999'999'999; // 10^15 - 1

// A share of the enrolled customers, exact: num / den in [0, 1].
struct Share {
  int64_t num = 0;
  int64_t den = 1;
  std::string text; // as written ("12.5%", "0.125")
};

// "12.5%" (a percentage) or "0.125" (a fraction), decimals read exactly.
// Throws InputError naming `option` when the text is not a share in 0-100%.
Share parse_share(std::string_view text, const std::string& option = "target");

struct TuneTarget {
  std::string tier;
  Share share;
};

// "Silver=30%,Gold=10%": TIER=SHARE pairs separated by commas. Tier names
// are checked by tune(). Throws InputError naming `option`.
std::vector<TuneTarget> parse_tune_targets(std::string_view text, const std::string& option = "target");

struct TuneOptions {
  std::string metric;          // tune the first leaf on this metric ("" = each tier's first leaf)
  std::optional<Money> budget; // budget mode: benefit cost at or under this (minor units)
};

// One tuned (or scaled) leaf.
struct TierTune {
  std::string tier;
  int tier_index = 0;
  std::string metric;
  int metric_index = -1;
  int leaf = 0; // index of the leaf in the tier's qualify (depth first)
  bool above = false;
  std::optional<Share> target; // none in budget-only mode
  int64_t old_threshold = 0, new_threshold = 0;
  bool reachable = true;
  std::string reason; // why a target is unreachable
  // Customers at this tier or above, with the original and the tuned program.
  int64_t before = 0, after = 0;
  // Customers who crossed this tier's line (at or above in one program only).
  int64_t moved = 0;
  // The tier's retain condition (spec §3b) on the same metric asks for more
  // than the tuned qualify: the note the report prints.
  std::optional<int64_t> retain_above_qualify; // the retain leaf's threshold
};

struct BudgetResult {
  Money budget = 0;
  int64_t factor_permille = 1000; // thresholds x factor_permille / 1000, rounded up
  Money cost_before = 0;          // the original program's benefit cost
  Money cost_targets = 0;         // after the targets (before any scaling)
  Money cost_after = 0;           // the candidate's
  bool met = true;                // cost_after <= budget
  int64_t steps = 0;              // costs computed while searching
};

struct TuneResult {
  Day as_of = 0;
  int64_t customers = 0; // listed
  int64_t enrolled = 0;
  std::vector<TierTune> tiers; // in the order tuned: highest tier first
  Program candidate;           // the tuned program
  int64_t movers = 0;          // customers whose tier differs
  int64_t retiers = 0;         // re-tiers done by the search
  std::optional<BudgetResult> budget;
};

// Tunes `p` on the session's customers at as_of. Throws InputError (option
// "target", "metric" or "budget") for an unknown tier, the first tier, a tier
// without a leaf on the metric, a tier named twice, a negative budget.
TuneResult tune(Session& session, const Program& p, const std::vector<TuneTarget>& targets, const TuneOptions& options,
                Day as_of);

// The leaves tune() would move, highest tier first, with their old
// thresholds; throws the same InputErrors. A caller can check its arguments
// before reading events.
std::vector<TierTune> tune_plan(const Program& p, const std::vector<TuneTarget>& targets, const TuneOptions& options);

// The report (docs/formats.md "tune"): JSON, and a readable table.
// with_candidate adds "candidate": the tuned program (program_to_json).
std::string tune_json(const TuneResult& r, bool with_candidate = false);
std::string tune_text(const TuneResult& r);

} // namespace tierlab
