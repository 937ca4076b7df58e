// The tuner's state logic, without a window: edits, undo/redo, save round
// trip, file kinds, options, colours.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "tierlab/error.hpp"
#include "tuner_state.hpp"

using namespace tierlab;
using namespace tierlab::tuner;

namespace {

const std::string kSource = TIERLAB_SOURCE_DIR;

Program sample(const char* name = "online-retail-gbp.json") {
  return load_program_file(kSource + "/samples/programs/" + name);
}

std::filesystem::path temp_dir() {
  auto d = std::filesystem::temp_directory_path() / ("tierlab-tuner-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(d);
  return d;
}

int64_t threshold(const Program& p, const LeafRef& r) { return find_leaf(p, r)->threshold; }

} // namespace

TEST_CASE("a tier's thresholds are listed depth first with their metric and place", "[leaves]") {
  Program p = sample();
  REQUIRE(tier_leaves(p, 0).empty()); // the floor has no condition
  auto silver = tier_leaves(p, 1);
  REQUIRE(silver.size() == 2);
  CHECK(p.metrics[static_cast<size_t>(silver[0].metric)].name == "spend_365d");
  CHECK(silver[0].threshold == 85000); // 850 GBP in pence
  CHECK_FALSE(silver[0].above);
  CHECK(silver[0].parent_op == Condition::Op::Any);
  CHECK(silver[0].ref == LeafRef{1, {0}});
  CHECK(p.metrics[static_cast<size_t>(silver[1].metric)].name == "orders_365d");
  CHECK(silver[1].threshold == 8);
  CHECK(tier_leaves(p, 99).empty());
  CHECK(find_leaf(p, LeafRef{1, {7}}) == nullptr);
  CHECK(first_leaf_on_metric(p, 2, p.metric_index("orders_365d")) == LeafRef{2, {1}});
}

TEST_CASE("a threshold's slider reaches twice its baseline value, rounded to a nice number", "[leaves]") {
  Program p = sample();
  CHECK(slider_max(p, LeafRef{1, {0}}) == 200000);  // 850 GBP -> 2,000 GBP, in pence
  CHECK(slider_max(p, LeafRef{1, {1}}) == 20);      // 8 orders -> 20
  CHECK(slider_max(p, LeafRef{2, {0}}) == 800000);  // 3,500 GBP -> 8,000
  CHECK(slider_max(p, LeafRef{3, {0}}) == 2000000); // 10,000 GBP -> 20,000
  CHECK(slider_max(p, LeafRef{3, {1}}) == 100);     // 50 -> 100
  Program z = with_threshold(p, LeafRef{1, {1}}, 0);
  CHECK(slider_max(z, LeafRef{1, {1}}) == 100); // 0: the largest on orders_365d (50) -> 100
}

TEST_CASE("an edit returns a new program and leaves the given one alone", "[edits]") {
  Program p = sample();
  LeafRef gold_spend{2, {0}};
  Program q = with_threshold(p, gold_spend, 300000);
  CHECK(threshold(p, gold_spend) == 350000);
  CHECK(threshold(q, gold_spend) == 300000);
  CHECK_FALSE(same_program(p, q));
  CHECK(describe_change(p, q) == "Gold: spend_365d \xE2\x89\xA5 3500.00 \xE2\x86\x92 \xE2\x89\xA5 3000.00");
}

TEST_CASE("an exact threshold is typed in the metric's units and checked by the core", "[edits]") {
  Program p = sample();
  LeafRef silver_spend{1, {0}}, silver_orders{1, {1}};
  CHECK(threshold(with_threshold_text(p, silver_spend, "912.50"), silver_spend) == 91250);
  CHECK(threshold(with_threshold_text(p, silver_spend, " 1,200 "), silver_spend) == 120000);
  CHECK(threshold(with_threshold_text(p, silver_orders, "9"), silver_orders) == 9);
  CHECK_THROWS_AS(with_threshold_text(p, silver_spend, "12.345"), InputError); // GBP has 2 digits
  CHECK_THROWS_AS(with_threshold_text(p, silver_orders, "2.5"), InputError);   // a count
  CHECK_THROWS_AS(with_threshold_text(p, silver_spend, "lots"), InputError);
  CHECK_THROWS_AS(with_threshold(p, LeafRef{0, {}}, 5), InputError); // the floor has none
}

TEST_CASE("benefits and program-wide settings are edited within the program's bounds", "[edits]") {
  Program p = sample();
  Program q = with_discount(p, 1, 250);
  CHECK(q.tiers[1].benefits.discount_basis_points == 250);
  CHECK(describe_change(p, q) == "Silver: discount 2.00% \xE2\x86\x92 2.50%");
  CHECK_THROWS_AS(with_discount(p, 1, 10001), InputError);
  CHECK_THROWS_AS(with_discount(p, 9, 100), InputError);
  Program s = with_free_shipping(p, 1, true);
  CHECK(s.tiers[1].benefits.free_shipping);
  CHECK(with_retention_days(p, 90).retention_days == 90);
  CHECK(with_qualify_delay_days(p, 14).qualify_delay_days == 14);
  CHECK_THROWS_AS(with_retention_days(p, -1), InputError);
  Program a = with_leaf_above(p, LeafRef{3, {1}}, true);
  CHECK(find_leaf(a, LeafRef{3, {1}})->above);
}

TEST_CASE("undo and redo walk the edit history and a new edit clears redo", "[history]") {
  Program p = sample();
  History h(p);
  LeafRef r{1, {0}};
  CHECK_FALSE(h.can_undo());
  CHECK_FALSE(h.dirty());
  uint64_t rev0 = h.revision();

  h.apply(with_threshold(h.current(), r, 90000));
  h.apply(with_threshold(h.current(), r, 95000));
  CHECK(threshold(h.current(), r) == 95000);
  CHECK(h.undo_depth() == 2);
  CHECK(h.dirty());
  CHECK(h.revision() > rev0);
  CHECK(h.undo_label() == "Silver: spend_365d \xE2\x89\xA5 900.00 \xE2\x86\x92 \xE2\x89\xA5 950.00");

  REQUIRE(h.undo());
  CHECK(threshold(h.current(), r) == 90000);
  REQUIRE(h.undo());
  CHECK(threshold(h.current(), r) == 85000);
  CHECK_FALSE(h.undo());
  CHECK_FALSE(h.dirty());
  REQUIRE(h.redo());
  CHECK(threshold(h.current(), r) == 90000);

  h.apply(with_threshold(h.current(), r, 70000)); // a new branch
  CHECK_FALSE(h.can_redo());
  CHECK(threshold(h.current(), r) == 70000);
  REQUIRE(h.undo());
  CHECK(threshold(h.current(), r) == 90000);
}

TEST_CASE("applying the same program is not a step", "[history]") {
  History h(sample());
  h.apply(h.current(), "nothing");
  CHECK_FALSE(h.can_undo());
}

TEST_CASE("a slider drag is one undo step however many frames it lasts", "[history]") {
  Program p = sample();
  History h(p);
  LeafRef r{2, {1}};
  h.begin_continuous();
  for (int v = 21; v <= 30; ++v) h.update(with_threshold(h.current(), r, v));
  CHECK(h.in_continuous());
  CHECK_FALSE(h.can_undo()); // not a step until the drag ends
  h.end_continuous();
  CHECK(h.undo_depth() == 1);
  CHECK(h.undo_label() == "Gold: orders_365d \xE2\x89\xA5 20 \xE2\x86\x92 \xE2\x89\xA5 30");
  REQUIRE(h.undo());
  CHECK(threshold(h.current(), r) == 20);
  REQUIRE(h.redo());
  CHECK(threshold(h.current(), r) == 30);

  SECTION("a drag that ends where it began leaves no step") {
    History g(p);
    g.update(with_threshold(g.current(), r, 25));
    g.update(with_threshold(g.current(), r, 20));
    g.end_continuous();
    CHECK_FALSE(g.can_undo());
  }
  SECTION("undo during a drag first closes the drag") {
    History g(p);
    g.update(with_threshold(g.current(), r, 25));
    REQUIRE(g.undo());
    CHECK(threshold(g.current(), r) == 20);
    CHECK_FALSE(g.in_continuous());
  }
}

TEST_CASE("the history keeps at most kMaxSteps steps", "[history]") {
  History h(sample());
  LeafRef r{1, {1}};
  for (size_t i = 0; i < History::kMaxSteps + 20; ++i)
    h.apply(with_threshold(h.current(), r, static_cast<int64_t>(100 + i)));
  CHECK(h.undo_depth() == History::kMaxSteps);
}

TEST_CASE("a saved candidate reads back as the same program", "[save]") {
  auto dir = temp_dir();
  for (const char* name : {"online-retail-gbp.json", "kids-clothing.json", "synerise-pln-guarded.json",
                           "cdnow-frequency.json", "vip-segment.json", "cleaning-frequency.json"}) {
    CAPTURE(name);
    Program p = sample(name);
    History h(p);
    // Edit every threshold and the first paying tier's benefits.
    for (size_t t = 1; t < p.tiers.size(); ++t)
      for (const auto& l : tier_leaves(h.current(), static_cast<int>(t)))
        h.apply(with_threshold(h.current(), l.ref, l.threshold + 1));
    if (p.tiers.size() > 1) h.apply(with_discount(h.current(), 1, 375));
    h.apply(with_retention_days(h.current(), 30));
    std::string path = (dir / (std::string("saved-") + name)).string();
    save_program(h.current(), path);
    h.mark_saved();
    CHECK_FALSE(h.dirty());
    Program back = load_program_file(path);
    CHECK(same_program(back, h.current()));
    CHECK(program_to_json(back) == program_to_json(h.current()));
    CHECK(back.tiers.size() == p.tiers.size());
    if (p.tiers.size() > 1) CHECK(back.tiers[1].benefits.discount_basis_points == 375);
    CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("a saved program is indented for people and only whitespace changes", "[save]") {
  Program p = sample("kids-clothing.json");
  std::string compact = program_to_json(p);
  std::string pretty = pretty_json(compact);
  CHECK(pretty.find("\n  \"tiers\": [") != std::string::npos);
  CHECK(pretty.find("{\"metric\": \"spend\", \"above\": 100.00}") != std::string::npos); // short: one line
  CHECK(pretty.back() == '\n');
  std::string squeezed;
  bool in_string = false;
  for (char c : pretty) {
    if (c == '"') in_string = !in_string;
    if (in_string || !std::isspace(static_cast<unsigned char>(c))) squeezed += c;
  }
  std::string compact_squeezed;
  in_string = false;
  for (char c : compact) {
    if (c == '"') in_string = !in_string;
    if (in_string || !std::isspace(static_cast<unsigned char>(c))) compact_squeezed += c;
  }
  CHECK(squeezed == compact_squeezed);
  CHECK(program_to_json(parse_program(pretty)) == compact);
  CHECK(pretty_json(R"({"a":"x, y: {z}","b":[]})") == "{\"a\": \"x, y: {z}\", \"b\": []}\n");
}

TEST_CASE("saving into a missing directory is a message, not a crash", "[save]") {
  CHECK_THROWS_WITH(save_program(sample(), "/nonexistent-dir/x.json"), Catch::Contains("cannot write"));
  CHECK_THROWS_AS(save_program(sample(), ""), InputError);
}

TEST_CASE("a bad program file gives a located message", "[files]") {
  auto dir = temp_dir();
  std::string path = (dir / "bad.json").string();
  {
    std::ofstream out(path);
    out << R"({"tierlab": 1, "name": "x", "currency": "USD", "metrics": {"s": {"measure": "net_spend", "window": "lifetime"}},
             "tiers": [{"name": "A"}, {"name": "B", "qualify": {"metric": "s", "at_least": "ten"}}]})";
  }
  CHECK_THROWS_WITH(load_program_file(path), Catch::StartsWith(path + ": /tiers/1/qualify/at_least"));
  CHECK_THROWS_WITH(load_program_file((dir / "missing.json").string()), Catch::EndsWith("cannot open file"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("the candidate is saved beside the program unless --save-to says where", "[files]") {
  CHECK(default_save_path("samples/programs/gbp.json") == "samples/programs/gbp.candidate.json");
  CHECK(default_save_path("gbp.candidate.json") == "gbp.candidate.json");
  CHECK(default_save_path("dir.v2/program") == "dir.v2/program.candidate.json");
  CHECK(default_save_path("") == "candidate.json");
}

TEST_CASE("a dropped file is a program when it is a JSON object with a tierlab key", "[files]") {
  CHECK(classify_file(R"(  {"tierlab": 1, "name": "x"})") == FileKind::Program);
  CHECK(classify_file("\xEF\xBB\xBF{\n \"tierlab\": 1}") == FileKind::Program);
  CHECK(classify_file(R"([{"customer_id": "a", "date": "2024-01-01", "type": "join"}])") == FileKind::Events);
  CHECK(classify_file("customer_id,date,type,amount\n") == FileKind::Events);
  CHECK(classify_file(R"({"orders": []})") == FileKind::Events);
  CHECK(classify_file("") == FileKind::Events);
}

TEST_CASE("command-line options", "[options]") {
  auto parse = [](std::vector<const char*> args) {
    args.insert(args.begin(), "tierlab-tuner");
    return parse_options(static_cast<int>(args.size()), args.data());
  };
  Options o =
      parse({"p.json", "e.csv", "--screenshot", "out.png", "--frames", "30", "--scale=2", "--as-of", "2011-12-09"});
  CHECK(o.program == "p.json");
  CHECK(o.events == "e.csv");
  CHECK(o.screenshot == "out.png");
  CHECK(o.frames == 30);
  CHECK(o.scale == 2.0f);
  CHECK(o.as_of == parse_day("2011-12-09"));
  CHECK(parse({"e.csv"}).events == "e.csv");
  CHECK(parse({"p.json"}).program == "p.json");
  CHECK(parse({"--screenshot", "x.png"}).frames == 5);
  Options s = parse({"--size", "1600x900", "--save-to", "c.json", "--tab", "movers", "--skip-bad-rows"});
  CHECK(s.width == 1600);
  CHECK(s.height == 900);
  CHECK(s.save_to == "c.json");
  CHECK(s.tab == "movers");
  CHECK(s.skip_bad_rows);
  CHECK_THROWS_WITH(parse({"--frames", "x", "--screenshot", "a.png"}), Catch::StartsWith("--frames"));
  CHECK_THROWS_WITH(parse({"--frames", "3"}), Catch::Contains("needs --screenshot"));
  CHECK_THROWS_WITH(parse({"--scale", "9"}), Catch::StartsWith("--scale"));
  CHECK_THROWS_WITH(parse({"--as-of", "2011-13-01"}), Catch::StartsWith("--as-of"));
  CHECK_THROWS_WITH(parse({"--bogus"}), Catch::Contains("unknown option"));
  CHECK_THROWS_WITH(parse({"a", "b", "c"}), Catch::Contains("too many files"));
  CHECK_THROWS_WITH(parse({"--save-to"}), Catch::Contains("missing value"));
  CHECK(parse({"-h"}).help);
}

TEST_CASE("tier colours are the widget's default palette, by position", "[colours]") {
  Program p = sample(); // White, Silver, Gold, Platinum
  // widget/src/tierlab-progress.js: --tierlab-tier-0 … 4
  CHECK(tier_rgb(p, 0) == 0x80522a);
  CHECK(tier_rgb(p, 1) == 0x55606f);
  CHECK(tier_rgb(p, 2) == 0x7a5d00);
  CHECK(tier_rgb(p, 3) == 0x4a3d8f);
  CHECK(tier_rgb(p, -1) == kNotEnrolled);
  Program q = p;
  q.tiers[1].name = "Gold"; // names do not matter: the storefront colours by position too
  CHECK(tier_rgb(q, 1) == 0x55606f);
}

TEST_CASE("numbers are grouped by thousands for reading", "[format]") {
  using row = std::tuple<int64_t, std::string>;
  auto [n, text] = GENERATE(
      table<int64_t, std::string>({row{0, "0"}, row{999, "999"}, row{1000, "1,000"}, row{4338, "4,338"},
                                   row{-1234567, "-1,234,567"}, row{INT64_MIN, "-9,223,372,036,854,775,808"}}));
  CHECK(with_thousands(n) == text);
  CHECK(format_percent(0.1234) == "12.3%");
}
