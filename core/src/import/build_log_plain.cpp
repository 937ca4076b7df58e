// build_log_plain: the plain version of build_log (the one before issue
// #15), kept as the reference the fast one is tested against
// (tests/test_import_orders.cpp) and as the widget's lean module's build_log,
// where code size matters more than a million customers: customers sorted
// through indices, a permutation built from a count per customer, each
// customer's events sorted by (day, position), the permutation applied in
// place cycle by cycle.
#include <algorithm>
#include <numeric>

#include "log_builder.hpp"

namespace tierlab {

namespace {
// Two orders of indices, as one comparator type so that std::sort is
// compiled once (an instantiation is about 1.6 KB of the widget's wasm):
// customers by id (unique), or a customer's events by (day, position).
struct PlainOrder {
  const std::vector<std::string>* customers;
  const std::vector<Day>* day;
  bool operator()(uint32_t x, uint32_t y) const {
    if (customers) return (*customers)[x] < (*customers)[y];
    const Day a = (*day)[x], b = (*day)[y];
    return a != b ? a < b : x < y;
  }
};
} // namespace

EventLog build_log_plain(LogColumns&& in) {
  EventLog log;
  const size_t n = in.size();
  { // A customer whose every row was a duplicate is no customer at all.
    std::vector<uint32_t> keep(in.customers.size(), 0);
    in.each_customer([&](size_t, uint32_t c) { keep[c] = 1; });
    if (std::find(keep.begin(), keep.end(), 0u) != keep.end()) {
      uint32_t next = 0;
      for (size_t c = 0; c < keep.size(); ++c)
        if (keep[c]) {
          if (next != c) in.customers[next] = std::move(in.customers[c]);
          keep[c] = next++;
        }
      in.customers.resize(next);
      for (auto& r : in.runs) r.customer = keep[r.customer];
#ifndef TIERLAB_SMALL_CODE
      for (auto& c : in.customer) c = keep[c];
#endif
    }
  }
  // Customers in byte order (rank[c] = place of customer c).
  std::vector<uint32_t> rank(in.customers.size());
  std::iota(rank.begin(), rank.end(), 0u);
  if (!std::is_sorted(in.customers.begin(), in.customers.end())) {
    std::vector<uint32_t> order(rank);
    std::sort(order.begin(), order.end(), PlainOrder{&in.customers, nullptr});
    for (uint32_t i = 0; i < order.size(); ++i) rank[order[i]] = i;
    log.customer_ids.resize(in.customers.size());
    for (uint32_t i = 0; i < order.size(); ++i) log.customer_ids[i] = std::move(in.customers[order[i]]);
  } else {
    log.customer_ids = std::move(in.customers);
  }
  std::vector<std::string>().swap(in.customers);

  log.begin.assign(log.customer_ids.size() + 1, 0);
  bool in_order = true; // already by (customer, day)?
  uint32_t last = 0;
  in.each_customer([&](size_t i, uint32_t customer) {
    const uint32_t c = rank[customer];
    ++log.begin[c + 1];
    if (i > 0 && in_order) in_order = last < c || (last == c && in.day[i - 1] <= in.day[i]);
    last = c;
  });
  for (size_t i = 1; i < log.begin.size(); ++i) log.begin[i] += log.begin[i - 1];
  std::vector<int32_t>& amount = in.amount.cells();
  if (!in_order) {
    std::vector<uint32_t> perm(n); // perm[i] = where event i of the log comes from
    {
      std::vector<uint32_t> fill(log.begin.begin(), log.begin.end() - 1);
      in.each_customer([&](size_t i, uint32_t customer) { perm[fill[rank[customer]]++] = static_cast<uint32_t>(i); });
    }
    decltype(in.runs)().swap(in.runs);
    for (size_t c = 0; c + 1 < log.begin.size(); ++c) {
      auto b = perm.begin() + log.begin[c], e = perm.begin() + log.begin[c + 1];
      // Within a customer perm holds file positions in ascending order, so a
      // sort by (day, position) -- a unique key -- is the stable sort by day
      // (and needs no merge code: 2 KB less in the widget's wasm).
      if (!std::is_sorted(b, e, [&](uint32_t x, uint32_t y) { return in.day[x] < in.day[y]; }))
        std::sort(b, e, PlainOrder{nullptr, &in.day});
    }
    // Apply the permutation in place, cycle by cycle, to all three columns at
    // once: no second copy of any column.
    std::vector<bool> done(n, false);
    for (size_t start = 0; start < n; ++start) {
      if (done[start] || perm[start] == start) continue;
      const Day d = in.day[start];
      const uint16_t k = in.kind[start];
      const int32_t a = amount[start];
      size_t at = start;
      for (;;) {
        done[at] = true;
        const size_t from = perm[at];
        if (from == start) {
          in.day[at] = d;
          in.kind[at] = k;
          amount[at] = a;
          break;
        }
        in.day[at] = in.day[from];
        in.kind[at] = in.kind[from];
        amount[at] = amount[from];
        at = from;
      }
    }
    // Values beyond 32 bits moved with their marker: re-key the side table.
    auto& big = in.amount.big_values();
    if (!big.empty()) {
      std::vector<std::pair<size_t, int64_t>> moved;
      for (size_t i = 0; i < n; ++i)
        if (amount[i] == AmountColumn::kBig)
          moved.push_back(
              {i, std::lower_bound(big.begin(), big.end(), std::pair<size_t, int64_t>(perm[i], INT64_MIN))->second});
      big.swap(moved);
    }
  }
  decltype(in.runs)().swap(in.runs);
#ifndef TIERLAB_SMALL_CODE
  std::vector<uint32_t>().swap(in.customer);
#endif
  log.kinds = std::move(in.kinds);
  std::vector<EventType> kind_type(log.kinds.size());
  for (size_t k = 0; k < log.kinds.size(); ++k) kind_type[k] = event_type_of(log.kinds[k]);
  log.day = std::move(in.day);
  log.kind = std::move(in.kind);
  log.amount = std::move(in.amount);
  reserve_column(log.type, n);
  log.type.resize(n);
  for (size_t i = 0; i < n; ++i) log.type[i] = kind_type[log.kind[i]];
  if (n > 0) { // values, not min_element's place: a loop both compilers vectorise
    Day first = log.day[0], last = log.day[0];
    for (const Day d : log.day) {
      first = d < first ? d : first;
      last = d > last ? d : last;
    }
    log.first_day = first;
    log.last_day = last;
  }
  return log;
}

} // namespace tierlab
