// Spec §1 and §2: dates (an event's day is its UTC date) and exact money.
#include <cstdint>
#include "helpers.hpp"

using namespace tt;

TEST_CASE("a day counts whole days since 1970-01-01", "[date]") {
  // 2000-01-01 is 30 years after 1970 with 7 leap days (72 76 80 84 88 92 96):
  // 30*365 + 7 = 10957. 2000-03-01 = 10957 + 31 (Jan) + 29 (Feb, 2000 is leap) = 11017.
  auto [y, m, d, expected] = GENERATE(table<int, int, int, Day>({
      {1970, 1, 1, 0},
      {1970, 1, 2, 1},
      {1969, 12, 31, -1},
      {2000, 1, 1, 10957},
      {2000, 3, 1, 11017},
  }));
  CAPTURE(y, m, d);
  CHECK(days_from_civil(y, m, d) == expected);
  int yy, mm, dd;
  civil_from_days(expected, yy, mm, dd);
  CHECK((yy == y && mm == m && dd == d));
}

TEST_CASE("an event date YYYY-MM-DD is that day", "[date]") {
  auto text = GENERATE(as<std::string>{}, "2024-02-29", "2025-01-01", "2025-12-31", "1999-06-15");
  std::string why;
  auto d = parse_event_date(text, &why);
  REQUIRE(d.has_value());
  CHECK(format_day(*d) == text);
  CHECK(parse_day(text) == d);
}

TEST_CASE("an event date-time with a zone lands on its UTC day", "[date]") {
  // The UTC instant is local time minus the offset:
  //   00:30 at +02:00 = 22:30 UTC the day before; 2024 is a leap year, so
  //   the day before 2024-03-01 is 2024-02-29.
  //   23:30 at -05:00 = 04:30 UTC the next day.
  //   19:00 at -05:00 = 00:00 UTC the next day (exactly midnight: next day).
  //   18:59:59 at -05:00 = 23:59:59 UTC, same day.
  //   02:00 at +02:00 = 00:00 UTC, same day.  01:59 at +0200 = 23:59 UTC the day before.
  //   20:00 at -05:00 on 2024-12-31 = 01:00 UTC on 2025-01-01 (next year).
  //   01:59:59 at +02:00 on 2025-01-01 = 23:59:59 UTC on 2024-12-31.
  auto [text, expected] = GENERATE(table<std::string, std::string>({
      {"2024-03-01T22:15:00Z", "2024-03-01"},
      {"2024-03-01T00:00:00Z", "2024-03-01"},
      {"2024-03-01T23:59:59Z", "2024-03-01"},
      {"2024-03-01T12:00:00.250Z", "2024-03-01"},
      {"2024-03-01T00:30:00+02:00", "2024-02-29"},
      {"2024-03-01T02:00:00+02:00", "2024-03-01"},
      {"2024-03-01T01:59:00+0200", "2024-02-29"},
      {"2024-03-01T23:30:00-05:00", "2024-03-02"},
      {"2024-03-01T19:00:00-05:00", "2024-03-02"},
      {"2024-03-01T18:59:59-05:00", "2024-03-01"},
      {"2024-12-31T20:00:00-05:00", "2025-01-01"},
      {"2025-01-01T01:59:59+02:00", "2024-12-31"},
      {"2025-06-01T00:30:00+02:00", "2025-05-31"},
  }));
  CAPTURE(text);
  std::string why;
  auto d = parse_event_date(text, &why);
  INFO(why);
  REQUIRE(d.has_value());
  CHECK(format_day(*d) == expected);
}

TEST_CASE("an event date-time without a zone or an impossible date is rejected", "[date]") {
  auto text = GENERATE(as<std::string>{},
                       "2024-03-01T22:15:00",   // no zone: the importer cannot know the day
                       "2024-03-01T22:15",      // no zone
                       "2024-02-30",            // February has 29 days in 2024
                       "2023-02-29",            // 2023 is not a leap year
                       "2100-02-29",            // 2100 is not a leap year (divisible by 100)
                       "2024-04-31",            // April has 30 days
                       "2024-13-01",            // no month 13
                       "2024-00-10",            // no month 0
                       "2024-01-00",            // no day 0
                       "24-03-01",              // two-digit year
                       "2024/03/01",            // wrong separator
                       "2024-3-1",              // missing leading zeros
                       "",                      // empty
                       "2024-03-01X",           // trailing text
                       "2024-03-01T25:00:00Z"); // no hour 25
  CAPTURE(text);
  std::string why;
  CHECK_FALSE(parse_event_date(text, &why).has_value());
  CHECK_FALSE(why.empty());
}

TEST_CASE("a leap day 2000-02-29 exists because 2000 is divisible by 400", "[date]") {
  CHECK(parse_day("2000-02-29").has_value());
  CHECK_FALSE(parse_day("1900-02-29").has_value());
}

TEST_CASE("calendar periods start on the first day of the year quarter and month", "[date]") {
  auto [d, year, quarter, month] = GENERATE(table<std::string, std::string, std::string, std::string>({
      {"2025-01-01", "2025-01-01", "2025-01-01", "2025-01-01"},
      {"2025-03-31", "2025-01-01", "2025-01-01", "2025-03-01"},
      {"2025-04-01", "2025-01-01", "2025-04-01", "2025-04-01"},
      {"2025-05-15", "2025-01-01", "2025-04-01", "2025-05-01"},
      {"2025-09-30", "2025-01-01", "2025-07-01", "2025-09-01"},
      {"2025-10-01", "2025-01-01", "2025-10-01", "2025-10-01"},
      {"2025-12-31", "2025-01-01", "2025-10-01", "2025-12-01"},
      {"2024-02-29", "2024-01-01", "2024-01-01", "2024-02-01"},
  }));
  CAPTURE(d);
  CHECK(format_day(year_start(day(d))) == year);
  CHECK(format_day(quarter_start(day(d))) == quarter);
  CHECK(format_day(month_start(day(d))) == month);
}

// ---- money ----

TEST_CASE("ISO 4217 currencies have their minor digits", "[money]") {
  auto [code, digits] = GENERATE(table<std::string, int>({
      {"USD", 2},
      {"EUR", 2},
      {"PLN", 2},
      {"GBP", 2},
      {"JPY", 0},
      {"KRW", 0},
      {"KWD", 3},
      {"BHD", 3},
  }));
  CAPTURE(code);
  auto c = find_currency(code);
  REQUIRE(c.has_value());
  CHECK(c->code == code);
  CHECK(c->digits == digits);
}

TEST_CASE("an unknown or lowercase currency code is not found", "[money]") {
  auto code = GENERATE(as<std::string>{}, "usd", "ABC", "US", "USDX", "");
  CAPTURE(code);
  CHECK_FALSE(find_currency(code).has_value());
}

TEST_CASE("money parses to exact minor units within the currency's digits", "[money]") {
  // minor units = major x 10^digits: 129.99 USD = 12999 cents; 129.9 = 12990;
  // 1000 JPY = 1000 yen; 1.234 KWD = 1234 fils; 0.5 KWD = 500 fils; -5 USD = -500.
  auto [text, digits, expected] = GENERATE(table<std::string, int, int64_t>({
      {"129.99", 2, 12999},
      {"129.9", 2, 12990},
      {"129", 2, 12900},
      {"0.01", 2, 1},
      {"0", 2, 0},
      {"1000", 0, 1000},
      {"1.234", 3, 1234},
      {"0.5", 3, 500},
      {"12", 3, 12000},
      {"-5", 2, -500},
      {"-0.01", 2, -1},
      {"-1.5", 2, -150},
  }));
  CAPTURE(text, digits);
  std::string why;
  auto v = parse_decimal(text, digits, &why);
  INFO(why);
  REQUIRE(v.has_value());
  CHECK(*v == expected);
}

TEST_CASE("money with too many digits an exponent or junk is rejected", "[money]") {
  auto [text, digits] = GENERATE(table<std::string, int>({
      {"129.999", 2}, // USD has 2 minor digits
      {"1000.5", 0},  // JPY has none
      {"1.2345", 3},  // KWD has 3
      {"1e3", 2},     // exponent
      {"1E3", 2},     // exponent
      {"1.5e2", 2},   // exponent
      {"", 2},
      {"abc", 2},
      {"1,000.00", 2},
      {"12.3.4", 2},
      {"-", 2},
  }));
  CAPTURE(text, digits);
  std::string why;
  CHECK_FALSE(parse_decimal(text, digits, &why).has_value());
  CHECK_FALSE(why.empty());
}

TEST_CASE("money is written in major units with exactly the currency's digits", "[money]") {
  auto [minor, digits, expected] = GENERATE(table<int64_t, int, std::string>({
      {12999, 2, "129.99"},
      {0, 2, "0.00"},
      {1, 2, "0.01"},
      {-1, 2, "-0.01"},
      {-1500, 2, "-15.00"},
      {5, 0, "5"},
      {1234, 3, "1.234"},
      {5, 3, "0.005"},
      {1234, 4, "0.1234"},
      {-1234, 4, "-0.1234"},
      {100, 2, "1.00"},
      {INT64_MIN, 0, "-9223372036854775808"},
      {INT64_MAX, 2, "92233720368547758.07"},
  }));
  CHECK(format_decimal(minor, digits) == expected);
  std::string out = "x,"; // appending keeps what is there
  append_decimal(out, minor, digits);
  CHECK(out == "x," + expected);
}

TEST_CASE("a day is written YYYY-MM-DD, four-digit years zero-padded, others as they are", "[date]") {
  auto [y, m, d, expected] = GENERATE(table<int, int, int, std::string>({
      {2025, 3, 9, "2025-03-09"},
      {1970, 1, 1, "1970-01-01"},
      {999, 12, 31, "0999-12-31"},
      {0, 1, 1, "0000-01-01"},
      {9999, 12, 31, "9999-12-31"},
      {10000, 1, 1, "10000-01-01"},
      {-1, 6, 15, "-001-06-15"},
  }));
  CHECK(format_day(days_from_civil(y, m, d)) == expected);
  std::string out = "a,";
  append_day(out, days_from_civil(y, m, d));
  CHECK(out == "a," + expected);
}

TEST_CASE("an events row bounds purchase amounts by the program currency", "[money][events]") {
  // USD: 1.234 has 3 decimals > 2 -> bad row; KWD (3) takes it as 1234 fils;
  // JPY (0) rejects 1000.5 and takes 1000 as 1000 yen.
  const std::string head = "customer_id,date,type,amount\n";
  auto [amount, digits, ok, minor] = GENERATE(table<std::string, int, bool, int64_t>({
      {"1.234", 2, false, 0},
      {"1.234", 3, true, 1234},
      {"1000.5", 0, false, 0},
      {"1000", 0, true, 1000},
      {"12.50", 2, true, 1250},
      {"-5.00", 2, false, 0}, // a purchase amount is non-negative
      {"1e2", 2, false, 0},
  }));
  CAPTURE(amount, digits);
  std::string csv = head + "c1,2025-01-01,purchase," + amount + "\n";
  if (ok) {
    Import im = import_csv(csv, digits);
    REQUIRE(im.log.size() == 1);
    CHECK(im.log.amount[0] == minor);
  } else {
    std::string msg = input_error([&, digits = digits] { import_csv(csv, digits); });
    CHECK(starts_with(msg, "events.csv:2: column amount: "));
  }
}

TEST_CASE("division rounds half to even, in 64 bits and beyond", "[money]") {
  // Hand-worked: 5/2 = 2.5 -> 2; 7/2 = 3.5 -> 4; -5/2 = -2.5 -> -2; -7/2 -> -4;
  // 7/-2 = -3.5 -> -4; 10/4 = 2.5 -> 2; 11/4 = 2.75 -> 3; -11/4 -> -3; 1/3 -> 0; 2/3 -> 1.
  CHECK(div_round_half_even(5, 2) == 2);
  CHECK(div_round_half_even(7, 2) == 4);
  CHECK(div_round_half_even(-5, 2) == -2);
  CHECK(div_round_half_even(-7, 2) == -4);
  CHECK(div_round_half_even(7, -2) == -4);
  CHECK(div_round_half_even(-7, -2) == 4);
  CHECK(div_round_half_even(10, 4) == 2);
  CHECK(div_round_half_even(11, 4) == 3);
  CHECK(div_round_half_even(-11, 4) == -3);
  CHECK(div_round_half_even(1, 3) == 0);
  CHECK(div_round_half_even(2, 3) == 1);
  // Near and past the 64-bit edge: (2^63 - 1) / 2 = 2^62 - 0.5 -> 2^62 (even);
  // a divisor near 2^63 (2r would overflow 64 bits); 10^20 / 10^2.
  const int64_t max = INT64_MAX;
  CHECK(div_round_half_even(max, 2) == (int64_t(1) << 62));
  CHECK(div_round_half_even(max - 1, max) == 1);     // 0.99.. -> 1
  CHECK(div_round_half_even(max / 2, max) == 0);     // just under a half
  CHECK(div_round_half_even(max / 2 + 1, max) == 1); // just over a half
  CHECK(div_round_half_even(INT64_MIN, 2) == INT64_MIN / 2);
  CHECK(div_round_half_even(static_cast<__int128>(100000000000000000LL) * 1000, 100) == 1000000000000000000LL);
  CHECK(div_round_half_even(static_cast<__int128>(max) * 3, static_cast<__int128>(max) * 2) == 2); // 1.5
  CHECK(div_round_half_even(static_cast<__int128>(max) * 5, static_cast<__int128>(max) * 2) == 2); // 2.5
  CHECK(div_round_half_even(-static_cast<__int128>(max) * 5, static_cast<__int128>(max) * 2) == -2);
}
