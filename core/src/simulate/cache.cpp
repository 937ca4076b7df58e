#include "simulate/cache.hpp"

#include <algorithm>

#include "json.hpp"

namespace tierlab {

namespace {

// A program holding one metric and nothing else: used to compute a single
// column with the same rules as a full evaluation.
Program column_program(const Program& p, const Metric& m) {
  Program c;
  c.name = "column";
  c.currency = p.currency;
  c.enrollment_required = p.enrollment_required;
  c.qualify_delay_days = p.qualify_delay_days;
  c.engagement = p.engagement;
  c.metrics = {m};
  c.tiers = {Tier{"floor", std::nullopt, {}, std::nullopt}};
  return c;
}

std::string window_key(const Window& w) {
  return std::to_string(static_cast<int>(w.kind)) + ":" + std::to_string(w.days);
}

// Everything a metric column's values depend on, besides the as-of day.
std::string column_key(const Program& p, const Metric& m) {
  std::string k = std::string(measure_name(m.measure)) + "|" + window_key(m.window) + "|" + m.kind + "|" +
                  (p.enrollment_required ? "R" : "A");
  bool purchase =
      m.measure == Measure::NetSpend || m.measure == Measure::GrossSpend || m.measure == Measure::PurchaseCount;
  if (purchase) k += "|H" + std::to_string(p.qualify_delay_days);
  if (m.measure == Measure::EngagementPoints)
    for (const auto& [kind, pts] : p.engagement) k += "|" + kind + "=" + std::to_string(pts);
  return k;
}

std::string metrics_key(const Program& p) {
  std::string k;
  for (const auto& m : p.metrics) k += column_key(p, m) + ";";
  return k;
}

} // namespace

Session::Session(EventLog log) : log_(std::move(log)), cache_(std::make_unique<Cache>()) {}
Session::~Session() = default;

namespace session_cache {

// Each of these builds (or finds in the cache) one piece a tiering at as_of needs.
const std::vector<uint32_t>& listing(Session::Cache& cache, const EventLog& log, Day as_of) {
  auto it = cache.listings.find(as_of);
  if (it != cache.listings.end()) return it->second.customers;
  Session::Cache::Listing l;
  for (uint32_t c = 0; c < log.customers(); ++c)
    if (log.begin[c] < log.begin[c + 1] && log.day[log.begin[c]] <= as_of) l.customers.push_back(c);
  return cache.listings.emplace(as_of, std::move(l)).first->second.customers;
}

const std::vector<int64_t>& column(Session::Cache& cache, const EventLog& log, const Program& p, const Metric& m,
                                   Day as_of) {
  std::string key = column_key(p, m) + "@" + std::to_string(as_of);
  auto it = cache.columns.find(key);
  if (it != cache.columns.end()) return it->second;
  const auto& rows = listing(cache, log, as_of);
  Program cp = column_program(p, m);
  Evaluator ev(cp, log);
  std::vector<int64_t> values(rows.size());
  for (size_t r = 0; r < rows.size(); ++r) ev.metrics(rows[r], as_of, &values[r]);
  return cache.columns.emplace(key, std::move(values)).first->second;
}

// The column as int32, or nullptr when a value does not fit (or there are no rows).
const int32_t* narrow_column(Session::Cache& cache, const EventLog& log, const Program& p, const Metric& m, Day as_of) {
  std::string key = column_key(p, m) + "@" + std::to_string(as_of);
  auto it = cache.narrow.find(key);
  if (it == cache.narrow.end()) {
    const auto& wide = column(cache, log, p, m, as_of);
    std::vector<int32_t> n;
    if (std::all_of(wide.begin(), wide.end(), [](int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; }))
      n.assign(wide.begin(), wide.end());
    it = cache.narrow.emplace(key, std::move(n)).first;
  }
  return it->second.empty() ? nullptr : it->second.data();
}

const std::vector<int64_t>& table(Session::Cache& cache, const EventLog& log, const Program& p, Day as_of) {
  std::string key = metrics_key(p) + "@" + std::to_string(as_of);
  auto it = cache.tables.find(key);
  if (it != cache.tables.end()) return it->second;
  const size_t rows = listing(cache, log, as_of).size(), nm = p.metrics.size();
  std::vector<int64_t> t(rows * nm);
  for (size_t m = 0; m < nm; ++m) {
    const auto& col = column(cache, log, p, p.metrics[m], as_of);
    for (size_t r = 0; r < rows; ++r) t[r * nm + m] = col[r];
  }
  return cache.tables.emplace(key, std::move(t)).first->second;
}

const std::vector<uint8_t>& enrolled(Session::Cache& cache, const EventLog& log, const Program& p, Day as_of) {
  std::string key = std::string(p.enrollment_required ? "R" : "A") + "@" + std::to_string(as_of);
  auto it = cache.enrolled.find(key);
  if (it != cache.enrolled.end()) return it->second;
  const auto& rows = listing(cache, log, as_of);
  Evaluator ev(p, log);
  std::vector<uint8_t> e(rows.size());
  for (size_t r = 0; r < rows.size(); ++r) e[r] = ev.enrolled(rows[r], as_of) ? 1 : 0;
  return cache.enrolled.emplace(key, std::move(e)).first->second;
}

const Session::Cache::Retention& retention(Session::Cache& cache, const EventLog& log, const Program& p, Day as_of) {
  std::string key = metrics_key(p) + "|R" + std::to_string(p.retention_days) + "@" + std::to_string(as_of);
  auto it = cache.retention.find(key);
  if (it != cache.retention.end()) return it->second;
  const auto& rows = listing(cache, log, as_of);
  const auto& en = enrolled(cache, log, p, as_of);
  Evaluator ev(p, log);
  Session::Cache::Retention ret;
  const size_t nm = p.metrics.size();
  ret.begin.reserve(rows.size() + 1);
  ret.begin.push_back(0);
  std::vector<int64_t> v(nm);
  for (size_t r = 0; r < rows.size(); ++r) {
    if (en[r]) {
      const Day lo = std::max(as_of - p.retention_days + 1, *ev.first_counted_day(rows[r], as_of));
      for (Day d : ev.candidate_days(rows[r], lo, as_of)) {
        ev.metrics(rows[r], d, v.data());
        ret.day.push_back(d);
        ret.values.insert(ret.values.end(), v.begin(), v.end());
      }
    }
    ret.begin.push_back(static_cast<uint32_t>(ret.day.size()));
  }
  return cache.retention.emplace(key, std::move(ret)).first->second;
}

const Session::Cache::Timelines& timelines(Session::Cache& cache, const EventLog& log, const Program& p, Day as_of) {
  // Keyed like the metric table: thresholds, retain and terms move without a rebuild.
  std::string key = metrics_key(p) + "|T@" + std::to_string(as_of);
  auto it = cache.timelines.find(key);
  if (it != cache.timelines.end()) return it->second;
  const auto& rows = listing(cache, log, as_of);
  const auto& en = enrolled(cache, log, p, as_of);
  Evaluator ev(p, log);
  Session::Cache::Timelines tl;
  tl.begin.reserve(rows.size() + 1);
  tl.begin.push_back(0);
  tl.first.assign(rows.size(), 0);
  MetricTimeline one;
  for (size_t r = 0; r < rows.size(); ++r) {
    if (en[r]) {
      ev.timeline(rows[r], as_of, one);
      tl.first[r] = one.first;
      tl.day.insert(tl.day.end(), one.day.begin(), one.day.end());
      tl.values.insert(tl.values.end(), one.values.begin(), one.values.end());
    }
    tl.begin.push_back(static_cast<uint32_t>(tl.day.size()));
  }
  return cache.timelines.emplace(key, std::move(tl)).first->second;
}

const Session::Cache::Points& points(Session::Cache& cache, const EventLog& log, const Program& p, Day as_of) {
  // Keyed by what balances depend on: the points rules and the currency.
  Program rules;
  rules.name = "points";
  rules.currency = p.currency;
  rules.points = p.points;
  rules.tiers = {Tier{"floor", std::nullopt, {}, std::nullopt}};
  std::string key = program_to_json(rules) + "@" + std::to_string(as_of);
  auto it = cache.points.find(key);
  if (it != cache.points.end()) return it->second;
  const auto& rows = listing(cache, log, as_of);
  Evaluator ev(p, log);
  Session::Cache::Points pts;
  pts.balance.resize(rows.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    PointsState st = ev.points(rows[r], as_of);
    pts.balance[r] = st.balance;
    pts.earned += st.earned;
    pts.redeemed += st.redeemed;
    pts.expired += st.expired;
    pts.forgiven += st.forgiven;
    pts.rejected_redeems += st.rejected_redeems;
  }
  return cache.points.emplace(key, std::move(pts)).first->second;
}

} // namespace session_cache
} // namespace tierlab
