// A starter program from the data (issue 18): thresholds worked by hand.
#include "helpers.hpp"
#include "tierlab/starter.hpp"

using namespace tt;

namespace {
// Customer i (1..100) spends i x 12.34 in 2025.
EventLog hundred_customers() {
  std::string csv = "customer_id,date,type,amount\n";
  for (int i = 1; i <= 100; ++i) {
    char line[64];
    std::snprintf(line, sizeof line, "c%03d,2025-06-01,purchase,%d.%02d\n", i, i * 1234 / 100, i * 1234 % 100);
    csv += line;
  }
  ImportOptions opt;
  opt.source = "hundred.csv";
  return import_events_csv(csv, opt).log;
}
} // namespace

TEST_CASE("starter: thresholds at round figures near the top 30%, 10% and 2% of spend", "[starter]") {
  const StarterProgram s = starter_program(hundred_customers(), "EUR", day("2025-12-31"));
  REQUIRE(s.tiers.size() == 3);
  CHECK(s.customers == 100);
  // Top 30: customer 71 spends 876.14 -> 880; 880 or more: customers 72..100.
  CHECK(s.tiers[0].name == "Silver");
  CHECK(s.tiers[0].quantile == 87614);
  CHECK(s.tiers[0].threshold == 88000);
  CHECK(s.tiers[0].customers == 29);
  // Top 10: customer 91, 1122.94 -> 1100 (two figures); 1100 or more: 90 (1110.60) to 100.
  CHECK(s.tiers[1].quantile == 112294);
  CHECK(s.tiers[1].threshold == 110000);
  CHECK(s.tiers[1].customers == 11);
  // Top 2: customer 99, 1221.66 -> 1200; customers 98 (1209.32) to 100.
  CHECK(s.tiers[2].quantile == 122166);
  CHECK(s.tiers[2].threshold == 120000);
  CHECK(s.tiers[2].customers == 3);
  const Program p = parse_program(s.json);
  CHECK(p.currency.code == "EUR");
  REQUIRE(p.tiers.size() == 4);
  CHECK(p.tiers[0].name == "Member");
  CHECK(p.tiers[3].name == "Platinum");
  // The program puts the same customers in each tier as the counts say.
  const Evaluation e = evaluate(p, hundred_customers(), day("2025-12-31"));
  int per_tier[4] = {0, 0, 0, 0};
  for (const auto& row : e.rows) ++per_tier[row.tier];
  CHECK(per_tier[3] == 3);
  CHECK(per_tier[2] == 11 - 3);
  CHECK(per_tier[1] == 29 - 11);
  CHECK(per_tier[0] == 100 - 29);
}

TEST_CASE("starter: spend outside the last 365 days does not count, thresholds stay increasing", "[starter]") {
  // Everyone's spend is a year before the as-of day: all at 0, thresholds 1, 2, 3.
  const StarterProgram s = starter_program(hundred_customers(), "JPY", day("2026-06-01"));
  CHECK(s.tiers[0].threshold == 1);
  CHECK(s.tiers[1].threshold == 2);
  CHECK(s.tiers[2].threshold == 3);
  CHECK(s.tiers[0].customers == 0);
  CHECK_THROWS_AS(starter_program(hundred_customers(), "XXX", day("2025-12-31")), InputError);
}

TEST_CASE("starter: round figures", "[starter]") {
  CHECK(round_threshold(123456, 2) == 120000); // 1234.56 -> 1200
  CHECK(round_threshold(8740, 2) == 8700);     // 87.40 -> 87
  CHECK(round_threshold(50, 2) == 100);        // 0.50 -> 1
  CHECK(round_threshold(0, 2) == 100);         // at least one
  CHECK(round_threshold(345000, 2) == 350000); // 3450 -> 3500
  CHECK(round_threshold(99600, 2) == 100000);  // 996 -> 1000
  CHECK(round_threshold(5, 0) == 5);
}
