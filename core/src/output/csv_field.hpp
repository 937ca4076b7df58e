#pragma once
// One CSV field as RFC 4180 writes it: quoted (with doubled quotes) only when
// it holds a comma, a quote or a line break. Every CSV the core writes uses it.
#include <string>
#include <string_view>

namespace tierlab {

inline void append_csv_field(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
}

} // namespace tierlab
