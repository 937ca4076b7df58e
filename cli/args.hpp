#pragma once
// The command line, read with CLI11. Each command declares its options (name,
// value type, meaning, default) on a CLI::App; `tierlab COMMAND --help` is
// generated from those declarations. Every bad argument becomes an InputError
// that names the option (exit status 2); unknown options are never ignored.
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
} // namespace CLI

namespace tierlab::cli {

// The values of the command CLI11 parsed. Names without the leading "--".
class Args {
 public:
  explicit Args(const CLI::App& command);
  bool has(const std::string& name) const;
  bool declares(const std::string& name) const; // the command has an option --name
  // The value given, else the declared default, else nothing.
  std::optional<std::string> get(const std::string& name) const;
  // A value that must be there (declared required, or with a default).
  std::string require(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  const CLI::Option* option(const std::string& name) const;
  const CLI::App* command_;
  std::vector<std::string> positional_;
};

// Declarations. `type` is the word shown for the value (FILE, DATE, csv|json);
// `default_value` is used when the option is not given and shown in the help.
CLI::Option* value_option(CLI::App& command, const std::string& name, const std::string& type, const std::string& help,
                          const std::string& default_value = "");
CLI::Option* required_option(CLI::App& command, const std::string& name, const std::string& type,
                             const std::string& help);
CLI::Option* flag_option(CLI::App& command, const std::string& name, const std::string& help);
// "did you mean --delimiter?" for a word near one of `names` (at most a
// third of its letters off), else "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& names);

CLI::Option* positional_argument(CLI::App& command, const std::string& name, const std::string& help);

// The help layout of every command: the usage line built from the declared
// options, the description, the options with their meaning and default, the
// footer.
void use_help_format(CLI::App& app);

// Parses argv for `app` (one subcommand per command). Returns the command to
// run, or nullptr when --help or --version was asked for (then printed on
// stdout). Throws InputError naming the option for any bad argument.
const CLI::App* parse_command_line(CLI::App& app, int argc, char** argv);

} // namespace tierlab::cli
