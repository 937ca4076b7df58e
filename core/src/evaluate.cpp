#include "tierlab/evaluate.hpp"

#include "log_builder.hpp"
#include "output/csv_field.hpp"
#include "parallel.hpp"

#include <algorithm>
#include <climits>

#include "json.hpp"
#include "tierlab/error.hpp"

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
  // Leaves depth first, as the Rule lists them.
  auto collect = [&](auto&& self, const Condition& n) -> void {
    if (n.op != Condition::Op::Leaf) {
      for (const auto& ch : n.children) self(self, ch);
      return;
    }
    LeafProgress lp;
    lp.metric = n.metric;
    lp.above = n.above;
    lp.threshold = n.threshold;
    lp.value = v[n.metric];
    lp.target = leaf_target(n);
    lp.remaining = std::max<int64_t>(0, lp.target - lp.value);
    lp.progress = leaf_progress(lp.value, lp.target);
    out.leaves.push_back(lp);
  };
  collect(collect, c);
  out.deciding_leaf = rule.deciding_leaf(v);
  const LeafProgress& d = out.leaves[static_cast<size_t>(out.deciding_leaf)];
  out.progress = d.progress;
  out.remaining = d.remaining;
  return out;
}

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
  for (const auto& m : program.metrics) metric_kind_.push_back(m.measure == Measure::EventCount ? log.kind_id(m.kind) : -1);
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
      throw InputError("customer \"" + log_.customer_ids[c] + "\": metric " + program_.metrics[m].name +
                       " on " + format_day(d) + " is beyond the supported range (at most " +
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
    add(t - 1); // the event enters a window on its own day
    if (log_.type[i] == EventType::Purchase && H > 0) add(t + H - 1); // a delayed purchase starts to count
    for (int32_t n : rolling) add(t + n - 1); // it leaves a rolling window on t + N
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
  if (R == 0) {
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
  const __int128 unit_den = static_cast<__int128>(pow10i(program_.currency.digits)) * pow10i(r.per_unit_scale);
  // Points of an amount, truncated toward zero. An amount and a rate within
  // 32 bits multiply exactly in 64 bits: no 128-bit division (a library call
  // in wasm) for the usual purchase.
  const bool narrow_rate = r.per_unit_scaled >= INT32_MIN && r.per_unit_scaled <= INT32_MAX && unit_den <= INT64_MAX;
  auto too_many = [&](Day t) {
    throw InputError("customer \"" + log_.customer_ids[c] + "\": points on " + format_day(t) +
                     " are beyond the supported range (at most " + std::to_string(kMaxValue) + ")");
  };
  auto points_for = [&](int64_t amount, Day t) -> int64_t {
    if (narrow_rate && amount >= INT32_MIN && amount <= INT32_MAX)
      return amount * r.per_unit_scaled / static_cast<int64_t>(unit_den);
    const __int128 pts = static_cast<__int128>(amount) * r.per_unit_scaled / unit_den;
    if (pts < -kMaxValue || pts > kMaxValue) too_many(t);
    return static_cast<int64_t>(pts);
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
      case EventType::Purchase:
        earn(t, points_for(amount, t));
        break;
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

// ---- whole evaluation and output ----

namespace {
constexpr size_t kCustomersPerThread = 50000; // below that a thread costs more than it saves
constexpr size_t kCsvBatch = 65536;           // rows a thread formats before they are written

// Customers [begin, end) into e (appended).
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
    evaluate_range(p, log, as_of, static_cast<uint32_t>(n * k / parts), static_cast<uint32_t>(n * (k + 1) / parts), part[k]);
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

namespace {
// Rows [begin, end) of the evaluation as CSV lines.
void csv_rows(const Program& p, const EventLog& log, const Evaluation& e, size_t begin, size_t end, std::string& out) {
  for (size_t r = begin; r < end; ++r) {
    const CustomerStatus& s = e.rows[r];
    append_csv_field(out, log.customer_ids[s.customer]);
    out += s.enrolled ? ",true," : ",false,";
    if (s.tier >= 0) append_csv_field(out, p.tiers[static_cast<size_t>(s.tier)].name);
    out += ',';
    append_decimal(out, s.tier, 0);
    out += ',';
    if (s.next_tier >= 0) append_csv_field(out, p.tiers[static_cast<size_t>(s.next_tier)].name);
    out += ',';
    if (s.enrolled) append_fraction(out, s.progress, 4);
    out += ',';
    if (s.held_until) append_day(out, *s.held_until);
    for (size_t m = 0; m < e.metric_count; ++m) {
      out += ',';
      append_metric_value(out, p, static_cast<int>(m), e.metric_values[r * e.metric_count + m]);
    }
    if (p.points) {
      out += ',';
      append_decimal(out, e.points_balance[r], 0);
    }
    out += '\n';
  }
}

std::string csv_header(const Program& p) {
  std::string head = "customer_id,enrolled,tier,tier_index,next_tier,progress,held_until";
  for (const auto& m : p.metrics) {
    head += ',';
    append_csv_field(head, m.name);
  }
  if (p.points) head += ",points_balance";
  head += '\n';
  return head;
}

// The header, then rows [0, n) a batch at a time: each batch is split into
// `parts` (one a thread), fill(k, begin, end, text) formats part k into a
// reused buffer, and the parts are written in order. The output is never
// whole in memory.
template <class Fill>
void write_csv_batches(const Program& p, size_t n, size_t parts, const std::function<void(std::string_view)>& write,
                       Fill&& fill) {
  write(csv_header(p));
  const size_t batch = kCsvBatch * parts;
  std::vector<std::string> text(parts);
  for (size_t from = 0; from < n; from += batch) {
    const size_t size = std::min(n, from + batch) - from;
    run_parallel(parts, [&](size_t k) {
      text[k].clear();
      fill(k, from + size * k / parts, from + size * (k + 1) / parts, text[k]);
    });
    for (const auto& s : text) write(s);
  }
}
} // namespace

void write_evaluation_csv(const Program& p, const EventLog& log, const Evaluation& e, int threads,
                          const std::function<void(std::string_view)>& write) {
  const size_t n = e.rows.size();
  write_csv_batches(p, n, thread_count(threads, n, kCustomersPerThread), write,
                    [&](size_t, size_t begin, size_t end, std::string& text) { csv_rows(p, log, e, begin, end, text); });
}

void write_evaluation_csv(const Program& p, const EventLog& log, Day as_of, int threads,
                          const std::function<void(std::string_view)>& write) {
  // Each part evaluates its customers into a reused Evaluation first: the
  // whole evaluation is never in memory either.
  const size_t n = log.customers(), parts = thread_count(threads, n, kCustomersPerThread);
  std::vector<Evaluation> rows(parts);
  write_csv_batches(p, n, parts, write, [&](size_t k, size_t begin, size_t end, std::string& text) {
    Evaluation& e = rows[k];
    e.as_of = as_of;
    e.metric_count = p.metrics.size();
    e.rows.clear();
    e.metric_values.clear();
    e.points_balance.clear();
    evaluate_range(p, log, as_of, static_cast<uint32_t>(begin), static_cast<uint32_t>(end), e);
    csv_rows(p, log, e, 0, e.rows.size(), text);
  });
}

std::string evaluation_csv(const Program& p, const EventLog& log, const Evaluation& e, int threads) {
  std::string out;
  write_evaluation_csv(p, log, e, threads, [&](std::string_view s) { out += s; });
  return out;
}

std::string evaluation_json(const Program& p, const EventLog& log, const Evaluation& e) {
  json::Writer w;
  w.begin_object();
  w.key("as_of").string(format_day(e.as_of));
  w.key("program").string(p.name);
  w.key("currency").string(p.currency.code);
  w.key("customers").begin_array();
  for (size_t r = 0; r < e.rows.size(); ++r) {
    const CustomerStatus& s = e.rows[r];
    w.begin_object();
    w.key("customer_id").string(log.customer_ids[s.customer]);
    w.key("enrolled").boolean(s.enrolled);
    w.key("tier");
    if (s.tier >= 0) w.string(p.tiers[static_cast<size_t>(s.tier)].name); else w.null();
    w.key("tier_index").integer(s.tier);
    w.key("next_tier");
    if (s.next_tier >= 0) w.string(p.tiers[static_cast<size_t>(s.next_tier)].name); else w.null();
    w.key("progress");
    if (s.enrolled) w.raw(format_fraction(s.progress, 4)); else w.null();
    w.key("held_until");
    if (s.held_until) w.string(format_day(*s.held_until)); else w.null();
    w.key("metrics").begin_object();
    for (size_t m = 0; m < e.metric_count; ++m)
      w.key(p.metrics[m].name).raw(format_metric_value(p, static_cast<int>(m), e.metric_values[r * e.metric_count + m]));
    w.end_object();
    if (p.points) {
      w.key("points_balance").integer(e.points_balance[r]);
      w.key("rewards_available").begin_array();
      for (const Reward& rw : redeemable_rewards(p, e.points_balance[r]))
        w.begin_object().key("name").string(rw.name).key("points").integer(rw.points).end_object();
      w.end_array();
    }
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

} // namespace tierlab
