// The tierlab command: a thin face over libtierlab (spec §6).
// Exit status: 0 done, 2 bad input (program, events, arguments), 1 anything else.
#include <cerrno>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <iterator>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "args.hpp"
#include "tierlab/error.hpp"
#include "tierlab/evaluate.hpp"
#include "tierlab/events.hpp"
#include "tierlab/generate.hpp"
#include "tierlab/program.hpp"
#include "commands.hpp"

namespace tierlab::cli {

// What a path names: a regular file (its size), a directory (refused), or
// anything else (a pipe, a device: read as a stream).
struct FileKind {
  bool regular = false;
  size_t size = 0;
};
FileKind file_kind(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw InputError(path + ": cannot open file");
  if (S_ISDIR(st.st_mode)) throw InputError(path + ": is a directory, not a file");
  return {S_ISREG(st.st_mode), static_cast<size_t>(st.st_size)};
}

std::string read_file(const std::string& path) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    return ss.str();
  }
  const FileKind kind = file_kind(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open file");
  if (!kind.regular) {
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  std::string s(kind.size, '\0');
  in.read(s.data(), static_cast<std::streamsize>(s.size()));
  s.resize(static_cast<size_t>(in.gcount()));
  if (in.bad()) throw InputError(path + ": cannot read file");
  return s;
}

// A large events file is mapped, not copied, and the pages already parsed are
// handed back to the OS as the import goes (resident memory stays the
// engine's, not the file's).
class MappedText {
 public:
  explicit MappedText(const std::string& path) {
    if (path == "-") {
      copy_ = read_file(path);
      view_ = copy_;
      return;
    }
    file_kind(path); // a located refusal for a directory or a missing file
    int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) throw InputError(path + ": cannot open file");
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
      ::close(fd);
      copy_ = read_file(path);
      view_ = copy_;
      return;
    }
    size_ = static_cast<size_t>(st.st_size);
    void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (p == MAP_FAILED) throw InputError(path + ": cannot map file");
    ::madvise(p, size_, MADV_SEQUENTIAL);
    map_ = p;
    view_ = std::string_view(static_cast<const char*>(p), size_);
  }
  ~MappedText() {
    if (map_) ::munmap(map_, size_);
  }
  MappedText(const MappedText&) = delete;
  MappedText& operator=(const MappedText&) = delete;
  std::string_view view() const { return view_; }
  // The importer is done with [begin, end): the OS may drop those pages
  // (a rare later read faults them back in). Safe from several threads.
  void release(size_t begin, size_t end) const {
    if (!map_) return;
    const size_t page = 1 << 16, b = (begin + page - 1) / page * page, e = end / page * page;
    if (e > b) ::madvise(static_cast<char*>(map_) + b, e - b, MADV_DONTNEED);
  }

 private:
  std::string copy_;
  std::string_view view_;
  void* map_ = nullptr;
  size_t size_ = 0;
};

Program load_program(const std::string& path) {
  std::string text = read_file(path);
  try {
    return parse_program(text);
  } catch (const InputError& e) {
    throw InputError(path + ": " + e.what());
  }
}

Day parse_day_arg(const std::string& option, const std::string& text) {
  auto d = parse_day(text);
  if (!d) throw InputError("--" + option + ": expected a date YYYY-MM-DD, got \"" + text + "\"");
  return *d;
}

// The report on stderr: the accounting line, then (unless quiet) how the
// file was read and the first skipped rows.
void print_report(const ImportReport& r, bool quiet) {
  std::fprintf(stderr, "%s (%s): %s\n", r.source.c_str(), r.format.c_str(), r.summary().c_str());
  if (quiet) return;
  for (const std::string& note : r.notes) std::fprintf(stderr, "  note: %s\n", note.c_str());
  // Spec §2: the report lists the first 100 skipped rows with line and reason.
  const size_t shown = r.first_skipped.size();
  for (size_t i = 0; i < shown; ++i) std::fprintf(stderr, "  skipped %s\n", r.first_skipped[i].message.c_str());
  if (r.skipped > static_cast<int64_t>(shown))
    std::fprintf(stderr, "  ... and %lld more skipped rows\n",
                 static_cast<long long>(r.skipped - static_cast<int64_t>(shown)));
}

LineItemMapping parse_mapping(const std::string& spec) {
  std::vector<std::pair<std::string, std::string>> pairs;
  std::stringstream ss(spec);
  std::string item;
  while (std::getline(ss, item, ',')) {
    auto eq = item.find('=');
    if (eq == std::string::npos)
      throw option_error("map", "mapping", "expected key=Column pairs, got \"" + item + "\"");
    pairs.emplace_back(item.substr(0, eq), item.substr(eq + 1));
  }
  return line_item_mapping(pairs, "map");
}

// The fast path for a regular file holding a canonical events CSV (when
// `format` is Auto, only if its header says so). Nothing when it does not apply.
std::optional<Import> read_events_csv_file(const std::string& path, ImportFormat format, const ImportOptions& opt) {
  if (path == "-") return std::nullopt;
  int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return std::nullopt; // MappedText reports it
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) return std::nullopt;
  const size_t size = static_cast<size_t>(st.st_size);
  ReadAt read_at = [fd](size_t offset, char* into, size_t n) {
    size_t done = 0;
    while (done < n) {
      const ssize_t got = ::pread(fd, into + done, n - done, static_cast<off_t>(offset + done));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) break;
      done += static_cast<size_t>(got);
    }
    return done;
  };
  if (format == ImportFormat::Auto) {
    std::string head(std::min<size_t>(size, 1 << 16), '\0');
    if (read_at(0, head.data(), head.size()) != head.size() || detect_format(head) != ImportFormat::EventsCsv)
      return std::nullopt;
  }
  return import_events_csv_file(read_at, size, opt);
}

// How the events file is written, from --delimiter, --decimal, --date-order
// and --timezone (unset: worked out from the file).
ImportOptions import_options_arg(const Args& a) {
  ImportOptions opt;
  if (auto v = a.get("delimiter")) opt.delimiter = parse_delimiter(*v, "delimiter");
  if (auto v = a.get("decimal")) opt.decimal = parse_decimal_separator(*v, "decimal");
  if (auto v = a.get("date-order")) opt.date_order = parse_date_order(*v, "date-order");
  if (auto v = a.get("timezone")) opt.timezone_minutes = parse_timezone_offset(*v, "timezone");
  return opt;
}

ImportFormat import_format_arg(const std::string& name) {
  try {
    return parse_import_format(name);
  } catch (const InputError& e) {
    throw InputError("--import-format: " + std::string(e.what()));
  }
}

// Every argument that can be checked without the events is checked before
// they are read (a typo in --as-of costs no minute-long import).
void check_arguments_first(const Args& a) {
  if (a.declares("as-of"))
    if (auto d = a.get("as-of")) parse_day_arg("as-of", *d);
  if (auto f = a.get("import-format")) import_format_arg(*f);
  if (auto m = a.get("map")) parse_mapping(*m);
  import_options_arg(a);
}

Import load_events(const Args& a, const std::string& path, int digits) {
  check_arguments_first(a);
  ImportOptions opt = import_options_arg(a);
  opt.currency_digits = digits;
  opt.skip_bad_rows = a.has("skip-bad-rows");
  opt.source = path;
  const bool quiet = a.has("quiet");
  ImportFormat format = ImportFormat::Auto;
  if (auto f = a.get("import-format")) format = import_format_arg(*f);
  std::optional<LineItemMapping> mapping;
  if (auto m = a.get("map")) mapping = parse_mapping(*m);
  if (path.size() > 5 && path.substr(path.size() - 5) == ".json" && format == ImportFormat::Auto)
    format = ImportFormat::EventsJson;
  // A canonical events CSV is read a block at a time (faster than mapping
  // it); a file that needs the general reader is mapped below.
  if ((format == ImportFormat::Auto || format == ImportFormat::EventsCsv) && !mapping) {
    if (auto im = read_events_csv_file(path, format, opt)) {
      print_report(im->report, quiet);
      return std::move(*im);
    }
  }
  MappedText file(path);
  std::string_view text = file.view();
  opt.done_with = [&file](size_t begin, size_t end) { file.release(begin, end); };
  Import im = import_any(text, format, opt, mapping ? &*mapping : nullptr);
  print_report(im.report, quiet);
  return im;
}

// A store export that names its currency, against the program's: said before
// any figure (the amounts would be counted as the program's money).
void warn_currency(const Import& im, const Program& p) {
  if (!im.report.currency.empty() && im.report.currency != p.currency.code)
    std::fprintf(stderr,
                 "tierlab: warning: %s names its orders' currency %s, the program counts in %s: the figures below "
                 "take the amounts as %s (use a program in %s, or `tierlab starter --currency %s`)\n",
                 im.report.source.c_str(), im.report.currency.c_str(), p.currency.code.c_str(), p.currency.code.c_str(),
                 im.report.currency.c_str(), im.report.currency.c_str());
}

Day as_of_arg(const Args& a, const EventLog& log) {
  if (auto d = a.get("as-of")) return parse_day_arg("as-of", *d);
  return default_as_of(log);
}

std::string format_arg(const Args& a, const std::vector<std::string>& allowed) {
  const std::string format = a.require("format");
  for (const auto& f : allowed)
    if (f == format) return format;
  throw InputError("--format: expected " + allowed[0] + " or " + allowed[1] + ", got \"" + format + "\"");
}

void declare_events_options(CLI::App& c) {
  required_option(c, "--events", "FILE",
                  "events: canonical CSV or JSON (spec §2), or a store export\n"
                  "(Shopify / WooCommerce orders, Online Retail line items, CDNOW),\n"
                  "detected from the header; - reads stdin");
  value_option(c, "--import-format", "F",
               "force the format: events-csv, events-json, shopify, woocommerce,\n"
               "line-items, online-retail, cdnow");
  value_option(c, "--map", "K=COL,...",
               "column mapping for any line-item CSV: customer=, date=, order=,\n"
               "amount= or quantity= and unit_price=, strip_suffix=");
  value_option(c, "--delimiter", "D",
               "the column separator: , ; tab or | (default: the one the header line\n"
               "uses most)");
  value_option(c, "--decimal", "SEP",
               "the decimal separator of amounts: . or , (default: worked out from\n"
               "the amounts; 1.234,50 and 1,234.50 are read with their thousands)");
  value_option(c, "--date-order", "ymd|dmy|mdy",
               "the order of numeric dates such as 03/12/2024 or 03.12.2024 (default:\n"
               "worked out from the dates; a file whose dates fit both is refused)");
  value_option(c, "--timezone", "+HH:MM",
               "the shop's clock for date-times written without a zone, e.g. +01:00\n"
               "(default: such a date-time counts on its written date)");
  flag_option(c, "--skip-bad-rows", "go on past bad rows (they are counted and listed)");
  flag_option(c, "--quiet", "print only the one-line import accounting on stderr");
}

namespace {

void declare_validate(CLI::App& c) {
  c.description("Checks a program (spec §3) and prints a summary, or the first fault with its\n"
                "JSON pointer (e.g. /tiers/2/qualify/any/0/above: expected a number).");
  positional_argument(c, "PROGRAM.json", "the program to check; - reads stdin");
}

int cmd_validate(const Args& a) {
  const std::string& path = a.positional().at(0);
  Program p = load_program(path);
  std::printf("%s: valid — \"%s\", %s, %zu tiers (", path.c_str(), p.name.c_str(), p.currency.code.c_str(),
              p.tiers.size());
  for (size_t i = 0; i < p.tiers.size(); ++i) std::printf("%s%s", i ? " < " : "", p.tiers[i].name.c_str());
  std::printf("), %zu metrics%s%s\n", p.metrics.size(), p.enrollment_required ? ", enrollment required" : "",
              p.points ? ", points" : "");
  return 0;
}

void declare_evaluate(CLI::App& c) {
  c.description("Prints every customer's tier at the end of the as-of day, sorted by customer_id:\n"
                "  customer_id,enrolled,tier,tier_index,next_tier,progress,held_until,<metrics...>[,points_balance]\n"
                "A program with \"status\" terms adds review_tier,keep_progress right after held_until.\n"
                "The import report (rows read = used + duplicates + skipped) goes to stderr.");
  required_option(c, "--program", "FILE", "program JSON (spec §3)");
  declare_events_options(c);
  value_option(c, "--as-of", "DATE", "as-of day, YYYY-MM-DD (default: the last event date)");
  value_option(c, "--format", "csv|json", "output format", "csv");
  value_option(c, "--customer", "ID", "only this customer");
}

int cmd_evaluate(const Args& a) {
  Program p = load_program(a.require("program"));
  const std::string format = format_arg(a, {"csv", "json"});
  Import im = load_events(a, a.require("events"), p.currency.digits);
  warn_currency(im, p);
  Day as_of = as_of_arg(a, im.log);
  auto write = [](std::string_view s) { std::fwrite(s.data(), 1, s.size(), stdout); };
  if (format == "csv" && !a.get("customer")) { // evaluated and written a batch at a time
    write_evaluation_csv(p, im.log, as_of, 0, write);
    return 0;
  }
  Evaluation e = evaluate(p, im.log, as_of, 0);
  if (auto who = a.get("customer")) {
    Evaluation one;
    one.as_of = e.as_of;
    one.metric_count = e.metric_count;
    for (size_t r = 0; r < e.rows.size(); ++r)
      if (im.log.customer_ids[e.rows[r].customer] == *who) {
        one.rows.push_back(e.rows[r]);
        one.metric_values.assign(e.metric_values.begin() + static_cast<long>(r * e.metric_count),
                                 e.metric_values.begin() + static_cast<long>((r + 1) * e.metric_count));
        if (p.points) one.points_balance.push_back(e.points_balance[r]);
      }
    if (one.rows.empty())
      throw InputError("--customer: no customer \"" + *who + "\" with events on or before " + format_day(as_of));
    e = std::move(one);
  }
  if (format == "csv") write_evaluation_csv(p, im.log, e, 0, write);
  else write(evaluation_json(p, im.log, e) + "\n");
  return 0;
}

void declare_generate(CLI::App& c) {
  c.description("Writes deterministic synthetic events (CSV, spec §2) to stdout: a few heavy\n"
                "buyers and many light ones (~17 purchases on average), ~8% returns, reviews,\n"
                "social shares and referrals, joins and leaves, some ISO date-times with Z or\n"
                "+02:00, and ~0.5% rows sent twice (duplicate event ids).");
  const GenerateOptions defaults;
  required_option(c, "--customers", "N", "number of customers");
  value_option(c, "--seed", "S", "random seed (the same seed gives the same bytes)", std::to_string(defaults.seed));
  value_option(c, "--from", "D1", "first event date, YYYY-MM-DD", format_day(defaults.from));
  value_option(c, "--to", "D2", "last event date, YYYY-MM-DD", format_day(defaults.to));
  value_option(c, "--order", "O",
               "row order: customer (each customer's rows together), date (by the time of\n"
               "the event, customers interleaved, as shops export) or shuffled; date and\n"
               "shuffled hold every row in memory first (about 1.3 GB per million customers)",
               "customer");
}

int cmd_generate(const Args& a) {
  GenerateOptions opt;
  auto number = [&](const std::string& name) {
    std::string v = a.require(name);
    std::string why;
    auto n = parse_decimal(v, 0, &why);
    if (!n || *n < 0) throw InputError("--" + name + ": expected a whole number, got \"" + v + "\"");
    return static_cast<uint64_t>(*n);
  };
  opt.customers = number("customers");
  opt.seed = number("seed");
  opt.from = parse_day_arg("from", a.require("from"));
  opt.to = parse_day_arg("to", a.require("to"));
  if (opt.to < opt.from) throw InputError("--to is before --from");
  const std::string order = a.require("order");
  if (order == "date") opt.order = GenerateOrder::Date;
  else if (order == "shuffled") opt.order = GenerateOrder::Shuffled;
  else if (order != "customer") throw InputError("--order: expected customer, date or shuffled, got \"" + order + "\"");
  generate_events(opt, [](std::string_view chunk) { std::fwrite(chunk.data(), 1, chunk.size(), stdout); });
  return 0;
}

void declare_import(CLI::App& c) {
  c.description("Converts a store export or line-item file into the canonical events CSV\n"
                "(customer_id,date,type,amount) on stdout: one event per customer order,\n"
                "negative order totals and refunds as returns. The report goes to stderr.");
  declare_events_options(c);
  value_option(c, "--currency", "CODE", "ISO 4217 currency of the amounts (sets their decimal places)", "USD");
}

int cmd_import(const Args& a) {
  std::string code = a.require("currency");
  auto cur = find_currency(code);
  if (!cur) throw InputError("--currency: unknown ISO 4217 currency \"" + code + "\"");
  Import im = load_events(a, a.require("events"), cur->digits);
  std::string out = events_to_csv(im.log, cur->digits);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

const Command kCommands[] = {
    {"validate", "check a program JSON", declare_validate, cmd_validate},
    {"evaluate", "every customer's tier, progress and metrics at a date", declare_evaluate, cmd_evaluate},
    {"simulate", "baseline vs candidate program: counts, migration, cost", declare_simulate, cmd_simulate},
    {"sweep", "customer count per tier as one threshold moves", declare_sweep, cmd_sweep},
    {"replay", "tier counts, upgrades and downgrades over time", declare_replay, cmd_replay},
    {"tune", "thresholds from a target tier mix (or a benefit budget)", declare_tune, cmd_tune},
    {"notify", "who to tell what: tier changes, near the next tier, points, rewards", declare_notify, cmd_notify},
    {"generate", "deterministic synthetic events", declare_generate, cmd_generate},
    {"import", "convert a store export to the canonical events CSV", declare_import, cmd_import},
    {"starter", "a first program from the data: tiers near the top 30% / 10% / 2% spend", declare_starter, cmd_starter},
};

} // namespace

int run(int argc, char** argv) {
  CLI::App app("tierlab — loyalty tiers, progress and what-if simulation", "tierlab");
  use_help_format(app);
  app.set_version_flag("--version", "tierlab 0.1.0", "print the version and exit");
  app.footer("Exit status: 0 done, 2 bad input, 1 anything else.");
  for (const Command& c : kCommands) {
    CLI::App* sub = app.add_subcommand(c.name);
    sub->group("Commands");
    sub->allow_extras(); // left-over arguments are reported by name, never ignored
    sub->footer("Exit status: 0 done, 2 bad input (with its place), 1 anything else.");
    c.declare(*sub); // the options, and the details as the description
    // The summary first: `tierlab --help` lists the commands with it.
    sub->description(std::string(c.summary) + "\n\n" + sub->get_description());
  }
  const std::string first = argc > 1 ? argv[1] : "";
  auto usage = [&](FILE* f) {
    std::string help = app.help();
    std::fwrite(help.data(), 1, help.size(), f);
  };
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  if (first == "help") {
    usage(stdout);
    return 0;
  }
  const bool known =
      std::any_of(std::begin(kCommands), std::end(kCommands), [&](const Command& c) { return first == c.name; });
  if (!known && first != "-h" && first != "--help" && first != "--version") {
    std::fprintf(stderr, "tierlab: unknown command \"%s\"\n\n", first.c_str());
    usage(stderr);
    return 2;
  }
  const CLI::App* command = parse_command_line(app, argc, argv);
  if (!command) return 0; // --help, --version
  for (const Command& c : kCommands)
    if (command->get_name() == c.name) return c.run(Args(*command));
  return 2;
}

} // namespace tierlab::cli

int main(int argc, char** argv) {
  try {
    return tierlab::cli::run(argc, argv);
  } catch (const tierlab::InputError& e) {
    std::fflush(stdout);
    // The core names a caller's option without dashes; here it is a flag.
    const bool option = !e.where().option.empty() && e.where().file.empty() && e.where().pointer.empty();
    // The core asks for an import option by its meaning; here it is a flag.
    std::string message = e.what();
    auto ask = [&](const std::string& asked, const std::string& flag) {
      if (message.size() >= asked.size() && message.compare(message.size() - asked.size(), asked.size(), asked) == 0)
        message = message.substr(0, message.size() - asked.size()) + flag;
    };
    if (e.code() == "ambiguous_date") ask("the date order, dmy or mdy", "--date-order dmy or --date-order mdy");
    if (e.code() == "ambiguous_decimal") ask("the decimal separator, . or ,", "--decimal . or --decimal ,");
    std::fprintf(stderr, "tierlab: %s%s\n", option ? "--" : "", message.c_str());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tierlab: internal error: %s\n", e.what());
    return 1;
  }
}
