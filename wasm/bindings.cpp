// The full module's registration table. Conversions live in api.cpp and
// session.cpp; the idiomatic layer a caller imports is js/tierlab.mjs.
#include <emscripten/bind.h>
#include <malloc.h>

#include "api.hpp"
#include "session.hpp"

using namespace emscripten;
using namespace tierlab::wasm;

namespace {

// Views into the session's last tiering; JS copies them out with .slice().
val row_customers(const SessionHandle& s) {
  return val(typed_memory_view(s.row_customers().size(), s.row_customers().data()));
}
val row_tiers(const SessionHandle& s) { return val(typed_memory_view(s.row_tiers().size(), s.row_tiers().data())); }
val row_progress(const SessionHandle& s) {
  return val(typed_memory_view(s.row_progress().size(), s.row_progress().data()));
}
val row_held_until(const SessionHandle& s) {
  return val(typed_memory_view(s.row_held_until().size(), s.row_held_until().data()));
}

// Bytes malloc has handed out and not got back (a leak check for tests).
size_t heap_in_use() { return mallinfo().uordblks; }

} // namespace

EMSCRIPTEN_BINDINGS(tierlab_full) {
  value_object<Result>("Result")
      .field("error", &Result::error)
      .field("value", &Result::value)
      .field("report", &Result::report);

  function("heapInUse", &heap_in_use);
  function("validateProgram", &validate_program);
  function("programInfo", &program_info);
  function("normalizeProgram", &normalize_program);
  function("customerFromEvents", &customer_from_events);
  function("customerFromMetrics", &customer_from_metrics);
  function("importSummary", &import_summary);
  function("importToCsv", &import_to_csv);
  function("evaluateOutput", &evaluate_output);
  function("simulateOutput", &simulate_output);

  class_<SessionHandle>("SessionHandle")
      .constructor<>()
      .function("load", &SessionHandle::load)
      .function("info", &SessionHandle::info)
      .function("customerIds", &SessionHandle::customer_ids)
      .function("tiers", &SessionHandle::tiers)
      .function("rowCustomers", &row_customers)
      .function("rowTiers", &row_tiers)
      .function("rowProgress", &row_progress)
      .function("rowHeldUntil", &row_held_until)
      .function("simulate", &SessionHandle::simulate)
      .function("movers", &SessionHandle::movers)
      .function("sweep", &SessionHandle::sweep)
      .function("replay", &SessionHandle::replay)
      .function("evaluate", &SessionHandle::evaluate)
      .function("customer", &SessionHandle::customer);
}
