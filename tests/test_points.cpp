// Spec §4: points earning, take-back, FIFO lots, expiry, forgiven take-backs
// and rejected redeems.
#include "helpers.hpp"

using namespace tt;

namespace {

std::string points_program(const std::string& points, const std::string& extra = "") {
  return program_json(extra + R"("metrics": {"spend": {"measure": "net_spend", "window": "lifetime"}},
                                 "tiers": [{"name": "Base"}], "points": )" +
                      points);
}

const std::string kTen =
    R"({"per_currency_unit": 10, "per_event": {"referral": 100, "social_share": 5}, "expire_after_days": 30})";

} // namespace

TEST_CASE("a purchase earns floor of amount times per_currency_unit", "[points]") {
  // 10 per unit: 12.39 -> 123.9 -> 123; 0.09 -> 0.9 -> 0; 5.00 -> 50.
  // 2.5 per unit: 10.01 -> 25.025 -> 25; 0.39 -> 0.975 -> 0.
  auto [rate, amount, earned] = GENERATE(table<std::string, std::string, int64_t>({
      {"10", "12.39", 123},
      {"10", "0.09", 0},
      {"10", "5.00", 50},
      {"2.5", "10.01", 25},
      {"2.5", "0.39", 0},
      {"0.1", "99.99", 9}, // 9.999 -> 9
      // Beyond 32 bits (the 128-bit path): 3,000,000,001 cents x 10 / 100;
      // 2^31 cents x 2.5 = 53,687,091.2; a rate of 5e9 on 3 cents; 10^10
      // cents x 10^6 per unit: 10^22 before the division (beyond 64 bits) -> 10^14.
      {"10", "30000000.01", 300000000},
      {"2.5", "21474836.48", 53687091},
      {"5000000000", "0.03", 150000000},
      {"1000000", "100000000.00", 100000000000000},
  }));
  CAPTURE(rate, amount);
  Fixture f(points_program(R"({"per_currency_unit": )" + rate + "}"),
            "customer_id,date,type,amount\na,2025-01-01,purchase," + amount + "\n");
  PointsState s = f.points("a", "2025-01-01");
  CHECK(s.earned == earned);
  CHECK(s.balance == earned);
}

TEST_CASE("points beyond 2^53 - 1 are refused with the customer and day, never wrapped", "[points][limits]") {
  // 10^12 cents x 10^8 per unit = 10^18 points from one purchase: beyond kMaxValue.
  Fixture one(points_program(R"({"per_currency_unit": 100000000})"),
              "customer_id,date,type,amount\na,2025-01-01,purchase,10000000000.00\n");
  CHECK_THROWS_WITH(one.points("a", "2025-01-01"),
                    "customer \"a\": points on 2025-01-01 are beyond the supported range (at most 9007199254740991)");
  // Two purchases of 9,000,000.00 at 10^6 per unit: 9 x 10^12 points each,
  // within the range alone (the balance 1.8 x 10^13 too); at 10^9 per unit
  // each is 9 x 10^15 (within) and the balance 1.8 x 10^16 is not.
  const std::string two =
      "customer_id,date,type,amount\nb,2025-01-01,purchase,9000000.00\nb,2025-01-02,purchase,9000000.00\n";
  Fixture ok(points_program(R"({"per_currency_unit": 1000000})"), two);
  CHECK(ok.points("b", "2025-01-02").balance == 18000000000000);
  Fixture over(points_program(R"({"per_currency_unit": 1000000000})"), two);
  CHECK(over.points("b", "2025-01-01").balance == 9000000000000000);
  CHECK_THROWS_WITH(over.points("b", "2025-01-02"),
                    "customer \"b\": points on 2025-01-02 are beyond the supported range (at most 9007199254740991)");
}

TEST_CASE("a purchase earns floor points in a zero digit currency", "[points]") {
  // JPY, 0.5 per yen: 1001 yen -> 500.5 -> 500.
  Fixture jpy(
      program_json(R"("metrics": {}, "tiers": [{"name": "Base"}], "points": {"per_currency_unit": 0.5})", "JPY"),
      "customer_id,date,type,amount\na,2025-01-01,purchase,1001\n");
  CHECK(jpy.points("a", "2025-01-01").balance == 500);
}

TEST_CASE("engagement events earn per_event points and unlisted kinds earn none", "[points]") {
  // referral 100 + social_share 5 + review 0 = 105.
  Fixture f(points_program(kTen),
            "customer_id,date,type,amount\na,2025-01-01,referral,\na,2025-01-02,social_share,\na,2025-01-03,review,\n");
  PointsState s = f.points("a", "2025-01-03");
  CHECK(s.earned == 105);
  CHECK(s.balance == 105);
}

TEST_CASE("a return takes back floor of amount times per_currency_unit", "[points]") {
  // Purchase 20.00 -> 200; return 5.55 -> 55.5 -> 55 taken back. Balance 145.
  Fixture f(points_program(kTen),
            "customer_id,date,type,amount\na,2025-01-01,purchase,20.00\na,2025-01-02,return,5.55\n");
  PointsState s = f.points("a", "2025-01-02");
  CHECK(s.taken_back == 55);
  CHECK(s.forgiven == 0);
  CHECK(s.balance == 145);
}

TEST_CASE("redemptions consume the oldest lots first", "[points][fifo]") {
  // E = 30. Lot 1: 10.00 on 01-01 -> 100 points, expires at the start of 01-31.
  //         Lot 2: 20.00 on 01-20 -> 200 points, expires at the start of 02-19.
  // Redeem 150 on 01-25: FIFO takes 100 from lot 1 and 50 from lot 2 -> lot 2 has 150.
  //  01-30: balance 150.   01-31: lot 1 is empty already: still 150.
  //  (Newest-first would leave lot 1 = 100, lot 2 = 50 -> 50 at 01-31.)
  //  02-18: 150.   02-19: lot 2 expires -> 0, expired 150.
  Fixture f(points_program(kTen), "customer_id,date,type,amount\n"
                                  "a,2025-01-01,purchase,10.00\n"
                                  "a,2025-01-20,purchase,20.00\n"
                                  "a,2025-01-25,redeem,150\n");
  CHECK(f.points("a", "2025-01-25").balance == 150);
  CHECK(f.points("a", "2025-01-31").balance == 150);
  CHECK(f.points("a", "2025-02-18").balance == 150);
  PointsState s = f.points("a", "2025-02-19");
  CHECK(s.balance == 0);
  CHECK(s.expired == 150);
  CHECK(s.redeemed == 150);
  CHECK(s.earned == 300);
}

TEST_CASE("take-backs consume the oldest lots first", "[points][fifo]") {
  // Lot 1: 100 on 01-01 (expires 01-31); lot 2: 200 on 01-20 (expires 02-19).
  // Return 15.00 on 01-25 takes back 150: lot 1 -> 0, lot 2 -> 150.
  //  01-31: 150 (lot 1 was empty).  02-19: 0.
  Fixture f(points_program(kTen), "customer_id,date,type,amount\n"
                                  "a,2025-01-01,purchase,10.00\n"
                                  "a,2025-01-20,purchase,20.00\n"
                                  "a,2025-01-25,return,15.00\n");
  CHECK(f.points("a", "2025-01-31").balance == 150);
  CHECK(f.points("a", "2025-02-19").balance == 0);
  CHECK(f.points("a", "2025-02-19").expired == 150);
}

TEST_CASE("a lot expires at the start of day t plus expire_after_days", "[points][expiry]") {
  // 10.00 on 2025-01-01 -> 100 points; E = 30 -> gone from 2025-01-31 (01-01 + 30).
  //  a: at 01-30 the balance is 100; at 01-31 it is 0 (expired 100).
  //  b: redeem 100 on 01-30 is applied (balance 0, redeemed 100).
  //  c: redeem 100 on 01-31 is rejected: the lot expired at the start of that day.
  Fixture f(points_program(kTen), "customer_id,date,type,amount\n"
                                  "a,2025-01-01,purchase,10.00\n"
                                  "b,2025-01-01,purchase,10.00\n"
                                  "b,2025-01-30,redeem,100\n"
                                  "c,2025-01-01,purchase,10.00\n"
                                  "c,2025-01-31,redeem,100\n");
  CHECK(f.points("a", "2025-01-30").balance == 100);
  PointsState a = f.points("a", "2025-01-31");
  CHECK(a.balance == 0);
  CHECK(a.expired == 100);
  REQUIRE(f.points("a", "2025-01-30").lots.size() == 1);
  CHECK(f.points("a", "2025-01-30").lots[0].expires_on == day("2025-01-31"));
  PointsState b = f.points("b", "2025-01-31");
  CHECK(b.redeemed == 100);
  CHECK(b.rejected_redeems == 0);
  CHECK(b.expired == 0);
  CHECK(b.balance == 0);
  PointsState c = f.points("c", "2025-01-31");
  CHECK(c.rejected_redeems == 1);
  CHECK(c.rejected_points == 100);
  CHECK(c.redeemed == 0);
  CHECK(c.expired == 100);
  CHECK(c.balance == 0);
}

TEST_CASE("a take-back larger than the balance is forgiven and counted", "[points]") {
  // 10.00 -> 100; redeem 80 -> 20 left; return 10.00 takes back 100: 20 taken, 80 forgiven.
  Fixture f(points_program(kTen), "customer_id,date,type,amount\n"
                                  "a,2025-01-01,purchase,10.00\n"
                                  "a,2025-01-02,redeem,80\n"
                                  "a,2025-01-03,return,10.00\n");
  PointsState s = f.points("a", "2025-01-03");
  CHECK(s.taken_back == 20);
  CHECK(s.forgiven == 80);
  CHECK(s.balance == 0);
  CHECK(s.redeemed == 80);
}

TEST_CASE("a redeem larger than the balance is rejected and not applied", "[points]") {
  // 10.00 -> 100; redeem 150 rejected (100 stays); redeem 100 (equal) applied -> 0.
  Fixture f(points_program(kTen), "customer_id,date,type,amount\n"
                                  "a,2025-01-01,purchase,10.00\n"
                                  "a,2025-01-02,redeem,150\n"
                                  "a,2025-01-03,redeem,100\n");
  PointsState s2 = f.points("a", "2025-01-02");
  CHECK(s2.balance == 100);
  CHECK(s2.rejected_redeems == 1);
  CHECK(s2.rejected_points == 150);
  CHECK(s2.redeemed == 0);
  PointsState s3 = f.points("a", "2025-01-03");
  CHECK(s3.balance == 0);
  CHECK(s3.redeemed == 100);
  CHECK(s3.rejected_redeems == 1);
}

TEST_CASE("points ignore enrollment and the qualify delay", "[points][enrollment][delay]") {
  // Required enrollment, H = 14, nobody joined: a purchase of 7.00 on 01-01 earns 70 on 01-01.
  Fixture f(points_program(kTen, R"("enrollment": "required", "qualify_delay_days": 14, )"),
            "customer_id,date,type,amount\na,2025-01-01,purchase,7.00\n");
  CHECK(f.points("a", "2025-01-01").balance == 70);
  CHECK(f.metric("a", "2025-01-01", "spend") == 0);
  // The CSV prints the balance after the metric columns.
  CHECK(f.csv("2025-01-01") ==
        "customer_id,enrolled,tier,tier_index,next_tier,progress,held_until,spend,points_balance\n"
        "a,false,,-1,,,,0.00,70\n");
}

TEST_CASE("points without expiry never expire", "[points][expiry]") {
  Fixture f(points_program(R"({"per_currency_unit": 1})"),
            "customer_id,date,type,amount\na,2020-01-01,purchase,12.00\n");
  PointsState s = f.points("a", "2030-01-01");
  CHECK(s.balance == 12);
  CHECK(s.expired == 0);
}

TEST_CASE("a full points history adds up to the balance", "[points]") {
  // E = 30, 10 per unit, referral 100.
  //  01-01 purchase 12.34 -> +123 (lot A 123, expires 01-31)
  //  01-05 referral       -> +100 (lot B 100, expires 02-04)
  //  01-10 redeem 150     -> A 0, B 73                     balance 73
  //  01-20 purchase 3.00  -> +30 (lot C 30, expires 02-19)  balance 103
  //  01-25 return 12.34   -> take back 123: B 73 + C 30 = 103 taken, 20 forgiven; balance 0
  //  02-01 redeem 1       -> rejected (balance 0)
  //  02-02 purchase 50.00 -> +500 (lot D, expires 03-04)     balance 500
  //  03-04: D expires -> 0; expired 500.
  Fixture f(points_program(R"({"per_currency_unit": 10, "per_event": {"referral": 100}, "expire_after_days": 30})"),
            "customer_id,date,type,amount\n"
            "a,2025-01-01,purchase,12.34\n"
            "a,2025-01-05,referral,\n"
            "a,2025-01-10,redeem,150\n"
            "a,2025-01-20,purchase,3.00\n"
            "a,2025-01-25,return,12.34\n"
            "a,2025-02-01,redeem,1\n"
            "a,2025-02-02,purchase,50.00\n");
  PointsState s = f.points("a", "2025-03-03");
  CHECK(s.earned == 123 + 100 + 30 + 500);
  CHECK(s.redeemed == 150);
  CHECK(s.taken_back == 103);
  CHECK(s.forgiven == 20);
  CHECK(s.rejected_redeems == 1);
  CHECK(s.expired == 0);
  CHECK(s.balance == 500);
  // earned - redeemed - taken_back - expired = balance: 753 - 150 - 103 - 0 = 500.
  CHECK(s.earned - s.redeemed - s.taken_back - s.expired == s.balance);
  PointsState t = f.points("a", "2025-03-04");
  CHECK(t.expired == 500);
  CHECK(t.balance == 0);
}

TEST_CASE("events of one day apply in file order for points", "[points]") {
  // a: redeem 50 then purchase 10.00 on the same day: the redeem comes first and
  //    finds a balance of 0 -> rejected; balance 100.
  // b: purchase then redeem: 100 - 50 = 50.
  Fixture f(points_program(kTen), "customer_id,date,type,amount\n"
                                  "a,2025-01-01,redeem,50\n"
                                  "a,2025-01-01,purchase,10.00\n"
                                  "b,2025-01-01,purchase,10.00\n"
                                  "b,2025-01-01,redeem,50\n");
  PointsState a = f.points("a", "2025-01-01");
  CHECK(a.rejected_redeems == 1);
  CHECK(a.balance == 100);
  PointsState b = f.points("b", "2025-01-01");
  CHECK(b.rejected_redeems == 0);
  CHECK(b.balance == 50);
}
