// Harness: every store importer and the format detection. The same bytes go
// through detect_format / import_any (what `--events` does), the Shopify and
// WooCommerce order readers, the Online Retail mapping, CDNOW and the --map
// line-item reader (two mappings made from the input's own header), with
// skip_bad_rows off and on. Each import must keep rows read = used +
// duplicates + skipped; a strict import that succeeds equals the lenient one;
// and what `tierlab import` writes for it (events_to_csv) must import again,
// strictly, to the same events.
#include <vector>

#include "fuzz_common.hpp"

using namespace tierlab;
using namespace tierlab_fuzz;

namespace {

ImportOptions options(bool skip, int digits) {
  ImportOptions opt;
  opt.threads = 1;
  opt.skip_bad_rows = skip;
  opt.currency_digits = digits;
  opt.source = "export.csv";
  return opt;
}

// The header's first line split on commas (names for a --map mapping).
std::vector<std::string> header_names(std::string_view text) {
  std::vector<std::string> names;
  std::string_view line = text.substr(0, text.find('\n'));
  size_t pos = 0;
  while (names.size() < 8) {
    const size_t comma = line.find(',', pos);
    std::string name(line.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
    while (!name.empty() && (name.back() == '\r' || name.back() == ' ')) name.pop_back();
    names.push_back(name);
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return names;
}

// What `tierlab import` prints for `im`, read back as the canonical CSV.
void check_reimport(const Import& im, int digits, const std::string& where) {
  const std::string csv = events_to_csv(im.log, digits);
  Outcome again = outcome_of([&] { return import_events_csv(csv, options(false, digits)); });
  TIERLAB_FUZZ_CHECK(again.ok, where + ": what `tierlab import` writes is refused: " + shown(again.error) +
                                   "\nCSV: " + shown(csv));
  check_accounting(again.im.report, where + " re-imported");
  check_same_log(im.log, again.im.log, where + " vs what `tierlab import` writes, re-imported");
}

template <class F> void run(const std::string& name, int digits, F&& import) {
  Outcome strict;
  for (bool skip : {false, true}) {
    const std::string where = name + (skip ? " skip_bad_rows" : " strict") + " digits " + std::to_string(digits);
    Outcome o = outcome_of([&] { return import(options(skip, digits)); });
    if (o.ok) {
      check_accounting(o.im.report, where);
      check_reimport(o.im, digits, where);
    }
    if (!skip) strict = std::move(o);
    else check_strict_vs_skip(strict, o, name);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // The currency's digits (0, 2 or 3) from the input's length: one import per digit count would triple the work.
  const int digits = size % 3 == 0 ? 2 : size % 3 == 1 ? 0 : 3;
  const ImportFormat detected = detect_format(text);
  TIERLAB_FUZZ_CHECK(import_format_name(detected) != std::string("?"), "detect_format: no such format");
  run("import_any(auto)", digits, [&](const ImportOptions& o) { return import_any(text, ImportFormat::Auto, o); });
  run("shopify", digits, [&](const ImportOptions& o) { return import_shopify_orders(text, o); });
  run("woocommerce", digits, [&](const ImportOptions& o) { return import_woocommerce_orders(text, o); });
  run("cdnow", digits, [&](const ImportOptions& o) { return import_cdnow(text, o); });
  const LineItemMapping retail = online_retail_mapping();
  run("online-retail", digits, [&](const ImportOptions& o) { return import_line_items(text, retail, o); });
  // --map: customer=1st column, date=2nd, amount=3rd; and customer=1st,
  // date=2nd, order=3rd, quantity=4th, unit_price=5th (strip_suffix "").
  // The faces refuse a mapping without a customer or date column (cli/main.cpp
  // parse_mapping, wasm/session.cpp mapping_of); the library does not check
  // it (an empty name reads field -1: docs/reliability.md, Findings), so
  // neither is empty here.
  const std::vector<std::string> h = header_names(text);
  if (h.size() >= 2 && (h[0].empty() || h[1].empty())) return 0;
  if (h.size() >= 3) {
    LineItemMapping m;
    m.customer = h[0], m.date = h[1], m.amount = h[2];
    run("--map amount", digits, [&](const ImportOptions& o) { return import_line_items(text, m, o); });
    run("import_any(--map amount)", digits,
        [&](const ImportOptions& o) { return import_any(text, ImportFormat::Auto, o, &m); });
  }
  if (h.size() >= 5) {
    LineItemMapping m;
    m.customer = h[0], m.date = h[1], m.order = h[2], m.quantity = h[3], m.unit_price = h[4];
    m.customer_suffix_strip.clear();
    run("--map quantity x price", digits, [&](const ImportOptions& o) { return import_line_items(text, m, o); });
  }
  return 0;
}
