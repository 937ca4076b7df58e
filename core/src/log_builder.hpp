#pragma once
// Collects events from any importer, drops duplicate event ids, and builds
// the sorted columnar EventLog. One place for the accounting of rows.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tierlab/error.hpp"
#include "tierlab/events.hpp"

namespace tierlab {

// The event ids seen so far, exact and compact: 8 bytes a slot. An id found
// inside the source text is remembered by its offset there (and compared
// again from the text when a 24-bit tag matches); other ids are copied.
class IdSet {
public:
  void bind_text(std::string_view text) { text_ = text; }
  void reserve(size_t ids);
  bool insert(std::string_view id); // false when already present

private:
  std::string_view at(uint64_t location) const;
  void grow();
  std::string_view text_;
  std::string arena_; // [u32 length][bytes] per copied id
  std::vector<uint64_t> slots_;
  size_t used_ = 0;
};

class LogBuilder {
public:
  LogBuilder(const ImportOptions& opt, std::string format);
  // Ids that are views into `text` are kept by offset (CSV importers).
  void bind_text(std::string_view text) { ids_.bind_text(text); }
  // Expected number of events: reserves memory once instead of growing.
  void reserve(size_t events);
  // Reports progress through opt.progress (bytes done of the text).
  void progress(size_t done, size_t total) {
    if (opt_.progress) opt_.progress(done, total);
  }

  // A data row was read (call once per row, before add or skip).
  void row() { ++report_.rows_read; }
  // Adds an event of the current row; returns false when its event_id is a
  // duplicate (then counted as such). `type` is the type's name.
  bool add(std::string_view customer, Day day, std::string_view type, int64_t amount, std::string_view event_id);
  // The current row is bad: throws InputError(message) unless skip_bad_rows.
  void bad(int64_t line, const std::string& message);
  // The current row is deliberately not an event (a cancelled order, ...).
  void leave_out(int64_t line, const std::string& reason);
  // Rows of a grouped export that became part of an already-counted event.
  void merged() { ++report_.rows_used; }
  // A second event made from the same row (a refund beside its order).
  void unmerge() { --report_.rows_used; }

  Import finish();

private:
  struct StringViewHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  ImportOptions opt_;
  ImportReport report_;
  std::unordered_map<std::string, uint32_t, StringViewHash, std::equal_to<>> customer_index_;
  std::string last_customer_;
  uint32_t last_customer_index_ = UINT32_MAX;
  uint16_t last_kind_ = 0;
  std::vector<std::string> customers_;
  std::vector<std::string> kinds_;
  std::vector<uint32_t> cust_;
  std::vector<Day> day_;
  std::vector<uint16_t> kind_;
  std::vector<int64_t> amount_;
  IdSet ids_;
};

// Rows in text after byte `from`, estimated from the first 64 KB (for reserve).
size_t estimate_rows(std::string_view text, size_t from);

EventType event_type_of(std::string_view type_name);
bool is_type_word(std::string_view s);

// Validates one canonical event's fields; returns an empty string when good,
// else "column NAME: reason". Shared by the CSV and JSON readers.
std::string check_event(std::string_view customer, std::string_view date, std::string_view type,
                        std::string_view amount, bool amount_present, int digits, Day& day, int64_t& value);

} // namespace tierlab
