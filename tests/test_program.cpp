// Spec §3, §4: program JSON, its validation errors (with JSON pointers) and
// program_to_json.
#include <dirent.h>

#include <algorithm>

#include "helpers.hpp"

using namespace tt;

namespace {

// The spec §3 example with a third tier at index 2, so pointers like
// /tiers/2/qualify/any/0/above exist. `gold_spend` is the raw JSON text of
// Gold's first leaf.
std::string kids(const std::string& gold_first_leaf = R"({"metric": "spend", "above": 300})",
                 const std::string& currency = "USD", const std::string& extra = "") {
  return R"({"tierlab": 1, "name": "Little Threads Rewards", "currency": ")" + currency + R"(",
    "enrollment": "automatic", "qualify_delay_days": 0, "retention_days": 0, )" +
         extra + R"(
    "engagement": {"review": 5, "social_share": 3, "referral": 10},
    "metrics": {
      "spend":      {"measure": "net_spend",         "window": {"days": 365}},
      "orders":     {"measure": "purchase_count",    "window": {"days": 365}},
      "engagement": {"measure": "engagement_points", "window": "lifetime"}
    },
    "tiers": [
      {"name": "Bronze"},
      {"name": "Silver",
       "qualify": {"any": [{"metric": "spend", "above": 100},
                           {"metric": "orders", "at_least": 6},
                           {"metric": "engagement", "above": 10}]},
       "benefits": {"discount_percent": 5, "free_shipping": true}},
      {"name": "Gold",
       "qualify": {"any": [)" +
         gold_first_leaf + R"(,
                           {"metric": "orders", "at_least": 16},
                           {"metric": "engagement", "above": 30}]},
       "benefits": {"discount_percent": 10, "free_shipping": true, "perks": ["early access"]}}
    ]})";
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

std::string error_of(const std::string& json) {
  return input_error([&] { parse_program(json); });
}

} // namespace

TEST_CASE("the spec example program parses with thresholds in minor units", "[program]") {
  Program p = parse_program(kids());
  CHECK(p.name == "Little Threads Rewards");
  CHECK(p.currency.code == "USD");
  CHECK(p.currency.digits == 2);
  CHECK_FALSE(p.enrollment_required);
  REQUIRE(p.metrics.size() == 3);
  CHECK(p.metrics[0].name == "spend"); // program order is kept
  CHECK(p.metrics[0].measure == Measure::NetSpend);
  CHECK(p.metrics[0].window.kind == Window::Kind::Days);
  CHECK(p.metrics[0].window.days == 365);
  CHECK(p.metrics[2].window.kind == Window::Kind::Lifetime);
  REQUIRE(p.tiers.size() == 3);
  CHECK_FALSE(p.tiers[0].qualify.has_value());
  const Condition& gold = *p.tiers[2].qualify;
  CHECK(gold.op == Condition::Op::Any);
  REQUIRE(gold.children.size() == 3);
  CHECK(gold.children[0].above);
  CHECK(gold.children[0].threshold == 30000); // 300 USD = 30000 cents
  CHECK_FALSE(gold.children[1].above);
  CHECK(gold.children[1].threshold == 16);                  // a count stays a count
  CHECK(p.tiers[2].benefits.discount_basis_points == 1000); // 10% = 1000 hundredths
  CHECK(p.tiers[2].benefits.perks == std::vector<std::string>{"early access"});
}

TEST_CASE("defaults are automatic enrollment no delay no retention and no engagement", "[program]") {
  Program p = parse_program(program_json(R"("metrics": {"n": {"measure": "purchase_count", "window": "lifetime"}},
                                            "tiers": [{"name": "Only"}])"));
  CHECK_FALSE(p.enrollment_required);
  CHECK(p.qualify_delay_days == 0);
  CHECK(p.retention_days == 0);
  CHECK(p.engagement.empty());
  CHECK_FALSE(p.points.has_value());
}

TEST_CASE("money thresholds are bound by the currency's digits", "[program]") {
  // JPY has 0 digits: 300 yen = 300 minor units; KWD has 3: 300 = 300000 fils.
  CHECK(parse_program(kids(R"({"metric": "spend", "above": 300})", "JPY")).tiers[2].qualify->children[0].threshold ==
        300);
  CHECK(parse_program(kids(R"({"metric": "spend", "above": 300})", "KWD")).tiers[2].qualify->children[0].threshold ==
        300000);
  CHECK(parse_program(kids(R"({"metric": "spend", "above": 0.125})", "KWD")).tiers[2].qualify->children[0].threshold ==
        125);
}

TEST_CASE("a program error names its place with a JSON pointer", "[program][errors]") {
  auto [json, prefix] = GENERATE(table<std::string, std::string>({
      // a threshold that is a string
      {kids(R"({"metric": "spend", "above": "300"})"), "/tiers/2/qualify/any/0/above: expected a number"},
      // too many decimals for the currency: USD 2, JPY 0
      {kids(R"({"metric": "spend", "above": 300.001})"), "/tiers/2/qualify/any/0/above: "},
      {kids(R"({"metric": "spend", "above": 300.5})", "JPY"), "/tiers/2/qualify/any/0/above: "},
      // a typo key is rejected at the key itself
      {kids(R"({"metric": "spend", "at_leats": 300})"), "/tiers/2/qualify/any/0/at_leats: "},
      // an unknown metric
      {kids(R"({"metric": "spent", "above": 300})"), "/tiers/2/qualify/any/0/metric: "},
      // both or neither of at_least / above
      {kids(R"({"metric": "spend"})"), "/tiers/2/qualify/any/0: "},
      {kids(R"({"metric": "spend", "above": 1, "at_least": 2})"), "/tiers/2/qualify/any/0: "},
      // a count threshold must be whole
      {kids(R"({"metric": "orders", "at_least": 2.5})"), "/tiers/2/qualify/any/0/at_least: "},
      // an unknown currency
      {kids(R"({"metric": "spend", "above": 300})", "XYZ"), "/currency: "},
      {kids(R"({"metric": "spend", "above": 300})", "usd"), "/currency: "},
      // an unknown top-level key (typo of retention_days)
      {kids(R"({"metric": "spend", "above": 300})", "USD", R"("retention_day": 30,)"), "/retention_day: "},
      {replace(kids(), R"("retention_days": 0)", R"("retention_days": -1)"), "/retention_days: "},
      {replace(kids(), R"("retention_days": 0)", R"("retention_days": 1.5)"), "/retention_days: "},
      {replace(kids(), R"("qualify_delay_days": 0)", R"("qualify_delay_days": "7")"), "/qualify_delay_days: "},
      {replace(kids(), R"("enrollment": "automatic")", R"("enrollment": "sometimes")"), "/enrollment: "},
      {replace(kids(), R"("review": 5)", R"("review": 2.5)"), "/engagement/review: "},
      {replace(kids(), R"("discount_percent": 10)", R"("discount_percent": "10")"),
       "/tiers/2/benefits/discount_percent: "},
      {replace(kids(), R"("perks": ["early access"])", R"("perks": ["early access", 3])"),
       "/tiers/2/benefits/perks/1: "},
  }));
  std::string msg = error_of(json);
  CAPTURE(msg);
  CHECK(starts_with(msg, prefix));
}

TEST_CASE("program structure errors name the metric or tier at fault", "[program][errors]") {
  const std::string metrics = R"("metrics": {"spend": {"measure": "net_spend", "window": "lifetime"}}, )";
  auto [json, prefix] = GENERATE_COPY(table<std::string, std::string>({
      // the first tier has no qualify
      {program_json(metrics + R"("tiers": [{"name": "A", "qualify": {"metric": "spend", "above": 1}}])"),
       "/tiers/0/qualify: "},
      // every later tier has one
      {program_json(metrics + R"("tiers": [{"name": "A"}, {"name": "B"}])"), "/tiers/1"},
      // at least one tier
      {program_json(metrics + R"("tiers": [])"), "/tiers: "},
      // duplicate tier name
      {program_json(metrics + R"("tiers": [{"name": "A"}, {"name": "A", "qualify": {"metric": "spend", "above": 1}}])"),
       "/tiers/1/name: "},
      // unknown measure
      {program_json(
           R"("metrics": {"spend": {"measure": "net_spent", "window": "lifetime"}}, "tiers": [{"name": "A"}])"),
       "/metrics/spend/measure: "},
      // a metric name is a lowercase word
      {program_json(
           R"("metrics": {"Spend": {"measure": "net_spend", "window": "lifetime"}}, "tiers": [{"name": "A"}])"),
       "/metrics/Spend: "},
      // bad windows
      {program_json(
           R"("metrics": {"spend": {"measure": "net_spend", "window": {"days": 0}}}, "tiers": [{"name": "A"}])"),
       "/metrics/spend/window/days: "},
      {program_json(
           R"("metrics": {"spend": {"measure": "net_spend", "window": {"calendar": "week"}}}, "tiers": [{"name": "A"}])"),
       "/metrics/spend/window/calendar: "},
      {program_json(R"("metrics": {"spend": {"measure": "net_spend", "window": "forever"}}, "tiers": [{"name": "A"}])"),
       "/metrics/spend/window: "},
      // event_count needs its kind
      {program_json(R"("metrics": {"n": {"measure": "event_count", "window": "lifetime"}}, "tiers": [{"name": "A"}])"),
       "/metrics/n"},
      // benefits
      {program_json(metrics + R"("tiers": [{"name": "A", "benefits": {"discount_percent": 101}}])"),
       "/tiers/0/benefits/discount_percent: "},
      {program_json(metrics + R"("tiers": [{"name": "A", "benefits": {"free_shiping": true}}])"),
       "/tiers/0/benefits/free_shiping: "},
      // engagement points must be whole and kinds lowercase words
      {program_json(R"("engagement": {"Review": 5}, )" + metrics + R"("tiers": [{"name": "A"}])"),
       "/engagement/Review: "},
      // points block
      {program_json(metrics +
                    R"("tiers": [{"name": "A"}], "points": {"per_currency_unit": 10, "expire_after_day": 30})"),
       "/points/expire_after_day: "},
  }));
  std::string msg = error_of(json);
  CAPTURE(json, msg);
  CHECK(starts_with(msg, prefix));
}

TEST_CASE("a later tier without qualify is reported at that tier", "[program][errors]") {
  std::string msg = error_of(program_json(R"("metrics": {"spend": {"measure": "net_spend", "window": "lifetime"}},
                                             "tiers": [{"name": "A"}, {"name": "B"}])"));
  CAPTURE(msg);
  CHECK((starts_with(msg, "/tiers/1: ") || starts_with(msg, "/tiers/1/qualify: ")));
  CHECK(msg.find("qualify") != std::string::npos);
}

TEST_CASE("a missing required key is reported at the root", "[program][errors]") {
  auto key = GENERATE(as<std::string>{}, "tierlab", "name", "currency", "metrics", "tiers");
  // Build a complete program, then drop one key.
  std::string full = R"({"tierlab": 1, "name": "T", "currency": "USD", "metrics": {}, "tiers": [{"name": "A"}]})";
  REQUIRE_NOTHROW(parse_program(full));
  std::string json;
  if (key == "tierlab") json = R"({"name": "T", "currency": "USD", "metrics": {}, "tiers": [{"name": "A"}]})";
  if (key == "name") json = R"({"tierlab": 1, "currency": "USD", "metrics": {}, "tiers": [{"name": "A"}]})";
  if (key == "currency") json = R"({"tierlab": 1, "name": "T", "metrics": {}, "tiers": [{"name": "A"}]})";
  if (key == "metrics") json = R"({"tierlab": 1, "name": "T", "currency": "USD", "tiers": [{"name": "A"}]})";
  if (key == "tiers") json = R"({"tierlab": 1, "name": "T", "currency": "USD", "metrics": {}})";
  std::string msg = error_of(json);
  CAPTURE(key, msg);
  CHECK(starts_with(msg, "/"));
  CHECK(msg.find(key) != std::string::npos);
}

TEST_CASE("a JSON syntax error in a program names its line and column", "[program][errors]") {
  // The stray comma is on line 2; the parser stops at the closing brace after it.
  std::string msg = error_of("{\"tierlab\": 1,\n \"name\": \"T\",}");
  CAPTURE(msg);
  CHECK(starts_with(msg, "line 2 column "));
}

TEST_CASE("a version other than 1 is rejected at /tierlab", "[program][errors]") {
  std::string msg =
      error_of(R"({"tierlab": 2, "name": "T", "currency": "USD", "metrics": {}, "tiers": [{"name": "A"}]})");
  CHECK(starts_with(msg, "/tierlab: "));
}

// ---- program_to_json ----

namespace {

bool same_condition(const Condition& a, const Condition& b) {
  if (a.op != b.op || a.metric != b.metric || a.above != b.above || a.threshold != b.threshold ||
      a.children.size() != b.children.size())
    return false;
  for (size_t i = 0; i < a.children.size(); ++i)
    if (!same_condition(a.children[i], b.children[i])) return false;
  return true;
}

void check_same(const Program& a, const Program& b) {
  CHECK(a.name == b.name);
  CHECK(a.currency.code == b.currency.code);
  CHECK(a.currency.digits == b.currency.digits);
  CHECK(a.enrollment_required == b.enrollment_required);
  CHECK(a.qualify_delay_days == b.qualify_delay_days);
  CHECK(a.retention_days == b.retention_days);
  CHECK(a.engagement == b.engagement);
  REQUIRE(a.metrics.size() == b.metrics.size());
  for (size_t i = 0; i < a.metrics.size(); ++i) {
    CHECK(a.metrics[i].name == b.metrics[i].name);
    CHECK(a.metrics[i].measure == b.metrics[i].measure);
    CHECK(a.metrics[i].kind == b.metrics[i].kind);
    if (a.metrics[i].measure != Measure::TenureDays) { // its window is ignored
      CHECK(a.metrics[i].window.kind == b.metrics[i].window.kind);
      CHECK(a.metrics[i].window.days == b.metrics[i].window.days);
    }
  }
  REQUIRE(a.tiers.size() == b.tiers.size());
  for (size_t i = 0; i < a.tiers.size(); ++i) {
    CHECK(a.tiers[i].name == b.tiers[i].name);
    REQUIRE(a.tiers[i].qualify.has_value() == b.tiers[i].qualify.has_value());
    if (a.tiers[i].qualify) CHECK(same_condition(*a.tiers[i].qualify, *b.tiers[i].qualify));
    CHECK(a.tiers[i].benefits.discount_basis_points == b.tiers[i].benefits.discount_basis_points);
    CHECK(a.tiers[i].benefits.free_shipping == b.tiers[i].benefits.free_shipping);
    CHECK(a.tiers[i].benefits.perks == b.tiers[i].benefits.perks);
  }
  REQUIRE(a.points.has_value() == b.points.has_value());
  if (a.points) {
    // per_currency_unit is compared as a value: scaled / 10^scale.
    __int128 x = static_cast<__int128>(a.points->per_unit_scaled) * pow10i(b.points->per_unit_scale);
    __int128 y = static_cast<__int128>(b.points->per_unit_scaled) * pow10i(a.points->per_unit_scale);
    CHECK((x == y));
    CHECK(a.points->per_event == b.points->per_event);
    CHECK(a.points->value_points == b.points->value_points);
    CHECK(a.points->value_money == b.points->value_money);
    CHECK(a.points->expire_after_days == b.points->expire_after_days);
    REQUIRE(a.points->rewards.size() == b.points->rewards.size());
    for (size_t i = 0; i < a.points->rewards.size(); ++i) {
      CHECK(a.points->rewards[i].name == b.points->rewards[i].name);
      CHECK(a.points->rewards[i].points == b.points->rewards[i].points);
    }
  }
}

std::vector<std::string> sample_programs() {
  std::vector<std::string> out;
  std::string dir = source_path("samples/programs");
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n.size() > 5 && n.substr(n.size() - 5) == ".json") out.push_back(dir + "/" + n);
    }
    closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace

TEST_CASE("program_to_json round trips every sample program", "[program][roundtrip][samples]") {
  auto files = sample_programs();
  REQUIRE(files.size() >= 7);
  for (const auto& file : files) {
    CAPTURE(file);
    Program p = parse_program(read_text(file));
    std::string once = program_to_json(p);
    Program q = parse_program(once);
    check_same(p, q);
    CHECK(program_to_json(q) == once); // a fixed point
  }
}

TEST_CASE("program_to_json round trips nested conditions odd currencies and points", "[program][roundtrip]") {
  const std::string json = R"({"tierlab": 1, "name": "Nested \"quoted\" name", "currency": "KWD",
    "enrollment": "required", "qualify_delay_days": 14, "retention_days": 30,
    "engagement": {"review": 5},
    "metrics": {
      "net_q": {"measure": "net_spend", "window": {"calendar": "quarter"}},
      "gross_y": {"measure": "gross_spend", "window": {"calendar": "year"}},
      "n_m": {"measure": "purchase_count", "window": {"calendar": "month"}},
      "shares": {"measure": "event_count", "kind": "social_share", "window": {"days": 90}},
      "tenure": {"measure": "tenure_days"}
    },
    "tiers": [
      {"name": "Base", "benefits": {"discount_percent": 2.5}},
      {"name": "Up", "qualify": {"all": [{"metric": "net_q", "above": -1.5},
                                         {"any": [{"metric": "gross_y", "at_least": 0.125},
                                                  {"metric": "tenure", "above": 30}]},
                                         {"metric": "shares", "at_least": 2}]}}
    ],
    "points": {"per_currency_unit": 2.5, "per_event": {"referral": 100}, "value": {"points": 100, "money": 0.5},
               "expire_after_days": 365, "rewards": [{"name": "Gift", "points": 500}]}
  })";
  Program p = parse_program(json);
  CHECK(p.tiers[1].qualify->children[0].threshold == -1500); // -1.5 KWD = -1500 fils
  CHECK(p.tiers[0].benefits.discount_basis_points == 250);
  Program q = parse_program(program_to_json(p));
  check_same(p, q);
}
