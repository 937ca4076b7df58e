// One threshold swept over many values in one pass over the customers.
#include <algorithm>
#include <climits>

#include "simulate/cache.hpp"
#include "tierlab/error.hpp"

namespace tierlab {
using namespace session_cache;

namespace {
// The leaf-th leaf of a condition, depth first (the order of Rule::leaves).
Condition* nth_leaf(Condition& c, int& leaf) {
  if (c.op == Condition::Op::Leaf) return leaf-- == 0 ? &c : nullptr;
  for (Condition& child : c.children)
    if (Condition* found = nth_leaf(child, leaf)) return found;
  return nullptr;
}
} // namespace

SweepResult Session::sweep(const Program& p, const std::string& tier_name, const std::string& metric_name, int64_t from,
                           int64_t to, int steps, Day as_of) {
  cache_->trim();
  const int tier = p.tier_index(tier_name);
  if (tier < 0) throw option_error("tier", "unknown_tier", "no tier \"" + tier_name + "\" in the program");
  if (tier == 0)
    throw option_error("tier", "first_tier", "\"" + tier_name + "\" is the first tier and has no threshold");
  const int metric = p.metric_index(metric_name);
  if (metric < 0) throw option_error("metric", "unknown_metric", "no metric \"" + metric_name + "\" in the program");
  const TierRules rules(p);
  const Rule& moved = rules.qualify[static_cast<size_t>(tier)];
  const int leaf = moved.first_leaf_on(metric);
  if (leaf < 0)
    throw option_error("metric", "no_leaf", "tier \"" + tier_name + "\" has no condition on \"" + metric_name + "\"");
  if (steps < 1 || steps > 100000) throw option_error("steps", "limit", "expected 1 to 100000");

  SweepResult res;
  res.tier = tier_name;
  res.metric = metric_name;
  for (int i = 0; i < steps; ++i)
    res.thresholds.push_back(
        steps == 1 ? from : from + static_cast<int64_t>((static_cast<__int128>(to) - from) * i / (steps - 1)));

  if (p.status) {
    // A status tier need not fall as its threshold rises (a term started
    // earlier may now be held longer), so each step is a re-tier of its own.
    Program moved_program = p;
    int nth = leaf;
    Condition* moving = nth_leaf(*moved_program.tiers[static_cast<size_t>(tier)].qualify, nth);
    for (int64_t threshold : res.thresholds) {
      moving->threshold = threshold;
      const Tiering t = tiers(moved_program, as_of, false);
      std::vector<int64_t> counts(p.tiers.size(), 0);
      res.not_enrolled = 0;
      for (int8_t x : t.tier) {
        if (x < 0) ++res.not_enrolled;
        else ++counts[static_cast<size_t>(x)];
      }
      res.counts.push_back(std::move(counts));
    }
    return res;
  }

  Cache& cache = *cache_;
  const auto& rows = listing(cache, log_, as_of);
  const auto& en = enrolled(cache, log_, p, as_of);
  const auto& values = table(cache, log_, p, as_of);
  const Cache::Retention* ret = p.retention_days > 0 ? &retention(cache, log_, p, as_of) : nullptr;
  const size_t nm = p.metrics.size(), nt = p.tiers.size();

  // Each customer's tier is a non-increasing step function of the threshold:
  // on a day with leaf value v the leaf holds while its target is at most v,
  // i.e. while the threshold is below the "drop point": v + 1 for at_least,
  // v for above (the target is the threshold + 1). The tier on either side
  // comes from the program with the leaf fixed true or false.
  const int64_t drop_offset =
      1 - (moved.leaves()[static_cast<size_t>(leaf)].target - moved.leaves()[static_cast<size_t>(leaf)].threshold);
  TierRules leaf_true = rules, leaf_false = rules;
  leaf_true.qualify[static_cast<size_t>(tier)] = moved.with_leaf_fixed(static_cast<size_t>(leaf), true);
  leaf_false.qualify[static_cast<size_t>(tier)] = moved.with_leaf_fixed(static_cast<size_t>(leaf), false);
  std::vector<int64_t> base(nt, 0);
  struct Change {
    int64_t at;
    int8_t from, to;
  };
  std::vector<Change> changes;
  struct DayPoint {
    int64_t drop;
    int t_true, t_false;
  };
  std::vector<DayPoint> pts;
  std::vector<int> suffix;
  for (size_t r = 0; r < rows.size(); ++r) {
    if (!en[r]) {
      ++res.not_enrolled;
      continue;
    }
    pts.clear();
    auto add_day = [&](const int64_t* v) {
      pts.push_back({v[metric] + drop_offset, leaf_true.qualified_tier(v), leaf_false.qualified_tier(v)});
    };
    if (ret)
      for (uint32_t i = ret->begin[r]; i < ret->begin[r + 1]; ++i)
        add_day(ret->values.data() + static_cast<size_t>(i) * nm);
    else add_day(values.data() + r * nm);
    if (pts.size() == 1) { // no retention: one day, at most one change
      ++base[static_cast<size_t>(pts[0].t_true)];
      if (pts[0].t_false != pts[0].t_true)
        changes.push_back({pts[0].drop, static_cast<int8_t>(pts[0].t_true), static_cast<int8_t>(pts[0].t_false)});
      continue;
    }
    std::sort(pts.begin(), pts.end(), [](const DayPoint& x, const DayPoint& y) { return x.drop < y.drop; });
    // suffix max of t_true (days still holding), prefix max of t_false (days dropped)
    suffix.assign(pts.size() + 1, 0);
    for (size_t i = pts.size(); i-- > 0;) suffix[i] = std::max(suffix[i + 1], pts[i].t_true);
    int current = suffix[0], dropped_max = 0;
    ++base[static_cast<size_t>(current)];
    for (size_t i = 0; i < pts.size();) {
      size_t j = i;
      while (j < pts.size() && pts[j].drop == pts[i].drop) dropped_max = std::max(dropped_max, pts[j++].t_false);
      int next = std::max(suffix[j], dropped_max);
      if (next != current) changes.push_back({pts[i].drop, static_cast<int8_t>(current), static_cast<int8_t>(next)});
      current = next;
      i = j;
    }
  }
  // Each change applies from the first step whose threshold reaches it: a
  // binary search over the (few) sorted steps, then a running sum.
  std::vector<size_t> order(res.thresholds.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) { return res.thresholds[x] < res.thresholds[y]; });
  std::vector<int64_t> sorted(order.size());
  for (size_t i = 0; i < order.size(); ++i) sorted[i] = res.thresholds[order[i]];
  std::vector<std::vector<int64_t>> delta(order.size() + 1, std::vector<int64_t>(nt, 0));
  for (const Change& c : changes) {
    size_t k = static_cast<size_t>(std::lower_bound(sorted.begin(), sorted.end(), c.at) - sorted.begin());
    --delta[k][static_cast<size_t>(c.from)];
    ++delta[k][static_cast<size_t>(c.to)];
  }
  res.counts.assign(res.thresholds.size(), {});
  std::vector<int64_t> counts = base;
  for (size_t i = 0; i < order.size(); ++i) {
    for (size_t t = 0; t < nt; ++t) counts[t] += delta[i][t];
    res.counts[order[i]] = counts;
  }
  return res;
}

} // namespace tierlab
