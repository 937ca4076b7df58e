// Spec §3: measures, windows, thresholds, enrollment and the qualify delay.
// Every expected value is worked out by hand in the comment above it.
#include "helpers.hpp"

using namespace tt;

namespace {

// A program with tiers Base and Up (Up's condition given), the metrics
// given, and extra top-level keys (enrollment, delays, engagement, ...).
std::string two_tiers(const std::string& metrics, const std::string& up, const std::string& extra = "",
                      const std::string& currency = "USD") {
  return program_json(extra + R"("metrics": {)" + metrics +
                          R"(}, "tiers": [{"name": "Base"}, {"name": "Up", "qualify": )" + up + "}]",
                      currency);
}

const std::string kSpendLifetime = R"("spend": {"measure": "net_spend", "window": "lifetime"})";

} // namespace

TEST_CASE("a rolling window of N days holds event days D-N+1 to D", "[metrics][window]") {
  // Window {"days": 30}; purchase of 10.00 on 2025-01-01.
  // At D the window is [D-29, D]:
  //   D = 2025-01-01: [2024-12-03, 2025-01-01] holds it (its own day) -> 1000
  //   D = 2025-01-30: [2025-01-01, 2025-01-30] holds it (first day, D-N+1) -> 1000
  //   D = 2025-01-31: [2025-01-02, 2025-01-31] does not (D-N)            -> 0
  Fixture f(two_tiers(R"("spend": {"measure": "net_spend", "window": {"days": 30}},
                         "orders": {"measure": "purchase_count", "window": {"days": 30}})",
                      R"({"metric": "spend", "above": 5})"),
            "customer_id,date,type,amount\n"
            "a,2025-01-01,purchase,10.00\n"
            "a,2025-03-01,review,\n");
  auto [d, spend, orders, tier] = GENERATE(table<std::string, int64_t, int64_t, int>({
      {"2025-01-01", 1000, 1, 1},
      {"2025-01-15", 1000, 1, 1},
      {"2025-01-30", 1000, 1, 1},
      {"2025-01-31", 0, 0, 0},
      {"2025-02-15", 0, 0, 0},
  }));
  CAPTURE(d);
  CHECK(f.metric("a", d, "spend") == spend);
  CHECK(f.metric("a", d, "orders") == orders);
  CHECK(f.tier("a", d) == tier);
}

TEST_CASE("a one day window holds only D", "[metrics][window]") {
  // {"days": 1}: [D, D]. Purchases 1.00 on 01-01 and 2.00 on 01-02.
  Fixture f(
      two_tiers(R"("spend": {"measure": "gross_spend", "window": {"days": 1}})", R"({"metric": "spend", "above": 5})"),
      "customer_id,date,type,amount\na,2025-01-01,purchase,1.00\na,2025-01-02,purchase,2.00\n");
  CHECK(f.metric("a", "2025-01-01", "spend") == 100);
  CHECK(f.metric("a", "2025-01-02", "spend") == 200);
  CHECK(f.metric("a", "2025-01-03", "spend") == 0);
}

TEST_CASE("a lifetime window holds every day up to D and nothing after", "[metrics][window]") {
  // 5.00 on 2020-01-01, 7.00 on 2025-06-01, 100.00 on 2025-06-02.
  //   D = 2025-05-31: 500;  D = 2025-06-01: 500 + 700 = 1200;  D = 2025-06-02: 1200 + 10000 = 11200.
  Fixture f(two_tiers(kSpendLifetime, R"({"metric": "spend", "above": 100})"), "customer_id,date,type,amount\n"
                                                                               "a,2020-01-01,purchase,5.00\n"
                                                                               "a,2025-06-01,purchase,7.00\n"
                                                                               "a,2025-06-02,purchase,100.00\n");
  CHECK(f.metric("a", "2025-05-31", "spend") == 500);
  CHECK(f.metric("a", "2025-06-01", "spend") == 1200);
  CHECK(f.metric("a", "2025-06-02", "spend") == 11200);
  CHECK(f.tier("a", "2025-06-01") == 0); // 12.00 is not above 100
  CHECK(f.tier("a", "2025-06-02") == 1); // 112.00 is
}

TEST_CASE("calendar windows run from the first day of D's year quarter or month", "[metrics][window]") {
  // Purchases (gross): 1.00 on 2024-12-31, 2.00 on 2025-01-01, 4.00 on 2025-03-31,
  // 8.00 on 2025-04-01, 16.00 on 2025-04-15, 32.00 on 2025-05-01.
  //  D          | year                    | quarter             | month
  //  2024-12-31 | 1                       | 1 (Q4 2024)         | 1
  //  2025-01-01 | 2                       | 2                   | 2
  //  2025-03-31 | 2+4 = 6                 | 6 (Q1)              | 4 (March)
  //  2025-04-01 | 2+4+8 = 14              | 8 (Q2 starts)       | 8
  //  2025-04-30 | 14+16 = 30              | 8+16 = 24           | 24
  //  2025-05-01 | 30+32 = 62              | 24+32 = 56          | 32
  //  2025-07-01 | 62                      | 0 (Q3, nothing yet) | 0
  Fixture f(two_tiers(R"("y": {"measure": "gross_spend", "window": {"calendar": "year"}},
                         "q": {"measure": "gross_spend", "window": {"calendar": "quarter"}},
                         "m": {"measure": "gross_spend", "window": {"calendar": "month"}})",
                      R"({"metric": "q", "at_least": 20})"),
            "customer_id,date,type,amount\n"
            "a,2024-12-31,purchase,1.00\n"
            "a,2025-01-01,purchase,2.00\n"
            "a,2025-03-31,purchase,4.00\n"
            "a,2025-04-01,purchase,8.00\n"
            "a,2025-04-15,purchase,16.00\n"
            "a,2025-05-01,purchase,32.00\n");
  auto [d, y, q, m] = GENERATE(table<std::string, int64_t, int64_t, int64_t>({
      {"2024-12-31", 100, 100, 100},
      {"2025-01-01", 200, 200, 200},
      {"2025-03-31", 600, 600, 400},
      {"2025-04-01", 1400, 800, 800},
      {"2025-04-30", 3000, 2400, 2400},
      {"2025-05-01", 6200, 5600, 3200},
      {"2025-07-01", 6200, 0, 0},
  }));
  CAPTURE(d);
  CHECK(f.metric("a", d, "y") == y);
  CHECK(f.metric("a", d, "q") == q);
  CHECK(f.metric("a", d, "m") == m);
}

TEST_CASE("above needs more than the threshold and at_least reaches it", "[metrics][threshold]") {
  // Spend exactly 100.00: "above 100" fails (100.00 > 100.00 is false),
  // "at_least 100" holds. 100.01 passes both; 99.99 neither.
  auto [amount, op, tier] = GENERATE(table<std::string, std::string, int>({
      {"100.00", "above", 0},
      {"100.01", "above", 1},
      {"100.00", "at_least", 1},
      {"99.99", "at_least", 0},
      {"99.99", "above", 0},
  }));
  CAPTURE(amount, op);
  Fixture f(two_tiers(kSpendLifetime, R"({"metric": "spend", ")" + op + R"(": 100})"),
            "customer_id,date,type,amount\na,2025-01-01,purchase," + amount + "\n");
  CHECK(f.tier("a", "2025-01-01") == tier);
}

TEST_CASE("above and at_least on counts compare whole numbers", "[metrics][threshold]") {
  // 6 purchases: at_least 6 holds; above 6 needs 7; above 5 holds.
  std::string csv = "customer_id,date,type,amount\n";
  for (int i = 1; i <= 6; ++i) csv += "a,2025-01-0" + std::to_string(i) + ",purchase,1\n";
  auto [op, x, tier] = GENERATE(
      table<std::string, int, int>({{"at_least", 6, 1}, {"above", 6, 0}, {"above", 5, 1}, {"at_least", 7, 0}}));
  CAPTURE(op, x);
  Fixture f(two_tiers(R"("orders": {"measure": "purchase_count", "window": "lifetime"})",
                      R"({"metric": "orders", ")" + op + R"(": )" + std::to_string(x) + "}"),
            csv);
  CHECK(f.tier("a", "2025-01-06") == tier);
}

TEST_CASE("net spend subtracts returns and may go negative while gross spend does not", "[metrics][spend]") {
  // a: +100.00 +50.00 -30.00: net 120.00, gross 150.00, 2 purchases.
  // b: +10.00 on 01-01, return 25.00 on 01-02: net 10.00 - 25.00 = -15.00, gross 10.00.
  Fixture f(two_tiers(R"("net": {"measure": "net_spend", "window": "lifetime"},
                         "gross": {"measure": "gross_spend", "window": "lifetime"},
                         "n": {"measure": "purchase_count", "window": "lifetime"})",
                      R"({"metric": "net", "above": -20})"),
            "customer_id,date,type,amount\n"
            "a,2025-01-01,purchase,100.00\n"
            "a,2025-01-02,purchase,50.00\n"
            "a,2025-01-03,return,30.00\n"
            "b,2025-01-01,purchase,10.00\n"
            "b,2025-01-02,return,25.00\n");
  CHECK(f.metric("a", "2025-01-03", "net") == 12000);
  CHECK(f.metric("a", "2025-01-03", "gross") == 15000);
  CHECK(f.metric("a", "2025-01-03", "n") == 2);
  CHECK(f.metric("b", "2025-01-03", "net") == -1500);
  CHECK(f.metric("b", "2025-01-03", "gross") == 1000);
  // A negative threshold: -15.00 > -20.00, so b is Up.
  CHECK(f.tier("b", "2025-01-03") == 1);
  // The CSV writes the negative amount in major units.
  CHECK(f.csv("2025-01-03").find("\nb,true,Up,1,,1.0000,,-15.00,10.00,1\n") != std::string::npos);
}

TEST_CASE("engagement points sum the listed kinds and an unlisted kind scores 0", "[metrics][engagement]") {
  // engagement {review: 5, referral: 10}. Events: review, review, referral,
  // newsletter_signup (unlisted), social_share (unlisted), purchase (not engagement).
  // 5 + 5 + 10 + 0 + 0 = 20.
  Fixture f(two_tiers(R"("eng": {"measure": "engagement_points", "window": "lifetime"})",
                      R"({"metric": "eng", "above": 19})", R"("engagement": {"review": 5, "referral": 10}, )"),
            "customer_id,date,type,amount\n"
            "a,2025-01-01,review,\n"
            "a,2025-01-02,review,\n"
            "a,2025-01-03,referral,\n"
            "a,2025-01-04,newsletter_signup,\n"
            "a,2025-01-05,social_share,\n"
            "a,2025-01-06,purchase,50.00\n"
            "b,2025-01-01,social_share,\n");
  CHECK(f.metric("a", "2025-01-06", "eng") == 20);
  CHECK(f.tier("a", "2025-01-06") == 1); // 20 > 19
  CHECK(f.metric("b", "2025-01-06", "eng") == 0);
  CHECK(f.tier("b", "2025-01-06") == 0);
}

TEST_CASE("event_count counts raw events of its kind without the qualify delay", "[metrics][event_count]") {
  // qualify_delay_days 30. Purchases on 01-01 and 01-10, return on 01-12, a
  // newsletter_signup on 01-05. At D = 2025-01-15:
  //   purchase_count: 01-01 + 30 = 01-31 > D and 01-10 + 30 > D -> 0
  //   event_count purchase: 2 (raw); event_count return: 1;
  //   event_count newsletter_signup: 1; event_count referral (never seen): 0.
  Fixture f(two_tiers(R"("n": {"measure": "purchase_count", "window": "lifetime"},
                         "raw": {"measure": "event_count", "kind": "purchase", "window": "lifetime"},
                         "ret": {"measure": "event_count", "kind": "return", "window": "lifetime"},
                         "news": {"measure": "event_count", "kind": "newsletter_signup", "window": {"days": 30}},
                         "refs": {"measure": "event_count", "kind": "referral", "window": "lifetime"})",
                      R"({"metric": "raw", "at_least": 2})", R"("qualify_delay_days": 30, )"),
            "customer_id,date,type,amount\n"
            "a,2025-01-01,purchase,5.00\n"
            "a,2025-01-05,newsletter_signup,\n"
            "a,2025-01-10,purchase,5.00\n"
            "a,2025-01-12,return,5.00\n");
  CHECK(f.metric("a", "2025-01-15", "n") == 0);
  CHECK(f.metric("a", "2025-01-15", "raw") == 2);
  CHECK(f.metric("a", "2025-01-15", "ret") == 1);
  CHECK(f.metric("a", "2025-01-15", "news") == 1);
  CHECK(f.metric("a", "2025-01-15", "refs") == 0);
  CHECK(f.tier("a", "2025-01-15") == 1);
  // 30-day window [D-29, D]: at D = 2025-02-04 the newsletter of 01-05 is out
  // (01-05 = D-30), and the purchases now count (01-01+30 = 01-31 <= D, 01-10+30 = 02-09 > D: 1).
  CHECK(f.metric("a", "2025-02-04", "news") == 0);
  CHECK(f.metric("a", "2025-02-04", "n") == 1);
}

TEST_CASE("tenure_days counts from the first event with automatic enrollment", "[metrics][tenure]") {
  // First event: a purchase on 2024-11-01. D = 2025-01-31:
  // Nov has 30 days -> 2024-12-01 is +30, 2025-01-01 is +61, 2025-01-31 is +91.
  // The window {"days": 10} is ignored for tenure_days.
  Fixture f(two_tiers(R"("tenure": {"measure": "tenure_days", "window": {"days": 10}})",
                      R"({"metric": "tenure", "at_least": 91})"),
            "customer_id,date,type,amount\n"
            "a,2024-11-01,purchase,1.00\n"
            "a,2024-12-01,join,\n"
            "b,2025-01-31,leave,\n");
  CHECK(f.metric("a", "2025-01-31", "tenure") == 91);
  CHECK(f.tier("a", "2025-01-31") == 1);
  CHECK(f.metric("a", "2025-01-30", "tenure") == 90);
  CHECK(f.tier("a", "2025-01-30") == 0);
  CHECK(f.metric("a", "2024-11-01", "tenure") == 0);
  // A leave is an event too: b's first event is D itself -> 0.
  CHECK(f.metric("b", "2025-01-31", "tenure") == 0);
}

TEST_CASE("tenure_days counts from the first join with required enrollment", "[metrics][tenure][enrollment]") {
  // Same events, enrollment required: first join 2024-12-01; D = 2025-01-31 -> 31 + 30 = 61.
  // c has never joined: tenure 0 (and not enrolled).
  Fixture f(two_tiers(R"("tenure": {"measure": "tenure_days"})", R"({"metric": "tenure", "at_least": 61})",
                      R"("enrollment": "required", )"),
            "customer_id,date,type,amount\n"
            "a,2024-11-01,purchase,1.00\n"
            "a,2024-12-01,join,\n"
            "a,2025-01-05,join,\n"
            "c,2024-11-01,purchase,1.00\n");
  CHECK(f.metric("a", "2025-01-31", "tenure") == 61);
  CHECK(f.tier("a", "2025-01-31") == 1);
  CHECK(f.metric("c", "2025-01-31", "tenure") == 0);
  CHECK_FALSE(f.status("c", "2025-01-31").enrolled);
}

TEST_CASE("required enrollment counts metrics from the first join and membership from the last join or leave",
          "[enrollment]") {
  // Up: spend (lifetime net) at least 100. Events of a:
  //   01-01 purchase 50.00   before the first join: never counted
  //   01-10 purchase 30.00   same day as the join, row before it: counted (by day)
  //   01-10 join
  //   02-01 purchase 40.00
  //   03-01 leave
  //   03-15 purchase 60.00   while out: counted (a leave resets nothing)
  //   04-01 join
  //  D          | in program?                 | spend           | tier
  //  2025-01-09 | no join yet                 | 0 (no join)     | -1
  //  2025-01-10 | join on D                   | 30.00           | Base
  //  2025-02-01 | yes                         | 30+40 = 70.00   | Base
  //  2025-03-01 | leave on D                  | 70.00           | -1
  //  2025-03-15 | no                          | 70+60 = 130.00  | -1
  //  2025-04-01 | rejoined                    | 130.00          | Up (from the FIRST join;
  //             |                             |                 |  from the last join it would be 0)
  Fixture f(two_tiers(kSpendLifetime, R"({"metric": "spend", "at_least": 100})", R"("enrollment": "required", )"),
            "customer_id,date,type,amount\n"
            "a,2025-01-01,purchase,50.00\n"
            "a,2025-01-10,purchase,30.00\n"
            "a,2025-01-10,join,\n"
            "a,2025-02-01,purchase,40.00\n"
            "a,2025-03-01,leave,\n"
            "a,2025-03-15,purchase,60.00\n"
            "a,2025-04-01,join,\n");
  auto [d, enrolled, spend, tier] = GENERATE(table<std::string, bool, int64_t, int>({
      {"2025-01-09", false, 0, -1},
      {"2025-01-10", true, 3000, 0},
      {"2025-02-01", true, 7000, 0},
      {"2025-03-01", false, 7000, -1},
      {"2025-03-15", false, 13000, -1},
      {"2025-04-01", true, 13000, 1},
  }));
  CAPTURE(d);
  auto row = f.must_row("a", d); // listed on every one of these days
  CHECK(row.status.enrolled == enrolled);
  CHECK(row.metrics[0] == spend);
  CHECK(row.status.tier == tier);
  if (!enrolled) {
    CHECK(row.status.next_tier == -1);
    CHECK_FALSE(row.status.held_until.has_value());
  }
}

TEST_CASE("join and leave on the same day apply in file order", "[enrollment]") {
  // x: joined 01-01; on 02-01 leave then join -> in.  y: joined 01-01; on 02-01 join then leave -> out.
  Fixture f(two_tiers(kSpendLifetime, R"({"metric": "spend", "at_least": 100})", R"("enrollment": "required", )"),
            "customer_id,date,type,amount\n"
            "x,2025-01-01,join,\n"
            "x,2025-02-01,leave,\n"
            "x,2025-02-01,join,\n"
            "y,2025-01-01,join,\n"
            "y,2025-02-01,join,\n"
            "y,2025-02-01,leave,\n");
  CHECK(f.status("x", "2025-02-01").enrolled);
  CHECK(f.status("x", "2025-02-01").tier == 0);
  CHECK_FALSE(f.status("y", "2025-02-01").enrolled);
  CHECK(f.status("y", "2025-02-01").tier == -1);
  // The day before, both are in.
  CHECK(f.status("y", "2025-01-31").enrolled);
}

TEST_CASE("a customer not enrolled is listed with tier -1 and an empty tier in the CSV", "[enrollment][csv]") {
  // n never joined: metrics 0 (counted from a first join that does not exist).
  Fixture f(two_tiers(kSpendLifetime, R"({"metric": "spend", "at_least": 100})", R"("enrollment": "required", )"),
            "customer_id,date,type,amount\n"
            "n,2025-01-01,purchase,500.00\n");
  auto row = f.must_row("n", "2025-01-01");
  CHECK_FALSE(row.status.enrolled);
  CHECK(row.status.tier == -1);
  CHECK(row.metrics[0] == 0);
  std::string csv = f.csv("2025-01-01");
  // customer_id,enrolled,tier,tier_index,next_tier,...: tier empty, tier_index -1.
  CHECK(csv.find("\nn,false,,-1,") != std::string::npos);
}

TEST_CASE("automatic enrollment ignores join and leave for membership", "[enrollment]") {
  // a: purchase 200.00 on 01-01 then leave on 01-05 -> still enrolled, Up.
  // b: only a leave -> listed, enrolled, Base.
  // c: purchase 150.00 on 01-01 before a join on 01-03 -> the purchase counts.
  Fixture f(two_tiers(kSpendLifetime, R"({"metric": "spend", "at_least": 100})"), "customer_id,date,type,amount\n"
                                                                                  "a,2025-01-01,purchase,200.00\n"
                                                                                  "a,2025-01-05,leave,\n"
                                                                                  "b,2025-01-02,leave,\n"
                                                                                  "c,2025-01-01,purchase,150.00\n"
                                                                                  "c,2025-01-03,join,\n");
  CHECK(f.status("a", "2025-01-05").enrolled);
  CHECK(f.tier("a", "2025-01-05") == 1);
  CHECK(f.status("b", "2025-01-05").enrolled);
  CHECK(f.tier("b", "2025-01-05") == 0);
  CHECK(f.metric("c", "2025-01-05", "spend") == 15000);
  CHECK(f.tier("c", "2025-01-05") == 1);
}

TEST_CASE("a delayed purchase counts only once t plus H is on or before D", "[metrics][delay]") {
  // H = 14; purchase 150.00 on 2025-01-01: counts from 01-01 + 14 = 01-15.
  //   D = 01-14: spend 0, gross 0, count 0, Base;  D = 01-15: 150.00, 150.00, 1, Up.
  Fixture f(two_tiers(R"("spend": {"measure": "net_spend", "window": "lifetime"},
                         "gross": {"measure": "gross_spend", "window": "lifetime"},
                         "n": {"measure": "purchase_count", "window": "lifetime"},
                         "tenure": {"measure": "tenure_days"})",
                      R"({"metric": "spend", "above": 100})", R"("qualify_delay_days": 14, )"),
            "customer_id,date,type,amount\n"
            "a,2025-01-01,purchase,150.00\n");
  auto [d, spend, n, tier] = GENERATE(table<std::string, int64_t, int64_t, int>({
      {"2025-01-01", 0, 0, 0},
      {"2025-01-14", 0, 0, 0},
      {"2025-01-15", 15000, 1, 1},
      {"2025-03-01", 15000, 1, 1},
  }));
  CAPTURE(d);
  CHECK(f.metric("a", d, "spend") == spend);
  CHECK(f.metric("a", d, "gross") == spend);
  CHECK(f.metric("a", d, "n") == n);
  CHECK(f.tier("a", d) == tier);
  // tenure is not delayed: from the purchase day. 01-14 - 01-01 = 13.
  CHECK(f.metric("a", "2025-01-14", "tenure") == 13);
}

TEST_CASE("a delayed purchase returned inside the delay nets out and the return counts on its date",
          "[metrics][delay]") {
  // H = 14. Purchase 150.00 on 01-01, returned (150.00) on 01-05.
  //  D     | purchase counted? | net             | gross
  //  01-04 | no                | 0               | 0
  //  01-05 | no                | -150.00         | 0      (the return counts on its own date)
  //  01-14 | no                | -150.00         | 0
  //  01-15 | yes               | 150 - 150 = 0   | 150.00
  Fixture f(two_tiers(R"("spend": {"measure": "net_spend", "window": "lifetime"},
                         "gross": {"measure": "gross_spend", "window": "lifetime"})",
                      R"({"metric": "spend", "above": 100})", R"("qualify_delay_days": 14, )"),
            "customer_id,date,type,amount\n"
            "a,2025-01-01,purchase,150.00\n"
            "a,2025-01-05,return,150.00\n");
  auto [d, net, gross] = GENERATE(table<std::string, int64_t, int64_t>({
      {"2025-01-04", 0, 0},
      {"2025-01-05", -15000, 0},
      {"2025-01-14", -15000, 0},
      {"2025-01-15", 0, 15000},
  }));
  CAPTURE(d);
  CHECK(f.metric("a", d, "spend") == net);
  CHECK(f.metric("a", d, "gross") == gross);
  CHECK(f.tier("a", d) == 0); // never above 100
}

TEST_CASE("a delayed purchase still leaves a rolling window by its own date", "[metrics][delay][window]") {
  // H = 14, window 30 days. Purchase 20.00 on 01-01 counts when 01-15 <= D and
  // 01-01 >= D-29, i.e. D in [01-15, 01-30].
  Fixture f(two_tiers(R"("spend": {"measure": "net_spend", "window": {"days": 30}})",
                      R"({"metric": "spend", "above": 10})", R"("qualify_delay_days": 14, )"),
            "customer_id,date,type,amount\na,2025-01-01,purchase,20.00\n");
  CHECK(f.metric("a", "2025-01-14", "spend") == 0);
  CHECK(f.metric("a", "2025-01-15", "spend") == 2000);
  CHECK(f.metric("a", "2025-01-30", "spend") == 2000);
  CHECK(f.metric("a", "2025-01-31", "spend") == 0);
}

TEST_CASE("only customers with an event on or before D are listed and later events are ignored",
          "[evaluate][listing]") {
  // a: purchase 10.00 on 01-01 and 500.00 on 02-01; b: only 02-01.
  // At D = 01-15: a listed with spend 10.00 (the 500.00 is after D), b not listed.
  Fixture f(two_tiers(kSpendLifetime, R"({"metric": "spend", "above": 100})"), "customer_id,date,type,amount\n"
                                                                               "a,2025-01-01,purchase,10.00\n"
                                                                               "a,2025-02-01,purchase,500.00\n"
                                                                               "b,2025-02-01,purchase,1.00\n");
  CHECK_FALSE(f.row("b", "2025-01-15").has_value());
  CHECK(f.metric("a", "2025-01-15", "spend") == 1000);
  CHECK(f.tier("a", "2025-01-15") == 0);
  CHECK(f.row("b", "2025-02-01").has_value());
  CHECK(f.tier("a", "2025-02-01") == 1);
  // Nobody before the first event.
  CHECK(evaluate(f.program, f.im.log, day("2024-12-31")).rows.empty());
  // The as-of default is the last event date.
  CHECK(format_day(default_as_of(f.im.log)) == "2025-02-01");
}

TEST_CASE("a higher tier does not need a lower tier's condition", "[evaluate][tiers]") {
  // Silver: spend at least 100; Gold: orders at least 3. Three purchases of
  // 1.00: spend 3.00 fails Silver, orders 3 passes Gold -> Gold (index 2).
  Fixture f(
      program_json(R"("metrics": {"spend": {"measure": "net_spend", "window": "lifetime"},
                                        "orders": {"measure": "purchase_count", "window": "lifetime"}},
                            "tiers": [{"name": "Bronze"},
                                      {"name": "Silver", "qualify": {"metric": "spend", "at_least": 100}},
                                      {"name": "Gold", "qualify": {"metric": "orders", "at_least": 3}}])"),
      "customer_id,date,type,amount\na,2025-01-01,purchase,1\na,2025-01-02,purchase,1\na,2025-01-03,purchase,1\n");
  CHECK(f.tier("a", "2025-01-03") == 2);
  CHECK(f.status("a", "2025-01-03").next_tier == -1);
}

TEST_CASE("money metrics use the program currency's minor units", "[metrics][money]") {
  // JPY: 1500 yen = 1500 minor units; above 1000 -> Up. KWD: 1.250 = 1250 fils.
  Fixture jpy(two_tiers(kSpendLifetime, R"({"metric": "spend", "above": 1000})", "", "JPY"),
              "customer_id,date,type,amount\na,2025-01-01,purchase,1500\n");
  CHECK(jpy.metric("a", "2025-01-01", "spend") == 1500);
  CHECK(jpy.tier("a", "2025-01-01") == 1);
  CHECK(jpy.csv("2025-01-01") == "customer_id,enrolled,tier,tier_index,next_tier,progress,held_until,spend\n"
                                 "a,true,Up,1,,1.0000,,1500\n");
  Fixture kwd(two_tiers(kSpendLifetime, R"({"metric": "spend", "above": 1.5})", "", "KWD"),
              "customer_id,date,type,amount\na,2025-01-01,purchase,1.250\n");
  CHECK(kwd.metric("a", "2025-01-01", "spend") == 1250);
  // 1.250 / 1.501 -> 1250/1501 = 0.83277... -> 0.8328
  CHECK(kwd.csv("2025-01-01") == "customer_id,enrolled,tier,tier_index,next_tier,progress,held_until,spend\n"
                                 "a,true,Base,0,Up,0.8328,,1.250\n");
}
