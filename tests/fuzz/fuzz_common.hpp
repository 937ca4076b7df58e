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

} // namespace tierlab_fuzz
