// Tier counts day by day, week by week or month by month.
#include <algorithm>

#include "simulate/cache.hpp"
#include "tierlab/error.hpp"

namespace tierlab {

ReplayStep parse_replay_step(const std::string& s) {
  if (s == "day") return ReplayStep::Day;
  if (s == "week") return ReplayStep::Week;
  if (s == "month") return ReplayStep::Month;
  throw option_error("step", "bad_value", "expected day, week or month, got \"" + s + "\"");
}

ReplayResult Session::replay(const Program& p, Day from, Day to, ReplayStep step) {
  if (to < from)
    throw option_error("to", "bad_range", "the end " + format_day(to) + " is before the start " + format_day(from));
  ReplayResult res;
  for (const auto& t : p.tiers) res.tiers.push_back(t.name);
  std::vector<Day> days;
  for (int i = 0;; ++i) {
    Day d = step == ReplayStep::Day ? from + i : step == ReplayStep::Week ? from + 7 * i : add_months(from, i);
    if (d > to) break;
    days.push_back(d);
    if (days.size() > 20000)
      throw option_error("step", "limit",
                         "more than 20000 steps from " + format_day(from) + " to " + format_day(to) +
                             "; take a longer step");
  }
  const int top = static_cast<int>(p.tiers.size()) - 1;
  Tiering prev;
  for (size_t k = 0; k < days.size(); ++k) {
    Tiering t = tiers(p, days[k], false);
    ReplayPoint pt;
    pt.day = days[k];
    pt.counts.assign(p.tiers.size(), 0);
    pt.customers = static_cast<int64_t>(t.customers.size());
    for (int8_t x : t.tier) {
      if (x < 0) ++pt.not_enrolled;
      else ++pt.counts[static_cast<size_t>(x)];
    }
    int64_t could_advance = 0;
    if (k > 0) { // customers in both steps: listings only grow, so merge by index
      size_t j = 0;
      for (size_t i = 0; i < prev.customers.size(); ++i) {
        while (j < t.customers.size() && t.customers[j] < prev.customers[i]) ++j;
        if (j == t.customers.size() || t.customers[j] != prev.customers[i]) continue;
        int a = prev.tier[i], b = t.tier[j];
        if (a < 0 || b < 0) continue;
        if (a < top) ++could_advance;
        if (b > a) ++pt.upgrades;
        else if (b < a) ++pt.downgrades;
      }
    }
    pt.advancement_rate = {pt.upgrades, std::max<int64_t>(1, could_advance)};
    res.points.push_back(std::move(pt));
    prev = std::move(t);
  }
  return res;
}

} // namespace tierlab
