// notify: who to tell what (issue #21, docs/notify.md).
#include <cstdio>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "tierlab/error.hpp"
#include "tierlab/notify.hpp"

namespace tierlab::cli {

void declare_notify(CLI::App& c) {
  c.description("Notification lists for a mailing tool: one row per customer and reason, sorted\n"
                "by reason, then customer_id. Reasons: downgraded / upgraded (the tier at the\n"
                "as-of day is below / above the tier at --since, for customers listed and\n"
                "enrolled on both days), near_next (progress to the next tier >= 0.8),\n"
                "points_expiring (points gone between the as-of day + 1 and + --within days),\n"
                "reward_available (the balance covers a reward it did not cover at --since).\n"
                "Columns and a mailing-tool import example: docs/notify.md.");
  required_option(c, "--program", "FILE", "program JSON (spec §3)");
  declare_events_options(c);
  value_option(c, "--as-of", "DATE", "as-of day D, YYYY-MM-DD (default: the last event date)");
  value_option(c, "--since", "DATE", "the earlier day D0 compared with D (default: D - 7)");
  value_option(c, "--within", "N", "points_expiring looks at days D + 1 to D + N", std::to_string(kNotifyWithinDays));
  value_option(c, "--format", "csv|json", "output format", "csv");
  value_option(c, "--locale", "L", "language of the message column (supported: en)", "en");
}

int cmd_notify(const Args& a) {
  Program p = load_program(a.require("program"));
  const std::string format = format_arg(a, {"csv", "json"});
  NotifyOptions o;
  o.locale = a.require("locale");
  check_notify_locale(o.locale); // before the events are read
  const std::string within = a.require("within");
  std::string why;
  const auto n = parse_decimal(within, 0, &why);
  if (!n || *n < 1 || *n > kNotifyMaxWithinDays)
    throw InputError("--within: expected a whole number of days from 1 to " + std::to_string(kNotifyMaxWithinDays) +
                     ", got \"" + within + "\"");
  o.within_days = static_cast<int32_t>(*n);
  if (auto since = a.get("since")) o.since = parse_day_arg("since", *since);
  Import im = load_events(a, a.require("events"), p.currency.digits);
  o.as_of = as_of_arg(a, im.log);
  o.threads = 0;
  const NotifyList list = notify(p, im.log, o);
  const std::string out = format == "json" ? notify_json(p, im.log, list) + "\n" : notify_csv(p, im.log, list);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

} // namespace tierlab::cli
