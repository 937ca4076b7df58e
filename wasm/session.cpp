// The full module's entry points (see session.hpp). Outputs are the core's
// own writers, so the bytes are the CLI's.
#include "session.hpp"

#include <algorithm>

#include "csv.hpp"
#include "tierlab/tune.hpp"
#include "tierlab/notify.hpp"
#include "import_formats.hpp"

namespace tierlab::wasm {

using json::Value;
using json::Writer;

namespace {

// read_program keeps the std::string signature the lean module uses (its
// size budget); a program is a few KB, so the copy costs nothing that shows.
Program program_of(std::string_view text, const char* source = "program") {
  return read_program(std::string(text), source);
}

int digits_of(const Options& o) {
  std::string code = o.text("currency");
  if (code.empty()) return 2;
  auto c = find_currency(code);
  if (!c) throw InputError("currency: unknown ISO 4217 currency \"" + code + "\"");
  return c->digits;
}

LineItemMapping mapping_of(const Value& m) {
  if (!m.is(Value::Type::Object)) throw InputError("mapping: expected an object {customer, date, ...}");
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& [k, v] : m.members) {
    if (!v.is(Value::Type::String)) throw InputError("mapping/" + k + ": expected a column name");
    pairs.emplace_back(k, v.text);
  }
  return line_item_mapping(pairs, "mapping");
}

void check_same_currency(const Program& base, const Program& cand) {
  if (cand.currency.code != base.currency.code)
    throw InputError("candidate: currency " + cand.currency.code + " differs from the baseline's " +
                     base.currency.code);
}

} // namespace

namespace {
// How the events are written (docs/importers.md, "European files"): the
// options delimiter, decimal, dateOrder, timezone; unset ones are worked out.
void read_format_options(const Options& o, ImportOptions& io) {
  if (std::string v = o.text("delimiter"); !v.empty()) io.delimiter = parse_delimiter(v, "delimiter");
  if (std::string v = o.text("decimal"); !v.empty()) io.decimal = parse_decimal_separator(v, "decimal");
  if (std::string v = o.text("date_order"); !v.empty()) io.date_order = parse_date_order(v, "dateOrder");
  if (std::string v = o.text("timezone"); !v.empty()) io.timezone_minutes = parse_timezone_offset(v, "timezone");
}
} // namespace

Import import_with(std::string_view events, const Options& o, int currency_digits) {
  ImportOptions io = import_options(o, currency_digits);
  read_format_options(o, io);
  ImportFormat format = ImportFormat::Auto;
  if (std::string f = o.text("import_format"); !f.empty()) format = parse_import_format(f);
  std::optional<LineItemMapping> mapping;
  if (const Value* m = o.find("mapping"); m && !m->is(Value::Type::Null)) mapping = mapping_of(*m);
  return import_any(events, format, io, mapping ? &*mapping : nullptr);
}

namespace {

void log_summary(Writer& w, const EventLog& log) {
  w.key("customers").integer(static_cast<int64_t>(log.customers()));
  w.key("events").integer(static_cast<int64_t>(log.size()));
  w.key("first_day");
  if (log.size()) w.string(format_day(log.first_day));
  else w.null();
  w.key("last_day");
  if (log.size()) w.string(format_day(log.last_day));
  else w.null();
  w.key("kinds").begin_array();
  for (const auto& k : log.kinds) w.string(k);
  w.end_array();
}

} // namespace

Result import_summary(std::string_view events, std::string_view options_json) {
  return guard([&](Result& r) {
    Options o(options_json);
    Import im = import_with(events, o, digits_of(o));
    r.report = report_json(im.report);
    Writer w;
    w.begin_object();
    log_summary(w, im.log);
    w.end_object();
    return w.take();
  });
}

Result import_to_csv(std::string_view events, std::string_view options_json) {
  return guard([&](Result& r) {
    Options o(options_json);
    const int digits = digits_of(o);
    Import im = import_with(events, o, digits);
    r.report = report_json(im.report);
    return events_to_csv(im.log, digits);
  });
}

Result inspect_events(std::string_view events, std::string_view options_json) {
  return guard([&](Result&) {
    Options o(options_json);
    int64_t rows = 5;
    if (std::string n = o.text("rows"); !n.empty()) {
      std::string why;
      auto v = parse_decimal(n, 0, &why);
      if (!v || *v < 0 || *v > 1000)
        throw InputError("rows: expected a whole number from 0 to 1000, got \"" + n + "\"");
      rows = *v;
    }
    ImportOptions io = import_options(o, 2);
    read_format_options(o, io);
    const char delimiter = delimiter_of(events, io);
    const ImportFormat format = detect_format(events, delimiter);
    Writer w;
    w.begin_object();
    w.key("format");
    if (format == ImportFormat::Auto) w.null();
    else w.string(import_format_name(format));
    w.key("needs_mapping").boolean(format == ImportFormat::Auto);
    w.key("columns").begin_array();
    std::vector<std::string_view> fields;
    std::vector<std::string> header;
    CsvReader reader(events, delimiter); // skips a UTF-8 BOM
    const bool csv = format != ImportFormat::EventsJson && format != ImportFormat::Cdnow;
    if (csv && reader.next(fields))
      for (auto f : fields) {
        header.emplace_back(trim(f));
        w.string(trim(f)); // header names as the importers match them
      }
    w.end_array();
    std::vector<std::vector<std::string>> preview;
    w.key("rows").begin_array();
    for (int64_t r = 0; csv && r < rows && reader.next(fields); ++r) {
      preview.emplace_back(fields.begin(), fields.end());
      w.begin_array();
      for (auto f : fields) w.string(f);
      w.end_array();
    }
    w.end_array();
    if (!o.flag("formats")) { // the shape before the mapping step's choices
      w.end_object();
      return w.take();
    }
    // The mapping step's choices: how the file is written, as given or worked
    // out for the mapped date and money columns, and why (or what is unclear).
    auto column = [&](const char* key) {
      const Value* m = o.find("mapping");
      const Value* v = m && m->is(Value::Type::Object) ? m->find(key) : nullptr;
      if (!v || !v->is(Value::Type::String)) return -1;
      for (size_t i = 0; i < header.size(); ++i)
        if (iequals(header[i], v->text)) return static_cast<int>(i);
      return -1;
    };
    const int date_col = column("date"), amount_col = column("amount") >= 0 ? column("amount") : column("unit_price");
    std::vector<std::string> notes;
    ImportOptions settled = io;
    settled.delimiter = delimiter;
    // The amounts first, then the dates (with the decimal settled): an
    // ambiguity in one still shows the other as read.
    std::optional<InputError> problem;
    try {
      if (amount_col >= 0)
        settled.decimal = settle_options(events, io, -1, "", {amount_col}, DateOrder::Auto, "", notes).decimal;
    } catch (const InputError& e) {
      problem = e;
    }
    try {
      ImportOptions with_decimal = io;
      with_decimal.decimal = settled.decimal;
      if (date_col >= 0)
        settled.date_order = settle_options(events, with_decimal, date_col, header[static_cast<size_t>(date_col)], {},
                                            DateOrder::Auto, "", notes)
                                 .date_order;
    } catch (const InputError& e) {
      problem = e; // the dates' question is the one to answer first
    }
    const bool dates_unclear = problem && problem->code() == "ambiguous_date";
    w.key("problem");
    if (problem) {
      w.begin_object().key("code").string(problem->code()).key("message").string(problem->reason());
      w.key("line").integer(problem->where().line).end_object();
    } else {
      w.null();
    }
    w.key("delimiter").string(std::string(1, settled.delimiter));
    w.key("delimiter_given").boolean(io.delimiter != 0);
    w.key("decimal");
    if (settled.decimal) w.string(std::string(1, settled.decimal));
    else w.null();
    w.key("date_order").string(date_order_name(settled.date_order));
    w.key("notes").begin_array();
    for (const auto& n : notes) w.string(n);
    w.end_array();
    // The preview rows as the import would read the mapped date and amount.
    w.key("read").begin_array();
    for (const auto& row : preview) {
      w.begin_object();
      std::string why;
      if (date_col >= 0 && static_cast<size_t>(date_col) < row.size()) {
        w.key("date");
        if (dates_unclear) w.string("? day or month first: choose the date order");
        else if (auto d = parse_export_date(row[static_cast<size_t>(date_col)], settled.date_order,
                                            settled.timezone_minutes, &why))
          w.string(format_day(*d));
        else w.string("? " + why);
      }
      if (amount_col >= 0 && static_cast<size_t>(amount_col) < row.size()) {
        std::string plain;
        w.key("amount");
        if (plain_amount(trim(row[static_cast<size_t>(amount_col)]), settled.decimal ? settled.decimal : '.', plain,
                         &why))
          w.string(plain);
        else w.string("? " + why);
      }
      w.end_object();
    }
    w.end_array();
    w.end_object();
    return w.take();
  });
}

Result normalize_program(std::string_view program_json) {
  return guard([&](Result&) { return program_to_json(program_of(program_json)); });
}

namespace {

// cmd_evaluate of cli/main.cpp, minus the files.
std::string evaluation_output(const Program& p, const EventLog& log, const Options& o, Day as_of) {
  std::string format = o.text("format");
  if (format.empty()) format = "csv";
  if (format != "csv" && format != "json") throw InputError("format: expected csv or json, got \"" + format + "\"");
  // One thread, as everywhere in the module (and so in the native benchmark of this code).
  Evaluation e = evaluate(p, log, as_of, 1);
  if (std::string who = o.text("customer"); !who.empty()) {
    Evaluation one;
    one.as_of = e.as_of;
    one.metric_count = e.metric_count;
    for (size_t r = 0; r < e.rows.size(); ++r)
      if (log.customer_ids[e.rows[r].customer] == who) {
        one.rows.push_back(e.rows[r]);
        one.metric_values.assign(e.metric_values.begin() + static_cast<long>(r * e.metric_count),
                                 e.metric_values.begin() + static_cast<long>((r + 1) * e.metric_count));
        if (p.points) one.points_balance.push_back(e.points_balance[r]);
      }
    if (one.rows.empty())
      throw InputError("customer: no customer \"" + who + "\" with events on or before " + format_day(as_of));
    e = std::move(one);
  }
  return format == "csv" ? evaluation_csv(p, log, e, 1) : evaluation_json(p, log, e) + "\n";
}

Day as_of_or(const Options& o, const EventLog& log) {
  std::string text = o.text("as_of");
  return text.empty() ? default_as_of(log) : read_day(text, "as-of");
}

std::string simulation_output(const SimulationReport& rep, const Options& o) {
  std::string format = o.text("format");
  if (format.empty()) format = "json";
  if (format != "text" && format != "json") throw InputError("format: expected text or json, got \"" + format + "\"");
  return format == "json" ? simulation_json(rep) + "\n" : simulation_text(rep);
}

} // namespace

Result evaluate_output(std::string_view program_json, std::string_view events, std::string_view options_json) {
  return guard([&](Result& r) {
    Program p = program_of(program_json);
    Options o(options_json);
    Import im = import_with(events, o, p.currency.digits);
    r.report = report_json(im.report);
    return evaluation_output(p, im.log, o, as_of_or(o, im.log));
  });
}

Result simulate_output(std::string_view baseline_json, std::string_view candidate_json, std::string_view events,
                       std::string_view options_json) {
  return guard([&](Result& r) {
    Program base = program_of(baseline_json, "program");
    Program cand = program_of(candidate_json, "candidate");
    check_same_currency(base, cand);
    Options o(options_json);
    Import im = import_with(events, o, base.currency.digits);
    r.report = report_json(im.report);
    Day as_of = as_of_or(o, im.log);
    Session session(std::move(im.log));
    return simulation_output(session.simulate(base, cand, as_of), o);
  });
}

// ---- SessionHandle ----

Session& SessionHandle::session() {
  if (!session_) throw InputError("session: no events loaded");
  return *session_;
}

Day SessionHandle::as_of(const Options& o) const { return as_of_or(o, session_->log()); }

Result SessionHandle::load(std::string_view events, std::string_view options_json) {
  return guard([&](Result& r) {
    Options o(options_json);
    int digits = digits_of(o);
    if (std::string program = o.text("program"); !program.empty()) digits = read_program(program).currency.digits;
    Import im = import_with(events, o, digits);
    r.report = report_ = report_json(im.report);
    session_ = std::make_unique<Session>(std::move(im.log));
    tiering_ = Tiering{};
    progress_.clear();
    return std::string("{}");
  });
}

Result SessionHandle::info() const {
  return guard([&](Result& r) {
    if (!session_) throw InputError("session: no events loaded");
    r.report = report_;
    Writer w;
    w.begin_object();
    log_summary(w, session_->log());
    w.end_object();
    return w.take();
  });
}

std::string SessionHandle::customer_ids() const {
  std::string out;
  if (!session_) return out;
  const auto& ids = session_->log().customer_ids;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i) out += '\0';
    out += ids[i];
  }
  return out;
}

Result SessionHandle::tiers(std::string_view program_json, std::string_view options_json) {
  return guard([&](Result&) {
    Session& s = session();
    Program p = program_of(program_json);
    Options o(options_json);
    tiering_ = s.tiers(p, as_of(o));
    progress_.resize(tiering_.progress.size());
    for (size_t i = 0; i < progress_.size(); ++i)
      progress_[i] = static_cast<double>(tiering_.progress[i].num) / static_cast<double>(tiering_.progress[i].den);
    std::vector<int64_t> counts(p.tiers.size(), 0);
    int64_t not_enrolled = 0;
    for (int8_t t : tiering_.tier) {
      if (t < 0) ++not_enrolled;
      else ++counts[static_cast<size_t>(t)];
    }
    Writer w;
    w.begin_object();
    w.key("as_of").string(format_day(tiering_.as_of));
    w.key("rows").integer(static_cast<int64_t>(tiering_.customers.size()));
    w.key("tiers").begin_array();
    for (size_t t = 0; t < p.tiers.size(); ++t)
      w.begin_object().key("name").string(p.tiers[t].name).key("customers").integer(counts[t]).end_object();
    w.end_array();
    w.key("not_enrolled").integer(not_enrolled);
    w.end_object();
    return w.take();
  });
}

Result SessionHandle::simulate(std::string_view baseline_json, std::string_view candidate_json,
                               std::string_view options_json) {
  return guard([&](Result&) {
    Session& s = session();
    Program base = program_of(baseline_json, "program");
    Program cand = program_of(candidate_json, "candidate");
    check_same_currency(base, cand);
    Options o(options_json);
    return simulation_output(s.simulate(base, cand, as_of(o)), o);
  });
}

Result SessionHandle::movers(std::string_view baseline_json, std::string_view candidate_json,
                             std::string_view options_json) {
  return guard([&](Result&) {
    Session& s = session();
    Program base = program_of(baseline_json, "program");
    Program cand = program_of(candidate_json, "candidate");
    check_same_currency(base, cand);
    Options o(options_json);
    size_t limit = 0;
    if (std::string l = o.text("limit"); !l.empty()) {
      std::string why;
      auto n = parse_decimal(l, 0, &why);
      if (!n || *n < 0) throw InputError("limit: expected a whole number");
      limit = static_cast<size_t>(*n);
    }
    const auto& ids = s.log().customer_ids;
    Writer w;
    w.begin_array();
    for (const Mover& m : s.movers(base, cand, as_of(o), limit)) {
      w.begin_object().key("customer_id").string(ids[m.customer]);
      w.key("from").integer(m.from).key("from_name");
      if (m.from >= 0) w.string(base.tiers[static_cast<size_t>(m.from)].name);
      else w.null();
      w.key("to").integer(m.to).key("to_name");
      if (m.to >= 0) w.string(cand.tiers[static_cast<size_t>(m.to)].name);
      else w.null();
      w.end_object();
    }
    w.end_array();
    return w.take();
  });
}

Result SessionHandle::sweep(std::string_view program_json, std::string_view options_json) {
  return guard([&](Result&) {
    Session& s = session();
    Program p = program_of(program_json);
    Options o(options_json);
    std::string format = o.text("format");
    if (format.empty()) format = "json";
    if (format != "csv" && format != "json") throw InputError("format: expected csv or json, got \"" + format + "\"");
    std::string metric_name = o.text("metric"), tier = o.text("tier");
    int metric = p.metric_index(metric_name);
    if (metric < 0) throw InputError("metric: no metric \"" + metric_name + "\" in the program");
    int64_t from = parse_metric_value(p, metric, o.text("from"));
    int64_t to = parse_metric_value(p, metric, o.text("to"));
    std::string why;
    auto steps = parse_decimal(o.text("steps"), 0, &why);
    if (!steps || *steps < 1 || *steps > 100000) throw InputError("steps: expected a whole number from 1 to 100000");
    SweepResult res = s.sweep(p, tier, metric_name, from, to, static_cast<int>(*steps), as_of(o));
    return format == "json" ? sweep_json(p, res) + "\n" : sweep_csv(p, res);
  });
}

Result SessionHandle::tune(std::string_view program_json, std::string_view options_json) {
  return guard([&](Result&) {
    Session& s = session();
    Program p = program_of(program_json);
    Options o(options_json);
    const std::string targets = o.text("targets");
    TuneOptions t;
    t.metric = o.text("metric");
    if (std::string b = o.text("budget"); !b.empty()) {
      std::string why;
      auto money = parse_decimal(b, p.currency.digits, &why);
      if (!money) throw option_error("budget", "budget", why);
      t.budget = *money;
    }
    TuneResult r = tierlab::tune(
        s, p, targets.empty() ? std::vector<TuneTarget>{} : parse_tune_targets(targets, "targets"), t, as_of(o));
    return tune_json(r, true);
  });
}

Result SessionHandle::replay(std::string_view program_json, std::string_view options_json) {
  return guard([&](Result&) {
    Session& s = session();
    Program p = program_of(program_json);
    Options o(options_json);
    std::string format = o.text("format");
    if (format.empty()) format = "json";
    if (format != "csv" && format != "json") throw InputError("format: expected csv or json, got \"" + format + "\"");
    Day from = read_day(o.text("from"), "from");
    Day to = read_day(o.text("to"), "to");
    std::string step = o.text("step");
    ReplayResult res = s.replay(p, from, to, parse_replay_step(step.empty() ? "month" : step));
    return format == "json" ? replay_json(res) + "\n" : replay_csv(res);
  });
}

Result SessionHandle::evaluate(std::string_view program_json, std::string_view options_json) {
  return guard([&](Result&) {
    Session& s = session();
    Program p = program_of(program_json);
    Options o(options_json);
    return evaluation_output(p, s.log(), o, as_of(o));
  });
}

Result SessionHandle::notify(std::string_view program_json, std::string_view options_json) {
  return guard([&](Result&) {
    Session& s = session();
    Program p = program_of(program_json);
    Options o(options_json);
    NotifyOptions n;
    n.as_of = as_of(o);
    if (std::string since = o.text("since"); !since.empty()) n.since = read_day(since, "since");
    if (std::string within = o.text("within"); !within.empty()) {
      std::string why;
      const auto days = parse_decimal(within, 0, &why);
      if (!days || *days < 1 || *days > kNotifyMaxWithinDays)
        throw option_error("within", "within",
                           "expected a whole number of days from 1 to " + std::to_string(kNotifyMaxWithinDays) +
                               ", got \"" + within + "\"");
      n.within_days = static_cast<int32_t>(*days);
    }
    if (std::string locale = o.text("locale"); !locale.empty()) n.locale = locale;
    std::string format = o.text("format");
    if (format.empty()) format = "json";
    if (format != "csv" && format != "json" && format != "counts")
      throw option_error("format", "format", "expected json, csv or counts, got \"" + format + "\"");
    std::optional<NotifyReason> only;
    if (std::string reason = o.text("reason"); !reason.empty()) {
      only = parse_notify_reason(reason);
      if (!only) throw option_error("reason", "reason", "no notification reason \"" + reason + "\"");
    }
    const NotifyList list = tierlab::notify(p, s.log(), n);
    if (format == "counts") return notify_counts_json(list);
    if (format == "json") return notify_json(p, s.log(), list) + "\n";
    return only ? notify_csv(p, s.log(), list, *only) : notify_csv(p, s.log(), list);
  });
}

Result SessionHandle::customer(std::string_view program_json, std::string_view options_json) {
  return guard([&](Result&) {
    Session& s = session();
    Program p = program_of(program_json);
    Options o(options_json);
    const EventLog& log = s.log();
    std::string who = o.text("customer");
    auto it = std::lower_bound(log.customer_ids.begin(), log.customer_ids.end(), who);
    if (who.empty() || it == log.customer_ids.end() || *it != who)
      throw InputError("customer: no customer \"" + who + "\"");
    const auto c = static_cast<uint32_t>(it - log.customer_ids.begin());
    CustomerView in = customer_view(p, log, c, as_of(o));
    std::optional<CartPreview> preview;
    if (const auto cart = cart_total_of(o, p)) preview = cart_preview(p, in, *cart, &log, c);
    return customer_json(p, in, preview);
  });
}

Result SessionHandle::metric_values(std::string_view program_json, std::string_view options_json) {
  return guard([&](Result&) {
    Session& s = session();
    Program p = program_of(program_json);
    Options o(options_json);
    const Day d = as_of(o);
    const EventLog& log = s.log();
    const size_t nm = p.metrics.size();
    // The same listing and values as `evaluate` (one Evaluator, as evaluation_output).
    Evaluator ev(p, log);
    std::vector<int64_t> row(nm);
    metric_customers_.clear();
    metric_values_.clear();
    const double scale = static_cast<double>(pow10i(p.currency.digits));
    constexpr int64_t kMaxSafe = (int64_t{1} << 53) - 1; // Number.MAX_SAFE_INTEGER
    for (uint32_t c = 0; c < log.customers(); ++c) {
      if (!ev.listed(c, d)) continue;
      ev.metrics(c, d, row.data());
      metric_customers_.push_back(c);
      for (size_t k = 0; k < nm; ++k) {
        const int64_t v = row[k];
        if (v > kMaxSafe || v < -kMaxSafe)
          throw InputError("metric " + p.metrics[k].name + " of customer \"" + log.customer_ids[c] +
                           "\": " + format_metric_value(p, static_cast<int>(k), v) +
                           " is beyond 2^53 - 1 units, which a JS number cannot hold exactly");
        // v / 10^digits, correctly rounded: the double Number("123.45") gives.
        metric_values_.push_back(is_money(p.metrics[k].measure) ? static_cast<double>(v) / scale
                                                                : static_cast<double>(v));
      }
    }
    Writer w;
    w.begin_object();
    w.key("as_of").string(format_day(d));
    w.key("rows").integer(static_cast<int64_t>(metric_customers_.size()));
    w.key("metrics").begin_array();
    for (const auto& m : p.metrics)
      w.begin_object().key("name").string(m.name).key("money").boolean(is_money(m.measure)).end_object();
    w.end_array();
    w.end_object();
    return w.take();
  });
}

} // namespace tierlab::wasm
