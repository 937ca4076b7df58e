// The auto-tune report (spec §5b): JSON (docs/formats.md "tune") and a
// readable table.
#include <algorithm>
#include <cstdio>

#include "json.hpp"
#include "tierlab/tune.hpp"

namespace tierlab {

namespace {

std::string share_of(int64_t count, int64_t enrolled) { // 4 decimals, like simulate's shares
  return format_fraction({count, std::max<int64_t>(1, enrolled)}, 4);
}

std::string percent_of(int64_t count, int64_t enrolled) {
  return format_fraction({count * 100, std::max<int64_t>(1, enrolled)}, 2) + "%";
}

// The most customers a target allows at or above its tier: floor(share x enrolled).
int64_t allowed(const Share& s, int64_t enrolled) {
  return static_cast<int64_t>(static_cast<__int128>(s.num) * enrolled / s.den);
}

std::string permille_text(int64_t k) { return format_decimal(k, 3); }

std::string retain_note(const TuneResult& r, const TierTune& t) {
  return "the tuned qualify is below " + t.tier + "'s retain (" + t.metric + " " +
         format_metric_value(r.candidate, t.metric_index, *t.retain_above_qualify) +
         "), which was not tuned: customers may keep " + t.tier + " more easily than they reach it";
}

} // namespace

std::string tune_json(const TuneResult& r, bool with_candidate) {
  const int digits = r.candidate.currency.digits;
  json::Writer w;
  w.begin_object();
  w.key("as_of").string(format_day(r.as_of));
  w.key("customers").integer(r.customers);
  w.key("enrolled").integer(r.enrolled);
  w.key("currency").string(r.candidate.currency.code);
  w.key("tiers").begin_array();
  for (const TierTune& t : r.tiers) {
    w.begin_object();
    w.key("tier").string(t.tier);
    w.key("tier_index").integer(t.tier_index);
    w.key("metric").string(t.metric);
    w.key("operator").string(t.above ? "above" : "at_least");
    w.key("leaf").integer(t.leaf);
    w.key("target");
    if (t.target) {
      w.begin_object();
      w.key("text").string(t.target->text);
      w.key("share").raw(format_fraction({t.target->num, t.target->den}, 4));
      w.key("max_customers").integer(allowed(*t.target, r.enrolled));
      w.end_object();
    } else {
      w.null();
    }
    w.key("reachable").boolean(t.reachable);
    w.key("reason");
    if (t.reachable) w.null();
    else w.string(t.reason);
    w.key("old_threshold").raw(format_metric_value(r.candidate, t.metric_index, t.old_threshold));
    w.key("new_threshold").raw(format_metric_value(r.candidate, t.metric_index, t.new_threshold));
    w.key("before").begin_object();
    w.key("customers").integer(t.before);
    w.key("share").raw(share_of(t.before, r.enrolled));
    w.end_object();
    w.key("after").begin_object();
    w.key("customers").integer(t.after);
    w.key("share").raw(share_of(t.after, r.enrolled));
    w.end_object();
    w.key("moved").integer(t.moved);
    w.key("retain_note");
    if (t.retain_above_qualify) w.string(retain_note(r, t));
    else w.null();
    w.end_object();
  }
  w.end_array();
  w.key("movers").integer(r.movers);
  w.key("retiers").integer(r.retiers);
  if (r.budget) {
    const BudgetResult& b = *r.budget;
    w.key("budget").begin_object();
    w.key("budget").raw(format_decimal(b.budget, digits));
    w.key("met").boolean(b.met);
    w.key("factor").raw(permille_text(b.factor_permille));
    w.key("cost_before").raw(format_decimal(b.cost_before, digits));
    w.key("cost_targets").raw(format_decimal(b.cost_targets, digits));
    w.key("cost_after").raw(format_decimal(b.cost_after, digits));
    w.key("steps").integer(b.steps);
    w.end_object();
  }
  if (with_candidate) w.key("candidate").raw(program_to_json(r.candidate));
  w.end_object();
  return w.take();
}

std::string tune_text(const TuneResult& r) {
  std::string out;
  char buf[1024];
  std::snprintf(buf, sizeof buf, "As of %s, %lld customers, %lld enrolled (%s)\n\n", format_day(r.as_of).c_str(),
                static_cast<long long>(r.customers), static_cast<long long>(r.enrolled),
                r.candidate.currency.code.c_str());
  out += buf;
  size_t name_width = 4, metric_width = 6;
  for (const TierTune& t : r.tiers) {
    name_width = std::max(name_width, t.tier.size());
    metric_width = std::max(metric_width, t.metric.size());
  }
  const int nw = static_cast<int>(name_width), mw = static_cast<int>(metric_width);
  std::snprintf(buf, sizeof buf, "%-*s  %-*s  %-8s  %8s  %16s  %16s  %18s  %18s  %7s\n", nw, "tier", mw, "metric",
                "operator", "target", "old threshold", "new threshold", "at or above before", "after", "moved");
  out += buf;
  for (const TierTune& t : r.tiers) {
    const std::string before = std::to_string(t.before) + " (" + percent_of(t.before, r.enrolled) + ")";
    const std::string after = std::to_string(t.after) + " (" + percent_of(t.after, r.enrolled) + ")";
    const std::string target = t.target ? t.target->text : "-";
    const std::string new_threshold =
        t.reachable ? format_metric_value(r.candidate, t.metric_index, t.new_threshold) : "unreachable";
    std::snprintf(buf, sizeof buf, "%-*s  %-*s  %-8s  %8s  %16s  %16s  %18s  %18s  %7lld\n", nw, t.tier.c_str(), mw,
                  t.metric.c_str(), t.above ? "above" : "at_least", target.c_str(),
                  format_metric_value(r.candidate, t.metric_index, t.old_threshold).c_str(), new_threshold.c_str(),
                  before.c_str(), after.c_str(), static_cast<long long>(t.moved));
    out += buf;
  }
  out += "\n";
  for (const TierTune& t : r.tiers) {
    if (!t.reachable)
      out += t.tier + ": target " + t.target->text + " unreachable, threshold left as it was: " + t.reason + ".\n";
    if (t.retain_above_qualify) out += t.tier + ": " + retain_note(r, t) + ".\n";
  }
  if (r.budget) {
    const BudgetResult& b = *r.budget;
    const int digits = r.candidate.currency.digits;
    const std::string cur = r.candidate.currency.code;
    if (b.met)
      out += "Budget " + format_decimal(b.budget, digits) + " " + cur + ": met with thresholds x " +
             permille_text(b.factor_permille) + "; benefit cost " + format_decimal(b.cost_after, digits) +
             " (original program " + format_decimal(b.cost_before, digits) + "; " + std::to_string(b.steps) +
             " costs computed).\n";
    else
      out += "Budget " + format_decimal(b.budget, digits) + " " + cur + ": not met even with thresholds x 1000" +
             "; thresholds left at the targets' answer, benefit cost " + format_decimal(b.cost_after, digits) +
             " (original program " + format_decimal(b.cost_before, digits) + "; " + std::to_string(b.steps) +
             " costs computed).\n";
  }
  std::snprintf(buf, sizeof buf, "%lld %s tier (%lld re-tiers).\n", static_cast<long long>(r.movers),
                r.movers == 1 ? "customer changes" : "customers change", static_cast<long long>(r.retiers));
  out += buf;
  return out;
}

} // namespace tierlab
