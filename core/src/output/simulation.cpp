// The simulation's, sweep's and replay's JSON, text and CSV (docs/formats.md).
#include <algorithm>
#include <cstdio>

#include "json.hpp"
#include "output/csv_field.hpp"
#include "tierlab/simulate.hpp"

namespace tierlab {

namespace {

void summary_json(json::Writer& w, const ProgramSummary& s, int64_t customers, int digits) {
  w.begin_object();
  w.key("program").string(s.program);
  w.key("tiers").begin_array();
  for (const auto& t : s.tiers) {
    w.begin_object();
    w.key("name").string(t.name);
    w.key("customers").integer(t.customers);
    w.key("share").raw(format_fraction({t.customers, std::max<int64_t>(1, customers)}, 4));
    w.key("near_misses").integer(t.near_misses);
    w.key("benefit_cost").raw(format_decimal(t.benefit_cost, digits));
    if (s.at_risk) w.key("at_risk").integer(t.at_risk);
    w.end_object();
  }
  w.end_array();
  w.key("not_enrolled").integer(s.not_enrolled);
  w.key("near_misses").integer(s.near_misses);
  w.key("benefit_cost").raw(format_decimal(s.benefit_cost, digits));
  if (s.at_risk) w.key("at_risk").integer(*s.at_risk);
  if (s.points_liability) {
    w.key("points_balance").integer(*s.points_balance);
    w.key("points_liability").raw(format_decimal(*s.points_liability, digits));
    w.key("points_expired").integer(s.points_expired);
    w.key("points_forgiven").integer(s.points_forgiven);
    w.key("redeems_rejected").integer(s.redeems_rejected);
  }
  w.end_object();
}

std::string money_avg(Fraction f, int digits) { return format_fraction({f.num, f.den * pow10i(digits)}, digits); }

} // namespace

std::string simulation_json(const SimulationReport& r) {
  json::Writer w;
  w.begin_object();
  w.key("as_of").string(format_day(r.as_of));
  w.key("customers").integer(r.customers);
  w.key("currency").string(r.currency);
  w.key("baseline");
  summary_json(w, r.baseline, r.customers, r.currency_digits);
  w.key("candidate");
  summary_json(w, r.candidate, r.customers, r.currency_digits);
  w.key("migration").begin_object();
  w.key("from").begin_array();
  for (const auto& n : r.from) w.string(n);
  w.end_array();
  w.key("to").begin_array();
  for (const auto& n : r.to) w.string(n);
  w.end_array();
  w.key("counts").begin_array();
  for (const auto& row : r.migration) {
    w.begin_array();
    for (int64_t c : row) w.integer(c);
    w.end_array();
  }
  w.end_array();
  w.end_object();
  w.key("upgrades").integer(r.upgrades);
  w.key("downgrades").integer(r.downgrades);
  w.key("kpis").begin_object();
  w.key("repeat_purchase_rate").raw(format_fraction(r.kpis.repeat_purchase_rate, 4));
  w.key("average_purchase_frequency").raw(format_fraction(r.kpis.average_purchase_frequency, 4));
  w.key("average_lifetime_net_spend").raw(money_avg(r.kpis.average_lifetime_net_spend, r.currency_digits));
  w.key("redemption_rate");
  if (r.kpis.redemption_rate) w.raw(format_fraction(*r.kpis.redemption_rate, 4));
  else w.null();
  w.end_object();
  w.end_object();
  return w.take();
}

std::string simulation_text(const SimulationReport& r) {
  std::string out;
  char buf[512];
  std::snprintf(buf, sizeof buf, "As of %s, %lld customers (%s)\n\n", format_day(r.as_of).c_str(),
                static_cast<long long>(r.customers), r.currency.c_str());
  out += buf;
  std::snprintf(buf, sizeof buf, "%-16s %12s %8s %12s %8s %10s %16s\n", "tier", "baseline", "share", "candidate",
                "share", "change", "candidate cost");
  out += buf;
  size_t n = std::max(r.baseline.tiers.size(), r.candidate.tiers.size());
  int64_t den = std::max<int64_t>(1, r.customers);
  for (size_t i = 0; i < n; ++i) {
    const TierSummary* a = i < r.baseline.tiers.size() ? &r.baseline.tiers[i] : nullptr;
    const TierSummary* b = i < r.candidate.tiers.size() ? &r.candidate.tiers[i] : nullptr;
    int64_t ca = a ? a->customers : 0, cb = b ? b->customers : 0;
    std::snprintf(buf, sizeof buf, "%-16s %12lld %7s%% %12lld %7s%% %+10lld %16s\n", (b ? b->name : a->name).c_str(),
                  static_cast<long long>(ca), format_fraction({ca * 100, den}, 1).c_str(), static_cast<long long>(cb),
                  format_fraction({cb * 100, den}, 1).c_str(), static_cast<long long>(cb - ca),
                  b ? format_decimal(b->benefit_cost, r.currency_digits).c_str() : "");
    out += buf;
  }
  std::snprintf(buf, sizeof buf, "%-16s %12lld %8s %12lld\n\n", "not enrolled",
                static_cast<long long>(r.baseline.not_enrolled), "", static_cast<long long>(r.candidate.not_enrolled));
  out += buf;
  std::snprintf(buf, sizeof buf,
                "Upgrades %lld, downgrades %lld. Near misses (progress >= 0.8): baseline %lld, candidate %lld.\n",
                static_cast<long long>(r.upgrades), static_cast<long long>(r.downgrades),
                static_cast<long long>(r.baseline.near_misses), static_cast<long long>(r.candidate.near_misses));
  out += buf;
  std::snprintf(buf, sizeof buf,
                "Benefit cost (discount x gross spend, last 365 days): baseline %s, candidate %s %s.\n",
                format_decimal(r.baseline.benefit_cost, r.currency_digits).c_str(),
                format_decimal(r.candidate.benefit_cost, r.currency_digits).c_str(), r.currency.c_str());
  out += buf;
  if (r.candidate.points_liability) {
    std::snprintf(buf, sizeof buf, "Points liability: baseline %s, candidate %s %s.\n",
                  r.baseline.points_liability ? format_decimal(*r.baseline.points_liability, r.currency_digits).c_str()
                                              : "-",
                  format_decimal(*r.candidate.points_liability, r.currency_digits).c_str(), r.currency.c_str());
    out += buf;
  }
  if (r.baseline.at_risk || r.candidate.at_risk) {
    auto count = [](const std::optional<int64_t>& n) { return n ? std::to_string(*n) : std::string("-"); };
    out += "At risk (a review within " + std::to_string(kAtRiskDays) +
           " days would lower them unless they buy): baseline " + count(r.baseline.at_risk) + ", candidate " +
           count(r.candidate.at_risk) + ".\n";
  }
  out += "\nMigration (rows: baseline, columns: candidate)\n";
  std::snprintf(buf, sizeof buf, "%-16s", "");
  out += buf;
  for (const auto& t : r.to) {
    std::snprintf(buf, sizeof buf, " %10.10s", t.c_str());
    out += buf;
  }
  out += '\n';
  for (size_t i = 0; i < r.from.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%-16.16s", r.from[i].c_str());
    out += buf;
    for (int64_t c : r.migration[i]) {
      std::snprintf(buf, sizeof buf, " %10lld", static_cast<long long>(c));
      out += buf;
    }
    out += '\n';
  }
  std::snprintf(buf, sizeof buf,
                "\nKPIs: repeat purchase rate %s%%, average purchases %s, average lifetime net spend %s %s",
                format_fraction({r.kpis.repeat_purchase_rate.num * 100, r.kpis.repeat_purchase_rate.den}, 1).c_str(),
                format_fraction(r.kpis.average_purchase_frequency, 2).c_str(),
                money_avg(r.kpis.average_lifetime_net_spend, r.currency_digits).c_str(), r.currency.c_str());
  out += buf;
  if (r.kpis.redemption_rate) {
    std::snprintf(buf, sizeof buf, ", redemption rate %s%%",
                  format_fraction({r.kpis.redemption_rate->num * 100, r.kpis.redemption_rate->den}, 1).c_str());
    out += buf;
  }
  out += ".\n";
  return out;
}

std::string sweep_json(const Program& p, const SweepResult& s) {
  json::Writer w;
  const int metric = p.metric_index(s.metric);
  w.begin_object();
  w.key("tier").string(s.tier);
  w.key("metric").string(s.metric);
  w.key("tiers").begin_array();
  for (const auto& t : p.tiers) w.string(t.name);
  w.end_array();
  w.key("not_enrolled").integer(s.not_enrolled);
  w.key("steps").begin_array();
  for (size_t i = 0; i < s.thresholds.size(); ++i) {
    w.begin_object();
    w.key("threshold").raw(format_metric_value(p, metric, s.thresholds[i]));
    w.key("counts").begin_array();
    for (int64_t c : s.counts[i]) w.integer(c);
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

std::string sweep_csv(const Program& p, const SweepResult& s) {
  std::string out = "threshold";
  for (const auto& t : p.tiers) {
    out += ',';
    append_csv_field(out, t.name);
  }
  out += '\n';
  const int metric = p.metric_index(s.metric);
  for (size_t i = 0; i < s.thresholds.size(); ++i) {
    out += format_metric_value(p, metric, s.thresholds[i]);
    for (int64_t c : s.counts[i]) out += "," + std::to_string(c);
    out += '\n';
  }
  return out;
}

std::string replay_json(const ReplayResult& r) {
  json::Writer w;
  w.begin_object();
  w.key("tiers").begin_array();
  for (const auto& t : r.tiers) w.string(t);
  w.end_array();
  w.key("steps").begin_array();
  for (const auto& pt : r.points) {
    w.begin_object();
    w.key("date").string(format_day(pt.day));
    w.key("customers").integer(pt.customers);
    w.key("counts").begin_array();
    for (int64_t c : pt.counts) w.integer(c);
    w.end_array();
    w.key("not_enrolled").integer(pt.not_enrolled);
    w.key("upgrades").integer(pt.upgrades);
    w.key("downgrades").integer(pt.downgrades);
    w.key("advancement_rate").raw(format_fraction(pt.advancement_rate, 4));
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

std::string replay_csv(const ReplayResult& r) {
  std::string out = "date,customers";
  for (const auto& t : r.tiers) {
    out += ',';
    append_csv_field(out, t);
  }
  out += ",not_enrolled,upgrades,downgrades,advancement_rate\n";
  for (const auto& pt : r.points) {
    out += format_day(pt.day) + "," + std::to_string(pt.customers);
    for (int64_t c : pt.counts) out += "," + std::to_string(c);
    out += "," + std::to_string(pt.not_enrolled) + "," + std::to_string(pt.upgrades) + "," +
           std::to_string(pt.downgrades) + "," + format_fraction(pt.advancement_rate, 4) + "\n";
  }
  return out;
}

} // namespace tierlab
