#pragma once
// RFC 4180 CSV rows as string_views, with the line each row starts on.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tierlab {

class CsvReader {
 public:
  explicit CsvReader(std::string_view text, char separator = ',');
  // Reads the next non-blank row into fields; false at the end. Views stay
  // valid until the next call. Throws InputError for an unterminated quote.
  bool next(std::vector<std::string_view>& fields);
  // 1-based line where the row starts (a CRLF, an LF or a lone CR ends a line)
  int64_t line() const { return row_line_; }
  size_t offset() const { return pos_; } // bytes consumed, for progress
  void set_source(std::string source) { source_ = std::move(source); }

 private:
  std::string_view s_;
  char sep_;
  size_t pos_ = 0;
  int64_t line_ = 1, row_line_ = 0;
  // A row's unquoted fields, one after another; `fields` gets views into it
  // only once the row is complete (the arena never moves under a view handed
  // out: it changes only at the next call).
  std::string arena_;
  struct Span {
    size_t field, begin, size;
  };
  std::vector<Span> spans_;
  std::string source_ = "input";
};

// Case-insensitive ASCII equality (header names).
bool iequals(std::string_view a, std::string_view b);
std::string_view trim(std::string_view s);

} // namespace tierlab
