// The full module's registration table. Conversions live in api.cpp and
// session.cpp; the idiomatic layer a caller imports is js/tierlab.mjs.
//
// Only numbers cross Embind: text goes in as (pointer, length) of UTF-8 the
// JS layer wrote into buffers from _malloc (and frees after the call), and
// every call returns the address of a published Result: six words {error,
// length, value, length, report, length}, decoded by JS with TextDecoder
// straight from wasm memory, then released with freeResult(). Embind's own
// std::string conversion copies byte by byte in JS (about 40 ms for an 18 MB
// events file, and again for a large result).
#include <emscripten/bind.h>
#include <malloc.h>

#include <cstdint>
#include <string_view>

#include "api.hpp"
#include "session.hpp"

using namespace emscripten;
using namespace tierlab::wasm;

namespace {

using Ptr = uintptr_t;

std::string_view text(Ptr p, size_t n) { return {reinterpret_cast<const char*>(p), n}; }
// For the entry points api.cpp shares with the lean module (which keeps its
// std::string signatures: the widget's budget), a copy; their texts are small.
std::string copy(Ptr p, size_t n) { return std::string(text(p, n)); }

struct Published {
  uint32_t words[6]; // first: the address JS gets is the address of words
  Result result;
};

Ptr publish(Result&& r) {
  auto* out = new Published{{}, std::move(r)};
  const Result& k = out->result;
  const std::string* parts[3] = {&k.error, &k.value, &k.report};
  for (int i = 0; i < 3; ++i) {
    out->words[2 * i] = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(parts[i]->data()));
    out->words[2 * i + 1] = static_cast<uint32_t>(parts[i]->size());
  }
  return reinterpret_cast<Ptr>(out);
}

void free_result(Ptr p) { delete reinterpret_cast<Published*>(p); }

// Bytes malloc has handed out and not got back (a leak check for tests).
size_t heap_in_use() { return mallinfo().uordblks; }

Ptr validate_program_(Ptr p, size_t pn) { return publish(validate_program(copy(p, pn))); }
Ptr program_info_(Ptr p, size_t pn) { return publish(program_info(copy(p, pn))); }
Ptr normalize_program_(Ptr p, size_t pn) { return publish(normalize_program(text(p, pn))); }
Ptr customer_from_events_(Ptr p, size_t pn, Ptr e, size_t en, Ptr o, size_t on) {
  return publish(customer_from_events(copy(p, pn), copy(e, en), copy(o, on)));
}
Ptr customer_from_metrics_(Ptr p, size_t pn, Ptr m, size_t mn, Ptr o, size_t on) {
  return publish(customer_from_metrics(copy(p, pn), copy(m, mn), copy(o, on)));
}
Ptr import_summary_(Ptr e, size_t en, Ptr o, size_t on) { return publish(import_summary(text(e, en), text(o, on))); }
Ptr inspect_events_(Ptr e, size_t en, Ptr o, size_t on) { return publish(inspect_events(text(e, en), text(o, on))); }
Ptr import_to_csv_(Ptr e, size_t en, Ptr o, size_t on) { return publish(import_to_csv(text(e, en), text(o, on))); }
Ptr evaluate_output_(Ptr p, size_t pn, Ptr e, size_t en, Ptr o, size_t on) {
  return publish(evaluate_output(text(p, pn), text(e, en), text(o, on)));
}
Ptr simulate_output_(Ptr b, size_t bn, Ptr c, size_t cn, Ptr e, size_t en, Ptr o, size_t on) {
  return publish(simulate_output(text(b, bn), text(c, cn), text(e, en), text(o, on)));
}

// SessionHandle methods, same convention.
Ptr load_(SessionHandle& s, Ptr e, size_t en, Ptr o, size_t on) { return publish(s.load(text(e, en), text(o, on))); }
Ptr info_(const SessionHandle& s) { return publish(s.info()); }
Ptr customer_ids_(const SessionHandle& s) {
  Result r;
  r.value = s.customer_ids();
  return publish(std::move(r));
}
Ptr tiers_(SessionHandle& s, Ptr p, size_t pn, Ptr o, size_t on) { return publish(s.tiers(text(p, pn), text(o, on))); }
// The last tiering's rows, as six words {customers, tiers, progress,
// held_until (addresses), rows, held_until rows}; JS copies them out.
// (Valid until the session's next call.)
Ptr rows_(const SessionHandle& s) {
  static uint32_t words[6];
  auto addr = [](const void* p) { return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(p)); };
  words[0] = addr(s.row_customers().data());
  words[1] = addr(s.row_tiers().data());
  words[2] = addr(s.row_progress().data());
  words[3] = addr(s.row_held_until().data());
  words[4] = static_cast<uint32_t>(s.row_tiers().size());
  words[5] = static_cast<uint32_t>(s.row_held_until().size());
  return reinterpret_cast<Ptr>(words);
}
Ptr metric_values_(SessionHandle& s, Ptr p, size_t pn, Ptr o, size_t on) {
  return publish(s.metric_values(text(p, pn), text(o, on)));
}
// The last metric_values(): {customers, values (addresses), rows, metrics per row}.
Ptr metric_rows_(const SessionHandle& s) {
  static uint32_t words[4];
  words[0] = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(s.metric_customers().data()));
  words[1] = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(s.metric_table().data()));
  words[2] = static_cast<uint32_t>(s.metric_customers().size());
  words[3] =
      static_cast<uint32_t>(s.metric_customers().empty() ? 0 : s.metric_table().size() / s.metric_customers().size());
  return reinterpret_cast<Ptr>(words);
}
Ptr simulate_(SessionHandle& s, Ptr b, size_t bn, Ptr c, size_t cn, Ptr o, size_t on) {
  return publish(s.simulate(text(b, bn), text(c, cn), text(o, on)));
}
Ptr movers_(SessionHandle& s, Ptr b, size_t bn, Ptr c, size_t cn, Ptr o, size_t on) {
  return publish(s.movers(text(b, bn), text(c, cn), text(o, on)));
}
Ptr sweep_(SessionHandle& s, Ptr p, size_t pn, Ptr o, size_t on) { return publish(s.sweep(text(p, pn), text(o, on))); }
Ptr replay_(SessionHandle& s, Ptr p, size_t pn, Ptr o, size_t on) {
  return publish(s.replay(text(p, pn), text(o, on)));
}
Ptr tune_(SessionHandle& s, Ptr p, size_t pn, Ptr o, size_t on) { return publish(s.tune(text(p, pn), text(o, on))); }
Ptr evaluate_(SessionHandle& s, Ptr p, size_t pn, Ptr o, size_t on) {
  return publish(s.evaluate(text(p, pn), text(o, on)));
}
Ptr customer_(SessionHandle& s, Ptr p, size_t pn, Ptr o, size_t on) {
  return publish(s.customer(text(p, pn), text(o, on)));
}
Ptr notify_(SessionHandle& s, Ptr p, size_t pn, Ptr o, size_t on) {
  return publish(s.notify(text(p, pn), text(o, on)));
}

} // namespace

EMSCRIPTEN_BINDINGS(tierlab_full) {
  function("freeResult", &free_result);
  function("heapInUse", &heap_in_use);
  function("validateProgram", &validate_program_);
  function("programInfo", &program_info_);
  function("normalizeProgram", &normalize_program_);
  function("customerFromEvents", &customer_from_events_);
  function("customerFromMetrics", &customer_from_metrics_);
  function("importSummary", &import_summary_);
  function("importToCsv", &import_to_csv_);
  function("inspectEvents", &inspect_events_);
  function("evaluateOutput", &evaluate_output_);
  function("simulateOutput", &simulate_output_);

  class_<SessionHandle>("SessionHandle")
      .constructor<>()
      .function("load", &load_)
      .function("info", &info_)
      .function("customerIds", &customer_ids_)
      .function("tiers", &tiers_)
      .function("rows", &rows_)
      .function("simulate", &simulate_)
      .function("movers", &movers_)
      .function("sweep", &sweep_)
      .function("replay", &replay_)
      .function("tune", &tune_)
      .function("evaluate", &evaluate_)
      .function("customer", &customer_)
      .function("notify", &notify_)
      .function("metricValues", &metric_values_)
      .function("metricRows", &metric_rows_);
}
