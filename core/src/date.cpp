#include "tierlab/date.hpp"

#include <cstdio>

namespace tierlab {

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian).
Day days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

void civil_from_days(Day z, int& y, int& m, int& d) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe) + era * 400 + (m <= 2);
}

namespace {

int days_in_month(int y, int m) {
  static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return dm[m - 1];
}

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

// Parses YYYY-MM-DD at the start of s; checks the calendar.
bool date_prefix(std::string_view s, Day& out, std::string* reason) {
  int y, m, d;
  if (s.size() < 10 || !digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, m) || s[7] != '-' ||
      !digits(s, 8, 2, d)) {
    if (reason) *reason = "expected YYYY-MM-DD or an ISO 8601 date-time with a zone, got \"" + std::string(s) + "\"";
    return false;
  }
  if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) {
    if (reason) *reason = "no such date \"" + std::string(s.substr(0, 10)) + "\"";
    return false;
  }
  out = days_from_civil(y, m, d);
  return true;
}

} // namespace

std::optional<Day> parse_day(std::string_view s) {
  Day d;
  if (s.size() != 10 || !date_prefix(s, d, nullptr)) return std::nullopt;
  return d;
}

std::optional<Day> parse_event_date(std::string_view s, std::string* reason, bool space_before_zone) {
  Day day;
  if (!date_prefix(s, day, reason)) return std::nullopt;
  if (s.size() == 10) return day;
  auto bad = [&](const std::string& why) -> std::optional<Day> {
    if (reason) *reason = why + " in \"" + std::string(s) + "\"";
    return std::nullopt;
  };
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return bad("expected 'T' after the date");
  int hh, mm, ss = 0;
  size_t p = 11;
  if (!digits(s, p, 2, hh) || p + 2 >= s.size() || s[p + 2] != ':' || !digits(s, p + 3, 2, mm))
    return bad("expected a time HH:MM");
  p += 5;
  if (p < s.size() && s[p] == ':') {
    if (!digits(s, p + 1, 2, ss)) return bad("expected seconds");
    p += 3;
    if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
      ++p;
      size_t q = p;
      while (p < s.size() && s[p] >= '0' && s[p] <= '9') ++p;
      if (p == q) return bad("expected fraction digits");
    }
  }
  if (hh > 24 || mm > 59 || ss > 60 || (hh == 24 && (mm != 0 || ss != 0))) return bad("no such time");
  if (space_before_zone && p + 1 < s.size() && s[p] == ' ' && (s[p + 1] == '+' || s[p + 1] == '-')) ++p;
  if (p >= s.size()) return bad("a date-time needs a zone (Z or an offset like +02:00)");
  int offset = 0; // minutes east of UTC
  if (s[p] == 'Z' || s[p] == 'z') {
    ++p;
  } else if (s[p] == '+' || s[p] == '-') {
    int sign = s[p] == '-' ? -1 : 1;
    int oh, om;
    if (!digits(s, p + 1, 2, oh)) return bad("bad zone offset");
    p += 3;
    if (p < s.size() && s[p] == ':') ++p;
    if (!digits(s, p, 2, om)) return bad("bad zone offset");
    p += 2;
    if (oh > 14 || om > 59) return bad("zone offset out of range (at most 14:59 either way)");
    offset = sign * (oh * 60 + om);
  } else {
    return bad("a date-time needs a zone (Z or an offset like +02:00)");
  }
  if (p != s.size()) return bad("unexpected text after the zone");
  int minutes = hh * 60 + mm - offset; // UTC minutes from the local date's midnight
  int shift = minutes < 0 ? -1 : minutes >= 24 * 60 ? minutes / (24 * 60) : 0;
  if (day + shift < kFirstDay) return bad("the UTC day is before 0000-01-01");
  if (day + shift > kLastDay) return bad("the UTC day is after 9999-12-31");
  return day + shift;
}

std::string format_day(Day d) {
  std::string s;
  append_day(s, d);
  return s;
}

void append_day(std::string& out, Day d) {
  int y, m, dd;
  civil_from_days(d, y, m, dd);
  if (y >= 0 && y <= 9999) { // digits by hand: snprintf is slow in wasm
    const char t[10] = {char('0' + y / 1000),
                        char('0' + y / 100 % 10),
                        char('0' + y / 10 % 10),
                        char('0' + y % 10),
                        '-',
                        char('0' + m / 10),
                        char('0' + m % 10),
                        '-',
                        char('0' + dd / 10),
                        char('0' + dd % 10)};
    out.append(t, 10);
    return;
  }
  char buf[32];
  const int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, dd);
  out.append(buf, static_cast<size_t>(n));
}

Day year_start(Day d) {
  int y, m, dd;
  civil_from_days(d, y, m, dd);
  return days_from_civil(y, 1, 1);
}

Day quarter_start(Day d) {
  int y, m, dd;
  civil_from_days(d, y, m, dd);
  return days_from_civil(y, (m - 1) / 3 * 3 + 1, 1);
}

Day month_start(Day d) {
  int y, m, dd;
  civil_from_days(d, y, m, dd);
  return days_from_civil(y, m, 1);
}

Day next_month_start(Day d) {
  int y, m, dd;
  civil_from_days(d, y, m, dd);
  return m == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, m + 1, 1);
}

Day add_months(Day d, int months) {
  int y, m, dd;
  civil_from_days(d, y, m, dd);
  int total = y * 12 + (m - 1) + months;
  int ny = total / 12, nm = total % 12 + 1;
  int nd = dd < days_in_month(ny, nm) ? dd : days_in_month(ny, nm);
  return days_from_civil(ny, nm, nd);
}

} // namespace tierlab
