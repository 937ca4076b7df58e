// Auto-tune (spec §5b) and its budget mode (docs/semantics.md "Auto-tune").
// Every step goes through Session::tiers (the re-tier of the cached metric
// columns) or Session::simulate (benefit cost): no full re-evaluation, and
// whatever tiering rules the Session follows (retention, status terms), the
// search follows too.
#include "tierlab/tune.hpp"

#include <algorithm>
#include <concepts>

#include "tierlab/error.hpp"
#include "tierlab/rules.hpp"

namespace tierlab {

namespace {

[[noreturn]] void fail(const std::string& option, const std::string& code, const std::string& reason) {
  throw option_error(option, code, reason);
}

// The i-th leaf (depth first, the order of Rule::leaves()) of a condition.
template <class C> C* nth_leaf(C& c, int& i) {
  if (c.op == Condition::Op::Leaf) return i-- == 0 ? &c : nullptr;
  for (C& child : c.children)
    if (C* found = nth_leaf(child, i)) return found;
  return nullptr;
}

Condition& leaf_of(Program& p, int tier, int leaf) {
  int i = leaf;
  Condition* c = nth_leaf(*p.tiers[static_cast<size_t>(tier)].qualify, i);
  if (!c) throw std::logic_error("tune: no leaf " + std::to_string(leaf)); // Rule and Condition agree on leaves
  return *c;
}

// A tier's written retain condition (spec §3b), or none.
const Condition* retain_of(const Tier& tier) { return tier.retain ? &*tier.retain : nullptr; }

int64_t at_or_above(const Tiering& t, int tier) {
  int64_t n = 0;
  for (int8_t x : t.tier) n += x >= tier;
  return n;
}

// count <= share x enrolled, exactly.
bool within(int64_t count, const Share& s, int64_t enrolled) {
  return static_cast<__int128>(count) * s.den <= static_cast<__int128>(s.num) * enrolled;
}

std::string percent(int64_t count, int64_t enrolled) {
  return format_fraction({count * 100, std::max<int64_t>(1, enrolled)}, 2) + "%";
}

// A threshold scaled by k / 1000, rounded up to a whole unit, capped at the
// search's top; thresholds at or below 0 stay (no factor moves them).
int64_t scaled(int64_t threshold, int64_t permille) {
  if (threshold <= 0) return threshold;
  const __int128 v = (static_cast<__int128>(threshold) * permille + 999) / 1000;
  return static_cast<int64_t>(std::min<__int128>(v, kTuneMax));
}

// The leaf a tier's tune moves: the first on `metric`, else the first.
TierTune pick_leaf(const Program& p, const TierRules& rules, const std::string& tier_name, const std::string& metric) {
  const int t = p.tier_index(tier_name);
  if (t < 0) fail("target", "unknown_tier", "no tier \"" + tier_name + "\" in the program");
  if (t == 0) fail("target", "first_tier", "\"" + tier_name + "\" is the first tier and has no threshold");
  const Rule& rule = rules.qualify[static_cast<size_t>(t)];
  int leaf = 0;
  if (!metric.empty()) {
    const int m = p.metric_index(metric);
    if (m < 0) fail("metric", "unknown_metric", "no metric \"" + metric + "\" in the program");
    leaf = rule.first_leaf_on(m);
    if (leaf < 0) fail("metric", "no_leaf", "tier \"" + tier_name + "\" has no condition on \"" + metric + "\"");
  }
  const Rule::Leaf& l = rule.leaves()[static_cast<size_t>(leaf)];
  TierTune tt;
  tt.tier = tier_name;
  tt.tier_index = t;
  tt.metric_index = l.metric;
  tt.metric = p.metrics[static_cast<size_t>(l.metric)].name;
  tt.leaf = leaf;
  int i = leaf;
  tt.above = nth_leaf(*p.tiers[static_cast<size_t>(t)].qualify, i)->above;
  tt.old_threshold = tt.new_threshold = l.threshold;
  return tt;
}

class Tuner {
 public:
  Tuner(Session& s, const Program& p, Day as_of) : session_(s), original_(p), as_of_(as_of), candidate_(p) {}

  Program& candidate() { return candidate_; }
  int64_t retiers = 0;

  Tiering tiers(const Program& p) {
    ++retiers;
    return session_.tiers(p, as_of_, false);
  }

  // §5b for one tier: the crossing X with ok(X) and (X = 0 or not ok(X - 1)).
  void tune_tier(TierTune& tt, int64_t enrolled) {
    Condition& leaf = leaf_of(candidate_, tt.tier_index, tt.leaf);
    auto ok = [&](int64_t x) {
      leaf.threshold = x;
      return within(at_or_above(tiers(candidate_), tt.tier_index), *tt.target, enrolled);
    };
    if (!ok(kTuneMax)) {
      const int64_t stuck = at_or_above(tiers(candidate_), tt.tier_index);
      leaf.threshold = tt.old_threshold;
      tt.reachable = false;
      tt.reason = "even at " + format_metric_value(candidate_, tt.metric_index, kTuneMax) + " on " + tt.metric + ", " +
                  std::to_string(stuck) + (stuck == 1 ? " customer (" : " customers (") + percent(stuck, enrolled) +
                  (stuck == 1 ? ") is at " : ") are at ") + tt.tier + " or above, more than " + tt.target->text +
                  ": other conditions of " + tt.tier + " or a higher tier put them there";
      return;
    }
    int64_t hi = kTuneMax; // ok(hi)
    if (ok(0)) {
      hi = 0;
    } else {
      int64_t lo = 0; // not ok(lo)
      while (hi - lo > 1) {
        const int64_t mid = lo + (hi - lo) / 2;
        (ok(mid) ? hi : lo) = mid;
      }
    }
    leaf.threshold = hi;
    tt.new_threshold = hi;
  }

  // Budget mode: the least factor k / 1000 in [k_min, 10^6] applied to the
  // leaves' current thresholds with cost(k) <= budget and (k = k_min or
  // cost(k - 1) > budget). Unmet: the thresholds stay where they were.
  BudgetResult fit_budget(std::vector<TierTune>& leaves, Money budget, int64_t k_min) {
    BudgetResult b;
    b.budget = budget;
    std::vector<int64_t> base;
    for (const TierTune& tt : leaves) base.push_back(leaf_of(candidate_, tt.tier_index, tt.leaf).threshold);
    auto apply = [&](int64_t k) {
      for (size_t i = 0; i < leaves.size(); ++i)
        leaf_of(candidate_, leaves[i].tier_index, leaves[i].leaf).threshold = scaled(base[i], k);
    };
    auto cost = [&](int64_t k) {
      apply(k);
      ++b.steps;
      return session_.simulate(original_, candidate_, as_of_).candidate.benefit_cost;
    };
    b.cost_before = session_.simulate(original_, original_, as_of_).baseline.benefit_cost;
    b.cost_targets = session_.simulate(original_, candidate_, as_of_).candidate.benefit_cost;
    constexpr int64_t kMaxPermille = 1'000'000;
    int64_t k = k_min;
    if (cost(k_min) > budget) {
      if (cost(kMaxPermille) > budget) {
        b.met = false;
        k = 1000;
      } else {
        int64_t lo = k_min, hi = kMaxPermille; // cost(lo) > budget >= cost(hi)
        while (hi - lo > 1) {
          const int64_t mid = lo + (hi - lo) / 2;
          (cost(mid) <= budget ? hi : lo) = mid;
        }
        k = hi;
      }
    }
    apply(k);
    b.factor_permille = k;
    b.cost_after = session_.simulate(original_, candidate_, as_of_).candidate.benefit_cost;
    for (size_t i = 0; i < leaves.size(); ++i)
      leaves[i].new_threshold = leaf_of(candidate_, leaves[i].tier_index, leaves[i].leaf).threshold;
    return b;
  }

 private:
  Session& session_;
  const Program& original_;
  Day as_of_;
  Program candidate_;
};

} // namespace

Share parse_share(std::string_view text, const std::string& option) {
  const std::string shown(text);
  auto bad = [&](const std::string& why) -> Share { fail(option, "share", "share \"" + shown + "\": " + why); };
  const bool pct = !text.empty() && text.back() == '%';
  if (pct) text.remove_suffix(1);
  int64_t num = 0, den = 1;
  int digits = 0;
  bool point = false, any = false;
  for (char c : text) {
    if (c == '.' && !point) {
      point = true;
    } else if (c >= '0' && c <= '9') {
      if (++digits > 15) return bad("too many digits");
      num = num * 10 + (c - '0');
      if (point) den *= 10;
      any = true;
    } else {
      return bad("expected a percentage like 12.5% or a fraction like 0.125");
    }
  }
  if (!any || (point && den == 1)) return bad("expected a percentage like 12.5% or a fraction like 0.125");
  if (pct) den *= 100;
  if (num > den) return bad(pct ? "above 100%" : "above 1 (write " + shown + "% for a percentage)");
  return Share{num, den, shown};
}

std::vector<TuneTarget> parse_tune_targets(std::string_view text, const std::string& option) {
  std::vector<TuneTarget> out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    const std::string_view pair = text.substr(start, comma - start);
    const size_t eq = pair.rfind('=');
    // Spaces around a name or a share are not part of it ("Gold = 10%").
    auto trim = [](std::string_view s) {
      while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
      while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
      return s;
    };
    if (eq == std::string_view::npos || trim(pair.substr(0, eq)).empty())
      fail(option, "target", "expected TIER=SHARE (Gold=10%), got \"" + std::string(pair) + "\"");
    out.push_back({std::string(trim(pair.substr(0, eq))), parse_share(trim(pair.substr(eq + 1)), option)});
    start = comma + 1;
  }
  return out;
}

std::vector<TierTune> tune_plan(const Program& p, const std::vector<TuneTarget>& targets, const TuneOptions& options) {
  if (targets.empty() && !options.budget) fail("target", "no_target", "no target share and no budget");
  if (options.budget && *options.budget < 0) fail("budget", "budget", "a budget cannot be negative");
  const TierRules rules(p);
  TuneResult r;
  for (const TuneTarget& target : targets) {
    TierTune tt = pick_leaf(p, rules, target.tier, options.metric);
    tt.target = target.share;
    for (const TierTune& other : r.tiers)
      if (other.tier_index == tt.tier_index) fail("target", "duplicate_tier", "tier \"" + tt.tier + "\" named twice");
    r.tiers.push_back(std::move(tt));
  }
  // Budget only: every tier above the first that has the leaf.
  if (targets.empty())
    for (int t = 1; t < static_cast<int>(p.tiers.size()); ++t) {
      const Rule& rule = rules.qualify[static_cast<size_t>(t)];
      const int m = options.metric.empty() ? -1 : p.metric_index(options.metric);
      if (!options.metric.empty() && m < 0)
        fail("metric", "unknown_metric", "no metric \"" + options.metric + "\" in the program");
      if (m >= 0 && rule.first_leaf_on(m) < 0) continue;
      r.tiers.push_back(pick_leaf(p, rules, p.tiers[static_cast<size_t>(t)].name, options.metric));
    }
  if (r.tiers.empty())
    fail("metric", "no_leaf", "no tier has a condition on \"" + options.metric + "\": nothing for the budget to move");
  // Highest first: a tier's share at or above depends on its own and higher
  // tiers' conditions only.
  std::stable_sort(r.tiers.begin(), r.tiers.end(),
                   [](const TierTune& a, const TierTune& b) { return a.tier_index > b.tier_index; });
  return std::move(r.tiers);
}

TuneResult tune(Session& session, const Program& p, const std::vector<TuneTarget>& targets, const TuneOptions& options,
                Day as_of) {
  TuneResult r;
  r.as_of = as_of;
  r.tiers = tune_plan(p, targets, options);

  Tuner tuner(session, p, as_of);
  const Tiering before = tuner.tiers(p);
  r.customers = static_cast<int64_t>(before.tier.size());
  r.enrolled = r.customers - std::count(before.tier.begin(), before.tier.end(), int8_t{-1});
  for (TierTune& tt : r.tiers)
    if (tt.target) tuner.tune_tier(tt, r.enrolled);

  if (options.budget) {
    std::vector<TierTune> scaled_leaves;
    for (const TierTune& tt : r.tiers)
      if (tt.reachable) scaled_leaves.push_back(tt);
    r.budget = tuner.fit_budget(scaled_leaves, *options.budget, targets.empty() ? 1 : 1000);
    for (TierTune& tt : r.tiers)
      for (const TierTune& s : scaled_leaves)
        if (s.tier_index == tt.tier_index) tt.new_threshold = s.new_threshold;
  }

  const Tiering after = tuner.tiers(tuner.candidate());
  for (size_t i = 0; i < after.tier.size(); ++i) r.movers += after.tier[i] != before.tier[i];
  for (TierTune& tt : r.tiers) {
    tt.before = at_or_above(before, tt.tier_index);
    tt.after = at_or_above(after, tt.tier_index);
    for (size_t i = 0; i < after.tier.size(); ++i)
      tt.moved += (after.tier[i] >= tt.tier_index) != (before.tier[i] >= tt.tier_index);
    // The retain note (§5b): retain is not tuned; say when it now asks more.
    if (const Condition* retain = retain_of(p.tiers[static_cast<size_t>(tt.tier_index)])) {
      const Rule kept(*retain);
      const int leaf = kept.first_leaf_on(tt.metric_index);
      const int64_t tuned_target = leaf_target(leaf_of(tuner.candidate(), tt.tier_index, tt.leaf));
      if (leaf >= 0 && kept.leaves()[static_cast<size_t>(leaf)].target > tuned_target)
        tt.retain_above_qualify = kept.leaves()[static_cast<size_t>(leaf)].threshold;
    }
  }
  r.retiers = tuner.retiers;
  r.candidate = std::move(tuner.candidate());
  return r;
}

} // namespace tierlab
