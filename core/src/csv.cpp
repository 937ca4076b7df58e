#include "csv.hpp"

#include "tierlab/error.hpp"

namespace tierlab {

CsvReader::CsvReader(std::string_view text, char separator) : s_(text), sep_(separator) {
  if (s_.size() >= 3 && s_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3; // UTF-8 BOM
}

bool CsvReader::next(std::vector<std::string_view>& fields) {
  for (;;) {
    fields.clear();
    arena_.clear();
    spans_.clear();
    if (pos_ >= s_.size()) return false;
    row_line_ = line_;
    for (;;) { // one field per turn
      if (pos_ < s_.size() && s_[pos_] == '"') {
        const size_t begin = arena_.size();
        ++pos_;
        for (;;) {
          size_t q = s_.find('"', pos_);
          if (q == std::string_view::npos)
            throw_input_error(source_ + ":" + std::to_string(row_line_) + ": unterminated quoted field");
          for (size_t i = pos_; i < q; ++i)
            if (s_[i] == '\n' || (s_[i] == '\r' && (i + 1 >= s_.size() || s_[i + 1] != '\n'))) ++line_;
          arena_.append(s_.substr(pos_, q - pos_));
          pos_ = q + 1;
          if (pos_ < s_.size() && s_[pos_] == '"') {
            arena_ += '"';
            ++pos_;
            continue;
          }
          break;
        }
        // Text after the closing quote up to the separator is kept (lenient).
        size_t e = pos_;
        while (e < s_.size() && s_[e] != sep_ && s_[e] != '\n' && s_[e] != '\r') ++e;
        arena_.append(s_.substr(pos_, e - pos_));
        pos_ = e;
        spans_.push_back({fields.size(), begin, arena_.size() - begin});
        fields.emplace_back(); // its view once the row is complete
      } else {
        size_t e = pos_;
        while (e < s_.size() && s_[e] != sep_ && s_[e] != '\n' && s_[e] != '\r') ++e;
        fields.emplace_back(s_.substr(pos_, e - pos_));
        pos_ = e;
      }
      if (pos_ < s_.size() && s_[pos_] == sep_) {
        ++pos_;
        continue;
      }
      // end of row: CRLF, LF, or a lone CR
      if (pos_ < s_.size() && s_[pos_] == '\r') {
        ++pos_;
        if (pos_ >= s_.size() || s_[pos_] != '\n') ++line_;
      }
      if (pos_ < s_.size() && s_[pos_] == '\n') {
        ++pos_;
        ++line_;
      }
      break;
    }
    for (const Span& sp : spans_) fields[sp.field] = std::string_view(arena_).substr(sp.begin, sp.size);
    if (fields.size() == 1 && fields[0].empty() && spans_.empty()) continue; // blank line
    return true;
  }
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

} // namespace tierlab
