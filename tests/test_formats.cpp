// European files: delimiter, decimal comma, date order, a clock without a
// zone (docs/importers.md, "European files"). Expected events worked by hand
// from the files in tests/data/european.
#include "helpers.hpp"
#include "import_formats.hpp"

using namespace tt;

namespace {

Import read_european(const std::string& file, const std::vector<std::pair<std::string, std::string>>& map,
                     ImportOptions opt = {}) {
  opt.source = file;
  const std::string text = read_text(source_path("tests/data/european/" + file));
  if (map.empty()) return import_any(text, ImportFormat::Auto, opt);
  const LineItemMapping m = line_item_mapping(map, "map");
  return import_any(text, ImportFormat::Auto, opt, &m);
}

void check_accounting(const ImportReport& r) { CHECK(r.rows_read == r.rows_used + r.duplicates + r.skipped); }

const std::vector<std::pair<std::string, std::string>> kGerman = {
    {"customer", "Kunde"}, {"date", "Datum"}, {"order", "Bestellung"}, {"amount", "Betrag"}};

} // namespace

TEST_CASE("formats: semicolons, a decimal comma with thousands dots and dd.mm.yyyy dates", "[formats]") {
  const Import im = read_european("semicolon-comma-dotted-dates.csv", kGerman);
  // K-001's order B-1 is two lines, 12,50 + 1.234,50; B-3 is negative: a return.
  CHECK(events_to_csv(im.log, 2) == "customer_id,date,type,amount\n"
                                    "K-001,2024-12-03,purchase,1247.00\n"
                                    "K-002,2025-01-15,purchase,7.00\n"
                                    "K-002,2025-01-20,return,2.50\n"
                                    "K-003,2025-02-05,purchase,99.00\n");
  CHECK(im.report.summary() == "rows read 5 = used 5 + duplicates 0 + skipped 0");
  check_accounting(im.report);
  REQUIRE(im.report.notes.size() == 3);
  CHECK(im.report.notes[0] == "delimiter ';' (the one the header line uses)");
  CHECK(im.report.notes[1] == "dates read day-first: 15.01.2025 on line 4 has no month 15");
  CHECK(im.report.notes[2] == "amounts read with a decimal comma: 12,50 on line 2 (2 digits after it)");
}

TEST_CASE("formats: dd/mm/yyyy is read day-first because one day is above 12", "[formats]") {
  const Import im =
      read_european("day-first-slashes.csv",
                    {{"customer", "client"}, {"date", "date"}, {"order", "commande"}, {"amount", "montant"}});
  CHECK(events_to_csv(im.log, 2) == "customer_id,date,type,amount\n"
                                    "c1,2025-04-03,purchase,10.00\n"
                                    "c1,2025-05-12,purchase,5.00\n"
                                    "c2,2025-04-25,purchase,20.50\n");
  REQUIRE(im.report.notes.size() == 1);
  CHECK(im.report.notes[0] == "dates read day-first: 25/04/2025 on line 3 has no month 25");
  check_accounting(im.report);
}

TEST_CASE("formats: dates that fit both orders stop the import with a located question", "[formats]") {
  const std::vector<std::pair<std::string, std::string>> map = {
      {"customer", "Kunde"}, {"date", "Datum"}, {"amount", "Betrag"}};
  try {
    read_european("ambiguous-dates.csv", map);
    FAIL("an ambiguous file was read");
  } catch (const InputError& e) {
    CHECK(e.code() == "ambiguous_date");
    CHECK(e.where().line == 2);
    CHECK(e.where().field == "Datum");
    CHECK(std::string(e.what()) ==
          "ambiguous-dates.csv:2: column Datum: the dates fit both day-first and month-first (03/12/2024 could be "
          "3 December or 12 March) and none in the file has a day above 12 to tell: give the date order, dmy or mdy");
  }
  ImportOptions dmy;
  dmy.date_order = DateOrder::Dmy;
  CHECK(events_to_csv(read_european("ambiguous-dates.csv", map, dmy).log, 2) == "customer_id,date,type,amount\n"
                                                                                "A,2024-12-03,purchase,10.00\n"
                                                                                "A,2025-02-01,purchase,2.50\n"
                                                                                "B,2024-11-04,purchase,5.00\n");
  ImportOptions mdy;
  mdy.date_order = DateOrder::Mdy;
  const Import us = read_european("ambiguous-dates.csv", map, mdy);
  CHECK(events_to_csv(us.log, 2) == "customer_id,date,type,amount\n"
                                    "A,2024-03-12,purchase,10.00\n"
                                    "A,2025-01-02,purchase,2.50\n"
                                    "B,2024-04-11,purchase,5.00\n");
  // Given, not worked out: only the delimiter and the decimal are noted.
  REQUIRE(us.report.notes.size() == 2);
  CHECK(us.report.notes[0] == "delimiter ';' (the one the header line uses)");
}

TEST_CASE("formats: tabs, space-grouped thousands and a shop clock in a time zone", "[formats]") {
  const std::vector<std::pair<std::string, std::string>> map = {
      {"customer", "customer"}, {"date", "created"}, {"order", "order"}, {"amount", "total"}};
  // Without a zone a date-time counts on its written date.
  CHECK(events_to_csv(read_european("tab-space-thousands.tsv", map).log, 2) == "customer_id,date,type,amount\n"
                                                                               "n1,2025-03-01,purchase,1234.50\n"
                                                                               "n1,2025-03-02,purchase,0.99\n"
                                                                               "n2,2025-03-02,purchase,10.00\n");
  // On a +02:00 clock, 2025-03-02 01:15 is 2025-03-01 23:15 UTC.
  ImportOptions east;
  east.timezone_minutes = 120;
  CHECK(events_to_csv(read_european("tab-space-thousands.tsv", map, east).log, 2) == "customer_id,date,type,amount\n"
                                                                                     "n1,2025-03-01,purchase,1234.50\n"
                                                                                     "n1,2025-03-01,purchase,0.99\n"
                                                                                     "n2,2025-03-02,purchase,10.00\n");
  // On a -05:00 clock, 2025-03-01 23:30 is 2025-03-02 04:30 UTC.
  ImportOptions west;
  west.timezone_minutes = -300;
  CHECK(events_to_csv(read_european("tab-space-thousands.tsv", map, west).log, 2) == "customer_id,date,type,amount\n"
                                                                                     "n1,2025-03-02,purchase,1234.50\n"
                                                                                     "n1,2025-03-02,purchase,0.99\n"
                                                                                     "n2,2025-03-02,purchase,10.00\n");
}

TEST_CASE("formats: a canonical events file with semicolons and decimal commas", "[formats]") {
  const Import im = read_european("canonical-semicolon.csv", {});
  CHECK(im.report.format == "events-csv");
  CHECK(events_to_csv(im.log, 2) == "customer_id,date,type,amount\n"
                                    "u1,2025-01-10,purchase,19.90\n"
                                    "u1,2025-02-01,return,4.95\n"
                                    "u2,2025-01-11,purchase,1000.00\n");
  REQUIRE(im.report.notes.size() == 2);
  CHECK(im.report.notes[1] == "amounts read with a decimal comma: 19,90 on line 2 (2 digits after it)");
}

TEST_CASE("formats: amounts that could be thousands or decimals are never guessed", "[formats]") {
  ImportOptions opt;
  opt.source = "t.csv";
  const std::string text = "customer;date;amount\nx;2025-01-01;1,234\n";
  const LineItemMapping m =
      line_item_mapping({{"customer", "customer"}, {"date", "date"}, {"amount", "amount"}}, "map");
  try {
    import_any(text, ImportFormat::Auto, opt, &m);
    FAIL("an ambiguous amount was read");
  } catch (const InputError& e) {
    CHECK(e.code() == "ambiguous_decimal");
    CHECK(std::string(e.what()) == "t.csv:2: amounts like 1,234 could be thousands or a decimal comma, and none in "
                                   "the file tells: give the decimal separator, . or ,");
  }
  opt.decimal = ',';
  // Told: 1,234 is 1.234, an order total rounded half to even to 1.23.
  CHECK(import_any(text, ImportFormat::Auto, opt, &m).log.amount[0] == 123);
}

TEST_CASE("formats: amounts as written in Europe and the US", "[formats]") {
  std::string out, why;
  CHECK(plain_amount("1.234,50", ',', out, &why));
  CHECK(out == "1234.50");
  CHECK(plain_amount("-1 234 567,5", ',', out, &why));
  CHECK(out == "-1234567.5");
  CHECK(plain_amount("1\xC2\xA0"
                     "234,50",
                     ',', out, &why)); // no-break space
  CHECK(out == "1234.50");
  CHECK(plain_amount("1,234.50", '.', out, &why));
  CHECK(out == "1234.50");
  CHECK(plain_amount("12,5", ',', out, &why));
  CHECK(out == "12.5");
  CHECK_FALSE(plain_amount("12,50", '.', out, &why)); // a comma groups thousands here: 50 is not three digits
  CHECK(why == "\"12,50\" is not an amount like 1,234.50 or 1234.50 (thousands go in groups of three)");
  CHECK_FALSE(plain_amount("1.23,4", ',', out, &why));
  CHECK_FALSE(plain_amount("1234.567,5", ',', out, &why)); // the first group has four digits
  CHECK_FALSE(plain_amount("12,5x", ',', out, &why));
}

TEST_CASE("formats: the options as a person writes them", "[formats]") {
  CHECK(parse_delimiter(";", "delimiter") == ';');
  CHECK(parse_delimiter("tab", "delimiter") == '\t');
  CHECK(parse_delimiter("\\t", "delimiter") == '\t');
  CHECK(parse_decimal_separator(",", "decimal") == ',');
  CHECK(parse_date_order("dmy", "date-order") == DateOrder::Dmy);
  CHECK(parse_timezone_offset("+01:00", "timezone") == 60);
  CHECK(parse_timezone_offset("-0530", "timezone") == -330);
  CHECK(parse_timezone_offset("UTC+2", "timezone") == 120);
  CHECK(parse_timezone_offset("Z", "timezone") == 0);
  for (const char* bad : {"+15:00", "01:00", "+1:60", "CET", ""}) {
    INFO(bad);
    try {
      parse_timezone_offset(bad, "timezone");
      FAIL("taken");
    } catch (const InputError& e) {
      CHECK(e.where().option == "timezone");
    }
  }
  CHECK_THROWS_AS(parse_delimiter(":", "delimiter"), InputError);
  CHECK_THROWS_AS(parse_date_order("dym", "date-order"), InputError);
  CHECK(detect_delimiter("a;b;c\n1,5;2;3\n") == ';');
  CHECK(detect_delimiter("a\tb\tc\n") == '\t');
  CHECK(detect_delimiter("\"a;b\",c\n") == ',');   // inside quotes does not count
  CHECK(detect_delimiter("customer_id\n") == ','); // none: the canonical one
}

TEST_CASE("formats: numeric dates in every order and separator", "[formats]") {
  std::string why;
  CHECK(parse_export_date("03.12.2024", DateOrder::Dmy, {}, &why) == day("2024-12-03"));
  CHECK(parse_export_date("03-12-2024", DateOrder::Mdy, {}, &why) == day("2024-03-12"));
  CHECK(parse_export_date("2024/12/03", DateOrder::Auto, {}, &why) == day("2024-12-03"));
  CHECK(parse_export_date("2024.12.03 10:00", DateOrder::Dmy, {}, &why) == day("2024-12-03")); // year first is plain
  CHECK_FALSE(parse_export_date("31.02.2025", DateOrder::Dmy, {}, &why));
  CHECK(why == "no such date \"31.02.2025\" (February 31)");
  CHECK_FALSE(parse_export_date("03/12/24", DateOrder::Dmy, {}, &why));
  CHECK(why == "expected a four-digit year in \"03/12/24\"");
  CHECK_FALSE(parse_export_date("03/12.2024", DateOrder::Dmy, {}, &why)); // mixed separators
  CHECK_FALSE(parse_export_date("03/12/2024", DateOrder::Ymd, {}, &why));
  CHECK(why == "expected the year first (date order ymd), got \"03/12/2024\"");
  // A clock: 31.12.2024 23:30 at +01:00 is 22:30 UTC the same day; at -01:00 the next.
  CHECK(parse_export_date("31.12.2024 23:30", DateOrder::Dmy, 60, &why) == day("2024-12-31"));
  CHECK(parse_export_date("31.12.2024 23:30", DateOrder::Dmy, -60, &why) == day("2025-01-01"));
  CHECK(parse_export_date("2025-01-01T00:30:00", DateOrder::Auto, 60, &why) == day("2024-12-31"));
  // A zone written in the text wins over the given clock.
  CHECK(parse_export_date("2025-01-01T00:30:00Z", DateOrder::Auto, 60, &why) == day("2025-01-01"));
}
