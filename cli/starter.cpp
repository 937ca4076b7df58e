// starter: a first program from a shop's own data (issue 18).
#include <cstdio>

#include "commands.hpp"
#include "tierlab/error.hpp"
#include "tierlab/evaluate.hpp"
#include "tierlab/starter.hpp"

#include <CLI/CLI.hpp>

namespace tierlab::cli {

void declare_starter(CLI::App& c) {
  c.description("Writes a starter program (JSON, spec §3) for the events to stdout: tiers Member,\n"
                "Silver, Gold, Platinum on net spend over the last 365 days, at round thresholds\n"
                "(two significant figures) near the spend of today's top 30%, 10% and 2% of\n"
                "customers. Edit it, then try it with simulate. What each tier would hold goes\n"
                "to stderr.");
  declare_events_options(c);
  required_option(c, "--currency", "CODE", "ISO 4217 currency of the amounts and of the program");
  value_option(c, "--as-of", "DATE", "the day the spend is measured at, YYYY-MM-DD (default: the last event date)");
  value_option(c, "--name", "TEXT", "the program's name", "Starter program (from the data)");
}

int cmd_starter(const Args& a) {
  const std::string code = a.require("currency");
  const auto cur = find_currency(code);
  if (!cur) throw InputError("--currency: unknown ISO 4217 currency \"" + code + "\"");
  Import im = load_events(a, a.require("events"), cur->digits);
  const Day as_of = as_of_arg(a, im.log);
  const StarterProgram s = starter_program(im.log, cur->code, as_of, a.require("name"));
  std::fwrite(s.json.data(), 1, s.json.size(), stdout);
  std::fprintf(stderr, "starter program at %s over %lld customers:\n", format_day(as_of).c_str(),
               static_cast<long long>(s.customers));
  for (const StarterTier& t : s.tiers)
    std::fprintf(stderr, "  %-8s from %s %s (the top %d%% start at %s): %lld customers\n", t.name.c_str(),
                 format_decimal(t.threshold, cur->digits).c_str(), cur->code.c_str(), t.top_percent,
                 format_decimal(t.quantile, cur->digits).c_str(), static_cast<long long>(t.customers));
  return 0;
}

} // namespace tierlab::cli
