// Tier status terms (spec §3b): one case per rule, hand-worked.
// Dates: a 365-day term started on s ends on s + 364 (2024-01-10 -> 2025-01-08,
// 2024 being a leap year).
#include "helpers.hpp"

using namespace tt;

namespace {

// Bronze / Silver 500 (retain 300) / Gold 1500 (retain 1000) on net spend
// over `window` days, with the given status block and extra keys.
std::string status_program(const std::string& status, int window = 365, const std::string& extra = "") {
  return program_json(extra + R"("status": )" + status + R"(,
      "metrics": {"spend": {"measure": "net_spend", "window": {"days": )" +
                      std::to_string(window) + R"(}}},
      "tiers": [{"name": "Bronze"},
                {"name": "Silver", "qualify": {"metric": "spend", "at_least": 500}, "retain": {"metric": "spend", "at_least": 300}},
                {"name": "Gold", "qualify": {"metric": "spend", "at_least": 1500}, "retain": {"metric": "spend", "at_least": 1000}}])");
}

const char* const kYearOneStep = R"({"term": {"days": 365}, "downgrade": "one_step"})";
const char* const kYearToQualified = R"({"term": {"days": 365}})";

std::string events(const std::string& rows) { return "customer_id,date,type,amount\n" + rows; }

} // namespace

TEST_CASE("status: a term by days ends N - 1 days after the day the tier was reached", "[status]") {
  Fixture f(status_program(kYearOneStep), events("a,2024-01-01,review,\na,2024-03-05,purchase,600.00\n"));
  CHECK(f.tier("a", "2024-03-05") == 1);
  CHECK(f.held_until("a", "2024-03-05") == "2025-03-04");
  CHECK(f.held_until("a", "2024-06-01") == "2025-03-04");
  // The day before: the first tier holds nothing, and looks ahead to nothing.
  const CustomerStatus before = f.status("a", "2024-03-04");
  CHECK(before.tier == 0);
  CHECK_FALSE(before.held_until);
  CHECK(before.review_tier == -1);
}

TEST_CASE("status: a calendar year term with plus 0 and plus 1, and its renewal for one year", "[status]") {
  const std::string rows = "a,2024-03-05,purchase,600.00\n";
  Fixture plus0(status_program(R"({"term": {"calendar": "year"}})", 3650), events(rows));
  Fixture plus1(status_program(R"({"term": {"calendar": "year", "plus": 1}})", 3650), events(rows));
  CHECK(plus0.held_until("a", "2024-03-05") == "2024-12-31");
  CHECK(plus1.held_until("a", "2024-03-05") == "2025-12-31");
  // Renewed (still qualifying): one calendar year from the review day, whatever plus is.
  CHECK(plus0.held_until("a", "2025-01-01") == "2025-12-31");
  CHECK(plus1.held_until("a", "2025-12-31") == "2025-12-31");
  CHECK(plus1.held_until("a", "2026-01-01") == "2026-12-31");
  CHECK(plus1.tier("a", "2026-01-01") == 1);
}

TEST_CASE("status: a quarter term ends with its quarter; the review lowers on the quarter's last day's metrics",
          "[status]") {
  // 600 on 2024-05-20 in a 30-day window: counted until 2024-06-18.
  Fixture f(status_program(R"({"term": {"calendar": "quarter"}})", 30), events("a,2024-05-20,purchase,600.00\n"));
  CHECK(f.held_until("a", "2024-05-20") == "2024-06-30");
  const CustomerStatus last = f.status("a", "2024-06-30");
  CHECK(last.tier == 1); // held although nothing qualifies since 2024-06-19
  CHECK(last.review_tier == 0);
  CHECK(f.tier("a", "2024-07-01") == 0);
  CHECK_FALSE(f.status("a", "2024-07-01").held_until);
  Fixture plus1(status_program(R"({"term": {"calendar": "quarter", "plus": 1}})", 30),
                events("a,2024-05-20,purchase,600.00\n"));
  CHECK(plus1.held_until("a", "2024-05-20") == "2024-09-30");
}

TEST_CASE("status: a review renews the term when the tier's qualify still holds", "[status]") {
  // Silver on 2024-01-10, term to 2025-01-08; at that day the window
  // [2024-01-09, 2025-01-08] holds 600 + 500 = 1100 >= 500.
  Fixture f(status_program(kYearOneStep), events("a,2024-01-10,purchase,600.00\na,2024-12-01,purchase,500.00\n"));
  CHECK(f.held_until("a", "2025-01-08") == "2025-01-08");
  CHECK(f.status("a", "2025-01-08").review_tier == 1);
  CHECK(f.tier("a", "2025-01-09") == 1);
  CHECK(f.held_until("a", "2025-01-09") == "2026-01-08");
}

TEST_CASE("status: a review renews the term on the retain condition alone", "[status]") {
  // Gold on 2024-01-10 (1600) in a 180-day window; at the term's end
  // 2025-01-08 the window [2024-07-13, 2025-01-08] holds only the 1000 of
  // 2024-11-01: Gold's qualify (1500) fails, its retain (1000) holds.
  Fixture f(status_program(kYearToQualified, 180),
            events("a,2024-01-10,purchase,1600.00\na,2024-11-01,purchase,1000.00\n"));
  const CustomerStatus s = f.status("a", "2024-12-31");
  CHECK(s.tier == 2);
  CHECK(s.review_tier == 2);
  CHECK(s.keeps);
  CHECK(format_fraction(s.keep_progress, 4) == "1.0000");
  CHECK(f.tier("a", "2025-01-09") == 2);
  CHECK(f.held_until("a", "2025-01-09") == "2026-01-08");
  // Without the 2024-11-01 purchase: nothing keeps Gold.
  Fixture without(status_program(kYearToQualified, 180), events("a,2024-01-10,purchase,1600.00\n"));
  CHECK(without.status("a", "2024-12-31").review_tier == 0);
  CHECK_FALSE(without.status("a", "2024-12-31").keeps);
}

TEST_CASE("status: to_qualified lowers to the tier qualified for, two tiers at once", "[status]") {
  Fixture f(status_program(kYearToQualified, 180), events("a,2024-01-10,purchase,1600.00\n"));
  CHECK(f.tier("a", "2025-01-08") == 2);
  CHECK(f.tier("a", "2025-01-09") == 0);
  CHECK_FALSE(f.status("a", "2025-01-09").held_until);
}

TEST_CASE("status: one_step lowers one tier although nothing qualifies, then one more a term later", "[status]") {
  Fixture f(status_program(kYearOneStep, 180), events("a,2024-01-10,purchase,1600.00\n"));
  const CustomerStatus s = f.status("a", "2025-01-09");
  CHECK(s.tier == 1);
  CHECK(s.held_until == day("2026-01-08")); // a new term for the lower tier
  CHECK(s.review_tier == 0);
  CHECK(f.tier("a", "2026-01-08") == 1);
  CHECK(f.tier("a", "2026-01-09") == 0);
}

TEST_CASE("status: a failed review and an upgrade on the same day give the upgrade's term", "[status]") {
  // Silver reached 2024-03-05, year plus 1: to 2025-12-31. The 30-day window
  // is empty on 2025-12-31, so the review of 2026-01-01 lowers to Bronze; the
  // purchase of 2026-01-01 is not in the review's metrics but qualifies the
  // upgrade step of the same day: Silver again, to the end of 2027 (a renewal
  // would have run to 2026-12-31).
  Fixture f(status_program(R"({"term": {"calendar": "year", "plus": 1}})", 30),
            events("a,2024-03-05,purchase,600.00\na,2026-01-01,purchase,500.00\n"));
  CHECK(f.status("a", "2025-12-31").review_tier == 0);
  CHECK(f.tier("a", "2026-01-01") == 1);
  CHECK(f.held_until("a", "2026-01-01") == "2027-12-31");
}

TEST_CASE("status: qualifying again for the tier held does not extend its term", "[status]") {
  Fixture f(status_program(kYearOneStep), events("a,2024-01-10,purchase,600.00\na,2024-06-01,purchase,600.00\n"));
  CHECK(f.tier("a", "2024-06-01") == 1); // 1200: Silver again, not Gold
  CHECK(f.held_until("a", "2024-06-01") == "2025-01-08");
}

TEST_CASE("status: an upgrade mid-term starts a new term from the upgrade", "[status]") {
  Fixture f(status_program(kYearOneStep), events("a,2024-01-10,purchase,600.00\na,2024-06-01,purchase,1000.00\n"));
  CHECK(f.tier("a", "2024-06-01") == 2);
  CHECK(f.held_until("a", "2024-06-01") == "2025-05-31");
}

TEST_CASE("status: review_tier and keep_progress count only what is still in the window at held_until", "[status]") {
  // Silver on 2024-01-10 (600) in a 180-day window, held to 2025-01-08.
  // On 2024-03-01 the 600 is still counted, but it leaves the window on
  // 2024-07-08: at held_until it is gone.
  Fixture gone(status_program(kYearToQualified, 180), events("a,2024-01-10,purchase,600.00\n"));
  const CustomerStatus s = gone.status("a", "2024-03-01");
  CHECK(gone.metric("a", "2024-03-01", "spend") == 60000);
  CHECK(s.tier == 1);
  CHECK(s.review_tier == 0);
  CHECK(format_fraction(s.keep_progress, 4) == "0.0000");
  CHECK_FALSE(s.keeps);
  // A 240.00 purchase on 2024-08-01 is still in the window at held_until:
  // keep = any(qualify 240/500, retain 240/300 = 0.8); on 2024-08-01 the 600
  // is already out of the window too (progress to Gold 240/1500).
  Fixture part(status_program(kYearToQualified, 180),
               events("a,2024-01-10,purchase,600.00\na,2024-08-01,purchase,240.00\n"));
  const CustomerStatus p = part.status("a", "2024-08-01");
  CHECK(p.review_tier == 0);
  CHECK(format_fraction(p.keep_progress, 4) == "0.8000");
  CHECK(part.csv("2024-08-01") ==
        "customer_id,enrolled,tier,tier_index,next_tier,progress,held_until,review_tier,keep_progress,spend\n"
        "a,true,Silver,1,Gold,0.1600,2025-01-08,Bronze,0.8000,240.00\n");
  const std::string json =
      evaluation_json(part.program, part.im.log, evaluate(part.program, part.im.log, day("2024-08-01")));
  CHECK(json.find(R"("review_tier":"Bronze","keep_progress":0.8000,"keeps":false,"keep":[)"
                  R"({"metric":"spend","at_least":500.00,"value":240.00,"remaining":260.00},)"
                  R"({"metric":"spend","at_least":300.00,"value":240.00,"remaining":60.00}])") != std::string::npos);
}

TEST_CASE("status: a delayed purchase may upgrade before the review in the look-ahead", "[status]") {
  // Delay 14: the 1000 of 2024-03-05 counts from 2024-03-19 (1600: Gold,
  // to 2025-03-18). On 2024-03-10 the customer holds Silver to 2025-01-08,
  // and on 2025-01-09 will hold Gold: review_tier is above the tier.
  Fixture f(status_program(kYearOneStep, 365, R"("qualify_delay_days": 14, )"),
            events("a,2024-01-10,purchase,600.00\na,2024-03-05,purchase,1000.00\n"));
  CHECK(f.tier("a", "2024-01-23") == 0); // 600 counts from 2024-01-24
  CHECK(f.held_until("a", "2024-01-24") == "2025-01-22");
  const CustomerStatus s = f.status("a", "2024-03-10");
  CHECK(s.tier == 1);
  CHECK(s.review_tier == 2);
  CHECK(f.held_until("a", "2024-03-19") == "2025-03-18");
}

TEST_CASE("status: required enrollment counts from the first join and a gap does not stop the walk", "[status]") {
  Fixture f(status_program(kYearOneStep, 365, R"("enrollment": "required", )"), events("a,2024-01-05,purchase,1000.00\n"
                                                                                       "a,2024-02-01,join,\n"
                                                                                       "a,2024-02-10,purchase,600.00\n"
                                                                                       "a,2024-06-01,leave,\n"
                                                                                       "a,2024-08-01,join,\n"));
  CHECK(f.tier("a", "2024-02-10") == 1); // 1000 before the join does not count
  CHECK(f.held_until("a", "2024-02-10") == "2025-02-08");
  const CustomerStatus out = f.status("a", "2024-07-01");
  CHECK_FALSE(out.enrolled);
  CHECK(out.tier == -1);
  CHECK(f.csv("2024-07-01") ==
        "customer_id,enrolled,tier,tier_index,next_tier,progress,held_until,review_tier,keep_progress,spend\n"
        "a,false,,-1,,,,,,600.00\n");
  CHECK(f.tier("a", "2024-09-01") == 1);
  CHECK(f.held_until("a", "2024-09-01") == "2025-02-08");
}

TEST_CASE("status: the status block and retain are validated with their places", "[status][program]") {
  auto error = [](const std::string& body) { return input_error([&] { parse_program(program_json(body)); }); };
  const std::string metrics = R"("metrics": {"spend": {"measure": "net_spend", "window": "lifetime"}}, )";
  const std::string tiers = R"("tiers": [{"name": "A"}, {"name": "B", "qualify": {"metric": "spend", "at_least": 1}}])";
  CHECK(starts_with(error(metrics + R"("status": {"term": {"days": 0}}, )" + tiers),
                    "/status/term/days: expected a whole number ≥ 1"));
  CHECK(starts_with(error(metrics + R"("status": {"term": {"days": 1.5}}, )" + tiers),
                    "/status/term/days: expected a whole number ≥ 1"));
  CHECK(starts_with(error(metrics + R"("status": {"term": {"calendar": "year", "plus": -1}}, )" + tiers),
                    "/status/term/plus: expected a whole number ≥ 0"));
  CHECK(starts_with(error(metrics + R"("status": {"term": {"calendar": "week"}}, )" + tiers),
                    "/status/term/calendar: expected \"year\", \"quarter\" or \"month\""));
  CHECK(
      starts_with(error(metrics + R"("status": {"term": {"days": 30, "plus": 1}}, )" + tiers), "/status/term/plus: "));
  CHECK(starts_with(error(metrics + R"("status": {"downgrade": "one_step"}, )" + tiers),
                    "/status: missing required key \"term\""));
  CHECK(starts_with(error(metrics + R"("status": {"term": {"days": 30}, "downgrade": "one_down"}, )" + tiers),
                    "/status/downgrade: expected \"to_qualified\" or \"one_step\""));
  CHECK(
      starts_with(error(metrics + R"("retention_days": 30, "status": {"term": {"days": 30}}, )" + tiers), "/status: "));
  CHECK(starts_with(
      error(
          metrics +
          R"("status": {"term": {"days": 30}}, "tiers": [{"name": "A", "retain": {"metric": "spend", "at_least": 1}}])"),
      "/tiers/0/retain: "));
  CHECK(starts_with(
      error(metrics + R"("tiers": [{"name": "A"}, {"name": "B", "qualify": {"metric": "spend", "at_least": 1}},
                                                 {"name": "C", "qualify": {"metric": "spend", "at_least": 5},
                                                  "retain": {"metric": "spend", "at_least": 2}}])"),
      "/tiers/2/retain: \"retain\" needs a \"status\" block"));
  CHECK(starts_with(error(metrics + R"("status": {"term": {"days": 30}}, "tiers": [{"name": "A"},
                         {"name": "B", "qualify": {"metric": "spend", "at_least": 1}, "retain": {"metric": "nope", "at_least": 1}}])"),
                    "/tiers/1/retain/metric: unknown metric"));
}

TEST_CASE("status: a program with status and retain is written back as it was read", "[status][program]") {
  const Program p =
      parse_program(status_program(R"({"term": {"calendar": "quarter", "plus": 2}, "downgrade": "one_step"})"));
  const std::string text = program_to_json(p);
  CHECK(text.find(R"("retain":{"metric":"spend","at_least":300.00})") != std::string::npos);
  CHECK(text.find(R"("status":{"term":{"calendar":"quarter","plus":2},"downgrade":"one_step"})") != std::string::npos);
  const Program again = parse_program(text);
  CHECK(program_to_json(again) == text);
  REQUIRE(again.status);
  CHECK(again.status->term.kind == StatusTerm::Kind::Quarter);
  CHECK(again.status->term.plus == 2);
  // Without status nothing new is written.
  const Program v1 = parse_program(program_json(R"("metrics": {"s": {"measure": "net_spend", "window": "lifetime"}},
                                                   "tiers": [{"name": "A"}])"));
  CHECK(program_to_json(v1).find("status") == std::string::npos);
}
