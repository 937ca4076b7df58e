// Tier status terms (spec §3b) for one customer: the metric timeline the
// walk reads, built in one sweep over the customer's events (each event
// enters a window on one day and leaves it on another), and the walk.
#include <algorithm>
#include <climits>

#include "tierlab/error.hpp"
#include "tierlab/evaluate.hpp"

namespace tierlab {

namespace {
// One event's change to the metrics of one stream on one day (below).
struct Delta {
  Day day;
  uint32_t event; // index into the contribution rows
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
  // An event adds its contribution to a metric on the day it starts to count
  // (its own day; t + H for a purchase) and takes it back on the day it
  // leaves the window: exactly the membership Evaluator::metrics tests day
  // by day. The changes go into streams, each in day order as the events
  // are (its day is a non-decreasing function of the event's): 0 entries on
  // the event's day, 1 delayed entries, 2 + w exits from window kind w. A
  // merge of the streams (not a sort) then orders them; one delta carries
  // all of an event's metrics of its stream.
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
  // Scratch reused between customers (one set a thread).
  struct Scratch {
    std::vector<Delta> streams[2 + kMaxMetrics];
    std::vector<int64_t> contribution; // per event: nm values (0: no change)
    std::vector<uint8_t> entry_stream; // per event and metric: 0 / 1, 255 none
  };
  thread_local Scratch scratch;
  std::vector<Delta>* streams = scratch.streams;
  std::vector<int64_t>& contribution = scratch.contribution;
  std::vector<uint8_t>& entry_stream = scratch.entry_stream;
  for (size_t k = 0; k < nstreams; ++k) streams[k].clear();
  contribution.clear();
  entry_stream.clear();
  for (uint32_t i = log_.begin[c], e = end_of(c, D); i < e; ++i) {
    const Day t = log_.day[i];
    if (t < *first) continue; // before the first join
    const EventType type = log_.type[i];
    const auto row = static_cast<uint32_t>(contribution.size() / (nm ? nm : 1));
    uint64_t entries = 0, exits = 0; // streams this event has a delta in (bit k)
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
      const Day enter = delayed ? t + H : t;
      const Day exit = window_exit(metric.window, t);
      if (x == 0 || enter >= exit) x = 0; // nothing, or out of the window before it counts
      contribution.push_back(x);
      const uint8_t s = x == 0 ? 255 : delayed && H > 0 ? 1 : 0;
      entry_stream.push_back(s);
      if (x == 0) continue;
      entries |= uint64_t{1} << s;
      if (exit != INT32_MAX) exits |= uint64_t{1} << window_of[m];
    }
    if (entries & 1) streams[0].push_back({t, row});
    if (entries & 2) streams[1].push_back({t + H, row});
    for (size_t w = 0; w < nwindows; ++w)
      if (exits >> w & 1) streams[2 + w].push_back({window_exit(windows[w], t), row});
  }
  out.day.push_back(*first);
  out.values.assign(nm, 0);
  bool overflow = false;
  size_t head[2 + kMaxMetrics] = {};
  for (;;) {
    size_t pick = nstreams;
    Day best = INT32_MAX;
    for (size_t k = 0; k < nstreams; ++k)
      if (head[k] < streams[k].size() && (pick == nstreams || streams[k][head[k]].day < best)) {
        pick = k;
        best = streams[k][head[k]].day;
      }
    if (pick == nstreams) break;
    const uint32_t ev = streams[pick][head[pick]++].event;
    if (best != out.day.back()) { // a new row, starting as a copy of the last
      out.day.push_back(best);
      const size_t n = out.values.size();
      out.values.resize(n + nm);
      for (size_t m = 0; m < nm; ++m) out.values[n + m] = out.values[n - nm + m];
    }
    int64_t* v = out.values.data() + out.values.size() - nm;
    const int64_t* x = contribution.data() + size_t{ev} * nm;
    const uint8_t* s = entry_stream.data() + size_t{ev} * nm;
    for (size_t m = 0; m < nm; ++m) {
      if (x[m] == 0) continue;
      if (pick < 2) {
        if (s[m] == pick) overflow |= __builtin_add_overflow(v[m], x[m], &v[m]);
      } else if (window_of[m] == pick - 2) {
        overflow |= __builtin_sub_overflow(v[m], x[m], &v[m]);
      }
    }
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
