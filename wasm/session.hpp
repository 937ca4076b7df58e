#pragma once
// The full module's entry points: whole-file evaluation with the CLI's exact
// output, imports, and a simulation session that loads events once.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api.hpp"
#include "tierlab/simulate.hpp"

namespace tierlab::wasm {

// Texts arrive as string_views of the caller's bytes (the bindings: wasm memory JS wrote).
// events: any format import_any reads. options: currency (digits of money),
// import_format, mapping {customer, date, ...}, skip_bad_rows, source.
Import import_with(std::string_view events, const Options& o, int currency_digits);

Result import_summary(std::string_view events, std::string_view options_json);
Result import_to_csv(std::string_view events, std::string_view options_json);
Result normalize_program(std::string_view program_json);
// What the core sees in an events file before importing it, for a page's
// column-mapping step: the detected format (null: the core cannot tell, so a
// mapping is needed), the header's columns and the first rows, all read by the
// core's own CSV reader (quotes, BOM, CRLF, lone CR) — no CSV is split in JS.
// options: rows (preview rows, default 5, at most 1000).
Result inspect_events(std::string_view events, std::string_view options_json);
// `tierlab evaluate`'s stdout: options as_of, format (csv|json), customer.
Result evaluate_output(std::string_view program_json, std::string_view events, std::string_view options_json);
// `tierlab simulate`'s stdout: options as_of, format (json|text).
Result simulate_output(std::string_view baseline_json, std::string_view candidate_json, std::string_view events,
                       std::string_view options_json);

// A JS-owned handle (JS: Session.dispose(), with a FinalizationRegistry behind it).
class SessionHandle {
 public:
  SessionHandle() = default;
  // Imports the events; Result.report is the import report.
  Result load(std::string_view events, std::string_view options_json);
  Result info() const;
  std::string customer_ids() const; // NUL-separated, in index order

  // Fills the row buffers (row_*(): what bindings.cpp hands JS); value: {"as_of", "rows", "tiers": [...]}.
  Result tiers(std::string_view program_json, std::string_view options_json);
  const std::vector<uint32_t>& row_customers() const { return tiering_.customers; }
  const std::vector<int8_t>& row_tiers() const { return tiering_.tier; }
  const std::vector<double>& row_progress() const { return progress_; }
  const std::vector<int32_t>& row_held_until() const { return tiering_.held_until; }

  Result simulate(std::string_view baseline_json, std::string_view candidate_json, std::string_view options_json);
  Result movers(std::string_view baseline_json, std::string_view candidate_json, std::string_view options_json);
  Result sweep(std::string_view program_json, std::string_view options_json);
  Result replay(std::string_view program_json, std::string_view options_json);
  // Auto-tune (spec §5b, tierlab/tune.hpp): options targets ("Silver=30%,Gold=10%"),
  // metric, budget (major units), as_of. value: tune_json with "candidate".
  Result tune(std::string_view program_json, std::string_view options_json);
  Result evaluate(std::string_view program_json, std::string_view options_json);
  Result customer(std::string_view program_json, std::string_view options_json);
  // `tierlab notify` on the loaded events (docs/notify.md): options as_of,
  // since, within, locale, format (json | csv | counts), reason (csv: one
  // reason's rows only).
  Result notify(std::string_view program_json, std::string_view options_json);
  // Every listed customer's metric values at as_of (evaluate's own), into
  // metric_customers() and metric_values() (row-major, money in major units as
  // doubles: exact while |minor units| <= 2^53 - 1, else an error);
  // value: {"as_of", "rows", "metrics": [{name, money}]}.
  Result metric_values(std::string_view program_json, std::string_view options_json);
  const std::vector<uint32_t>& metric_customers() const { return metric_customers_; }
  const std::vector<double>& metric_table() const { return metric_values_; }

 private:
  Session& session(); // throws when nothing is loaded
  Day as_of(const Options& o) const;
  std::unique_ptr<Session> session_;
  std::string report_;
  Tiering tiering_;
  std::vector<double> progress_;
  std::vector<uint32_t> metric_customers_;
  std::vector<double> metric_values_;
};

} // namespace tierlab::wasm
