#pragma once
// Customer history, columnar, sorted by (customer, day, file order) (spec §2).
#include <cstdint>
#include <climits>
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tierlab/date.hpp"
#include "tierlab/money.hpp"

namespace tierlab {

enum class EventType : uint8_t { Purchase, Return, Join, Leave, Redeem, Engagement };

struct SkippedRow {
  int64_t line = 0;    // line in the file (1 = header); for JSON the array index
  std::string message; // located: "FILE:LINE: column NAME: reason"
};

struct ImportReport {
  std::string source;    // file name as given
  std::string format;    // "events-csv", "events-json", "shopify-orders", ...
  int64_t rows_read = 0; // data rows (blank lines are not rows)
  int64_t rows_used = 0;
  int64_t duplicates = 0; // event_id seen earlier in the file
  int64_t skipped = 0;    // bad rows, only with skip_bad_rows
  int64_t left_out = 0;   // importer rows deliberately not events (e.g. cancelled orders); part of skipped
  std::vector<SkippedRow> first_skipped; // the first 100, with reasons
  // How the file was read when it had to be worked out: "delimiter ';'
  // (from the header line)", "dates read day-first: 15/01/2025 on line 4 has
  // no month 15", ... (docs/importers.md, "European files").
  std::vector<std::string> notes;
  // The currency a store export names for its orders (Shopify's Currency,
  // WooCommerce's order_currency), "" when it names none: a face compares it
  // with the program's before showing any figure.
  std::string currency;
  // One line: "rows read 10 = used 8 + duplicates 1 + skipped 1"
  std::string summary() const;
};

// Amounts, 4 bytes each: a value beyond 32 bits (one event over 21 million
// in minor units) is kept exactly in a side table. Reads give int64_t.
class AmountColumn {
 public:
  int64_t operator[](size_t i) const {
    const int32_t v = small_[i];
    return v != kBig ? v : big(i);
  }
  size_t size() const { return small_.size(); }
  bool empty() const { return small_.empty(); }
  void reserve(size_t n) { small_.reserve(n); }
  void push_back(int64_t v) {
    if (v > INT32_MIN && v <= INT32_MAX) {
      small_.push_back(static_cast<int32_t>(v));
    } else {
      big_.push_back({small_.size(), v});
      small_.push_back(kBig);
    }
  }
  AmountColumn& operator=(std::initializer_list<int64_t> values);
  bool operator==(const AmountColumn& o) const { return small_ == o.small_ && big_ == o.big_; }

  class const_iterator {
   public:
    using value_type = int64_t;
    using difference_type = std::ptrdiff_t;
    const_iterator(const AmountColumn* c, size_t i) : c_(c), i_(i) {}
    int64_t operator*() const { return (*c_)[i_]; }
    const_iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator==(const const_iterator& o) const { return i_ == o.i_; }
    bool operator!=(const const_iterator& o) const { return i_ != o.i_; }

   private:
    const AmountColumn* c_;
    size_t i_;
  };
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, small_.size()}; }

  // For the log builder: raw 32-bit cells (kBig marks a side-table value).
  static constexpr int32_t kBig = INT32_MIN;
  std::vector<int32_t>& cells() { return small_; }
  const std::vector<int32_t>& cells() const { return small_; }
  std::vector<std::pair<size_t, int64_t>>& big_values() { return big_; } // sorted by index

 private:
  int64_t big(size_t i) const;
  std::vector<int32_t> small_;
  std::vector<std::pair<size_t, int64_t>> big_;
};

struct EventLog {
  std::vector<std::string> customer_ids; // sorted byte order; index = customer
  std::vector<std::string> kinds;        // every distinct type name; index = kind id
  // Per event, sorted by (customer, day, file order):
  std::vector<Day> day;
  std::vector<EventType> type;
  std::vector<uint16_t> kind;      // index into kinds
  AmountColumn amount;             // minor units for purchase/return, points for redeem, else 0
  std::vector<uint32_t> begin;     // customer c owns events [begin[c], begin[c+1])
  Day first_day = 0, last_day = 0; // over all events (0 when empty)

  size_t customers() const { return customer_ids.size(); }
  size_t size() const { return day.size(); }
  int kind_id(std::string_view name) const; // -1 when absent
};

// Numeric dates with '/', '.' or '-' ("03.12.2024"): which field is which.
// Auto: worked out from the file; a file whose dates fit both day-first and
// month-first is refused (code "ambiguous_date"), never guessed.
enum class DateOrder : uint8_t { Auto, Ymd, Dmy, Mdy };
const char* date_order_name(DateOrder o); // "auto", "ymd", "dmy", "mdy"

struct ImportOptions {
  int currency_digits = 2;       // bound on money decimals
  bool skip_bad_rows = false;    // else the first bad row throws InputError
  std::string source = "events"; // name used in messages
  // Threads for the canonical CSV import: 0 = one per core for a large file
  // (4 MB or more a thread), n = n threads (wasm: always one). Results do not
  // depend on it.
  int threads = 0;
  // Called as the import finishes with text[begin, end): it may read those
  // bytes again only rarely (the CLI lets the OS drop the pages of a mapped
  // file). Called from several threads at once when threads > 1.
  std::function<void(size_t begin, size_t end)> done_with;
  // How the text is written (one place for the CLI, wasm and the tuner):
  char delimiter = 0; // ',' ';' '\t' '|'; 0: the one the header line uses most (',' on a tie)
  char decimal = 0;   // '.' or ','; 0: worked out from the amounts ('.' when they do not tell)
  DateOrder date_order = DateOrder::Auto;
  // Minutes east of UTC for date-times written without a zone (a store's
  // clock); none: such a date-time counts on its written date.
  std::optional<int> timezone_minutes;
  // True when nothing above is set: the canonical fast reader may take the file.
  bool plain_text() const {
    return (delimiter == 0 || delimiter == ',') && (decimal == 0 || decimal == '.') && date_order == DateOrder::Auto &&
           !timezone_minutes;
  }
};

// The import options as a person writes them; errors name `option`
// (InputError::where().option: "delimiter", "decimal", "date-order", "timezone").
char parse_delimiter(std::string_view text,
                     const std::string& option); // , ; tab \t | (also "comma", "semicolon", "pipe")
char parse_decimal_separator(std::string_view text, const std::string& option); // . or , (also "point", "comma")
DateOrder parse_date_order(std::string_view text, const std::string& option);   // ymd, dmy, mdy, auto
int parse_timezone_offset(std::string_view text, const std::string& option);    // +01:00, -0530, Z, UTC -> minutes
// The delimiter the first line uses most, outside quotes (',' when none).
char detect_delimiter(std::string_view text);
std::string delimiter_name(char d); // "','", "';'", "tab", "'|'"

struct Import {
  EventLog log;
  ImportReport report;
};

// Canonical events CSV (spec §2). Throws InputError on a bad row unless
// skip_bad_rows, and always on a bad header.
Import import_events_csv(std::string_view text, const ImportOptions& opt);
// Reads bytes [offset, offset + size) of a source into `into`; returns the
// number read (fewer only at its end).
using ReadAt = std::function<size_t(size_t offset, char* into, size_t size)>;
// The canonical events CSV of a large file, read a block at a time (faster
// than mapping it, and its pages never count as the process's memory).
// Returns nothing when the file needs the general reader (a quoted field, a
// lone CR, a header beyond 64 KB): then map it and call import_events_csv.
std::optional<Import> import_events_csv_file(const ReadAt& read_at, size_t size, const ImportOptions& opt);
// Canonical events JSON array (spec §2).
Import import_events_json(std::string_view text, const ImportOptions& opt);

// Column mapping for any line-item CSV (Online Retail, ...): one event per
// (customer, order key); a negative order total is a return.
struct LineItemMapping {
  std::string customer; // column holding the customer key
  std::string date;     // column holding the date / date-time
  std::string order;    // order key column (empty: each row is an order)
  std::string amount;   // line amount column, or empty to use quantity x price
  std::string quantity;
  std::string unit_price;
  // A date-time without a zone counts on its written date (the shop's own calendar day).
  std::string customer_suffix_strip = ".0"; // "17850.0" -> "17850"
  // The file's known date order (Online Retail: mdy); ImportOptions' wins when set.
  DateOrder date_order = DateOrder::Auto;
};

// A mapping from (key, column) pairs as a person gives them: the CLI's --map
// and the simulator's mapping step. Keys: customer, date, order, amount,
// quantity, unit_price, strip_suffix (which starts empty here); customer and
// date are required. Errors name `option` (InputError::where().option).
LineItemMapping line_item_mapping(const std::vector<std::pair<std::string, std::string>>& pairs,
                                  const std::string& option);

// Store exports (../docs/importers.md): detected from the header.
enum class ImportFormat { Auto, EventsCsv, EventsJson, Shopify, WooCommerce, LineItems, Cdnow };
const char* import_format_name(ImportFormat f);
ImportFormat parse_import_format(std::string_view name); // throws InputError
// From the header line, split at `delimiter` (0: the one it uses most).
ImportFormat detect_format(std::string_view text, char delimiter = 0);

Import import_shopify_orders(std::string_view text, const ImportOptions& opt);
Import import_woocommerce_orders(std::string_view text, const ImportOptions& opt);
Import import_line_items(std::string_view text, const LineItemMapping& map, const ImportOptions& opt);
Import import_cdnow(std::string_view text, const ImportOptions& opt);

// The mapping that reads the UCI Online Retail file as it is.
LineItemMapping online_retail_mapping();

// Any of the above; Auto detects.
Import import_any(std::string_view text, ImportFormat format, const ImportOptions& opt,
                  const LineItemMapping* mapping = nullptr);

// Canonical events CSV of a log (event_id empty), in (customer, day) order.
std::string events_to_csv(const EventLog& log, int currency_digits);

} // namespace tierlab
