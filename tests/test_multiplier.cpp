// Spec §4: benefits.points_multiplier per tier. A purchase or return counts at
// the multiplier of the tier held at the start of its day; one floor of
// amount x rate x multiplier, computed exactly.
#include "helpers.hpp"

using namespace tt;

namespace {

// Base 1x; Gold at 100.00 of lifetime net spend, earning `gold` x; `rate` per unit.
std::string multiplier_program(const std::string& gold, const std::string& rate = "1") {
  return program_json(R"("metrics": {"spend": {"measure": "net_spend", "window": "lifetime"}},
      "tiers": [{"name": "Base"},
                {"name": "Gold", "qualify": {"metric": "spend", "at_least": 100},
                 "benefits": {"points_multiplier": )" +
                      gold + R"(}}],
      "points": {"per_currency_unit": )" +
                      rate + "}");
}

} // namespace

TEST_CASE("a purchase earns at the multiplier of the tier held at the start of its day", "[points][multiplier]") {
  // Jan 1: Base at the start of the day (no history): 100.00 -> 100 and
  //        10.00 -> 10, although 100.00 makes Gold by the end of the day.
  // Jan 2: Gold (spend 110.00): 10.01 x 1.5 = 15.015 -> 15.
  // Jan 3: Gold at the start of the day (spend 120.01): the return of 10.01
  //        takes back 15; the return of 100.00 takes back 150, but only 110
  //        are left: 110 taken back, 40 forgiven.
  Fixture f(multiplier_program("1.5"), "customer_id,date,type,amount\n"
                                       "a,2025-01-01,purchase,100.00\n"
                                       "a,2025-01-01,purchase,10.00\n"
                                       "a,2025-01-02,purchase,10.01\n"
                                       "a,2025-01-03,return,10.01\n"
                                       "a,2025-01-03,return,100.00\n");
  PointsState jan1 = f.points("a", "2025-01-01");
  CHECK(jan1.earned == 110);
  PointsState jan2 = f.points("a", "2025-01-02");
  CHECK(jan2.earned == 125);
  CHECK(jan2.balance == 125);
  PointsState jan3 = f.points("a", "2025-01-03");
  CHECK(jan3.taken_back == 125);
  CHECK(jan3.forgiven == 40);
  CHECK(jan3.balance == 0);
}

TEST_CASE("a return after falling to a lower tier takes back at the lower multiplier", "[points][multiplier]") {
  // 365-day window: Jan 1 2025 buys 100.00 at Base (100 points) -> Gold.
  // Jan 2 2025 buys 20.00 at Gold 2x -> 40. Jan 2 2026: the 365 days ending
  // Jan 1 2026 hold only the 20.00 (Base), so the return of 20.00 takes back
  // 20, and 20 of the Gold bonus stay (the gap the spec documents).
  Fixture f(program_json(R"("metrics": {"spend": {"measure": "net_spend", "window": {"days": 365}}},
      "tiers": [{"name": "Base"},
                {"name": "Gold", "qualify": {"metric": "spend", "at_least": 100},
                 "benefits": {"points_multiplier": 2}}],
      "points": {"per_currency_unit": 1})"),
            "customer_id,date,type,amount\n"
            "a,2025-01-01,purchase,100.00\n"
            "a,2025-01-02,purchase,20.00\n"
            "a,2026-01-02,return,20.00\n");
  CHECK(f.points("a", "2025-01-02").earned == 140);
  PointsState s = f.points("a", "2026-01-02");
  CHECK(s.taken_back == 20);
  CHECK(s.balance == 120);
}

TEST_CASE("one floor of amount x rate x multiplier, exact", "[points][multiplier]") {
  // Gold is reached on Jan 1; each row buys on Jan 2 at Gold.
  // 10/unit x 1.5 on 0.15: 2.25 -> 2 (flooring 1.5 first would give 1).
  // 2.5/unit x 1.25 on 0.33: 1.03125 -> 1. 0.1/unit x 1.33 on 99.99: 13.29867 -> 13.
  // 1/unit x 0 on 50.00: 0. 10/unit x 100 on 21474836.48 (past 32 bits): 21474836480.
  auto [rate, gold, amount, earned] = GENERATE(table<std::string, std::string, std::string, int64_t>({
      {"10", "1.5", "0.15", 2},
      {"2.5", "1.25", "0.33", 1},
      {"0.1", "1.33", "99.99", 13},
      {"1", "0", "50.00", 0},
      {"10", "100", "21474836.48", 21474836480},
  }));
  CAPTURE(rate, gold, amount);
  Fixture f(multiplier_program(gold, rate),
            "customer_id,date,type,amount\na,2025-01-01,purchase,100.00\na,2025-01-02,purchase," + amount + "\n");
  const int64_t first = f.points("a", "2025-01-01").earned;
  CHECK(f.points("a", "2025-01-02").earned - first == earned);
}

TEST_CASE("points_multiplier is parsed exactly, located when wrong, and round-trips", "[points][multiplier][program]") {
  CHECK(parse_program(multiplier_program("1.5")).tiers[1].benefits.points_multiplier_hundredths == 150);
  CHECK(parse_program(multiplier_program("1.5")).tiers[0].benefits.points_multiplier_hundredths == 100);
  CHECK(input_error([] { parse_program(multiplier_program("1.505")); }) ==
        "/tiers/1/benefits/points_multiplier: a multiplier with at most 2 decimals: \"1.505\" has more than 2 decimal "
        "digits");
  CHECK(starts_with(input_error([] { parse_program(multiplier_program("-1")); }),
                    "/tiers/1/benefits/points_multiplier: "));
  CHECK(input_error([] { parse_program(multiplier_program("101")); }) ==
        "/tiers/1/benefits/points_multiplier: must be between 0 and 100, got 101");
  CHECK(starts_with(input_error([] { parse_program(multiplier_program("\"2\"")); }),
                    "/tiers/1/benefits/points_multiplier: "));
  const std::string json = program_to_json(parse_program(multiplier_program("1.5")));
  INFO(json);
  CHECK(json.find("\"points_multiplier\":") != std::string::npos);
  CHECK(parse_program(json).tiers[1].benefits.points_multiplier_hundredths == 150);
  // 1x is the default and is not written: old programs save as before.
  CHECK(program_to_json(parse_program(multiplier_program("1"))).find("points_multiplier") == std::string::npos);
}
