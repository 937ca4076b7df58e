// Canonical events: CSV and JSON (spec §2).
#include <algorithm>

#include "csv.hpp"
#include "import_formats.hpp"
#include "events_csv_fast.hpp"
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

namespace {
// The header of a canonical events CSV: where each column is.
CsvLayout read_header(CsvReader& csv, const ImportOptions& opt) {
  std::vector<std::string_view> f;
  if (!csv.next(f)) throw_input_error(opt.source + ":1: empty file, expected a header row");
  enum { kCustomer, kDate, kType, kAmount, kEventId, kCols };
  static const char* const names[kCols] = {"customer_id", "date", "type", "amount", "event_id"};
  int col[kCols] = {-1, -1, -1, -1, -1};
  for (size_t i = 0; i < f.size(); ++i)
    for (int c = 0; c < kCols; ++c)
      if (iequals(trim(f[i]), names[c])) {
        if (col[c] >= 0)
          throw_input_error(opt.source + ":" + std::to_string(csv.line()) + ": column " + names[c] +
                            ": appears twice in the header");
        col[c] = static_cast<int>(i);
      }
  for (int c : {kCustomer, kDate, kType})
    if (col[c] < 0)
      throw_input_error(opt.source + ":" + std::to_string(csv.line()) + ": column " + names[c] +
                        ": missing from the header (needs customer_id, date, type; amount and event_id are optional)");
  return {col[kCustomer], col[kDate], col[kType], col[kAmount], col[kEventId], f.size()};
}
} // namespace

#ifndef TIERLAB_NO_FAST_CSV // the widget's lean module reads one shopper's rows: the general reader will do
std::optional<Import> import_events_csv_file(const ReadAt& read_at, size_t size, const ImportOptions& opt) {
  if (!opt.plain_text()) return std::nullopt; // a delimiter, decimal comma, ...: the general reader
  std::string head(std::min<size_t>(size, 1 << 16), '\0');
  if (read_at(0, head.data(), head.size()) != head.size()) throw_input_error(opt.source + ": cannot read the file");
  if (detect_delimiter(head) != ',') return std::nullopt;
  CsvReader csv(head);
  csv.set_source(opt.source);
  const CsvLayout layout = read_header(csv, opt);
  // The header row must end inside the head (else the general reader decides).
  if (layout.width > 64 || (head.size() < size && (csv.offset() == 0 || head[csv.offset() - 1] != '\n')))
    return std::nullopt;
  return import_events_csv_fast(read_at, size, csv.offset(), layout, opt);
}
#endif

Import import_events_csv(std::string_view text, const ImportOptions& opt) {
  LogBuilder b(opt, "events-csv");
#ifndef TIERLAB_NO_FAST_CSV
  const char delimiter = delimiter_of(text, opt);
#else
  // The widget's lean module reads one shopper's canonical rows, comma and
  // point only: the European readers would cost its size budget.
  const char delimiter = ',';
#endif
  CsvReader csv(text, delimiter);
  csv.set_source(opt.source);
  const CsvLayout layout = read_header(csv, opt);
#ifndef TIERLAB_NO_FAST_CSV
  // The fast path first (most files have no quoted field): the canonical
  // format as written, with nothing to settle.
  if (layout.width <= 64 && opt.plain_text() && delimiter == ',')
    if (auto fast = import_events_csv_fast(text, csv.offset(), layout, opt)) return std::move(*fast);
#endif
  // Another delimiter may come with a decimal comma: settled from the amounts.
  std::vector<std::string> notes;
  char decimal = 0;
  std::string plain; // an amount rewritten as parse_decimal reads it
  (void)decimal;     // (read only where the European readers are built in)
#ifndef TIERLAB_NO_FAST_CSV
  decimal = opt.decimal;
  if (delimiter != ',' || decimal)
    decimal = settle_options(text, opt, -1, "", {layout.amount}, DateOrder::Auto, "", notes).decimal;
#endif
  const size_t width = layout.width;
  std::vector<std::string_view> f;
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
    auto get = [&](int c) { return c >= 0 ? f[static_cast<size_t>(c)] : std::string_view(); };
    std::string_view amount_text = get(layout.amount);
#ifndef TIERLAB_NO_FAST_CSV
    if (decimal && needs_plain_amount(trim(amount_text), decimal)) {
      std::string why;
      if (!plain_amount(trim(amount_text), decimal, plain, &why)) {
        b.bad(csv.line(), where() + "column amount: " + why);
        continue;
      }
      amount_text = plain;
    }
#endif
    Day day;
    int64_t amount;
    EventProblem problem = check_event(get(layout.customer), get(layout.date), get(layout.type), amount_text,
                                       layout.amount >= 0, opt.currency_digits, day, amount);
    if (!problem.ok()) {
      b.bad(csv.line(), where() + "column " + problem.column + ": " + problem.reason);
      continue;
    }
    if (!b.add(get(layout.customer), day, get(layout.type), amount, get(layout.event_id)))
      b.fatal(where() + "column type: " + too_many_kinds(get(layout.type)));
  }
  b.done_up_to(text.size());
  Import im = b.finish();
  im.report.notes = std::move(notes);
  return im;
}

Import import_events_json(std::string_view text, const ImportOptions& opt) {
  LogBuilder b(opt, "events-json");
  json::Value root;
  try {
    root = json::parse(text);
  } catch (const InputError& e) {
    throw_input_error(opt.source + ": " + e.what());
  }
  if (!root.is(json::Value::Type::Array)) throw_input_error(opt.source + ": /: expected an array of events");
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
    if (!b.add(customer, day, type, value, id)) b.fatal(at + "/type: " + too_many_kinds(type));
  }
  return b.finish();
}

} // namespace tierlab
