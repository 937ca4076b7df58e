// The canonical events CSV has two readers (docs/performance.md): the fast
// one (quote-free files, split among threads, duplicate ids found with a
// Bloom filter and confirmed exactly) and the general one (any RFC 4180 CSV).
// They must give the same log, the same report and the same messages.
#include <algorithm>
#include <cstring>
#include <map>

#include "helpers.hpp"
#include "log_builder.hpp"

using namespace tt;

namespace {

Import read_with(const std::string& csv, int threads, bool skip = false) {
  ImportOptions opt;
  opt.threads = threads;
  opt.skip_bad_rows = skip;
  opt.source = "e.csv";
  return import_events_csv(csv, opt);
}

// Through the block reader (what the CLI uses for a file), in small reads.
Import read_file_with(const std::string& csv, int threads, bool skip = false) {
  ImportOptions opt;
  opt.threads = threads;
  opt.skip_bad_rows = skip;
  opt.source = "e.csv";
  ReadAt read_at = [&](size_t offset, char* into, size_t n) {
    n = std::min(n, csv.size() - std::min(offset, csv.size()));
    std::memcpy(into, csv.data() + offset, n);
    return n;
  };
  auto im = import_events_csv_file(read_at, csv.size(), opt);
  REQUIRE(im.has_value());
  return std::move(*im);
}

// The same file for the general reader only: one field quoted, same value.
std::string with_a_quoted_field(std::string csv) {
  const size_t row2 = csv.find('\n') + 1, comma = csv.find(',', row2);
  csv.insert(comma, "\"");
  csv.insert(row2, "\"");
  return csv;
}

} // namespace

TEST_CASE("fast and general CSV readers agree on generated data, with any number of threads", "[events][fast]") {
  // 3,000 generated customers: ~60k rows with duplicates (0.5%), returns,
  // engagement kinds, joins/leaves and date-times with offsets.
  const std::string csv = generated(3000, 7);
  const Import general = read_with(with_a_quoted_field(csv), 1);
  REQUIRE(general.report.format == "events-csv");
  CHECK(general.report.duplicates > 100); // the generator repeats ids: the test means something
  for (int threads : {1, 2, 3, 7}) {
    INFO("threads " << threads);
    require_same(read_with(csv, threads), general);
    require_same(read_file_with(csv, threads), general);
  }
}

TEST_CASE("a duplicate id in a later chunk is dropped and the first occurrence in file order is kept",
          "[events][fast][duplicates]") {
  // e1 first belongs to a (10.00); its later copies (b 99.00, then c 5.00)
  // are duplicates wherever the chunks are cut. e2 repeats inside one customer.
  // rows read 8 = used 5 + duplicates 3 + skipped 0.
  const std::string csv = "event_id,customer_id,date,type,amount\n"
                          "e1,a,2025-01-01,purchase,10.00\n"
                          "e2,a,2025-01-02,purchase,20.00\n"
                          "e3,d,2025-01-02,purchase,1.00\n"
                          "e1,b,2025-01-03,purchase,99.00\n"
                          "e4,d,2025-01-04,review,\n"
                          "e2,a,2025-01-02,purchase,20.00\n"
                          ",a,2025-01-05,purchase,3.00\n"
                          "e1,c,2025-01-06,purchase,5.00\n";
  for (int threads : {1, 2, 3, 4, 8}) {
    INFO("threads " << threads);
    Import im = read_with(csv, threads);
    CHECK(im.report.summary() == "rows read 8 = used 5 + duplicates 3 + skipped 0");
    REQUIRE(im.log.customer_ids == std::vector<std::string>{"a", "d"}); // b and c had only duplicates
    int64_t a_total = 0;
    for (uint32_t i = im.log.begin[0]; i < im.log.begin[1]; ++i) a_total += im.log.amount[i];
    CHECK(a_total == 3300); // 10.00 + 20.00 + 3.00
    CHECK(im.log.size() == 5);
  }
}

TEST_CASE("bad rows in several chunks: global line numbers, the first 100 listed, the earliest one fatal",
          "[events][fast][errors]") {
  // Line 1 header; line 4 is blank (a line, not a row); bad rows on lines 3, 6 and 9.
  const std::string csv = "customer_id,date,type,amount\n"
                          "a,2025-01-01,purchase,1.00\n"
                          "a,2025-13-01,purchase,1.00\n"
                          "\n"
                          "b,2025-01-02,purchase,2.00\n"
                          "b,2025-01-02,purchase\n"
                          "c,2025-01-03,purchase,3.00\n"
                          "c,2025-01-03,review,\n"
                          "d,2025-01-04,purchase,-4.00\n"
                          "d,2025-01-04,purchase,4.00\n";
  const Import general = read_with(with_a_quoted_field(csv), 1, true);
  REQUIRE(general.report.skipped == 3);
  CHECK(general.report.first_skipped[0].line == 3);
  CHECK(general.report.first_skipped[1].line == 6);
  CHECK(general.report.first_skipped[2].line == 9);
  CHECK(general.report.first_skipped[0].message == "e.csv:3: column date: no such date \"2025-13-01\"");
  CHECK(general.report.first_skipped[1].message == "e.csv:6: row has 3 fields, the header has 4");
  CHECK(general.report.first_skipped[2].message == "e.csv:9: column amount: must not be negative, got \"-4.00\"");
  for (int threads : {1, 2, 3, 5}) {
    INFO("threads " << threads);
    require_same(read_with(csv, threads, true), general);
    // Without --skip-bad-rows the first bad row in file order stops the import.
    CHECK_THROWS_WITH(read_with(csv, threads), "e.csv:3: column date: no such date \"2025-13-01\"");
  }
}

TEST_CASE("amounts beyond 32 bits stay exact through threads, duplicates and sorting", "[events][fast][money]") {
  // 30,000,000.00 = 3,000,000,000 cents > 2^31 - 1. Rows out of customer
  // order, so the log is permuted; the duplicate of x1 is dropped.
  const std::string csv = "event_id,customer_id,date,type,amount\n"
                          "x1,z,2025-02-01,purchase,30000000.00\n"
                          "x2,a,2025-01-01,purchase,1.00\n"
                          "x1,z,2025-02-01,purchase,30000000.00\n"
                          "x3,z,2025-01-15,return,25000000.01\n"
                          "x4,a,2025-01-03,purchase,21474836.48\n";
  for (int threads : {1, 2, 4}) {
    INFO("threads " << threads);
    Import im = read_with(csv, threads);
    REQUIRE(im.log.customer_ids == std::vector<std::string>{"a", "z"});
    REQUIRE(im.log.size() == 4);
    CHECK(im.log.amount[0] == 100);
    CHECK(im.log.amount[1] == 2147483648LL); // one past int32
    CHECK(im.log.amount[2] == 2500000001LL); // z's return (2025-01-15) sorts before its purchase
    CHECK(im.log.amount[3] == 3000000000LL);
    CHECK(im.report.duplicates == 1);
  }
}

TEST_CASE("CRLF line ends read like LF, and a lone CR goes to the general reader", "[events][fast]") {
  const std::string lf = "customer_id,date,type,amount\na,2025-01-01,purchase,1.50\nb,2025-01-02,review,\n";
  std::string crlf;
  for (char c : lf) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  for (int threads : {1, 2}) require_same(read_with(crlf, threads), read_with(lf, threads));
  // A CR inside a row ends the row for the general reader (RFC 4180 reading).
  const Import lone = read_with("customer_id,date,type,amount\na,2025-01-01,purchase,1.50\rb,2025-01-02,review,\n", 2);
  CHECK(lone.report.rows_read == 2);
  CHECK(lone.log.customer_ids == std::vector<std::string>{"a", "b"});
}

TEST_CASE("evaluate on several threads and written in batches gives the same bytes as one pass",
          "[evaluate][threads]") {
  const std::string csv = generated(3000, 11);
  const Import im = read_with(csv, 2);
  const Program p = parse_program(read_text(source_path("samples/programs/kids-clothing.json")));
  const Day as_of = default_as_of(im.log);
  const std::string one = evaluation_csv(p, im.log, evaluate(p, im.log, as_of, 1), 1);
  CHECK(std::count(one.begin(), one.end(), '\n') == static_cast<long>(im.log.customers()) + 1);
  for (int threads : {2, 3, 7}) {
    INFO("threads " << threads);
    CHECK(evaluation_csv(p, im.log, evaluate(p, im.log, as_of, threads), threads) == one);
    std::string streamed;
    write_evaluation_csv(p, im.log, as_of, threads, [&](std::string_view s) { streamed += s; });
    CHECK(streamed == one);
  }
}

TEST_CASE("same_bytes agrees with == at every length to 40 and every place of a difference") {
  // Overlapping loads from both ends: a difference at any byte must be seen,
  // and bytes beyond the length must not be read into the answer.
  std::string a(48, 'x'), b(48, 'x');
  for (size_t n = 0; n <= 40; ++n) {
    for (size_t k = 0; k < n; ++k) a[k] = b[k] = static_cast<char>('a' + k % 26);
    a[n] = 'P'; // past the end: differs, must not matter
    b[n] = 'Q';
    CHECK(same_bytes(std::string_view(a.data(), n), std::string_view(b.data(), n)));
    for (size_t at = 0; at < n; ++at) {
      b[at] ^= 0x20;
      CHECK_FALSE(same_bytes(std::string_view(a.data(), n), std::string_view(b.data(), n)));
      b[at] ^= 0x20;
    }
    if (n > 0) CHECK_FALSE(same_bytes(std::string_view(a.data(), n), std::string_view(b.data(), n - 1)));
  }
}

TEST_CASE("the reader's known types and cached dates never change an answer", "[events][fast]") {
  // 12 types, interleaved (each found among the kinds already read), and
  // 5,000 distinct plain dates (more than the cache's 4,096 date slots, so
  // some share a slot), each twice from two customers: every row must keep
  // its own type, day and amount. A bad type after all of them is still
  // refused.
  const std::vector<std::string> types = {"purchase", "return", "join",   "leave",  "redeem", "kind_a",
                                          "kind_b",   "kind_c", "kind_d", "kind_e", "kind_f", "kind_g"};
  const Day first = days_from_civil(2000, 1, 1);
  std::map<std::pair<std::string, Day>, std::pair<std::string, int64_t>> expected;
  std::string csv = "customer_id,date,type,amount\n";
  for (int i = 0; i < 10000; ++i) {
    const std::string customer = "c" + std::to_string(i % 7), type = types[static_cast<size_t>(i % 12)];
    const Day day = first + i * 37 % 5000;
    const bool money = type == "purchase" || type == "return";
    const int64_t amount = money ? 100 + i : type == "redeem" ? 5 : 0;
    expected[{customer, day}] = {type, amount};
    csv += customer + "," + format_day(day) + "," + type + "," +
           (money              ? format_decimal(amount, 2)
            : type == "redeem" ? "5"
                               : "") +
           "\n";
  }
  csv += "c0,2025-01-01,Kind_A,\n"; // line 10002
  csv += "c0,2025-01-02,kind_a,\n";
  // Two dates in the same slot, taking turns: each replaces the other.
  std::map<size_t, Day> slot_day;
  std::pair<Day, Day> twins{0, 0};
  for (Day d = days_from_civil(2030, 1, 1); twins.first == twins.second; ++d) {
    auto [it, added] = slot_day.emplace(EventCache::date_slot(format_day(d).data()), d);
    if (!added) twins = {it->second, d};
  }
  for (int i = 0; i < 6; ++i) {
    const Day day = i % 2 ? twins.second : twins.first;
    expected[{"t" + std::to_string(i), day}] = {"kind_b", 0};
    csv += "t" + std::to_string(i) + "," + format_day(day) + ",kind_b,\n";
  }
  const Import im = read_with(csv, 1, true);
  REQUIRE(im.report.skipped == 1);
  CHECK(im.report.first_skipped[0].message ==
        "e.csv:10002: column type: expected purchase, return, join, leave, redeem or an engagement kind "
        "(a lowercase word), got \"Kind_A\"");
  expected[{"c0", days_from_civil(2025, 1, 2)}] = {"kind_a", 0};
  REQUIRE(im.log.size() == expected.size());
  for (size_t c = 0; c < im.log.customers(); ++c)
    for (uint32_t i = im.log.begin[c]; i < im.log.begin[c + 1]; ++i) {
      const auto it = expected.find({im.log.customer_ids[c], im.log.day[i]});
      REQUIRE(it != expected.end());
      const std::string& kind = im.log.kinds[im.log.kind[i]];
      CHECK(kind == it->second.first);
      CHECK(im.log.type[i] == event_type_of(kind));
      CHECK(im.log.amount[i] == it->second.second);
    }
}

TEST_CASE("check_event_fast takes only rows check_event takes, with the same day and amount", "[events][fast]") {
  // The fast path is asked only for types already read (valid); it must
  // agree with check_event whenever it answers, and answer for the usual row.
  EventCache cache;
  Day day;
  int64_t value;
  REQUIRE(check_event("c1", "2025-03-04", "purchase", "1.00", true, 2, day, value, &cache).ok());
  struct Row {
    std::string customer, date, type, amount;
    bool amount_present, fast;
  };
  const std::vector<Row> rows = {
      {"c1", "2025-03-04", "purchase", "12.34", true, true},
      {"c1", "2025-03-04", "purchase", "12", true, true},
      {"c1", "2025-03-04", "return", "12.3", true, true},
      {"c1", "2025-03-04", "purchase", "99999999999.99", true, true}, // 14 bytes
      {"c1", "2025-03-04", "review", "", true, true},
      {"c1", "2025-03-04", "review", "3.00", true, true}, // an engagement's amount is not read
      {"c1", "2025-03-04", "join", "", false, true},
      {std::string(128, 'x'), "2025-03-04", "purchase", "1.00", true, true},
      // The rest go to check_event: errors (explained there) and rarer forms.
      {"c1", "2025-03-04", "purchase", "999999999999.99", true, false}, // 15 bytes
      {"c1", "2025-03-04", "purchase", "12.345", true, false},
      {"c1", "2025-03-04", "purchase", "-1.00", true, false},
      {"c1", "2025-03-04", "purchase", "+1.00", true, false},
      {"c1", "2025-03-04", "purchase", "1e3", true, false},
      {"c1", "2025-03-04", "purchase", ".5", true, false},
      {"c1", "2025-03-04", "purchase", "5.", true, false},
      {"c1", "2025-03-04", "purchase", "", true, false},
      {"c1", "2025-03-04", "purchase", "1.00", false, false}, // no amount column
      {"c1", "2025-03-04", "redeem", "5", true, false},
      {"c1", "2025-03-05", "purchase", "1.00", true, false}, // a date not seen yet
      {"c1", "2025-03-04T10:00:00Z", "purchase", "1.00", true, false},
      {"", "2025-03-04", "purchase", "1.00", true, false},
      {std::string(129, 'x'), "2025-03-04", "purchase", "1.00", true, false},
  };
  for (const Row& r : rows) {
    CAPTURE(r.customer, r.date, r.type, r.amount, r.amount_present);
    Day fast_day = -1, full_day = -2;
    int64_t fast_value = -1, full_value = -2;
    const bool fast = check_event_fast(r.customer, r.date, event_type_of(r.type), r.amount, r.amount_present, 2,
                                       fast_day, fast_value, cache);
    CHECK(fast == r.fast);
    const EventProblem full =
        check_event(r.customer, r.date, r.type, r.amount, r.amount_present, 2, full_day, full_value);
    if (fast) {
      CHECK(full.ok());
      CHECK(fast_day == full_day);
      CHECK(fast_value == full_value);
    }
  }
}

TEST_CASE("fast and general readers agree on hostile rows: invalid UTF-8, control bytes, wide rows, dates at the "
          "edges, many types",
          "[events][fast][hostile]") {
  // Generated events with hostile rows put in every 97th line; both readers,
  // any number of threads, with and without skip-bad-rows.
  const std::string clean = generated(400, 5);
  const char* const hostile[] = {
      "E1,an\xffn,2025-01-01,purchase,1.00",           // invalid UTF-8 id
      "E2,\xc3\xa9t\xc3\xa9,2025-01-01,purchase,1.00", // valid UTF-8 id
      "E3,ann,2025-01-01,purchase,1\x01"
      "2.00",                                         // a control byte
      "E4,ann,0000-01-01T00:00+14:00,purchase,1.00",  // UTC day before 0000-01-01
      "E5,ann,9999-12-31T23:00-12:00,purchase,1.00",  // after 9999-12-31
      "E6,ann,2025-01-01T10:00+15:00,purchase,1.00",  // zone out of range
      "E7,ann,2025-01-01,purchase,90071992547409.92", // beyond 2^53 - 1 minor units
      "E8,ann,2025-01-01,purchase,90071992547409.91", // the largest amount
      "E9,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,"
      "x,x,x,x,x,x,x,x,x,x,x,x,x,x",
  };
  std::string csv;
  size_t line = 0, next = 0, type = 0;
  for (size_t at = 0; at < clean.size();) {
    const size_t end = clean.find('\n', at) + 1;
    csv.append(clean, at, end - at);
    at = end;
    if (++line % 97 == 0) {
      csv += hostile[next++ % std::size(hostile)];
      csv += '\n';
      csv += "T" + std::to_string(line) + ",c" + std::to_string(line % 50) + ",2025-02-01,kind" +
             std::to_string(type++) + ",\n";
    }
  }
  const Import general = read_with(with_a_quoted_field(csv), 1, true);
  CHECK(general.report.skipped > 50);
  CHECK(general.log.kinds.size() > 50);
  CHECK(general.report.rows_read == general.report.rows_used + general.report.duplicates + general.report.skipped);
  const std::string first_error = input_error([&] { read_with(with_a_quoted_field(csv), 1); });
  CHECK(first_error.find("not valid UTF-8: \"an\\xffn\"") != std::string::npos);
  for (int threads : {1, 2, 3}) {
    INFO("threads " << threads);
    require_same(read_with(csv, threads, true), general);
    require_same(read_file_with(csv, threads, true), general);
    CHECK(input_error([&] { read_with(csv, threads); }) == first_error);
  }
}
