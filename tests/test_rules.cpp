// The compiled tier rule (tierlab/rules.hpp): each rule has one definition,
// and these tests hold it to hand-worked answers. Also the engine's limits on
// programs and sums (docs/reliability.md).
#include "helpers.hpp"

#include "tierlab/rules.hpp"
#include "tierlab/simulate.hpp"

using namespace tt;

namespace {

Condition leaf(int metric, int64_t threshold, bool above = false) {
  Condition c;
  c.metric = metric;
  c.threshold = threshold;
  c.above = above;
  return c;
}

Condition node(Condition::Op op, std::vector<Condition> children) {
  Condition c;
  c.op = op;
  c.children = std::move(children);
  return c;
}

} // namespace

TEST_CASE("leaf_target is the threshold, plus one unit for above", "[rules]") {
  CHECK(leaf_target(leaf(0, 30000)) == 30000);
  CHECK(leaf_target(leaf(0, 30000, true)) == 30001);
  CHECK(leaf_target(leaf(0, -5, true)) == -4);
}

TEST_CASE("leaf_progress clamps value / target to [0, 1]; a target of 0 or less is met or not", "[rules]") {
  CHECK(leaf_progress(150, 300).num == 150);
  CHECK(leaf_progress(150, 300).den == 300);
  CHECK(compare(leaf_progress(400, 300), Fraction{1, 1}) == 0);
  CHECK(compare(leaf_progress(-20, 300), Fraction{0, 1}) == 0);
  CHECK(compare(leaf_progress(0, 0), Fraction{1, 1}) == 0);
  CHECK(compare(leaf_progress(-1, 0), Fraction{0, 1}) == 0);
  CHECK(compare(leaf_progress(-3, -2), Fraction{0, 1}) == 0);
  CHECK(compare(leaf_progress(-2, -2), Fraction{1, 1}) == 0);
}

TEST_CASE("near_target is the least value at 80% of the target", "[rules]") {
  // ceil(4T / 5): 5 -> 4, 6 -> 5 (4.8), 7 -> 6 (5.6), 10 -> 8, 1 -> 1 (0.8); T <= 0 stays.
  CHECK(near_target(5) == 4);
  CHECK(near_target(6) == 5);
  CHECK(near_target(7) == 6);
  CHECK(near_target(10) == 8);
  CHECK(near_target(1) == 1);
  CHECK(near_target(0) == 0);
  CHECK(near_target(-7) == -7);
  // No overflow at the top of the range: 2^53 - 1 -> 2^53 - 1 - floor((2^53 - 1) / 5).
  CHECK(near_target(kMaxValue) == kMaxValue - kMaxValue / 5);
  // It agrees with leaf_progress: 4/5 at near_target, less one below it.
  for (int64_t t : {1, 2, 3, 7, 11, 30001, 99999}) {
    CHECK(compare(leaf_progress(near_target(t), t), Fraction{4, 5}) >= 0);
    CHECK(compare(leaf_progress(near_target(t) - 1, t), Fraction{4, 5}) < 0);
  }
}

TEST_CASE("a nested rule holds, progresses and names its deciding leaf like the tree", "[rules]") {
  // any( all(spend >= 300, orders above 4), points >= 1000 ); leaves depth first: 0 spend, 1 orders, 2 points.
  const Condition c =
      node(Condition::Op::Any, {node(Condition::Op::All, {leaf(0, 300), leaf(1, 4, true)}), leaf(2, 1000)});
  const Rule r(c);
  REQUIRE(r.leaves().size() == 3);
  CHECK(r.leaves()[1].target == 5);
  CHECK(r.leaves()[1].threshold == 4);
  CHECK_FALSE(r.flat());
  CHECK(r.first_leaf_on(2) == 2);
  CHECK(r.first_leaf_on(7) == -1);
  {
    // spend 150/300 = 0.5, orders 5/5 = 1 -> all: 0.5 (spend); points 600/1000 = 0.6 -> any: 0.6 (points).
    const int64_t v[] = {150, 5, 600};
    CHECK_FALSE(r.holds(v));
    CHECK(compare(r.progress(v), Fraction{3, 5}) == 0);
    CHECK(r.deciding_leaf(v) == 2);
  }
  {
    // spend 300 (met), orders 4 (above 4 needs 5: 4/5) -> all: 0.8 (orders); points 0 -> any: 0.8 (orders).
    const int64_t v[] = {300, 4, 0};
    CHECK_FALSE(r.holds(v));
    CHECK(compare(r.progress(v), Fraction{4, 5}) == 0);
    CHECK(r.deciding_leaf(v) == 1);
    CHECK(r.near().holds(v)); // 0.8 is a near miss
    const int64_t w[] = {300, 5, 0};
    CHECK(r.holds(w));
  }
  {
    // Ties keep the first child: spend 150/300 and points 500/1000 are both 0.5; orders 5/5.
    const int64_t v[] = {150, 5, 500};
    CHECK(r.deciding_leaf(v) == 0);
  }
  // Fixing a leaf: with orders always true, 300 spend alone qualifies; always false, only points can.
  const int64_t v[] = {300, 0, 0};
  CHECK(r.with_leaf_fixed(1, true).holds(v));
  CHECK_FALSE(r.with_leaf_fixed(1, false).holds(v));
  const int64_t p[] = {0, 0, 1000};
  CHECK(r.with_leaf_fixed(1, false).holds(p));
  CHECK_FALSE(r.with_leaf_fixed(2, false).holds(p));
}

TEST_CASE("a flat rule is a leaf or an any / all of leaves", "[rules]") {
  CHECK(Rule(leaf(0, 1)).flat());
  CHECK(Rule(leaf(0, 1)).any());
  CHECK(Rule(node(Condition::Op::All, {leaf(0, 1), leaf(1, 2)})).flat());
  CHECK_FALSE(Rule(node(Condition::Op::All, {leaf(0, 1), leaf(1, 2)})).any());
  CHECK(Rule(node(Condition::Op::Any, {leaf(0, 1), leaf(1, 2)})).any());
}

TEST_CASE("TierRules qualifies the highest tier that holds, not the first", "[rules]") {
  // Gold needs spend >= 500, Silver spend >= 200 or orders >= 3: a customer
  // with spend 600 and 0 orders is Gold; with spend 0 and 3 orders, Silver.
  const Program p = parse_program(program_json(R"("metrics": {"spend": {"measure": "net_spend", "window": "lifetime"},
      "orders": {"measure": "purchase_count", "window": "lifetime"}},
    "tiers": [{"name": "Base"},
              {"name": "Silver", "qualify": {"any": [{"metric": "spend", "at_least": 200}, {"metric": "orders", "at_least": 3}]}},
              {"name": "Gold", "qualify": {"metric": "spend", "at_least": 500}}])"));
  const TierRules rules(p);
  const int64_t gold[] = {60000, 0}, silver[] = {0, 3}, base[] = {19999, 2};
  CHECK(rules.qualified_tier(gold) == 2);
  CHECK(rules.qualified_tier(silver) == 1);
  CHECK(rules.qualified_tier(base) == 0);
  // From Base toward Silver: the better of 19999/20000 and 2/3.
  CHECK(compare(rules.progress_from(0, base), Fraction{19999, 20000}) == 0);
  CHECK(compare(rules.progress_from(2, gold), Fraction{1, 1}) == 0);
}

TEST_CASE("retained_tier keeps the best tier until the last day it was qualified + R - 1", "[rules][retention]") {
  // Days 10, 20, 30 qualified 1, 2, 1; R = 365: Gold (2), held until 20 + 364.
  const std::vector<Day> days{10, 20, 30};
  const std::vector<int> q{1, 2, 1};
  Retained r = retained_tier(days, q, 365);
  CHECK(r.tier == 2);
  REQUIRE(r.held_until);
  CHECK(*r.held_until == 384);
  // Qualified for the best tier twice: the later day counts.
  const std::vector<int> q2{2, 0, 2};
  CHECK(*retained_tier(days, q2, 30).held_until == 59);
  // Only the first tier: nothing held.
  const std::vector<int> zero{0, 0, 0};
  CHECK(retained_tier(days, zero, 30).tier == 0);
  CHECK_FALSE(retained_tier(days, zero, 30).held_until);
}

// ---- limits ----

TEST_CASE("a program has at most 100 tiers; the 101st is refused at /tiers", "[rules][limits]") {
  auto with_tiers = [](size_t n) {
    std::string tiers = R"({"name": "T0"})";
    for (size_t i = 1; i < n; ++i)
      tiers += R"(, {"name": "T)" + std::to_string(i) + R"(", "qualify": {"metric": "spend", "at_least": )" +
               std::to_string(i) + "}}";
    return program_json(R"("metrics": {"spend": {"measure": "purchase_count", "window": "lifetime"}}, "tiers": [)" +
                        tiers + "]");
  };
  const Program p = parse_program(with_tiers(kMaxTiers));
  CHECK(p.tiers.size() == 100);
  CHECK_THROWS_WITH(parse_program(with_tiers(kMaxTiers + 1)), "/tiers: at most 100 tiers, got 101");
  // The top tier of 100 is tiered, counted and swept as tier 99 (an int8 wrapped at 128 before the limit).
  std::string csv = "customer_id,date,type,amount\n";
  for (int i = 0; i < 120; ++i) csv += "a,2025-01-01,purchase,1.00\n";
  Session session(import_csv(csv).log);
  const Tiering t = session.tiers(p, day("2025-01-01"), true);
  REQUIRE(t.tier.size() == 1);
  CHECK(t.tier[0] == 99);
  SweepResult s = session.sweep(p, "T99", "spend", 99, 200, 2, day("2025-01-01"));
  CHECK(s.counts[0][99] == 1);
  CHECK(s.counts[1][98] == 1);
}

TEST_CASE("a threshold beyond 2^53 - 1 is refused at its pointer", "[rules][limits]") {
  auto gold_at = [](const std::string& x) {
    return program_json(R"("metrics": {"spend": {"measure": "net_spend", "window": "lifetime"}},
        "tiers": [{"name": "Base"}, {"name": "Gold", "qualify": {"metric": "spend", "above": )" +
                        x + "}}]");
  };
  CHECK(parse_program(gold_at("90071992547409.91")).tiers[1].qualify->threshold == kMaxValue);
  CHECK_THROWS_WITH(parse_program(gold_at("90071992547409.92")),
                    "/tiers/1/qualify/above: money in USD: \"90071992547409.92\" is beyond the supported range (at "
                    "most 90071992547409.91)");
  CHECK_THROWS_WITH(parse_program(gold_at("-90071992547409.92")),
                    "/tiers/1/qualify/above: money in USD: \"-90071992547409.92\" is beyond the supported range (at "
                    "most 90071992547409.91)");
}

TEST_CASE("a metric sum beyond 2^53 - 1 is refused with the customer, never wrapped", "[rules][limits]") {
  // Two purchases of 46116860184273879.04 wrapped to a negative spend and
  // Bronze before; such an amount is now refused where it is read.
  const std::string program = program_json(R"("metrics": {"spend": {"measure": "net_spend", "window": "lifetime"}},
      "tiers": [{"name": "Bronze"}, {"name": "Gold", "qualify": {"metric": "spend", "at_least": 100}}])");
  CHECK_THROWS_WITH(import_csv("customer_id,date,type,amount\nann,2025-01-01,purchase,46116860184273879.04\n"),
                    Catch::Contains("events.csv:2: column amount: ") &&
                        Catch::Contains("beyond the supported range (at most 90071992547409.91)"));
  // Two amounts that fit alone but not together: refused with the customer and day.
  Fixture two(program, "customer_id,date,type,amount\nbo,2025-01-01,purchase,50000000000000.00\n"
                       "bo,2025-01-02,purchase,50000000000000.00\n");
  CHECK(two.metric("bo", "2025-01-01", "spend") == 5000000000000000);
  CHECK_THROWS_WITH(
      two.row("bo", "2025-01-02"),
      "customer \"bo\": metric spend on 2025-01-02 is beyond the supported range (at most 90071992547409.91 in size)");
  Session session(import_csv("customer_id,date,type,amount\nbo,2025-01-01,purchase,50000000000000.00\n"
                             "bo,2025-01-02,purchase,50000000000000.00\n")
                      .log);
  CHECK_THROWS_AS(session.tiers(parse_program(program), day("2025-01-02"), false), InputError);
}

TEST_CASE("a sweep between the ends of the range steps without overflow", "[rules][limits][sweep]") {
  const Program p = parse_program(program_json(R"("metrics": {"spend": {"measure": "net_spend", "window": "lifetime"}},
      "tiers": [{"name": "Bronze"}, {"name": "Gold", "qualify": {"metric": "spend", "at_least": 100}}])"));
  Session session(import_csv("customer_id,date,type,amount\nann,2025-01-01,purchase,150.00\n").log);
  // The widest span the limits allow (sweep bounds come through
  // parse_metric_value, which refuses anything wider): steps at both ends and 0.
  CHECK_THROWS_WITH(parse_metric_value(p, 0, "90071992547409.92"),
                    "metric spend: \"90071992547409.92\" is beyond the supported range (at most 90071992547409.91)");
  SweepResult s = session.sweep(p, "Gold", "spend", -kMaxValue, kMaxValue, 3, day("2025-01-01"));
  REQUIRE(s.thresholds == std::vector<int64_t>{-kMaxValue, 0, kMaxValue});
  CHECK(s.counts[0] == std::vector<int64_t>{0, 1});
  CHECK(s.counts[1] == std::vector<int64_t>{0, 1});
  CHECK(s.counts[2] == std::vector<int64_t>{1, 0});
}

TEST_CASE("sweep and replay CSV headers quote a tier name with a comma", "[rules][output]") {
  const Program p = parse_program(program_json(R"("metrics": {"spend": {"measure": "net_spend", "window": "lifetime"}},
      "tiers": [{"name": "Bronze"}, {"name": "Silver, Plus", "qualify": {"metric": "spend", "at_least": 100}}])"));
  Session session(import_csv("customer_id,date,type,amount\nann,2025-01-01,purchase,150.00\n").log);
  const std::string sweep = sweep_csv(p, session.sweep(p, "Silver, Plus", "spend", 10000, 20000, 2, day("2025-01-01")));
  CHECK(sweep == "threshold,Bronze,\"Silver, Plus\"\n100.00,0,1\n200.00,1,0\n");
  const std::string replay = replay_csv(session.replay(p, day("2025-01-01"), day("2025-01-01"), ReplayStep::Day));
  CHECK(replay.substr(0, replay.find('\n')) ==
        "date,customers,Bronze,\"Silver, Plus\",not_enrolled,upgrades,downgrades,advancement_rate");
}

TEST_CASE("a fractional count or discount is blamed on whole units, not on a currency", "[rules][limits]") {
  const Program p =
      parse_program(program_json(R"("metrics": {"orders": {"measure": "purchase_count", "window": "lifetime"}},
      "tiers": [{"name": "Base"}, {"name": "Gold", "qualify": {"metric": "orders", "at_least": 3}, "benefits": {"discount_percent": 5}}])"));
  CHECK_THROWS_WITH(parse_metric_value(p, 0, "2.5"),
                    "metric orders: purchase_count counts whole units: expected a whole number, got \"2.5\"");
  try {
    parse_program(
        program_json(R"("metrics": {}, "tiers": [{"name": "Base", "benefits": {"discount_percent": 10.555}}])"));
    FAIL("accepted 10.555%");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("currency") == std::string::npos);
    CHECK(std::string(e.what()).find("/tiers/0/benefits/discount_percent") == 0);
  }
}

TEST_CASE("the session refuses to compare programs in two currencies", "[simulate][limits]") {
  const std::string body =
      R"("metrics": {"spend": {"measure": "net_spend", "window": "lifetime"}}, "tiers": [{"name": "Base"}])";
  const Program usd = parse_program(program_json(body)), gbp = parse_program(program_json(body, "GBP"));
  Session session(import_csv("customer_id,date,type,amount\nann,2025-01-01,purchase,150.00\n").log);
  CHECK_THROWS_WITH(session.simulate(usd, gbp, day("2025-01-01")),
                    "candidate: currency GBP differs from the baseline's USD");
  CHECK_THROWS_WITH(session.movers(usd, gbp, day("2025-01-01")),
                    "candidate: currency GBP differs from the baseline's USD");
  CHECK(session.simulate(usd, usd, day("2025-01-01")).customers == 1);
}
