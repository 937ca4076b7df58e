// Status programs (spec §3b, §5) in the what-if session: the re-tier equals
// evaluate, at_risk per side, the sweep and the replay across a review.
#include "helpers.hpp"
#include "status_reference.hpp"
#include "tierlab/simulate.hpp"

using namespace tt;

namespace {

// Gold 1600 reached on 2024-01-10 (a), Silver 600 on 2024-03-05 (b), Gold on
// 2024-01-05 then 1000 on 2024-11-01 (c); a 180-day window, 365-day terms.
std::string three_customers() {
  return "customer_id,date,type,amount\n"
         "a,2024-01-10,purchase,1600.00\n"
         "b,2024-03-05,purchase,600.00\n"
         "c,2024-01-05,purchase,1600.00\n"
         "c,2024-11-01,purchase,1000.00\n";
}

std::string program(const std::string& gold_retain) {
  return program_json(R"("status": {"term": {"days": 365}, "downgrade": "one_step"},
      "metrics": {"spend": {"measure": "net_spend", "window": {"days": 180}}},
      "tiers": [{"name": "Bronze"},
                {"name": "Silver", "qualify": {"metric": "spend", "at_least": 500}, "retain": {"metric": "spend", "at_least": 300}},
                {"name": "Gold", "qualify": {"metric": "spend", "at_least": 1500}, "retain": {"metric": "spend", "at_least": )" +
                      gold_retain + "}}]");
}

} // namespace

TEST_CASE("status simulate: at_risk counts the drops at a review within 30 days, per side", "[status][simulate]") {
  // As of 2024-12-15 (window to 2025-01-14):
  //   a: Gold to 2025-01-08; at that day the 180-day window is empty: drops. At risk.
  //   b: Silver to 2025-03-04: drops, but its review is after 2025-01-14. Not at risk.
  //   c: Gold to 2025-01-03; the window then holds 1000: kept by retain 1000
  //      (baseline); the candidate's retain 1600 does not keep it. At risk there.
  const Program base = parse_program(program("1000"));
  const Program cand = parse_program(program("1600"));
  Session s(import_csv(three_customers()).log);
  const SimulationReport r = s.simulate(base, cand, day("2024-12-15"));
  REQUIRE(r.baseline.at_risk);
  REQUIRE(r.candidate.at_risk);
  CHECK(*r.baseline.at_risk == 1);
  CHECK(*r.candidate.at_risk == 2);
  CHECK(r.baseline.tiers[2].at_risk == 1);
  CHECK(r.candidate.tiers[2].at_risk == 2);
  const std::string json = simulation_json(r);
  CHECK(json.find(R"("not_enrolled":0,"near_misses":0,"benefit_cost":0.00,"at_risk":1},"candidate")") !=
        std::string::npos);
  CHECK(json.find(R"("not_enrolled":0,"near_misses":0,"benefit_cost":0.00,"at_risk":2},"migration")") !=
        std::string::npos);
  CHECK(simulation_text(r).find("At risk (a review within 30 days would lower them unless they buy): baseline 1, "
                                "candidate 2.\n") != std::string::npos);
  // A day later than a's review day minus 30 days, b is still out of reach.
  CHECK(*s.simulate(base, cand, day("2025-02-03")).baseline.at_risk == 1); // b: review 2025-03-05 <= 2025-03-05
}

TEST_CASE("status simulate: no at_risk key for a program without status", "[status][simulate]") {
  const Program v1 = parse_program(program_json(R"("metrics": {"spend": {"measure": "net_spend", "window": "lifetime"}},
      "tiers": [{"name": "Bronze"}, {"name": "Silver", "qualify": {"metric": "spend", "at_least": 500}}])"));
  Session s(import_csv(three_customers()).log);
  const SimulationReport r = s.simulate(v1, v1, day("2024-12-15"));
  CHECK_FALSE(r.baseline.at_risk);
  CHECK(simulation_json(r).find("at_risk") == std::string::npos);
  CHECK(simulation_text(r).find("At risk") == std::string::npos);
}

TEST_CASE("status simulate: the session's re-tier equals evaluate on generated histories",
          "[status][simulate][property]") {
  const char* const programs[] = {
      R"("status": {"term": {"calendar": "year", "plus": 1}, "downgrade": "one_step"}, "qualify_delay_days": 10,
         "metrics": {"s": {"measure": "net_spend", "window": {"days": 120}}, "t": {"measure": "tenure_days"}},
         "tiers": [{"name": "A"}, {"name": "B", "qualify": {"metric": "s", "at_least": 300}, "retain": {"metric": "t", "above": 400}},
                   {"name": "C", "qualify": {"metric": "s", "at_least": 900}, "retain": {"metric": "s", "at_least": 100}}])",
      R"("status": {"term": {"days": 90}}, "enrollment": "required",
         "metrics": {"n": {"measure": "purchase_count", "window": {"calendar": "quarter"}}},
         "tiers": [{"name": "A"}, {"name": "B", "qualify": {"metric": "n", "at_least": 2}},
                   {"name": "C", "qualify": {"metric": "n", "at_least": 4}, "retain": {"metric": "n", "at_least": 1}}])"};
  for (const char* body : programs) {
    const Program p = parse_program(program_json(body));
    const Import im = import_csv(random_events(77, 60));
    Session s(im.log);
    const Evaluator ev(p, im.log);
    for (const char* date : {"2023-06-30", "2024-03-31", "2024-12-31", "2025-06-30"}) {
      const Day D = day(date);
      const Tiering t = s.tiers(p, D, true);
      for (size_t r = 0; r < t.customers.size(); ++r) {
        INFO(body << " as of " << date << " customer " << im.log.customer_ids[t.customers[r]]);
        const CustomerStatus e = ev.status(t.customers[r], D);
        REQUIRE(t.tier[r] == e.tier);
        REQUIRE(t.review_tier[r] == (e.enrolled ? e.review_tier : -1));
        REQUIRE((t.held_until[r] == INT32_MIN ? std::optional<Day>() : std::optional<Day>(t.held_until[r])) ==
                e.held_until);
        if (e.enrolled) REQUIRE(compare(t.progress[r], e.progress) == 0);
      }
    }
  }
}

TEST_CASE("status simulate: the sweep re-tiers each step and the replay shows the drops at a review",
          "[status][simulate]") {
  const Program p = parse_program(program("1000"));
  Session s(import_csv(three_customers()).log);
  // As of 2024-06-01 every purchase is within the window: a and c (1600) and
  // b (600). Gold's spend threshold at 1000, 1600, 1601: a, c Gold at the
  // first two; at 1601 they never reached Gold: Silver.
  const SweepResult sw = s.sweep(p, "Gold", "spend", 100000, 160100, 3, day("2024-06-01"));
  REQUIRE(sw.counts.size() == 3);
  CHECK(sw.counts[0] == std::vector<int64_t>{0, 1, 2});
  CHECK(sw.counts[2] == std::vector<int64_t>{0, 3, 0});
  // Replay by week over January 2025: a's review on 2025-01-09 lowers it to
  // Silver (one_step); c (reviewed 2025-01-04) is kept by retain.
  const ReplayResult rp = s.replay(p, day("2025-01-01"), day("2025-01-15"), ReplayStep::Week);
  REQUIRE(rp.points.size() == 3);
  CHECK(rp.points[0].counts == std::vector<int64_t>{0, 1, 2});
  CHECK(rp.points[1].counts == std::vector<int64_t>{0, 1, 2}); // 2025-01-08: a's last day of Gold
  CHECK(rp.points[2].counts == std::vector<int64_t>{0, 2, 1});
  CHECK(rp.points[2].downgrades == 1);
}
