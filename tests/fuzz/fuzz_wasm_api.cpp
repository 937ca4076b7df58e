// Harness: the WebAssembly module's entry points (wasm/api.cpp,
// wasm/session.cpp), compiled natively. The input is split on NUL bytes:
//   PROGRAM \0 EVENTS \0 OPTIONS \0 REPLAY_OPTIONS \0 METRICS
// (missing parts: "{}" options, a year of months for replay, "{}" metrics).
// Every entry point turns InputError into Result.error; anything else comes
// back as "internal error: ..." -- a finding here, as is a crash. Also:
// a simulation of a program against itself moves nobody.
#include <algorithm>
#include <vector>

#include "fuzz_common.hpp"
#include "session.hpp"

using namespace tierlab;
using namespace tierlab_fuzz;
namespace tw = tierlab::wasm;

namespace {

void check(const tw::Result& r, const char* entry) {
  if (r.error.rfind("internal error", 0) == 0) finding(std::string(entry) + " returned " + shown(r.error));
}

std::vector<std::string_view> split(std::string_view s, char sep, size_t parts) {
  std::vector<std::string_view> out;
  while (out.size() + 1 < parts) {
    const size_t at = s.find(sep);
    if (at == std::string_view::npos) break;
    out.push_back(s.substr(0, at));
    s.remove_prefix(at + 1);
  }
  out.push_back(s);
  return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<std::string_view> part =
      split(std::string_view(reinterpret_cast<const char*>(data), size), '\0', 5);
  const std::string program(part[0]);
  const std::string events(part.size() > 1 ? part[1] : std::string_view());
  const std::string options(part.size() > 2 ? part[2] : std::string_view("{}"));
  const std::string replay_options(part.size() > 3 ? part[3]
                                                   : std::string_view(R"({"from":"2025-01-01","to":"2025-12-31"})"));
  const std::string metrics(part.size() > 4 ? part[4] : std::string_view("{}"));

  // The lean module's entry points (the widget), full-module build.
  check(tw::validate_program(program), "validate_program");
  const tw::Result info = tw::program_info(program);
  check(info, "program_info");
  check(tw::customer_from_events(program, events, options), "customer_from_events");
  check(tw::customer_from_metrics(program, metrics, options), "customer_from_metrics");
  if (!info.error.empty()) return 0; // the rest all need the program

  // The full module's (the simulator).
  check(tw::normalize_program(program), "normalize_program");
  check(tw::import_summary(events, options), "import_summary");
  check(tw::import_to_csv(events, options), "import_to_csv");
  check(tw::evaluate_output(program, events, options), "evaluate_output");
  check(tw::simulate_output(program, program, events, options), "simulate_output");

  tw::SessionHandle s;
  const tw::Result loaded = s.load(events, options);
  check(loaded, "Session.load");
  if (!loaded.error.empty()) return 0;
  check(s.info(), "Session.info");
  (void)s.customer_ids();
  const tw::Result tiers = s.tiers(program, options);
  check(tiers, "Session.tiers");
  if (tiers.error.empty()) {
    TIERLAB_FUZZ_CHECK(s.row_tiers().size() == s.row_customers().size(), "Session.tiers: rows");
    // -1 (not enrolled) or a tier of the program (an int8_t: kMaxTiers keeps it in range).
    const size_t tier_count = parse_program(program).tiers.size();
    for (int8_t t : s.row_tiers())
      TIERLAB_FUZZ_CHECK(t >= -1 && static_cast<size_t>(t + 1) <= tier_count, "Session.tiers: tier out of range");
  }
  check(s.evaluate(program, options), "Session.evaluate");
  check(s.customer(program, options), "Session.customer");
  check(s.simulate(program, program, options), "Session.simulate");
  const tw::Result movers = s.movers(program, program, options);
  check(movers, "Session.movers");
  if (movers.error.empty())
    TIERLAB_FUZZ_CHECK(movers.value == "[]", "Session.movers of a program against itself: " + shown(movers.value));
  check(s.sweep(program, options), "Session.sweep");
  check(s.replay(program, replay_options), "Session.replay");
  return 0;
}
