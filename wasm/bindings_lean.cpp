// The lean module's boundary, for the storefront widget: a C ABI of three
// calls instead of Embind, whose runtime alone would take a fifth of the
// widget's 60 KB budget. Text goes in as (pointer, length) UTF-8 that the JS
// layer (js/tierlab-lean.mjs) wrote into buffers from tl_alloc; each call
// returns six words {error, error length, value, value length, report, report
// length} that stay valid until the next call. Errors are values: nothing is
// thrown across. The report is set only when bad events were skipped.
#include <emscripten/emscripten.h>

#include <cstdint>
#include <cstdlib>
#include <malloc.h>

#include "api.hpp"

using tierlab::wasm::Result;

namespace {

Result last;
uint32_t words[6];

const uint32_t* publish(Result r) {
  last = std::move(r);
  words[0] = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(last.error.data()));
  words[1] = static_cast<uint32_t>(last.error.size());
  words[2] = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(last.value.data()));
  words[3] = static_cast<uint32_t>(last.value.size());
  words[4] = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(last.report.data()));
  words[5] = static_cast<uint32_t>(last.report.size());
  return words;
}

std::string text(const char* p, size_t n) { return std::string(p, n); }

} // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE void* tl_alloc(size_t n) { return std::malloc(n ? n : 1); }
EMSCRIPTEN_KEEPALIVE void tl_free(void* p) { std::free(p); }
// Bytes malloc has handed out and not got back (a leak check for tests).
EMSCRIPTEN_KEEPALIVE size_t tl_heap_in_use() { return mallinfo().uordblks; }

EMSCRIPTEN_KEEPALIVE const uint32_t* tl_validate_program(const char* program, size_t program_len) {
  return publish(tierlab::wasm::validate_program(text(program, program_len)));
}

EMSCRIPTEN_KEEPALIVE const uint32_t* tl_customer_from_events(const char* program, size_t program_len,
                                                             const char* events, size_t events_len, const char* options,
                                                             size_t options_len) {
  return publish(tierlab::wasm::customer_from_events(text(program, program_len), text(events, events_len),
                                                     text(options, options_len)));
}

EMSCRIPTEN_KEEPALIVE const uint32_t* tl_customer_from_metrics(const char* program, size_t program_len,
                                                              const char* metrics, size_t metrics_len,
                                                              const char* options, size_t options_len) {
  return publish(tierlab::wasm::customer_from_metrics(text(program, program_len), text(metrics, metrics_len),
                                                      text(options, options_len)));
}

} // extern "C"
