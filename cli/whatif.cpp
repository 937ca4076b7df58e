// simulate, sweep, replay: what-if commands over a Session (spec §5, §6).
#include <cstdio>

#include "commands.hpp"
#include "tierlab/error.hpp"
#include "tierlab/simulate.hpp"

namespace tierlab::cli {

namespace {
void print(const std::string& s) { std::fwrite(s.data(), 1, s.size(), stdout); }
} // namespace

int cmd_simulate(int argc, char** argv) {
  Args a(argc, argv, 2, {"skip-bad-rows"}, {"program", "candidate", "events", "as-of", "format", "import-format", "map"});
  if (a.help()) {
    std::printf("usage: tierlab simulate --program P.json --candidate C.json --events E.csv [--as-of D]\n"
                "                        [--format text|json]\n\n"
                "Compares a baseline program with a candidate on the same customers: tier counts\n"
                "and shares, not enrolled, migration matrix, upgrades / downgrades, near misses\n"
                "(progress >= 0.8), benefit cost (discount x gross spend of the last 365 days),\n"
                "points liability, and KPIs (repeat purchase rate, purchase frequency, lifetime\n"
                "net spend, redemption rate). JSON shape: docs/formats.md.\n\n"
                "  --program FILE        baseline program\n"
                "  --candidate FILE      candidate program\n%s"
                "  --as-of DATE          default: the last event date\n"
                "  --format text|json    default text\n", kEventsHelp);
    return 0;
  }
  Program base = load_program(a.require("program"));
  Program cand = load_program(a.require("candidate"));
  if (cand.currency.code != base.currency.code)
    throw InputError("--candidate: currency " + cand.currency.code + " differs from the baseline's " + base.currency.code);
  const std::string format = format_arg(a, {"text", "json"}, "text");
  Import im = load_events(a, a.require("events"), base.currency.digits);
  Day as_of = as_of_arg(a, im.log);
  Session session(std::move(im.log));
  SimulationReport r = session.simulate(base, cand, as_of);
  print(format == "json" ? simulation_json(r) + "\n" : simulation_text(r));
  return 0;
}

int cmd_sweep(int argc, char** argv) {
  Args a(argc, argv, 2, {"skip-bad-rows"},
         {"program", "events", "tier", "metric", "from", "to", "steps", "as-of", "format", "import-format", "map"});
  if (a.help()) {
    std::printf("usage: tierlab sweep --program P.json --events E.csv --tier NAME --metric M\n"
                "                     --from X --to Y --steps N [--as-of D] [--format csv|json]\n\n"
                "Moves one threshold (the first condition on metric M in tier NAME) over N evenly\n"
                "spaced values from X to Y and prints the customer count of every tier at each.\n"
                "X and Y are in the metric's unit (money in major units).\n\n%s"
                "  --format csv|json     default csv\n", kEventsHelp);
    return 0;
  }
  Program p = load_program(a.require("program"));
  const std::string format = format_arg(a, {"csv", "json"}, "csv");
  int metric = p.metric_index(a.require("metric"));
  if (metric < 0) throw InputError("--metric: no metric \"" + a.require("metric") + "\" in the program");
  int64_t from = parse_metric_value(p, metric, a.require("from"));
  int64_t to = parse_metric_value(p, metric, a.require("to"));
  std::string steps_text = a.require("steps");
  std::string why;
  auto steps = parse_decimal(steps_text, 0, &why);
  if (!steps || *steps < 1 || *steps > 100000) throw InputError("--steps: expected a whole number from 1 to 100000");
  Import im = load_events(a, a.require("events"), p.currency.digits);
  Day as_of = as_of_arg(a, im.log);
  Session session(std::move(im.log));
  SweepResult s = session.sweep(p, a.require("tier"), a.require("metric"), from, to, static_cast<int>(*steps), as_of);
  print(format == "json" ? sweep_json(p, s) + "\n" : sweep_csv(p, s));
  return 0;
}

int cmd_replay(int argc, char** argv) {
  Args a(argc, argv, 2, {"skip-bad-rows"}, {"program", "events", "from", "to", "step", "format", "import-format", "map"});
  if (a.help()) {
    std::printf("usage: tierlab replay --program P.json --events E.csv --from D1 --to D2\n"
                "                      [--step day|week|month] [--format csv|json]\n\n"
                "Tier counts on each step date from D1 to D2, with upgrades, downgrades and the\n"
                "advancement rate (upgrades / members below the top tier at the previous step).\n\n%s"
                "  --step day|week|month default month\n"
                "  --format csv|json     default csv\n", kEventsHelp);
    return 0;
  }
  Program p = load_program(a.require("program"));
  const std::string format = format_arg(a, {"csv", "json"}, "csv");
  Day from = parse_day_arg("from", a.require("from"));
  Day to = parse_day_arg("to", a.require("to"));
  ReplayStep step = parse_replay_step(a.get("step").value_or("month"));
  Import im = load_events(a, a.require("events"), p.currency.digits);
  Session session(std::move(im.log));
  ReplayResult r = session.replay(p, from, to, step);
  print(format == "json" ? replay_json(r) + "\n" : replay_csv(r));
  return 0;
}

} // namespace tierlab::cli
