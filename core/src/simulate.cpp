#include "tierlab/simulate.hpp"

#include <algorithm>
#include <climits>
#include <cstring>
#include <unordered_map>

#include "json.hpp"
#include "output/csv_field.hpp"
#include "tierlab/error.hpp"

namespace tierlab {

namespace {

constexpr Day kNoDay = INT32_MIN;

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
  c.tiers = {Tier{"floor", std::nullopt, {}}};
  return c;
}

std::string window_key(const Window& w) {
  return std::to_string(static_cast<int>(w.kind)) + ":" + std::to_string(w.days);
}

// Everything a metric column's values depend on, besides the as-of day.
std::string column_key(const Program& p, const Metric& m) {
  std::string k = std::string(measure_name(m.measure)) + "|" + window_key(m.window) + "|" + m.kind + "|" +
                  (p.enrollment_required ? "R" : "A");
  bool purchase = m.measure == Measure::NetSpend || m.measure == Measure::GrossSpend || m.measure == Measure::PurchaseCount;
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

struct Session::Cache {
  struct Listing {
    std::vector<uint32_t> customers;
  };
  struct Retention { // per row: the metric vectors of the candidate days
    std::vector<uint32_t> begin;
    std::vector<Day> day;
    std::vector<int64_t> values; // day.size() x metrics
  };
  struct Points {
    std::vector<int64_t> balance;
    int64_t earned = 0, redeemed = 0, expired = 0, forgiven = 0, rejected_redeems = 0;
  };
  std::unordered_map<Day, Listing> listings;
  std::unordered_map<std::string, std::vector<uint8_t>> enrolled;  // key: mode|day
  std::unordered_map<std::string, std::vector<int64_t>> columns;   // key: column|day
  std::unordered_map<std::string, std::vector<int32_t>> narrow;    // the same when every value fits 32 bits, else empty
  std::unordered_map<std::string, std::vector<int64_t>> tables;    // key: metrics|day, row-major
  std::unordered_map<std::string, Retention> retention;
  std::unordered_map<std::string, Points> points;
  std::string baseline_key; // program JSON @ day of the last simulate()'s baseline
  Tiering baseline_tiers;
  ProgramSummary baseline_summary;

  void trim() { // a replay walks many days; keep memory bounded
    if (columns.size() > 256 || tables.size() > 64 || retention.size() > 16 || listings.size() > 64) {
      listings.clear();
      enrolled.clear();
      columns.clear();
      narrow.clear();
      tables.clear();
      retention.clear();
      points.clear();
      baseline_key.clear();
    }
  }
};

Session::Session(EventLog log) : log_(std::move(log)), cache_(std::make_unique<Cache>()) {}
Session::~Session() = default;

namespace {

// Each of these builds (or finds in the cache) one piece a tiering at as_of needs.
const std::vector<uint32_t>& listing(Session::Cache& cache, const EventLog& log, Day as_of) {
  auto it = cache.listings.find(as_of);
  if (it != cache.listings.end()) return it->second.customers;
  Session::Cache::Listing l;
  for (uint32_t c = 0; c < log.customers(); ++c)
    if (log.begin[c] < log.begin[c + 1] && log.day[log.begin[c]] <= as_of) l.customers.push_back(c);
  return cache.listings.emplace(as_of, std::move(l)).first->second.customers;
}

const std::vector<int64_t>& column(Session::Cache& cache, const EventLog& log, const Program& p, const Metric& m, Day as_of) {
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

const Session::Cache::Points& points(Session::Cache& cache, const EventLog& log, const Program& p, Day as_of) {
  // Keyed by what balances depend on: the points rules and the currency.
  Program rules;
  rules.name = "points";
  rules.currency = p.currency;
  rules.points = p.points;
  rules.tiers = {Tier{"floor", std::nullopt, {}}};
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

} // namespace

namespace {

// Rows a re-tier pass takes at a time (its block arrays stay in the L1 cache).
constexpr size_t kRetierBlock = 512;

// mask's set bits from if_set, the others from if_clear (a select the
// compilers vectorise: a mask of all ones or zeros per element).
template <class T> T blend(T mask, T if_set, T if_clear) { return (if_set & mask) | (if_clear & ~mask); }

// progress_of for every row of a re-tier whose conditions are flat and whose
// columns are int32, block by block with no branch on the data and no
// recursion, to exactly the same fractions. A leaf with target T > 0 is
// x / T with x = clamp(value, 0, T) ({1, 1} when x = T, {0, 1} when x = 0);
// with T <= 0 it is 1 / 1 or 0 / 1. `any` keeps the first largest, `all` the
// first smallest, comparing x_a T_b with x_b T_a in Product (32 or 64 bits).
template <class Product>
void flat_progress_pass(const std::vector<Rule>& qualify, const int32_t* const* narrow, Tiering& t) {
  // The loops are written so that both GCC and clang (for wasm) vectorise
  // them: values loaded first, then ternaries or masks (not std::clamp's
  // references, not a select between two array elements), one loop per
  // `any` / `all`, one element width a loop.
  const int top = static_cast<int>(qualify.size()) - 1;
  constexpr size_t kBlock = kRetierBlock;
  // chosen x and target toward tier next + 1, for next = 0 .. top - 1
  std::vector<uint32_t> chosen_x(static_cast<size_t>(top) * kBlock), chosen_t(static_cast<size_t>(top) * kBlock);
  uint32_t x[kBlock];
  const size_t rows = t.tier.size();
  for (size_t b = 0; b < rows; b += kBlock) {
    const size_t n = std::min(kBlock, rows - b);
    for (int next = 1; next <= top; ++next) {
      const Rule& c = qualify[static_cast<size_t>(next)];
      uint32_t* cx = chosen_x.data() + static_cast<size_t>(next - 1) * kBlock;
      uint32_t* ct = chosen_t.data() + static_cast<size_t>(next - 1) * kBlock;
      bool first = true;
      for (const Rule::Leaf& leaf : c.leaves()) {
        const int64_t min = leaf.target;
        const int32_t* v = narrow[leaf.metric] + b;
        uint32_t* out = first ? cx : x;
        uint32_t target = 1;
        if (min > 0) {
          const auto max = static_cast<int32_t>(min);
          target = static_cast<uint32_t>(max);
          for (size_t k = 0; k < n; ++k) out[k] = static_cast<uint32_t>(v[k] < 0 ? 0 : v[k] > max ? max : v[k]);
        } else { // every 32-bit value compares with max(min, INT32_MIN) as with min
          const auto at_least = static_cast<int32_t>(std::max<int64_t>(min, INT32_MIN));
          for (size_t k = 0; k < n; ++k) out[k] = v[k] >= at_least ? 1u : 0u;
        }
        if (first) {
          for (size_t k = 0; k < n; ++k) ct[k] = target;
          first = false;
          continue;
        }
        auto keep = [&](auto better) {
          for (size_t k = 0; k < n; ++k) {
            const uint32_t leaf_x = x[k], kept_x = cx[k], kept_t = ct[k];
            const uint32_t take = 0u - better(Product{leaf_x} * kept_t, Product{kept_x} * target); // all ones or zero
            cx[k] = blend(take, leaf_x, kept_x);
            ct[k] = blend(take, target, kept_t);
          }
        };
        if (c.any()) keep([](Product leaf, Product kept) { return leaf > kept; });
        else keep([](Product leaf, Product kept) { return leaf < kept; });
      }
    }
    // Each row takes the fraction toward its next tier: {0, 1} when not
    // enrolled (tier -1), {1, 1} at the top; selects, not branches.
    const int8_t* tier = t.tier.data() + b;
    for (size_t k = 0; k < n; ++k) {
      const int tk = tier[k];
      const size_t at = static_cast<size_t>(std::min(std::max(tk, 0), top - 1)) * kBlock + k;
      const uint32_t cx = chosen_x[at], ct = chosen_t[at];
      const bool none = tk < 0 || (tk < top && cx == 0), whole = tk == top || (tk >= 0 && cx == ct);
      t.progress[b + k] = Fraction{whole ? 1 : none ? 0 : cx, whole || none ? 1 : ct};
    }
  }
}

// flat_progress_pass in 32 bits when every product of two targets of a
// condition fits (the usual case; twice the lanes), else in 64 bits. Returns
// false, having written nothing, when a target is beyond 32 bits.
bool flat_progress(const std::vector<Rule>& qualify, const int32_t* const* narrow, Tiering& t) {
  if (qualify.size() < 2) return false; // one tier: nothing to progress toward
  bool products_fit = true;
  for (size_t i = 1; i < qualify.size(); ++i) {
    uint64_t largest = 1, second = 1; // the two largest targets of the condition
    for (const Rule::Leaf& leaf : qualify[i].leaves()) {
      const int64_t min = leaf.target;
      if (min > INT32_MAX) return false;
      const uint64_t target = min > 0 ? static_cast<uint64_t>(min) : 1;
      second = std::max(second, std::min(largest, target));
      largest = std::max(largest, target);
    }
    products_fit = products_fit && largest * second <= UINT32_MAX;
  }
  if (products_fit) flat_progress_pass<uint32_t>(qualify, narrow, t);
  else flat_progress_pass<uint64_t>(qualify, narrow, t);
  return true;
}

} // namespace

Tiering Session::tiers(const Program& p, Day as_of, bool with_progress) {
  cache_->trim();
  Cache& cache = *cache_;
  Tiering t;
  t.as_of = as_of;
  t.customers = listing(cache, log_, as_of);
  const auto& en = enrolled(cache, log_, p, as_of);
  const size_t rows = t.customers.size(), nm = p.metrics.size();
  const int top = static_cast<int>(p.tiers.size()) - 1;
  t.tier.assign(rows, -1);
  t.near.assign(rows, 0);
  if (with_progress) t.progress.assign(rows, Fraction{0, 1});
  // qualify[i]: tier i's rule; near[i]: a near miss toward tier i + 1.
  const TierRules rules(p);
  const std::vector<Rule>& qualify = rules.qualify;
  std::vector<Rule> near;
  for (size_t i = 1; i < qualify.size(); ++i) near.push_back(qualify[i].near());
  const Cache::Retention* ret = p.retention_days > 0 ? &retention(cache, log_, p, as_of) : nullptr;
  bool flat = !ret;
  for (size_t i = 1; i < qualify.size(); ++i) flat = flat && qualify[i].flat();
  if (flat) {
    // Column by column over blocks of rows: each leaf is one comparison loop
    // the compiler vectorises. This is the what-if hot path.
    // Columns whose values all fit in 32 bits are read as int32: half the
    // memory traffic and twice the lanes per vector instruction.
    std::vector<const int64_t*> cols(nm);
    std::vector<const int32_t*> narrow(nm);
    bool all_narrow = true;
    for (size_t m = 0; m < nm; ++m) {
      cols[m] = column(cache, log_, p, p.metrics[m], as_of).data();
      narrow[m] = narrow_column(cache, log_, p, p.metrics[m], as_of);
      all_narrow = all_narrow && narrow[m];
    }
    // Masks and tiers as int32 in the block: one element width a loop, which
    // both GCC and clang (for wasm) vectorise; bytes only when written out.
    constexpr size_t kBlock = kRetierBlock;
    int32_t tv[kBlock], q[kBlock], nv[kBlock];
    auto leaf_pass = [&](const auto* col, auto min, bool any, size_t n) {
      if (any)
        for (size_t k = 0; k < n; ++k) q[k] |= col[k] >= min ? -1 : 0;
      else
        for (size_t k = 0; k < n; ++k) q[k] &= col[k] >= min ? -1 : 0;
    };
    auto fill = [](int32_t* a, int32_t value, size_t n) {
      for (size_t k = 0; k < n; ++k) a[k] = value;
    };
    auto eval = [&](const Rule& c, size_t b, size_t n) {
      const bool any = c.any();
      fill(q, any ? 0 : -1, n);
      for (const Rule::Leaf& leaf : c.leaves()) {
        const int64_t min = leaf.target;
        const size_t mi = static_cast<size_t>(leaf.metric);
        if (!all_narrow) {
          leaf_pass(cols[mi] + b, min, any, n);
        } else if (min > INT32_MAX) { // no 32-bit value reaches it
          if (!any) fill(q, 0, n);
        } else if (min <= INT32_MIN) { // every value does
          if (any) fill(q, -1, n);
        } else {
          leaf_pass(narrow[mi] + b, static_cast<int32_t>(min), any, n);
        }
      }
    };
    for (size_t b = 0; b < rows; b += kBlock) {
      const size_t n = std::min(kBlock, rows - b);
      fill(tv, 0, n);
      fill(nv, 0, n);
      for (int i = 1; i <= top; ++i) {
        eval(qualify[static_cast<size_t>(i)], b, n);
        for (size_t k = 0; k < n; ++k) {
          tv[k] = blend(q[k], i, tv[k]);
        }
      }
      for (int i = 0; i < top; ++i) {
        eval(near[static_cast<size_t>(i)], b, n);
        for (size_t k = 0; k < n; ++k) {
          nv[k] = blend(tv[k] == i ? -1 : 0, q[k], nv[k]);
        }
      }
      int8_t* tier = t.tier.data() + b;
      uint8_t* near_miss = t.near.data() + b;
      for (size_t k = 0; k < n; ++k) tier[k] = static_cast<int8_t>(tv[k]);
      for (size_t k = 0; k < n; ++k) near_miss[k] = static_cast<uint8_t>(nv[k] & 1);
      // Not enrolled (en 0): no tier (-1), no near miss.
      const uint8_t* enrolled = en.data() + b;
      for (size_t k = 0; k < n; ++k) tier[k] = static_cast<int8_t>(tier[k] | (enrolled[k] - 1));
      for (size_t k = 0; k < n; ++k) near_miss[k] = static_cast<uint8_t>(near_miss[k] & enrolled[k]);
    }
    if (with_progress && !(all_narrow && flat_progress(qualify, narrow.data(), t))) {
      const auto& values = table(cache, log_, p, as_of);
      for (size_t r = 0; r < rows; ++r)
        if (t.tier[r] >= 0) t.progress[r] = rules.progress_from(t.tier[r], values.data() + r * nm);
    }
    return t;
  }
  const auto& values = table(cache, log_, p, as_of);
  if (ret) t.held_until.assign(rows, kNoDay);
  std::vector<int> qualified; // per candidate day of one row
  for (size_t r = 0; r < rows; ++r) {
    if (!en[r]) continue;
    const int64_t* v = values.data() + r * nm;
    int tier;
    if (!ret) {
      tier = rules.qualified_tier(v);
    } else {
      const size_t days = ret->begin[r + 1] - ret->begin[r];
      qualified.resize(days);
      for (size_t i = 0; i < days; ++i)
        qualified[i] = rules.qualified_tier(ret->values.data() + (ret->begin[r] + i) * nm);
      const Retained kept = retained_tier({ret->day.data() + ret->begin[r], days}, qualified, p.retention_days);
      tier = kept.tier;
      if (kept.held_until) t.held_until[r] = *kept.held_until;
    }
    t.tier[r] = static_cast<int8_t>(tier);
    if (tier < top) t.near[r] = near[static_cast<size_t>(tier)].holds(v);
    if (with_progress) t.progress[r] = rules.progress_from(tier, v);
  }
  return t;
}

std::vector<int64_t> Session::metric_row(const Program& p, uint32_t customer, Day as_of) {
  const auto& rows = listing(*cache_, log_, as_of);
  auto it = std::lower_bound(rows.begin(), rows.end(), customer);
  if (it == rows.end() || *it != customer) return {};
  const auto& values = table(*cache_, log_, p, as_of);
  size_t r = static_cast<size_t>(it - rows.begin()), nm = p.metrics.size();
  return std::vector<int64_t>(values.begin() + static_cast<long>(r * nm), values.begin() + static_cast<long>((r + 1) * nm));
}

namespace {

// The sum of a column over all customers; refused (never wrapped) beyond 64 bits.
int64_t checked_total(const std::vector<int64_t>& column, const char* what) {
  __int128 sum = 0;
  for (int64_t v : column) sum += v;
  if (sum > INT64_MAX || sum < INT64_MIN) throw InputError(std::string("the total ") + what + " of all customers is beyond 64 bits");
  return static_cast<int64_t>(sum);
}

// The program's currency and engagement weights with automatic enrollment
// and no qualify delay: its columns are what customers actually did (for
// benefit cost and KPIs, which do not depend on membership rules).
Program raw_history(const Program& p) {
  Program raw = p;
  raw.enrollment_required = false;
  raw.qualify_delay_days = 0;
  return raw;
}

ProgramSummary summarize(Session::Cache& cache, const EventLog& log, const Program& p, const Tiering& t) {
  ProgramSummary s;
  s.program = p.name;
  s.tiers.resize(p.tiers.size());
  for (size_t i = 0; i < p.tiers.size(); ++i) s.tiers[i].name = p.tiers[i].name;
  // Benefit cost: discount% x gross spend over the 365 days ending D (raw purchases).
  const Program automatic = raw_history(p);
  Metric gross{"gross_365", Measure::GrossSpend, {Window::Kind::Days, 365}, ""};
  const auto& spend = column(cache, log, automatic, gross, t.as_of);
  std::vector<__int128> exact(p.tiers.size(), 0);
  for (size_t r = 0; r < t.customers.size(); ++r) {
    int tier = t.tier[r];
    if (tier < 0) { ++s.not_enrolled; continue; }
    TierSummary& ts = s.tiers[static_cast<size_t>(tier)];
    ++ts.customers;
    ts.near_misses += t.near[r];
    exact[static_cast<size_t>(tier)] += static_cast<__int128>(spend[r]) * p.tiers[static_cast<size_t>(tier)].benefits.discount_basis_points;
  }
  __int128 total = 0;
  for (size_t i = 0; i < p.tiers.size(); ++i) {
    s.tiers[i].benefit_cost = div_round_half_even(exact[i], 10000);
    s.near_misses += s.tiers[i].near_misses;
    total += exact[i];
  }
  s.benefit_cost = div_round_half_even(total, 10000);
  if (p.points) {
    const auto& pts = points(cache, log, p, t.as_of);
    const int64_t balance = checked_total(pts.balance, "points balance");
    s.points_balance = balance;
    s.points_expired = pts.expired;
    s.points_forgiven = pts.forgiven;
    s.redeems_rejected = pts.rejected_redeems;
    s.points_liability = points_value(*p.points, balance).value_or(0);
  }
  return s;
}

} // namespace

SimulationReport Session::simulate(const Program& baseline, const Program& candidate, Day as_of) {
  cache_->trim();
  SimulationReport rep;
  rep.as_of = as_of;
  rep.currency = baseline.currency.code;
  rep.currency_digits = baseline.currency.digits;
  // A designer moves the candidate; the baseline stays: its tiers and summary
  // are kept from the previous call when the program and day are the same.
  Cache& cache = *cache_;
  const std::string base_key = program_to_json(baseline) + "@" + std::to_string(as_of);
  if (cache.baseline_key != base_key) {
    cache.baseline_tiers = tiers(baseline, as_of, false);
    cache.baseline_summary = summarize(cache, log_, baseline, cache.baseline_tiers);
    cache.baseline_key = base_key;
  }
  const Tiering& a = cache.baseline_tiers;
  Tiering b = tiers(candidate, as_of, false);
  rep.customers = static_cast<int64_t>(a.customers.size());
  rep.baseline = cache.baseline_summary;
  rep.candidate = summarize(*cache_, log_, candidate, b);
  for (const auto& t : baseline.tiers) rep.from.push_back(t.name);
  for (const auto& t : candidate.tiers) rep.to.push_back(t.name);
  rep.migration.assign(rep.from.size(), std::vector<int64_t>(rep.to.size(), 0));
  for (size_t r = 0; r < a.customers.size(); ++r) {
    if (a.tier[r] < 0 || b.tier[r] < 0) continue;
    ++rep.migration[static_cast<size_t>(a.tier[r])][static_cast<size_t>(b.tier[r])];
    if (b.tier[r] > a.tier[r]) ++rep.upgrades;
    else if (b.tier[r] < a.tier[r]) ++rep.downgrades;
  }
  // KPIs of the customer base (seeds 002, 004): lifetime, raw purchases.
  const Program automatic = raw_history(baseline);
  const auto& count = column(*cache_, log_, automatic, Metric{"n", Measure::PurchaseCount, {}, ""}, as_of);
  const auto& net = column(*cache_, log_, automatic, Metric{"net", Measure::NetSpend, {}, ""}, as_of);
  int64_t repeat = 0;
  for (int64_t c : count) repeat += c >= 2;
  const int64_t purchases = checked_total(count, "purchase count"), spend = checked_total(net, "net spend");
  int64_t n = std::max<int64_t>(1, rep.customers);
  rep.kpis.customers = rep.customers;
  rep.kpis.repeat_purchase_rate = {repeat, n};
  rep.kpis.average_purchase_frequency = {purchases, n};
  rep.kpis.average_lifetime_net_spend = {spend, n};
  const Program* with_points = baseline.points ? &baseline : candidate.points ? &candidate : nullptr;
  if (with_points) {
    const auto& pts = points(*cache_, log_, *with_points, as_of);
    rep.kpis.redemption_rate = Fraction{pts.redeemed, std::max<int64_t>(1, pts.earned)};
  }
  return rep;
}

std::vector<Mover> Session::movers(const Program& baseline, const Program& candidate, Day as_of, size_t limit) {
  Tiering a = tiers(baseline, as_of, false);
  Tiering b = tiers(candidate, as_of, false);
  std::vector<Mover> out;
  for (size_t r = 0; r < a.customers.size(); ++r)
    if (a.tier[r] != b.tier[r]) {
      out.push_back({a.customers[r], a.tier[r], b.tier[r]});
      if (limit && out.size() >= limit) break;
    }
  return out;
}

SweepResult Session::sweep(const Program& p, const std::string& tier_name, const std::string& metric_name, int64_t from,
                           int64_t to, int steps, Day as_of) {
  cache_->trim();
  const int tier = p.tier_index(tier_name);
  if (tier < 0) throw InputError("--tier: no tier \"" + tier_name + "\" in the program");
  if (tier == 0) throw InputError("--tier: \"" + tier_name + "\" is the first tier and has no threshold");
  const int metric = p.metric_index(metric_name);
  if (metric < 0) throw InputError("--metric: no metric \"" + metric_name + "\" in the program");
  const TierRules rules(p);
  const Rule& moved = rules.qualify[static_cast<size_t>(tier)];
  const int leaf = moved.first_leaf_on(metric);
  if (leaf < 0) throw InputError("--metric: tier \"" + tier_name + "\" has no condition on \"" + metric_name + "\"");
  if (steps < 1 || steps > 100000) throw InputError("--steps: expected 1 to 100000");

  SweepResult res;
  res.tier = tier_name;
  res.metric = metric_name;
  for (int i = 0; i < steps; ++i)
    res.thresholds.push_back(steps == 1 ? from
                                        : from + static_cast<int64_t>((static_cast<__int128>(to) - from) * i / (steps - 1)));

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
  const int64_t drop_offset = 1 - (moved.leaves()[static_cast<size_t>(leaf)].target - moved.leaves()[static_cast<size_t>(leaf)].threshold);
  TierRules leaf_true = rules, leaf_false = rules;
  leaf_true.qualify[static_cast<size_t>(tier)] = moved.with_leaf_fixed(static_cast<size_t>(leaf), true);
  leaf_false.qualify[static_cast<size_t>(tier)] = moved.with_leaf_fixed(static_cast<size_t>(leaf), false);
  std::vector<int64_t> base(nt, 0);
  struct Change { int64_t at; int8_t from, to; };
  std::vector<Change> changes;
  struct DayPoint { int64_t drop; int t_true, t_false; };
  std::vector<DayPoint> pts;
  std::vector<int> suffix;
  for (size_t r = 0; r < rows.size(); ++r) {
    if (!en[r]) { ++res.not_enrolled; continue; }
    pts.clear();
    auto add_day = [&](const int64_t* v) {
      pts.push_back({v[metric] + drop_offset, leaf_true.qualified_tier(v), leaf_false.qualified_tier(v)});
    };
    if (ret) for (uint32_t i = ret->begin[r]; i < ret->begin[r + 1]; ++i) add_day(ret->values.data() + static_cast<size_t>(i) * nm);
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

ReplayStep parse_replay_step(const std::string& s) {
  if (s == "day") return ReplayStep::Day;
  if (s == "week") return ReplayStep::Week;
  if (s == "month") return ReplayStep::Month;
  throw InputError("--step: expected day, week or month, got \"" + s + "\"");
}

ReplayResult Session::replay(const Program& p, Day from, Day to, ReplayStep step) {
  if (to < from) throw InputError("--to is before --from");
  ReplayResult res;
  for (const auto& t : p.tiers) res.tiers.push_back(t.name);
  std::vector<Day> days;
  for (int i = 0;; ++i) {
    Day d = step == ReplayStep::Day ? from + i : step == ReplayStep::Week ? from + 7 * i : add_months(from, i);
    if (d > to) break;
    days.push_back(d);
    if (days.size() > 20000) throw InputError("replay: more than 20000 steps; use a longer --step");
  }
  const int top = static_cast<int>(p.tiers.size()) - 1;
  Tiering prev;
  for (size_t k = 0; k < days.size(); ++k) {
    Tiering t = tiers(p, days[k], false);
    ReplayPoint pt;
    pt.day = days[k];
    pt.counts.assign(p.tiers.size(), 0);
    pt.customers = static_cast<int64_t>(t.customers.size());
    for (int8_t x : t.tier) {
      if (x < 0) ++pt.not_enrolled;
      else ++pt.counts[static_cast<size_t>(x)];
    }
    int64_t could_advance = 0;
    if (k > 0) { // customers in both steps: listings only grow, so merge by index
      size_t j = 0;
      for (size_t i = 0; i < prev.customers.size(); ++i) {
        while (j < t.customers.size() && t.customers[j] < prev.customers[i]) ++j;
        if (j == t.customers.size() || t.customers[j] != prev.customers[i]) continue;
        int a = prev.tier[i], b = t.tier[j];
        if (a < 0 || b < 0) continue;
        if (a < top) ++could_advance;
        if (b > a) ++pt.upgrades;
        else if (b < a) ++pt.downgrades;
      }
    }
    pt.advancement_rate = {pt.upgrades, std::max<int64_t>(1, could_advance)};
    res.points.push_back(std::move(pt));
    prev = std::move(t);
  }
  return res;
}

// ---- output ----

namespace {

void summary_json(json::Writer& w, const ProgramSummary& s, int64_t customers, int digits) {
  w.begin_object();
  w.key("program").string(s.program);
  w.key("tiers").begin_array();
  for (const auto& t : s.tiers) {
    w.begin_object();
    w.key("name").string(t.name);
    w.key("customers").integer(t.customers);
    w.key("share").raw(format_fraction({t.customers, std::max<int64_t>(1, customers)}, 4));
    w.key("near_misses").integer(t.near_misses);
    w.key("benefit_cost").raw(format_decimal(t.benefit_cost, digits));
    w.end_object();
  }
  w.end_array();
  w.key("not_enrolled").integer(s.not_enrolled);
  w.key("near_misses").integer(s.near_misses);
  w.key("benefit_cost").raw(format_decimal(s.benefit_cost, digits));
  if (s.points_liability) {
    w.key("points_balance").integer(*s.points_balance);
    w.key("points_liability").raw(format_decimal(*s.points_liability, digits));
    w.key("points_expired").integer(s.points_expired);
    w.key("points_forgiven").integer(s.points_forgiven);
    w.key("redeems_rejected").integer(s.redeems_rejected);
  }
  w.end_object();
}

std::string money_avg(Fraction f, int digits) { return format_fraction({f.num, f.den * pow10i(digits)}, digits); }

} // namespace

std::string simulation_json(const SimulationReport& r) {
  json::Writer w;
  w.begin_object();
  w.key("as_of").string(format_day(r.as_of));
  w.key("customers").integer(r.customers);
  w.key("currency").string(r.currency);
  w.key("baseline");
  summary_json(w, r.baseline, r.customers, r.currency_digits);
  w.key("candidate");
  summary_json(w, r.candidate, r.customers, r.currency_digits);
  w.key("migration").begin_object();
  w.key("from").begin_array();
  for (const auto& n : r.from) w.string(n);
  w.end_array();
  w.key("to").begin_array();
  for (const auto& n : r.to) w.string(n);
  w.end_array();
  w.key("counts").begin_array();
  for (const auto& row : r.migration) {
    w.begin_array();
    for (int64_t c : row) w.integer(c);
    w.end_array();
  }
  w.end_array();
  w.end_object();
  w.key("upgrades").integer(r.upgrades);
  w.key("downgrades").integer(r.downgrades);
  w.key("kpis").begin_object();
  w.key("repeat_purchase_rate").raw(format_fraction(r.kpis.repeat_purchase_rate, 4));
  w.key("average_purchase_frequency").raw(format_fraction(r.kpis.average_purchase_frequency, 4));
  w.key("average_lifetime_net_spend").raw(money_avg(r.kpis.average_lifetime_net_spend, r.currency_digits));
  w.key("redemption_rate");
  if (r.kpis.redemption_rate) w.raw(format_fraction(*r.kpis.redemption_rate, 4)); else w.null();
  w.end_object();
  w.end_object();
  return w.take();
}

std::string simulation_text(const SimulationReport& r) {
  std::string out;
  char buf[512];
  std::snprintf(buf, sizeof buf, "As of %s, %lld customers (%s)\n\n", format_day(r.as_of).c_str(),
                static_cast<long long>(r.customers), r.currency.c_str());
  out += buf;
  std::snprintf(buf, sizeof buf, "%-16s %12s %8s %12s %8s %10s %16s\n", "tier", "baseline", "share", "candidate", "share",
                "change", "candidate cost");
  out += buf;
  size_t n = std::max(r.baseline.tiers.size(), r.candidate.tiers.size());
  int64_t den = std::max<int64_t>(1, r.customers);
  for (size_t i = 0; i < n; ++i) {
    const TierSummary* a = i < r.baseline.tiers.size() ? &r.baseline.tiers[i] : nullptr;
    const TierSummary* b = i < r.candidate.tiers.size() ? &r.candidate.tiers[i] : nullptr;
    int64_t ca = a ? a->customers : 0, cb = b ? b->customers : 0;
    std::snprintf(buf, sizeof buf, "%-16s %12lld %7s%% %12lld %7s%% %+10lld %16s\n", (b ? b->name : a->name).c_str(),
                  static_cast<long long>(ca), format_fraction({ca * 100, den}, 1).c_str(), static_cast<long long>(cb),
                  format_fraction({cb * 100, den}, 1).c_str(), static_cast<long long>(cb - ca),
                  b ? format_decimal(b->benefit_cost, r.currency_digits).c_str() : "");
    out += buf;
  }
  std::snprintf(buf, sizeof buf, "%-16s %12lld %8s %12lld\n\n", "not enrolled", static_cast<long long>(r.baseline.not_enrolled),
                "", static_cast<long long>(r.candidate.not_enrolled));
  out += buf;
  std::snprintf(buf, sizeof buf, "Upgrades %lld, downgrades %lld. Near misses (progress >= 0.8): baseline %lld, candidate %lld.\n",
                static_cast<long long>(r.upgrades), static_cast<long long>(r.downgrades),
                static_cast<long long>(r.baseline.near_misses), static_cast<long long>(r.candidate.near_misses));
  out += buf;
  std::snprintf(buf, sizeof buf, "Benefit cost (discount x gross spend, last 365 days): baseline %s, candidate %s %s.\n",
                format_decimal(r.baseline.benefit_cost, r.currency_digits).c_str(),
                format_decimal(r.candidate.benefit_cost, r.currency_digits).c_str(), r.currency.c_str());
  out += buf;
  if (r.candidate.points_liability) {
    std::snprintf(buf, sizeof buf, "Points liability: baseline %s, candidate %s %s.\n",
                  r.baseline.points_liability ? format_decimal(*r.baseline.points_liability, r.currency_digits).c_str() : "-",
                  format_decimal(*r.candidate.points_liability, r.currency_digits).c_str(), r.currency.c_str());
    out += buf;
  }
  out += "\nMigration (rows: baseline, columns: candidate)\n";
  std::snprintf(buf, sizeof buf, "%-16s", "");
  out += buf;
  for (const auto& t : r.to) {
    std::snprintf(buf, sizeof buf, " %10.10s", t.c_str());
    out += buf;
  }
  out += '\n';
  for (size_t i = 0; i < r.from.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%-16.16s", r.from[i].c_str());
    out += buf;
    for (int64_t c : r.migration[i]) {
      std::snprintf(buf, sizeof buf, " %10lld", static_cast<long long>(c));
      out += buf;
    }
    out += '\n';
  }
  std::snprintf(buf, sizeof buf,
                "\nKPIs: repeat purchase rate %s%%, average purchases %s, average lifetime net spend %s %s",
                format_fraction({r.kpis.repeat_purchase_rate.num * 100, r.kpis.repeat_purchase_rate.den}, 1).c_str(),
                format_fraction(r.kpis.average_purchase_frequency, 2).c_str(),
                money_avg(r.kpis.average_lifetime_net_spend, r.currency_digits).c_str(), r.currency.c_str());
  out += buf;
  if (r.kpis.redemption_rate) {
    std::snprintf(buf, sizeof buf, ", redemption rate %s%%",
                  format_fraction({r.kpis.redemption_rate->num * 100, r.kpis.redemption_rate->den}, 1).c_str());
    out += buf;
  }
  out += ".\n";
  return out;
}

std::string sweep_json(const Program& p, const SweepResult& s) {
  json::Writer w;
  const int metric = p.metric_index(s.metric);
  w.begin_object();
  w.key("tier").string(s.tier);
  w.key("metric").string(s.metric);
  w.key("tiers").begin_array();
  for (const auto& t : p.tiers) w.string(t.name);
  w.end_array();
  w.key("not_enrolled").integer(s.not_enrolled);
  w.key("steps").begin_array();
  for (size_t i = 0; i < s.thresholds.size(); ++i) {
    w.begin_object();
    w.key("threshold").raw(format_metric_value(p, metric, s.thresholds[i]));
    w.key("counts").begin_array();
    for (int64_t c : s.counts[i]) w.integer(c);
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

std::string sweep_csv(const Program& p, const SweepResult& s) {
  std::string out = "threshold";
  for (const auto& t : p.tiers) {
    out += ',';
    append_csv_field(out, t.name);
  }
  out += '\n';
  const int metric = p.metric_index(s.metric);
  for (size_t i = 0; i < s.thresholds.size(); ++i) {
    out += format_metric_value(p, metric, s.thresholds[i]);
    for (int64_t c : s.counts[i]) out += "," + std::to_string(c);
    out += '\n';
  }
  return out;
}

std::string replay_json(const ReplayResult& r) {
  json::Writer w;
  w.begin_object();
  w.key("tiers").begin_array();
  for (const auto& t : r.tiers) w.string(t);
  w.end_array();
  w.key("steps").begin_array();
  for (const auto& pt : r.points) {
    w.begin_object();
    w.key("date").string(format_day(pt.day));
    w.key("customers").integer(pt.customers);
    w.key("counts").begin_array();
    for (int64_t c : pt.counts) w.integer(c);
    w.end_array();
    w.key("not_enrolled").integer(pt.not_enrolled);
    w.key("upgrades").integer(pt.upgrades);
    w.key("downgrades").integer(pt.downgrades);
    w.key("advancement_rate").raw(format_fraction(pt.advancement_rate, 4));
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

std::string replay_csv(const ReplayResult& r) {
  std::string out = "date,customers";
  for (const auto& t : r.tiers) {
    out += ',';
    append_csv_field(out, t);
  }
  out += ",not_enrolled,upgrades,downgrades,advancement_rate\n";
  for (const auto& pt : r.points) {
    out += format_day(pt.day) + "," + std::to_string(pt.customers);
    for (int64_t c : pt.counts) out += "," + std::to_string(c);
    out += "," + std::to_string(pt.not_enrolled) + "," + std::to_string(pt.upgrades) + "," + std::to_string(pt.downgrades) +
           "," + format_fraction(pt.advancement_rate, 4) + "\n";
  }
  return out;
}

} // namespace tierlab
