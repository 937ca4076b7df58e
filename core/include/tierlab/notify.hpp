#pragma once
// Notification lists (issue #21, docs/notify.md): who to tell what at the
// end of day D, from each customer's evaluation at D and at an earlier day D0
// (`since`). One row per customer and reason, sorted by reason name, then
// customer_id. Every tier, progress, points lot and expiry comes from the
// Evaluator / evaluate(); this file only compares and words them.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tierlab/evaluate.hpp"
#include "tierlab/events.hpp"
#include "tierlab/program.hpp"

namespace tierlab {

// In output order (by name). A status program's `at_risk` plugs in as one
// more value here (first by name), one more finder in notify/reasons.cpp and
// one more sentence in notify/words.cpp.
enum class NotifyReason : uint8_t { Downgraded, NearNext, PointsExpiring, RewardAvailable, Upgraded };
constexpr size_t kNotifyReasons = 5;
const char* notify_reason_name(NotifyReason r); // "downgraded", "near_next", ...

constexpr int32_t kNotifySinceDays = 7;   // D0 defaults to D - 7
constexpr int32_t kNotifyWithinDays = 30; // points_expiring looks at [D + 1, D + 30]
constexpr int32_t kNotifyMaxWithinDays = 36600;

// The locales the `message` column is written in ("en").
const std::vector<std::string>& notify_locales();
// Throws the option error `locale: ...` naming the supported locales.
void check_notify_locale(std::string_view locale);

struct NotifyOptions {
  Day as_of = 0;
  std::optional<Day> since;                // D0; default as_of - kNotifySinceDays; never after as_of
  int32_t within_days = kNotifyWithinDays; // 1..kNotifyMaxWithinDays
  std::string locale = "en";
  int threads = 1; // evaluate's threads (0 = one per core); answers never depend on it
};

// One unmet leaf of the next tier's condition (depth first), for near_next.
struct NeededLeaf {
  int metric = -1;
  int64_t target = 0;
  int64_t value = 0;
  int64_t remaining = 0;
};

struct NotifyRow {
  NotifyReason reason = NotifyReason::Upgraded;
  uint32_t customer = 0;                 // index into the log's customer_ids
  int tier = -1;                         // tier at D (-1: not enrolled)
  int previous_tier = -1;                // upgraded / downgraded: the tier at D0
  int next_tier = -1;                    // near_next
  Fraction progress;                     // near_next: toward next_tier at D
  std::vector<NeededLeaf> needed;        // near_next: the unmet leaves
  std::string needed_text;               // near_next: "spend 45.00 or orders 2" (the CSV's `needed`)
  std::optional<int64_t> points_balance; // at D, when the program has points
  int64_t expiring_points = 0;           // points_expiring: every lot gone in [D + 1, D + N]
  std::optional<Day> expires_on;         // points_expiring: the first of those days
  std::optional<Day> last_expires_on;    // points_expiring: the last of them
  std::vector<int> rewards;              // reward_available: catalogue indexes newly covered
  std::string message;                   // the sentence, in the list's locale
};

struct NotifyList {
  Day as_of = 0;
  Day since = 0;
  int32_t within_days = kNotifyWithinDays;
  std::string locale = "en";
  std::vector<NotifyRow> rows; // by reason, then customer_id
  std::array<int64_t, kNotifyReasons> counts() const;
};

// Throws InputError naming the option (`since`, `within`, `locale`).
NotifyList notify(const Program& p, const EventLog& log, const NotifyOptions& options);

// CSV (docs/notify.md): reason,customer_id,tier,previous_tier,next_tier,
// progress,needed,benefits,points_balance,expiring_points,expires_on,rewards,message
std::string notify_csv(const Program& p, const EventLog& log, const NotifyList& list);
// Only the rows of one reason (the panels' downloads); the same columns.
std::string notify_csv(const Program& p, const EventLog& log, const NotifyList& list, NotifyReason only);
// {as_of, since, within_days, locale, currency, counts{reason: n}, rows[...]}
std::string notify_json(const Program& p, const EventLog& log, const NotifyList& list);
// {reason: n, ...} in reason order (the panels' summaries).
std::string notify_counts_json(const NotifyList& list);

// A reason by name; nullopt when unknown.
std::optional<NotifyReason> parse_notify_reason(std::string_view name);

} // namespace tierlab
