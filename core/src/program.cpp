#include "tierlab/program.hpp"

#include "json.hpp"
#include "tierlab/error.hpp"

namespace tierlab {

using json::Value;
using Type = json::Value::Type;

const char* measure_name(Measure m) {
  switch (m) {
    case Measure::NetSpend: return "net_spend";
    case Measure::GrossSpend: return "gross_spend";
    case Measure::PurchaseCount: return "purchase_count";
    case Measure::EngagementPoints: return "engagement_points";
    case Measure::EventCount: return "event_count";
    case Measure::TenureDays: return "tenure_days";
  }
  return "?";
}

bool is_money(Measure m) { return m == Measure::NetSpend || m == Measure::GrossSpend; }

int Program::metric_index(std::string_view n) const {
  for (size_t i = 0; i < metrics.size(); ++i)
    if (metrics[i].name == n) return static_cast<int>(i);
  return -1;
}

int Program::tier_index(std::string_view n) const {
  for (size_t i = 0; i < tiers.size(); ++i)
    if (tiers[i].name == n) return static_cast<int>(i);
  return -1;
}

namespace {

bool is_word(std::string_view s) {
  if (s.empty() || s[0] < 'a' || s[0] > 'z') return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

bool is_reserved_type(std::string_view s) {
  return s == "purchase" || s == "return" || s == "join" || s == "leave" || s == "redeem";
}

// Walks the JSON with the JSON pointer of where it is, so every error names its place.
class Reader {
 public:
  [[noreturn]] static void fail(const std::string& at, const std::string& reason) {
    throw_input_error((at.empty() ? "/" : at) + ": " + reason);
  }

  static const Value& expect(const Value& v, Type t, const std::string& at) {
    if (!v.is(t)) fail(at, std::string("expected ") + json::type_name(t) + ", got " + json::type_name(v.type));
    return v;
  }

  static void only_keys(const Value& obj, const std::string& at, std::initializer_list<const char*> allowed) {
    for (const auto& [k, v] : obj.members) {
      bool ok = false;
      for (const char* a : allowed) ok = ok || k == a;
      if (!ok) {
        std::string list;
        for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
        fail(at + "/" + json::pointer_token(k), "unknown key \"" + k + "\" (expected one of: " + list + ")");
      }
    }
  }

  static int64_t integer(const Value& v, const std::string& at, int64_t lo, int64_t hi) {
    expect(v, Type::Number, at);
    std::string why;
    auto n = parse_decimal(v.text, 0, &why);
    if (!n) fail(at, "expected a whole number, got " + v.text);
    if (*n < lo || *n > hi)
      fail(at, "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " + v.text);
    return *n;
  }

  static int64_t decimal(const Value& v, const std::string& at, int digits, const std::string& what) {
    expect(v, Type::Number, at);
    std::string why;
    auto n = parse_decimal(v.text, digits, &why);
    if (!n) fail(at, what + ": " + why);
    return *n;
  }

  static std::string text(const Value& v, const std::string& at) {
    expect(v, Type::String, at);
    if (v.text.empty()) fail(at, "must not be empty");
    return v.text;
  }
};

Window parse_window(const Value& v, const std::string& at) {
  Window w;
  if (v.is(Type::String)) {
    if (v.text != "lifetime")
      Reader::fail(at, "expected \"lifetime\", {\"days\": N} or {\"calendar\": \"year\"|\"quarter\"|\"month\"}");
    w.kind = Window::Kind::Lifetime;
    return w;
  }
  if (!v.is(Type::Object))
    Reader::fail(at, "expected \"lifetime\", {\"days\": N} or {\"calendar\": \"year\"|\"quarter\"|\"month\"}");
  Reader::only_keys(v, at, {"days", "calendar"});
  if (v.members.size() != 1) Reader::fail(at, "expected exactly one of \"days\" or \"calendar\"");
  if (const Value* d = v.find("days")) {
    w.kind = Window::Kind::Days;
    w.days = static_cast<int32_t>(Reader::integer(*d, at + "/days", 1, 100000));
  } else {
    const Value& c = *v.find("calendar");
    std::string cat = at + "/calendar";
    Reader::expect(c, Type::String, cat);
    if (c.text == "year") w.kind = Window::Kind::Year;
    else if (c.text == "quarter") w.kind = Window::Kind::Quarter;
    else if (c.text == "month") w.kind = Window::Kind::Month;
    else Reader::fail(cat, "expected \"year\", \"quarter\" or \"month\", got \"" + c.text + "\"");
  }
  return w;
}

Condition parse_condition(const Program& p, const Value& v, const std::string& at) {
  Reader::expect(v, Type::Object, at);
  Condition c;
  if (v.find("any") || v.find("all")) {
    Reader::only_keys(v, at, {"any", "all"});
    if (v.members.size() != 1) Reader::fail(at, "a condition has either \"any\" or \"all\", not both");
    const auto& [key, list] = v.members[0];
    c.op = key == "any" ? Condition::Op::Any : Condition::Op::All;
    std::string lat = at + "/" + key;
    Reader::expect(list, Type::Array, lat);
    if (list.items.empty()) Reader::fail(lat, "must hold at least one condition");
    for (size_t i = 0; i < list.items.size(); ++i)
      c.children.push_back(parse_condition(p, list.items[i], lat + "/" + std::to_string(i)));
    return c;
  }
  Reader::only_keys(v, at, {"metric", "at_least", "above"});
  const Value* m = v.find("metric");
  if (!m) Reader::fail(at, "expected \"metric\" with \"at_least\" or \"above\", or \"any\" / \"all\"");
  std::string name = Reader::text(*m, at + "/metric");
  c.metric = p.metric_index(name);
  if (c.metric < 0) {
    std::string known;
    for (const auto& mm : p.metrics) known += (known.empty() ? "" : ", ") + mm.name;
    Reader::fail(at + "/metric", "unknown metric \"" + name + "\" (defined: " + (known.empty() ? "none" : known) + ")");
  }
  const Value* least = v.find("at_least");
  const Value* above = v.find("above");
  if ((least != nullptr) == (above != nullptr)) Reader::fail(at, "expected exactly one of \"at_least\" or \"above\"");
  c.above = above != nullptr;
  std::string tat = at + (c.above ? "/above" : "/at_least");
  const Metric& metric = p.metrics[static_cast<size_t>(c.metric)];
  if (is_money(metric.measure)) {
    c.threshold = Reader::decimal(c.above ? *above : *least, tat, p.currency.digits, "money in " + p.currency.code);
  } else {
    const Value& t = c.above ? *above : *least;
    Reader::expect(t, Type::Number, tat);
    std::string why;
    auto n = parse_decimal(t.text, 0, &why);
    if (!n)
      Reader::fail(tat, std::string(measure_name(metric.measure)) +
                            " counts whole units: expected a whole number, got " + t.text);
    c.threshold = *n;
  }
  if (c.threshold < -kMaxValue || c.threshold > kMaxValue)
    Reader::fail(tat,
                 "beyond the supported range (at most " + format_metric_value(p, c.metric, kMaxValue) + " in size)");
  return c;
}

Benefits parse_benefits(const Value& v, const std::string& at) {
  Reader::expect(v, Type::Object, at);
  Reader::only_keys(v, at, {"discount_percent", "free_shipping", "points_multiplier", "perks"});
  Benefits b;
  b.present = true;
  if (const Value* d = v.find("discount_percent")) {
    int64_t bp = Reader::decimal(*d, at + "/discount_percent", 2, "a percentage with at most 2 decimals");
    if (bp < 0 || bp > 10000) Reader::fail(at + "/discount_percent", "must be between 0 and 100, got " + d->text);
    b.discount_basis_points = static_cast<int32_t>(bp);
  }
  if (const Value* f = v.find("free_shipping"))
    b.free_shipping = Reader::expect(*f, Type::Bool, at + "/free_shipping").boolean;
  if (const Value* m = v.find("points_multiplier")) {
    int64_t h = Reader::decimal(*m, at + "/points_multiplier", 2, "a multiplier with at most 2 decimals");
    if (h < 0 || h > 10000) Reader::fail(at + "/points_multiplier", "must be between 0 and 100, got " + m->text);
    b.points_multiplier_hundredths = static_cast<int32_t>(h);
  }
  if (const Value* perks = v.find("perks")) {
    Reader::expect(*perks, Type::Array, at + "/perks");
    for (size_t i = 0; i < perks->items.size(); ++i)
      b.perks.push_back(Reader::text(perks->items[i], at + "/perks/" + std::to_string(i)));
  }
  return b;
}

std::vector<std::pair<std::string, int64_t>> parse_kind_points(const Value& v, const std::string& at) {
  Reader::expect(v, Type::Object, at);
  std::vector<std::pair<std::string, int64_t>> out;
  for (const auto& [k, pts] : v.members) {
    std::string kat = at + "/" + json::pointer_token(k);
    if (!is_word(k)) Reader::fail(kat, "an engagement kind is a lowercase word [a-z][a-z0-9_]*, got \"" + k + "\"");
    if (is_reserved_type(k)) Reader::fail(kat, "\"" + k + "\" is an event type, not an engagement kind");
    out.emplace_back(k, Reader::integer(pts, kat, 0, int64_t(1) << 40));
  }
  return out;
}

PointsRules parse_points(const Program& p, const Value& v, const std::string& at) {
  Reader::expect(v, Type::Object, at);
  Reader::only_keys(v, at, {"per_currency_unit", "per_event", "value", "expire_after_days", "rewards"});
  PointsRules r;
  if (const Value* u = v.find("per_currency_unit")) {
    std::string uat = at + "/per_currency_unit";
    Reader::expect(*u, Type::Number, uat);
    std::string why;
    auto n = parse_decimal(u->text, 6, &why);
    if (!n) Reader::fail(uat, "points per unit: " + why);
    if (*n < 0) Reader::fail(uat, "expected a non-negative number with at most 6 decimals, got " + u->text);
    r.per_unit_scaled = *n;
    r.per_unit_scale = 6;
  }
  if (const Value* e = v.find("per_event")) r.per_event = parse_kind_points(*e, at + "/per_event");
  if (const Value* val = v.find("value")) {
    std::string vat = at + "/value";
    Reader::expect(*val, Type::Object, vat);
    Reader::only_keys(*val, vat, {"points", "money"});
    const Value* pts = val->find("points");
    const Value* money = val->find("money");
    if (!pts || !money) Reader::fail(vat, "expected both \"points\" and \"money\"");
    r.value_points = Reader::integer(*pts, vat + "/points", 1, int64_t(1) << 40);
    r.value_money = Reader::decimal(*money, vat + "/money", p.currency.digits, "money in " + p.currency.code);
    if (r.value_money < 0) Reader::fail(vat + "/money", "must not be negative");
  }
  if (const Value* x = v.find("expire_after_days"))
    r.expire_after_days = static_cast<int32_t>(Reader::integer(*x, at + "/expire_after_days", 1, 100000));
  if (const Value* rw = v.find("rewards")) {
    std::string rat = at + "/rewards";
    Reader::expect(*rw, Type::Array, rat);
    for (size_t i = 0; i < rw->items.size(); ++i) {
      std::string iat = rat + "/" + std::to_string(i);
      const Value& item = Reader::expect(rw->items[i], Type::Object, iat);
      Reader::only_keys(item, iat, {"name", "points"});
      const Value* n = item.find("name");
      const Value* pts = item.find("points");
      if (!n || !pts) Reader::fail(iat, "a reward needs \"name\" and \"points\"");
      r.rewards.push_back(
          {Reader::text(*n, iat + "/name"), Reader::integer(*pts, iat + "/points", 1, int64_t(1) << 40)});
    }
  }
  return r;
}

// A whole number >= lo, said the way the status block's errors say it.
int32_t at_least_integer(const Value& v, const std::string& at, int64_t lo, int64_t hi) {
  const std::string want = "expected a whole number ≥ " + std::to_string(lo);
  if (!v.is(Type::Number)) Reader::fail(at, want + ", got " + json::type_name(v.type));
  std::string why;
  auto n = parse_decimal(v.text, 0, &why);
  if (!n || *n < lo) Reader::fail(at, want + ", got " + v.text);
  if (*n > hi) Reader::fail(at, "must be at most " + std::to_string(hi) + ", got " + v.text);
  return static_cast<int32_t>(*n);
}

StatusRules parse_status(const Value& v, const std::string& at) {
  Reader::expect(v, Type::Object, at);
  Reader::only_keys(v, at, {"term", "downgrade"});
  StatusRules s;
  const Value* term = v.find("term");
  if (!term) Reader::fail(at, "missing required key \"term\"");
  const std::string tat = at + "/term";
  const char* shape = R"(expected {"days": N} or {"calendar": "year"|"quarter"|"month", "plus": K})";
  if (!term->is(Type::Object)) Reader::fail(tat, shape);
  Reader::only_keys(*term, tat, {"days", "calendar", "plus"});
  const Value* days = term->find("days");
  const Value* cal = term->find("calendar");
  if ((days != nullptr) == (cal != nullptr)) Reader::fail(tat, shape);
  if (days) {
    if (term->find("plus")) Reader::fail(tat + "/plus", "\"plus\" is only for a calendar term");
    s.term.kind = StatusTerm::Kind::Days;
    s.term.days = at_least_integer(*days, tat + "/days", 1, 100000);
  } else {
    const std::string cat = tat + "/calendar";
    Reader::expect(*cal, Type::String, cat);
    if (cal->text == "year") s.term.kind = StatusTerm::Kind::Year;
    else if (cal->text == "quarter") s.term.kind = StatusTerm::Kind::Quarter;
    else if (cal->text == "month") s.term.kind = StatusTerm::Kind::Month;
    else Reader::fail(cat, "expected \"year\", \"quarter\" or \"month\", got \"" + cal->text + "\"");
    if (const Value* plus = term->find("plus")) s.term.plus = at_least_integer(*plus, tat + "/plus", 0, 1000);
  }
  if (const Value* d = v.find("downgrade")) {
    Reader::expect(*d, Type::String, at + "/downgrade");
    if (d->text == "one_step") s.downgrade = Downgrade::OneStep;
    else if (d->text != "to_qualified")
      Reader::fail(at + "/downgrade", "expected \"to_qualified\" or \"one_step\", got \"" + d->text + "\"");
  }
  return s;
}

} // namespace

Program parse_program(std::string_view text) {
  Value root = json::parse(text);
  Reader::expect(root, Type::Object, "");
  Reader::only_keys(root, "",
                    {"tierlab", "name", "currency", "enrollment", "qualify_delay_days", "retention_days", "engagement",
                     "metrics", "tiers", "points", "display_name", "status"});
  Program p;
  for (const char* required : {"tierlab", "name", "currency", "metrics", "tiers"})
    if (!root.find(required)) Reader::fail("", std::string("missing required key \"") + required + "\"");
  if (Reader::integer(*root.find("tierlab"), "/tierlab", 0, 1000) != 1)
    Reader::fail("/tierlab", "unsupported format version (this Tierlab reads version 1)");
  p.name = Reader::text(*root.find("name"), "/name");
  if (const Value* d = root.find("display_name")) p.display_name = Reader::text(*d, "/display_name");
  std::string code = Reader::text(*root.find("currency"), "/currency");
  auto cur = find_currency(code);
  if (!cur) Reader::fail("/currency", "unknown ISO 4217 currency \"" + code + "\"");
  p.currency = *cur;
  if (const Value* e = root.find("enrollment")) {
    Reader::expect(*e, Type::String, "/enrollment");
    if (e->text == "required") p.enrollment_required = true;
    else if (e->text != "automatic")
      Reader::fail("/enrollment", "expected \"automatic\" or \"required\", got \"" + e->text + "\"");
  }
  if (const Value* h = root.find("qualify_delay_days"))
    p.qualify_delay_days = static_cast<int32_t>(Reader::integer(*h, "/qualify_delay_days", 0, 100000));
  if (const Value* r = root.find("retention_days"))
    p.retention_days = static_cast<int32_t>(Reader::integer(*r, "/retention_days", 0, 100000));
  if (const Value* e = root.find("engagement")) p.engagement = parse_kind_points(*e, "/engagement");
  if (const Value* st = root.find("status")) {
    p.status = parse_status(*st, "/status");
    if (p.retention_days != 0)
      Reader::fail("/status", "a program with \"status\" holds tiers by terms: \"retention_days\" must be 0, got " +
                                  std::to_string(p.retention_days));
  }

  const Value& metrics = Reader::expect(*root.find("metrics"), Type::Object, "/metrics");
  if (metrics.members.size() > kMaxMetrics)
    Reader::fail("/metrics",
                 "at most " + std::to_string(kMaxMetrics) + " metrics, got " + std::to_string(metrics.members.size()));
  for (const auto& [name, m] : metrics.members) {
    std::string at = "/metrics/" + json::pointer_token(name);
    if (!is_word(name)) Reader::fail(at, "a metric name is a lowercase word [a-z][a-z0-9_]*, got \"" + name + "\"");
    Reader::expect(m, Type::Object, at);
    Reader::only_keys(m, at, {"measure", "window", "kind"});
    Metric metric;
    metric.name = name;
    const Value* measure = m.find("measure");
    if (!measure) Reader::fail(at, "missing \"measure\"");
    std::string mn = Reader::text(*measure, at + "/measure");
    bool found = false;
    for (Measure x : {Measure::NetSpend, Measure::GrossSpend, Measure::PurchaseCount, Measure::EngagementPoints,
                      Measure::EventCount, Measure::TenureDays})
      if (mn == measure_name(x)) {
        metric.measure = x;
        found = true;
      }
    if (!found)
      Reader::fail(at + "/measure", "unknown measure \"" + mn +
                                        "\" (expected net_spend, gross_spend, purchase_count, engagement_points, "
                                        "event_count or tenure_days)");
    const Value* w = m.find("window");
    if (w) metric.window = parse_window(*w, at + "/window");
    else if (metric.measure != Measure::TenureDays) Reader::fail(at, "missing \"window\"");
    const Value* kind = m.find("kind");
    if (metric.measure == Measure::EventCount) {
      if (!kind) Reader::fail(at, "event_count needs \"kind\": the event type it counts");
      metric.kind = Reader::text(*kind, at + "/kind");
      if (!is_word(metric.kind))
        Reader::fail(at + "/kind", "an event type is a lowercase word, got \"" + metric.kind + "\"");
    } else if (kind) {
      Reader::fail(at + "/kind", "\"kind\" is only for the event_count measure");
    }
    p.metrics.push_back(std::move(metric));
  }

  const Value& tiers = Reader::expect(*root.find("tiers"), Type::Array, "/tiers");
  if (tiers.items.empty()) Reader::fail("/tiers", "a program needs at least one tier");
  if (tiers.items.size() > kMaxTiers)
    Reader::fail("/tiers",
                 "at most " + std::to_string(kMaxTiers) + " tiers, got " + std::to_string(tiers.items.size()));
  for (size_t i = 0; i < tiers.items.size(); ++i) {
    std::string at = "/tiers/" + std::to_string(i);
    const Value& t = Reader::expect(tiers.items[i], Type::Object, at);
    Reader::only_keys(t, at, {"name", "qualify", "retain", "benefits"});
    Tier tier;
    const Value* n = t.find("name");
    if (!n) Reader::fail(at, "missing \"name\"");
    tier.name = Reader::text(*n, at + "/name");
    if (p.tier_index(tier.name) >= 0) Reader::fail(at + "/name", "duplicate tier name \"" + tier.name + "\"");
    const Value* q = t.find("qualify");
    if (i == 0 && q) Reader::fail(at + "/qualify", "the first tier is every member's floor and has no \"qualify\"");
    if (i > 0 && !q) Reader::fail(at, "missing \"qualify\" (every tier after the first needs one)");
    if (q) tier.qualify = parse_condition(p, *q, at + "/qualify");
    if (const Value* r = t.find("retain")) {
      if (i == 0) Reader::fail(at + "/retain", "the first tier is every member's floor and has no \"retain\"");
      if (!p.status) Reader::fail(at + "/retain", "\"retain\" needs a \"status\" block (terms to review the tier at)");
      tier.retain = parse_condition(p, *r, at + "/retain");
    }
    if (const Value* b = t.find("benefits")) tier.benefits = parse_benefits(*b, at + "/benefits");
    p.tiers.push_back(std::move(tier));
  }
  if (const Value* pts = root.find("points")) p.points = parse_points(p, *pts, "/points");
  return p;
}

namespace {

void write_condition(json::Writer& w, const Program& p, const Condition& c) {
  w.begin_object();
  if (c.op == Condition::Op::Leaf) {
    w.key("metric").string(p.metrics[static_cast<size_t>(c.metric)].name);
    w.key(c.above ? "above" : "at_least").raw(format_metric_value(p, c.metric, c.threshold));
  } else {
    w.key(c.op == Condition::Op::Any ? "any" : "all").begin_array();
    for (const auto& ch : c.children) write_condition(w, p, ch);
    w.end_array();
  }
  w.end_object();
}

} // namespace

std::string format_metric_value(const Program& p, int metric, int64_t value) {
  std::string s;
  append_metric_value(s, p, metric, value);
  return s;
}

void append_metric_value(std::string& out, const Program& p, int metric, int64_t value) {
  append_decimal(out, value, is_money(p.metrics[static_cast<size_t>(metric)].measure) ? p.currency.digits : 0);
}

int64_t parse_metric_value(const Program& p, int metric, std::string_view text) {
  const Metric& m = p.metrics[static_cast<size_t>(metric)];
  std::string why;
  const bool money = is_money(m.measure);
  auto v = parse_decimal(text, money ? p.currency.digits : 0, &why);
  if (!v && !money && text.find('.') != std::string_view::npos)
    why = std::string(measure_name(m.measure)) + " counts whole units: expected a whole number, got \"" +
          std::string(text) + "\"";
  if (!v) throw_input_error("metric " + m.name + ": " + why);
  if (*v < -kMaxValue || *v > kMaxValue)
    throw_input_error("metric " + m.name + ": beyond the supported range (at most " +
                      format_metric_value(p, metric, kMaxValue) + " in size)");
  return *v;
}

std::string program_to_json(const Program& p) {
  json::Writer w;
  w.begin_object();
  w.key("tierlab").integer(1);
  w.key("name").string(p.name);
  if (!p.display_name.empty()) w.key("display_name").string(p.display_name);
  w.key("currency").string(p.currency.code);
  w.key("enrollment").string(p.enrollment_required ? "required" : "automatic");
  w.key("qualify_delay_days").integer(p.qualify_delay_days);
  w.key("retention_days").integer(p.retention_days);
  w.key("engagement").begin_object();
  for (const auto& [k, v] : p.engagement) w.key(k).integer(v);
  w.end_object();
  w.key("metrics").begin_object();
  for (const auto& m : p.metrics) {
    w.key(m.name).begin_object();
    w.key("measure").string(measure_name(m.measure));
    if (m.measure != Measure::TenureDays || m.window.kind != Window::Kind::Lifetime) {
      w.key("window");
      switch (m.window.kind) {
        case Window::Kind::Lifetime: w.string("lifetime"); break;
        case Window::Kind::Days: w.begin_object().key("days").integer(m.window.days).end_object(); break;
        case Window::Kind::Year: w.begin_object().key("calendar").string("year").end_object(); break;
        case Window::Kind::Quarter: w.begin_object().key("calendar").string("quarter").end_object(); break;
        case Window::Kind::Month: w.begin_object().key("calendar").string("month").end_object(); break;
      }
    }
    if (m.measure == Measure::EventCount) w.key("kind").string(m.kind);
    w.end_object();
  }
  w.end_object();
  w.key("tiers").begin_array();
  for (const auto& t : p.tiers) {
    w.begin_object();
    w.key("name").string(t.name);
    if (t.qualify) {
      w.key("qualify");
      write_condition(w, p, *t.qualify);
    }
    if (t.retain) {
      w.key("retain");
      write_condition(w, p, *t.retain);
    }
    if (t.benefits.present) {
      w.key("benefits").begin_object();
      w.key("discount_percent").raw(format_decimal(t.benefits.discount_basis_points, 2));
      w.key("free_shipping").boolean(t.benefits.free_shipping);
      if (t.benefits.points_multiplier_hundredths != 100) // written only when set: old programs round-trip unchanged
        w.key("points_multiplier").raw(format_decimal(t.benefits.points_multiplier_hundredths, 2));
      if (!t.benefits.perks.empty()) {
        w.key("perks").begin_array();
        for (const auto& perk : t.benefits.perks) w.string(perk);
        w.end_array();
      }
      w.end_object();
    }
    w.end_object();
  }
  w.end_array();
  if (p.points) {
    const PointsRules& r = *p.points;
    w.key("points").begin_object();
    w.key("per_currency_unit").raw(format_decimal(r.per_unit_scaled, r.per_unit_scale));
    w.key("per_event").begin_object();
    for (const auto& [k, v] : r.per_event) w.key(k).integer(v);
    w.end_object();
    if (r.value_points > 0)
      w.key("value")
          .begin_object()
          .key("points")
          .integer(r.value_points)
          .key("money")
          .raw(format_decimal(r.value_money, p.currency.digits))
          .end_object();
    if (r.expire_after_days) w.key("expire_after_days").integer(*r.expire_after_days);
    w.key("rewards").begin_array();
    for (const auto& rw : r.rewards)
      w.begin_object().key("name").string(rw.name).key("points").integer(rw.points).end_object();
    w.end_array();
    w.end_object();
  }
  if (p.status) {
    const StatusTerm& term = p.status->term;
    w.key("status").begin_object();
    w.key("term").begin_object();
    if (term.kind == StatusTerm::Kind::Days) {
      w.key("days").integer(term.days);
    } else {
      w.key("calendar")
          .string(term.kind == StatusTerm::Kind::Year      ? "year"
                  : term.kind == StatusTerm::Kind::Quarter ? "quarter"
                                                           : "month");
      w.key("plus").integer(term.plus);
    }
    w.end_object();
    w.key("downgrade").string(p.status->downgrade == Downgrade::OneStep ? "one_step" : "to_qualified");
    w.end_object();
  }
  w.end_object();
  return w.take();
}

} // namespace tierlab
