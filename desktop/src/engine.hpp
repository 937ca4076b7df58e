#pragma once
// Long work off the UI thread. Three workers, each a thread with a
// "latest request wins" slot:
//   import       read + import an events file, then build the sessions;
//   interactive  simulate, movers and the sweep for the current edit (fast:
//                a pass over the metric table once it is built);
//   replay       the replay timeline (slow on large data).
// Each of the two calculating workers owns its own tierlab::Session (a
// Session is not shared between threads). The UI polls take_*() every frame.
#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tierlab/events.hpp"
#include "tierlab/notify.hpp"
#include "tierlab/program.hpp"
#include "tierlab/simulate.hpp"
#include "tierlab/tune.hpp"

namespace tierlab::tuner {

// A thread running one task at a time; post() replaces a task not yet started.
class Worker {
 public:
  Worker();
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;
  void post(std::function<void()> task);
  bool busy() const; // a task running or waiting

 private:
  void run();
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::function<void()> pending_;
  bool running_ = false, stop_ = false;
  std::thread thread_;
};

struct ImportRequest {
  std::string path;
  int currency_digits = 2;
  bool skip_bad_rows = false;
};

struct ImportOutcome {
  uint64_t data_version = 0; // sessions built from this import
  ImportRequest request;
  bool ok = false;
  std::string error; // located message when !ok
  ImportReport report;
  size_t customers = 0, events = 0;
  Day first_day = 0, last_day = 0;
  double seconds = 0;
};

struct SweepSpec {
  std::string tier, metric;
  int64_t from = 0, to = 0;
  int steps = 41;
};

struct MoverRow {
  std::string customer_id;
  int from = -1, to = -1;       // tier indexes, -1 not enrolled
  std::vector<int64_t> metrics; // candidate metric values at as_of
};

struct ComputeRequest {
  uint64_t revision = 0; // the UI's key for what was asked
  Program baseline, candidate;
  Day as_of = 0;
  std::optional<SweepSpec> sweep;
};

struct ComputeOutcome {
  uint64_t data_version = 0;
  uint64_t revision = 0;
  Day as_of = 0;
  bool ok = false;
  std::string error;
  SimulationReport report;
  std::vector<MoverRow> movers;
  std::optional<SweepResult> sweep;
  double milliseconds = 0;
};

struct ReplayRequest {
  uint64_t revision = 0;
  std::optional<Program> baseline; // none: the UI still has the baseline's replay
  Program candidate;
  Day from = 0, to = 0;
  ReplayStep step = ReplayStep::Week;
};

struct ReplayOutcome {
  uint64_t data_version = 0;
  uint64_t revision = 0;
  bool ok = false;
  std::string error;
  std::optional<ReplayResult> baseline; // when asked for
  ReplayResult candidate;
  double seconds = 0;
};

// Auto-tune (spec §5b) of the candidate, on the compute session.
struct TuneRequest {
  Program candidate;
  std::vector<TuneTarget> targets;
  TuneOptions options;
  Day as_of = 0;
};

struct TuneOutcome {
  bool ok = false;
  std::string error;
  TuneResult result;
  double milliseconds = 0;
};

// The notification lists (docs/notify.md) of both programs at as_of: counts
// and each list's CSV (the Notify tab saves them).
struct NotifyRequest {
  uint64_t revision = 0;
  Program baseline, candidate;
  Day as_of = 0;
};

struct NotifyOutcome {
  uint64_t data_version = 0;
  uint64_t revision = 0;
  bool ok = false;
  std::string error;
  Day as_of = 0, since = 0;
  int32_t within_days = 0;
  std::array<int64_t, kNotifyReasons> baseline{}, candidate{};
  std::array<std::string, kNotifyReasons> baseline_csv, candidate_csv;
  double seconds = 0;
};

// What the progress bar shows.
struct Progress {
  bool active = false;
  std::string phase;   // "Reading online_retail.csv"
  float fraction = -1; // 0..1, or < 0 when unknown (indeterminate bar)
};

class Engine {
 public:
  Engine();
  ~Engine();

  void import_file(ImportRequest r);
  void compute(ComputeRequest r);
  void replay(ReplayRequest r);
  void tune(TuneRequest r); // its own thread; shares the compute session under a lock
  void notify(NotifyRequest r);

  std::optional<ImportOutcome> take_import();
  std::optional<ComputeOutcome> take_compute();
  std::optional<ReplayOutcome> take_replay();
  std::optional<TuneOutcome> take_tune();
  bool tuning() const;
  std::optional<NotifyOutcome> take_notify();

  bool has_data() const;         // an import succeeded
  uint64_t data_version() const; // moves on each successful import
  Progress import_progress() const;
  bool computing() const;
  bool replaying() const;
  bool idle() const; // nothing running or waiting, nothing to take

 private:
  struct Shared;
  std::shared_ptr<Shared> shared_;
  // Declared last: destroyed (joined) first, while shared_ lives.
  Worker import_worker_, compute_worker_, replay_worker_, notify_worker_, tune_worker_;
};

} // namespace tierlab::tuner
