#include "args.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "tierlab/error.hpp"

namespace tierlab::cli {

// ---- values -------------------------------------------------------------------------

Args::Args(const CLI::App& command) : command_(&command) {
  for (const CLI::Option* o : command.get_options([](const CLI::Option* o) { return o->get_positional(); }))
    for (const auto& v : o->results()) positional_.push_back(v);
}

const CLI::Option* Args::option(const std::string& name) const {
  const CLI::Option* o = command_->get_option_no_throw("--" + name);
  if (!o) throw std::logic_error("tierlab: the command declares no option --" + name);
  return o;
}

bool Args::has(const std::string& name) const { return option(name)->count() > 0; }

bool Args::declares(const std::string& name) const { return command_->get_option_no_throw("--" + name) != nullptr; }

std::optional<std::string> Args::get(const std::string& name) const {
  const CLI::Option* o = option(name);
  if (o->count() > 0) return o->results().front();
  if (!o->get_default_str().empty()) return o->get_default_str();
  return std::nullopt;
}

std::string Args::require(const std::string& name) const {
  auto v = get(name);
  if (!v) throw InputError("missing --" + name + " (see --help)");
  return *v;
}

// ---- declarations ---------------------------------------------------------------------

CLI::Option* value_option(CLI::App& command, const std::string& name, const std::string& type, const std::string& help,
                          const std::string& default_value) {
  CLI::Option* o = command.add_option(name)->description(help)->type_name(type);
  if (!default_value.empty()) o->default_str(default_value);
  return o;
}

CLI::Option* required_option(CLI::App& command, const std::string& name, const std::string& type,
                             const std::string& help) {
  return value_option(command, name, type, help)->required();
}

CLI::Option* flag_option(CLI::App& command, const std::string& name, const std::string& help) {
  return command.add_flag(name)->description(help)->disable_flag_override();
}

CLI::Option* positional_argument(CLI::App& command, const std::string& name, const std::string& help) {
  return command.add_option(name)->description(help)->required();
}

// ---- help -----------------------------------------------------------------------------

namespace {

class HelpFormatter : public CLI::Formatter {
 public:
  HelpFormatter() { column_width(25); }

  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override {
    if (mode == CLI::AppFormatMode::Sub) return make_expanded(app);
    std::string out = make_usage(app, name);
    // The description is "summary\n\ndetails": the details here, the summary
    // in the list of commands.
    std::string d = app->get_description();
    if (auto p = d.find("\n\n"); p != std::string::npos) d = d.substr(p + 2);
    if (!d.empty()) out += "\n" + d + "\n";
    out += make_positionals(app);
    out += make_groups(app, mode);
    out += make_subcommands(app, mode);
    if (!app->get_footer().empty()) out += "\n" + app->get_footer() + "\n";
    return out;
  }

  // "usage: tierlab evaluate --program FILE --events FILE [--as-of DATE] ...",
  // from the declared options, wrapped at 90 columns.
  std::string make_usage(const CLI::App* app, std::string name) const override {
    std::string head = "usage: " + name;
    if (!app->get_subcommands({}).empty())
      return head + " COMMAND [options]   (" + name + " COMMAND --help for details)\n";
    std::vector<std::string> words;
    for (const CLI::Option* o : app->get_options()) {
      if (o == app->get_help_ptr() || o == app->get_help_all_ptr()) continue;
      std::string w = o->get_positional() ? o->get_name(true, false) : o->get_name();
      if (!o->get_positional() && !o->get_type_name().empty()) w += " " + o->get_type_name();
      words.push_back(o->get_required() ? w : "[" + w + "]");
    }
    std::string out = head, line = head;
    const std::string indent(head.size() + 1, ' ');
    for (const auto& w : words) {
      if (line.size() + 1 + w.size() > 90 && line.size() > indent.size()) {
        out += "\n" + indent + w;
        line = indent + w;
      } else {
        out += " " + w;
        line += " " + w;
      }
    }
    return out + "\n";
  }

  // The value's word only: "required" and the default go into the description.
  std::string make_option_opts(const CLI::Option* o) const override {
    return o->get_type_name().empty() ? "" : " " + o->get_type_name();
  }

  // In the list of commands: the description's first paragraph.
  std::string make_subcommand(const CLI::App* sub) const override {
    std::string d = sub->get_description();
    std::stringstream out;
    CLI::detail::format_help(out, sub->get_name(), d.substr(0, d.find("\n\n")), get_column_width());
    return out.str();
  }

  std::string make_option_desc(const CLI::Option* o) const override {
    std::string d = o->get_description();
    if (o->get_required()) d += " (required)";
    if (!o->get_default_str().empty()) d += " (default " + o->get_default_str() + ")";
    return d;
  }
};

// CLI11's message for a bad argument, as ours: the option first.
std::string our_message(const CLI::ParseError& e) {
  const std::string what = e.what();
  auto starts = [&](const std::string& s) { return what.rfind(s, 0) == 0; };
  auto has = [&](const std::string& s) { return what.find(s) != std::string::npos; };
  auto before = [&](const std::string& s) { return what.substr(0, what.find(s)); };
  if (dynamic_cast<const CLI::RequiredError*>(&e) && has(" is required"))
    return "missing " + before(" is required") + " (see --help)";
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) {
    if (has(" was given a disallowed flag override")) {
      std::string name = before(" was given");
      return "option " + (starts("-") ? name : "--" + name) + " takes no value";
    }
    if (has(": At Most ")) return "option " + before(":") + " given twice";
    if (has(" required ") && has(" missing")) return "option " + before(":") + " needs a value";
  }
  if (dynamic_cast<const CLI::ExtrasError*>(&e) && has(": "))
    return "unexpected argument \"" + what.substr(what.find(": ") + 2) + "\" (see --help)";
  return what;
}

// Extras are allowed only so that we can name them: none may be left over.
void check_left_over(const CLI::App& command, bool options_only) {
  for (const auto& a : command.remaining()) {
    if (a.size() > 1 && a[0] == '-') {
      const std::string name = a.substr(0, a.find('='));
      std::vector<std::string> names;
      for (const CLI::Option* o : command.get_options())
        if (!o->get_positional()) names.push_back(o->get_name());
      const std::string near = did_you_mean(name, names);
      throw InputError("unknown option " + name + (near.empty() ? " (see --help)" : " (" + near + ")"));
    }
    if (!options_only) throw InputError("unexpected argument \"" + a + "\" (see --help)");
  }
}

// Optimal string alignment distance: an edit, or two letters swapped, is one.
size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

} // namespace

std::string did_you_mean(const std::string& word, const std::vector<std::string>& names) {
  std::string best;
  size_t best_distance = 0;
  for (const std::string& n : names) {
    const size_t dist = edit_distance(lower(word), lower(n));
    if (dist * 3 <= std::max<size_t>(n.size(), 3) && (best.empty() || dist < best_distance)) {
      best = n;
      best_distance = dist;
    }
  }
  return best.empty() ? "" : "did you mean " + best + "?";
}

void use_help_format(CLI::App& app) { app.formatter(std::make_shared<HelpFormatter>()); }

// ---- parsing --------------------------------------------------------------------------

const CLI::App* parse_command_line(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForVersion& v) {
    std::printf("%s\n", v.what());
    return nullptr;
  } catch (const CLI::CallForHelp&) {
    std::string help = app.help();
    std::fwrite(help.data(), 1, help.size(), stdout);
    return nullptr;
  } catch (const CLI::ParseError& e) {
    // An unknown option explains more than what it caused (e.g. a missing one).
    if (!app.get_subcommands().empty()) check_left_over(*app.get_subcommands().front(), true);
    throw InputError(our_message(e));
  }
  const auto chosen = app.get_subcommands();
  if (chosen.empty()) throw InputError("no command (see --help)");
  check_left_over(*chosen.front(), false);
  return chosen.front();
}

} // namespace tierlab::cli
