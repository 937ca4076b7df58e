#pragma once
// Deterministic synthetic events with a realistic skew (tierlab generate).
#include <cstdint>
#include <functional>
#include <string_view>

#include "tierlab/date.hpp"

namespace tierlab {

struct GenerateOptions {
  uint64_t customers = 1000;
  uint64_t seed = 1;
  Day from = days_from_civil(2024, 1, 1);
  Day to = days_from_civil(2025, 12, 31);
};

// The most customers generate_events makes (about 17 purchases each: some
// 200 million rows, 9 GB of CSV); more is an InputError before any output.
constexpr uint64_t kMaxGeneratedCustomers = 10000000;

// Writes an events CSV (event_id,customer_id,date,type,amount) to `sink` in
// chunks. The same options always give the same bytes. Throws InputError
// for more than kMaxGeneratedCustomers customers.
void generate_events(const GenerateOptions& opt, const std::function<void(std::string_view)>& sink);

} // namespace tierlab
