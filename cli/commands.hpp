#pragma once
// Shared helpers of the tierlab command and the what-if commands.
#include <string>
#include <vector>

#include "args.hpp"
#include "tierlab/events.hpp"
#include "tierlab/program.hpp"

namespace tierlab::cli {

std::string read_file(const std::string& path);
Program load_program(const std::string& path);
Day parse_day_arg(const std::string& option, const std::string& text);
Import load_events(const Args& a, const std::string& path, int digits);
Day as_of_arg(const Args& a, const EventLog& log);
// A warning on stderr when a store export's currency is not the program's.
void warn_currency(const Import& im, const Program& p);
// --format, one of `allowed` (its default is declared with the option);
// throws InputError otherwise.
std::string format_arg(const Args& a, const std::vector<std::string>& allowed);

// The events options shared by every command that reads events:
// --events (required), --import-format, --map, --skip-bad-rows.
void declare_events_options(CLI::App& command);

// One command: its options are declared on a CLI11 subcommand, then it runs.
struct Command {
  const char* name;
  const char* summary; // one line, in `tierlab --help`
  void (*declare)(CLI::App& command);
  int (*run)(const Args& a);
};

void declare_simulate(CLI::App& command);
int cmd_simulate(const Args& a);
void declare_sweep(CLI::App& command);
int cmd_sweep(const Args& a);
void declare_replay(CLI::App& command);
int cmd_replay(const Args& a);
void declare_tune(CLI::App& command);
int cmd_tune(const Args& a);
void declare_notify(CLI::App& command);
int cmd_notify(const Args& a);
void declare_starter(CLI::App& command);
int cmd_starter(const Args& a);

} // namespace tierlab::cli
