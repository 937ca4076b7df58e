#pragma once
// Shared by the libFuzzer harnesses (tests/fuzz/*.cpp) and their replay
// binaries (replay_main.cpp). A harness catches only tierlab::InputError (a
// clean refusal); anything else -- another exception, a crash, a sanitizer
// report, a broken invariant -- is a finding: it prints what broke and
// aborts, so libFuzzer saves the input and the replay test fails.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tierlab/error.hpp"
#include "tierlab/events.hpp"

namespace tierlab_fuzz {

// Prints at most `limit` bytes of s, escaped, so a report stays readable.
inline std::string shown(std::string_view s, size_t limit = 400) {
  std::string out;
  for (size_t i = 0; i < s.size() && i < limit; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c >= 0x20 && c < 0x7f) out += static_cast<char>(c);
    else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  if (s.size() > limit) out += "...(" + std::to_string(s.size()) + " bytes)";
  return out;
}

[[noreturn]] inline void finding(const std::string& what, const std::string& detail = {}) {
  std::fprintf(stderr, "\n==tierlab-fuzz== FINDING: %s\n", what.c_str());
  if (!detail.empty()) std::fprintf(stderr, "==tierlab-fuzz== %s\n", detail.c_str());
  std::fflush(stderr);
  std::abort();
}

#define TIERLAB_FUZZ_CHECK(cond, detail)                                                                               \
  do {                                                                                                                 \
    if (!(cond))                                                                                                       \
      ::tierlab_fuzz::finding(std::string(__FILE__ ":") + std::to_string(__LINE__) + ": invariant broken: " #cond,     \
                              (detail));                                                                               \
  } while (0)

// What one import gave: the log and report, or InputError's message.
struct Outcome {
  bool ok = false;
  std::string error;
  tierlab::Import im;
};

// Runs f() -> Import; InputError is a clean refusal, anything else escapes
// (libFuzzer reports an uncaught exception as a crash: a finding).
template <class F> Outcome outcome_of(F&& f) {
  Outcome o;
  try {
    o.im = f();
    o.ok = true;
  } catch (const tierlab::InputError& e) {
    o.error = e.what();
  }
  return o;
}

// rows read = used + duplicates + skipped (ImportReport; left_out is part of skipped).
inline void check_accounting(const tierlab::ImportReport& r, const std::string& where) {
  TIERLAB_FUZZ_CHECK(r.rows_read == r.rows_used + r.duplicates + r.skipped, where + ": " + r.summary());
  TIERLAB_FUZZ_CHECK(r.rows_used >= 0 && r.duplicates >= 0 && r.skipped >= 0 && r.left_out >= 0 &&
                         r.left_out <= r.skipped,
                     where + ": " + r.summary() + " left out " + std::to_string(r.left_out));
  TIERLAB_FUZZ_CHECK(r.first_skipped.size() <= static_cast<size_t>(r.skipped), where + ": " + r.summary());
}

// The same events: customers, per-customer ranges, days, types, amounts and
// kind names (kind ids may differ: they follow the order of first appearance).
inline void check_same_log(const tierlab::EventLog& a, const tierlab::EventLog& b, const std::string& where) {
  TIERLAB_FUZZ_CHECK(a.customer_ids == b.customer_ids, where + ": customer ids differ");
  TIERLAB_FUZZ_CHECK(a.begin == b.begin, where + ": customer ranges differ");
  TIERLAB_FUZZ_CHECK(a.size() == b.size(), where + ": event counts differ");
  TIERLAB_FUZZ_CHECK(a.day == b.day, where + ": days differ");
  TIERLAB_FUZZ_CHECK(a.type == b.type, where + ": types differ");
  for (size_t i = 0; i < a.size(); ++i) {
    TIERLAB_FUZZ_CHECK(a.amount[i] == b.amount[i], where + ": amount of event " + std::to_string(i) + ": " +
                                                       std::to_string(a.amount[i]) + " vs " +
                                                       std::to_string(b.amount[i]));
    TIERLAB_FUZZ_CHECK(a.kinds[a.kind[i]] == b.kinds[b.kind[i]], where + ": kind of event " + std::to_string(i));
  }
  if (a.size() > 0) TIERLAB_FUZZ_CHECK(a.first_day == b.first_day && a.last_day == b.last_day, where + ": day range");
}

// The same report (both from the same rows): counts and the listed reasons.
inline void check_same_report(const tierlab::ImportReport& a, const tierlab::ImportReport& b,
                              const std::string& where) {
  TIERLAB_FUZZ_CHECK(a.summary() == b.summary(), where + ": " + a.summary() + " vs " + b.summary());
  TIERLAB_FUZZ_CHECK(a.first_skipped.size() == b.first_skipped.size(), where + ": listed skipped rows");
  for (size_t i = 0; i < a.first_skipped.size(); ++i) {
    TIERLAB_FUZZ_CHECK(a.first_skipped[i].line == b.first_skipped[i].line,
                       where + ": skipped line " + std::to_string(i));
    TIERLAB_FUZZ_CHECK(a.first_skipped[i].message == b.first_skipped[i].message,
                       where + ": " + shown(a.first_skipped[i].message) + " vs " + shown(b.first_skipped[i].message));
  }
}

// Two outcomes of the same bytes: the same refusal, or the same import.
inline void check_same_outcome(const Outcome& a, const Outcome& b, const std::string& where) {
  TIERLAB_FUZZ_CHECK(a.ok == b.ok,
                     where + ": one refused (" + shown(a.ok ? b.error : a.error) + "), the other did not");
  if (!a.ok) {
    TIERLAB_FUZZ_CHECK(a.error == b.error, where + ": " + shown(a.error) + " vs " + shown(b.error));
    return;
  }
  check_same_report(a.im.report, b.im.report, where);
  check_same_log(a.im.log, b.im.log, where);
}

// Strict (the first bad row throws) and skip_bad_rows on the same bytes:
// a strict import that succeeds has nothing to skip, so both must agree.
inline void check_strict_vs_skip(const Outcome& strict, const Outcome& skip, const std::string& where) {
  if (!strict.ok) return;
  TIERLAB_FUZZ_CHECK(skip.ok, where + ": strict import succeeded, skip_bad_rows refused: " + shown(skip.error));
  TIERLAB_FUZZ_CHECK(strict.im.report.skipped == strict.im.report.left_out,
                     where + ": strict import skipped a bad row: " + strict.im.report.summary());
  check_same_report(strict.im.report, skip.im.report, where + " (strict vs skip)");
  check_same_log(strict.im.log, skip.im.log, where + " (strict vs skip)");
}

// ---- KNOWN skips: bugs of issue #14 being fixed on other branches ----
// The fuzzers skip inputs that reach them, so a known crash does not stop the
// search for new ones. The replay binaries are built with
// TIERLAB_FUZZ_NO_KNOWN_SKIPS (they check every input; a saved known crash is
// listed in regressions/known instead). Remove each skip once its fix is merged.

// How a CSV's rows quote their fields, as CsvReader reads them (a quote opens
// a field only at its start; blank lines are not rows).
struct QuotedFields {
  size_t most_in_a_row = 0;  // quoted fields in the row with the most
  bool in_first_row = false; // the first row (the header) has a quoted field
};
inline QuotedFields quoted_fields(std::string_view s, char sep = ',') {
  QuotedFields q;
  size_t pos = s.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0, row = 0;
  while (pos < s.size()) {
    size_t fields = 0, quoted = 0;
    bool blank = true;
    for (;;) { // one field per turn
      ++fields;
      if (pos < s.size() && s[pos] == '"') {
        ++quoted;
        blank = false;
        const size_t close = s.find('"', pos + 1);
        // "" inside a quoted field: keep looking for the closing quote.
        size_t q2 = close;
        while (q2 != std::string_view::npos && q2 + 1 < s.size() && s[q2 + 1] == '"') q2 = s.find('"', q2 + 2);
        if (q2 == std::string_view::npos) {
          pos = s.size();
          break;
        } // unterminated: the reader throws
        pos = q2 + 1;
      }
      while (pos < s.size() && s[pos] != sep && s[pos] != '\n' && s[pos] != '\r') {
        ++pos;
        blank = false;
      }
      if (pos < s.size() && s[pos] == sep) {
        ++pos;
        blank = false;
        continue;
      }
      if (pos < s.size() && s[pos] == '\r') ++pos;
      if (pos < s.size() && s[pos] == '\n') ++pos;
      break;
    }
    if (blank && fields == 1) continue;
    q.most_in_a_row = std::max(q.most_in_a_row, quoted);
    if (row++ == 0) q.in_first_row = quoted > 0;
  }
  return q;
}

#ifndef TIERLAB_FUZZ_NO_KNOWN_SKIPS
// KNOWN(#14 item 1): CsvReader::next keeps views into unquoted_, which moves
// its strings as it grows: a row with more quoted fields than any before.
inline bool known_csv_reader_uaf(std::string_view csv) { return quoted_fields(csv).most_in_a_row >= 2; }
// KNOWN(#14 item 2): header_of() returns views into a destroyed CsvReader
// (detect_format, on every --events file): any quoted header field.
inline bool known_header_of_uaf(std::string_view csv) { return quoted_fields(csv).in_first_row; }
// KNOWN(#14 item 4): the M/D/YYYY date parser (importers.cpp:82) overflows
// an int on a part of 10 digits or more (the first part is read before the
// parser knows it is not a date): a run of 10+ digits at a field's start or
// beside a '/'.
inline bool known_mdy_overflow(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (s[i] < '0' || s[i] > '9') {
      ++i;
      continue;
    }
    size_t e = i;
    while (e < s.size() && s[e] >= '0' && s[e] <= '9') ++e;
    const char before = i > 0 ? s[i - 1] : ',';
    if (e - i >= 10 && (before == '/' || before == ',' || before == ' ' || before == '\t' || before == '\n' ||
                        before == '"' || before == '\'' || (e < s.size() && s[e] == '/')))
      return true;
    i = e;
  }
  return false;
}
#else
inline bool known_mdy_overflow(std::string_view) { return false; }
inline bool known_csv_reader_uaf(std::string_view) { return false; }
inline bool known_header_of_uaf(std::string_view) { return false; }
#endif

} // namespace tierlab_fuzz
