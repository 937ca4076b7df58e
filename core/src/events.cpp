// Canonical events: CSV and JSON (spec §2).
#include <algorithm>

#include "csv.hpp"
#include "json.hpp"
#include "log_builder.hpp"

namespace tierlab {

// Rows in the rest of the text, from the line length of its first 64 KB.
size_t estimate_rows(std::string_view text, size_t from) {
  std::string_view sample = text.substr(from, 1 << 16);
  size_t lines = static_cast<size_t>(std::count(sample.begin(), sample.end(), '\n'));
  if (lines == 0) return 16;
  return (text.size() - from) / (sample.size() / lines) + 16;
}

Import import_events_csv(std::string_view text, const ImportOptions& opt) {
  LogBuilder b(opt, "events-csv");
  CsvReader csv(text);
  csv.set_source(opt.source);
  std::vector<std::string_view> f;
  if (!csv.next(f)) throw InputError(opt.source + ":1: empty file, expected a header row");
  enum { kCustomer, kDate, kType, kAmount, kEventId, kCols };
  static const char* const names[kCols] = {"customer_id", "date", "type", "amount", "event_id"};
  int col[kCols] = {-1, -1, -1, -1, -1};
  for (size_t i = 0; i < f.size(); ++i)
    for (int c = 0; c < kCols; ++c)
      if (iequals(trim(f[i]), names[c])) {
        if (col[c] >= 0)
          throw InputError(opt.source + ":" + std::to_string(csv.line()) + ": column " + names[c] + ": appears twice in the header");
        col[c] = static_cast<int>(i);
      }
  for (int c : {kCustomer, kDate, kType})
    if (col[c] < 0)
      throw InputError(opt.source + ":" + std::to_string(csv.line()) + ": column " + names[c] +
                       ": missing from the header (needs customer_id, date, type; amount and event_id are optional)");
  const size_t width = f.size();
  b.bind_text(text);
  b.reserve(estimate_rows(text, csv.offset()));
  size_t next_release = 0;
  auto where = [&] { return opt.source + ":" + std::to_string(csv.line()) + ": "; };
  while (csv.next(f)) {
    b.row();
    if (csv.offset() >= next_release) {
      b.done_up_to(csv.offset());
      next_release = csv.offset() + (8u << 20);
    }
    if (!b.width_ok(csv.line(), f.size(), width)) continue;
    auto get = [&](int c) { return col[c] >= 0 ? f[static_cast<size_t>(col[c])] : std::string_view(); };
    Day day;
    int64_t amount;
    EventProblem problem = check_event(get(kCustomer), get(kDate), get(kType), get(kAmount), col[kAmount] >= 0,
                                       opt.currency_digits, day, amount);
    if (!problem.ok()) {
      b.bad(csv.line(), where() + "column " + problem.column + ": " + problem.reason);
      continue;
    }
    b.add(get(kCustomer), day, get(kType), amount, get(kEventId));
  }
  b.done_up_to(text.size());
  return b.finish();
}

Import import_events_json(std::string_view text, const ImportOptions& opt) {
  LogBuilder b(opt, "events-json");
  json::Value root;
  try {
    root = json::parse(text);
  } catch (const InputError& e) {
    throw InputError(opt.source + ": " + e.what());
  }
  if (!root.is(json::Value::Type::Array)) throw InputError(opt.source + ": /: expected an array of events");
  for (size_t i = 0; i < root.items.size(); ++i) {
    b.row();
    const json::Value& ev = root.items[i];
    const std::string at = opt.source + ": /" + std::to_string(i);
    if (!ev.is(json::Value::Type::Object)) {
      b.bad(static_cast<int64_t>(i), at + ": expected an object");
      continue;
    }
    std::string field_error;
    auto field = [&](const char* name, bool number_ok) -> std::string_view {
      const json::Value* v = ev.find(name);
      if (!v || v->is(json::Value::Type::Null)) return {};
      if (v->is(json::Value::Type::String) || (number_ok && v->is(json::Value::Type::Number))) return v->text;
      if (field_error.empty())
        field_error = at + "/" + name + ": expected a string" + (number_ok ? " or a number" : "") + ", got " +
                      json::type_name(v->type);
      return {};
    };
    std::string_view customer = field("customer_id", true), date = field("date", false), type = field("type", false),
                     amount = field("amount", true), id = field("event_id", true);
    if (!field_error.empty()) {
      b.bad(static_cast<int64_t>(i), field_error);
      continue;
    }
    Day day;
    int64_t value;
    EventProblem problem = check_event(customer, date, type, amount, true, opt.currency_digits, day, value);
    if (!problem.ok()) {
      b.bad(static_cast<int64_t>(i), at + "/" + problem.column + ": " + problem.reason);
      continue;
    }
    b.add(customer, day, type, value, id);
  }
  return b.finish();
}

} // namespace tierlab
