// Notification lists (issue #21) against hand-worked answers:
// tests/data/notify/README.md has the table of the small file.
#include "helpers.hpp"

#include "notify/words.hpp"
#include "tierlab/notify.hpp"

using namespace tt;

namespace {

struct Lists {
  Program program;
  Import im;
  NotifyList list;
};

Lists lists(const std::string& program_text, const std::string& events_csv, const std::string& as_of,
            std::optional<std::string> since = std::nullopt, int within = kNotifyWithinDays) {
  Lists l{parse_program(program_text), {}, {}};
  l.im = import_csv(events_csv, l.program.currency.digits);
  NotifyOptions o;
  o.as_of = day(as_of);
  if (since) o.since = day(*since);
  o.within_days = within;
  l.list = notify(l.program, l.im.log, o);
  return l;
}

Lists small(std::optional<std::string> since = std::nullopt, int within = kNotifyWithinDays,
            const std::string& program = "tests/data/notify/program.json") {
  return lists(read_text(source_path(program)), read_text(source_path("tests/data/notify/events.csv")), "2026-03-31",
               std::move(since), within);
}

// "reason customer" of every row, in order.
std::vector<std::string> keys(const Lists& l) {
  std::vector<std::string> out;
  for (const auto& r : l.list.rows)
    out.push_back(std::string(notify_reason_name(r.reason)) + " " + l.im.log.customer_ids[r.customer]);
  return out;
}

const NotifyRow& row(const Lists& l, NotifyReason reason, const std::string& customer) {
  for (const auto& r : l.list.rows)
    if (r.reason == reason && l.im.log.customer_ids[r.customer] == customer) return r;
  FAIL("no " << notify_reason_name(reason) << " row for " << customer);
  return l.list.rows.front();
}

std::string tier(const Lists& l, int t) { return t >= 0 ? l.program.tiers[static_cast<size_t>(t)].name : "-"; }

} // namespace

TEST_CASE("notify lists every reason of the hand-worked file, by reason then customer_id") {
  const Lists l = small();
  CHECK(format_day(l.list.since) == "2026-03-24"); // D - 7
  CHECK(keys(l) == std::vector<std::string>{"downgraded bob", "near_next bob", "near_next cat", "near_next dan",
                                            "points_expiring amy", "points_expiring bob", "points_expiring cat",
                                            "points_expiring gus", "reward_available amy", "reward_available cat",
                                            "upgraded amy"});
  CHECK(l.list.counts() == std::array<int64_t, kNotifyReasons>{1, 3, 4, 2, 1});

  const NotifyRow& up = row(l, NotifyReason::Upgraded, "amy"); // Silver (150) -> Gold (350)
  CHECK(tier(l, up.previous_tier) == "Silver");
  CHECK(tier(l, up.tier) == "Gold");
  CHECK(up.message == "You've moved up to Gold (from Silver). Your benefits: 10% off every order, Free shipping and "
                      "Early access.");
  const NotifyRow& down = row(l, NotifyReason::Downgraded, "bob"); // Silver (120) -> Bronze (80 after a return)
  CHECK(tier(l, down.previous_tier) == "Silver");
  CHECK(tier(l, down.tier) == "Bronze");
  CHECK(down.message == "You're now Bronze (from Silver).");
}

TEST_CASE("notify near_next: progress >= 0.8 exactly, and what is still needed leaf by leaf") {
  const Lists l = small();
  const NotifyRow& bob = row(l, NotifyReason::NearNext, "bob"); // 80 of 100: exactly 0.8
  CHECK(tier(l, bob.next_tier) == "Silver");
  CHECK(format_fraction(bob.progress, 4) == "0.8000");
  CHECK(bob.message == "To reach Silver: Spend $20.00 more.");
  const NotifyRow& cat = row(l, NotifyReason::NearNext, "cat"); // 260 of 300; the `all` needs only orders
  CHECK(format_fraction(cat.progress, 4) == "0.8667");
  CHECK(cat.needed_text == "spend 40.00 or orders 4");
  CHECK(cat.message == "To reach Gold: Spend $40.00 more or place 4 more orders.");
  const NotifyRow& dan = row(l, NotifyReason::NearNext, "dan"); // max(0.6, min(0.8, 0.9))
  CHECK(format_fraction(dan.progress, 4) == "0.8000");
  REQUIRE(dan.needed.size() == 3);
  CHECK(dan.needed[0].remaining == 12000);
  CHECK(dan.needed[1].remaining == 1);
  CHECK(dan.needed[2].target == 20000);
  CHECK(dan.needed[2].value == 18000);
  CHECK(dan.needed[2].remaining == 2000);
  CHECK(dan.message == "To reach Gold: Spend $120.00 more or (place 1 more order and spend $20.00 more).");
  // fay (a join, nothing spent) is at 0; gus at max(110/300, min(2/5, 110/200)) = 0.4: neither is near.
  for (const auto& r : l.list.rows)
    CHECK((r.reason != NotifyReason::NearNext || l.im.log.customer_ids[r.customer] != "gus"));
}

TEST_CASE("notify points_expiring counts the lots gone in [D + 1, D + N] and the first such day") {
  const Lists l = small();
  const NotifyRow& gus = row(l, NotifyReason::PointsExpiring, "gus"); // 50 gone Apr 9, 60 gone Apr 19
  CHECK(gus.expiring_points == 110);
  CHECK(format_day(*gus.expires_on) == "2026-04-09");
  CHECK(gus.message == "110 points expire between Apr 9, 2026 and Apr 19, 2026.");
  const NotifyRow& bob = row(l, NotifyReason::PointsExpiring, "bob"); // 120 earned, 40 taken back by the return
  CHECK(bob.expiring_points == 80);
  CHECK(bob.message == "80 points expire on Apr 19, 2026.");
  // The window's ends: D + 19 is in, D + 18 leaves bob out and gus's second lot.
  const Lists l19 = small(std::nullopt, 19);
  CHECK(row(l19, NotifyReason::PointsExpiring, "bob").expiring_points == 80);
  const Lists l18 = small(std::nullopt, 18);
  CHECK(row(l18, NotifyReason::PointsExpiring, "gus").expiring_points == 50);
  CHECK(row(l18, NotifyReason::PointsExpiring, "gus").message == "50 points expire on Apr 9, 2026.");
  CHECK(l18.list.counts()[static_cast<size_t>(NotifyReason::PointsExpiring)] == 1);
}

TEST_CASE("notify reward_available: rewards the balance covers at D and did not at D0") {
  const Lists l = small();
  const NotifyRow& amy = row(l, NotifyReason::RewardAvailable, "amy"); // 0 at D0, 200 at D
  CHECK(amy.rewards == std::vector<int>{0});
  CHECK(amy.message == "You have 200 points. Available now: Tote bag.");
  const NotifyRow& cat = row(l, NotifyReason::RewardAvailable, "cat"); // not listed at D0: a balance of 0
  CHECK(cat.rewards == std::vector<int>{0, 1});
  // bob covered the Tote bag at D0 (120) and no longer does (80); gus covered it on both days.
  CHECK(l.list.counts()[static_cast<size_t>(NotifyReason::RewardAvailable)] == 2);
}

TEST_CASE("notify with since before the first event: nobody moved tier, every covered reward is new") {
  const Lists l = small(std::string("2025-12-31"));
  CHECK(keys(l) == std::vector<std::string>{"near_next bob", "near_next cat", "near_next dan", "points_expiring amy",
                                            "points_expiring bob", "points_expiring cat", "points_expiring gus",
                                            "reward_available amy", "reward_available cat", "reward_available gus"});
  // since = D: nothing moved and nothing is new.
  const Lists same_day = small(std::string("2026-03-31"));
  CHECK(same_day.list.counts() == std::array<int64_t, kNotifyReasons>{0, 3, 4, 0, 0});
}

TEST_CASE("notify on a program without points: only the tier reasons") {
  const Lists l = small(std::nullopt, kNotifyWithinDays, "tests/data/notify/program-no-points.json");
  CHECK(keys(l) ==
        std::vector<std::string>{"downgraded bob", "near_next bob", "near_next cat", "near_next dan", "upgraded amy"});
  for (const auto& r : l.list.rows) CHECK_FALSE(r.points_balance.has_value());
}

TEST_CASE("notify takes the tier evaluate keeps: retention holds bob's Silver, so no downgrade") {
  std::string text = read_text(source_path("tests/data/notify/program.json"));
  text.replace(text.find("\"currency\""), 0, "\"retention_days\": 30, ");
  const Lists l = lists(text, read_text(source_path("tests/data/notify/events.csv")), "2026-03-31");
  CHECK(l.list.counts()[static_cast<size_t>(NotifyReason::Downgraded)] == 0);
  CHECK(l.list.counts()[static_cast<size_t>(NotifyReason::Upgraded)] == 1);
  // Held at Silver, bob's progress is toward Gold (80 of 300): not near.
  for (const auto& r : l.list.rows)
    CHECK((r.reason != NotifyReason::NearNext || l.im.log.customer_ids[r.customer] != "bob"));
}

TEST_CASE("notify with enrollment required: tier reasons need membership on both days, points do not") {
  const std::string program = program_json(R"("enrollment": "required",
      "metrics": {"spend": {"measure": "net_spend", "window": "lifetime"}},
      "tiers": [{"name": "Member"}, {"name": "Gold", "qualify": {"metric": "spend", "at_least": 100}}],
      "points": {"per_currency_unit": 1, "rewards": [{"name": "Mug", "points": 50}]})");
  const std::string events = "customer_id,date,type,amount\n"
                             "ann,2026-01-01,join,\nann,2026-03-28,purchase,120.00\n" // Member -> Gold
                             "ben,2026-03-01,purchase,120.00\nben,2026-03-28,join,\n" // joined in the week: a newcomer
                             "col,2026-01-01,join,\ncol,2026-03-02,purchase,150.00\ncol,2026-03-28,leave,\n";
  const Lists l = lists(program, events, "2026-03-31");
  // ben's balance was 120 at D0 already; col left: no tier row, but the points stay his.
  CHECK(keys(l) == std::vector<std::string>{"reward_available ann", "upgraded ann"});
  const Lists from_start = lists(program, events, "2026-03-31", std::string("2026-02-01"));
  CHECK(keys(from_start) == std::vector<std::string>{"reward_available ann", "reward_available ben",
                                                     "reward_available col", "upgraded ann"});
}

TEST_CASE("notify refuses a bad locale, a since after the as-of day and a bad within, naming the option") {
  const Program p = parse_program(read_text(source_path("tests/data/notify/program.json")));
  const Import im = import_csv(read_text(source_path("tests/data/notify/events.csv")));
  NotifyOptions o;
  o.as_of = day("2026-03-31");
  o.locale = "de";
  CHECK(input_error([&] { notify(p, im.log, o); }) == "locale: expected one of en, got \"de\"");
  o.locale = "en";
  o.since = day("2026-04-01");
  CHECK(input_error([&] { notify(p, im.log, o); }) ==
        "since: the since day 2026-04-01 is after the as-of day 2026-03-31");
  o.since.reset();
  o.within_days = 0;
  try {
    notify(p, im.log, o);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.where().option == "within");
  }
}

TEST_CASE("notify's tier lists are evaluate's tiers at D0 and D, whatever the thread count") {
  const Program p = parse_program(read_text(source_path("samples/programs/kids-clothing.json")));
  const Import im = import_csv(generated(3000, 7));
  NotifyOptions o;
  o.as_of = default_as_of(im.log);
  o.since = o.as_of - 90;
  const NotifyList one = notify(p, im.log, o);
  o.threads = 3;
  CHECK(notify_csv(p, im.log, notify(p, im.log, o)) == notify_csv(p, im.log, one));

  // Independently: compare evaluate's rows at both days, and its progress with 4/5.
  const Evaluation now = evaluate(p, im.log, o.as_of), before = evaluate(p, im.log, *o.since);
  std::vector<const CustomerStatus*> then(im.log.customers(), nullptr);
  for (const auto& s : before.rows) then[s.customer] = &s;
  std::array<int64_t, kNotifyReasons> expected{};
  for (const auto& s : now.rows) {
    if (s.enrolled && s.next_tier >= 0 && compare(s.progress, Fraction{4, 5}) >= 0)
      ++expected[static_cast<size_t>(NotifyReason::NearNext)];
    const CustomerStatus* b = then[s.customer];
    if (!b || !b->enrolled || !s.enrolled) continue;
    if (s.tier > b->tier) ++expected[static_cast<size_t>(NotifyReason::Upgraded)];
    if (s.tier < b->tier) ++expected[static_cast<size_t>(NotifyReason::Downgraded)];
  }
  const auto got = one.counts();
  CHECK(got[0] == expected[0]);
  CHECK(got[1] == expected[1]);
  CHECK(got[4] == expected[4]);
  CHECK(got[1] > 0);
  CHECK(got[4] > 0);
}

TEST_CASE("notify words: money, counts and dates as the widget's en-US formats write them") {
  using namespace notify_words;
  CHECK(money({"USD", 2}, 123456789) == "$1,234,567.89");
  CHECK(money({"GBP", 2}, 4500) == "£45.00");
  CHECK(money({"JPY", 0}, 4500) == "¥4,500");
  CHECK(money({"PLN", 2}, 1200) == "PLN\u00a012.00");
  CHECK(money({"KWD", 3}, 1234567) == "KWD\u00a01,234.567");
  CHECK(count(999) == "999");
  CHECK(count(1000) == "1,000");
  CHECK(date(day("2026-12-10")) == "Dec 10, 2026");
  CHECK(date(day("2027-01-01")) == "Jan 1, 2027");
}

TEST_CASE("notify words: one phrase per measure, singular at 1") {
  const Program p = parse_program(program_json(R"("engagement": {"review": 1},
      "metrics": {"spend": {"measure": "gross_spend", "window": "lifetime"},
                  "orders": {"measure": "purchase_count", "window": "lifetime"},
                  "eng": {"measure": "engagement_points", "window": "lifetime"},
                  "days": {"measure": "tenure_days", "window": "lifetime"},
                  "reviews": {"measure": "event_count", "kind": "review", "window": "lifetime"},
                  "refs": {"measure": "event_count", "kind": "referral", "window": "lifetime"},
                  "shares": {"measure": "event_count", "kind": "social_share", "window": "lifetime"},
                  "unboxings": {"measure": "event_count", "kind": "video_unboxing", "window": "lifetime"}},
      "tiers": [{"name": "A"}])",
                                               "EUR"));
  using notify_words::leaf_phrase;
  CHECK(leaf_phrase(p, 0, 4500) == "spend €45.00 more");
  CHECK(leaf_phrase(p, 1, 1) == "place 1 more order");
  CHECK(leaf_phrase(p, 1, 2) == "place 2 more orders");
  CHECK(leaf_phrase(p, 2, 1500) == "earn 1,500 more engagement points");
  CHECK(leaf_phrase(p, 3, 1) == "stay a member 1 more day");
  CHECK(leaf_phrase(p, 4, 2) == "write 2 more reviews");
  CHECK(leaf_phrase(p, 5, 1) == "refer 1 more friend");
  CHECK(leaf_phrase(p, 6, 3) == "share 3 more times");
  CHECK(leaf_phrase(p, 7, 2) == "get 2 more video unboxing events");

  Benefits b;
  b.discount_basis_points = 250;
  b.free_shipping = true;
  b.perks = {"birthday gift"};
  CHECK(notify_words::benefit_texts(b) ==
        std::vector<std::string>{"2.5% off every order", "Free shipping", "Birthday gift"});
}

TEST_CASE("notify CSV and JSON: the columns of docs/notify.md, one reason at a time for the panels") {
  const Lists l = small();
  CHECK(notify_csv(l.program, l.im.log, l.list) == read_text(source_path("tests/data/notify/expected.csv")));
  CHECK(notify_csv(l.program, l.im.log, l.list, NotifyReason::Upgraded) ==
        "reason,customer_id,tier,previous_tier,next_tier,progress,needed,benefits,points_balance,expiring_points,"
        "expires_on,rewards,message\n"
        "upgraded,amy,Gold,Silver,,,,10% off every order; Free shipping; Early access,200,,,,\"You've moved up to Gold "
        "(from Silver). Your benefits: 10% off every order, Free shipping and Early access.\"\n");
  CHECK(notify_counts_json(l.list) ==
        R"({"downgraded":1,"near_next":3,"points_expiring":4,"reward_available":2,"upgraded":1})");
  CHECK(parse_notify_reason("near_next") == NotifyReason::NearNext);
  CHECK_FALSE(parse_notify_reason("at_risk").has_value());
}
