#pragma once
// Conversions between the core and the JavaScript layer. Everything crosses
// as text: program and options as JSON in, JSON (or the CLI's exact CSV) out.
// Every entry point catches at the boundary and returns a Result, so no C++
// exception ever reaches JavaScript and nothing needs freeing.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json.hpp"
#include "tierlab/customer.hpp"
#include "tierlab/error.hpp"
#include "tierlab/evaluate.hpp"
#include "tierlab/events.hpp"
#include "tierlab/program.hpp"

namespace tierlab::wasm {

// What every bound function returns: `error` empty on success. `report` is
// the import report as JSON when events were read.
struct Result {
  std::string error;
  std::string value;
  std::string report;
};

// Runs f() -> std::string; InputError becomes Result.error with the core's
// located message, anything else an "internal error: ..." message.
template <class F> Result guard(F&& f) {
  Result r;
  try {
    r.value = f(r);
  } catch (const InputError& e) {
    r.error = e.what();
  } catch (const std::exception& e) {
    r.error = std::string("internal error: ") + e.what();
  } catch (...) {
    r.error = "internal error";
  }
  return r;
}

// Options object sent by the JS layer (JSON). Absent keys read as empty/false.
class Options {
 public:
  explicit Options(std::string_view json_text);
  std::string text(std::string_view key) const; // string or number lexeme; "" when absent/null
  bool flag(std::string_view key) const;
  const json::Value* find(std::string_view key) const { return root_.find(key); }

 private:
  json::Value root_;
};

Program read_program(const std::string& program_json, const std::string& source = "program");
Day read_day(const std::string& text, const char* what); // throws InputError
ImportOptions import_options(const Options& o, int currency_digits);
std::string report_json(const ImportReport& r);

// Program summary for faces: tiers, conditions, benefits, metrics, points.
std::string program_info_json(const Program& p);

// One customer, in detail (docs/wasm.md "CustomerView"): the core's view
// (tierlab/customer.hpp) and cart preview as JSON.
std::string customer_json(const Program& p, const CustomerView& view, const std::optional<CartPreview>& preview);
// The options' cart_total in minor units (none when absent); throws InputError.
std::optional<Money> cart_total_of(const Options& o, const Program& p);

// Entry points shared by both modules.
Result validate_program(const std::string& program_json); // value empty
Result program_info(const std::string& program_json);     // full module only
// events: JSON array (spec §2) or canonical CSV. options: customer, as_of,
// cart_total, skip_bad_rows, source.
Result customer_from_events(const std::string& program_json, const std::string& events,
                            const std::string& options_json);
// metrics: {"name": value, ...} (money in major units, number or string), or
// {"values": {...}, "enrolled": bool, "points_balance": n}. options: as_of, cart_total.
Result customer_from_metrics(const std::string& program_json, const std::string& metrics_json,
                             const std::string& options_json);

} // namespace tierlab::wasm
