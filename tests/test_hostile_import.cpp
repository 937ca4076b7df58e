// Hostile and odd input on the import side (issue 14): quoted CSV, store
// exports at the edges of the money and date ranges, too many event types,
// messages about unprintable bytes, invalid UTF-8. Every case here failed
// (wrong answer, misleading message, or a sanitizer report) before its fix.
#include <chrono>
#include <cstring>
#include <map>

#include "csv.hpp"
#include "helpers.hpp"
#include "log_builder.hpp"

using namespace tt;

namespace {

ImportOptions options(const std::string& source = "f.csv", bool skip = false, int threads = 1) {
  ImportOptions opt;
  opt.source = source;
  opt.skip_bad_rows = skip;
  opt.threads = threads;
  return opt;
}

Import any(const std::string& text, const std::string& source = "f.csv", bool skip = false, int threads = 1) {
  return import_any(text, ImportFormat::Auto, options(source, skip, threads));
}

// Through the block reader the CLI uses for a file (nothing when the file
// needs the general reader).
std::optional<Import> file_reader(const std::string& csv, const ImportOptions& opt) {
  ReadAt read_at = [&](size_t offset, char* into, size_t n) {
    n = std::min(n, csv.size() - std::min(offset, csv.size()));
    std::memcpy(into, csv.data() + offset, n);
    return n;
  };
  return import_events_csv_file(read_at, csv.size(), opt);
}

const char* const kQuotingFiles[] = {"plain", "all-quoted", "quoted-header", "mixed", "bom", "crlf", "lone-cr"};

} // namespace

// ---------------------------------------------------------------------------
// 1. CsvReader: views into the unquoting buffer must not move under the caller.

TEST_CASE("hostile: a quoted header is recognised and all-quoted rows read right", "[hostile][csv]") {
  const std::string csv = "\"customer_id\",\"date\",\"type\",\"amount\"\n"
                          "\"ann\",\"2025-01-01\",\"purchase\",\"10.00\"\n"
                          "\"bob\",\"2025-01-02\",\"purchase\",\"5.00\"\n";
  REQUIRE(detect_format(csv) == ImportFormat::EventsCsv);
  for (bool skip : {false, true}) {
    const Import im = any(csv, "f.csv", skip);
    CHECK(im.report.rows_read == 2);
    CHECK(im.report.rows_used == 2);
    CHECK(im.report.skipped == 0);
    CHECK(im.log.customer_ids == std::vector<std::string>{"ann", "bob"});
    REQUIRE(im.log.size() == 2);
    CHECK(im.log.amount[0] == 1000);
    CHECK(im.log.amount[1] == 500);
  }
}

TEST_CASE("hostile: CsvReader fields stay right when a row has more quoted fields than any before", "[hostile][csv]") {
  // Long and short values: short strings live inside a std::string and move
  // when a vector of them grows.
  std::string text = "\"a\"\n\"b\",\"c\"\n";
  std::vector<std::string> expect_last;
  std::string row;
  for (int i = 0; i < 40; ++i) {
    const std::string v = i % 3 == 0 ? std::string(40, char('A' + i % 26)) : std::string(1, char('a' + i % 26));
    expect_last.push_back(v);
    row += (i ? "," : "") + ("\"" + v + "\"");
  }
  text += row + "\n";
  CsvReader r(text);
  std::vector<std::string_view> f;
  REQUIRE(r.next(f));
  CHECK(f == std::vector<std::string_view>{"a"});
  REQUIRE(r.next(f));
  CHECK(f == std::vector<std::string_view>{"b", "c"});
  REQUIRE(r.next(f));
  REQUIRE(f.size() == expect_last.size());
  for (size_t i = 0; i < f.size(); ++i) CHECK(std::string(f[i]) == expect_last[i]);
  CHECK_FALSE(r.next(f));
}

TEST_CASE("hostile: an all-quoted Shopify export gives the right customer ids", "[hostile][csv][import]") {
  const std::string csv = "\"Name\",\"Email\",\"Financial Status\",\"Created at\",\"Total\",\"Lineitem quantity\"\n"
                          "\"#1\",\"ann@example.com\",\"paid\",\"2025-01-01 10:00:00 +0100\",\"10.00\",\"1\"\n"
                          "\"#2\",\"bob@example.com\",\"paid\",\"2025-01-02 10:00:00 +0100\",\"12.00\",\"1\"\n";
  REQUIRE(detect_format(csv) == ImportFormat::Shopify);
  const Import im = any(csv);
  CHECK(im.log.customer_ids == std::vector<std::string>{"ann@example.com", "bob@example.com"});
  CHECK(events_to_csv(im.log, 2) == "customer_id,date,type,amount\nann@example.com,2025-01-01,purchase,10.00\nbob@"
                                    "example.com,2025-01-02,purchase,12.00\n");
}

// 2. header_of: views into a destroyed reader (caught by ASan).
TEST_CASE("hostile: a partly quoted header is detected (header_of keeps its own strings)", "[hostile][csv]") {
  CHECK(detect_format("\"customer_id\",date,type,amount\nann,2025-01-01,purchase,1.00\n") == ImportFormat::EventsCsv);
  CHECK(detect_format("\"order_id\",\"customer_id\",\"date\",\"status\",\"order_total\"\n") ==
        ImportFormat::WooCommerce);
  CHECK(detect_format("\"Name\",\"Email\",\"Financial Status\",\"Created at\",\"Total\",\"Lineitem quantity\"\n") ==
        ImportFormat::Shopify);
}

// ---------------------------------------------------------------------------
// 3. Money and dates in the store importers.

TEST_CASE("hostile: a line-item total beyond the money range is a located error, never a wrapped number",
          "[hostile][import][money]") {
  const std::string head = "InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice\n";
  // qty x price = 1e22 major units
  std::string msg = input_error([&] { any(head + "1,17850,12/1/2010 8:26,10000000000,1000000000000\n", "li.csv"); });
  CHECK(starts_with(msg, "li.csv:2: column UnitPrice: "));
  CHECK(msg.find("90071992547409.91") != std::string::npos);
  // (2^53 - 1) x 2.00
  msg = input_error([&] { any(head + "1,17850,12/1/2010 8:26,9007199254740991,2.00\n", "li.csv"); });
  CHECK(starts_with(msg, "li.csv:2: column UnitPrice: "));
  // Three lines of one order, each 2^53 - 1 minor units (the largest amount): the second passes it.
  const std::string three = head + "7,17850,12/1/2010 8:26,9007199254740991,0.01\n"
                                   "7,17850,12/1/2010 8:26,9007199254740991,0.01\n"
                                   "7,17850,12/1/2010 8:26,9007199254740991,0.01\n";
  msg = input_error([&] { any(three, "li.csv"); });
  CHECK(starts_with(msg, "li.csv:3: column UnitPrice: "));
  CHECK(msg.find("order 7") != std::string::npos);
  // With skip-bad-rows the lines that pass the range are skipped, the order keeps the rest.
  const Import im = any(three, "li.csv", true);
  CHECK(im.report.rows_read == 3);
  CHECK(im.report.rows_used + im.report.duplicates + im.report.skipped == 3);
  CHECK(im.report.skipped == 2);
  REQUIRE(im.log.size() == 1);
  CHECK(im.log.amount[0] == kMaxValue);
  // The largest amount itself is fine; a single line at the limit as well.
  const Import at_limit = any(head + "1,17850,12/1/2010 8:26,9007199254740991,0.01\n", "li.csv");
  CHECK(at_limit.log.amount[0] == kMaxValue);
  // Negative (returns) are bounded the same way.
  msg = input_error([&] { any(head + "C1,17850,12/1/2010 8:26,-9007199254740991,0.02\n", "li.csv"); });
  CHECK(starts_with(msg, "li.csv:2: column UnitPrice: "));
}

TEST_CASE("hostile: an amount column's order sum beyond the range is a located error", "[hostile][import][money]") {
  LineItemMapping m;
  m.customer = "c";
  m.date = "d";
  m.order = "o";
  m.amount = "a";
  // 100 lines of 900719925474.0991 make 90071992547409.91 (2^53 - 1 minor
  // units) exactly; one more passes it.
  std::string csv = "o,c,d,a\n";
  for (int i = 0; i < 101; ++i) csv += "1,x,2025-01-01,900719925474.0991\n";
  const std::string msg = input_error([&] { import_line_items(csv, m, options("m.csv")); });
  CHECK(starts_with(msg, "m.csv:102: column a: "));
  csv.resize(csv.rfind("1,x"));
  CHECK(import_line_items(csv, m, options("m.csv")).log.amount[0] == kMaxValue);
}

TEST_CASE("hostile: an M/D/YYYY date with a year beyond 9999 is a located error", "[hostile][import][dates]") {
  const std::string head = "InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice\n";
  for (const char* date :
       {"1/1/4294969296 8:26", "1/1/10000", "1/1/99999999999999999999", "99999999999/1/2010", "1/4294967297/2010"}) {
    INFO(date);
    const std::string msg = input_error([&] { any(head + "1,17850," + date + ",1,1.00\n", "li.csv"); });
    CHECK(starts_with(msg, "li.csv:2: column InvoiceDate: "));
  }
  const Import ok = any(head + "1,17850,12/31/2010 8:26,1,1.00\n", "li.csv");
  CHECK(ok.log.day[0] == day("2010-12-31"));
}

// ---------------------------------------------------------------------------
// 4. Event types: a hash lookup, and a located limit.

namespace {
std::string many_types_csv(size_t types, size_t rows) {
  std::string csv = "customer_id,date,type\n";
  csv.reserve(rows * 32);
  for (size_t i = 0; i < rows; ++i) {
    csv += "c" + std::to_string(i % 1000) + ",2025-01-01,t" + std::to_string((i * 7919) % types) + "\n";
  }
  return csv;
}
} // namespace

TEST_CASE("hostile: 30,000 distinct event types over 150,000 rows import in linear time", "[hostile][types]") {
  const std::string csv = many_types_csv(30000, 150000);
  // Both readers: the fast one, and the general one (one quoted field).
  std::string quoted = csv;
  quoted.insert(quoted.find('\n') + 1, "\"c0\"");
  quoted.erase(quoted.find('\n') + 5, 2);
  REQUIRE(quoted.substr(quoted.find('\n') + 1, 20) == "\"c0\",2025-01-01,t0\nc");
  for (const std::string* text : std::vector<const std::string*>{&csv, &quoted}) {
    const auto t0 = std::chrono::steady_clock::now();
    const Import im = any(*text);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    CHECK(im.log.kinds.size() == 30000);
    CHECK(im.report.rows_used == 150000);
    // Quadratic lookups took over 10 s here (native); linear ones a fraction of one.
    CHECK(seconds < 4.0);
  }
}

TEST_CASE("hostile: more than 65535 distinct event types is an error naming the file and line", "[hostile][types]") {
  const size_t limit = 65535;
  std::string csv = "customer_id,date,type\n";
  for (size_t i = 0; i <= limit; ++i) csv += "c,2025-01-01,t" + std::to_string(i) + "\n";
  const std::string expected = "f.csv:" + std::to_string(limit + 2) + ": column type: ";
  std::string quoted = csv;
  quoted.insert(quoted.find('\n') + 1, "\"c\"");
  quoted.erase(quoted.find('\n') + 4, 1);
  for (bool skip : {false, true})
    for (int threads : {1, 2, 3}) {
      INFO("skip " << skip << " threads " << threads);
      std::string msg = input_error([&] { any(csv, "f.csv", skip, threads); });
      CHECK(starts_with(msg, expected));
      CHECK(msg.find("65535") != std::string::npos);
      CHECK(input_error([&] { file_reader(csv, options("f.csv", skip, threads)); }) == msg);
      CHECK(input_error([&] { any(quoted, "f.csv", skip, threads); }) == msg);
    }
  // Exactly the limit is fine.
  csv.resize(csv.rfind("c,"));
  CHECK(any(csv, "f.csv", false, 2).log.kinds.size() == limit);
}

TEST_CASE("hostile: the type limit counts across the fast reader's chunks in file order", "[hostile][types][fast]") {
  // 40,000 types in each half: the limit is crossed in the second chunk.
  std::string csv = "customer_id,date,type\n";
  for (size_t i = 0; i < 80000; ++i) csv += "c,2025-01-01,t" + std::to_string(i) + "\n";
  std::string quoted = csv;
  quoted.insert(quoted.find('\n') + 1, "\"c\"");
  quoted.erase(quoted.find('\n') + 4, 1);
  const std::string general = input_error([&] { any(quoted); });
  CHECK(starts_with(general, "f.csv:" + std::to_string(65535 + 2) + ": column type: "));
  for (int threads : {1, 2, 4}) CHECK(input_error([&] { any(csv, "f.csv", false, threads); }) == general);
}

// ---------------------------------------------------------------------------
// 5. Messages.

TEST_CASE("hostile: a row of 101 fields is reported as 101 fields by both readers", "[hostile][messages]") {
  std::string row;
  for (int i = 0; i < 101; ++i) row += (i ? ",x" : "x");
  const std::string csv = "customer_id,date,type,amount\n" + row + "\n";
  const std::string expected = "f.csv:2: row has 101 fields, the header has 4";
  CHECK(input_error([&] { any(csv); }) == expected);
  CHECK(input_error([&] { file_reader(csv, options()); }) == expected);
  CHECK(input_error([&] { any("customer_id,date,type,amount\n\"x\"" + row.substr(1) + "\n"); }) == expected);
}

TEST_CASE("hostile: control bytes in a message are escaped, never cut the message", "[hostile][messages]") {
  const std::string csv = std::string("customer_id,date,type,amount\nann,2025-01-01,purchase,1") + '\0' + "2.00\n";
  REQUIRE(csv.find('\0') != std::string::npos);
  const std::string expected = "f.csv:2: column amount: expected a decimal number, got \"1\\x002.00\"";
  CHECK(input_error([&] { any(csv); }) == expected);
  CHECK(input_error([&] { file_reader(csv, options()); }) == expected);
  // A quoted field with a line break in it.
  const std::string msg =
      input_error([&] { any("customer_id,date,type,amount\nann,\"2025-01-01\n\",purchase,1.00\n"); });
  CHECK(msg.find('\n') == std::string::npos);
  CHECK(msg.find("\\x0a") != std::string::npos);
  // The skipped-row list holds the same escaped message.
  const Import im = any(csv, "f.csv", true);
  REQUIRE(im.report.first_skipped.size() == 1);
  CHECK(im.report.first_skipped[0].message == expected);
}

TEST_CASE("hostile: a header close to the canonical one names the missing column", "[hostile][messages]") {
  std::string msg = input_error([&] { any("customer_id,type,amount\nann,purchase,10.00\n"); });
  CHECK(starts_with(msg, "f.csv:1: column date: missing from the header"));
  msg = input_error([&] { any("customer_id,date,amount\nann,2025-01-01,10.00\n"); });
  CHECK(starts_with(msg, "f.csv:1: column type: missing from the header"));
  // Nothing like it: still "cannot tell".
  msg = input_error([&] { any("a,b,c\n1,2,3\n"); });
  CHECK(msg.find("cannot tell what this file is") != std::string::npos);
}

TEST_CASE("hostile: a WooCommerce order of an unknown status is skipped with its reason, never used",
          "[hostile][import]") {
  const std::string csv = "order_id,customer_id,date,status,order_total\n"
                          "1,5,2025-01-01,weird,10.00\n"
                          "2,5,2025-01-02,completed,20.00\n"
                          "3,6,2025-01-03,wc-processing,30.00\n"
                          "4,6,2025-01-04,,40.00\n";
  const Import im = any(csv, "woo.csv");
  CHECK(im.report.rows_read == 4);
  CHECK(im.report.rows_used == 2);
  CHECK(im.report.skipped == 2);
  CHECK(im.report.rows_used + im.report.duplicates + im.report.skipped == im.report.rows_read);
  REQUIRE(im.report.first_skipped.size() == 2);
  CHECK(im.report.first_skipped[0].line == 2);
  CHECK(im.report.first_skipped[0].message.find("\"weird\"") != std::string::npos);
  CHECK(starts_with(im.report.first_skipped[0].message, "woo.csv:2: "));
  CHECK(im.report.first_skipped[1].line == 5);
  REQUIRE(im.log.size() == 2);
  CHECK(im.log.amount[0] == 2000);
  CHECK(im.log.amount[1] == 3000);
}

TEST_CASE("hostile: a Shopify zone offset out of range is a located error, not ignored", "[hostile][import][dates]") {
  const std::string head = "Name,Email,Financial Status,Created at,Total,Lineitem quantity\n";
  for (const char* when : {"2025-01-01 23:00:00 +9999", "2025-01-01 23:00:00 +1500", "2025-01-01 23:00:00 -0160",
                           "2025-01-01 23:00:00 +12:75", "2025-01-01T23:00:00+9999", "2025-01-01 25:00:00 +0100"}) {
    INFO(when);
    const std::string msg = input_error([&] { any(head + "#1,a@b.c,paid," + when + ",10.00,1\n", "s.csv"); });
    CHECK(starts_with(msg, "s.csv:2: column Created at: "));
    CHECK(msg.find(when) != std::string::npos);
  }
  // The extremes of real zones still read.
  const Import im = any(head + "#1,a@b.c,paid,2025-01-01 23:00:00 -1200,10.00,1\n"
                               "#2,a@b.c,paid,2025-01-01 01:00:00 +1400,10.00,1\n"
                               "#3,a@b.c,paid,2025-01-01 23:00:00,10.00,1\n"
                               "#4,b@b.c,paid,2025-01-05 9:50:26 AM,10.00,1\n", // no zone: the written date
                        "s.csv");
  REQUIRE(im.log.size() == 4);
  CHECK(im.log.day[3] == day("2025-01-05"));
  CHECK(im.log.day[0] == day("2024-12-31"));
  CHECK(im.log.day[1] == day("2025-01-01"));
  CHECK(im.log.day[2] == day("2025-01-02"));
  // The canonical reader takes the same range.
  CHECK(starts_with(input_error([&] { any("customer_id,date,type\nann,2025-01-01T10:00:00+15:00,join\n"); }),
                    "f.csv:2: column date: "));
  CHECK(any("customer_id,date,type\nann,2025-01-01T10:00:00+14:00,join\n").log.day[0] == day("2024-12-31"));
}

TEST_CASE("hostile: a customer id over 128 bytes is refused at import by every importer", "[hostile][import]") {
  const std::string id(129, '9');
  std::string msg =
      input_error([&] { any("customer_id date number_of_cds dollar_value\n" + id + " 19970101 1 29.33\n", "cd.txt"); });
  CHECK(msg == "cd.txt:2: column customer_id: longer than 128 bytes");
  CHECK(any("customer_id date number_of_cds dollar_value\n" + id.substr(1) + " 19970101 1 29.33\n").log.customers() ==
        1);
  msg = input_error([&] {
    any("order_id,customer_id,date,status,order_total\n1," + id + ",2025-01-01,completed,10.00\n", "woo.csv");
  });
  CHECK(msg == "woo.csv:2: column customer_id: longer than 128 bytes");
  msg = input_error([&] {
    any("Name,Email,Financial Status,Created at,Total,Lineitem quantity\n#1," + id + "@x.y,paid,2025-01-01,10.00,1\n",
        "s.csv");
  });
  CHECK(msg == "s.csv:2: column Email: longer than 128 bytes");
}

TEST_CASE("hostile: the generator refuses more than 10,000,000 customers", "[hostile][generate]") {
  GenerateOptions opt;
  opt.customers = 99999999999ULL;
  size_t bytes = 0;
  const std::string msg = input_error([&] { generate_events(opt, [&](std::string_view s) { bytes += s.size(); }); });
  CHECK(msg == "customers: at most 10000000, got 99999999999");
  CHECK(bytes == 0);
  opt.customers = 10000001;
  CHECK(!input_error([&] { generate_events(opt, [&](std::string_view) {}); }).empty());
  opt.customers = 3;
  CHECK(input_error([&] { generate_events(opt, [&](std::string_view s) { bytes += s.size(); }); }).empty());
  CHECK(bytes > 0);
}

TEST_CASE("hostile: generated events at the last days of 9999 read back", "[hostile][generate][dates]") {
  GenerateOptions opt;
  opt.customers = 300;
  opt.from = day("9999-12-01");
  opt.to = day("9999-12-31");
  std::string csv;
  generate_events(opt, [&](std::string_view s) { csv += s; });
  CHECK(csv.find("10000-") == std::string::npos);
  const Import im = any(csv);
  CHECK(im.report.skipped == 0);
  CHECK(im.log.last_day <= kLastDay);
}

TEST_CASE("hostile: a date-time whose UTC day leaves 0000-01-01..9999-12-31 is a bad row", "[hostile][dates]") {
  for (const char* when :
       {"0000-01-01T00:00:00+14:00", "0000-01-01T10:00+10:01", "9999-12-31T23:00-12:00", "9999-12-31T24:00Z"}) {
    INFO(when);
    std::string why;
    CHECK_FALSE(parse_event_date(when, &why).has_value());
    CHECK(why.find(when) != std::string::npos);
    const std::string csv = std::string("customer_id,date,type,amount\nann,") + when + ",purchase,1.00\n";
    const std::string msg = input_error([&] { any(csv); });
    CHECK(starts_with(msg, "f.csv:2: column date: "));
    CHECK(input_error([&] { file_reader(csv, options()); }) == msg);
  }
  // The edges themselves.
  CHECK(parse_event_date("0000-01-01T10:00+10:00", nullptr) == day("0000-01-01"));
  CHECK(parse_event_date("9999-12-31T11:59-12:00", nullptr) == day("9999-12-31"));
  CHECK(parse_event_date("0000-01-01", nullptr) == day("0000-01-01"));
  CHECK(day("0000-01-01") == kFirstDay);
  CHECK(day("9999-12-31") == kLastDay);
  CHECK(parse_event_date("9999-12-31", nullptr) == day("9999-12-31"));
}

TEST_CASE("hostile: a customer id of invalid UTF-8 is a bad row, the same in both readers", "[hostile][utf8]") {
  const std::string rows = "ok1,2025-01-01,purchase,1.00\n"
                           "an\xffn,2025-01-01,purchase,2.00\n"
                           "\xc3\x28,2025-01-02,purchase,3.00\n"                           // a broken two-byte sequence
                           "\xed\xa0\x80x,2025-01-02,purchase,3.00\n"                      // a UTF-16 surrogate
                           "\xc0\xafx,2025-01-02,purchase,3.00\n"                          // overlong
                           "tail\xe2\x82,2025-01-02,purchase,3.00\n"                       // cut short at the end
                           "\xf4\x90\x80\x80,2025-01-02,purchase,3.00\n"                   // beyond U+10FFFF
                           "\xc3\xa9t\xc3\xa9\xf0\x9f\x98\x80,2025-01-03,purchase,4.00\n"; // valid: été😀
  const std::string csv = "customer_id,date,type,amount\n" + rows;
  const std::string quoted = "customer_id,date,\"type\",amount\n" + rows;
  const std::string msg = input_error([&] { any(csv); });
  CHECK(msg == "f.csv:3: column customer_id: not valid UTF-8: \"an\\xffn\"");
  CHECK(input_error([&] { any(quoted); }) == msg);
  CHECK(input_error([&] { file_reader(csv, options()); }) == msg);
  const Import general = any(quoted, "f.csv", true);
  CHECK(general.report.skipped == 6);
  CHECK(general.report.rows_used == 2);
  CHECK(general.log.customer_ids == std::vector<std::string>{"ok1", "\xc3\xa9t\xc3\xa9\xf0\x9f\x98\x80"});
  for (int threads : {1, 2, 3}) {
    require_same(any(csv, "f.csv", true, threads), general);
    auto fast = file_reader(csv, options("f.csv", true, threads));
    REQUIRE(fast.has_value());
    require_same(*fast, general);
  }
  // The JSON reader and the store importers too.
  // (the JSON reader may refuse the text itself; either way a located error)
  CHECK(starts_with(input_error([&] {
                      import_events_json("[{\"customer_id\":\"a\xff\",\"date\":\"2025-01-01\",\"type\":\"join\"}]",
                                         options("e.json"));
                    }),
                    "e.json: "));
  CHECK(input_error([&] { any("customer_id date number_of_cds dollar_value\n\xff 19970101 1 29.33\n", "cd.txt"); }) ==
        "cd.txt:2: column customer_id: not valid UTF-8: \"\\xff\"");
}

// ---------------------------------------------------------------------------
// 6. Quoted and odd files: the same events in every shape.

TEST_CASE("hostile: every quoting file imports to the same log and evaluation as the plain one", "[hostile][quoting]") {
  const std::string dir = source_path("tests/data/quoting/");
  const std::string plain_text = read_text(dir + "plain.csv");
  const Import plain = any(plain_text, "q.csv");
  REQUIRE(plain.report.rows_read == 13);
  CHECK(plain.report.duplicates == 1);
  CHECK(plain.report.rows_used == 12);
  CHECK(plain.log.customers() == 5);
  const Program p = parse_program(read_text(source_path("samples/programs/kids-clothing.json")));
  const Day as_of = day("2025-12-31");
  const std::string expected = evaluation_csv(p, plain.log, evaluate(p, plain.log, as_of));
  for (const char* name : kQuotingFiles) {
    const std::string text = read_text(dir + name + ".csv");
    for (int threads : {1, 2}) {
      INFO(name << ", threads " << threads);
      REQUIRE(detect_format(text) == ImportFormat::EventsCsv);
      const Import im = any(text, "q.csv", false, threads);
      require_same(im, plain);
      CHECK(evaluation_csv(p, im.log, evaluate(p, im.log, as_of)) == expected);
      // The block reader the CLI uses, or the general reader when it declines.
      const auto fast = file_reader(text, options("q.csv", false, threads));
      if (fast) require_same(*fast, plain);
      const bool needs_general =
          std::string(name) == "all-quoted" || std::string(name) == "mixed" || std::string(name) == "lone-cr";
      CHECK(fast.has_value() == !needs_general);
      // And as events_to_csv writes it back.
      CHECK(events_to_csv(im.log, 2) == events_to_csv(plain.log, 2));
    }
  }
}

TEST_CASE("hostile: a bad row in a lone-CR file is reported at its line", "[hostile][quoting]") {
  const std::string msg =
      input_error([&] { any("customer_id,date,type,amount\rann,2025-01-01,purchase,1.00\rbob,x,purchase,1.00\r"); });
  CHECK(starts_with(msg, "f.csv:3: column date: "));
}
