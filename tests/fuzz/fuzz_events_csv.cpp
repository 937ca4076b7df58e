// Harness: the canonical events CSV. The same bytes through
//   - import_events_csv (the fast reader when the file allows it), on one
//     thread and on three (three parts, however small the file),
//   - import_events_csv_file (the block reader the CLI uses for a file),
//   - the general reader (the same file with one field quoted, as
//     tests/test_fast_import.cpp does: with_a_quoted_field),
// with skip_bad_rows off and on: the same refusal or the same log and report,
// and rows read = used + duplicates + skipped.
#include <algorithm>
#include <cstring>

#include "fuzz_common.hpp"

using namespace tierlab;
using namespace tierlab_fuzz;

namespace {

ImportOptions options(bool skip, int threads = 1) {
  ImportOptions opt;
  opt.threads = threads;
  opt.skip_bad_rows = skip;
  opt.source = "e.csv";
  return opt;
}

// The CsvReader's end of a row's field: a separator, LF or CR.
bool ends_field(char c) { return c == ',' || c == '\n' || c == '\r'; }

// The same CSV with the first field of its first data row quoted (quotes in
// it doubled): the general reader must read the same values from it. Empty
// when there is no data row to quote, or that field is already quoted.
std::string with_a_quoted_field(std::string_view csv) {
  size_t pos = csv.size() >= 3 && csv.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  // Past the header row (a quoted header field may hold line ends).
  bool in_quotes = false, field_start = true;
  for (; pos < csv.size(); ++pos) {
    const char c = csv[pos];
    if (in_quotes) {
      if (c == '"') {
        if (pos + 1 < csv.size() && csv[pos + 1] == '"') ++pos;
        else in_quotes = false;
      }
      continue;
    }
    if (c == '"' && field_start) {
      in_quotes = true;
      field_start = false;
      continue;
    }
    field_start = c == ',';
    if (c == '\n') {
      ++pos;
      break;
    }
    if (c == '\r') {
      pos += (pos + 1 < csv.size() && csv[pos + 1] == '\n') ? 2 : 1;
      break;
    }
  }
  if (in_quotes) return {};
  // Blank lines are not rows (quoting one would make it a row).
  for (;;) {
    if (pos < csv.size() && csv[pos] == '\n') ++pos;
    else if (pos + 1 < csv.size() && csv[pos] == '\r' && csv[pos + 1] == '\n') pos += 2;
    else if (pos < csv.size() && csv[pos] == '\r') ++pos;
    else break;
  }
  if (pos >= csv.size() || csv[pos] == '"') return {};
  size_t end = pos;
  while (end < csv.size() && !ends_field(csv[end])) ++end;
  std::string out(csv.substr(0, pos));
  out += '"';
  for (char c : csv.substr(pos, end - pos)) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  out.append(csv.substr(end));
  return out;
}

// Through the block reader, in reads of `block` bytes at most.
std::optional<Outcome> through_file_reader(std::string_view csv, bool skip, size_t block) {
  ReadAt read_at = [&](size_t offset, char* into, size_t n) {
    n = std::min({n, block, csv.size() - std::min(offset, csv.size())});
    std::memcpy(into, csv.data() + offset, n);
    return n;
  };
  std::optional<Import> im;
  Outcome o;
  try {
    im = import_events_csv_file(read_at, csv.size(), options(skip));
    if (!im) return std::nullopt;
    o.im = std::move(*im);
    o.ok = true;
  } catch (const InputError& e) {
    o.error = e.what();
  }
  return o;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view csv(reinterpret_cast<const char*>(data), size);
  std::string quoted = with_a_quoted_field(csv);
  Outcome strict;
  for (bool skip : {false, true}) {
    const std::string mode = skip ? "skip_bad_rows" : "strict";
    Outcome direct = outcome_of([&] { return import_events_csv(csv, options(skip)); });
    if (direct.ok) check_accounting(direct.im.report, "import_events_csv " + mode);
    // Three threads cut even a small file into three parts (parallel.hpp
    // thread_count): part boundaries, global line numbers, duplicate ids
    // across parts (the shared Bloom filter) must not change the answer.
    Outcome parts = outcome_of([&] { return import_events_csv(csv, options(skip, 3)); });
    check_same_outcome(direct, parts, "import_events_csv, 1 thread vs 3, " + mode);
    if (!quoted.empty()) {
      Outcome general = outcome_of([&] { return import_events_csv(quoted, options(skip)); });
      check_same_outcome(direct, general, "import_events_csv vs the general reader, " + mode);
    }
    // The block reader allocates a 1 MB block a call (60 runs a second here):
    // one input in 32, chosen by its bytes, goes through it.
    if (!csv.empty() && (size + data[size / 2]) % 32 == 0) {
      // The file reader's contract: nothing (use the general reader) or the same answer.
      if (auto file = through_file_reader(csv, skip, size_t(1) << 20))
        check_same_outcome(direct, *file, "import_events_csv vs import_events_csv_file, " + mode);
    }
    if (!skip) strict = std::move(direct);
    else check_strict_vs_skip(strict, direct, "import_events_csv");
  }
  return 0;
}
