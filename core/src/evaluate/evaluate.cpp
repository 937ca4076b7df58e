// Every customer at a day, on threads; and the Condition-tree conveniences.
#include "tierlab/evaluate.hpp"

#include <algorithm>
#include <climits>

#include "evaluate/evaluate_range.hpp"
#include "log_builder.hpp" // reserve_column
#include "parallel.hpp"

namespace tierlab {

std::string format_fraction(Fraction f, int decimals) {
  std::string s;
  append_fraction(s, f, decimals);
  return s;
}

void append_fraction(std::string& out, Fraction f, int decimals) {
  append_decimal(out, div_round_half_even(static_cast<__int128>(f.num) * pow10i(decimals), f.den), decimals);
}

int percent_floor(Fraction f) {
  __int128 p = static_cast<__int128>(f.num) * 100 / f.den;
  return static_cast<int>(std::clamp<__int128>(p, 0, 100));
}

// ---- conditions: the Condition-tree entry points compile a Rule (rules.hpp) ----

bool holds(const Condition& c, const int64_t* v) { return Rule(c).holds(v); }

int qualified_tier(const Program& p, const int64_t* v) { return TierRules(p).qualified_tier(v); }

Fraction progress_of(const Condition& c, const int64_t* v) { return Rule(c).progress(v); }

ConditionProgress condition_progress(const Condition& c, const int64_t* v) {
  const Rule rule(c);
  ConditionProgress out;
  for (const Rule::Leaf& leaf : rule.leaves()) { // depth first, as the Condition lists them
    LeafProgress lp;
    lp.metric = leaf.metric;
    lp.above = leaf.target != leaf.threshold; // leaf_target added one unit
    lp.threshold = leaf.threshold;
    lp.value = v[leaf.metric];
    lp.target = leaf.target;
    lp.remaining = std::max<int64_t>(0, lp.target - lp.value);
    lp.progress = leaf_progress(lp.value, lp.target);
    out.leaves.push_back(lp);
  }
  out.deciding_leaf = rule.deciding_leaf(v);
  const LeafProgress& d = out.leaves[static_cast<size_t>(out.deciding_leaf)];
  out.progress = d.progress;
  out.remaining = d.remaining;
  return out;
}

// ---- whole evaluation and output ----

void evaluate_range(const Program& p, const EventLog& log, Day as_of, uint32_t begin, uint32_t end, Evaluation& e) {
  Evaluator ev(p, log);
  std::vector<int64_t> v(p.metrics.size());
  reserve_column(e.rows, end - begin);
  reserve_column(e.metric_values, size_t(end - begin) * p.metrics.size());
  if (p.points) reserve_column(e.points_balance, end - begin);
  for (uint32_t c = begin; c < end; ++c) {
    if (!ev.listed(c, as_of)) continue;
    ev.metrics(c, as_of, v.data());
    e.rows.push_back(ev.status(c, as_of, v.data()));
    e.metric_values.insert(e.metric_values.end(), v.begin(), v.end());
    if (p.points) e.points_balance.push_back(ev.points(c, as_of).balance);
  }
}

namespace {
template <class T> void append(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), from.begin(), from.end());
  std::vector<T>().swap(from);
}
} // namespace

Evaluation evaluate(const Program& p, const EventLog& log, Day as_of, int threads) {
  const size_t n = log.customers(), parts = thread_count(threads, n, kCustomersPerThread);
  std::vector<Evaluation> part(parts);
  if (parts > 1) { // room for all in the first part's columns: no second copy
    reserve_column(part[0].rows, n);
    reserve_column(part[0].metric_values, n * p.metrics.size());
    if (p.points) reserve_column(part[0].points_balance, n);
  }
  run_parallel(parts, [&](size_t k) {
    evaluate_range(p, log, as_of, static_cast<uint32_t>(n * k / parts), static_cast<uint32_t>(n * (k + 1) / parts),
                   part[k]);
  });
  Evaluation e = std::move(part[0]);
  e.as_of = as_of;
  e.metric_count = p.metrics.size();
  for (size_t k = 1; k < parts; ++k) {
    append(e.rows, part[k].rows);
    append(e.metric_values, part[k].metric_values);
    append(e.points_balance, part[k].points_balance);
  }
  return e;
}

Day default_as_of(const EventLog& log) { return log.last_day; }

} // namespace tierlab
