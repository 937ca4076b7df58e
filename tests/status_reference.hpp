#pragma once
// A slow, obviously-correct reading of spec §3b, for tests only: the walk
// taken one day at a time, every day's metrics from Evaluator::metrics on a
// log cut at as_of, conditions asked through the Condition tree (holds,
// qualified_tier), terms computed from civil dates here. The fast walk
// (walk_status over a timeline) is held to it.
#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "tierlab/date.hpp"
#include "tierlab/evaluate.hpp"
#include "tierlab/events.hpp"
#include "tierlab/program.hpp"

namespace tt {

using namespace tierlab;

struct ReferenceStatus {
  bool enrolled = false;
  int tier = -1;
  std::optional<Day> held_until;
  int review_tier = -1;
  std::vector<int64_t> keep_values; // metrics at held_until (tier > 0)
};

// One customer's events on or before as_of, as a log of its own.
inline EventLog cut_log(const EventLog& log, uint32_t c, Day as_of) {
  EventLog one;
  one.customer_ids = {log.customer_ids[c]};
  one.kinds = log.kinds;
  for (uint32_t i = log.begin[c]; i < log.begin[c + 1] && log.day[i] <= as_of; ++i) {
    one.day.push_back(log.day[i]);
    one.type.push_back(log.type[i]);
    one.kind.push_back(log.kind[i]);
    one.amount.push_back(log.amount[i]);
  }
  one.begin = {0, static_cast<uint32_t>(one.day.size())};
  one.first_day = one.day.empty() ? 0 : one.day.front();
  one.last_day = one.day.empty() ? 0 : one.day.back();
  return one;
}

// The last day of the calendar period (months long) `plus` periods after the one holding d.
inline Day reference_period_end(Day d, int months, int plus) {
  int y, m, dd;
  civil_from_days(d, y, m, dd);
  int index = (y * 12 + (m - 1)) / months + plus + 1; // the period after the term's last
  int first_month = index * months;
  return days_from_civil(first_month / 12, first_month % 12 + 1, 1) - 1;
}

inline int months_of(StatusTerm::Kind k) {
  return k == StatusTerm::Kind::Year ? 12 : k == StatusTerm::Kind::Quarter ? 3 : 1;
}

inline Day reference_end(const StatusRules& s, Day start) {
  if (s.term.kind == StatusTerm::Kind::Days) return start + s.term.days - 1;
  return reference_period_end(start, months_of(s.term.kind), s.term.plus);
}

inline Day reference_next(const StatusRules& s, Day review) {
  if (s.term.kind == StatusTerm::Kind::Days) return review + s.term.days - 1;
  return reference_period_end(review, months_of(s.term.kind), 0);
}

inline ReferenceStatus reference_status(const Program& p, const EventLog& log, uint32_t c, Day as_of) {
  ReferenceStatus out;
  const EventLog one = cut_log(log, c, as_of);
  const Evaluator ev(p, one);
  out.enrolled = ev.enrolled(0, as_of);
  if (!out.enrolled) return out;
  const StatusRules& s = *p.status;
  const Day first = *ev.first_counted_day(0, as_of);
  int t = 0;
  Day e = 0;
  auto step = [&](Day d) {
    if (t > 0 && d == e + 1) {
      const std::vector<int64_t> v = ev.metrics(0, e);
      const Tier& tier = p.tiers[static_cast<size_t>(t)];
      const bool kept = holds(*tier.qualify, v.data()) || (tier.retain && holds(*tier.retain, v.data()));
      if (!kept) t = s.downgrade == Downgrade::OneStep ? t - 1 : qualified_tier(p, v.data());
      if (t > 0) e = reference_next(s, d);
    }
    const int q = qualified_tier(p, ev.metrics(0, d).data());
    if (q > t) {
      t = q;
      e = reference_end(s, d);
    }
  };
  for (Day d = first; d <= as_of; ++d) step(d);
  out.tier = t;
  if (t == 0) return out;
  out.held_until = e;
  const Day held = e;
  out.keep_values = ev.metrics(0, held);
  for (Day d = as_of + 1; d <= held + 1; ++d) step(d);
  out.review_tier = t;
  return out;
}

// Random histories: purchases, returns, engagement, and join / leave rows
// (which matter only with required enrollment), 2023-01-01 to 2025-06-30.
inline std::string random_events(uint32_t seed, int customers) {
  std::mt19937 rng(seed);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const Day from = *parse_day("2023-01-01"), to = *parse_day("2025-06-30");
  std::string csv = "customer_id,date,type,amount\n";
  for (int c = 0; c < customers; ++c) {
    const std::string id = "c" + std::to_string(c);
    const int n = pick(1, 24);
    std::vector<Day> days;
    for (int i = 0; i < n; ++i) days.push_back(pick(from, to));
    std::sort(days.begin(), days.end());
    for (Day d : days) {
      const int kind = pick(0, 99);
      std::string row = id + "," + format_day(d) + ",";
      if (kind < 60) row += "purchase," + std::to_string(pick(0, 700)) + "." + std::to_string(pick(10, 99));
      else if (kind < 72) row += "return," + std::to_string(pick(0, 250)) + ".00";
      else if (kind < 84) row += std::string(pick(0, 1) ? "review" : "referral") + ",";
      else if (kind < 94) row += "join,";
      else row += "leave,";
      csv += row + "\n";
    }
  }
  return csv;
}

} // namespace tt
