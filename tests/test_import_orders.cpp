// Rows in any order (issue #15): the same events by customer, by date and
// shuffled give the same customers and, per customer, the same events; the
// fast reader (batched interning, one customer index a row) gives exactly
// the general reader's log and report on every order; build_log's counting
// sort and CustomerInterner are held to hand-worked answers.
#include <algorithm>
#include <map>
#include <tuple>

#include "helpers.hpp"
#include "import/customer_interner.hpp"
#include "log_builder.hpp"

using namespace tt;

namespace {

std::string generated_in(GenerateOrder order, uint64_t customers, uint64_t seed) {
  GenerateOptions g;
  g.customers = customers;
  g.seed = seed;
  g.order = order;
  std::string out;
  generate_events(g, [&](std::string_view s) { out += s; });
  return out;
}

Import read(const std::string& csv, int threads) {
  ImportOptions opt;
  opt.threads = threads;
  opt.source = "e.csv";
  return import_events_csv(csv, opt);
}

// The general reader only (LogBuilder): one field quoted, the same value.
Import read_general(std::string csv) {
  const size_t row2 = csv.find('\n') + 1, comma = csv.find(',', row2);
  csv.insert(comma, "\"");
  csv.insert(row2, "\"");
  return read(csv, 1);
}

// A customer's events as (day, kind name, amount), sorted: the same
// whatever order the file's rows came in.
using Event = std::tuple<Day, std::string, int64_t>;
std::vector<Event> events_of(const EventLog& log, size_t c) {
  std::vector<Event> out;
  for (size_t i = log.begin[c]; i < log.begin[c + 1]; ++i)
    out.emplace_back(log.day[i], log.kinds[log.kind[i]], log.amount[i]);
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace

TEST_CASE("generate --order: the same rows by customer, by date and shuffled", "[generate][orders]") {
  const std::string by_customer = generated_in(GenerateOrder::Customer, 300, 5);
  const std::string by_date = generated_in(GenerateOrder::Date, 300, 5);
  const std::string shuffled = generated_in(GenerateOrder::Shuffled, 300, 5);
  CHECK(by_customer == generated(300, 5)); // the default is unchanged
  auto lines = [](const std::string& s) {
    std::vector<std::string> out;
    for (size_t at = 0; at < s.size();) {
      const size_t nl = s.find('\n', at);
      out.push_back(s.substr(at, nl - at));
      at = nl + 1;
    }
    return out;
  };
  auto a = lines(by_customer), b = lines(by_date), c = lines(shuffled);
  REQUIRE(a.size() > 3000);
  CHECK(a[0] == b[0]); // the header first in every order
  CHECK(a[0] == c[0]);
  CHECK(a != b);
  CHECK(b != c);
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  std::sort(c.begin(), c.end());
  CHECK(a == b);
  CHECK(a == c);
  // By date: the UTC day of each row never goes back (a +02:00 date-time may
  // show the next calendar date, so compare the first 10 bytes of plain dates only).
  std::string last;
  size_t plain = 0;
  for (const std::string& row : lines(by_date)) {
    const size_t d = row.find(',', row.find(',') + 1) + 1;
    if (row.size() < d + 11 || row[d + 10] != ',') continue;
    const std::string day = row.substr(d, 10);
    CHECK(day >= last);
    last = day;
    ++plain;
  }
  CHECK(plain > 2500);
}

TEST_CASE("every row order: the fast reader gives the general reader's log, on any number of threads",
          "[events][fast][orders]") {
  const std::string grouped_csv = generated_in(GenerateOrder::Customer, 2000, 11);
  const Import grouped = read_general(grouped_csv);
  for (GenerateOrder order : {GenerateOrder::Customer, GenerateOrder::Date, GenerateOrder::Shuffled}) {
    INFO("order " << static_cast<int>(order));
    const std::string csv = generated_in(order, 2000, 11);
    const Import general = read_general(csv);
    CHECK(general.report.duplicates > 50);
    for (int threads : {1, 2, 3, 7}) {
      INFO("threads " << threads);
      require_same(read(csv, threads), general);
    }
    // The same customers and, per customer, the same events as grouped input.
    REQUIRE(general.log.customer_ids == grouped.log.customer_ids);
    CHECK(general.report.rows_used == grouped.report.rows_used);
    for (size_t c = 0; c < grouped.log.customers(); ++c) {
      INFO("customer " << grouped.log.customer_ids[c]);
      REQUIRE(events_of(general.log, c) == events_of(grouped.log, c));
      for (size_t i = general.log.begin[c] + 1; i < general.log.begin[c + 1]; ++i)
        REQUIRE(general.log.day[i - 1] <= general.log.day[i]);
    }
  }
}

TEST_CASE("build_log: runs and one index a row give the same log; same-day events keep file order",
          "[events][orders]") {
  // Customers in order of first appearance: "b", "a\0" (a NUL after a),
  // "a", "aaaaaaaaaaaaaaaaX" and "aaaaaaaaaaaaaaaaA" (17 bytes, sharing the
  // 16-byte prefix). Byte order: a < a\0 < aaaa..A < aaaa..X < b.
  const std::vector<std::string> names = {"b", std::string("a\0", 2), "a", "aaaaaaaaaaaaaaaaX", "aaaaaaaaaaaaaaaaA"};
  // (customer, day, kind, amount) in file order.
  const std::vector<std::tuple<uint32_t, Day, uint16_t, int64_t>> rows = {
      {0, 30, 0, 1}, {1, 20, 0, 2}, {0, 10, 1, 3}, {2, 5, 0, 4},          {0, 30, 1, 5},
      {3, 7, 0, 6},  {4, 7, 0, 7},  {0, 10, 0, 8}, {2, 5, 1, 5000000000}, {1, 1, 0, 9}};
  auto columns = [&](bool by_row) {
    LogColumns cols;
    cols.customers = names;
    cols.kinds = {"purchase", "review"};
    for (const auto& [c, d, k, a] : rows) {
      cols.push_customer(c);
      cols.day.push_back(d);
      cols.kind.push_back(k);
      cols.amount.push_back(a);
    }
    if (by_row) cols.to_rows();
    return cols;
  };
  const EventLog runs = build_log(columns(false));
  const EventLog by_row = build_log(columns(true));
  const std::vector<std::string> order = {"a", std::string("a\0", 2), "aaaaaaaaaaaaaaaaA", "aaaaaaaaaaaaaaaaX", "b"};
  for (const EventLog* log : {&runs, &by_row}) {
    CHECK(log->customer_ids == order);
    CHECK(log->begin == std::vector<uint32_t>{0, 2, 4, 5, 6, 10});
    CHECK(log->day == std::vector<Day>{5, 5, 1, 20, 7, 7, 10, 10, 30, 30});
    // a's two day-5 events and b's day-10 and day-30 pairs in file order.
    std::vector<int64_t> amounts;
    for (size_t i = 0; i < log->size(); ++i) amounts.push_back(log->amount[i]);
    CHECK(amounts == std::vector<int64_t>{4, 5000000000, 9, 2, 7, 6, 3, 8, 1, 5});
    CHECK(log->kind == std::vector<uint16_t>{0, 1, 0, 0, 0, 0, 1, 0, 0, 1});
    CHECK(log->first_day == 1);
    CHECK(log->last_day == 30);
  }
}

TEST_CASE("build_log: a customer with many events out of order, and a value beyond 32 bits among them",
          "[events][orders][money]") {
  // One customer, 100 events on days 99, 98, ..., 0 (the index sort, not
  // the short insertion sort), interleaved with a second customer's; the
  // event on day 40 carries 2^40.
  for (bool by_row : {false, true}) {
    INFO("by_row " << by_row);
    LogColumns cols;
    cols.customers = {"z", "y"};
    cols.kinds = {"purchase"};
    for (int i = 0; i < 100; ++i) {
      cols.push_customer(0);
      cols.day.push_back(99 - i);
      cols.kind.push_back(0);
      cols.amount.push_back(99 - i == 40 ? int64_t(1) << 40 : 99 - i);
      cols.push_customer(1);
      cols.day.push_back(i % 3);
      cols.kind.push_back(0);
      cols.amount.push_back(1000 + i);
    }
    if (by_row) cols.to_rows();
    const EventLog log = build_log(std::move(cols));
    REQUIRE(log.customer_ids == std::vector<std::string>{"y", "z"});
    REQUIRE(log.begin == std::vector<uint32_t>{0, 100, 200});
    // y: days 0, 1, 2 repeating -> its 34 day-0 events first, in file order.
    CHECK(log.day[0] == 0);
    CHECK(log.amount[0] == 1000);
    CHECK(log.amount[1] == 1003);
    CHECK(log.day[34] == 1);
    CHECK(log.amount[34] == 1001);
    for (int d = 0; d < 100; ++d) {
      CHECK(log.day[100 + static_cast<size_t>(d)] == d);
      CHECK(log.amount[100 + static_cast<size_t>(d)] == (d == 40 ? int64_t(1) << 40 : d));
    }
  }
}

TEST_CASE("LogColumns keeps runs for grouped rows and turns to one index a row when runs get short",
          "[events][orders]") {
  LogColumns grouped, alternating;
  for (uint32_t i = 0; i < 20000; ++i) {
    grouped.push_customer(i / 20);
    grouped.day.push_back(0);
    alternating.push_customer(i % 2);
    alternating.day.push_back(0);
  }
  CHECK_FALSE(grouped.by_row);
  CHECK(grouped.runs.size() == 1000);
  REQUIRE(alternating.by_row);
  REQUIRE(alternating.customer.size() == 20000);
  for (uint32_t i = 0; i < 20000; ++i) REQUIRE(alternating.customer[i] == i % 2);
}

TEST_CASE("CustomerInterner: the same indices as a plain map, in ascending, grouped and interleaved order",
          "[events][orders]") {
  // Ids of 1..40 bytes (some sharing their first 8 or 16 bytes), first in
  // ascending order (no table), then interleaved (the table, grown several
  // times), with runs of one customer and a batch boundary inside a run.
  std::vector<std::string> ids;
  for (int i = 0; i < 3000; ++i) {
    std::string id = "cust" + std::to_string(100000 + i);
    if (i % 3 == 1) id = "customer-with-a-long-id-" + std::to_string(i);
    if (i % 7 == 2) id = std::string(1 + i % 40, 'q') + std::to_string(i);
    ids.push_back(id);
  }
  std::vector<std::string> ascending = ids;
  std::sort(ascending.begin(), ascending.end());
  std::vector<std::string> sequence(ascending.begin(), ascending.begin() + 500);
  for (int round = 0; round < 5; ++round)
    for (size_t i = 0; i < ids.size(); i += 1 + round) {
      sequence.push_back(ids[(i * 7919 + static_cast<size_t>(round)) % ids.size()]);
      if (i % 11 == 0) sequence.push_back(sequence.back()); // the previous row's customer again
    }
  for (size_t k = 0; k < CustomerInterner::kBatch + 3; ++k) sequence.push_back("same-one-across-a-batch");
  CustomerInterner interner;
  LogColumns cols;
  std::map<std::string, uint32_t> expected;
  std::vector<uint32_t> want;
  for (const std::string& id : sequence) {
    const auto it = expected.emplace(id, static_cast<uint32_t>(expected.size())).first;
    want.push_back(it->second);
    if (interner.push(id)) interner.flush(cols.customers, cols);
  }
  interner.flush(cols.customers, cols);
  cols.to_rows();
  REQUIRE(cols.customer == want);
  REQUIRE(cols.customers.size() == expected.size());
  for (const auto& [id, index] : expected) CHECK(cols.customers[index] == id);
  // Another list interned into the same names: known ids found, new ones added.
  const std::vector<uint32_t> again = interner.intern({ids[5], "brand-new", ids[2999], "brand-new"}, cols.customers);
  CHECK(again == std::vector<uint32_t>{expected[ids[5]], static_cast<uint32_t>(expected.size()), expected[ids[2999]],
                                       static_cast<uint32_t>(expected.size())});
}

TEST_CASE("build_log = build_log_plain (the reference) on generated events in every order, runs or by row",
          "[events][orders]") {
  // The events of 2,000 generated customers (and one amount beyond 32 bits),
  // handed to both as columns in three orders: grouped, reversed by day
  // within the file (every customer's events out of order), and shuffled.
  const Import grouped = read(generated(2000, 3), 1);
  const EventLog& g = grouped.log;
  std::vector<uint32_t> owner(g.size());
  for (uint32_t c = 0; c < g.customers(); ++c)
    for (size_t i = g.begin[c]; i < g.begin[c + 1]; ++i) owner[i] = c;
  std::vector<size_t> shuffled(g.size());
  for (size_t i = 0; i < g.size(); ++i) shuffled[i] = i;
  uint64_t x = 12345;
  for (size_t i = g.size(); i > 1; --i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    std::swap(shuffled[i - 1], shuffled[(x >> 33) % i]);
  }
  std::vector<size_t> reversed(shuffled.size());
  for (size_t i = 0; i < g.size(); ++i) reversed[i] = g.size() - 1 - i;
  std::vector<size_t> in_order(reversed.rbegin(), reversed.rend());
  for (const auto* order : {&in_order, &reversed, &shuffled})
    for (bool by_row : {false, true}) {
      INFO("order " << (order == &in_order   ? "grouped"
                        : order == &reversed ? "reversed"
                                             : "shuffled")
                    << ", by_row " << by_row);
      auto columns = [&] {
        LogColumns cols;
        // Customers numbered by first appearance in this order (the rank sort has work).
        std::vector<uint32_t> name_of(g.customers(), UINT32_MAX);
        cols.kinds = g.kinds;
        bool big_done = false;
        for (size_t i : *order) {
          uint32_t& n = name_of[owner[i]];
          if (n == UINT32_MAX) {
            n = static_cast<uint32_t>(cols.customers.size());
            cols.customers.push_back(g.customer_ids[owner[i]]);
          }
          cols.push_customer(n);
          cols.day.push_back(g.day[i]);
          cols.kind.push_back(g.kind[i]);
          const bool big = !big_done && g.amount[i] > 0;
          big_done = big_done || big;
          cols.amount.push_back(big ? g.amount[i] + (int64_t(1) << 40) : g.amount[i]);
        }
        if (by_row) cols.to_rows();
        return cols;
      };
      const EventLog fast = build_log(columns()), plain = build_log_plain(columns());
      REQUIRE(fast.customer_ids == plain.customer_ids);
      REQUIRE(fast.customer_ids == g.customer_ids);
      REQUIRE(fast.begin == plain.begin);
      REQUIRE(fast.day == plain.day);
      REQUIRE(fast.kind == plain.kind);
      REQUIRE(fast.type == plain.type);
      REQUIRE(fast.amount == plain.amount);
      REQUIRE(fast.first_day == plain.first_day);
      REQUIRE(fast.last_day == plain.last_day);
    }
}
