// simulate, sweep, replay: what-if commands over a Session (spec §5, §6).
#include <algorithm>
#include <cstdio>

#include "commands.hpp"
#include "tierlab/error.hpp"
#include "tierlab/simulate.hpp"

#include <CLI/CLI.hpp>

namespace tierlab::cli {

namespace {
void print(const std::string& s) { std::fwrite(s.data(), 1, s.size(), stdout); }

// "no tier "Glod" in the program (did you mean Gold? the tiers: Silver, Gold)".
std::string not_in_program(const std::string& what, const std::string& name, const std::vector<std::string>& names) {
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  std::string near = did_you_mean(name, names);
  return "no " + what + " \"" + name + "\" in the program (" + (near.empty() ? "" : near + " ") + "the " + what +
         "s: " + list + ")";
}
} // namespace

void declare_simulate(CLI::App& c) {
  c.description("Compares a baseline program with a candidate on the same customers: tier counts\n"
                "and shares, not enrolled, migration matrix, upgrades / downgrades, near misses\n"
                "(progress >= 0.8), benefit cost (discount x gross spend of the last 365 days),\n"
                "points liability, and KPIs (repeat purchase rate, purchase frequency, lifetime\n"
                "net spend, redemption rate); with \"status\" terms, at_risk (a review within 30\n"
                "days would lower them). JSON shape: docs/formats.md.");
  required_option(c, "--program", "FILE", "baseline program");
  required_option(c, "--candidate", "FILE", "candidate program (same currency)");
  declare_events_options(c);
  value_option(c, "--as-of", "DATE", "as-of day, YYYY-MM-DD (default: the last event date)");
  value_option(c, "--format", "text|json", "output format", "text");
}

int cmd_simulate(const Args& a) {
  Program base = load_program(a.require("program"));
  Program cand = load_program(a.require("candidate"));
  if (cand.currency.code != base.currency.code)
    throw InputError("--candidate: currency " + cand.currency.code + " differs from the baseline's " +
                     base.currency.code);
  const std::string format = format_arg(a, {"text", "json"});
  Import im = load_events(a, a.require("events"), base.currency.digits);
  warn_currency(im, base);
  Day as_of = as_of_arg(a, im.log);
  Session session(std::move(im.log));
  SimulationReport r = session.simulate(base, cand, as_of);
  print(format == "json" ? simulation_json(r) + "\n" : simulation_text(r));
  return 0;
}

void declare_sweep(CLI::App& c) {
  c.description("Moves one threshold (the first condition on metric M in tier NAME) over N evenly\n"
                "spaced values from X to Y and prints the customer count of every tier at each.");
  required_option(c, "--program", "FILE", "program JSON (spec §3)");
  declare_events_options(c);
  required_option(c, "--tier", "NAME", "the tier whose threshold moves");
  required_option(c, "--metric", "M", "the metric of the moved condition");
  required_option(c, "--from", "X", "first threshold, in the metric's unit (money in major units)");
  required_option(c, "--to", "Y", "last threshold, in the metric's unit");
  required_option(c, "--steps", "N", "number of values, 1 to 100000");
  value_option(c, "--as-of", "DATE", "as-of day, YYYY-MM-DD (default: the last event date)");
  value_option(c, "--format", "csv|json", "output format", "csv");
}

int cmd_sweep(const Args& a) {
  Program p = load_program(a.require("program"));
  const std::string format = format_arg(a, {"csv", "json"});
  std::vector<std::string> tiers, metrics;
  for (const auto& t : p.tiers) tiers.push_back(t.name);
  for (const auto& m : p.metrics) metrics.push_back(m.name);
  const std::string tier = a.require("tier");
  if (std::find(tiers.begin(), tiers.end(), tier) == tiers.end())
    throw InputError("--tier: " + not_in_program("tier", tier, tiers));
  int metric = p.metric_index(a.require("metric"));
  if (metric < 0) throw InputError("--metric: " + not_in_program("metric", a.require("metric"), metrics));
  int64_t from = parse_metric_value(p, metric, a.require("from"));
  int64_t to = parse_metric_value(p, metric, a.require("to"));
  std::string steps_text = a.require("steps");
  std::string why;
  auto steps = parse_decimal(steps_text, 0, &why);
  if (!steps || *steps < 1 || *steps > 100000) throw InputError("--steps: expected a whole number from 1 to 100000");
  Import im = load_events(a, a.require("events"), p.currency.digits);
  warn_currency(im, p);
  Day as_of = as_of_arg(a, im.log);
  Session session(std::move(im.log));
  SweepResult s = session.sweep(p, a.require("tier"), a.require("metric"), from, to, static_cast<int>(*steps), as_of);
  print(format == "json" ? sweep_json(p, s) + "\n" : sweep_csv(p, s));
  return 0;
}

void declare_replay(CLI::App& c) {
  c.description("Tier counts on each step date from D1 to D2, with upgrades, downgrades and the\n"
                "advancement rate (upgrades / members below the top tier at the previous step).");
  required_option(c, "--program", "FILE", "program JSON (spec §3)");
  declare_events_options(c);
  required_option(c, "--from", "D1", "first step date, YYYY-MM-DD");
  required_option(c, "--to", "D2", "last step date, YYYY-MM-DD");
  value_option(c, "--step", "day|week|month", "step between dates", "month");
  value_option(c, "--format", "csv|json", "output format", "csv");
}

int cmd_replay(const Args& a) {
  Program p = load_program(a.require("program"));
  const std::string format = format_arg(a, {"csv", "json"});
  Day from = parse_day_arg("from", a.require("from"));
  Day to = parse_day_arg("to", a.require("to"));
  ReplayStep step = parse_replay_step(a.require("step"));
  Import im = load_events(a, a.require("events"), p.currency.digits);
  warn_currency(im, p);
  Session session(std::move(im.log));
  ReplayResult r = session.replay(p, from, to, step);
  print(format == "json" ? replay_json(r) + "\n" : replay_csv(r));
  return 0;
}

} // namespace tierlab::cli
