// The tuner's "Target mix" state (tune_state.hpp).
#include "tune_state.hpp"

#include "tierlab/evaluate.hpp"
#include "tuner_state.hpp"

namespace tierlab::tuner {

std::vector<std::string> shares_at_or_above(const ProgramSummary& s) {
  int64_t enrolled = 0;
  for (const TierSummary& t : s.tiers) enrolled += t.customers;
  std::vector<std::string> out(s.tiers.size());
  int64_t above = 0;
  for (size_t i = s.tiers.size(); i-- > 0;) {
    above += s.tiers[i].customers;
    out[i] = format_fraction({above * 100, enrolled > 0 ? enrolled : 1}, 1);
  }
  return out;
}

std::string targets_text(const Program& p, const std::vector<std::string>& percent) {
  std::string out;
  for (size_t i = 1; i < p.tiers.size() && i < percent.size(); ++i) {
    if (percent[i].empty()) continue;
    if (!out.empty()) out += ",";
    out += p.tiers[i].name + "=" + percent[i] + "%";
  }
  return out;
}

Program tuned_candidate(const Program& current, const TuneResult& r) {
  Program p = current;
  for (const TierTune& t : r.tiers) {
    if (!t.reachable || t.tier_index >= static_cast<int>(p.tiers.size())) continue;
    const std::vector<LeafInfo> leaves = tier_leaves(p, t.tier_index);
    if (t.leaf < static_cast<int>(leaves.size()))
      p = with_threshold(p, leaves[static_cast<size_t>(t.leaf)].ref, t.new_threshold);
  }
  return p;
}

std::vector<std::string> tune_summary(const TuneResult& r) {
  std::vector<std::string> out;
  const Program& p = r.candidate;
  for (const TierTune& t : r.tiers) {
    const std::string op = t.above ? " > " : " \xE2\x89\xA5 ";
    const std::string old_value = format_metric_value(p, t.metric_index, t.old_threshold);
    if (!t.reachable) {
      out.push_back(t.tier + ": " + t.target->text + " is unreachable, " + t.metric + op + old_value +
                    " kept: " + t.reason + ".");
      continue;
    }
    out.push_back(t.tier + ": " + t.metric + op + old_value + " \xE2\x86\x92 " +
                  format_metric_value(p, t.metric_index, t.new_threshold) + " (" + with_thousands(t.before) +
                  " \xE2\x86\x92 " + with_thousands(t.after) + " at " + t.tier + " or above)");
    if (t.retain_above_qualify) out.push_back(t.tier + ": the tuned qualify is below the tier's retain condition.");
  }
  if (r.budget) {
    const int d = p.currency.digits;
    out.push_back(r.budget->met ? "Budget " + format_decimal(r.budget->budget, d) + " met: thresholds \xC3\x97 " +
                                      format_decimal(r.budget->factor_permille, 3) + ", benefit cost " +
                                      format_decimal(r.budget->cost_after, d) + "."
                                : "Budget " + format_decimal(r.budget->budget, d) +
                                      " not met even at \xC3\x97 1000: thresholds left at the targets' answer.");
  }
  return out;
}

} // namespace tierlab::tuner
