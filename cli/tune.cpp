// tune: thresholds from a target tier mix (spec §5b), or a benefit budget.
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "commands.hpp"
#include "tierlab/error.hpp"
#include "tierlab/tune.hpp"

#include <CLI/CLI.hpp>

namespace tierlab::cli {

void declare_tune(CLI::App& c) {
  c.description("For each tier named, highest first, moves one leaf of its qualify condition (the\n"
                "first on --metric, else the first) to the least whole value that leaves at most\n"
                "the target share of enrolled customers at that tier or above (spec §5b). A target\n"
                "no threshold can reach is reported and left alone. --budget then raises the tuned\n"
                "thresholds by one common factor until the benefit cost fits (docs/semantics.md).\n"
                "--output writes the tuned program for `simulate --candidate`.");
  required_option(c, "--program", "FILE", "program JSON (spec §3)");
  declare_events_options(c);
  value_option(c, "--target", "TIER=SHARE,...", "target share at or above each tier: 30% or 0.3 (Silver=30%,Gold=10%)");
  value_option(c, "--metric", "M", "tune the first condition on metric M (default: each tier's first)");
  value_option(c, "--budget", "AMOUNT", "benefit cost ceiling in major units; alone: scales every tier's leaf");
  value_option(c, "--as-of", "DATE", "as-of day, YYYY-MM-DD (default: the last event date)");
  value_option(c, "--format", "text|json", "report format", "text");
  value_option(c, "--output", "FILE", "write the tuned program (JSON) to FILE");
}

int cmd_tune(const Args& a) {
  Program p = load_program(a.require("program"));
  const std::string format = format_arg(a, {"text", "json"});
  std::vector<TuneTarget> targets;
  if (auto t = a.get("target")) targets = parse_tune_targets(*t);
  TuneOptions options;
  if (auto m = a.get("metric")) options.metric = *m;
  if (auto b = a.get("budget")) {
    std::string why;
    auto money = parse_decimal(*b, p.currency.digits, &why);
    if (!money) throw InputError("--budget: " + why);
    options.budget = *money;
  }
  if (targets.empty() && !options.budget) throw InputError("missing --target (or --budget) (see --help)");
  tune_plan(p, targets, options); // bad tiers and metrics are told before the events are read
  Import im = load_events(a, a.require("events"), p.currency.digits);
  Day as_of = as_of_arg(a, im.log);
  Session session(std::move(im.log));
  TuneResult r = tune(session, p, targets, options, as_of);
  if (auto path = a.get("output")) {
    const std::string text = program_to_json(r.candidate) + "\n";
    FILE* f = std::fopen(path->c_str(), "wb");
    if (!f || std::fwrite(text.data(), 1, text.size(), f) != text.size() || std::fclose(f) != 0)
      throw InputError("--output: cannot write " + *path + ": " + std::strerror(errno));
  }
  const std::string out = format == "json" ? tune_json(r) + "\n" : tune_text(r);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

} // namespace tierlab::cli
