#pragma once
// Shared helpers of the tierlab command and the what-if commands.
#include <string>
#include <vector>

#include "args.hpp"
#include "tierlab/events.hpp"
#include "tierlab/program.hpp"

namespace tierlab::cli {

extern const char* const kEventsHelp;
std::string read_file(const std::string& path);
Program load_program(const std::string& path);
Day parse_day_arg(const std::string& option, const std::string& text);
Import load_events(const Args& a, const std::string& path, int digits);
Day as_of_arg(const Args& a, const EventLog& log);
// --format, one of `allowed` (default `fallback`); throws InputError otherwise.
std::string format_arg(const Args& a, const std::vector<std::string>& allowed, const std::string& fallback);

int cmd_simulate(int argc, char** argv);
int cmd_sweep(int argc, char** argv);
int cmd_replay(int argc, char** argv);

} // namespace tierlab::cli
