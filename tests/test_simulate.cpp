// What-if simulation (spec §5): simulate, sweep, replay, and the re-tier from
// metric tables agreeing with a full evaluation.
#include "helpers.hpp"
#include "tierlab/simulate.hpp"

using namespace tt;

namespace {

// Bronze / Silver (net spend >= 100, 5%) / Gold (net spend >= GOLD, 10%).
std::string spend_program(const std::string& gold) {
  return program_json(R"("metrics": {"spend": {"measure": "net_spend", "window": {"days": 365}}},
    "tiers": [{"name": "Bronze"},
              {"name": "Silver", "qualify": {"metric": "spend", "at_least": 100}, "benefits": {"discount_percent": 5}},
              {"name": "Gold", "qualify": {"metric": "spend", "at_least": )" +
                      gold + R"(}, "benefits": {"discount_percent": 10}}])");
}

// Net spend at 2025-12-31: a 50, b 150, c 250, d 350, e 90, f 400 - 300 = 100.
const char* const kSixCustomers = "customer_id,date,type,amount\n"
                                  "a,2025-06-01,purchase,50\n"
                                  "b,2025-06-01,purchase,150\n"
                                  "c,2025-06-01,purchase,250\n"
                                  "d,2025-06-01,purchase,350\n"
                                  "e,2025-06-01,purchase,90\n"
                                  "f,2025-06-01,purchase,400\n"
                                  "f,2025-06-10,return,300\n";

std::vector<int64_t> counts(const ProgramSummary& s) {
  std::vector<int64_t> out;
  for (const auto& t : s.tiers) out.push_back(t.customers);
  return out;
}

} // namespace

TEST_CASE("simulate compares tier counts, migration, near misses and benefit cost of two programs", "[simulate]") {
  Program base = parse_program(spend_program("300"));
  Program cand = parse_program(spend_program("200"));
  Session session(import_csv(kSixCustomers).log);
  SimulationReport r = session.simulate(base, cand, day("2025-12-31"));

  CHECK(r.customers == 6);
  // Baseline: Bronze {a, e}, Silver {b, c, f}, Gold {d}.
  CHECK(counts(r.baseline) == std::vector<int64_t>{2, 3, 1});
  // Candidate (Gold from 200): Bronze {a, e}, Silver {b, f}, Gold {c, d}.
  CHECK(counts(r.candidate) == std::vector<int64_t>{2, 2, 2});
  CHECK(r.migration == std::vector<std::vector<int64_t>>{{2, 0, 0}, {0, 2, 1}, {0, 0, 1}});
  CHECK(r.upgrades == 1);
  CHECK(r.downgrades == 0);
  // Near misses: e 90/100 = 0.9 (Bronze); c 250/300 = 0.83 (Silver, baseline only);
  // b 150/200 = 0.75 is not near in the candidate.
  CHECK(r.baseline.near_misses == 2);
  CHECK(r.candidate.near_misses == 1);
  // Cost, gross spend of the last 365 days: baseline Silver 5% x (150 + 250 + 400) = 40.00,
  // Gold 10% x 350 = 35.00; candidate Silver 5% x (150 + 400) = 27.50, Gold 10% x (250 + 350) = 60.00.
  CHECK(r.baseline.tiers[1].benefit_cost == 4000);
  CHECK(r.baseline.tiers[2].benefit_cost == 3500);
  CHECK(r.baseline.benefit_cost == 7500);
  CHECK(r.candidate.benefit_cost == 8750);
  // KPIs: one purchase each (0 repeat), net (50+150+250+350+90+100)/6 = 165.00.
  CHECK(format_fraction(r.kpis.repeat_purchase_rate, 4) == "0.0000");
  CHECK(format_fraction(r.kpis.average_purchase_frequency, 4) == "1.0000");
  CHECK(r.kpis.average_lifetime_net_spend.num == 99000);
  CHECK(r.kpis.average_lifetime_net_spend.den == 6);
  CHECK_FALSE(r.kpis.redemption_rate.has_value());
}

TEST_CASE("the migration matrix sums to the customers enrolled in both programs", "[simulate]") {
  const std::string csv = generated(500, 11);
  Program base = parse_program(read_text(source_path("samples/programs/synerise-pln.json")));
  Program cand = parse_program(read_text(source_path("samples/programs/synerise-pln-guarded.json")));
  Session session(import_csv(csv).log);
  SimulationReport r = session.simulate(base, cand, day("2025-12-31"));
  int64_t sum = 0;
  for (const auto& row : r.migration)
    for (int64_t c : row) sum += c;
  int64_t base_enrolled = r.customers - r.baseline.not_enrolled;
  CHECK(sum == base_enrolled); // same enrollment rule in both
  int64_t diagonal = 0;
  for (size_t i = 0; i < r.migration.size(); ++i) diagonal += r.migration[i][i];
  CHECK(diagonal + r.upgrades + r.downgrades == sum);
  CHECK(r.customers == 500); // every generated customer has an event by then
}

TEST_CASE("a sweep counts each tier as one threshold moves, and Gold never grows with a higher threshold",
          "[simulate][sweep]") {
  Program p = parse_program(spend_program("300"));
  Session session(import_csv(kSixCustomers).log);
  SweepResult s = session.sweep(p, "Gold", "spend", 10000, 50000, 5, day("2025-12-31"));
  REQUIRE(s.thresholds == std::vector<int64_t>{10000, 20000, 30000, 40000, 50000});
  // Net spend a 50, e 90 -> Bronze always; b 150, c 250, d 350, f 100.
  CHECK(s.counts[0] == std::vector<int64_t>{2, 0, 4}); // Gold >= 100: b c d f
  CHECK(s.counts[1] == std::vector<int64_t>{2, 2, 2}); // >= 200: c d
  CHECK(s.counts[2] == std::vector<int64_t>{2, 3, 1}); // >= 300: d
  CHECK(s.counts[3] == std::vector<int64_t>{2, 4, 0});
  CHECK(s.counts[4] == std::vector<int64_t>{2, 4, 0});
  for (size_t i = 1; i < s.counts.size(); ++i) CHECK(s.counts[i][2] <= s.counts[i - 1][2]);
  // The sweep agrees with simulate at the baseline threshold.
  CHECK(s.counts[2] == counts(session.simulate(p, p, day("2025-12-31")).baseline));
  CHECK_THROWS_AS(session.sweep(p, "Bronze", "spend", 0, 1, 2, day("2025-12-31")), InputError);
  CHECK_THROWS_AS(session.sweep(p, "Gold", "nope", 0, 1, 2, day("2025-12-31")), InputError);
}

TEST_CASE("a sweep with retention matches re-evaluating at each threshold", "[simulate][sweep][retention]") {
  const std::string csv = generated(300, 5);
  Program p = parse_program(read_text(source_path("samples/programs/synerise-pln-guarded.json")));
  Import im = import_csv(csv);
  Session session(im.log);
  const Day as_of = day("2025-08-15");
  const int gold = static_cast<int>(p.tiers.size()) - 1;
  const int metric = p.tiers[static_cast<size_t>(gold)].qualify->op == Condition::Op::Leaf
                         ? p.tiers[static_cast<size_t>(gold)].qualify->metric
                         : p.tiers[static_cast<size_t>(gold)].qualify->children[0].metric;
  SweepResult s = session.sweep(p, p.tiers[static_cast<size_t>(gold)].name, p.metrics[static_cast<size_t>(metric)].name,
                                50000, 400000, 8, as_of);
  for (size_t i = 0; i < s.thresholds.size(); ++i) {
    Program q = p;
    Condition& c = *q.tiers[static_cast<size_t>(gold)].qualify;
    (c.op == Condition::Op::Leaf ? c : c.children[0]).threshold = s.thresholds[i];
    Evaluation e = evaluate(q, im.log, as_of);
    std::vector<int64_t> expected(p.tiers.size(), 0);
    for (const auto& row : e.rows)
      if (row.tier >= 0) ++expected[static_cast<size_t>(row.tier)];
    INFO("threshold " << s.thresholds[i]);
    CHECK(s.counts[i] == expected);
  }
}

TEST_CASE("a replay shows an upgrade in March and a downgrade after a return", "[simulate][replay]") {
  Program p = parse_program(program_json(R"("metrics": {"spend": {"measure": "net_spend", "window": "lifetime"}},
    "tiers": [{"name": "Bronze"}, {"name": "Silver", "qualify": {"metric": "spend", "at_least": 100}}])"));
  // x: 60 + 60 (March 5) -> Silver in March. y: 150 then a 100 return on March 20 -> Bronze.
  Session session(import_csv("customer_id,date,type,amount\n"
                             "x,2025-01-10,purchase,60\n"
                             "y,2025-02-05,purchase,150\n"
                             "x,2025-03-05,purchase,60\n"
                             "y,2025-03-20,return,100\n")
                      .log);
  ReplayResult r = session.replay(p, day("2025-01-31"), day("2025-04-30"), ReplayStep::Month);
  REQUIRE(r.points.size() == 4);
  CHECK(format_day(r.points[1].day) == "2025-02-28"); // Jan 31 + 1 month, clamped
  CHECK(r.points[0].customers == 1);                  // y has no event yet
  CHECK(r.points[0].counts == std::vector<int64_t>{1, 0});
  CHECK(r.points[1].counts == std::vector<int64_t>{1, 1});
  CHECK(r.points[1].upgrades == 0);
  CHECK(r.points[2].counts == std::vector<int64_t>{1, 1}); // March 31: x up, y down
  CHECK(r.points[2].upgrades == 1);
  CHECK(r.points[2].downgrades == 1);
  CHECK(format_fraction(r.points[2].advancement_rate, 4) == "1.0000"); // 1 of 1 below the top
  CHECK(r.points[3].upgrades == 0);
}

TEST_CASE("re-tiering from the metric table equals a full evaluation, with retention and enrollment",
          "[simulate][retention]") {
  const std::string csv = generated(800, 21);
  Import im = import_csv(csv);
  Session session(im.log);
  auto program =
      GENERATE(as<std::string>{}, "samples/programs/synerise-pln-guarded.json", "samples/programs/kids-clothing.json",
               "samples/programs/vip-segment.json", "samples/programs/cleaning-frequency.json");
  auto date = GENERATE(as<std::string>{}, "2024-03-31", "2025-01-01", "2025-12-31");
  Program p = parse_program(read_text(source_path(program)));
  Evaluation e = evaluate(p, im.log, day(date));
  Tiering t = session.tiers(p, day(date), true);
  INFO(program << " at " << date);
  REQUIRE(t.customers.size() == e.rows.size());
  size_t differ = 0;
  for (size_t r = 0; r < e.rows.size(); ++r) {
    const CustomerStatus& s = e.rows[r];
    const bool near = s.next_tier >= 0 && compare(s.progress, Fraction{4, 5}) >= 0;
    const bool held_same =
        (p.retention_days == 0 || s.tier <= 0) ? true : (s.held_until && *s.held_until == t.held_until[r]);
    if (t.customers[r] != s.customer || t.tier[r] != s.tier || compare(t.progress[r], s.progress) != 0 ||
        (t.near[r] != 0) != near || !held_same)
      ++differ;
  }
  CHECK(differ == 0);
}

namespace {

// Silver: spend >= 100 or 2 orders; Gold: spend >= 300 and 4 orders;
// Platinum: spend >= SPEND and ORDERS orders.
std::string progress_program(const std::string& spend, const std::string& orders = "0") {
  return program_json(R"("metrics": {"spend": {"measure": "net_spend", "window": {"days": 365}},
                                     "orders": {"measure": "purchase_count", "window": {"days": 365}}},
    "tiers": [{"name": "Bronze"},
              {"name": "Silver", "qualify": {"any": [{"metric": "spend", "at_least": 100}, {"metric": "orders", "at_least": 2}]}},
              {"name": "Gold", "qualify": {"all": [{"metric": "spend", "at_least": 300}, {"metric": "orders", "at_least": 4}]}},
              {"name": "Platinum", "qualify": {"all": [{"metric": "spend", "at_least": )" +
                      spend + R"(}, {"metric": "orders", "at_least": )" + orders + "}]}}]");
}

} // namespace

TEST_CASE("re-tier progress is the exact fraction of the deciding leaf, ties to the first", "[simulate][progress]") {
  // At 2025-12-31 (spend in cents, orders):
  //   a 5000, 1: Bronze; to Silver (any) 5000/10000 ties 1/2, the first stays
  //   b 6000, 3: Silver; to Gold (all) min(6000/30000, 3/4) = 6000/30000
  //   c 40000, 1: Silver; to Gold: spend reached (1/1), orders 1/4
  //   d 0, 0 (a review only): Bronze; 0/1 ties 0/1
  //   e 50000, 5: Gold; to Platinum (orders at_least 0: 1/1) 50000/100000
  //   f 125000, 5: Platinum, the top: 1/1
  const char* csv = "customer_id,date,type,amount\n"
                    "a,2025-06-01,purchase,50\n"
                    "b,2025-06-01,purchase,20\nb,2025-06-02,purchase,20\nb,2025-06-03,purchase,20\n"
                    "c,2025-06-01,purchase,400\n"
                    "d,2025-06-01,review,\n"
                    "e,2025-06-01,purchase,100\ne,2025-06-02,purchase,100\ne,2025-06-03,purchase,100\ne,2025-06-04,"
                    "purchase,100\ne,2025-06-05,purchase,100\n"
                    "f,2025-06-01,purchase,250\nf,2025-06-02,purchase,250\nf,2025-06-03,purchase,250\nf,2025-06-04,"
                    "purchase,250\nf,2025-06-05,purchase,250\n";
  Session session(import_csv(csv).log);
  const std::vector<int> tiers{0, 1, 1, 0, 2, 3};
  const std::vector<std::pair<int64_t, int64_t>> progress{{5000, 10000}, {6000, 30000},   {1, 4},
                                                          {0, 1},        {50000, 100000}, {1, 1}};
  // 1000.00: every term within 32 bits (the block pass); 30,000,000.00 is
  // 3e9 cents, beyond 32 bits (the per-row walk): the same below Gold.
  for (const std::string platinum : {"1000", "30000000"}) {
    INFO("Platinum from " << platinum);
    Tiering t = session.tiers(parse_program(progress_program(platinum)), day("2025-12-31"));
    REQUIRE(t.tier.size() == 6);
    for (size_t r = 0; r < 6; ++r) {
      INFO("customer " << r);
      if (platinum != "1000" && r >= 4) { // e and f are Gold: 50000 and 125000 of 3e9
        CHECK(t.tier[r] == 2);
        CHECK(t.progress[r].num == (r == 4 ? 50000 : 125000));
        CHECK(t.progress[r].den == 3000000000);
        continue;
      }
      CHECK(t.tier[r] == tiers[r]);
      CHECK(t.progress[r].num == progress[r].first);
      CHECK(t.progress[r].den == progress[r].second);
    }
  }
}

TEST_CASE("re-tier progress: a leaf with a target of zero or below is reached at the target", "[simulate][progress]") {
  // Silver: net spend >= SPEND and 2 orders. g bought 50 and returned it
  // (net 0, 1 order); h wrote a review (0, 0 orders).
  const char* csv = "customer_id,date,type,amount\n"
                    "g,2025-06-01,purchase,50\ng,2025-06-02,return,50\n"
                    "h,2025-06-01,review,\n";
  Session session(import_csv(csv).log);
  auto silver = [](const std::string& spend) {
    return parse_program(program_json(R"("metrics": {"spend": {"measure": "net_spend", "window": {"days": 365}},
                                                    "orders": {"measure": "purchase_count", "window": {"days": 365}}},
      "tiers": [{"name": "Bronze"},
                {"name": "Silver", "qualify": {"all": [{"metric": "spend", "at_least": )" +
                                      spend + R"(}, {"metric": "orders", "at_least": 2}]}}])"));
  };
  // Spend from 0: g's spend leaf is reached (1/1), orders 1/2 decide; h: 0/1 from orders.
  // Spend from 0.01: g's spend leaf is 0/1 and decides (the first of the least).
  for (const std::string spend : {"0", "-5", "0.01"}) {
    INFO("spend from " << spend);
    Tiering t = session.tiers(silver(spend), day("2025-12-31"));
    REQUIRE(t.tier == std::vector<int8_t>{0, 0});
    CHECK(t.progress[0].num == (spend == "0.01" ? 0 : 1));
    CHECK(t.progress[0].den == (spend == "0.01" ? 1 : 2));
    CHECK(t.progress[1].num == 0);
    CHECK(t.progress[1].den == 1);
  }
}

TEST_CASE("re-tier progress compares leaves exactly when products of targets pass 32 bits", "[simulate][progress]") {
  // w: 5 orders, 43,000.00 = 4.3e6 cents: Gold. Toward Platinum (all of
  // 100,000.00 = 1e7 cents and 1000 orders): min(4.3e6 / 1e7, 5 / 1000) = 5 / 1000.
  // Compared in 32 bits, 4.3e6 x 1000 = 4.3e9 would wrap to 5,032,704 and
  // fall below 5 x 1e7, so spend would be chosen.
  const char* csv = "customer_id,date,type,amount\n"
                    "w,2025-06-01,purchase,8600\nw,2025-06-02,purchase,8600\nw,2025-06-03,purchase,8600\n"
                    "w,2025-06-04,purchase,8600\nw,2025-06-05,purchase,8600\n";
  Session session(import_csv(csv).log);
  Tiering t = session.tiers(parse_program(progress_program("100000", "1000")), day("2025-12-31"));
  REQUIRE(t.tier == std::vector<int8_t>{2});
  CHECK(t.progress[0].num == 5);
  CHECK(t.progress[0].den == 1000);
}

TEST_CASE("re-tier progress equals progress_of on every row, thresholds at zero and below included",
          "[simulate][progress]") {
  const std::string csv = generated(1500, 8);
  Session session(import_csv(csv).log);
  const Day d = day("2025-06-30");
  // Platinum's spend leaf at zero and below (reached by all, or all but
  // net refunders) with a 6-order leaf that decides who is Platinum.
  const std::vector<std::pair<std::string, std::string>> platinum{{"1000", "0"},      {"0", "6"},    {"-5", "6"},
                                                                  {"-30000000", "6"}, {"0.01", "6"}, {"30000000", "6"}};
  for (const auto& [spend, orders] : platinum) {
    INFO("Platinum from " << spend << " and " << orders << " orders");
    Program p = parse_program(progress_program(spend, orders));
    Tiering t = session.tiers(p, d);
    REQUIRE(!t.customers.empty());
    size_t differ = 0, below_top = 0;
    for (size_t r = 0; r < t.customers.size(); ++r) {
      if (t.tier[r] < 0) continue;
      std::vector<int64_t> v = session.metric_row(p, t.customers[r], d);
      const size_t next = static_cast<size_t>(t.tier[r]) + 1;
      const Fraction want = next < p.tiers.size() ? progress_of(*p.tiers[next].qualify, v.data()) : Fraction{1, 1};
      below_top += next < p.tiers.size();
      differ += t.progress[r].num != want.num || t.progress[r].den != want.den;
    }
    CHECK(below_top > 0);
    CHECK(differ == 0);
  }
}

TEST_CASE("the reward catalogue lists what a balance can pay for now", "[points]") {
  Program p = parse_program(read_text(source_path("samples/programs/kids-clothing.json")));
  // Catalogue: "10% off" 500 points, "Free shipping" 1000 points.
  auto names = [&](int64_t balance) {
    std::vector<std::string> out;
    for (const Reward& r : redeemable_rewards(p, balance)) out.push_back(r.name);
    return out;
  };
  CHECK(names(499).empty());
  CHECK(names(500) == std::vector<std::string>{"10% off"});
  CHECK(names(1000) == std::vector<std::string>{"10% off", "Free shipping"});
}

TEST_CASE("re-tiering is exact for amounts and thresholds beyond 32 bits", "[simulate]") {
  // 2^31 cents = 21,474,836.48: a Gold threshold of 25,000,000.00 and a buyer of 30,000,000.00.
  Program p = parse_program(spend_program("25000000"));
  const Day d = day("2025-12-31");
  {
    Session small(import_csv(kSixCustomers).log); // every value fits 32 bits; the threshold does not
    SimulationReport r = small.simulate(p, p, d);
    CHECK(counts(r.baseline) == std::vector<int64_t>{2, 4, 0});
    Program low = parse_program(spend_program("-30000000")); // below every 32-bit value
    CHECK(counts(small.simulate(low, low, d).baseline) == std::vector<int64_t>{0, 0, 6});
  }
  Session big(import_csv(std::string(kSixCustomers) + "whale,2025-07-01,purchase,30000000.00\n").log);
  SimulationReport r = big.simulate(p, p, d);
  CHECK(counts(r.baseline) == std::vector<int64_t>{2, 4, 1}); // the whale is Gold
  Program low = parse_program(spend_program("-30000000"));
  CHECK(counts(big.simulate(low, low, d).baseline) == std::vector<int64_t>{0, 0, 7});
}

TEST_CASE("a session answers a stream of candidates as a fresh session would", "[simulate]") {
  Program base = parse_program(read_text(source_path("samples/programs/kids-clothing.json")));
  Session warm(import_csv(read_text(source_path("samples/events/small.csv"))).log);
  for (const char* gold : {"200", "300", "50", "300"}) {
    Program cand = base;
    cand.tiers[2].qualify->children[0].threshold = parse_metric_value(cand, 0, gold);
    Session fresh(import_csv(read_text(source_path("samples/events/small.csv"))).log);
    INFO("Gold spend above " << gold);
    CHECK(simulation_json(warm.simulate(base, cand, day("2025-12-30"))) ==
          simulation_json(fresh.simulate(base, cand, day("2025-12-30"))));
  }
  // A different baseline on the same warm session is not answered from the last one.
  Program other = base;
  other.tiers[1].benefits.discount_basis_points = 700;
  Session fresh(import_csv(read_text(source_path("samples/events/small.csv"))).log);
  CHECK(simulation_json(warm.simulate(other, base, day("2025-12-30"))) ==
        simulation_json(fresh.simulate(other, base, day("2025-12-30"))));
}
