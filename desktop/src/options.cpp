// tierlab-tuner's command line, read with CLI11 (as the tierlab command's):
// the options are declared once, --help is generated from them, and every bad
// argument is an InputError that names the option.
#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstdlib>

#include "tierlab/error.hpp"
#include "tierlab/tune.hpp"
#include "tuner_state.hpp"

namespace tierlab::tuner {

namespace {

// The words as given; checked and converted after CLI11 has read them.
struct Raw {
  std::vector<std::string> files;
  std::string candidate, save_to, screenshot, frames, scale, size, as_of, tab, tune;
  bool skip_bad_rows = false;
};

void declare(CLI::App& app, Raw& r) {
  app.get_formatter()->label("Usage", "usage");
  app.get_formatter()->column_width(26);
  app.allow_extras(); // left-over words are reported by name, never ignored
  app.add_option("FILES", r.files,
                 "PROGRAM.json then EVENTS.csv (events in any format the core imports);\n"
                 "a single .json file is the program, any other single file the events")
      ->type_name("");
  app.add_option("--candidate", r.candidate, "start from a saved candidate of PROGRAM (same tiers)")
      ->type_name("C.json");
  app.add_option("--save-to", r.save_to,
                 "where Ctrl+S writes the candidate program\n"
                 "(default: the --candidate file, else PROGRAM.candidate.json)")
      ->type_name("PATH");
  app.add_option("--as-of", r.as_of, "as-of day (default: the last event date)")->type_name("YYYY-MM-DD");
  app.add_flag("--skip-bad-rows", r.skip_bad_rows, "import on past bad rows (they are listed in the import report)")
      ->disable_flag_override();
  app.add_option("--scale", r.scale, "UI scale, 0.5 to 4 (default: the monitor's content scale)")->type_name("S");
  app.add_option("--size", r.size, "window size in logical pixels (default 1280x800)")->type_name("WxH");
  app.add_option("--tab", r.tab, "open tab: sweep, replay, movers, notify, import or tune")->type_name("NAME");
  app.add_option("--tune", r.tune, "once the data is in, tune to this target mix (the Target mix tab)")
      ->type_name("TIER=SHARE,...");
  app.add_option("--screenshot", r.screenshot,
                 "render, wait for the data work to finish, write the window as PNG, exit")
      ->type_name("FILE.png");
  app.add_option("--frames", r.frames, "frames to render before the screenshot (default 5; needs --screenshot)")
      ->type_name("N");
  app.footer("Files can also be dropped on the window: a program JSON or events in any\n"
             "format the core imports (events CSV/JSON, Shopify, WooCommerce, Online Retail, CDNOW).");
}

int parse_int_option(const std::string& name, const std::string& v, int lo, int hi) {
  char* end = nullptr;
  errno = 0;
  long n = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || errno != 0 || n < lo || n > hi)
    throw InputError("--" + name + ": expected a whole number from " + std::to_string(lo) + " to " +
                     std::to_string(hi) + ", got \"" + v + "\"");
  return static_cast<int>(n);
}

// CLI11's message for a bad argument, as ours: "--option: reason".
std::string our_message(const CLI::ParseError& e) {
  const std::string what = e.what();
  auto has = [&](const std::string& s) { return what.find(s) != std::string::npos; };
  auto before = [&](const std::string& s) { return what.substr(0, what.find(s)); };
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) {
    if (has(" was given a disallowed flag override")) return "--" + before(" was given") + ": takes no value";
    if (has(": At Most ")) return before(":") + ": given twice";
    if (has(" required ") && has(" missing")) return before(":") + ": missing value";
  }
  return what;
}

} // namespace

std::string usage_text() {
  CLI::App app("", "tierlab-tuner");
  Raw r;
  declare(app, r);
  return app.help();
}

Options parse_options(int argc, const char* const* argv) {
  Options o;
  Raw r;
  CLI::App app("", "tierlab-tuner");
  declare(app, r);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    o.help = true;
    return o;
  } catch (const CLI::ParseError& e) {
    throw InputError(our_message(e));
  }
  for (const auto& a : app.remaining()) {
    if (a.size() > 1 && a[0] == '-') throw InputError(a.substr(0, a.find('=')) + ": unknown option");
    throw InputError("unexpected argument \"" + a + "\"");
  }
  auto given = [&](const char* name) { return app.get_option(name)->count() > 0; };
  o.candidate = r.candidate;
  o.save_to = r.save_to;
  o.screenshot = r.screenshot;
  o.skip_bad_rows = r.skip_bad_rows;
  if (given("--tune")) {
    parse_tune_targets(r.tune, "tune"); // checked now; tier names once the program is in
    o.tune = r.tune;
  }
  if (given("--frames")) o.frames = parse_int_option("frames", r.frames, 1, 100000);
  if (given("--scale")) {
    char* end = nullptr;
    double s = std::strtod(r.scale.c_str(), &end);
    if (r.scale.empty() || *end != '\0' || !(s >= 0.5 && s <= 4))
      throw InputError("--scale: expected a number from 0.5 to 4, got \"" + r.scale + "\"");
    o.scale = static_cast<float>(s);
  }
  if (given("--size")) {
    auto x = r.size.find('x');
    if (x == std::string::npos) throw InputError("--size: expected WxH, got \"" + r.size + "\"");
    o.width = parse_int_option("size", r.size.substr(0, x), 320, 16384);
    o.height = parse_int_option("size", r.size.substr(x + 1), 240, 16384);
  }
  if (given("--as-of")) {
    auto d = parse_day(r.as_of);
    if (!d) throw InputError("--as-of: expected a date YYYY-MM-DD, got \"" + r.as_of + "\"");
    o.as_of = *d;
  }
  if (given("--tab")) {
    o.tab = r.tab;
    if (o.tab != "sweep" && o.tab != "replay" && o.tab != "movers" && o.tab != "import" && o.tab != "notify" &&
        o.tab != "tune")
      throw InputError("--tab: expected sweep, replay, movers, notify, import or tune, got \"" + o.tab + "\"");
  }
  const auto& positional = r.files;
  if (positional.size() > 2) throw InputError("too many files: expected [PROGRAM.json] [EVENTS.csv]");
  // PROGRAM then EVENTS; a single file is a program when it is .json (the
  // window looks at the content again, as for a dropped file).
  if (positional.size() == 2) {
    o.program = positional[0];
    o.events = positional[1];
  } else if (positional.size() == 1) {
    const auto& f = positional[0];
    bool json = f.size() > 5 && f.compare(f.size() - 5, 5, ".json") == 0;
    (json ? o.program : o.events) = f;
  }
  if (!o.candidate.empty() && o.program.empty()) throw InputError("--candidate: needs a PROGRAM.json to compare with");
  if (!o.screenshot.empty() && o.frames == 0) o.frames = 5;
  if (o.screenshot.empty() && o.frames != 0) throw InputError("--frames: needs --screenshot");
  return o;
}

} // namespace tierlab::tuner
