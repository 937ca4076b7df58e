#pragma once
// Collects events from any importer, drops duplicate event ids, and builds
// the sorted columnar EventLog. One place for the accounting of rows.
#include <cstdint>
#include <cstring>
#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tierlab/error.hpp"
#include "tierlab/events.hpp"

namespace tierlab {

// p[0, n) == q[0, n) for sizeof(W) <= n <= 2 * sizeof(W): one word from
// each end (they overlap when n < 2 * sizeof(W)).
template <class W> bool same_ends(const char* p, const char* q, size_t n) {
  W p0, p1, q0, q1;
  std::memcpy(&p0, p, sizeof(W));
  std::memcpy(&p1, p + n - sizeof(W), sizeof(W));
  std::memcpy(&q0, q, sizeof(W));
  std::memcpy(&q1, q + n - sizeof(W), sizeof(W));
  return ((p0 ^ q0) | (p1 ^ q1)) == 0;
}

// a == b for byte strings, inline: ids, dates and type words are short, and
// in wasm a call to memcmp per compare costs more than the compare. Up to 16
// bytes: two overlapping loads of 8 (or 4) from each end; longer: memcmp.
inline bool same_bytes(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  const char *p = a.data(), *q = b.data();
  if (n > 16) return std::memcmp(p, q, n) == 0;
  if (n >= 8) return same_ends<uint64_t>(p, q, n);
  if (n >= 4) return same_ends<uint32_t>(p, q, n);
  // 0..3 bytes: the first, middle and last cover them all.
  return n == 0 || (p[0] == q[0] && p[n / 2] == q[n / 2] && p[n - 1] == q[n - 1]);
}

// The event ids seen so far, exact and compact: 8 bytes a slot. An id found
// inside the source text is remembered by its offset there (and compared
// again from the text when a 24-bit tag matches); other ids are copied.
class IdSet {
 public:
  void bind_text(std::string_view text) { text_ = text; }
  void reserve(size_t ids);
  // A small, fast 64-bit string hash (8 bytes a step, multiply-xorshift mixing).
  static uint64_t hash(std::string_view s) {
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ (s.size() * 0xff51afd7ed558ccdULL);
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
      h ^= h >> 29;
    }
    // The last 0..7 bytes, little-endian, without a loop (a loop costs an
    // interrupt check an iteration in wasm): two overlapping 4-byte loads
    // (equal bytes OR onto equal places), or up to three single bytes.
    const size_t rest = s.size() - i;
    const auto* p = reinterpret_cast<const unsigned char*>(s.data()) + i;
    uint64_t w = 0;
    if (rest >= 4) {
      uint32_t lo, hi;
      std::memcpy(&lo, p, 4);
      std::memcpy(&hi, p + rest - 4, 4);
      w = lo | uint64_t(hi) << ((rest - 4) * 8);
    } else if (rest > 0) {
      w = p[0] | (rest > 1 ? uint64_t(p[1]) << 8 : 0) | (rest > 2 ? uint64_t(p[2]) << 16 : 0);
    }
    h = (h ^ w) * 0x94d049bb133111ebULL;
    h ^= h >> 32;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 29;
    return h;
  }
  // Asks the cache for the slot where `hash` starts probing.
  void prefetch(uint64_t hash) const;
  bool insert(std::string_view id) { return insert(id, hash(id)); }
  bool insert(std::string_view id, uint64_t hash); // false when already present

 private:
  std::string_view at(uint64_t location) const;
  void grow();
  std::string_view text_;
  std::string arena_; // [u32 length][bytes] per copied id
  std::vector<uint64_t> slots_;
  size_t used_ = 0;
};

// Event columns in file order, before sorting (one entry per kept event):
// what every reader hands to build_log (the import seam, docs/architecture.md).
struct LogColumns {
  std::vector<std::string> customers; // in order of first appearance
  std::vector<std::string> kinds;     // in order of first appearance
  // The customer of each event, as runs while rows come grouped: events
  // [previous end, end) belong to `customer` (one run per customer in a
  // file grouped by customer). Once runs would cost more than a 4-byte index
  // a row (rows by date, shuffled), they become `customer`, one index a row.
  struct Run {
    uint32_t customer, end;
  };
  std::vector<Run> runs;
  std::vector<uint32_t> customer; // per event, when by_row
  bool by_row = false;
  std::vector<Day> day;
  std::vector<uint16_t> kind; // index into kinds
  AmountColumn amount;

  size_t size() const { return day.size(); }
  // The customer of the next event (call once per event, in event order).
  void push_customer(uint32_t c) {
    if (by_row) {
      customer.push_back(c);
    } else if (!runs.empty() && runs.back().customer == c) {
      ++runs.back().end;
    } else {
      runs.push_back({c, runs.empty() ? 1u : runs.back().end + 1});
#ifndef TIERLAB_SMALL_CODE // (the widget's lean module reads one shopper: runs only)
      // Short runs: an index a row is smaller (checked now and then).
      if ((runs.size() & 4095) == 0 && runs.size() * 2 > runs.back().end) to_rows();
#endif
    }
  }
  // Turns the runs into one customer index per event.
  void to_rows();
  // Calls f(event, customer) for every event, in order.
  template <class F> void each_customer(F&& f) const {
#ifndef TIERLAB_SMALL_CODE
    if (by_row) {
      for (size_t i = 0; i < customer.size(); ++i) f(i, customer[i]);
      return;
    }
#endif
    for (size_t r = 0, b = 0; r < runs.size(); b = runs[r++].end)
      for (size_t i = b; i < runs[r].end; ++i) f(i, runs[r].customer);
  }
};

// Sorts the columns into an EventLog: customers in byte order, events by
// (customer, day, file order). Input already in that order is not permuted.
// Frees the columns as it goes (the peak stays near one copy of the events).
EventLog build_log(LogColumns&& columns);
// The same log by the plain method (before issue #15): the reference for
// build_log's tests, and build_log itself in the widget's lean module.
EventLog build_log_plain(LogColumns&& columns);

// Reserves capacity for n elements and asks Linux for huge pages on it:
// fewer page faults while a large column fills (no effect elsewhere).
void advise_huge_pages(const void* data, size_t bytes);
template <class T> void reserve_column(std::vector<T>& v, size_t n) {
  if (n <= v.capacity()) return;
  v.reserve(n);
  advise_huge_pages(v.data(), v.capacity() * sizeof(T));
}

// Names (event types, customer ids) in order of first appearance, found by
// hash: a file may hold tens of thousands of types and millions of
// customers (a linear search per row was quadratic). A few names -- the
// usual file's types, one shopper -- are compared one by one, which is
// faster than hashing. (Our own table rather than std::unordered_map: no
// node per name, and in the widget's wasm no __next_prime and rehash code.)
constexpr size_t kMaxKinds = 65535; // the kind column is 16 bits
class NameTable {
 public:
  // The index of `name` in `names` (the list this table was filled with), or -1.
  int64_t find(const std::vector<std::string>& names, std::string_view name) const {
    if (slots_.empty()) {
      for (size_t k = 0; k < names.size(); ++k)
        if (same_bytes(names[k], name)) return static_cast<int64_t>(k);
      return -1;
    }
    const uint64_t h = IdSet::hash(name);
    for (size_t i = static_cast<size_t>(h) & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      const uint32_t s = slots_[i];
      if (s == 0) return -1;
      if (same_bytes(names[s - 1], name)) return static_cast<int64_t>(s - 1);
    }
  }
  // Appends `name` (not in `names`; the caller checked its limit) and
  // returns its index.
  uint32_t add(std::vector<std::string>& names, std::string_view name);

 private:
  static constexpr size_t kLinear = 8;
  void place(std::string_view name, uint32_t index);
  std::vector<uint32_t> slots_; // index + 1, 0 = empty; empty while few names
};
using KindTable = NameTable;

// "more than 65535 distinct event types ..." (the reason after "column type: ").
std::string too_many_kinds(std::string_view type);

constexpr size_t kMaxCustomerIdBytes = 128;

// What is wrong with a customer id (empty, longer than 128 bytes, not valid
// UTF-8), or "" when nothing is. Every importer asks.
std::string customer_id_problem(std::string_view id);
// True when s is valid UTF-8 (no overlong forms, surrogates or values
// beyond U+10FFFF).
bool valid_utf8(std::string_view s);
// True when every byte of s is below 0x80 (inline: the fast reader asks for
// every row's customer id).
inline bool all_ascii(std::string_view s) {
  const char* p = s.data();
  size_t n = s.size();
  uint64_t acc = 0;
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    acc |= w;
  }
  for (; n > 0; ++p, --n) acc |= static_cast<uint8_t>(*p);
  return (acc & 0x8080808080808080ULL) == 0;
}
// Message text with control bytes and bytes of invalid UTF-8 written as
// \xNN: a NUL or a line break in a field never cuts or splits a message.
std::string printable(std::string_view s);

class LogBuilder {
 public:
  LogBuilder(const ImportOptions& opt, std::string format);
  // Ids that are views into `text` are kept by offset (CSV importers).
  void bind_text(std::string_view text) {
    text_ = text;
    ids_.bind_text(text);
  }
  // Expected number of events: reserves memory once instead of growing.
  void reserve(size_t events);
  // The reader is past byte `done` of the bound text (opt.done_with).
  void done_up_to(size_t done) {
    if (opt_.done_with && done > done_) opt_.done_with(done_, done);
    done_ = std::max(done_, done);
  }

  // A data row was read (call once per row, before add or skip).
  void row() { ++report_.rows_read; }
  // Adds an event of the current row; a later row with the same non-empty
  // event_id is a duplicate (counted, not kept). `type` is the type's name.
  // Events pass through a short queue so the id probe's memory access can be
  // started (prefetched) a few rows ahead: the strings need only live until
  // finish(), or until the next add() for views outside the bound text.
  // Returns false (and adds nothing) when `type` would be one distinct type
  // more than kMaxKinds: the caller stops with a located too_many_kinds().
  // Types count over every valid row, duplicates too (as the fast reader).
  [[nodiscard]] bool add(std::string_view customer, Day day, std::string_view type, int64_t amount,
                         std::string_view event_id);
  // The current row is bad: throws InputError(message) unless skip_bad_rows.
  void bad(int64_t line, const std::string& message);
  // A limit of the whole file was passed at the current row: throws
  // InputError(message), with or without skip_bad_rows.
  [[noreturn]] void fatal(const std::string& message) { throw_input_error(printable(message)); }
  // False (and the row is bad) when a CSV row's field count is not the header's.
  bool width_ok(int64_t line, size_t fields, size_t header_fields);
  // The current row is deliberately not an event (a cancelled order, ...).
  void leave_out(int64_t line, const std::string& reason);
  // Rows of a grouped export that became part of an already-counted event.
  void merged() { ++report_.rows_used; }
  // A second event made from the same row (a refund beside its order).
  void unmerge() { --report_.rows_used; }

  Import finish();

 private:
  struct Pending {
    std::string_view customer, id;
    std::string own; // copies of views that would not outlive the next row
    Day day = 0;
    int64_t amount = 0;
    uint64_t hash = 0;
    uint16_t kind = 0;
  };
  static constexpr size_t kAhead = 16;
  void process(Pending& p);
  bool in_text(std::string_view v) const {
    return !text_.empty() && v.data() >= text_.data() && v.data() + v.size() <= text_.data() + text_.size();
  }
  std::string_view text_;
  size_t done_ = 0;
  Pending ring_[kAhead];
  size_t ring_head_ = 0, ring_count_ = 0;

  ImportOptions opt_;
  ImportReport report_;
  NameTable customer_index_; // of cols_.customers
  std::string last_customer_;
  uint32_t last_customer_index_ = UINT32_MAX;
  uint16_t last_kind_ = 0;
  KindTable kind_table_;
  LogColumns cols_;
  IdSet ids_;
};

// Rows in text after byte `from`, estimated from the first 64 KB (for reserve).
size_t estimate_rows(std::string_view text, size_t from);

// "row has 3 fields, the header has 5"
std::string width_problem(size_t fields, size_t header_fields);
// How many skipped rows a report lists with their reasons.
constexpr size_t kListedSkipped = 100;

EventType event_type_of(std::string_view type_name);
bool is_type_word(std::string_view s);

// What is wrong with one canonical event: the column and the reason (none
// when column is empty). Shared by the CSV and JSON readers, which locate it
// their own way (FILE:LINE: column NAME: ..., FILE: /INDEX/NAME: ...).
struct EventProblem {
  std::string column, reason;
  bool ok() const { return column.empty(); }
};

// Remembers the plain dates (YYYY-MM-DD) check_event has read for one
// reader (a thread), so most rows skip the parsing; a few years of days fit
// with few collisions. Never changes an answer.
struct EventCache {
  struct DateSlot {
    char text[10];
    Day day;
    bool used = false;
  };
  static constexpr int kDateBits = 12;
  DateSlot dates[size_t(1) << kDateBits];
  // The slot of a 10-byte date text.
  static size_t date_slot(const char* text) {
    uint64_t h;
    std::memcpy(&h, text, 8);
    h = (h ^ (uint64_t(uint8_t(text[8])) << 8 | uint8_t(text[9]))) * 0x9E3779B97F4A7C15ULL;
    return static_cast<size_t>(h >> (64 - kDateBits));
  }
};

// Validates one canonical event's fields and reads its day and amount.
// known_type: the type word's EventType when the reader has checked that
// word before (a kind it already read), so it is not checked again.
EventProblem check_event(std::string_view customer, std::string_view date, std::string_view type,
                         std::string_view amount, bool amount_present, int digits, Day& day, int64_t& value,
                         EventCache* cache = nullptr, std::optional<EventType> known_type = std::nullopt);

// check_event's usual row, inline and without building an EventProblem,
// for a row whose type is known to be valid (a kind already read; `type` is
// its EventType): a customer id of 1..128 ASCII bytes, a plain date the cache has
// seen, a plain amount (plain_decimal) or none. Returns false for anything
// else, which check_event then reads in full; when true, day and value are
// what check_event would give.
inline bool check_event_fast(std::string_view customer, std::string_view date, EventType type, std::string_view amount,
                             bool amount_present, int digits, Day& day, int64_t& value, const EventCache& cache) {
  if (customer.empty() || customer.size() > kMaxCustomerIdBytes || date.size() != 10 || !all_ascii(customer))
    return false;
  const EventCache::DateSlot& slot = cache.dates[EventCache::date_slot(date.data())];
  if (!slot.used || !same_bytes(std::string_view(slot.text, 10), date)) return false;
  if (type == EventType::Redeem) return false;
  value = 0;
  if (type == EventType::Purchase || type == EventType::Return) {
    if (!amount_present) return false;
    const std::optional<int64_t> v = plain_decimal(amount, digits);
    if (!v) return false;
    value = *v;
  }
  day = slot.day;
  return true;
}

} // namespace tierlab
