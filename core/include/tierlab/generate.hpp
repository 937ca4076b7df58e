#pragma once
// Deterministic synthetic events with a realistic skew (tierlab generate).
#include <cstdint>
#include <functional>
#include <string_view>

#include "tierlab/date.hpp"

namespace tierlab {

// The order of the rows: by customer (each customer's rows together, as
// before), by the time of the event (customers interleaved, as shops
// export), or shuffled (seeded). The same events in every order.
enum class GenerateOrder { Customer, Date, Shuffled };

struct GenerateOptions {
  uint64_t customers = 1000;
  GenerateOrder order = GenerateOrder::Customer;
  uint64_t seed = 1;
  Day from = days_from_civil(2024, 1, 1);
  Day to = days_from_civil(2025, 12, 31);
};

// The most customers generate_events makes (about 17 purchases each: some
// 200 million rows, 9 GB of CSV); more is an InputError before any output.
constexpr uint64_t kMaxGeneratedCustomers = 10000000;

// Writes an events CSV (event_id,customer_id,date,type,amount) to `sink` in
// chunks. The same options always give the same bytes. Throws InputError
// for more than kMaxGeneratedCustomers customers. In date or shuffled order
// every row is held in memory before the first is written (about 1.3 GB for
// a million customers); in customer order memory stays small.
void generate_events(const GenerateOptions& opt, const std::function<void(std::string_view)>& sink);

} // namespace tierlab
