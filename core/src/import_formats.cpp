// Delimiter, decimal separator, date order and clock of a shop's file
// (docs/importers.md, "European files").
#include "import_formats.hpp"

#include <cstdio>

#include "csv.hpp"
#include "tierlab/error.hpp"

namespace tierlab {

// ---- the options as written ---------------------------------------------------------

const char* date_order_name(DateOrder o) {
  switch (o) {
    case DateOrder::Auto: return "auto";
    case DateOrder::Ymd: return "ymd";
    case DateOrder::Dmy: return "dmy";
    case DateOrder::Mdy: return "mdy";
  }
  return "?";
}

char parse_delimiter(std::string_view t, const std::string& option) {
  if (t == "," || t == "comma") return ',';
  if (t == ";" || t == "semicolon") return ';';
  if (t == "\t" || t == "\\t" || t == "tab") return '\t';
  if (t == "|" || t == "pipe") return '|';
  throw option_error(option, "delimiter",
                     "expected , ; tab or | (or comma, semicolon, pipe), got \"" + std::string(t) + "\"");
}

char parse_decimal_separator(std::string_view t, const std::string& option) {
  if (t == "." || t == "point" || t == "dot") return '.';
  if (t == "," || t == "comma") return ',';
  throw option_error(option, "decimal", "expected . or , (or point, comma), got \"" + std::string(t) + "\"");
}

DateOrder parse_date_order(std::string_view t, const std::string& option) {
  for (DateOrder o : {DateOrder::Auto, DateOrder::Ymd, DateOrder::Dmy, DateOrder::Mdy})
    if (t == date_order_name(o)) return o;
  throw option_error(option, "date_order",
                     "expected ymd, dmy (day first: 31/12/2025) or mdy (month first: 12/31/2025), got \"" +
                         std::string(t) + "\"");
}

int parse_timezone_offset(std::string_view t, const std::string& option) {
  if (t == "Z" || t == "z" || t == "UTC" || t == "utc") return 0;
  auto bad = [&]() -> int {
    throw option_error(option, "timezone",
                       "expected an offset from UTC like +01:00, -05:00 or +0530 (at most 14:59), got \"" +
                           std::string(t) + "\"");
  };
  std::string_view s = t;
  if (s.size() >= 3 && (s.substr(0, 3) == "UTC" || s.substr(0, 3) == "GMT")) s.remove_prefix(3);
  if (s.empty() || (s[0] != '+' && s[0] != '-')) return bad();
  const int sign = s[0] == '-' ? -1 : 1;
  s.remove_prefix(1);
  int h = 0, m = 0, n = 0;
  size_t i = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9' && n < 2; ++i, ++n) h = h * 10 + (s[i] - '0');
  if (n == 0) return bad();
  if (i < s.size() && s[i] == ':') ++i;
  if (i < s.size()) {
    if (s.size() - i != 2 || s[i] < '0' || s[i] > '9' || s[i + 1] < '0' || s[i + 1] > '9') return bad();
    m = (s[i] - '0') * 10 + (s[i + 1] - '0');
  }
  if (h > 14 || m > 59) return bad();
  return sign * (h * 60 + m);
}

std::string delimiter_name(char d) {
  if (d == '\t') return "tab";
  return std::string("'") + d + "'";
}

char detect_delimiter(std::string_view text) {
  size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  int count[4] = {0, 0, 0, 0};
  static const char kCandidates[4] = {',', ';', '\t', '|'};
  bool quoted = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    for (int k = 0; k < 4; ++k)
      if (c == kCandidates[k]) ++count[k];
  }
  int best = 0;
  for (int k = 1; k < 4; ++k)
    if (count[k] > count[best]) best = k;
  return kCandidates[best];
}

char delimiter_of(std::string_view text, const ImportOptions& opt) {
  return opt.delimiter ? opt.delimiter : detect_delimiter(text);
}

// ---- amounts --------------------------------------------------------------------------

namespace {
// The thousands separator starting at s[i] (its length), or 0.
size_t group_mark(std::string_view s, size_t i, char decimal) {
  const char c = s[i];
  if (c == ' ' || c == '\'') return 1;
  if ((c == '.' && decimal == ',') || (c == ',' && decimal == '.')) return 1;
  if (s.substr(i, 2) == "\xC2\xA0") return 2;     // no-break space
  if (s.substr(i, 3) == "\xE2\x80\xAF") return 3; // narrow no-break space (French)
  return 0;
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
} // namespace

bool plain_amount(std::string_view s, char decimal, std::string& out, std::string* why) {
  out.clear();
  if (!needs_plain_amount(s, decimal)) {
    out.assign(s);
    return true;
  }
  auto bad = [&](const std::string& reason) {
    if (why) *why = reason;
    return false;
  };
  const std::string written(s);
  const std::string shape = decimal == ',' ? "1.234,50 or 1234,50" : "1,234.50 or 1234.50";
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
    if (s[i] == '-') out += '-';
    ++i;
  }
  size_t group = 0, groups = 0; // digits in the current group; groups closed by a mark
  bool any = false;
  while (i < s.size()) {
    if (is_digit(s[i])) {
      out += s[i++];
      ++group;
      any = true;
      continue;
    }
    const size_t mark = group_mark(s, i, decimal);
    if (mark == 0) break;
    if (group == 0 || (groups == 0 && group > 3) || (groups > 0 && group != 3))
      return bad("\"" + written + "\" is not an amount like " + shape + " (thousands go in groups of three)");
    ++groups;
    group = 0;
    i += mark;
  }
  if (!any) return bad("expected an amount like " + shape + ", got \"" + written + "\"");
  if (groups > 0 && group != 3)
    return bad("\"" + written + "\" is not an amount like " + shape + " (thousands go in groups of three)");
  if (i < s.size() && s[i] == decimal) {
    out += '.';
    ++i;
    const size_t from = i;
    while (i < s.size() && is_digit(s[i])) out += s[i++];
    if (i == from) return bad("expected digits after '" + std::string(1, decimal) + "' in \"" + written + "\"");
  }
  if (i != s.size()) return bad("expected an amount like " + shape + ", got \"" + written + "\"");
  return true;
}

// ---- dates ----------------------------------------------------------------------------

namespace {

const char* const kMonths[12] = {"January", "February", "March",     "April",   "May",      "June",
                                 "July",    "August",   "September", "October", "November", "December"};

// "15.01.2025", "1/15/2025 9:30", "2025/01/15": three runs of digits with the
// same separator ('/', '.' or '-'); `end` is where the date stops.
struct NumericDate {
  int field[3] = {0, 0, 0};
  int len[3] = {0, 0, 0};
  size_t end = 0;
  bool year_first() const { return len[0] == 4; }
};

std::optional<NumericDate> split_numeric_date(std::string_view s) {
  NumericDate d;
  char sep = 0;
  size_t i = 0;
  for (int k = 0; k < 3; ++k) {
    if (k > 0) {
      if (i >= s.size() || (s[i] != '/' && s[i] != '.' && s[i] != '-')) return std::nullopt;
      if (k == 1) sep = s[i];
      else if (s[i] != sep) return std::nullopt;
      ++i;
    }
    for (; i < s.size() && is_digit(s[i]); ++i, ++d.len[k]) // the value of 9 digits at most: no overflow
      if (d.len[k] < 9) d.field[k] = d.field[k] * 10 + (s[i] - '0');
    if (d.len[k] == 0) return std::nullopt;
  }
  if (i < s.size() && s[i] != ' ' && s[i] != 'T') return std::nullopt;
  d.end = i;
  return d;
}

// The minutes after midnight of " 9:30", " 09:30:15", "T09:30:15.5" (at least
// H:MM); nullopt for anything else.
std::optional<int> clock_minutes(std::string_view rest) {
  if (rest.empty() || (rest[0] != ' ' && rest[0] != 'T')) return std::nullopt;
  size_t i = 1;
  int h = 0, n = 0;
  while (i < rest.size() && is_digit(rest[i]) && n < 2) h = h * 10 + (rest[i++] - '0'), ++n;
  auto two_digits_after_colon = [&] {
    return i + 2 < rest.size() && rest[i] == ':' && is_digit(rest[i + 1]) && is_digit(rest[i + 2]);
  };
  if (n == 0 || !two_digits_after_colon()) return std::nullopt;
  const int m = (rest[i + 1] - '0') * 10 + (rest[i + 2] - '0');
  i += 3;
  if (i < rest.size() && rest[i] == ':') {
    if (!two_digits_after_colon()) return std::nullopt;
    i += 3;
    if (i < rest.size() && (rest[i] == '.' || rest[i] == ',')) {
      ++i;
      while (i < rest.size() && is_digit(rest[i])) ++i;
    }
  }
  if (i != rest.size() || h > 24 || m > 59 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

// The day of a date written on a clock `zone` minutes east of UTC.
std::optional<Day> on_zone(Day day, std::string_view rest, const std::optional<int>& zone, std::string_view written,
                           std::string* reason) {
  if (!zone || trim(rest).empty()) return day;
  const std::optional<int> minutes = clock_minutes(rest);
  if (!minutes) {
    if (reason) *reason = "expected a time H:MM[:SS] after the date in \"" + std::string(written) + "\"";
    return std::nullopt;
  }
  const int utc = *minutes - *zone;
  const Day d = day + (utc < 0 ? -1 : utc >= 24 * 60 ? 1 : 0);
  if (d < kFirstDay || d > kLastDay) {
    if (reason) *reason = "the UTC day of \"" + std::string(written) + "\" is outside 0000-01-01..9999-12-31";
    return std::nullopt;
  }
  return d;
}

} // namespace

std::optional<Day> parse_export_date(std::string_view s, DateOrder order, const std::optional<int>& zone,
                                     std::string* reason) {
  s = trim(s);
  std::string why;
  if (s.size() >= 10 && s[4] == '-') {
    if (auto d = parse_event_date(s, &why, true)) return d; // with a zone (a space before it allowed)
    // Without a zone: the written date, or its day on the given clock. A zone
    // that is there but wrong (an offset beyond 14:59, a bad time before it)
    // is an error, never dropped.
    const std::string_view rest = s.substr(std::min<size_t>(10, s.size()));
    const bool has_zone = rest.find_first_of("+-Zz") != std::string_view::npos;
    if (!has_zone && (rest.empty() || rest[0] == ' ' || rest[0] == 'T'))
      if (auto d = parse_day(s.substr(0, 10))) return on_zone(*d, rest, zone, s, reason);
    if (reason) *reason = why;
    return std::nullopt;
  }
  const std::optional<NumericDate> nd = split_numeric_date(s);
  if (!nd) {
    if (reason) *reason = "unrecognised date \"" + std::string(s) + "\"";
    return std::nullopt;
  }
  int y, m, d;
  const std::string written(s);
  if (nd->year_first()) {
    y = nd->field[0], m = nd->field[1], d = nd->field[2];
  } else {
    if (nd->len[2] != 4) {
      if (reason)
        *reason = nd->len[2] > 4 ? "year beyond 9999 in \"" + written + "\""
                                 : "expected a four-digit year in \"" + written + "\"";
      return std::nullopt;
    }
    if (order == DateOrder::Ymd) {
      if (reason) *reason = "expected the year first (date order ymd), got \"" + written + "\"";
      return std::nullopt;
    }
    y = nd->field[2];
    // Auto here: the file's dates told nothing (settle_options refused a
    // file whose dates fit both orders), so this one is read as written
    // month-first only when it cannot be anything else.
    const bool day_first = order == DateOrder::Dmy || (order == DateOrder::Auto && nd->field[0] > 12);
    m = day_first ? nd->field[1] : nd->field[0];
    d = day_first ? nd->field[0] : nd->field[1];
  }
  if ((!nd->year_first() && nd->len[0] > 2) || nd->len[1] > 2 || (nd->year_first() && nd->len[2] > 2) || y < 1000 ||
      m < 1 || m > 12 || d < 1 || d > 31) {
    if (reason)
      *reason = "no such date \"" + written + "\" (" +
                (nd->year_first()          ? "Y-M-D"
                 : order == DateOrder::Dmy ? "D/M/YYYY"
                                           : "M/D/YYYY") +
                ")";
    return std::nullopt;
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  const std::optional<Day> day = parse_day(buf);
  if (!day) {
    if (reason)
      *reason =
          "no such date \"" + written + "\" (" + (m == 2 ? "February" : kMonths[m - 1]) + " " + std::to_string(d) + ")";
    return std::nullopt;
  }
  return on_zone(*day, s.substr(nd->end), zone, s, reason);
}

void DateOrderVote::see(std::string_view value, int64_t line) {
  if (decided()) return;
  value = trim(value);
  const std::optional<NumericDate> nd = split_numeric_date(value);
  if (!nd || nd->year_first() || nd->len[2] != 4) return;
  const int a = nd->field[0], b = nd->field[1];
  const std::string date(value.substr(0, nd->end));
  if (a > 12 && b >= 1 && b <= 12) {
    found_ = DateOrder::Dmy;
    note_ = "dates read day-first: " + date + " on line " + std::to_string(line) + " has no month " + std::to_string(a);
  } else if (b > 12 && a >= 1 && a <= 12) {
    found_ = DateOrder::Mdy;
    note_ =
        "dates read month-first: " + date + " on line " + std::to_string(line) + " has no month " + std::to_string(b);
  } else if (a <= 12 && b <= 12 && ambiguous_line_ == 0) {
    ambiguous_line_ = line;
    ambiguous_value_ = date;
  }
}

void DecimalVote::see(std::string_view value, int64_t line) {
  if (decided()) return;
  value = trim(value);
  const size_t last = value.find_last_of(".,");
  if (last == std::string_view::npos) return;
  const char sep = value[last], other = sep == '.' ? ',' : '.';
  const size_t after = value.size() - last - 1;
  bool digits_after = after > 0;
  for (size_t i = last + 1; i < value.size(); ++i) digits_after = digits_after && is_digit(value[i]);
  if (!digits_after) return; // not an amount: its reader says why
  const bool both = value.find(other) != std::string_view::npos;
  const bool twice = value.find(sep) != last;
  std::string why;
  char decimal = 0;
  if (both) decimal = sep, why = "both separators";
  else if (twice) decimal = other, why = std::string("'") + sep + "' groups thousands";
  else if (after != 3) decimal = sep, why = std::to_string(after) + " digit" + (after == 1 ? "" : "s") + " after it";
  if (decimal) {
    found_ = decimal;
    note_ = std::string("amounts read with a decimal ") + (decimal == ',' ? "comma" : "point") + ": " +
            std::string(value) + " on line " + std::to_string(line) + " (" + why + ")";
  } else if (ambiguous_line_ == 0) {
    ambiguous_line_ = line;
    ambiguous_sep_ = sep;
    ambiguous_value_ = std::string(value);
  }
}

ImportOptions settle_options(std::string_view text, const ImportOptions& opt, int date_col,
                             const std::string& date_name, const std::vector<int>& money_cols, DateOrder fallback,
                             const std::string& fallback_why, std::vector<std::string>& notes) {
  ImportOptions o = opt;
  o.delimiter = delimiter_of(text, opt);
  if (!opt.delimiter && o.delimiter != ',')
    notes.push_back("delimiter " + delimiter_name(o.delimiter) + " (the one the header line uses)");
  const bool want_order = o.date_order == DateOrder::Auto && date_col >= 0;
  const bool want_decimal = o.decimal == 0 && !money_cols.empty();
  if (!want_order && !want_decimal) return o;
  DateOrderVote dates;
  DecimalVote amounts;
  CsvReader csv(text, o.delimiter);
  csv.set_source(o.source);
  std::vector<std::string_view> f;
  try {
    csv.next(f); // the header
    while ((want_order && !dates.decided()) || (want_decimal && !amounts.decided())) {
      if (!csv.next(f)) break;
      if (want_order && static_cast<size_t>(date_col) < f.size())
        dates.see(f[static_cast<size_t>(date_col)], csv.line());
      if (want_decimal)
        for (int c : money_cols)
          if (c >= 0 && static_cast<size_t>(c) < f.size()) amounts.see(f[static_cast<size_t>(c)], csv.line());
    }
  } catch (const InputError&) {
    // A broken row (an unterminated quote) is the reader's to report, located.
  }
  if (want_order) {
    if (dates.decided()) {
      o.date_order = dates.found();
      notes.push_back(dates.note());
    } else if (dates.ambiguous() && fallback != DateOrder::Auto) {
      o.date_order = fallback;
      notes.push_back(std::string("dates read ") + (fallback == DateOrder::Dmy ? "day" : "month") +
                      "-first: " + fallback_why + "; no date in the file tells (" + dates.first_ambiguous() +
                      " on line " + std::to_string(dates.first_ambiguous_line()) + " fits both)");
    } else if (dates.ambiguous()) {
      const std::string v = dates.first_ambiguous();
      const std::optional<NumericDate> nd = split_numeric_date(v);
      const int a = nd->field[0], b = nd->field[1];
      std::string both = v;
      if (a >= 1 && b >= 1)
        both = v + " could be " + std::to_string(a) + " " + kMonths[b - 1] + " or " + std::to_string(b) + " " +
               kMonths[a - 1];
      ErrorPlace at;
      at.file = o.source;
      at.line = dates.first_ambiguous_line();
      at.field = date_name;
      throw InputError("ambiguous_date",
                       "the dates fit both day-first and month-first (" + both +
                           ") and none in the file has a day above 12 to tell: give the date order, dmy or mdy",
                       at);
    }
  }
  if (want_decimal) {
    if (amounts.decided()) {
      o.decimal = amounts.found();
      if (o.decimal == ',') notes.push_back(amounts.note());
    } else if (amounts.ambiguous_separator() == ',') {
      ErrorPlace at;
      at.file = o.source;
      at.line = amounts.first_ambiguous_line();
      throw InputError("ambiguous_decimal",
                       "amounts like " + amounts.first_ambiguous() +
                           " could be thousands or a decimal comma, and none in the file tells: give the decimal "
                           "separator, . or ,",
                       at);
    } else {
      o.decimal = '.';
    }
  }
  return o;
}

} // namespace tierlab
