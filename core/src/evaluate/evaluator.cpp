// One customer at a day (spec §3, §4): metrics through windows, the qualify
// delay and enrollment; the tier with retention; points lots.
#include "tierlab/evaluate.hpp"

#include <algorithm>
#include <climits>

#include "tierlab/error.hpp"

namespace tierlab {

namespace {
void set_progress(const TierRules& rules, CustomerStatus& s, const int64_t* v) {
  s.next_tier = s.tier < rules.top() ? s.tier + 1 : -1;
  s.progress = rules.progress_from(s.tier, v);
}
} // namespace

CustomerStatus status_from_metrics(const Program& p, const int64_t* v) {
  const TierRules rules(p);
  CustomerStatus s;
  s.enrolled = true;
  s.tier = rules.qualified_tier(v);
  set_progress(rules, s, v);
  return s;
}

// ---- Evaluator ----

Evaluator::Evaluator(const Program& program, const EventLog& log) : program_(program), log_(log), rules_(program) {
  engagement_by_kind_.assign(log.kinds.size(), 0);
  points_by_kind_.assign(log.kinds.size(), 0);
  for (size_t k = 0; k < log.kinds.size(); ++k) {
    for (const auto& [kind, pts] : program.engagement)
      if (kind == log.kinds[k]) engagement_by_kind_[k] = pts;
    if (program.points)
      for (const auto& [kind, pts] : program.points->per_event)
        if (kind == log.kinds[k]) points_by_kind_[k] = pts;
  }
  for (const auto& m : program.metrics)
    metric_kind_.push_back(m.measure == Measure::EventCount ? log.kind_id(m.kind) : -1);
}

uint32_t Evaluator::end_of(uint32_t c, Day as_of) const noexcept {
  auto b = log_.day.begin() + log_.begin[c], e = log_.day.begin() + log_.begin[c + 1];
  return static_cast<uint32_t>(std::upper_bound(b, e, as_of) - log_.day.begin());
}

bool Evaluator::listed(uint32_t c, Day as_of) const noexcept {
  return log_.begin[c] < log_.begin[c + 1] && log_.day[log_.begin[c]] <= as_of;
}

std::optional<Day> Evaluator::first_counted_day(uint32_t c, Day as_of) const noexcept {
  const uint32_t b = log_.begin[c], e = end_of(c, as_of);
  if (!program_.enrollment_required) {
    if (b < e) return log_.day[b];
    return std::nullopt;
  }
  for (uint32_t i = b; i < e; ++i)
    if (log_.type[i] == EventType::Join) return log_.day[i];
  return std::nullopt;
}

bool Evaluator::enrolled(uint32_t c, Day as_of) const noexcept {
  if (!program_.enrollment_required) return listed(c, as_of);
  bool in = false;
  for (uint32_t i = log_.begin[c], e = end_of(c, as_of); i < e; ++i) {
    if (log_.type[i] == EventType::Join) in = true;
    else if (log_.type[i] == EventType::Leave) in = false;
  }
  return in;
}

namespace {
Day window_start(const Window& w, Day d) {
  switch (w.kind) {
    case Window::Kind::Days: return d - w.days + 1;
    case Window::Kind::Lifetime: return INT32_MIN;
    case Window::Kind::Year: return year_start(d);
    case Window::Kind::Quarter: return quarter_start(d);
    case Window::Kind::Month: return month_start(d);
  }
  return INT32_MIN;
}
} // namespace

void Evaluator::metrics(uint32_t c, Day d, int64_t* out) const {
  const size_t nm = program_.metrics.size();
  std::fill(out, out + nm, 0);
  auto first = first_counted_day(c, d);
  if (!first) return;
  Day ws[kMaxMetrics]; // window starts at d
  for (size_t m = 0; m < nm; ++m) ws[m] = window_start(program_.metrics[m].window, d);
  const Day H = program_.qualify_delay_days;
  // Sums are checked: an event's amount may be as large as kMaxValue, so a
  // long history could pass 64 bits (refused, never wrapped).
  static_assert(kMaxMetrics <= 64, "one overflow bit a metric");
  uint64_t overflow = 0;
  auto add = [&](size_t m, int64_t x) { overflow |= uint64_t{__builtin_add_overflow(out[m], x, &out[m])} << m; };
  auto sub = [&](size_t m, int64_t x) { overflow |= uint64_t{__builtin_sub_overflow(out[m], x, &out[m])} << m; };
  for (uint32_t i = log_.begin[c], e = end_of(c, d); i < e; ++i) {
    const Day t = log_.day[i];
    if (t < *first) continue; // before the first join
    const EventType type = log_.type[i];
    const bool counted_purchase = type == EventType::Purchase && t + H <= d;
    for (size_t m = 0; m < nm; ++m) {
      if (t < ws[m]) continue;
      switch (program_.metrics[m].measure) {
        case Measure::NetSpend:
          if (counted_purchase) add(m, log_.amount[i]);
          else if (type == EventType::Return) sub(m, log_.amount[i]);
          break;
        case Measure::GrossSpend:
          if (counted_purchase) add(m, log_.amount[i]);
          break;
        case Measure::PurchaseCount:
          if (counted_purchase) out[m] += 1;
          break;
        case Measure::EngagementPoints:
          if (type == EventType::Engagement) add(m, engagement_by_kind_[log_.kind[i]]);
          break;
        case Measure::EventCount:
          if (log_.kind[i] == metric_kind_[m]) out[m] += 1;
          break;
        case Measure::TenureDays: break;
      }
    }
  }
  for (size_t m = 0; m < nm; ++m) {
    if (program_.metrics[m].measure == Measure::TenureDays) out[m] = d - *first;
    if ((overflow >> m & 1) || out[m] < -kMaxValue || out[m] > kMaxValue)
      throw_input_error("customer \"" + log_.customer_ids[c] + "\": metric " + program_.metrics[m].name + " on " +
                        format_day(d) + " is beyond the supported range (at most " +
                        format_metric_value(program_, static_cast<int>(m), kMaxValue) + " in size)");
  }
}

std::vector<int64_t> Evaluator::metrics(uint32_t c, Day d) const {
  std::vector<int64_t> v(program_.metrics.size());
  metrics(c, d, v.data());
  return v;
}

std::vector<Day> Evaluator::candidate_days(uint32_t c, Day lo, Day D) const {
  std::vector<Day> days{D};
  auto add = [&](Day x) {
    if (x >= lo && x < D) days.push_back(x);
  };
  auto first = first_counted_day(c, D);
  const Day H = program_.qualify_delay_days;
  bool year = false, quarter = false, month = false;
  std::vector<int32_t> rolling;
  for (const auto& m : program_.metrics) {
    if (m.measure == Measure::TenureDays) continue;
    if (m.window.kind == Window::Kind::Days) rolling.push_back(m.window.days);
    year |= m.window.kind == Window::Kind::Year;
    quarter |= m.window.kind == Window::Kind::Quarter;
    month |= m.window.kind == Window::Kind::Month;
  }
  std::sort(rolling.begin(), rolling.end());
  rolling.erase(std::unique(rolling.begin(), rolling.end()), rolling.end());
  for (uint32_t i = log_.begin[c], e = end_of(c, D); i < e; ++i) {
    const Day t = log_.day[i];
    if (first && t < *first) continue;
    add(t - 1);                                                       // the event enters a window on its own day
    if (log_.type[i] == EventType::Purchase && H > 0) add(t + H - 1); // a delayed purchase starts to count
    for (int32_t n : rolling) add(t + n - 1);                         // it leaves a rolling window on t + N
  }
  // A new calendar period starts: the day before it closes the old one.
  if (year || quarter || month) {
    for (Day s = next_month_start(lo); s <= D; s = next_month_start(s)) {
      int y, m, dd;
      civil_from_days(s, y, m, dd);
      if (month || (quarter && (m - 1) % 3 == 0) || (year && m == 1)) add(s - 1);
    }
  }
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return days;
}

CustomerStatus Evaluator::status(uint32_t c, Day D) const { return status(c, D, metrics(c, D).data()); }

CustomerStatus Evaluator::status(uint32_t c, Day D, const int64_t* at_d) const {
  CustomerStatus s;
  s.customer = c;
  s.enrolled = enrolled(c, D);
  if (!s.enrolled) return s;
  const int32_t R = program_.retention_days;
  if (program_.status) {
    int64_t keep[kMaxMetrics];
    const StatusOutcome o = status_walk(c, D, keep);
    s.tier = o.tier;
    s.held_until = o.held_until;
    if (o.tier > 0) {
      const Rule& rule = rules_.keep[static_cast<size_t>(o.tier)];
      s.review_tier = o.review_tier;
      s.keep_progress = rule.progress(keep);
      s.keeps = rule.holds(keep);
    }
  } else if (R == 0) {
    s.tier = rules_.qualified_tier(at_d);
  } else {
    const Day lo = std::max(D - R + 1, *first_counted_day(c, D));
    const std::vector<Day> days = candidate_days(c, lo, D);
    std::vector<int> q(days.size());
    std::vector<int64_t> v(program_.metrics.size());
    for (size_t i = 0; i < days.size(); ++i) {
      if (days[i] == D) {
        q[i] = rules_.qualified_tier(at_d);
      } else {
        metrics(c, days[i], v.data());
        q[i] = rules_.qualified_tier(v.data());
      }
    }
    const Retained kept = retained_tier(days, q, R);
    s.tier = kept.tier;
    s.held_until = kept.held_until;
  }
  set_progress(rules_, s, at_d);
  return s;
}

PointsState Evaluator::points(uint32_t c, Day D) const {
  PointsState st;
  if (!program_.points) return st;
  const PointsRules& r = *program_.points;
  const PointsRate rate(r, program_.currency.digits);
  auto too_many = [&](Day t) {
    throw_input_error("customer \"" + log_.customer_ids[c] + "\": points on " + format_day(t) +
                      " are beyond the supported range (at most " + std::to_string(kMaxValue) + ")");
  };
  // Tier multipliers (spec §4): a purchase or return on day t counts at the
  // multiplier of the tier held at the start of t, i.e. at the end of t - 1
  // (no tier then: the first tier's). Only programs that set one pay for the
  // tier look-ups; the rest keep the plain rate.
  bool multiplied = false;
  for (const Tier& tier : program_.tiers) multiplied |= tier.benefits.points_multiplier_hundredths != 100;
  const __int128 multiplied_den =
      static_cast<__int128>(pow10i(program_.currency.digits)) * pow10i(r.per_unit_scale) * 100;
  std::optional<Day> looked_up_day;
  int32_t day_multiplier = 100;
  auto multiplier_on = [&](Day t) {
    if (looked_up_day != t) {
      int tier = listed(c, t - 1) ? status(c, t - 1).tier : -1;
      day_multiplier = program_.tiers[static_cast<size_t>(std::max(tier, 0))].benefits.points_multiplier_hundredths;
      looked_up_day = t;
    }
    return day_multiplier;
  };
  auto points_for = [&](int64_t amount, Day t) -> int64_t {
    if (multiplied) { // floor(amount x rate x multiplier), exact in 128 bits
      const __int128 pts = static_cast<__int128>(amount) * r.per_unit_scaled * multiplier_on(t) / multiplied_den;
      if (pts < -kMaxValue || pts > kMaxValue) too_many(t);
      return static_cast<int64_t>(pts);
    }
    const std::optional<int64_t> pts = rate.of(amount);
    if (!pts) too_many(t);
    return *pts;
  };
  auto expire = [&](Day x) {
    while (!st.lots.empty() && st.lots.front().expires_on && *st.lots.front().expires_on <= x) {
      st.expired += st.lots.front().points;
      st.balance -= st.lots.front().points;
      st.lots.erase(st.lots.begin());
    }
  };
  auto consume = [&](int64_t pts) { // oldest first; returns what could not be taken
    while (pts > 0 && !st.lots.empty()) {
      int64_t take = std::min(pts, st.lots.front().points);
      st.lots.front().points -= take;
      st.balance -= take;
      pts -= take;
      if (st.lots.front().points == 0) st.lots.erase(st.lots.begin());
    }
    return pts;
  };
  auto earn = [&](Day t, int64_t pts) {
    if (pts <= 0) return;
    std::optional<Day> exp;
    if (r.expire_after_days) exp = t + *r.expire_after_days;
    st.lots.push_back({t, pts, exp});
    // Each term is within kMaxValue, so neither sum can wrap before the check.
    st.balance += pts;
    st.earned += pts;
    if (st.balance > kMaxValue || st.earned > kMaxValue) too_many(t);
  };
  for (uint32_t i = log_.begin[c], e = end_of(c, D); i < e; ++i) {
    const Day t = log_.day[i];
    expire(t);
    const int64_t amount = log_.amount[i];
    switch (log_.type[i]) {
      case EventType::Purchase: earn(t, points_for(amount, t)); break;
      case EventType::Return: {
        int64_t back = points_for(amount, t);
        int64_t left = consume(back);
        st.taken_back += back - left;
        st.forgiven += left;
        break;
      }
      case EventType::Engagement: earn(t, points_by_kind_[log_.kind[i]]); break;
      case EventType::Redeem:
        if (amount > st.balance) {
          ++st.rejected_redeems;
          st.rejected_points += amount;
        } else {
          consume(amount);
          st.redeemed += amount;
        }
        break;
      case EventType::Join:
      case EventType::Leave: break;
    }
  }
  expire(D);
  return st;
}

std::vector<std::pair<Day, int64_t>> Evaluator::pending_purchases(uint32_t c, Day D) const {
  std::vector<std::pair<Day, int64_t>> out;
  const Day H = program_.qualify_delay_days;
  if (H == 0) return out;
  auto first = first_counted_day(c, D);
  for (uint32_t i = log_.begin[c], e = end_of(c, D); i < e; ++i)
    if (log_.type[i] == EventType::Purchase && log_.day[i] + H > D && (!first || log_.day[i] >= *first))
      out.emplace_back(log_.day[i] + H, log_.amount[i]);
  return out;
}

PointsRate::PointsRate(const PointsRules& r, int currency_digits)
    : per_unit_scaled_(r.per_unit_scaled),
      unit_den_(pow10i(currency_digits) * pow10i(r.per_unit_scale)), // at most 10^3 x 10^6
      narrow_(r.per_unit_scaled >= INT32_MIN && r.per_unit_scaled <= INT32_MAX) {}

std::optional<int64_t> PointsRate::wide(int64_t amount) const {
  const __int128 pts = static_cast<__int128>(amount) * per_unit_scaled_ / unit_den_;
  if (pts < -kMaxValue || pts > kMaxValue) return std::nullopt;
  return static_cast<int64_t>(pts);
}

std::optional<Money> points_value(const PointsRules& r, int64_t balance) {
  if (r.value_points <= 0) return std::nullopt;
  return div_round_half_even(static_cast<__int128>(balance) * r.value_money, r.value_points);
}

std::vector<Reward> redeemable_rewards(const Program& p, int64_t balance) {
  std::vector<Reward> out;
  if (p.points)
    for (const Reward& r : p.points->rewards)
      if (r.points <= balance) out.push_back(r);
  return out;
}

} // namespace tierlab
