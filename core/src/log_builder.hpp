#pragma once
// Collects events from any importer, drops duplicate event ids, and builds
// the sorted columnar EventLog. One place for the accounting of rows.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tierlab/error.hpp"
#include "tierlab/events.hpp"

namespace tierlab {

class LogBuilder {
public:
  LogBuilder(const ImportOptions& opt, std::string format);

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
  struct Hash128 {
    uint64_t a, b;
  };
  bool seen_id(std::string_view id);

  ImportOptions opt_;
  ImportReport report_;
  std::unordered_map<std::string, uint32_t> customer_index_;
  std::vector<std::string> customers_;
  std::vector<std::string> kinds_;
  std::vector<uint32_t> cust_;
  std::vector<Day> day_;
  std::vector<uint16_t> kind_;
  std::vector<int64_t> amount_;
  std::vector<Hash128> ids_; // open addressing; a == 0 && b == 0 is empty
  size_t ids_used_ = 0;
};

EventType event_type_of(std::string_view type_name);
bool is_type_word(std::string_view s);

// Validates one canonical event's fields; returns an empty string when good,
// else "column NAME: reason". Shared by the CSV and JSON readers.
std::string check_event(std::string_view customer, std::string_view date, std::string_view type,
                        std::string_view amount, bool amount_present, int digits, Day& day, int64_t& value);

} // namespace tierlab
