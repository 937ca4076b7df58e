// Auto-tune (spec §5b) and its budget mode: hand-worked answers, checked
// again with a full evaluate() at X and at X - 1 (not the Session's re-tier).
#include "helpers.hpp"
#include "tierlab/simulate.hpp"
#include "tierlab/tune.hpp"

using namespace tt;

namespace {

// Customers at tier >= t in a full evaluation (the checker's view).
int64_t at_or_above(const Program& p, const EventLog& log, Day as_of, int t) {
  int64_t n = 0;
  for (const CustomerStatus& c : evaluate(p, log, as_of).rows) n += c.tier >= t;
  return n;
}

// The program with tier t's first leaf on `metric` at `threshold`.
Program with_threshold(Program p, int t, int metric, int64_t threshold) {
  std::vector<Condition*> stack{&*p.tiers[static_cast<size_t>(t)].qualify};
  while (!stack.empty()) {
    Condition* c = stack.back();
    stack.pop_back();
    if (c->op == Condition::Op::Leaf && c->metric == metric) {
      c->threshold = threshold;
      return p;
    }
    for (auto it = c->children.rbegin(); it != c->children.rend(); ++it) stack.push_back(&*it);
  }
  FAIL("no leaf");
  return p;
}

// Bronze / Silver (net spend >= 100, 5%) / Gold (net spend >= 300, 10%).
const char* const kSpendProgram =
    R"("metrics": {"spend": {"measure": "net_spend", "window": {"days": 365}}},
    "tiers": [{"name": "Bronze"},
              {"name": "Silver", "qualify": {"metric": "spend", "at_least": 100}, "benefits": {"discount_percent": 5}},
              {"name": "Gold", "qualify": {"metric": "spend", "at_least": 300}, "benefits": {"discount_percent": 10}}])";

// Net spend at 2025-12-31: a 50, b 150, c 250, d 350, e 90, f 400 - 300 = 100
// (gross spend: f 400).
const char* const kSixCustomers = "customer_id,date,type,amount\n"
                                  "a,2025-06-01,purchase,50\n"
                                  "b,2025-06-01,purchase,150\n"
                                  "c,2025-06-01,purchase,250\n"
                                  "d,2025-06-01,purchase,350\n"
                                  "e,2025-06-01,purchase,90\n"
                                  "f,2025-06-01,purchase,400\n"
                                  "f,2025-06-10,return,300\n";

// Gold on orders (any with a spend leaf), Silver on spend.
// p1: 5 orders, 50.00; p2 500; p3 200; p4 120; p5 20; p6: 2 orders, 80.00.
const char* const kOrdersProgram =
    R"("metrics": {"spend": {"measure": "net_spend", "window": {"days": 365}},
                   "orders": {"measure": "purchase_count", "window": {"days": 365}}},
    "tiers": [{"name": "Bronze"},
              {"name": "Silver", "qualify": {"metric": "spend", "at_least": 100}},
              {"name": "Gold", "qualify": {"any": [{"metric": "orders", "at_least": 2},
                                                   {"metric": "spend", "at_least": 1000}]}}])";
const char* const kOrders = "customer_id,date,type,amount\n"
                            "p1,2025-06-01,purchase,10\np1,2025-06-02,purchase,10\np1,2025-06-03,purchase,10\n"
                            "p1,2025-06-04,purchase,10\np1,2025-06-05,purchase,10\n"
                            "p2,2025-06-01,purchase,500\n"
                            "p3,2025-06-01,purchase,200\n"
                            "p4,2025-06-01,purchase,120\n"
                            "p5,2025-06-01,purchase,20\n"
                            "p6,2025-06-01,purchase,40\np6,2025-06-02,purchase,40\n";

const TierTune& tuned(const TuneResult& r, const std::string& tier) {
  for (const TierTune& t : r.tiers)
    if (t.tier == tier) return t;
  FAIL("tier not tuned: " << tier);
  return r.tiers.front();
}

} // namespace

TEST_CASE("shares are read exactly as a percentage or a fraction", "[tune]") {
  Share s = parse_share("12.5%");
  CHECK(s.num * 1000 == 125 * s.den);
  Share f = parse_share("0.125");
  CHECK(f.num * 1000 == 125 * f.den);
  CHECK(parse_share("100%").num == parse_share("100%").den);
  CHECK(parse_share("0%").num == 0);
  CHECK(parse_share("1").num == 1);
  CHECK(input_error([] { parse_share("101%"); }) == "target: share \"101%\": above 100%");
  CHECK(input_error([] { parse_share("30"); }) == "target: share \"30\": above 1 (write 30% for a percentage)");
  CHECK(starts_with(input_error([] { parse_share("-5%"); }), "target: share \"-5%\": expected a percentage"));
  CHECK(starts_with(input_error([] { parse_share("1e-3"); }), "target: share \"1e-3\": expected"));
  CHECK(starts_with(input_error([] { parse_share("%"); }), "target: share \"%\": expected"));
  auto targets = parse_tune_targets("Silver=30%,Gold=0.1");
  REQUIRE(targets.size() == 2);
  CHECK(targets[0].tier == "Silver");
  CHECK(targets[1].tier == "Gold");
  CHECK(targets[1].share.num * 10 == targets[1].share.den);
  CHECK(input_error([] { parse_tune_targets("Gold"); }) == "target: expected TIER=SHARE (Gold=10%), got \"Gold\"");
  auto spaced = parse_tune_targets("Silver = 30% , Gold=10%");
  REQUIRE(spaced.size() == 2);
  CHECK(spaced[0].tier == "Silver");
  CHECK(spaced[0].share.text == "30%");
  CHECK(spaced[1].tier == "Gold");
}

TEST_CASE("tune finds the least threshold per tier, highest first; shares checked at X and X - 1", "[tune]") {
  const Program p = parse_program(program_json(kSpendProgram));
  Import im = import_csv(kSixCustomers);
  const EventLog log = im.log;
  Session session(std::move(im.log));
  const Day d = day("2025-12-31");
  // Gold at most 2 of 6 (33.34% x 6 = 2.0004): spend >= X for d 350, c 250
  // only: X = 150.01 (150.00 lets b in). Silver or above at most 3 of 6:
  // f (100.00) must stay out: 100.01.
  TuneResult r = tune(session, p, parse_tune_targets("Silver=50%,Gold=33.34%"), {}, d);
  REQUIRE(r.tiers.size() == 2);
  CHECK(r.tiers[0].tier == "Gold"); // highest first
  CHECK(r.enrolled == 6);
  const TierTune& gold = tuned(r, "Gold");
  const TierTune& silver = tuned(r, "Silver");
  CHECK(gold.reachable);
  CHECK(gold.old_threshold == 30000);
  CHECK(gold.new_threshold == 15001);
  CHECK(gold.before == 1);
  CHECK(gold.after == 2);
  CHECK(gold.moved == 1); // c
  CHECK(silver.new_threshold == 10001);
  CHECK(silver.before == 4); // f, b, c, d
  CHECK(silver.after == 3);
  CHECK(silver.moved == 1); // f
  CHECK(r.movers == 2);     // c Silver -> Gold, f Silver -> Bronze
  CHECK_FALSE(gold.above);
  CHECK(gold.metric == "spend");
  // The checker's test, by full evaluation: ok(X) and not ok(X - 1).
  const Program& c = r.candidate;
  CHECK(at_or_above(c, log, d, 2) == 2);
  CHECK(at_or_above(with_threshold(c, 2, 0, 15000), log, d, 2) == 3);
  CHECK(at_or_above(c, log, d, 1) == 3);
  CHECK(at_or_above(with_threshold(c, 1, 0, 10000), log, d, 1) == 4);
  // The candidate round-trips through JSON and validates.
  const Program back = parse_program(program_to_json(c));
  CHECK(back.tiers[2].qualify->threshold == 15001);
  CHECK(back.tiers[1].qualify->threshold == 10001);
  CHECK(at_or_above(back, log, d, 1) == 3);
}

TEST_CASE("a tier's answer depends on the tiers above it, tuned first", "[tune]") {
  const Program p = parse_program(program_json(kOrdersProgram));
  Session session(import_csv(kOrders).log);
  const Day d = day("2025-12-31");
  TuneOptions by_orders;
  by_orders.metric = "orders";
  // Gold at most 1 of 6 (0.17 x 6 = 1.02): orders >= 3 keeps p1 only (2 lets p6 in).
  TuneResult gold = tune(session, p, parse_tune_targets("Gold=0.17"), by_orders, d);
  CHECK(tuned(gold, "Gold").new_threshold == 3);
  CHECK(tuned(gold, "Gold").leaf == 0);
  // Silver alone, Gold at orders >= 2 (p1, p6): at most 3 at Silver or above
  // leaves room for one spend >= X: p2 (500): X = 200.01.
  TuneResult silver_alone = tune(session, p, parse_tune_targets("Silver=50%"), {}, d);
  CHECK(tuned(silver_alone, "Silver").new_threshold == 20001);
  // Both: Gold moves first (p6 drops out of Gold and, at 80.00, out of
  // Silver), so Silver has room for p2 and p3: X = 120.01 (p4 at 120.00 out).
  // (Without --metric each tier's first leaf: Gold's is on orders.)
  TuneResult both = tune(session, p, parse_tune_targets("Silver=50%,Gold=0.17"), {}, d);
  CHECK(tuned(both, "Gold").metric == "orders");
  CHECK(tuned(both, "Gold").new_threshold == 3);
  // --metric orders: Silver has no leaf on orders.
  CHECK(input_error([&] { tune(session, p, parse_tune_targets("Silver=50%"), by_orders, d); }) ==
        "metric: tier \"Silver\" has no condition on \"orders\"");
  CHECK(tuned(both, "Silver").new_threshold == 12001);
  // The same as tuning Silver with Gold already at its answer.
  const Program gold_done = parse_program(program_to_json(gold.candidate));
  CHECK(tuned(tune(session, gold_done, parse_tune_targets("Silver=50%"), {}, d), "Silver").new_threshold == 12001);
}

TEST_CASE("an unreachable target is reported and its threshold left alone", "[tune]") {
  const Program p = parse_program(program_json(kOrdersProgram));
  Session session(import_csv(kOrders).log);
  const Day d = day("2025-12-31");
  TuneOptions by_spend;
  by_spend.metric = "spend";
  // Gold's orders leaf keeps p1 and p6 at Gold whatever the spend threshold.
  TuneResult r = tune(session, p, parse_tune_targets("Gold=0%"), by_spend, d);
  const TierTune& gold = tuned(r, "Gold");
  CHECK_FALSE(gold.reachable);
  CHECK(gold.leaf == 1);
  CHECK(gold.new_threshold == 100000);
  CHECK(r.candidate.tiers[2].qualify->children[1].threshold == 100000);
  CHECK(gold.reason.find("2 customers (33.33%) are at Gold or above, more than 0%") != std::string::npos);
  CHECK(r.movers == 0);
  // 1 of 6 is within 1/3, so the same leaf is reachable there: the least X
  // is 0 (nobody has spend >= 1000 anyway, and p1, p6 are 2 of 6 = 33.33%).
  TuneResult third = tune(session, p, parse_tune_targets("Gold=33.34%"), by_spend, d);
  CHECK(tuned(third, "Gold").reachable);
  CHECK(tuned(third, "Gold").new_threshold == 50001); // p2's 500.00 out
}

TEST_CASE("a decimal percentage is compared exactly: 12.5% of 8 is one customer", "[tune]") {
  const Program p = parse_program(program_json(kSpendProgram));
  std::string csv = "customer_id,date,type,amount\n";
  for (int i = 1; i <= 8; ++i) csv += "c" + std::to_string(i) + ",2025-06-01,purchase," + std::to_string(10 * i) + "\n";
  Session session(import_csv(csv).log);
  const Day d = day("2025-12-31");
  // 12.5% x 8 = 1 exactly: 80.00 stays Gold, 70.00 must not: X = 70.01.
  CHECK(tuned(tune(session, p, parse_tune_targets("Gold=12.5%"), {}, d), "Gold").new_threshold == 7001);
  CHECK(tuned(tune(session, p, parse_tune_targets("Gold=0.125"), {}, d), "Gold").new_threshold == 7001);
  // 12.49% x 8 = 0.9992: nobody: X = 80.01.
  CHECK(tuned(tune(session, p, parse_tune_targets("Gold=12.49%"), {}, d), "Gold").new_threshold == 8001);
  // 100%: everyone may be Gold: X = 0.
  CHECK(tuned(tune(session, p, parse_tune_targets("Gold=100%"), {}, d), "Gold").new_threshold == 0);
}

TEST_CASE("an above leaf keeps its operator: X is the threshold, the target X + 1 unit", "[tune]") {
  const Program p = parse_program(program_json(
      R"("metrics": {"spend": {"measure": "net_spend", "window": {"days": 365}}},
      "tiers": [{"name": "Bronze"}, {"name": "Gold", "qualify": {"metric": "spend", "above": 300}}])"));
  Import im = import_csv(kSixCustomers);
  const EventLog log = im.log;
  Session session(std::move(im.log));
  const Day d = day("2025-12-31");
  // At most 2 of 6 above X: d 350, c 250: X = 150.00 (b's 150.00 is not above).
  TuneResult r = tune(session, p, parse_tune_targets("Gold=33.34%"), {}, d);
  CHECK(tuned(r, "Gold").above);
  CHECK(tuned(r, "Gold").new_threshold == 15000);
  CHECK(r.candidate.tiers[1].qualify->above);
  CHECK(at_or_above(r.candidate, log, d, 1) == 2);
  CHECK(at_or_above(with_threshold(r.candidate, 1, 0, 14999), log, d, 1) == 3);
}

TEST_CASE("tune names the faulty target: unknown tier, first tier, twice, unknown metric", "[tune]") {
  const Program p = parse_program(program_json(kSpendProgram));
  Session session(import_csv(kSixCustomers).log);
  const Day d = day("2025-12-31");
  CHECK(input_error([&] { tune(session, p, parse_tune_targets("Platinum=1%"), {}, d); }) ==
        "target: no tier \"Platinum\" in the program");
  CHECK(input_error([&] { tune(session, p, parse_tune_targets("Bronze=1%"), {}, d); }) ==
        "target: \"Bronze\" is the first tier and has no threshold");
  CHECK(input_error([&] { tune(session, p, parse_tune_targets("Gold=1%,Gold=2%"), {}, d); }) ==
        "target: tier \"Gold\" named twice");
  TuneOptions o;
  o.metric = "visits";
  CHECK(input_error([&] { tune(session, p, parse_tune_targets("Gold=1%"), o, d); }) ==
        "metric: no metric \"visits\" in the program");
  CHECK(input_error([&] { tune(session, p, {}, {}, d); }) == "target: no target share and no budget");
  // tune_plan checks the same before any event is read, and lists the leaves highest first.
  auto plan = tune_plan(p, parse_tune_targets("Silver=10%,Gold=1%"), {});
  REQUIRE(plan.size() == 2);
  CHECK(plan[0].tier == "Gold");
  CHECK(plan[0].old_threshold == 30000);
  CHECK(input_error([&] { tune_plan(p, parse_tune_targets("Bronze=1%"), {}); }) ==
        "target: \"Bronze\" is the first tier and has no threshold");
}

TEST_CASE("budget mode: the least common factor whose benefit cost fits", "[tune][budget]") {
  const Program p = parse_program(program_json(kSpendProgram));
  Session session(import_csv(kSixCustomers).log);
  const Day d = day("2025-12-31");
  // Cost today: Silver b 150 + c 250 + f 400 gross at 5% = 40.00, Gold d 350
  // at 10% = 35.00: 75.00. Factor k / 1000: Silver ceil(100.00 k / 1000),
  // Gold ceil(300.00 k / 1000). Up to k = 1166 d (350.00) stays Gold (Gold
  // 349.80): 35.00 + Silver b, c 20.00 = 55.00. At k = 1167 (Gold 350.10) d
  // is Silver: b, c, d 750 x 5% = 37.50 <= 40.00.
  TuneOptions o;
  o.budget = 4000;
  TuneResult r = tune(session, p, {}, o, d);
  REQUIRE(r.budget);
  CHECK(r.budget->met);
  CHECK(r.budget->cost_before == 7500);
  CHECK(r.budget->factor_permille == 1167);
  CHECK(r.budget->cost_after == 3750);
  CHECK(tuned(r, "Silver").new_threshold == 11670);
  CHECK(tuned(r, "Gold").new_threshold == 35010);
  // k - 1 does not fit: the crossing.
  Program before = with_threshold(with_threshold(p, 1, 0, 11660), 2, 0, 34980);
  CHECK(session.simulate(p, before, d).candidate.benefit_cost == 5500);
  CHECK(tune_text(r).find("Budget 40.00 USD: met with thresholds x 1.167") != std::string::npos);
  // A budget of today's cost: the most generous factor that keeps it.
  // Going down from 1000, e (90.00) joins Silver below k = 901 (+4.50) and
  // c (250.00) Gold below k = 834: k = 901, thresholds 90.10 and 270.30.
  o.budget = 7500;
  TuneResult generous = tune(session, p, {}, o, d);
  CHECK(generous.budget->factor_permille == 901);
  CHECK(generous.budget->cost_after == 7500);
  CHECK(tuned(generous, "Silver").new_threshold == 9010);
  // With targets the factor only raises the tuned leaves (the shares stay
  // met). Gold=50%: at most 3 of 6, Gold at 100.01 (b, c, d Gold 75.00, f
  // Silver 20.00: 95.00). Raising Gold alone never gets under 40.00 (b, c,
  // d, f all Silver cost 57.50): not met, thresholds left at the answer.
  o.budget = 4000;
  TuneResult both = tune(session, p, parse_tune_targets("Gold=50%"), o, d);
  CHECK_FALSE(both.budget->met);
  CHECK(both.budget->factor_permille == 1000);
  CHECK(both.budget->cost_targets == 9500);
  CHECK(both.budget->cost_after == 9500);
  CHECK(tuned(both, "Gold").new_threshold == 10001);
  // 60.00 is met by raising Gold past d: at k = 3500 Gold is 350.04 (3499:
  // 349.94, d Gold: 75.00): b, c, d, f Silver, 57.50.
  o.budget = 6000;
  TuneResult fits = tune(session, p, parse_tune_targets("Gold=50%"), o, d);
  CHECK(fits.budget->met);
  CHECK(fits.budget->cost_after == 5750);
  CHECK(fits.budget->factor_permille == 3500);
  CHECK(tuned(fits, "Gold").new_threshold == 35004);          // ceil(100.01 x 3.5)
  CHECK(fits.candidate.tiers[1].qualify->threshold == 10000); // not a tuned leaf: not scaled
}

// A status program (spec §3b): a tier reached is held for its term, so at
// 2025-12-31 (no term has ended: every term runs to 2026-05-31) the tier is
// the highest reached, on the peak net spend: a 50, b 150, c 250, d 350,
// e 90, f 400 (on 06-01, before its return). Gold's retain (spend >= 260) is
// not tuned; the tuned qualify falls below it and the report says so.
const char* const kStatusSpendProgram =
    R"("status": {"term": {"days": 365}, "downgrade": "to_qualified"},
    "metrics": {"spend": {"measure": "net_spend", "window": {"days": 365}}},
    "tiers": [{"name": "Bronze"},
              {"name": "Silver", "qualify": {"metric": "spend", "at_least": 100}},
              {"name": "Gold", "qualify": {"metric": "spend", "at_least": 300},
                               "retain": {"metric": "spend", "at_least": 260}}])";

TEST_CASE("a status program tunes on the tiers held: f keeps the Gold it reached", "[tune][status]") {
  const Program p = parse_program(program_json(kStatusSpendProgram));
  Import im = import_csv(kSixCustomers);
  const EventLog log = im.log;
  Session session(std::move(im.log));
  const Day d = day("2025-12-31");
  // Gold at most 2 of 6: peaks f 400, d 350, then c 250: X = 250.01 (250.00
  // lets c in). Silver or above at most 3: c 250 in, b 150 out: 150.01.
  // (Without status f's net 100 would count, and the answers would differ.)
  TuneResult r = tune(session, p, parse_tune_targets("Silver=50%,Gold=33.34%"), {}, d);
  const TierTune& gold = tuned(r, "Gold");
  const TierTune& silver = tuned(r, "Silver");
  CHECK(gold.reachable);
  CHECK(gold.new_threshold == 25001);
  CHECK(silver.new_threshold == 15001);
  REQUIRE(gold.retain_above_qualify.has_value());
  CHECK(*gold.retain_above_qualify == 26000);
  CHECK_FALSE(silver.retain_above_qualify.has_value());
  // The checker's test by full evaluation (the status walk): ok(X), not ok(X - 1).
  const Program& c = r.candidate;
  CHECK(at_or_above(c, log, d, 2) == 2);
  CHECK(at_or_above(with_threshold(c, 2, 0, 25000), log, d, 2) == 3);
  CHECK(at_or_above(c, log, d, 1) == 3);
  CHECK(at_or_above(with_threshold(c, 1, 0, 15000), log, d, 1) == 4);
  // The tuned program keeps its status block and retain.
  const Program back = parse_program(program_to_json(c));
  REQUIRE(back.status.has_value());
  REQUIRE(back.tiers[2].retain.has_value());
  CHECK(back.tiers[2].retain->threshold == 26000);
}
