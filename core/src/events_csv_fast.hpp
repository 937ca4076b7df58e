#pragma once
// The canonical events CSV read by several threads (events_csv_fast.cpp).
#include <optional>
#include <string_view>

#include "tierlab/events.hpp"

namespace tierlab {

// Where the importer's columns are in the header (-1: absent).
struct CsvLayout {
  int customer = -1, date = -1, type = -1, amount = -1, event_id = -1;
  size_t width = 0; // fields in the header
};

// Reads text[data_begin, end) (the rows after the header). Returns nothing
// when the text needs the general reader (a quoted field or a lone CR);
// otherwise the same Import, report and errors as the general reader.
std::optional<Import> import_events_csv_fast(std::string_view text, size_t data_begin, const CsvLayout& layout,
                                             const ImportOptions& opt);
// The same over a source read a block at a time (import_events_csv_file).
std::optional<Import> import_events_csv_fast(const ReadAt& read_at, size_t size, size_t data_begin,
                                             const CsvLayout& layout, const ImportOptions& opt);

} // namespace tierlab
