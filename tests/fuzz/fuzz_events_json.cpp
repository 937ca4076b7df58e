// Harness: the canonical events JSON (import_events_json), skip_bad_rows off
// and on: rows read = used + duplicates + skipped; a strict import that
// succeeds equals the lenient one; what it imported, written as the
// canonical CSV (events_to_csv) and read back, gives the same events.
#include "fuzz_common.hpp"

using namespace tierlab;
using namespace tierlab_fuzz;

namespace {
ImportOptions options(bool skip) {
  ImportOptions opt;
  opt.threads = 1;
  opt.skip_bad_rows = skip;
  opt.source = "e.json";
  return opt;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Outcome strict;
  for (bool skip : {false, true}) {
    const std::string mode = skip ? "skip_bad_rows" : "strict";
    Outcome o = outcome_of([&] { return import_events_json(text, options(skip)); });
    if (o.ok) {
      check_accounting(o.im.report, "import_events_json " + mode);
      const std::string csv = events_to_csv(o.im.log, 2);
      Outcome again = outcome_of([&] { return import_events_csv(csv, options(false)); });
      TIERLAB_FUZZ_CHECK(again.ok, "import_events_json " + mode + ": its events as CSV are refused: " +
                                       shown(again.error) + "\nCSV: " + shown(csv));
      check_same_log(o.im.log, again.im.log, "import_events_json " + mode + " vs its CSV re-imported");
    }
    if (!skip) strict = std::move(o);
    else check_strict_vs_skip(strict, o, "import_events_json");
  }
  return 0;
}
