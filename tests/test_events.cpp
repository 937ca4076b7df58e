// Spec §2: the events CSV and JSON, duplicates, bad rows and their accounting.
#include <set>

#include "helpers.hpp"

using namespace tt;

TEST_CASE("events CSV columns are found by header name in any order and case", "[events]") {
  // Header in a different order, upper case, with an unknown column "note".
  const std::string csv = "Amount,NOTE,Type,Date,Customer_ID\n"
                          "12.50,hello,purchase,2025-01-02,c1\n"
                          "3,,return,2025-01-03,c1\n";
  Import im = import_csv(csv);
  REQUIRE(im.log.customers() == 1);
  CHECK(im.log.customer_ids[0] == "c1");
  REQUIRE(im.log.size() == 2);
  CHECK(im.log.type[0] == EventType::Purchase);
  CHECK(im.log.amount[0] == 1250); // 12.50 USD = 1250 cents
  CHECK(im.log.type[1] == EventType::Return);
  CHECK(im.log.amount[1] == 300); // 3 USD = 300 cents
  CHECK(format_day(im.log.day[1]) == "2025-01-03");
}

TEST_CASE("events of a customer are ordered by day then file order", "[events]") {
  // Rows out of date order; on 2025-01-05 the join row comes before the review row.
  const std::string csv = "customer_id,date,type,amount\n"
                          "b,2025-01-09,purchase,1\n"
                          "a,2025-01-05,join,\n"
                          "a,2025-01-05,review,\n"
                          "a,2025-01-01,purchase,2\n";
  Import im = import_csv(csv);
  REQUIRE(im.log.customers() == 2);
  CHECK(im.log.customer_ids[0] == "a");
  CHECK(im.log.customer_ids[1] == "b");
  // a owns events [begin[0], begin[1]) = 3 events: purchase 01-01, join 01-05, review 01-05.
  REQUIRE(im.log.begin[1] - im.log.begin[0] == 3);
  CHECK(im.log.type[0] == EventType::Purchase);
  CHECK(im.log.type[1] == EventType::Join);
  CHECK(im.log.type[2] == EventType::Engagement);
  // The log's first and last days span every row (b's 01-09 is the last).
  CHECK(format_day(im.log.first_day) == "2025-01-01");
  CHECK(format_day(im.log.last_day) == "2025-01-09");
}

TEST_CASE("a later row with the same event_id is a duplicate dropped and counted", "[events][duplicates]") {
  // Rows: e1 (used), e2 (used), e1 again with another amount and customer (duplicate),
  // two rows with an empty event_id (never duplicates: both used), e2 again (duplicate).
  // rows read 6 = used 4 + duplicates 2 + skipped 0.
  const std::string csv = "event_id,customer_id,date,type,amount\n"
                          "e1,a,2025-01-01,purchase,10.00\n"
                          "e2,a,2025-01-02,purchase,20.00\n"
                          "e1,b,2025-01-03,purchase,99.00\n"
                          ",a,2025-01-04,purchase,1.00\n"
                          ",a,2025-01-04,purchase,1.00\n"
                          "e2,a,2025-01-02,purchase,20.00\n";
  Import im = import_csv(csv);
  CHECK(im.report.rows_read == 6);
  CHECK(im.report.rows_used == 4);
  CHECK(im.report.duplicates == 2);
  CHECK(im.report.skipped == 0);
  // b's only row was a duplicate: b is not a customer at all.
  REQUIRE(im.log.customers() == 1);
  CHECK(im.log.customer_ids[0] == "a");
  // a: 10.00 + 20.00 + 1.00 + 1.00 = 32.00 = 3200 cents over 4 events.
  REQUIRE(im.log.size() == 4);
  int64_t sum = 0;
  for (auto a : im.log.amount) sum += a;
  CHECK(sum == 3200);
  CHECK(im.report.summary() == "rows read 6 = used 4 + duplicates 2 + skipped 0");
}

TEST_CASE("a duplicate event is kept out of every figure", "[events][duplicates][evaluate]") {
  // Silver needs spend above 100. Two rows of e1 at 60.00: counted once -> 60.00, Base.
  // Counted twice it would be 120.00 and Silver.
  Fixture f(program_json(R"("metrics": {"spend": {"measure": "net_spend", "window": "lifetime"},
                                        "n": {"measure": "event_count", "kind": "purchase", "window": "lifetime"}},
                            "tiers": [{"name": "Base"}, {"name": "Silver", "qualify": {"metric": "spend", "above": 100}}])"),
            "event_id,customer_id,date,type,amount\n"
            "e1,a,2025-01-01,purchase,60.00\n"
            "e1,a,2025-01-01,purchase,60.00\n");
  CHECK(f.metric("a", "2025-01-01", "spend") == 6000);
  CHECK(f.metric("a", "2025-01-01", "n") == 1);
  CHECK(f.tier("a", "2025-01-01") == 0);
}

TEST_CASE("a bad row stops the import with FILE LINE column NAME and reason", "[events][errors]") {
  // Line 1 is the header; each bad row below is on line 3.
  const std::string head = "customer_id,date,type,amount\nok,2025-01-01,purchase,1.00\n";
  auto [row, column] = GENERATE(table<std::string, std::string>({
      {"c,2025-01-01,purchase,1.234", "amount"},    // 3 decimals for USD
      {"c,2025-01-01,purchase,", "amount"},         // a purchase needs an amount
      {"c,2025-01-01,purchase,-1.00", "amount"},    // negative purchase
      {"c,2025-01-01,return,1e2", "amount"},        // exponent
      {"c,2025-01-01,redeem,1.5", "amount"},        // a redeem is whole points
      {"c,2025-01-01,redeem,0", "amount"},          // ... and positive
      {"c,2025-01-01T10:00:00,purchase,1", "date"}, // date-time without a zone
      {"c,2025-02-30,purchase,1", "date"},          // no such day
      {",2025-01-01,purchase,1", "customer_id"},    // empty customer
      {"c,2025-01-01,Purchase,1", "type"},          // types are lowercase words
      {"c,2025-01-01,9lives,", "type"},             // must start with a letter
  }));
  CAPTURE(row);
  std::string msg = input_error([&, row = row] { import_csv(head + row + "\n", 2, false, "shop.csv"); });
  CHECK(starts_with(msg, "shop.csv:3: column " + column + ": "));
  CHECK(msg.size() > std::string("shop.csv:3: column " + column + ": ").size()); // a reason follows
}

TEST_CASE("a customer_id longer than 128 bytes is a bad row", "[events][errors]") {
  const std::string ok(128, 'x'), too_long(129, 'x');
  Import im = import_csv("customer_id,date,type\n" + ok + ",2025-01-01,review\n");
  CHECK(im.log.customers() == 1);
  std::string msg = input_error([&] { import_csv("customer_id,date,type\n" + too_long + ",2025-01-01,review\n"); });
  CHECK(starts_with(msg, "events.csv:2: column customer_id: "));
}

TEST_CASE("the line of a bad row counts the lines of a quoted field spanning two lines", "[events][errors]") {
  // line 1 header; line 2-3 one row whose note field holds a line break;
  // line 4 a blank line (not a row); line 5 the bad row (3 decimals in USD).
  const std::string csv = "customer_id,date,type,amount,note\n"
                          "a,2025-01-01,purchase,1.00,\"two\n"
                          "lines\"\n"
                          "\n"
                          "b,2025-01-02,purchase,1.234,x\n";
  std::string msg = input_error([&] { import_csv(csv, 2, false, "f.csv"); });
  CHECK(starts_with(msg, "f.csv:5: column amount: "));
}

TEST_CASE("a bad row that starts on a line is reported at that line even when it spans more", "[events][errors]") {
  // line 2: good. line 3-4: one row with a quoted customer_id holding a line
  // break and a bad date. The row starts on line 3.
  const std::string csv = "customer_id,date,type,amount\n"
                          "a,2025-01-01,review,\n"
                          "\"b\nc\",2025-13-01,review,\n";
  std::string msg = input_error([&] { import_csv(csv, 2, false, "f.csv"); });
  CHECK(starts_with(msg, "f.csv:3: column date: "));
}

TEST_CASE("skip-bad-rows goes on and accounts rows read as used plus duplicates plus skipped", "[events][skip]") {
  // line 2 used; line 3 bad amount; line 4 used; line 5 duplicate of line 2;
  // line 6 blank (not a row); line 7 bad date; line 8 used; line 9 bad type.
  // rows read 7 = used 3 + duplicates 1 + skipped 3.
  const std::string csv = "event_id,customer_id,date,type,amount\n"
                          "e1,a,2025-01-01,purchase,1.00\n"
                          "e2,a,2025-01-02,purchase,1.001\n"
                          "e3,b,2025-01-02,review,\n"
                          "e1,a,2025-01-01,purchase,1.00\n"
                          "\n"
                          "e4,b,2025-01-03T10:00:00,purchase,2.00\n"
                          "e5,c,2025-01-04,purchase,3.00\n"
                          "e6,c,2025-01-04,PURCHASE,3.00\n";
  Import im = import_csv(csv, 2, true, "s.csv");
  CHECK(im.report.rows_read == 7);
  CHECK(im.report.rows_used == 3);
  CHECK(im.report.duplicates == 1);
  CHECK(im.report.skipped == 3);
  CHECK(im.report.rows_read == im.report.rows_used + im.report.duplicates + im.report.skipped);
  CHECK(im.report.summary() == "rows read 7 = used 3 + duplicates 1 + skipped 3");
  REQUIRE(im.report.first_skipped.size() == 3);
  CHECK(im.report.first_skipped[0].line == 3);
  CHECK(starts_with(im.report.first_skipped[0].message, "s.csv:3: column amount: "));
  CHECK(im.report.first_skipped[1].line == 7);
  CHECK(starts_with(im.report.first_skipped[1].message, "s.csv:7: column date: "));
  CHECK(im.report.first_skipped[2].line == 9);
  CHECK(starts_with(im.report.first_skipped[2].message, "s.csv:9: column type: "));
  CHECK(im.log.size() == 3);
  CHECK(im.log.customers() == 3);
}

TEST_CASE("skip-bad-rows lists only the first 100 skipped rows but counts them all", "[events][skip]") {
  // 150 bad rows (lines 2..151) and 1 good row: read 151 = used 1 + 0 + skipped 150.
  std::string csv = "customer_id,date,type,amount\n";
  for (int i = 0; i < 150; ++i) csv += "c,2025-01-01,purchase,x\n";
  csv += "c,2025-01-01,purchase,1\n";
  Import im = import_csv(csv, 2, true);
  CHECK(im.report.rows_read == 151);
  CHECK(im.report.rows_used == 1);
  CHECK(im.report.skipped == 150);
  CHECK(im.report.first_skipped.size() == 100);
  CHECK(im.report.first_skipped.front().line == 2);
  CHECK(im.report.first_skipped.back().line == 101);
}

TEST_CASE("a row with the wrong number of fields is a bad row", "[events][errors]") {
  std::string msg = input_error([] { import_csv("customer_id,date,type\na,2025-01-01,review,extra\n"); });
  CHECK(starts_with(msg, "events.csv:2: "));
}

TEST_CASE("a header without a required column is an error even with skip-bad-rows", "[events][errors]") {
  std::string msg = input_error([] { import_csv("customer_id,type,amount\na,purchase,1\n", 2, true); });
  CHECK(starts_with(msg, "events.csv:1: column date: "));
}

TEST_CASE("events JSON takes amount as a number or a decimal string", "[events][json]") {
  // 12.5 (number) = 1250 cents; "7.25" (string) = 725; 3 (number) = 300.
  const std::string json = R"([
    {"customer_id": "a", "date": "2025-01-01", "type": "purchase", "amount": 12.5},
    {"customer_id": "a", "date": "2025-01-02", "type": "purchase", "amount": "7.25", "event_id": "x"},
    {"customer_id": "a", "date": "2025-01-03T23:30:00-05:00", "type": "return", "amount": 3},
    {"customer_id": "a", "date": "2025-01-04", "type": "review"},
    {"customer_id": "a", "date": "2025-01-05", "type": "purchase", "amount": "1.00", "event_id": "x"}
  ])";
  ImportOptions opt;
  opt.source = "e.json";
  Import im = import_events_json(json, opt);
  // 5 objects read = 4 used + 1 duplicate (event_id x again).
  CHECK(im.report.rows_read == 5);
  CHECK(im.report.rows_used == 4);
  CHECK(im.report.duplicates == 1);
  REQUIRE(im.log.size() == 4);
  CHECK(im.log.amount[0] == 1250);
  CHECK(im.log.amount[1] == 725);
  CHECK(im.log.amount[2] == 300);
  CHECK(format_day(im.log.day[2]) == "2025-01-04"); // 23:30 at -05:00 = 04:30 UTC next day
}

TEST_CASE("a bad events JSON object is reported with its JSON pointer", "[events][json][errors]") {
  // Object 0 is good; object 1 has three decimals in USD -> /1/amount.
  auto [json, pointer] = GENERATE(table<std::string, std::string>({
      {R"([{"customer_id":"a","date":"2025-01-01","type":"review"},
           {"customer_id":"a","date":"2025-01-01","type":"purchase","amount":1.234}])",
       "/1/amount: "},
      {R"([{"customer_id":"a","date":"2025-01-01","type":"review"},
           {"customer_id":"a","date":"2025-01-01","type":"purchase","amount":"1e2"}])",
       "/1/amount: "},
      {R"([{"customer_id":"a","date":"2025-01-01T10:00:00","type":"review"}])", "/0/date: "},
      {R"([{"customer_id":"a","date":"2025-01-01","type":"review"},
           {"customer_id":"a","date":"2025-01-01","type":"purchase","amount":true}])",
       "/1/amount: "},
  }));
  ImportOptions opt;
  opt.source = "e.json";
  std::string msg = input_error([&, json = json] { import_events_json(json, opt); });
  CAPTURE(msg);
  CHECK(msg.find(pointer) != std::string::npos);
  CHECK(starts_with(msg, "e.json"));
}

TEST_CASE("the sample events in CSV and JSON give the same log", "[events][json][samples]") {
  Import a = import_csv(read_text(source_path("samples/events/small.csv")));
  ImportOptions opt;
  Import b = import_events_json(read_text(source_path("samples/events/small.json")), opt);
  // small.csv: 43 data rows, e032 twice: read 43 = used 42 + duplicates 1 + skipped 0.
  CHECK(a.report.rows_read == 43);
  CHECK(a.report.rows_used == 42);
  CHECK(a.report.duplicates == 1);
  CHECK(a.report.skipped == 0);
  CHECK(a.log.customer_ids == b.log.customer_ids);
  CHECK(a.log.day == b.log.day);
  CHECK(a.log.amount == b.log.amount);
  CHECK(a.log.type == b.log.type);
  CHECK(a.log.begin == b.log.begin);
  CHECK(b.report.rows_read == a.report.rows_read);
  CHECK(b.report.duplicates == a.report.duplicates);
}

TEST_CASE("duplicate event ids are found exactly among many ids", "[events][duplicates]") {
  // 20000 rows; row i has id "id" + (i mod 15000): rows 15000..19999 repeat
  // ids of rows 0..4999 -> 5000 duplicates, 15000 used. Ids share prefixes
  // (id1, id10, id100, ...) so a prefix match would be wrong.
  std::string csv = "customer_id,date,type,event_id\n";
  for (int i = 0; i < 20000; ++i)
    csv += "c" + std::to_string(i % 97) + ",2025-01-01,review,id" + std::to_string(i % 15000) + "\n";
  Import im = import_csv(csv);
  CHECK(im.report.rows_read == 20000);
  CHECK(im.report.duplicates == 5000);
  CHECK(im.report.rows_used == 15000);
  CHECK(im.log.size() == 15000);
}

TEST_CASE("a quoted and an unquoted event_id with the same text are the same id", "[events][duplicates]") {
  // Row 2: e7 (unquoted); row 3: "e7" (quoted, same value): duplicate.
  // Row 4: "e7,x" (a comma inside quotes) is another id; row 5: e7x another id.
  // read 4 = used 3 + duplicates 1.
  const std::string csv = "event_id,customer_id,date,type\n"
                          "e7,a,2025-01-01,review\n"
                          "\"e7\",a,2025-01-02,review\n"
                          "\"e7,x\",a,2025-01-03,review\n"
                          "e7x,a,2025-01-04,review\n";
  Import im = import_csv(csv);
  CHECK(im.report.duplicates == 1);
  CHECK(im.report.rows_used == 3);
}

TEST_CASE("CRLF line endings give the same events and line numbers", "[events][errors]") {
  // The id is the last field, so it is followed by \r\n: e1 on line 2 and e1 on
  // line 3 are the same id. Line 4 is bad (no zone).
  const std::string csv = "customer_id,date,type,amount,event_id\r\n"
                          "a,2025-01-01,purchase,1.00,e1\r\n"
                          "a,2025-01-02,purchase,1.00,e1\r\n"
                          "a,2025-01-03T10:00,purchase,1.00,e2\r\n";
  Import im = import_csv(csv, 2, true, "crlf.csv");
  CHECK(im.report.rows_read == 3);
  CHECK(im.report.rows_used == 1);
  CHECK(im.report.duplicates == 1);
  CHECK(im.report.skipped == 1);
  REQUIRE(im.report.first_skipped.size() == 1);
  CHECK(starts_with(im.report.first_skipped[0].message, "crlf.csv:4: column date: "));
}

TEST_CASE("a bad row does not register its event_id", "[events][duplicates][skip]") {
  // Row 2 is bad (3 decimals) with id e1; row 3 is good with e1: used, not a duplicate.
  Import im = import_csv(
      "event_id,customer_id,date,type,amount\ne1,a,2025-01-01,purchase,1.001\ne1,a,2025-01-01,purchase,1.00\n", 2,
      true);
  CHECK(im.report.skipped == 1);
  CHECK(im.report.duplicates == 0);
  CHECK(im.report.rows_used == 1);
}

TEST_CASE("duplicates in generated events match an independent count", "[events][duplicates]") {
  // The generator repeats about 0.5% of rows with the same event_id. Count the
  // repeated ids with a std::set and compare with the report.
  const std::string csv = generated(300, 7);
  std::set<std::string> seen;
  int64_t rows = 0, dups = 0;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line); // header: event_id first
  REQUIRE(line.rfind("event_id,", 0) == 0);
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    ++rows;
    if (!seen.insert(line.substr(0, line.find(','))).second) ++dups;
  }
  Import im = import_csv(csv);
  CHECK(im.report.rows_read == rows);
  CHECK(im.report.duplicates == dups);
  CHECK(dups > 0);
  CHECK(im.report.rows_used == rows - dups);
}

TEST_CASE("skip-bad-rows accounts JSON events the same way", "[events][json][skip]") {
  // 5 objects: 0 good (id k), 1 bad amount, 2 duplicate of 0, 3 not an object, 4 good.
  // read 5 = used 2 + duplicates 1 + skipped 2; skipped "lines" are the array indexes 1 and 3.
  const std::string json = R"([
    {"event_id": "k", "customer_id": "a", "date": "2025-01-01", "type": "purchase", "amount": 1},
    {"customer_id": "a", "date": "2025-01-01", "type": "purchase", "amount": "x"},
    {"event_id": "k", "customer_id": "a", "date": "2025-01-01", "type": "purchase", "amount": 1},
    42,
    {"customer_id": "b", "date": "2025-01-02", "type": "review"}
  ])";
  ImportOptions opt;
  opt.skip_bad_rows = true;
  opt.source = "e.json";
  Import im = import_events_json(json, opt);
  CHECK(im.report.rows_read == 5);
  CHECK(im.report.rows_used == 2);
  CHECK(im.report.duplicates == 1);
  CHECK(im.report.skipped == 2);
  REQUIRE(im.report.first_skipped.size() == 2);
  CHECK(im.report.first_skipped[0].message.find("/1/amount: ") != std::string::npos);
  CHECK(im.report.first_skipped[1].message.find("/3: ") != std::string::npos);
}
