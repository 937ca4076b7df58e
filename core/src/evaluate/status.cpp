// Tier status terms (spec §3b) for one customer: the metric timeline the
// walk reads, built in one sweep over the customer's events (each event
// enters a window on one day and leaves it on another), and the walk.
#include <algorithm>
#include <climits>

#include "tierlab/error.hpp"
#include "tierlab/evaluate.hpp"

namespace tierlab {

namespace {
struct Delta {
  Day day;
  uint32_t metric;
  int64_t amount;
};

// The first day an event dated t is out of the window (INT32_MAX: never).
Day window_exit(const Window& w, Day t) {
  switch (w.kind) {
    case Window::Kind::Days: return t + w.days;
    case Window::Kind::Lifetime: return INT32_MAX;
    case Window::Kind::Year: return add_months(year_start(t), 12);
    case Window::Kind::Quarter: return add_months(quarter_start(t), 3);
    case Window::Kind::Month: return add_months(month_start(t), 1);
  }
  return INT32_MAX;
}
} // namespace

void Evaluator::timeline(uint32_t c, Day D, MetricTimeline& out) const {
  out.day.clear();
  out.values.clear();
  const std::optional<Day> first = first_counted_day(c, D);
  if (!first) return;
  out.first = *first;
  const size_t nm = program_.metrics.size();
  const Day H = program_.qualify_delay_days;
  thread_local std::vector<Delta> deltas;
  deltas.clear();
  // Each event's contribution to each metric: + on the day it starts to
  // count (its own day, t + H for a purchase), - on the day it leaves the
  // window. Exactly the membership Evaluator::metrics tests day by day.
  for (uint32_t i = log_.begin[c], e = end_of(c, D); i < e; ++i) {
    const Day t = log_.day[i];
    if (t < *first) continue; // before the first join
    const EventType type = log_.type[i];
    for (size_t m = 0; m < nm; ++m) {
      const Metric& metric = program_.metrics[m];
      int64_t x = 0;
      Day enter = t;
      switch (metric.measure) {
        case Measure::NetSpend:
          if (type == EventType::Purchase) x = log_.amount[i], enter = t + H;
          else if (type == EventType::Return) x = -log_.amount[i];
          break;
        case Measure::GrossSpend:
          if (type == EventType::Purchase) x = log_.amount[i], enter = t + H;
          break;
        case Measure::PurchaseCount:
          if (type == EventType::Purchase) x = 1, enter = t + H;
          break;
        case Measure::EngagementPoints:
          if (type == EventType::Engagement) x = engagement_by_kind_[log_.kind[i]];
          break;
        case Measure::EventCount:
          if (log_.kind[i] == metric_kind_[m]) x = 1;
          break;
        case Measure::TenureDays: break;
      }
      if (x == 0) continue;
      const Day exit = window_exit(metric.window, t);
      if (enter >= exit) continue; // out of the window before it counts
      deltas.push_back({enter, static_cast<uint32_t>(m), x});
      if (exit != INT32_MAX) deltas.push_back({exit, static_cast<uint32_t>(m), -x});
    }
  }
  std::sort(deltas.begin(), deltas.end(), [](const Delta& a, const Delta& b) { return a.day < b.day; });
  out.day.push_back(*first);
  out.values.assign(nm, 0);
  bool overflow = false;
  for (const Delta& d : deltas) {
    if (d.day != out.day.back()) {
      out.day.push_back(d.day);
      out.values.insert(out.values.end(), out.values.end() - static_cast<long>(nm), out.values.end());
    }
    int64_t& v = out.values[out.values.size() - nm + d.metric];
    overflow |= __builtin_add_overflow(v, d.amount, &v);
  }
  if (overflow)
    throw_input_error("customer \"" + log_.customer_ids[c] + "\": a metric on some day up to " + format_day(D) +
                      " is beyond 64 bits");
}

StatusOutcome Evaluator::status_walk(uint32_t c, Day D, int64_t* keep_values) const {
  thread_local MetricTimeline tl;
  timeline(c, D, tl);
  return walk_status(rules_, tl.view(), D, keep_values);
}

} // namespace tierlab
