#pragma once
// Evaluating a range of customers: shared by evaluate() and the streaming CSV
// writer (output/evaluation.cpp), which evaluates a batch at a time.
#include <cstddef>

#include "tierlab/evaluate.hpp"

namespace tierlab {

constexpr size_t kCustomersPerThread = 50000; // below that a thread costs more than it saves
constexpr size_t kCsvBatch = 65536;           // rows a thread formats before they are written

// Customers [begin, end) into e (appended).
void evaluate_range(const Program& p, const EventLog& log, Day as_of, uint32_t begin, uint32_t end, Evaluation& e);

} // namespace tierlab
