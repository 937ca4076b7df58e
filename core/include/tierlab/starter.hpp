#pragma once
// A starter program from a shop's own data (issue 18): tiers on net spend
// over the last 365 days, at round thresholds near the spend of today's top
// 30%, 10% and 2% of customers. The designer edits it from there.
#include <cstdint>
#include <string>
#include <vector>

#include "tierlab/date.hpp"
#include "tierlab/events.hpp"
#include "tierlab/money.hpp"

namespace tierlab {

struct StarterTier {
  std::string name;      // "Silver", "Gold", "Platinum"
  int top_percent = 0;   // 30, 10, 2: the share of customers it is meant for
  int64_t quantile = 0;  // the lowest spend (minor units) among that share
  int64_t threshold = 0; // quantile rounded to two significant figures (minor units, whole major units)
  int64_t customers = 0; // customers at or above the threshold at as_of
};

struct StarterProgram {
  std::string json;               // a program (spec §3), parsed back before it is returned
  std::vector<StarterTier> tiers; // the tiers above the first, in order
  int64_t customers = 0;          // customers with events on or before as_of (the quantiles' base)
  Day as_of = 0;
};

// Thresholds stay strictly increasing (a rounded one equal to the one below
// moves up a step); a log without spend still gets a program (thresholds
// 1, 2, 3 major units). Throws InputError for an unknown currency.
StarterProgram starter_program(const EventLog& log, const std::string& currency, Day as_of,
                               const std::string& name = "Starter program (from the data)");

// `minor` rounded to two significant figures of the major unit, at least one
// major unit: 1234.56 -> 1200, 87.40 -> 87, 0.50 -> 1, 3450 -> 3500.
int64_t round_threshold(int64_t minor, int digits);

} // namespace tierlab
