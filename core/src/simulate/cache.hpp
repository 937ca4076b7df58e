#pragma once
// The simulation session's cache (private to core/src/simulate/): per as-of
// day the listed customers, their enrollment, one column per metric
// definition (keyed by everything its values depend on, not by thresholds),
// retention's candidate days and points balances. Each builder computes its
// piece with the Evaluator's rules the first time and finds it after.
#include <climits>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "tierlab/simulate.hpp"

namespace tierlab {

constexpr Day kNoDay = INT32_MIN;

struct Session::Cache {
  struct Listing {
    std::vector<uint32_t> customers;
  };
  struct Retention { // per row: the metric vectors of the candidate days
    std::vector<uint32_t> begin;
    std::vector<Day> day;
    std::vector<int64_t> values; // day.size() x metrics
  };
  struct Timelines {             // status programs: per row its metric timeline (rules.hpp TimelineView)
    std::vector<uint32_t> begin; // rows + 1 offsets into day
    std::vector<Day> first;
    std::vector<Day> day;
    std::vector<int64_t> values; // day.size() x metrics
    TimelineView view(size_t row, size_t metrics) const {
      return {first[row], day.data() + begin[row], values.data() + size_t{begin[row]} * metrics,
              size_t{begin[row + 1]} - begin[row]};
    }
  };
  struct Points {
    std::vector<int64_t> balance;
    int64_t earned = 0, redeemed = 0, expired = 0, forgiven = 0, rejected_redeems = 0;
  };
  std::unordered_map<Day, Listing> listings;
  std::unordered_map<std::string, std::vector<uint8_t>> enrolled; // key: mode|day
  std::unordered_map<std::string, std::vector<int64_t>> columns;  // key: column|day
  std::unordered_map<std::string, std::vector<int32_t>> narrow;   // the same when every value fits 32 bits, else empty
  std::unordered_map<std::string, std::vector<int64_t>> tables;   // key: metrics|day, row-major
  std::unordered_map<std::string, Retention> retention;
  std::unordered_map<std::string, Timelines> timelines;
  std::unordered_map<std::string, Points> points;
  std::string baseline_key; // program JSON @ day of the last simulate()'s baseline
  Tiering baseline_tiers;
  ProgramSummary baseline_summary;

  void trim() { // a replay walks many days; keep memory bounded
    if (columns.size() > 256 || tables.size() > 64 || retention.size() > 16 || listings.size() > 64 ||
        timelines.size() > 8) {
      listings.clear();
      enrolled.clear();
      columns.clear();
      narrow.clear();
      tables.clear();
      retention.clear();
      timelines.clear();
      points.clear();
      baseline_key.clear();
    }
  }
};

namespace session_cache {

const std::vector<uint32_t>& listing(Session::Cache& cache, const EventLog& log, Day as_of);
const std::vector<int64_t>& column(Session::Cache& cache, const EventLog& log, const Program& p, const Metric& m,
                                   Day as_of);
const int32_t* narrow_column(Session::Cache& cache, const EventLog& log, const Program& p, const Metric& m, Day as_of);
const std::vector<int64_t>& table(Session::Cache& cache, const EventLog& log, const Program& p, Day as_of);
const std::vector<uint8_t>& enrolled(Session::Cache& cache, const EventLog& log, const Program& p, Day as_of);
const Session::Cache::Retention& retention(Session::Cache& cache, const EventLog& log, const Program& p, Day as_of);
const Session::Cache::Timelines& timelines(Session::Cache& cache, const EventLog& log, const Program& p, Day as_of);
const Session::Cache::Points& points(Session::Cache& cache, const EventLog& log, const Program& p, Day as_of);

} // namespace session_cache
} // namespace tierlab
