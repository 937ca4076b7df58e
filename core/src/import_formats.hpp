#pragma once
// How a shop's file writes its values: delimiter, decimal separator, date
// order, a clock without a zone (docs/importers.md, "European files"). The
// readers in importers.cpp and events.cpp settle these once per file, here.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tierlab/date.hpp"
#include "tierlab/events.hpp"

namespace tierlab {

// The delimiter the reader uses: the given one, else the header line's.
char delimiter_of(std::string_view text, const ImportOptions& opt);

// An amount as written with decimal separator `decimal` ("1.234,50",
// "1 234,50" with ','; "1,234.50" with '.') rewritten as the plain decimal
// parse_decimal reads ("1234.50") into `out`. Thousands separators ('.' or
// ',' — whichever is not the decimal —, a space, a no-break space, ') are
// taken only in exact groups of three. False with *why when the text is
// not such an amount. A text with nothing to rewrite is copied as it is.
bool plain_amount(std::string_view text, char decimal, std::string& out, std::string* why);
// True when plain_amount would change the text (a separator other than '.').
inline bool needs_plain_amount(std::string_view s, char decimal) {
  for (char c : s)
    if (c == ',' || c == ' ' || c == '\'' || static_cast<unsigned char>(c) >= 0x80 || (decimal == ',' && c == '.'))
      return true;
  return false;
}

// Dates in exports: ISO dates and date-times with or without a zone
// ("2025-10-07 09:50:26 +0200"), or a numeric date with '/', '.' or '-' in
// `order` ("15.01.2025", "1/15/2025 9:30"), a four-digit year first or last.
// Without a zone the written date is the day, unless `zone` (minutes east of
// UTC) says which clock the time is on: then it is the UTC day of that time.
std::optional<Day> parse_export_date(std::string_view s, DateOrder order, const std::optional<int>& zone,
                                     std::string* reason);

// Works out the date order of a column from its values: a first field above
// 12 means day-first, a second field above 12 month-first.
class DateOrderVote {
 public:
  void see(std::string_view value, int64_t line);
  bool decided() const { return found_ != DateOrder::Auto; }
  DateOrder found() const { return found_; }
  bool ambiguous() const { return ambiguous_line_ > 0; } // some date fit both orders
  const std::string& note() const { return note_; }      // why, for the report
  const std::string& first_ambiguous() const { return ambiguous_value_; }
  int64_t first_ambiguous_line() const { return ambiguous_line_; }

 private:
  DateOrder found_ = DateOrder::Auto;
  std::string note_, ambiguous_value_;
  int64_t ambiguous_line_ = 0;
};

// Works out the decimal separator of money columns: the last '.' or ',' of an
// amount is its decimal separator unless three digits follow it (then it may
// group thousands: "1,234" tells nothing); both in one amount, or one twice,
// tell too.
class DecimalVote {
 public:
  void see(std::string_view value, int64_t line);
  bool decided() const { return found_ != 0; }
  char found() const { return found_; }
  const std::string& note() const { return note_; }
  char ambiguous_separator() const { return ambiguous_sep_; } // 0 when no amount was unclear
  const std::string& first_ambiguous() const { return ambiguous_value_; }
  int64_t first_ambiguous_line() const { return ambiguous_line_; }

 private:
  char found_ = 0;
  std::string note_, ambiguous_value_;
  char ambiguous_sep_ = 0;
  int64_t ambiguous_line_ = 0;
};

// The options `opt` leaves open for a CSV export, settled from its rows:
// the date order of column `date_col` (named `date_name`) and the decimal
// separator of `money_cols`. `fallback` is the format's documented date order
// for dates that fit both (Auto: none, such a file is refused with code
// "ambiguous_date" at the first such date). The report notes go to `notes`.
ImportOptions settle_options(std::string_view text, const ImportOptions& opt, int date_col,
                             const std::string& date_name, const std::vector<int>& money_cols, DateOrder fallback,
                             const std::string& fallback_why, std::vector<std::string>& notes);

} // namespace tierlab
