#pragma once
// The tuner's "Target mix" without a window (desktop/src/panels/tune.cpp draws
// it): today's shares, the targets text the core reads, and the tuned
// candidate as one undoable edit. Tested in desktop/tests/tune_test.cpp.
#include <string>
#include <vector>

#include "tierlab/simulate.hpp"
#include "tierlab/tune.hpp"

namespace tierlab::tuner {

// Share of enrolled customers at each tier or above, in percent with one
// decimal ("42.9"), from a simulation's candidate summary. Index 0 is the
// first tier (always "100.0" when anyone is enrolled).
std::vector<std::string> shares_at_or_above(const ProgramSummary& s);

// "Silver=30%,Gold=10%" from one percent text per tier (index = tier; the
// first tier and empty texts are left out).
std::string targets_text(const Program& p, const std::vector<std::string>& percent);

// `current` with each reachable tuned leaf at its answer: the leaf of the
// tier's qualify by its depth-first index, as the core reports it. Other
// edits made meanwhile are kept.
Program tuned_candidate(const Program& current, const TuneResult& r);

// One line per tier for the screen: "Gold: spend > 300.00 → 400.00 (3 → 2)",
// or why a target is unreachable; then the budget's line.
std::vector<std::string> tune_summary(const TuneResult& r);

} // namespace tierlab::tuner
