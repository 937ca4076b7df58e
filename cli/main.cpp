// The tierlab command: a thin face over libtierlab (spec §6).
// Exit status: 0 done, 2 bad input (program, events, arguments), 1 anything else.
#include <cerrno>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "args.hpp"
#include "tierlab/error.hpp"
#include "tierlab/evaluate.hpp"
#include "tierlab/events.hpp"
#include "tierlab/generate.hpp"
#include "tierlab/program.hpp"
#include "commands.hpp"

namespace tierlab::cli {

std::string read_file(const std::string& path) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open file");
  in.seekg(0, std::ios::end);
  std::string s(static_cast<size_t>(in.tellg()), '\0');
  in.seekg(0);
  in.read(s.data(), static_cast<std::streamsize>(s.size()));
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

void print_report(const ImportReport& r) {
  std::fprintf(stderr, "%s (%s): %s\n", r.source.c_str(), r.format.c_str(), r.summary().c_str());
  // Spec §2: the report lists the first 100 skipped rows with line and reason.
  const size_t shown = r.first_skipped.size();
  for (size_t i = 0; i < shown; ++i) std::fprintf(stderr, "  skipped %s\n", r.first_skipped[i].message.c_str());
  if (r.skipped > static_cast<int64_t>(shown))
    std::fprintf(stderr, "  ... and %lld more skipped rows\n", static_cast<long long>(r.skipped - static_cast<int64_t>(shown)));
}

LineItemMapping parse_mapping(const std::string& spec) {
  LineItemMapping m;
  m.customer_suffix_strip.clear();
  std::stringstream ss(spec);
  std::string item;
  while (std::getline(ss, item, ',')) {
    auto eq = item.find('=');
    if (eq == std::string::npos) throw InputError("--map: expected key=Column pairs, got \"" + item + "\"");
    std::string k = item.substr(0, eq), v = item.substr(eq + 1);
    if (k == "customer") m.customer = v;
    else if (k == "date") m.date = v;
    else if (k == "order") m.order = v;
    else if (k == "amount") m.amount = v;
    else if (k == "quantity") m.quantity = v;
    else if (k == "unit_price") m.unit_price = v;
    else if (k == "strip_suffix") m.customer_suffix_strip = v;
    else throw InputError("--map: unknown key \"" + k + "\" (customer, date, order, amount, quantity, unit_price, strip_suffix)");
  }
  if (m.customer.empty() || m.date.empty()) throw InputError("--map: needs at least customer= and date=");
  return m;
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

Import load_events(const Args& a, const std::string& path, int digits) {
  ImportOptions opt;
  opt.currency_digits = digits;
  opt.skip_bad_rows = a.has("skip-bad-rows");
  opt.source = path;
  ImportFormat format = ImportFormat::Auto;
  if (auto f = a.get("import-format")) format = parse_import_format(*f);
  std::optional<LineItemMapping> mapping;
  if (auto m = a.get("map")) mapping = parse_mapping(*m);
  if (path.size() > 5 && path.substr(path.size() - 5) == ".json" && format == ImportFormat::Auto)
    format = ImportFormat::EventsJson;
  // A canonical events CSV is read a block at a time (faster than mapping
  // it); a file that needs the general reader is mapped below.
  if ((format == ImportFormat::Auto || format == ImportFormat::EventsCsv) && !mapping) {
    if (auto im = read_events_csv_file(path, format, opt)) {
      print_report(im->report);
      return std::move(*im);
    }
  }
  MappedText file(path);
  std::string_view text = file.view();
  opt.done_with = [&file](size_t begin, size_t end) { file.release(begin, end); };
  Import im = import_any(text, format, opt, mapping ? &*mapping : nullptr);
  print_report(im.report);
  return im;
}

Day as_of_arg(const Args& a, const EventLog& log) {
  if (auto d = a.get("as-of")) return parse_day_arg("as-of", *d);
  return default_as_of(log);
}

std::string format_arg(const Args& a, const std::vector<std::string>& allowed, const std::string& fallback) {
  const std::string format = a.get("format").value_or(fallback);
  for (const auto& f : allowed)
    if (f == format) return format;
  throw InputError("--format: expected " + allowed[0] + " or " + allowed[1] + ", got \"" + format + "\"");
}

const char* const kEventsHelp =
    "  --events FILE         events: canonical CSV or JSON (spec §2), or a store export\n"
    "                        (Shopify / WooCommerce orders, Online Retail line items, CDNOW),\n"
    "                        detected from the header\n"
    "  --import-format F     force the format: events-csv, events-json, shopify, woocommerce,\n"
    "                        line-items, online-retail, cdnow\n"
    "  --map K=COL,...       column mapping for any line-item CSV: customer=, date=, order=,\n"
    "                        amount= or quantity= and unit_price=, strip_suffix=\n"
    "  --skip-bad-rows       go on past bad rows (they are counted and listed)\n";

namespace {

int cmd_validate(int argc, char** argv) {
  Args a(argc, argv, 2, {}, {});
  if (a.help() || a.positional().size() != 1) {
    std::printf("usage: tierlab validate PROGRAM.json\n\n"
                "Checks a program (spec §3) and prints a summary, or the first fault with its\n"
                "JSON pointer (e.g. /tiers/2/qualify/any/0/above: expected a number).\n");
    return a.help() ? 0 : 2;
  }
  Program p = load_program(a.positional()[0]);
  std::printf("%s: valid — \"%s\", %s, %zu tiers (", a.positional()[0].c_str(), p.name.c_str(), p.currency.code.c_str(), p.tiers.size());
  for (size_t i = 0; i < p.tiers.size(); ++i) std::printf("%s%s", i ? " < " : "", p.tiers[i].name.c_str());
  std::printf("), %zu metrics%s%s\n", p.metrics.size(), p.enrollment_required ? ", enrollment required" : "",
              p.points ? ", points" : "");
  return 0;
}

int cmd_evaluate(int argc, char** argv) {
  Args a(argc, argv, 2, {"skip-bad-rows"}, {"program", "events", "as-of", "format", "customer", "import-format", "map"});
  if (a.help()) {
    std::printf("usage: tierlab evaluate --program P.json --events E.csv [--as-of YYYY-MM-DD]\n"
                "                        [--format csv|json] [--customer ID] [--skip-bad-rows]\n\n"
                "Prints every customer's tier at the end of the as-of day (default: the last\n"
                "event date), sorted by customer_id:\n"
                "  customer_id,enrolled,tier,tier_index,next_tier,progress,held_until,<metrics...>[,points_balance]\n"
                "The import report (rows read = used + duplicates + skipped) goes to stderr.\n\n"
                "  --program FILE        program JSON (spec §3)\n%s"
                "  --as-of DATE          as-of day, YYYY-MM-DD\n"
                "  --format csv|json     output format (default csv)\n"
                "  --customer ID         only this customer\n", kEventsHelp);
    return 0;
  }
  Program p = load_program(a.require("program"));
  const std::string format = format_arg(a, {"csv", "json"}, "csv");
  Import im = load_events(a, a.require("events"), p.currency.digits);
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
    if (one.rows.empty()) throw InputError("--customer: no customer \"" + *who + "\" with events on or before " + format_day(as_of));
    e = std::move(one);
  }
  if (format == "csv") write_evaluation_csv(p, im.log, e, 0, write);
  else write(evaluation_json(p, im.log, e) + "\n");
  return 0;
}

int cmd_generate(int argc, char** argv) {
  Args a(argc, argv, 2, {}, {"customers", "seed", "from", "to"});
  if (a.help()) {
    std::printf("usage: tierlab generate --customers N [--seed S] [--from D1 --to D2]\n\n"
                "Writes deterministic synthetic events (CSV, spec §2) to stdout: a few heavy\n"
                "buyers and many light ones (~17 purchases on average), ~8%% returns, reviews,\n"
                "social shares and referrals, joins and leaves, some ISO date-times with Z or\n"
                "+02:00, and ~0.5%% rows sent twice (duplicate event ids). Default dates\n"
                "2024-01-01 to 2025-12-31, seed 1.\n");
    return 0;
  }
  GenerateOptions opt;
  auto number = [&](const std::string& name) {
    std::string v = a.require(name);
    std::string why;
    auto n = parse_decimal(v, 0, &why);
    if (!n || *n < 0) throw InputError("--" + name + ": expected a whole number, got \"" + v + "\"");
    return static_cast<uint64_t>(*n);
  };
  opt.customers = number("customers");
  if (a.has("seed")) opt.seed = number("seed");
  if (a.has("from")) opt.from = parse_day_arg("from", *a.get("from"));
  if (a.has("to")) opt.to = parse_day_arg("to", *a.get("to"));
  if (opt.to < opt.from) throw InputError("--to is before --from");
  generate_events(opt, [](std::string_view chunk) { std::fwrite(chunk.data(), 1, chunk.size(), stdout); });
  return 0;
}

int cmd_import(int argc, char** argv) {
  Args a(argc, argv, 2, {"skip-bad-rows"}, {"events", "currency", "import-format", "map"});
  if (a.help() || !a.has("events")) {
    std::printf("usage: tierlab import --events FILE [--currency CODE] [--import-format F] [--map ...]\n\n"
                "Converts a store export or line-item file into the canonical events CSV\n"
                "(customer_id,date,type,amount) on stdout: one event per customer order,\n"
                "negative order totals and refunds as returns. The report goes to stderr.\n\n%s"
                "  --currency CODE       currency of the amounts (default USD; GBP for Online Retail)\n",
                kEventsHelp);
    return a.help() ? 0 : 2;
  }
  std::string code = a.get("currency").value_or("USD");
  auto cur = find_currency(code);
  if (!cur) throw InputError("--currency: unknown ISO 4217 currency \"" + code + "\"");
  Import im = load_events(a, a.require("events"), cur->digits);
  std::string out = events_to_csv(im.log, cur->digits);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

void usage(FILE* f) {
  std::fprintf(f,
               "tierlab — loyalty tiers, progress and what-if simulation\n\n"
               "usage: tierlab COMMAND [options]   (tierlab COMMAND --help for details)\n\n"
               "  validate   check a program JSON\n"
               "  evaluate   every customer's tier, progress and metrics at a date\n"
               "  simulate   baseline vs candidate program: counts, migration, cost\n"
               "  sweep      customer count per tier as one threshold moves\n"
               "  replay     tier counts, upgrades and downgrades over time\n"
               "  generate   deterministic synthetic events\n"
               "  import     convert a store export to the canonical events CSV\n\n"
               "Exit status: 0 done, 2 bad input, 1 anything else.\n");
}

} // namespace

int run(int argc, char** argv) {
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  std::string cmd = argv[1];
  if (cmd == "-h" || cmd == "--help" || cmd == "help") {
    usage(stdout);
    return 0;
  }
  if (cmd == "--version") {
    std::printf("tierlab 0.1.0\n");
    return 0;
  }
  if (cmd == "validate") return cmd_validate(argc, argv);
  if (cmd == "evaluate") return cmd_evaluate(argc, argv);
  if (cmd == "generate") return cmd_generate(argc, argv);
  if (cmd == "import") return cmd_import(argc, argv);
  if (cmd == "simulate") return cmd_simulate(argc, argv);
  if (cmd == "sweep") return cmd_sweep(argc, argv);
  if (cmd == "replay") return cmd_replay(argc, argv);
  std::fprintf(stderr, "tierlab: unknown command \"%s\"\n\n", cmd.c_str());
  usage(stderr);
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
    std::fprintf(stderr, "tierlab: %s%s\n", option ? "--" : "", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tierlab: internal error: %s\n", e.what());
    return 1;
  }
}
