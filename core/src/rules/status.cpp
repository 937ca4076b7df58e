// Tier status terms (spec §3b): term ends and the walk with its review,
// upgrade and look-ahead. The one definition; evaluate, the simulation
// session and the shopper view all call walk_status.
#include <algorithm>
#include <climits>
#include <cstring>

#include "tierlab/rules.hpp"

namespace tierlab {

namespace {

// The first day of the calendar period `k` periods after the one holding d.
Day period_start_after(StatusTerm::Kind kind, Day d, int32_t k) noexcept {
  switch (kind) {
    case StatusTerm::Kind::Year: return add_months(year_start(d), 12 * k);
    case StatusTerm::Kind::Quarter: return add_months(quarter_start(d), 3 * k);
    case StatusTerm::Kind::Month: return add_months(month_start(d), k);
    case StatusTerm::Kind::Days: break;
  }
  return d;
}

// The last day of the calendar period `k` periods after the one holding d.
Day period_end(StatusTerm::Kind kind, Day d, int32_t k) noexcept { return period_start_after(kind, d, k + 1) - 1; }

} // namespace

Day term_end(const StatusRules& s, Day start) noexcept {
  if (s.term.kind == StatusTerm::Kind::Days) return start + s.term.days - 1;
  return period_end(s.term.kind, start, s.term.plus);
}

Day term_next(const StatusRules& s, Day review) noexcept {
  if (s.term.kind == StatusTerm::Kind::Days) return review + s.term.days - 1;
  return period_end(s.term.kind, review, 0);
}

namespace {

// The walk's state and its way through the timeline. Segment `seg` holds
// the last day processed; the next day to process is never past the next
// segment's first day, so the values of "yesterday" are always segment seg's
// before it advances.
class Walk {
 public:
  Walk(const TierRules& r, const TimelineView& tl) : r_(r), tl_(tl), nm_(r.metric_count) {}

  // Processes days up to and including `stop` (>= the current day), from
  // where the last call left off. capture: a day whose previous day's values
  // go into *captured (the look-ahead's held_until).
  void run(Day stop, Day capture = INT32_MIN, int64_t* captured = nullptr) noexcept {
    if (!started_) {
      started_ = true;
      day_ = tl_.first;
      step(capture, captured);
    }
    while (day_ < stop) {
      Day next = stop;
      if (seg_ + 1 < tl_.rows) next = std::min(next, tl_.day[seg_ + 1]);
      if (tier_ > 0 && end_ < next - 1) next = end_ + 1;
      // At the top tier nothing upgrades: only the review matters, so the
      // rows up to it are passed over (step advances through them).
      if (tier_ > 0 && tier_ == r_.top()) next = std::min(stop, end_ + 1);
      while (tenure_ < r_.tenure_targets.size() && int64_t{tl_.first} + r_.tenure_targets[tenure_] <= day_) ++tenure_;
      if (tenure_ < r_.tenure_targets.size()) {
        const int64_t crossing = int64_t{tl_.first} + r_.tenure_targets[tenure_];
        if (crossing < next) next = static_cast<Day>(crossing);
      }
      day_ = next;
      step(capture, captured);
    }
  }

  int tier() const noexcept { return tier_; }
  Day end() const noexcept { return end_; }

 private:
  const TierRules& r_;
  const TimelineView& tl_;
  size_t nm_;
  bool started_ = false;
  Day day_ = 0;
  size_t seg_ = 0;
  size_t tenure_ = 0; // the next tenure target not yet crossed
  int tier_ = 0;
  Day end_ = 0; // meaningful while tier_ > 0
  int64_t buf_[kMaxMetrics];

  // The row's values on day d (tenure_days filled in).
  const int64_t* values(size_t s, Day d) noexcept {
    const int64_t* row = tl_.values + s * nm_;
    if (r_.tenure_metrics.empty()) return row;
    std::memcpy(buf_, row, nm_ * sizeof(int64_t));
    for (int m : r_.tenure_metrics) buf_[m] = int64_t{d} - tl_.first;
    return buf_;
  }

  void step(Day capture, int64_t* captured) noexcept {
    const Day d = day_;
    // The row holding yesterday: the current one, unless rows were passed
    // over at the top tier.
    while (seg_ + 1 < tl_.rows && tl_.day[seg_ + 1] <= d - 1) ++seg_;
    if (d == capture && captured) std::memcpy(captured, values(seg_, d - 1), nm_ * sizeof(int64_t));
    if (tier_ > 0 && d == end_ + 1) review(values(seg_, end_), d);
    // The qualified tier changes only where the values rise (conditions are
    // lower bounds): the first day, a row with a larger value, a tenure
    // crossing. Elsewhere (a review day) it is yesterday's, at most the tier
    // held after the review.
    bool changed = d == tl_.first;
    if (seg_ + 1 < tl_.rows && tl_.day[seg_ + 1] <= d) {
      const int64_t* before = tl_.values + seg_ * nm_;
      ++seg_;
      const int64_t* now = before + nm_;
      for (size_t m = 0; m < nm_; ++m) changed = changed || now[m] > before[m];
    }
    while (tenure_ < r_.tenure_targets.size() && int64_t{tl_.first} + r_.tenure_targets[tenure_] < d) ++tenure_;
    changed = changed || (tenure_ < r_.tenure_targets.size() && int64_t{tl_.first} + r_.tenure_targets[tenure_] == d);
    if (changed) upgrade(values(seg_, d), d);
  }

  // 1. The term ended yesterday: kept by qualify or retain, else lowered.
  void review(const int64_t* at_end, Day d) noexcept {
    const StatusRules& s = *r_.status;
    if (!r_.keep[static_cast<size_t>(tier_)].holds(at_end)) {
      // qualified(e) < tier_ here: day e's upgrade step saw the same values.
      tier_ = s.downgrade == Downgrade::OneStep ? tier_ - 1 : r_.qualified_tier(at_end);
    }
    if (tier_ > 0) end_ = term_next(s, d);
  }

  // 2. A higher tier qualified for starts a new term; the same tier does not extend it.
  void upgrade(const int64_t* v, Day d) noexcept {
    // qualified_tier(v) > tier_, asked from the top down to tier_ + 1 only.
    for (int q = r_.top(); q > tier_; --q)
      if (r_.qualify[static_cast<size_t>(q)].holds(v)) {
        tier_ = q;
        end_ = term_end(*r_.status, d);
        return;
      }
  }
};

} // namespace

StatusOutcome walk_status(const TierRules& rules, const TimelineView& timeline, Day as_of,
                          int64_t* keep_values) noexcept {
  StatusOutcome out;
  if (timeline.rows == 0 || timeline.first > as_of) return out;
  Walk w(rules, timeline);
  w.run(as_of);
  out.tier = w.tier();
  if (out.tier == 0) return out;
  const Day held = w.end();
  out.held_until = held;
  if (keep_values) {
    w.run(held + 1, held + 1, keep_values);
    out.review_tier = w.tier();
  }
  return out;
}

} // namespace tierlab
