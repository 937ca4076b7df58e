// build_log: the one place that orders events (the import seam,
// docs/architecture.md). Every reader hands it LogColumns in file order; it
// decides nothing about what an event is, it only sorts:
//   1. customers ranked by byte order (16-byte prefixes sorted, ties by the
//      whole id);
//   2. each event's destination from a count per customer (a counting sort,
//      stable: file order is kept within a customer), and the columns
//      scattered there one at a time;
//   3. each customer's events sorted by day where they are not already.
// Input already by (customer, day) is not permuted at all.
#include <algorithm>
#include <cstring>
#include <numeric>

#include "log_builder.hpp"

namespace tierlab {

void LogColumns::to_rows() {
  if (by_row) return;
  const size_t n = runs.empty() ? 0 : runs.back().end;
  reserve_column(customer, std::max(n, day.capacity()));
  customer.resize(n);
  for (size_t r = 0, b = 0; r < runs.size(); b = runs[r++].end)
    std::fill(customer.begin() + static_cast<std::ptrdiff_t>(b), customer.begin() + runs[r].end, runs[r].customer);
  std::vector<Run>().swap(runs);
  by_row = true;
}

#ifdef TIERLAB_SMALL_CODE
// The widget's lean module holds one shopper's events: the plain version
// is enough, and 2 KB of gzipped wasm smaller.
EventLog build_log(LogColumns&& in) { return build_log_plain(std::move(in)); }
#else
namespace {

// build_log's two orders of indices, as one comparator type so that std::sort
// is compiled once (an instantiation is about 1.6 KB of the widget's wasm):
// customers by id (unique), or a customer's events by (day, position).
struct IndexOrder {
  const std::vector<std::string>* customers;
  const std::vector<Day>* day;
  bool operator()(uint32_t x, uint32_t y) const {
    if (customers) return (*customers)[x] < (*customers)[y];
    const Day a = (*day)[x], b = (*day)[y];
    return a != b ? a < b : x < y;
  }
};

// Bytes [at, at + 8) of s as a big-endian number, zero past its end: two of
// them order ids as std::string's byte order does, up to ties.
uint64_t prefix_word(const std::string& s, size_t at) {
  unsigned char b[8] = {};
  if (at < s.size()) std::memcpy(b, s.data() + at, std::min<size_t>(8, s.size() - at));
  uint64_t v = 0;
  for (unsigned char c : b) v = v << 8 | c;
  return v;
}

// The customers' indices in byte order of their ids. Sorting 16-byte keys
// in one array touches far less memory than comparing strings through
// indices (a cache miss or two per comparison with a million ids); ids that
// share their first 16 bytes (or differ only by trailing NULs) are then
// ordered by the whole id.
std::vector<uint32_t> customers_in_byte_order(const std::vector<std::string>& ids) {
  struct Key {
    uint64_t hi, lo;
    uint32_t index;
  };
  std::vector<Key> keys(ids.size());
  for (uint32_t i = 0; i < ids.size(); ++i) keys[i] = {prefix_word(ids[i], 0), prefix_word(ids[i], 8), i};
  std::sort(keys.begin(), keys.end(),
            [](const Key& a, const Key& b) { return a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo; });
  std::vector<uint32_t> order(ids.size());
  for (size_t i = 0; i < keys.size(); ++i) order[i] = keys[i].index;
  for (size_t g = 0; g < keys.size();) {
    size_t e = g + 1;
    while (e < keys.size() && keys[e].hi == keys[g].hi && keys[e].lo == keys[g].lo) ++e;
    if (e - g > 1)
      std::sort(order.begin() + static_cast<std::ptrdiff_t>(g), order.begin() + static_cast<std::ptrdiff_t>(e),
                IndexOrder{&ids, nullptr});
    g = e;
  }
  return order;
}

// col[dest[i]] = col[i] for every i, written into `spare`, which then
// holds the old column (so the next column of the same type reuses it).
template <class T> void scatter(std::vector<T>& col, const std::vector<uint32_t>& dest, std::vector<T>& spare) {
  if (spare.capacity() < col.size()) {
    std::vector<T>().swap(spare);
    reserve_column(spare, col.size());
  }
  spare.resize(col.size());
  for (size_t i = 0; i < col.size(); ++i) spare[dest[i]] = col[i];
  col.swap(spare);
}

// Sorts each customer's events [begin[c], begin[c + 1]) by day, equal days
// in their present order (file order). Values beyond 32 bits move with
// their marker: the side table is re-keyed.
void sort_days(const std::vector<uint32_t>& begin, std::vector<Day>& day, std::vector<uint16_t>& kind,
               AmountColumn& amount) {
  std::vector<int32_t>& cells = amount.cells();
  auto& big = amount.big_values();
  std::vector<std::pair<size_t, size_t>> big_moved; // (from, to) of side-table values
  std::vector<uint32_t> order;
  std::vector<Day> d;
  std::vector<uint16_t> k;
  std::vector<int32_t> a;
  for (size_t c = 0; c + 1 < begin.size(); ++c) {
    const size_t b = begin[c], e = begin[c + 1];
    bool sorted = true;
    for (size_t i = b + 1; sorted && i < e; ++i) sorted = day[i - 1] <= day[i];
    if (sorted) continue;
    if (e - b <= 32 && big.empty()) { // insertion sort: stable, and short here
      for (size_t i = b + 1; i < e; ++i) {
        const Day x = day[i];
        const uint16_t y = kind[i];
        const int32_t z = cells[i];
        size_t j = i;
        for (; j > b && day[j - 1] > x; --j) {
          day[j] = day[j - 1];
          kind[j] = kind[j - 1];
          cells[j] = cells[j - 1];
        }
        day[j] = x;
        kind[j] = y;
        cells[j] = z;
      }
      continue;
    }
    // By (day, position): a unique key, so std::sort gives the stable order.
    order.resize(e - b);
    std::iota(order.begin(), order.end(), static_cast<uint32_t>(b));
    std::sort(order.begin(), order.end(), IndexOrder{nullptr, &day});
    d.clear();
    k.clear();
    a.clear();
    for (const uint32_t from : order) {
      d.push_back(day[from]);
      k.push_back(kind[from]);
      a.push_back(cells[from]);
      if (cells[from] == AmountColumn::kBig) big_moved.push_back({from, b + d.size() - 1});
    }
    std::copy(d.begin(), d.end(), day.begin() + static_cast<std::ptrdiff_t>(b));
    std::copy(k.begin(), k.end(), kind.begin() + static_cast<std::ptrdiff_t>(b));
    std::copy(a.begin(), a.end(), cells.begin() + static_cast<std::ptrdiff_t>(b));
  }
  if (!big_moved.empty()) {
    std::sort(big_moved.begin(), big_moved.end());
    for (auto& [at, value] : big) {
      auto m = std::lower_bound(big_moved.begin(), big_moved.end(), std::pair<size_t, size_t>(at, 0));
      if (m != big_moved.end() && m->first == at) at = m->second;
    }
    std::sort(big.begin(), big.end());
  }
}

} // namespace

EventLog build_log(LogColumns&& in) {
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
      for (auto& c : in.customer) c = keep[c];
    }
  }
  // Customers in byte order (rank[c] = place of customer c).
  std::vector<uint32_t> rank(in.customers.size());
  std::iota(rank.begin(), rank.end(), 0u);
  if (!std::is_sorted(in.customers.begin(), in.customers.end())) {
    const std::vector<uint32_t> order = customers_in_byte_order(in.customers);
    for (uint32_t i = 0; i < order.size(); ++i) rank[order[i]] = i;
    log.customer_ids.resize(in.customers.size());
    for (uint32_t i = 0; i < order.size(); ++i) log.customer_ids[i] = std::move(in.customers[order[i]]);
  } else {
    log.customer_ids = std::move(in.customers);
  }
  std::vector<std::string>().swap(in.customers);

  // Events per customer, and whether they already come by (customer, day).
  log.begin.assign(log.customer_ids.size() + 1, 0);
  bool in_order = true;
  if (in.by_row) { // the customer column becomes ranks
    uint32_t last = 0;
    for (size_t i = 0; i < n; ++i) {
      const uint32_t r = rank[in.customer[i]];
      in.customer[i] = r;
      ++log.begin[r + 1];
      if (i > 0 && in_order) in_order = last < r || (last == r && in.day[i - 1] <= in.day[i]);
      last = r;
    }
  } else {
    for (size_t r = 0, b = 0; r < in.runs.size(); b = in.runs[r++].end) {
      const uint32_t c = rank[in.runs[r].customer];
      log.begin[c + 1] += in.runs[r].end - static_cast<uint32_t>(b);
      if (in_order && r > 0 && rank[in.runs[r - 1].customer] >= c) in_order = false;
      for (size_t i = b + 1; in_order && i < in.runs[r].end; ++i) in_order = in.day[i - 1] <= in.day[i];
    }
  }
  for (size_t i = 1; i < log.begin.size(); ++i) log.begin[i] += log.begin[i - 1];
  if (!in_order) {
    // dest[i] = where event i goes: its customer's next place (a counting
    // sort, stable). By row, it takes the customer column's place.
    std::vector<uint32_t> dest;
    std::vector<uint32_t> fill(log.begin.begin(), log.begin.end() - 1);
    if (in.by_row) {
      dest.swap(in.customer);
      for (uint32_t& d : dest) d = fill[d]++;
    } else {
      reserve_column(dest, n);
      dest.resize(n);
      for (size_t r = 0, b = 0; r < in.runs.size(); b = in.runs[r++].end) {
        uint32_t& at = fill[rank[in.runs[r].customer]];
        for (size_t i = b; i < in.runs[r].end; ++i) dest[i] = at++;
      }
    }
    std::vector<uint32_t>().swap(fill);
    std::vector<uint32_t>().swap(rank);
    decltype(in.runs)().swap(in.runs);
    // One column at a time: the peak is one 4-byte column more, and the
    // days' old column takes the amounts.
    static_assert(sizeof(Day) == sizeof(int32_t));
    std::vector<int32_t> spare;
    scatter(in.day, dest, spare);
    scatter(in.amount.cells(), dest, spare);
    std::vector<int32_t>().swap(spare);
    std::vector<uint16_t> spare_kind;
    scatter(in.kind, dest, spare_kind);
    std::vector<uint16_t>().swap(spare_kind);
    for (auto& [at, value] : in.amount.big_values()) at = dest[at];
    std::sort(in.amount.big_values().begin(), in.amount.big_values().end());
    std::vector<uint32_t>().swap(dest);
    sort_days(log.begin, in.day, in.kind, in.amount);
  }
  decltype(in.runs)().swap(in.runs);
  std::vector<uint32_t>().swap(in.customer);
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

#endif // TIERLAB_SMALL_CODE

} // namespace tierlab
