// Spec §3 "Tier at D" (retention, held_until), progress, and the §6 CSV.
#include "helpers.hpp"

using namespace tt;

namespace {

std::string two_tiers(const std::string& metrics, const std::string& up, const std::string& extra = "") {
  return program_json(extra + R"("metrics": {)" + metrics +
                      R"(}, "tiers": [{"name": "Base"}, {"name": "Up", "qualify": )" + up + "}]");
}

} // namespace

TEST_CASE("retention holds the best tier qualified for on any day of the last R days", "[retention]") {
  // R = 30, spend over 10 days, Up: spend at least 100. Purchase 100.00 on 01-01.
  // qualified(d) = Up for d in [01-01, 01-10] (window [d-9, d] holds 01-01), Base from 01-11.
  //  D     | days looked at (from first counted day 01-01) | tier | held_until = last Up day + 29
  //  01-05 | [01-01, 01-05]                                 | Up   | 01-05 + 29 = 02-03
  //  01-20 | [01-01, 01-20]                                 | Up   | 01-10 + 29 = 02-08
  //  02-08 | [01-10, 02-08]                                 | Up   | 01-10 + 29 = 02-08
  //  02-09 | [01-11, 02-09]                                 | Base | empty (the floor holds nothing)
  Fixture f(two_tiers(R"("spend": {"measure": "net_spend", "window": {"days": 10}})",
                      R"({"metric": "spend", "at_least": 100})", R"("retention_days": 30, )"),
            "customer_id,date,type,amount\na,2025-01-01,purchase,100.00\na,2025-03-01,review,\n");
  auto [d, tier, held] = GENERATE(table<std::string, int, std::string>({
      {"2025-01-05", 1, "2025-02-03"},
      {"2025-01-20", 1, "2025-02-08"},
      {"2025-02-08", 1, "2025-02-08"},
      {"2025-02-09", 0, ""},
  }));
  CAPTURE(d);
  CHECK(f.tier("a", d) == tier);
  CHECK(f.held_until("a", d) == held);
}

TEST_CASE("retention with R 0 is the tier of D with no held_until", "[retention]") {
  Fixture f(two_tiers(R"("spend": {"measure": "net_spend", "window": {"days": 10}})",
                      R"({"metric": "spend", "at_least": 100})"),
            "customer_id,date,type,amount\na,2025-01-01,purchase,100.00\n");
  CHECK(f.tier("a", "2025-01-05") == 1);
  CHECK(f.held_until("a", "2025-01-05") == "");
  CHECK(f.tier("a", "2025-01-11") == 0); // [01-02, 01-11] no longer holds 01-01
}

TEST_CASE("retention sees a tier reached when a return leaves a rolling window", "[retention]") {
  // Spend (net) over 10 days, Up: at least 100. Return 60.00 on 01-01, purchase 120.00 on 01-05.
  //   d in [01-05, 01-10]: window holds both: 120 - 60 = 60 -> Base
  //   d = 01-11 .. 01-14: the return left (01-01 < d-9), purchase in: 120 -> Up
  //   d >= 01-15: the purchase left too: 0 -> Base
  // Up holds only on 01-11..01-14, none of them an event day.
  //  D = 01-20, R = 30: days [01-01, 01-20] -> Up, held_until = 01-14 + 29 = 02-12.
  //  D = 02-12: [01-14, 02-12] holds 01-14 -> Up, 02-12.  D = 02-13: [01-15, 02-13] -> Base.
  // Looking only at event days (01-01, 01-05) and D would wrongly give Base.
  Fixture f(two_tiers(R"("spend": {"measure": "net_spend", "window": {"days": 10}})",
                      R"({"metric": "spend", "at_least": 100})", R"("retention_days": 30, )"),
            "customer_id,date,type,amount\n"
            "a,2025-01-01,return,60.00\n"
            "a,2025-01-05,purchase,120.00\n"
            "a,2025-01-20,review,\n");
  auto [d, tier, held] = GENERATE(table<std::string, int, std::string>({
      {"2025-01-10", 0, ""},
      {"2025-01-11", 1, "2025-02-09"}, // D itself qualifies: 01-11 + 29
      {"2025-01-20", 1, "2025-02-12"},
      {"2025-02-12", 1, "2025-02-12"},
      {"2025-02-13", 0, ""},
  }));
  CAPTURE(d);
  CHECK(f.tier("a", d) == tier);
  CHECK(f.held_until("a", d) == held);
}

TEST_CASE("retention sees a tier reached when a new calendar month starts", "[retention]") {
  // Up: net spend this calendar month at least 0 (no net returns this month).
  // Return 50.00 on 01-20 (first event), return 1.00 on 02-05.
  //   d in [01-20, 01-31]: -50.00 -> Base
  //   d in [02-01, 02-04]: new month, nothing yet: 0 >= 0 -> Up (no event on those days)
  //   d >= 02-05: -1.00 -> Base
  //  D = 02-10, R = 30: days [max(01-12, 01-20), 02-10] -> Up, held_until = 02-04 + 29 = 03-05.
  //  With R = 0 the same D is Base.
  const std::string events = "customer_id,date,type,amount\n"
                             "a,2025-01-20,return,50.00\n"
                             "a,2025-02-05,return,1.00\n";
  const std::string metrics = R"("spend": {"measure": "net_spend", "window": {"calendar": "month"}})";
  const std::string up = R"({"metric": "spend", "at_least": 0})";
  Fixture held(two_tiers(metrics, up, R"("retention_days": 30, )"), events);
  CHECK(held.tier("a", "2025-02-10") == 1);
  CHECK(held.held_until("a", "2025-02-10") == "2025-03-05");
  CHECK(held.tier("a", "2025-01-31") == 0);
  Fixture plain(two_tiers(metrics, up), events);
  CHECK(plain.tier("a", "2025-02-10") == 0);
  CHECK(plain.tier("a", "2025-02-03") == 1);
}

TEST_CASE("retention sees a tier reached when a new calendar quarter starts", "[retention]") {
  // Up: net spend this quarter at least 0. Return 10.00 on 03-20 (Q1), return 1.00 on 04-03.
  //   [03-20, 03-31]: -10.00 Base; 04-01, 04-02: 0 -> Up; from 04-03: -1.00 Base.
  //  D = 04-10, R = 30 -> Up, held_until = 04-02 + 29 = 05-01.
  Fixture f(two_tiers(R"("spend": {"measure": "net_spend", "window": {"calendar": "quarter"}})",
                      R"({"metric": "spend", "at_least": 0})", R"("retention_days": 30, )"),
            "customer_id,date,type,amount\na,2025-03-20,return,10.00\na,2025-04-03,return,1.00\n");
  CHECK(f.tier("a", "2025-04-10") == 1);
  CHECK(f.held_until("a", "2025-04-10") == "2025-05-01");
  CHECK(f.tier("a", "2025-03-31") == 0);
}

TEST_CASE("retention leaves out days before the first counted day", "[retention][enrollment]") {
  // Up: lifetime net spend at least 0 -- it holds on an empty history, so a day
  // before the customer's first counted day would (wrongly) qualify for Up.
  //  a (required enrollment): review 2024-12-01, join 01-10, return 5.00 on 01-10.
  //     First counted day 01-10; from then spend -5.00 -> Base on every day.
  //  b (automatic enrollment): return 5.00 on 01-10 (first event) -> Base from 01-10.
  //  D = 01-20, R = 30: days [max(12-22, 01-10), 01-20] are all Base -> Base, no held_until.
  //  (Counting 12-22 .. 01-09, with all metrics 0, would give Up.)
  const std::string metrics = R"("spend": {"measure": "net_spend", "window": "lifetime"})";
  const std::string up = R"({"metric": "spend", "at_least": 0})";
  Fixture req(two_tiers(metrics, up, R"("enrollment": "required", "retention_days": 30, )"),
              "customer_id,date,type,amount\n"
              "a,2024-12-01,review,\n"
              "a,2025-01-10,join,\n"
              "a,2025-01-10,return,5.00\n");
  CHECK(req.tier("a", "2025-01-20") == 0);
  CHECK(req.held_until("a", "2025-01-20") == "");
  Fixture aut(two_tiers(metrics, up, R"("retention_days": 30, )"),
              "customer_id,date,type,amount\nb,2025-01-10,return,5.00\n");
  CHECK(aut.tier("b", "2025-01-20") == 0);
  CHECK(aut.held_until("b", "2025-01-20") == "");
}

TEST_CASE("a held tier's held_until uses the last day at or above it and progress uses D", "[retention][progress]") {
  // Bronze / Silver (gross 10 days >= 50) / Gold (>= 100), R = 30.
  // Purchases 100.00 on 01-01 and 60.00 on 01-15.
  //   q(d): 01-01..01-10 Gold (100); 01-11..01-14 Bronze (0); 01-15..01-24 Silver (60); from 01-25 Bronze.
  //  D = 01-20: [01-01, 01-20] best Gold, last Gold day 01-10 -> held 02-08; Gold is the top:
  //             next empty, progress 1.
  //  D = 02-09: [01-11, 02-09] best Silver, last day >= Silver 01-24 -> held 02-22;
  //             next Gold, progress on D's metrics: spend [01-31, 02-09] = 0 -> 0/10000 = 0.
  Fixture f(program_json(R"("retention_days": 30,
                            "metrics": {"spend": {"measure": "gross_spend", "window": {"days": 10}}},
                            "tiers": [{"name": "Bronze"},
                                      {"name": "Silver", "qualify": {"metric": "spend", "at_least": 50}},
                                      {"name": "Gold", "qualify": {"metric": "spend", "at_least": 100}}])"),
            "customer_id,date,type,amount\na,2025-01-01,purchase,100.00\na,2025-01-15,purchase,60.00\n");
  auto s = f.status("a", "2025-01-20");
  CHECK(s.tier == 2);
  CHECK(f.held_until("a", "2025-01-20") == "2025-02-08");
  CHECK(s.next_tier == -1);
  CHECK(compare(s.progress, Fraction{1, 1}) == 0);
  s = f.status("a", "2025-02-09");
  CHECK(s.tier == 1);
  CHECK(f.held_until("a", "2025-02-09") == "2025-02-22");
  CHECK(s.next_tier == 2);
  CHECK(f.progress("a", "2025-02-09") == "0.0000");
  // The CSV of D = 01-20 shows held_until; spend at 01-20 = 60.00 (window [01-11, 01-20]).
  CHECK(f.csv("2025-01-20") == "customer_id,enrolled,tier,tier_index,next_tier,progress,held_until,spend\n"
                               "a,true,Gold,2,,1.0000,2025-02-08,60.00\n");
}

TEST_CASE("the retention engine agrees with a day by day maximum on generated data", "[retention][property]") {
  // Brute force of spec §3 step 2 (every day of [max(D-R+1, first), D] evaluated)
  // against status(); a rolling window, a calendar quarter, a delay and
  // tenure in one program over a hand-made mix of purchases and returns.
  const std::string program = program_json(R"("qualify_delay_days": 7, "retention_days": 45,
      "metrics": {"net10": {"measure": "net_spend", "window": {"days": 10}},
                  "q": {"measure": "net_spend", "window": {"calendar": "quarter"}},
                  "n": {"measure": "purchase_count", "window": {"days": 20}},
                  "tenure": {"measure": "tenure_days"}},
      "tiers": [{"name": "A"},
                {"name": "B", "qualify": {"any": [{"metric": "net10", "at_least": 50}, {"metric": "q", "at_least": 0}]}},
                {"name": "C", "qualify": {"all": [{"metric": "n", "at_least": 2}, {"metric": "tenure", "above": 40}]}},
                {"name": "D", "qualify": {"metric": "net10", "above": 150}}])");
  const std::string events = "customer_id,date,type,amount\n"
                             "a,2025-02-20,return,30.00\n"
                             "a,2025-03-02,purchase,80.00\n"
                             "a,2025-03-15,purchase,20.00\n"
                             "a,2025-03-25,return,70.00\n"
                             "a,2025-04-20,purchase,160.00\n"
                             "a,2025-04-22,return,5.00\n"
                             "a,2025-06-29,return,1.00\n"
                             "b,2025-01-01,purchase,200.00\n"
                             "b,2025-01-03,return,200.00\n"
                             "b,2025-03-30,purchase,10.00\n"
                             "b,2025-03-31,purchase,10.00\n";
  Fixture f(program, events);
  Evaluator ev(f.program, f.im.log);
  const int32_t R = f.program.retention_days;
  for (uint32_t c = 0; c < f.im.log.customers(); ++c) {
    for (Day D = day("2025-01-01"); D <= day("2025-08-31"); ++D) {
      if (!ev.listed(c, D)) continue;
      auto first = ev.first_counted_day(c, D);
      REQUIRE(first.has_value());
      int best = 0;
      Day last_best = 0;
      for (Day d = std::max(D - R + 1, *first); d <= D; ++d) {
        int q = qualified_tier(f.program, ev.metrics(c, d).data());
        if (q > best) best = q;
      }
      for (Day d = std::max(D - R + 1, *first); d <= D; ++d)
        if (qualified_tier(f.program, ev.metrics(c, d).data()) >= best) last_best = d;
      CustomerStatus s = ev.status(c, D);
      INFO("customer " << f.im.log.customer_ids[c] << " D " << format_day(D));
      REQUIRE(s.tier == best);
      if (best > 0) {
        REQUIRE(s.held_until.has_value());
        REQUIRE(*s.held_until == last_best + R - 1);
      } else {
        REQUIRE_FALSE(s.held_until.has_value());
      }
    }
  }
}

// ---- progress ----

namespace {

// A one-leaf or tree condition over metrics m0 (money) and m1, m2 (counts).
Program progress_program(const std::string& cond) {
  return parse_program(program_json(R"("metrics": {"spend": {"measure": "net_spend", "window": "lifetime"},
                                                  "orders": {"measure": "purchase_count", "window": "lifetime"},
                                                  "eng": {"measure": "engagement_points", "window": "lifetime"}},
                                       "tiers": [{"name": "Base"}, {"name": "Up", "qualify": )" +
                                    cond + "}]"));
}

} // namespace

TEST_CASE("a leaf's progress is value over target clamped to 0 and 1", "[progress]") {
  // target = threshold for at_least; threshold + one minor unit (money) or + 1 (counts) for above.
  //  cond               | value   | target | progress            | remaining
  //  spend at_least 200 | 50.00   | 20000  | 5000/20000 = 1/4    | 15000
  //  spend above 100    | 25.00   | 10001  | 2500/10001          | 7501
  //  spend above 0.99   | 0.50    | 100    | 50/100 = 1/2        | 50
  //  orders above 3     | 1       | 4      | 1/4                 | 3
  //  orders at_least 3  | 1       | 3      | 1/3                 | 2
  //  spend at_least 200 | -10.00  | 20000  | clamp -> 0          | 21000
  //  spend at_least 200 | 300.00  | 20000  | clamp -> 1          | 0
  auto [cond, spend, orders, num, den, remaining] =
      GENERATE(table<std::string, int64_t, int64_t, int64_t, int64_t, int64_t>({
          {R"({"metric": "spend", "at_least": 200})", 5000, 0, 1, 4, 15000},
          {R"({"metric": "spend", "above": 100})", 2500, 0, 2500, 10001, 7501},
          {R"({"metric": "spend", "above": 0.99})", 50, 0, 1, 2, 50},
          {R"({"metric": "orders", "above": 3})", 0, 1, 1, 4, 3},
          {R"({"metric": "orders", "at_least": 3})", 0, 1, 1, 3, 2},
          {R"({"metric": "spend", "at_least": 200})", -1000, 0, 0, 1, 21000},
          {R"({"metric": "spend", "at_least": 200})", 30000, 0, 1, 1, 0},
      }));
  CAPTURE(cond, spend, orders);
  Program p = progress_program(cond);
  int64_t v[3] = {spend, orders, 0};
  ConditionProgress cp = condition_progress(*p.tiers[1].qualify, v);
  CHECK(compare(cp.progress, Fraction{num, den}) == 0);
  CHECK(cp.remaining == remaining);
  REQUIRE(cp.leaves.size() == 1);
  CHECK(cp.leaves[0].remaining == remaining);
}

TEST_CASE("a leaf whose target is zero or negative has progress 1 when reached else 0", "[progress]") {
  //  cond                  | target      | value  | progress | remaining
  //  spend at_least 0      | 0           | -10.00 | 0        | 1000
  //  spend at_least 0      | 0           | 0      | 1        | 0
  //  spend at_least -5     | -500        | -600   | 0        | 100
  //  spend at_least -5     | -500        | -500   | 1        | 0
  //  spend at_least -5     | -500        | -400   | 1        | 0
  //  spend above -5        | -499        | -500   | 0        | 1
  //  spend above -0.01     | -1+1 = 0    | -1     | 0        | 1
  //  spend above -0.01     | 0           | 0      | 1        | 0
  auto [cond, value, num, remaining] = GENERATE(table<std::string, int64_t, int64_t, int64_t>({
      {R"({"metric": "spend", "at_least": 0})", -1000, 0, 1000},
      {R"({"metric": "spend", "at_least": 0})", 0, 1, 0},
      {R"({"metric": "spend", "at_least": -5})", -600, 0, 100},
      {R"({"metric": "spend", "at_least": -5})", -500, 1, 0},
      {R"({"metric": "spend", "at_least": -5})", -400, 1, 0},
      {R"({"metric": "spend", "above": -5})", -500, 0, 1},
      {R"({"metric": "spend", "above": -0.01})", -1, 0, 1},
      {R"({"metric": "spend", "above": -0.01})", 0, 1, 0},
  }));
  CAPTURE(cond, value);
  Program p = progress_program(cond);
  int64_t v[3] = {value, 0, 0};
  ConditionProgress cp = condition_progress(*p.tiers[1].qualify, v);
  CHECK(compare(cp.progress, Fraction{num, 1}) == 0);
  CHECK(cp.remaining == remaining);
}

TEST_CASE("any takes its best child first among equals and all its worst", "[progress]") {
  // Leaves: spend above 100 (target 10001), orders at_least 6, eng above 10 (target 11).
  // Values spend 50.00, orders 3, eng 5:
  //   5000/10001 = 0.499950..., 3/6 = 0.5, 5/11 = 0.4545...
  //   any -> orders (leaf 1): exactly 1/2 beats 0.49995 (both print 0.5000: the
  //   comparison must be exact). remaining 6 - 3 = 3.
  //   all -> eng (leaf 2): 5/11, remaining 11 - 5 = 6.
  const std::string leaves = R"([{"metric": "spend", "above": 100}, {"metric": "orders", "at_least": 6},
                                 {"metric": "eng", "above": 10}])";
  int64_t v[3] = {5000, 3, 5};
  {
    Program p = progress_program(R"({"any": )" + leaves + "}");
    ConditionProgress cp = condition_progress(*p.tiers[1].qualify, v);
    CHECK(cp.deciding_leaf == 1);
    CHECK(compare(cp.progress, Fraction{1, 2}) == 0);
    CHECK(cp.remaining == 3);
    REQUIRE(cp.leaves.size() == 3);
    CHECK(compare(cp.leaves[0].progress, Fraction{5000, 10001}) == 0);
    CHECK(cp.leaves[0].target == 10001);
    CHECK(cp.leaves[2].target == 11);
  }
  {
    Program p = progress_program(R"({"all": )" + leaves + "}");
    ConditionProgress cp = condition_progress(*p.tiers[1].qualify, v);
    CHECK(cp.deciding_leaf == 2);
    CHECK(compare(cp.progress, Fraction{5, 11}) == 0);
    CHECK(cp.remaining == 6);
  }
  {
    // Ties: spend at_least 100 with 50.00 -> 1/2; orders at_least 6 with 3 -> 1/2.
    // any picks the first (leaf 0), remaining 5000 cents; all also the first of the worst.
    Program p =
        progress_program(R"({"any": [{"metric": "spend", "at_least": 100}, {"metric": "orders", "at_least": 6}]})");
    ConditionProgress cp = condition_progress(*p.tiers[1].qualify, v);
    CHECK(cp.deciding_leaf == 0);
    CHECK(cp.remaining == 5000);
    Program q =
        progress_program(R"({"all": [{"metric": "spend", "at_least": 100}, {"metric": "orders", "at_least": 6}]})");
    CHECK(condition_progress(*q.tiers[1].qualify, v).deciding_leaf == 0);
  }
}

TEST_CASE("nested any and all combine best and worst", "[progress]") {
  // any[ all[spend at_least 100 (1/2), orders at_least 4 (3/4)] -> 1/2,
  //      eng at_least 20 (5/20 = 1/4) ] -> max(1/2, 1/4) = 1/2 via leaf 0.
  Program p =
      progress_program(R"({"any": [{"all": [{"metric": "spend", "at_least": 100}, {"metric": "orders", "at_least": 4}]},
                                          {"metric": "eng", "at_least": 20}]})");
  int64_t v[3] = {5000, 3, 5};
  ConditionProgress cp = condition_progress(*p.tiers[1].qualify, v);
  CHECK(compare(cp.progress, Fraction{1, 2}) == 0);
  CHECK(cp.deciding_leaf == 0);
  CHECK(cp.leaves.size() == 3);
}

TEST_CASE("progress prints rounded half to even at 4 decimals", "[progress]") {
  // x 10^4: 1/32 = 312.5 -> 312 (even); 3/32 = 937.5 -> 938; 5/32 = 1562.5 -> 1562;
  // 7/32 = 2187.5 -> 2188; 1/20000 = 0.5 -> 0; 3/20000 = 1.5 -> 2; 2/3 = 6666.67 -> 6667;
  // 1/3 = 3333.33 -> 3333; 5000/10001 = 4999.50005 -> 5000 (above the half).
  auto [num, den, text] = GENERATE(table<int64_t, int64_t, std::string>({
      {1, 32, "0.0312"},
      {3, 32, "0.0938"},
      {5, 32, "0.1562"},
      {7, 32, "0.2188"},
      {1, 20000, "0.0000"},
      {3, 20000, "0.0002"},
      {2, 3, "0.6667"},
      {1, 3, "0.3333"},
      {5000, 10001, "0.5000"},
      {0, 1, "0.0000"},
      {1, 1, "1.0000"},
  }));
  CAPTURE(num, den);
  CHECK(format_fraction(Fraction{num, den}, 4) == text);
}

TEST_CASE("status_from_metrics gives the tier and the progress to the next", "[progress]") {
  // Three tiers: Silver spend above 100, Gold spend above 300.
  // 150.00 -> Silver, next Gold, 15000/30001. 400.00 -> Gold, top: next -1, progress 1.
  Program p = parse_program(program_json(R"("metrics": {"spend": {"measure": "net_spend", "window": "lifetime"}},
      "tiers": [{"name": "Bronze"}, {"name": "Silver", "qualify": {"metric": "spend", "above": 100}},
                {"name": "Gold", "qualify": {"metric": "spend", "above": 300}}])"));
  int64_t v1[1] = {15000};
  CustomerStatus s = status_from_metrics(p, v1);
  CHECK(s.tier == 1);
  CHECK(s.next_tier == 2);
  CHECK(compare(s.progress, Fraction{15000, 30001}) == 0);
  int64_t v2[1] = {40000};
  s = status_from_metrics(p, v2);
  CHECK(s.tier == 2);
  CHECK(s.next_tier == -1);
  CHECK(compare(s.progress, Fraction{1, 1}) == 0);
}

// ---- the CSV of spec §6 ----

TEST_CASE("evaluation_csv writes the exact bytes of a tiny fixture", "[csv]") {
  // Silver: any(spend above 100, orders at least 32); Gold: any(spend above 300, orders at least 32).
  // Window 365 days; D = 2025-02-01; R = 0 so held_until is empty.
  //  Zed:  0.01, 1 order  -> Base; best of 1/10001 and 1/32 = 0.03125 -> 312.5 -> "0.0312"
  //  a:    120.00, 1      -> Silver; to Gold 12000/30001 = 0.399987 -> "0.4000"; the 1000.00
  //                          on 2025-03-01 is after D and ignored
  //  b:    45.00, 1       -> Base; 4500/10001 = 0.449955 -> "0.4500"
  //  "c,x": 500.00, 1     -> Gold (top): next empty, "1.0000"; the id is quoted
  //  d:    return 12.34   -> Base; spend -12.34 -> 0, orders 0/32 -> "0.0000"
  //  e:    3 x 1.00       -> Base; 300/10001 = 0.029997 vs 3/32 = 0.09375 -> 937.5 -> "0.0938"
  //  f:    1.00           -> Base; 1/32 -> "0.0312"
  //  g:    only an event after D: not listed
  // Byte order: "Zed" < "a" (Z = 0x5A < a = 0x61).
  Fixture f(program_json(R"("metrics": {"spend": {"measure": "net_spend", "window": {"days": 365}},
                                        "orders": {"measure": "purchase_count", "window": {"days": 365}}},
      "tiers": [{"name": "Base"},
                {"name": "Silver", "qualify": {"any": [{"metric": "spend", "above": 100}, {"metric": "orders", "at_least": 32}]}},
                {"name": "Gold", "qualify": {"any": [{"metric": "spend", "above": 300}, {"metric": "orders", "at_least": 32}]}}])"),
            "customer_id,date,type,amount\n"
            "a,2025-01-05,purchase,120.00\n"
            "b,2025-01-10,purchase,45.00\n"
            "\"c,x\",2025-01-11,purchase,500.00\n"
            "d,2025-01-12,return,12.34\n"
            "e,2025-01-13,purchase,1.00\n"
            "e,2025-01-14,purchase,1.00\n"
            "e,2025-01-15,purchase,1.00\n"
            "f,2025-01-16,purchase,1.00\n"
            "Zed,2025-01-17,purchase,0.01\n"
            "a,2025-03-01,purchase,1000.00\n"
            "g,2025-03-01,purchase,1.00\n");
  CHECK(f.csv("2025-02-01") == "customer_id,enrolled,tier,tier_index,next_tier,progress,held_until,spend,orders\n"
                               "Zed,true,Base,0,Silver,0.0312,,0.01,1\n"
                               "a,true,Silver,1,Gold,0.4000,,120.00,1\n"
                               "b,true,Base,0,Silver,0.4500,,45.00,1\n"
                               "\"c,x\",true,Gold,2,,1.0000,,500.00,1\n"
                               "d,true,Base,0,Silver,0.0000,,-12.34,0\n"
                               "e,true,Base,0,Silver,0.0938,,3.00,3\n"
                               "f,true,Base,0,Silver,0.0312,,1.00,1\n");
}

TEST_CASE("the sample program on the sample events gives the hand-checked CSV", "[csv][samples]") {
  // tests/data/expected/README.md shows the arithmetic for every customer.
  Program p = parse_program(read_text(source_path("samples/programs/kids-clothing.json")));
  Import im = import_csv(read_text(source_path("samples/events/small.csv")), p.currency.digits);
  Evaluation e = evaluate(p, im.log, default_as_of(im.log));
  CHECK(format_day(e.as_of) == "2025-12-30");
  CHECK(evaluation_csv(p, im.log, e) == read_text(source_path("tests/data/expected/small-kids-clothing.csv")));
}

TEST_CASE("customers are sorted by customer_id in byte order and quoted when needed", "[csv]") {
  // Bytes: "Z" 0x5A < "a" 0x61 < "a\"b" (0x61 0x22 ...) ... compare: "a" is a prefix of
  // "a\"b", so "a" first; "z" 0x7A < "\xC3\xA9" (é, 0xC3 as an unsigned byte).
  // a"b is written "a""b"; a line break inside an id is quoted too.
  Fixture f(program_json(R"("metrics": {}, "tiers": [{"name": "Only"}])"), "customer_id,date,type\n"
                                                                           "\xC3\xA9,2025-01-01,review\n"
                                                                           "z,2025-01-01,review\n"
                                                                           "\"a\"\"b\",2025-01-01,review\n"
                                                                           "a,2025-01-01,review\n"
                                                                           "Z,2025-01-01,review\n"
                                                                           "\"line\nbreak\",2025-01-01,review\n");
  CHECK(f.csv("2025-01-01") == "customer_id,enrolled,tier,tier_index,next_tier,progress,held_until\n"
                               "Z,true,Only,0,,1.0000,\n"
                               "a,true,Only,0,,1.0000,\n"
                               "\"a\"\"b\",true,Only,0,,1.0000,\n"
                               "\"line\nbreak\",true,Only,0,,1.0000,\n"
                               "z,true,Only,0,,1.0000,\n"
                               "\xC3\xA9,true,Only,0,,1.0000,\n");
}

TEST_CASE("fractions compare exactly, within 32 bits and beyond", "[progress]") {
  // 1/3 < 2/5 (5 < 6); equal values written differently are equal.
  CHECK(compare(Fraction{1, 3}, Fraction{2, 5}) == -1);
  CHECK(compare(Fraction{2, 4}, Fraction{1, 2}) == 0);
  CHECK(compare(Fraction{-1, 2}, Fraction{0, 1}) == -1);
  // At the 32-bit edge: 2147483647/2147483646 > 1 (cross products need 62 bits).
  CHECK(compare(Fraction{2147483647, 2147483646}, Fraction{1, 1}) == 1);
  // Beyond 32 bits the cross products need more than 64 bits:
  // (10^12 - 1)/10^12 vs (10^12 - 2)/(10^12 - 1): x = (10^12-1)^2 > y = (10^12-2)*10^12 by 1.
  const int64_t t = 1000000000000;
  CHECK(compare(Fraction{t - 1, t}, Fraction{t - 2, t - 1}) == 1);
  CHECK(compare(Fraction{t - 2, t - 1}, Fraction{t - 1, t}) == -1);
  // One term large, the others small: the exact path still decides.
  CHECK(compare(Fraction{3000000000, 6000000000}, Fraction{1, 2}) == 0);
}
