// One shopper's view (tierlab/customer.hpp) and the cart preview, against
// hand-worked answers: the cart is a purchase on as_of, evaluated on the day
// it starts to count.
#include "helpers.hpp"

#include "tierlab/customer.hpp"

using namespace tt;

namespace {

// Gold at 250.00 of net spend in a rolling window of `days`; 10 points a unit; qualify delay `delay`.
std::string gold_program(int days, int delay) {
  return program_json(R"("qualify_delay_days": )" + std::to_string(delay) + R"(,
      "metrics": {"spend": {"measure": "net_spend", "window": {"days": )" +
                      std::to_string(days) + R"(}},
                  "orders": {"measure": "purchase_count", "window": "lifetime"}},
      "tiers": [{"name": "Member"}, {"name": "Gold", "qualify": {"metric": "spend", "at_least": 250}}],
      "points": {"per_currency_unit": 10, "expire_after_days": 30})");
}

uint32_t index_of(const EventLog& log, const std::string& id) {
  for (uint32_t c = 0; c < log.customers(); ++c)
    if (log.customer_ids[c] == id) return c;
  FAIL("no customer " << id);
  return 0;
}

} // namespace

TEST_CASE("the view from history: tier, qualified tier, points and the next expiry", "[customer]") {
  // ann: 100.00 on 1 Mar and 50.00 on 5 Mar: 1,000 + 500 points expiring 31 Mar and 4 Apr.
  const Program p = parse_program(gold_program(365, 0));
  const Import im =
      import_csv("customer_id,date,type,amount\nann,2025-03-01,purchase,100.00\nann,2025-03-05,purchase,50.00\n"
                 "bob,2025-03-02,purchase,300.00\n");
  const CustomerView v = customer_view(p, im.log, index_of(im.log, "ann"), day("2025-03-10"));
  CHECK(v.listed);
  CHECK(v.customer_id == "ann");
  CHECK(v.metrics == std::vector<int64_t>{15000, 2});
  CHECK(v.status.tier == 0);
  CHECK(v.qualified == 0);
  CHECK(compare(v.status.progress, Fraction{15000, 25000}) == 0);
  REQUIRE(v.points);
  CHECK(v.points->balance == 1500);
  REQUIRE(v.next_expiry());
  CHECK(format_day(v.next_expiry()->on) == "2025-03-31");
  CHECK(v.next_expiry()->points == 1000);
  // A shopper not in the log is a new member at the floor.
  const CustomerView nobody = customer_view(p, im.log, std::nullopt, day("2025-03-10"));
  CHECK_FALSE(nobody.listed);
  CHECK(nobody.status.enrolled);
  CHECK(nobody.status.tier == 0);
}

TEST_CASE("a cart preview without a delay: today's history plus the cart", "[customer][cart]") {
  // ann has 150.00; a cart of 100.00 makes 250.00: Gold, 1,000 points.
  const Program p = parse_program(gold_program(365, 0));
  const Import im =
      import_csv("customer_id,date,type,amount\nann,2025-03-01,purchase,100.00\nann,2025-03-05,purchase,50.00\n");
  const uint32_t ann = index_of(im.log, "ann");
  const CustomerView v = customer_view(p, im.log, ann, day("2025-03-10"));
  const auto pre = cart_preview(p, v, 10000, &im.log, ann);
  REQUIRE(pre);
  CHECK_FALSE(pre->counts_from);
  CHECK(pre->metrics == std::vector<int64_t>{25000, 3});
  CHECK(pre->after.tier == 1);
  CHECK(pre->upgrade);
  CHECK(pre->points_earned == 1000);
  // 99.99 leaves her 0.01 short: 24,999 / 25,000.
  const auto short_of = cart_preview(p, v, 9999, &im.log, ann);
  CHECK(short_of->after.tier == 0);
  CHECK(compare(short_of->after.progress, Fraction{24999, 25000}) == 0);
}

TEST_CASE("a cart preview with a qualify delay counts on the day the cart counts, pending purchases included",
          "[customer][cart]") {
  // Delay 14 days. ann bought 200.00 on 1 Mar (counts from 15 Mar). On 10 Mar
  // a cart of 60.00 counts from 24 Mar, when both count: 260.00, Gold.
  // (Adding the cart to today's metrics would say 60.00.)
  const Program p = parse_program(gold_program(365, 14));
  const Import im = import_csv("customer_id,date,type,amount\nann,2025-03-01,purchase,200.00\n");
  const uint32_t ann = index_of(im.log, "ann");
  const CustomerView v = customer_view(p, im.log, ann, day("2025-03-10"));
  CHECK(v.metrics[0] == 0);
  REQUIRE(v.pending.size() == 1);
  const auto pre = cart_preview(p, v, 6000, &im.log, ann);
  REQUIRE(pre);
  REQUIRE(pre->counts_from);
  CHECK(format_day(*pre->counts_from) == "2025-03-24");
  CHECK(pre->metrics[0] == 26000);
  CHECK(pre->after.tier == 1);
  CHECK(pre->upgrade);
}

TEST_CASE("a cart preview moves the window to the day the cart counts", "[customer][cart]") {
  // 30-day window, delay 10. 200.00 on 1 Jan; as of 25 Jan a cart of 100.00
  // counts on 4 Feb, whose window starts 6 Jan: the 1 Jan purchase is out.
  // 100.00 of 250.00: still a member, progress 0.4.
  const Program p = parse_program(gold_program(30, 10));
  const Import im = import_csv("customer_id,date,type,amount\nann,2025-01-01,purchase,200.00\n");
  const uint32_t ann = index_of(im.log, "ann");
  const CustomerView v = customer_view(p, im.log, ann, day("2025-01-25"));
  const auto pre = cart_preview(p, v, 10000, &im.log, ann);
  REQUIRE(pre);
  CHECK(format_day(*pre->counts_from) == "2025-02-04");
  CHECK(pre->metrics[0] == 10000);
  CHECK(pre->after.tier == 0);
  CHECK_FALSE(pre->upgrade);
  CHECK(compare(pre->after.progress, Fraction{2, 5}) == 0);
}

TEST_CASE("a new shopper's cart preview is the cart alone", "[customer][cart]") {
  const Program p = parse_program(gold_program(365, 0));
  const Import im = import_csv("customer_id,date,type,amount\nbob,2025-03-02,purchase,300.00\n");
  const CustomerView v = customer_view(p, im.log, std::nullopt, day("2025-03-10"));
  const auto pre = cart_preview(p, v, 30000, &im.log, std::nullopt);
  REQUIRE(pre);
  CHECK(pre->metrics == std::vector<int64_t>{30000, 1});
  CHECK(pre->after.tier == 1);
}

TEST_CASE("the view from metrics keeps a held tier until its hold ends", "[customer]") {
  const Program p = parse_program(gold_program(365, 0));
  MetricsInput in;
  in.values = {10000, 2};
  in.held_tier = 1;
  in.held_until = day("2025-12-31");
  in.as_of = day("2025-06-01");
  in.points_balance = 420;
  CustomerView v = customer_view(p, in);
  CHECK(v.qualified == 0);
  CHECK(v.status.tier == 1);
  CHECK(v.status.next_tier == -1);
  CHECK(format_day(*v.status.held_until) == "2025-12-31");
  CHECK(v.points->balance == 420);
  // After the hold: the qualified tier.
  in.as_of = day("2026-01-01");
  CHECK(customer_view(p, in).status.tier == 0);
  // The cart from metrics: added to spend and orders; the held tier stays.
  in.as_of = day("2025-06-01");
  const auto pre = cart_preview(p, customer_view(p, in), 5000);
  REQUIRE(pre);
  CHECK(pre->metrics == std::vector<int64_t>{15000, 3});
  CHECK(pre->after.tier == 1);
  CHECK_FALSE(pre->upgrade);
  // Not enrolled: no preview.
  in.enrolled = false;
  CHECK_FALSE(cart_preview(p, customer_view(p, in), 5000));
}
