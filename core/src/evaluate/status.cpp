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
  // Deltas go into streams that are each in day order as the events are, so
  // a merge (not a sort) orders them: 0 entries on the event's day, 1
  // delayed purchases' entries (t + H), 2 + w exits from window kind w.
  // Each stream is the events' order mapped by a non-decreasing function.
  thread_local std::vector<Delta> streams[2 + kMaxMetrics];
  size_t window_of[kMaxMetrics];
  Window windows[kMaxMetrics]; // distinct windows, in metric order
  size_t nwindows = 0;
  for (size_t m = 0; m < nm; ++m) {
    const Window& w = program_.metrics[m].window;
    size_t k = 0;
    while (k < nwindows && !(windows[k].kind == w.kind && windows[k].days == w.days)) ++k;
    if (k == nwindows) windows[nwindows++] = w;
    window_of[m] = k;
  }
  const size_t nstreams = 2 + nwindows;
  for (size_t k = 0; k < nstreams; ++k) streams[k].clear();
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
      bool delayed = false;
      switch (metric.measure) {
        case Measure::NetSpend:
          if (type == EventType::Purchase) x = log_.amount[i], delayed = true;
          else if (type == EventType::Return) x = -log_.amount[i];
          break;
        case Measure::GrossSpend:
          if (type == EventType::Purchase) x = log_.amount[i], delayed = true;
          break;
        case Measure::PurchaseCount:
          if (type == EventType::Purchase) x = 1, delayed = true;
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
      const Day enter = delayed ? t + H : t;
      const Day exit = window_exit(metric.window, t);
      if (enter >= exit) continue; // out of the window before it counts
      streams[delayed && H > 0 ? 1 : 0].push_back({enter, static_cast<uint32_t>(m), x});
      if (exit != INT32_MAX) streams[2 + window_of[m]].push_back({exit, static_cast<uint32_t>(m), -x});
    }
  }
  out.day.push_back(*first);
  out.values.assign(nm, 0);
  bool overflow = false;
  size_t head[2 + kMaxMetrics] = {};
  for (;;) {
    size_t pick = nstreams;
    for (size_t k = 0; k < nstreams; ++k)
      if (head[k] < streams[k].size() && (pick == nstreams || streams[k][head[k]].day < streams[pick][head[pick]].day))
        pick = k;
    if (pick == nstreams) break;
    const Delta& d = streams[pick][head[pick]++];
    if (d.day != out.day.back()) { // a new row, starting as a copy of the last
      out.day.push_back(d.day);
      const size_t n = out.values.size();
      out.values.resize(n + nm);
      for (size_t m = 0; m < nm; ++m) out.values[n + m] = out.values[n - nm + m];
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
