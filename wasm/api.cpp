// Conversions between the core and the JS layer (see api.hpp). Money crosses
// as exact decimal strings in major units; counts as JSON numbers.
#include "api.hpp"

#include <algorithm>

namespace tierlab::wasm {

using json::Value;
using json::Writer;
using Type = Value::Type;

// ---- options and inputs ----

Options::Options(std::string_view json_text) {
  if (json_text.empty()) return;
  root_ = json::parse(json_text);
  if (!root_.is(Type::Object)) throw_input_error("options: expected an object");
}

std::string Options::text(std::string_view key) const {
  const Value* v = root_.find(key);
  if (!v) return {};
  if (v->is(Type::String) || v->is(Type::Number)) return v->text;
  if (v->is(Type::Null)) return {};
  throw_input_error("options: " + std::string(key) + ": expected a string or a number");
}

bool Options::flag(std::string_view key) const {
  const Value* v = root_.find(key);
  return v && v->is(Type::Bool) && v->boolean;
}

Program read_program(const std::string& program_json, const std::string& source) {
  try {
    return parse_program(program_json);
  } catch (const InputError& e) {
    throw_input_error(source + ": " + e.what());
  }
}

Day read_day(const std::string& text, const char* what) {
  auto d = parse_day(text);
  if (!d) throw_input_error(std::string(what) + ": expected a date YYYY-MM-DD, got \"" + text + "\"");
  return *d;
}

ImportOptions import_options(const Options& o, int currency_digits) {
  ImportOptions io;
#ifndef TIERLAB_LEAN
  // One thread: the module is built without pthreads, and the native
  // benchmark (wasm/bench/native.cpp) compiles these same entry points, so it
  // must import on one thread too to stay like for like.
  io.threads = 1;
#endif
  io.currency_digits = currency_digits;
  io.skip_bad_rows = o.flag("skip_bad_rows");
  std::string source = o.text("source");
  io.source = source.empty() ? "events" : source;
  return io;
}

#ifdef TIERLAB_LEAN
// The widget's report: how many bad events were skipped and the first reason.
std::string report_json(const ImportReport& r) {
  Writer w;
  w.begin_object().key("skipped").integer(r.skipped).key("first_skipped").begin_array();
  if (!r.first_skipped.empty()) {
    const auto& s = r.first_skipped.front();
    w.begin_object().key("line").integer(s.line).key("message").string(s.message).end_object();
  }
  w.end_array().end_object();
  return w.take();
}
#else
std::string report_json(const ImportReport& r) {
  Writer w;
  w.begin_object();
  w.key("source").string(r.source);
  w.key("format").string(r.format);
  w.key("rows_read").integer(r.rows_read);
  w.key("rows_used").integer(r.rows_used);
  w.key("duplicates").integer(r.duplicates);
  w.key("skipped").integer(r.skipped);
  w.key("left_out").integer(r.left_out);
  w.key("summary").string(r.summary());
  w.key("first_skipped").begin_array();
  for (const auto& s : r.first_skipped)
    w.begin_object().key("line").integer(s.line).key("message").string(s.message).end_object();
  w.end_array();
  if (!r.currency.empty()) w.key("currency").string(r.currency); // the export's own (docs/importers.md)
  if (!r.notes.empty()) { // how the file was read, when worked out (docs/importers.md)
    w.key("notes").begin_array();
    for (const auto& n : r.notes) w.string(n);
    w.end_array();
  }
  w.end_object();
  return w.take();
}
#endif

// ---- program summary ----

namespace {

void metric_value(Writer& w, const Program& p, int metric, int64_t value) {
  if (is_money(p.metrics[static_cast<size_t>(metric)].measure)) w.string(format_metric_value(p, metric, value));
  else w.integer(value);
}

[[maybe_unused]] void write_window(Writer& w, const Window& win) {
  switch (win.kind) {
    case Window::Kind::Lifetime: w.string("lifetime"); break;
    case Window::Kind::Days: w.begin_object().key("days").integer(win.days).end_object(); break;
    case Window::Kind::Year: w.begin_object().key("calendar").string("year").end_object(); break;
    case Window::Kind::Quarter: w.begin_object().key("calendar").string("quarter").end_object(); break;
    case Window::Kind::Month: w.begin_object().key("calendar").string("month").end_object(); break;
  }
}

const char* op_name(Condition::Op op) {
  return op == Condition::Op::Leaf ? "leaf" : op == Condition::Op::Any ? "any" : "all";
}

void leaf_fields(Writer& w, const Program& p, const Condition& c) {
  const Metric& m = p.metrics[static_cast<size_t>(c.metric)];
  w.key("metric").string(m.name);
  w.key("metric_index").integer(c.metric);
  w.key("measure").string(measure_name(m.measure));
  w.key("money").boolean(is_money(m.measure));
  if (m.measure == Measure::EventCount) w.key("kind").string(m.kind);
  w.key("above").boolean(c.above);
  w.key("threshold");
  metric_value(w, p, c.metric, c.threshold);
}

[[maybe_unused]] void write_condition(Writer& w, const Program& p, const Condition& c) {
  w.begin_object();
  w.key("op").string(op_name(c.op));
  if (c.op == Condition::Op::Leaf) {
    leaf_fields(w, p, c);
  } else {
    w.key("children").begin_array();
    for (const auto& ch : c.children) write_condition(w, p, ch);
    w.end_array();
  }
  w.end_object();
}

[[maybe_unused]] void write_benefits(Writer& w, const Benefits& b) {
  if (!b.present) {
    w.null();
    return;
  }
  w.begin_object();
  w.key("discount_percent").raw(format_decimal(b.discount_basis_points, 2));
  w.key("free_shipping").boolean(b.free_shipping);
  if (b.points_multiplier_hundredths != 100) // only when set: old results stay byte-identical
    w.key("points_multiplier").raw(format_decimal(b.points_multiplier_hundredths, 2));
  w.key("perks").begin_array();
  for (const auto& perk : b.perks) w.string(perk);
  w.end_array();
  w.end_object();
}

} // namespace

#ifndef TIERLAB_LEAN
std::string program_info_json(const Program& p) {
  Writer w;
  w.begin_object();
  w.key("name").string(p.name);
  w.key("currency").string(p.currency.code);
  w.key("currency_digits").integer(p.currency.digits);
  w.key("enrollment").string(p.enrollment_required ? "required" : "automatic");
  w.key("qualify_delay_days").integer(p.qualify_delay_days);
  w.key("retention_days").integer(p.retention_days);
  w.key("metrics").begin_array();
  for (const auto& m : p.metrics) {
    w.begin_object();
    w.key("name").string(m.name);
    w.key("measure").string(measure_name(m.measure));
    w.key("money").boolean(is_money(m.measure));
    w.key("window");
    write_window(w, m.window);
    if (m.measure == Measure::EventCount) w.key("kind").string(m.kind);
    w.end_object();
  }
  w.end_array();
  w.key("tiers").begin_array();
  for (size_t i = 0; i < p.tiers.size(); ++i) {
    const Tier& t = p.tiers[i];
    w.begin_object();
    w.key("name").string(t.name);
    w.key("index").integer(static_cast<int64_t>(i));
    w.key("qualify");
    if (t.qualify) write_condition(w, p, *t.qualify);
    else w.null();
    w.key("benefits");
    write_benefits(w, t.benefits);
    w.end_object();
  }
  w.end_array();
  w.key("points");
  if (p.points) {
    const PointsRules& r = *p.points;
    w.begin_object();
    w.key("per_currency_unit").string(format_decimal(r.per_unit_scaled, r.per_unit_scale));
    w.key("per_event").begin_object();
    for (const auto& [k, v] : r.per_event) w.key(k).integer(v);
    w.end_object();
    w.key("value");
    if (r.value_points > 0)
      w.begin_object()
          .key("points")
          .integer(r.value_points)
          .key("money")
          .string(format_decimal(r.value_money, p.currency.digits))
          .end_object();
    else w.null();
    w.key("expire_after_days");
    if (r.expire_after_days) w.integer(*r.expire_after_days);
    else w.null();
    w.key("rewards").begin_array();
    for (const auto& rw : r.rewards)
      w.begin_object().key("name").string(rw.name).key("points").integer(rw.points).end_object();
    w.end_array();
    w.end_object();
  } else {
    w.null();
  }
  w.end_object();
  return w.take();
}
#endif

// ---- one customer ----

namespace {

// A condition with the customer's progress on every node (condition_progress
// per node: the core's own any/all rule, never re-implemented here).
void write_progress(Writer& w, const Program& p, const Condition& c, const int64_t* v) {
  ConditionProgress cp = condition_progress(c, v);
  w.begin_object();
  w.key("op").string(op_name(c.op));
  w.key("progress").raw(format_fraction(cp.progress, 4));
  w.key("percent").integer(percent_floor(cp.progress));
  w.key("met").boolean(holds(c, v));
  if (c.op == Condition::Op::Leaf) {
    const LeafProgress& lp = cp.leaves.front();
    leaf_fields(w, p, c);
    w.key("target");
    metric_value(w, p, c.metric, lp.target);
    w.key("value");
    metric_value(w, p, c.metric, lp.value);
    w.key("remaining");
    metric_value(w, p, c.metric, lp.remaining);
  } else {
    w.key("children").begin_array();
    for (const auto& ch : c.children) write_progress(w, p, ch, v);
    w.end_array();
  }
  w.end_object();
}

void tier_ref(Writer& w, const Program& p, const char* key, int tier) {
  w.key(key).integer(tier);
  std::string name_key = std::string(key) + "_name";
  w.key(name_key);
  if (tier >= 0) w.string(p.tiers[static_cast<size_t>(tier)].name);
  else w.null();
}

void write_next(Writer& w, const Program& p, int next_tier, const int64_t* v) {
  w.key("next");
  if (next_tier >= 0) write_progress(w, p, *p.tiers[static_cast<size_t>(next_tier)].qualify, v);
  else w.null();
}

} // namespace

std::string customer_json(const Program& p, const CustomerView& in, const std::optional<CartPreview>& preview) {
  const CustomerStatus& s = in.status;
  const int64_t* v = in.metrics.data();
  Writer w;
  w.begin_object();
  w.key("customer_id");
  if (in.customer_id) w.string(*in.customer_id);
  else w.null();
  w.key("as_of");
  if (in.as_of) w.string(format_day(*in.as_of));
  else w.null();
  w.key("listed").boolean(in.listed);
  w.key("display_name").string(p.display_name.empty() ? p.name : p.display_name);
  w.key("enrolled").boolean(s.enrolled);
  tier_ref(w, p, "tier", s.tier);
  tier_ref(w, p, "qualified_tier", s.enrolled ? in.qualified : -1);
  tier_ref(w, p, "next_tier", s.next_tier);
  w.key("top").boolean(s.enrolled && s.tier + 1 == static_cast<int>(p.tiers.size()));
  w.key("progress");
  if (s.enrolled) w.raw(format_fraction(s.progress, 4));
  else w.null();
  w.key("percent");
  if (s.enrolled) w.integer(percent_floor(s.progress));
  else w.null();
  w.key("held_until");
  if (s.held_until) w.string(format_day(*s.held_until));
  else w.null();

  w.key("metrics").begin_object();
  for (size_t m = 0; m < p.metrics.size(); ++m) {
    w.key(p.metrics[m].name);
    metric_value(w, p, static_cast<int>(m), v[m]);
  }
  w.end_object();

  if (s.enrolled) write_next(w, p, s.next_tier, v);
  else w.key("next").null();
  // What keeps the current tier: its own condition on today's metrics.
  w.key("keep");
  if (s.enrolled && s.tier > 0) write_progress(w, p, *p.tiers[static_cast<size_t>(s.tier)].qualify, v);
  else w.null();

  // Status terms (spec §3b, shapes.md): how long the tier lasts and what keeps it.
  if (p.status) {
    w.key("status").begin_object();
    if (s.enrolled && s.tier > 0 && s.held_until && !in.keep_metrics.empty()) {
      w.key("held_until").string(format_day(*s.held_until));
      w.key("review_day").string(format_day(*s.held_until + 1));
      tier_ref(w, p, "review_tier", s.review_tier);
      w.key("keeps").boolean(s.keeps);
      w.key("keep_progress").string(format_fraction(s.keep_progress, 4)); // a string, as shapes.md has it
      w.key("keep_percent").integer(percent_floor(s.keep_progress));
      w.key("keep");
      write_progress(w, p, keep_condition(p.tiers[static_cast<size_t>(s.tier)]), in.keep_metrics.data());
    } else {
      w.key("held_until").null();
    }
    w.end_object();
  }

  w.key("pending").begin_array();
  for (const auto& [day, amount] : in.pending)
    w.begin_object()
        .key("placed_on")
        .string(format_day(day - p.qualify_delay_days))
        .key("counts_from")
        .string(format_day(day))
        .key("amount")
        .string(format_decimal(amount, p.currency.digits))
        .end_object();
  w.end_array();

  w.key("points");
  if (p.points && in.points) {
    const PointsRules& r = *p.points;
    const PointsState& ps = *in.points;
    w.begin_object();
    w.key("balance").integer(ps.balance);
    w.key("value");
    if (auto val = points_value(r, ps.balance)) w.string(format_decimal(*val, p.currency.digits));
    else w.null();
    w.key("earned").integer(ps.earned);
    w.key("redeemed").integer(ps.redeemed);
    w.key("expired").integer(ps.expired);
    w.key("next_expiry");
    if (const auto next = in.next_expiry())
      w.begin_object().key("on").string(format_day(next->on)).key("points").integer(next->points).end_object();
    else w.null();
    w.key("rewards").begin_array();
    for (const auto& rw : r.rewards)
      w.begin_object()
          .key("name")
          .string(rw.name)
          .key("points")
          .integer(rw.points)
          .key("available")
          .boolean(ps.balance >= rw.points)
          .end_object();
    w.end_array();
    w.end_object();
  } else {
    w.null();
  }

  // The cart preview: the core's (tierlab/customer.hpp).
  w.key("preview");
  if (preview) {
    const CustomerStatus& after = preview->after;
    w.begin_object();
    w.key("cart_total").string(format_decimal(preview->cart_total, p.currency.digits));
    tier_ref(w, p, "tier", after.tier);
    tier_ref(w, p, "next_tier", after.next_tier);
    w.key("upgrade").boolean(preview->upgrade);
    w.key("progress").raw(format_fraction(after.progress, 4));
    w.key("percent").integer(percent_floor(after.progress));
    w.key("counts_from");
    if (preview->counts_from) w.string(format_day(*preview->counts_from));
    else w.null();
    w.key("points_earned");
    if (preview->points_earned) w.integer(*preview->points_earned);
    else w.null();
    write_next(w, p, after.next_tier, preview->metrics.data());
    w.end_object();
  } else {
    w.null();
  }
  w.end_object();
  return w.take();
}

// ---- entry points ----

std::optional<Money> cart_total_of(const Options& o, const Program& p) {
  std::string text = o.text("cart_total");
  if (text.empty()) return std::nullopt;
  std::string why;
  auto v = parse_decimal(text, p.currency.digits, &why);
  if (!v) throw_input_error("cart-total: " + why);
  if (*v < 0) throw_input_error("cart-total: must not be negative, got " + text);
  return v;
}

namespace {

[[maybe_unused]] bool looks_like_json(std::string_view text) {
  size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t')) ++i;
  return i < text.size() && text[i] == '[';
}

} // namespace

Result validate_program(const std::string& program_json) {
  return guard([&](Result&) {
    read_program(program_json);
    return std::string();
  });
}

#ifndef TIERLAB_LEAN
Result program_info(const std::string& program_json) {
  return guard([&](Result&) { return program_info_json(read_program(program_json)); });
}
#endif

Result customer_from_events(const std::string& program_json, const std::string& events,
                            const std::string& options_json) {
  return guard([&](Result& r) {
    Program p = read_program(program_json);
    Options o(options_json);
    ImportOptions io = import_options(o, p.currency.digits);
#ifdef TIERLAB_LEAN
    // The widget sends its shopper's events as a JSON array (skip_bad_rows: a bad one is counted).
    Import im = import_events_json(events, io);
    if (im.report.skipped) r.report = report_json(im.report);
#else
    Import im = looks_like_json(events) ? import_events_json(events, io) : import_events_csv(events, io);
    r.report = report_json(im.report);
#endif
    const EventLog& log = im.log;

    std::optional<Day> as_of;
    if (std::string text = o.text("as_of"); !text.empty()) as_of = read_day(text, "as-of");
    std::string who = o.text("customer");
    std::optional<uint32_t> c;
    if (!who.empty()) {
      auto it = std::lower_bound(log.customer_ids.begin(), log.customer_ids.end(), who);
      if (it != log.customer_ids.end() && *it == who) c = static_cast<uint32_t>(it - log.customer_ids.begin());
    } else if (log.customers() == 1) {
      c = 0;
    } else if (log.customers() > 1) {
      throw_input_error(io.source + ": the events hold " + std::to_string(log.customers()) +
                        " customers; say which one (customer)");
    }
    CustomerView in = customer_view(p, log, c, as_of);
    if (!who.empty()) in.customer_id = who;
    std::optional<CartPreview> preview;
    if (const auto cart = cart_total_of(o, p)) preview = cart_preview(p, in, *cart, &log, c);
    return customer_json(p, in, preview);
  });
}

Result customer_from_metrics(const std::string& program_json, const std::string& metrics_json,
                             const std::string& options_json) {
  return guard([&](Result&) {
    Program p = read_program(program_json);
    Options o(options_json);
    Value root;
    try {
      root = json::parse(metrics_json);
    } catch (const InputError& e) {
      throw_input_error(std::string("metrics: ") + e.what());
    }
    if (!root.is(Type::Object)) throw_input_error("metrics: expected an object of metric values");
    const Value* values = &root;
    bool enrolled = true;
    std::optional<int64_t> balance;
    int held_tier = -1;
    std::optional<Day> held_until;
    std::string at = "metrics";
    if (const Value* vals = root.find("values"); vals && vals->is(Type::Object)) {
      values = vals;
      at = "metrics/values";
      for (const auto& [k, v] : root.members) {
        if (k == "values") continue;
        if (k == "enrolled") {
          if (!v.is(Type::Bool)) throw_input_error("metrics/enrolled: expected true or false");
          enrolled = v.boolean;
        } else if (k == "points_balance") {
          std::string why;
          auto n = v.is(Type::Number) || v.is(Type::String) ? parse_decimal(v.text, 0, &why) : std::nullopt;
          if (!n || *n < 0) throw_input_error("metrics/points_balance: expected a whole number of points");
          balance = *n;
        } else if (k == "held_tier") {
          if (!v.is(Type::String) || (held_tier = p.tier_index(v.text)) < 0)
            throw_input_error("metrics/held_tier: expected the name of a tier of the program");
        } else if (k == "held_until") {
          if (!v.is(Type::String)) throw_input_error("metrics/held_until: expected a date YYYY-MM-DD");
          held_until = read_day(v.text, "metrics/held_until");
        } else {
          throw_input_error("metrics/" + json::pointer_token(k) +
                            ": unknown key (expected values, enrolled, points_balance, held_tier, held_until)");
        }
      }
    }
    MetricsInput in;
    in.enrolled = enrolled;
    in.points_balance = balance;
    in.held_tier = held_tier;
    in.held_until = held_until;
    in.values.assign(p.metrics.size(), 0);
    for (const auto& [k, v] : values->members) {
      int m = p.metric_index(k);
      if (m < 0) {
        std::string names;
        for (const auto& pm : p.metrics) names += (names.empty() ? "" : ", ") + pm.name;
        throw_input_error(at + "/" + json::pointer_token(k) + ": the program has no metric \"" + k +
                          "\" (it has: " + names + ")");
      }
      if (!v.is(Type::Number) && !v.is(Type::String))
        throw_input_error(at + "/" + json::pointer_token(k) + ": expected a number, got " + json::type_name(v.type));
      try {
        in.values[static_cast<size_t>(m)] = parse_metric_value(p, m, v.text);
      } catch (const InputError& e) {
        throw_input_error(at + "/" + json::pointer_token(k) + ": " + e.what());
      }
    }
    for (const auto& pm : p.metrics)
      if (!values->find(pm.name)) throw_input_error(at + ": missing the value of metric \"" + pm.name + "\"");

    std::string as_of_text = o.text("as_of");
    if (!as_of_text.empty()) in.as_of = read_day(as_of_text, "as-of");
    const CustomerView view = customer_view(p, in);
    std::optional<CartPreview> preview;
    if (const auto cart = cart_total_of(o, p)) preview = cart_preview(p, view, *cart);
    return customer_json(p, view, preview);
  });
}

} // namespace tierlab::wasm
