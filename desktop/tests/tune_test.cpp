// The tuner's Target mix: the engine's tune equals the core's (and the
// hand-worked answer of tests/data/expected/README.md), the tuned candidate
// is one undoable step (undo returns), today's shares prefill the control.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "engine.hpp"
#include "tierlab/error.hpp"
#include "tune_state.hpp"
#include "tuner_state.hpp"

using namespace tierlab;
using namespace tierlab::tuner;

namespace {

template <class F> auto wait_until_taken(F take) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (;;) {
    if (auto v = take()) return v;
    if (std::chrono::steady_clock::now() > until) return decltype(take())();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

} // namespace

TEST_CASE("Target mix: the engine tunes like the core, the sliders jump, undo returns", "[tune]") {
  const std::string src = TIERLAB_SOURCE_DIR;
  const Program p = load_program_file(src + "/samples/programs/kids-clothing.json");
  Engine e;
  e.import_file({src + "/samples/events/small.csv", p.currency.digits, false});
  auto imp = wait_until_taken([&] { return e.take_import(); });
  REQUIRE(imp);
  REQUIRE(imp->ok);

  // Today's shares at or above each tier: 7 of 7, Silver 5 of 7, Gold 3 of 7.
  ComputeRequest cr;
  cr.baseline = p;
  cr.candidate = p;
  cr.as_of = imp->last_day;
  e.compute(cr);
  auto computed = wait_until_taken([&] { return e.take_compute(); });
  REQUIRE(computed);
  REQUIRE(computed->ok);
  const std::vector<std::string> shares = shares_at_or_above(computed->report.candidate);
  CHECK(shares == std::vector<std::string>{"100.0", "71.4", "42.9"});

  // The person types 60 and 30, picks spend, presses Tune.
  std::vector<std::string> typed = {"100.0", "60", "30"};
  CHECK(targets_text(p, typed) == "Silver=60%,Gold=30%");
  TuneRequest r;
  r.candidate = p;
  r.targets = parse_tune_targets(targets_text(p, typed));
  r.options.metric = "spend";
  r.as_of = imp->last_day;
  e.tune(r);
  auto tuned = wait_until_taken([&] { return e.take_tune(); });
  REQUIRE(tuned);
  REQUIRE(tuned->ok);
  REQUIRE(tuned->result.tiers.size() == 2);
  CHECK(tuned->result.tiers[0].new_threshold == 40000); // Gold above 400.00
  CHECK(tuned->result.tiers[1].new_threshold == 23500); // Silver above 235.00

  // One undoable step; the sliders (the leaves) show the answer; undo returns.
  History h(p);
  Program edited = with_threshold(p, LeafRef{2, {1}}, 17); // an unrelated edit made meanwhile stays
  h.apply(edited);
  h.apply(tuned_candidate(h.current(), tuned->result), "Tune to target mix");
  CHECK(find_leaf(h.current(), LeafRef{2, {0}})->threshold == 40000);
  CHECK(find_leaf(h.current(), LeafRef{1, {0}})->threshold == 23500);
  CHECK(find_leaf(h.current(), LeafRef{2, {1}})->threshold == 17);
  CHECK(h.undo_label() == "Tune to target mix");
  REQUIRE(h.undo());
  CHECK(same_program(h.current(), edited));
  REQUIRE(h.redo());
  CHECK(find_leaf(h.current(), LeafRef{2, {0}})->threshold == 40000);

  const std::vector<std::string> lines = tune_summary(tuned->result);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == "Gold: spend > 300.00 \xE2\x86\x92 400.00 (3 \xE2\x86\x92 2 at Gold or above)");

  // Unreachable: the threshold stays and the line says why.
  TuneRequest far = r;
  far.targets = parse_tune_targets("Gold=10%");
  e.tune(far);
  auto unreachable = wait_until_taken([&] { return e.take_tune(); });
  REQUIRE(unreachable);
  REQUIRE(unreachable->ok);
  CHECK_FALSE(unreachable->result.tiers[0].reachable);
  CHECK(same_program(tuned_candidate(p, unreachable->result), p));
  CHECK(tune_summary(unreachable->result)[0].rfind("Gold: 10% is unreachable, spend > 300.00 kept: even at", 0) == 0);

  // A bad target comes back as a located message.
  TuneRequest bad = r;
  bad.targets = parse_tune_targets("Bronze=10%");
  e.tune(bad);
  auto failed = wait_until_taken([&] { return e.take_tune(); });
  REQUIRE(failed);
  CHECK_FALSE(failed->ok);
  CHECK(failed->error == "target: \"Bronze\" is the first tier and has no threshold");
}
