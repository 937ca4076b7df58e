// The re-tier: every listed customer's tier, near miss and progress from the
// cached metric columns, as block passes for flat rules (the what-if hot path)
// and per row otherwise. Both ask rules.hpp's rules; tests hold the passes to them.
#include <algorithm>
#include <climits>

#include "simulate/cache.hpp"

namespace tierlab {
using namespace session_cache;

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

// Status programs (spec §3b): each enrolled row walks its cached metric
// timeline (walk_status, the rule's one definition); near misses and progress
// on the values at as_of as for every program.
void status_pass(const TierRules& rules, const std::vector<Rule>& near, const Session::Cache::Timelines& tl,
                 const std::vector<uint8_t>& en, const std::vector<int64_t>& values, size_t nm, bool with_progress,
                 Tiering& t) {
  const size_t rows = t.customers.size();
  t.held_until.assign(rows, kNoDay);
  t.review_tier.assign(rows, -1);
  int64_t keep[kMaxMetrics];
  for (size_t r = 0; r < rows; ++r) {
    if (!en[r]) continue;
    const StatusOutcome o = walk_status(rules, tl.view(r, nm), t.as_of, keep);
    const int64_t* v = values.data() + r * nm;
    t.tier[r] = static_cast<int8_t>(o.tier);
    if (o.held_until) t.held_until[r] = *o.held_until;
    t.review_tier[r] = static_cast<int8_t>(o.review_tier);
    if (o.tier < rules.top()) t.near[r] = near[static_cast<size_t>(o.tier)].holds(v);
    if (with_progress) t.progress[r] = rules.progress_from(o.tier, v);
  }
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
  if (p.status) {
    status_pass(rules, near, timelines(cache, log_, p, as_of), en, table(cache, log_, p, as_of), nm, with_progress, t);
    return t;
  }
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
  return std::vector<int64_t>(values.begin() + static_cast<long>(r * nm),
                              values.begin() + static_cast<long>((r + 1) * nm));
}

} // namespace tierlab
