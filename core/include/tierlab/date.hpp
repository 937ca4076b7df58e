#pragma once
// Whole days since 1970-01-01 (UTC). Every answer is "at the end of day D".
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tierlab {

using Day = int32_t;

Day days_from_civil(int year, int month, int day);
void civil_from_days(Day d, int& year, int& month, int& day);

// "YYYY-MM-DD" only.
std::optional<Day> parse_day(std::string_view text);

// "YYYY-MM-DD" or an ISO 8601 date-time with a zone ("Z", "+02:00", "+0200")
// to its UTC day. On failure returns nullopt and sets *reason. A zone offset
// is at most 14 hours and 59 minutes; a date-time whose UTC day falls outside
// kFirstDay..kLastDay is refused (so every day read can be written back as
// YYYY-MM-DD and read again). space_before_zone: "2025-10-07 09:50:26 +0200"
// (store exports) is taken too.
std::optional<Day> parse_event_date(std::string_view text, std::string* reason, bool space_before_zone = false);

// The days a date can name: 0000-01-01 and 9999-12-31.
constexpr Day kFirstDay = -719528;
constexpr Day kLastDay = 2932896;

std::string format_day(Day d);
void append_day(std::string& out, Day d); // format_day(d) appended to out

// First day of the calendar year / quarter / month that holds d.
Day year_start(Day d);
Day quarter_start(Day d);
Day month_start(Day d);
// The first day of the next month / quarter / year after the one holding d.
Day next_month_start(Day d);
Day add_months(Day d, int months); // clamps the day of month

} // namespace tierlab
