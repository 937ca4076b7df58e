#include "engine.hpp"

#include <chrono>
#include <exception>
#include <fstream>
#include <mutex>
#include <optional>

#include "tierlab/error.hpp"

namespace tierlab::tuner {

// ---- Worker -----------------------------------------------------------------------

Worker::Worker() : thread_([this] { run(); }) {}

Worker::~Worker() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    pending_ = nullptr;
  }
  cv_.notify_all();
  thread_.join();
}

void Worker::post(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    pending_ = std::move(task);
  }
  cv_.notify_all();
}

bool Worker::busy() const {
  std::lock_guard<std::mutex> lock(mu_);
  return running_ || pending_ != nullptr;
}

void Worker::run() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stop_ || pending_ != nullptr; });
      if (stop_) return;
      task = std::move(pending_);
      pending_ = nullptr;
      running_ = true;
    }
    task(); // tasks catch their own errors
    std::lock_guard<std::mutex> lock(mu_);
    running_ = false;
  }
}

// ---- Engine -----------------------------------------------------------------------

struct Engine::Shared {
  std::mutex mu;
  std::shared_ptr<Session> compute_session, replay_session;
  uint64_t data_version = 0;
  std::optional<ImportOutcome> import_out;
  std::optional<ComputeOutcome> compute_out;
  std::optional<ReplayOutcome> replay_out;
  std::optional<TuneOutcome> tune_out;
  std::mutex compute_session_mu; // the compute and tune workers take turns on compute_session
  std::optional<NotifyOutcome> notify_out;
  // A baseline replay asked for and not yet run: it survives a newer request
  // replacing the task that carried it.
  std::optional<Program> replay_baseline_wanted;
  // Import progress (the UI reads it every frame).
  bool importing = false;
  std::string phase;
  std::atomic<float> fraction{-1};
};

namespace {
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::string base_name(const std::string& path) {
  auto s = path.find_last_of('/');
  return s == std::string::npos ? path : path.substr(s + 1);
}

// The whole file, read a megabyte at a time (`fraction` follows).
std::string read_whole_file(const std::string& path, std::atomic<float>& fraction) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open file");
  in.seekg(0, std::ios::end);
  auto size = static_cast<size_t>(in.tellg());
  in.seekg(0);
  std::string text(size, '\0');
  const size_t chunk = size_t{1} << 20;
  for (size_t at = 0; at < size; at += chunk) {
    size_t n = std::min(chunk, size - at);
    in.read(text.data() + at, static_cast<std::streamsize>(n));
    if (!in) throw InputError(path + ": cannot read file");
    fraction = static_cast<float>(at + n) / static_cast<float>(size);
  }
  return text;
}

// A canonical events CSV through the fast reader a block at a time, as the
// CLI reads it (import_events_csv_file); nothing when the file is something
// else (a store export, JSON, a quoted field...).
std::optional<Import> import_canonical_csv_file(const std::string& path, const ImportOptions& opt) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open file");
  in.seekg(0, std::ios::end);
  const auto size = static_cast<size_t>(in.tellg());
  std::string head(std::min<size_t>(size, 1 << 16), '\0');
  in.seekg(0);
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  if (!in || size == 0 || detect_format(head) != ImportFormat::EventsCsv) return std::nullopt;
  std::mutex reading; // one stream: the reader's threads take turns
  ReadAt read_at = [&](size_t offset, char* into, size_t n) {
    std::lock_guard<std::mutex> lock(reading);
    in.clear();
    in.seekg(static_cast<std::streamoff>(offset));
    in.read(into, static_cast<std::streamsize>(n));
    return static_cast<size_t>(in.gcount());
  };
  return import_events_csv_file(read_at, size, opt);
}
} // namespace

Engine::Engine() : shared_(std::make_shared<Shared>()) {}
Engine::~Engine() = default;

void Engine::import_file(ImportRequest r) {
  auto sh = shared_;
  {
    std::lock_guard<std::mutex> lock(sh->mu);
    sh->importing = true;
    sh->phase = "Waiting to import " + base_name(r.path);
    sh->fraction = -1;
  }
  import_worker_.post([sh, r] {
    auto t0 = Clock::now();
    ImportOutcome out;
    out.request = r;
    auto set_phase = [&](std::string p, float f) {
      std::lock_guard<std::mutex> lock(sh->mu);
      sh->phase = std::move(p);
      sh->fraction = f;
    };
    try {
      std::string name = base_name(r.path);
      ImportOptions opt;
      opt.currency_digits = r.currency_digits;
      opt.skip_bad_rows = r.skip_bad_rows;
      opt.source = r.path;
      // A canonical events CSV goes the CLI's way: the fast reader reads it
      // a block at a time (the file's text is never held whole); anything
      // else is read into memory for import_any.
      set_phase("Importing rows of " + name, -1);
      std::optional<Import> imported = import_canonical_csv_file(r.path, opt);
      if (!imported) {
        set_phase("Reading " + name, 0);
        std::string text = read_whole_file(r.path, sh->fraction);
        set_phase("Importing rows of " + name, -1);
        imported = import_any(text, ImportFormat::Auto, opt);
      }
      Import imp = std::move(*imported);
      set_phase("Indexing " + std::to_string(imp.log.customers()) + " customers", -1);
      out.report = imp.report;
      out.customers = imp.log.customers();
      out.events = imp.log.size();
      out.first_day = imp.log.first_day;
      out.last_day = imp.log.last_day;
      if (imp.log.size() == 0) throw InputError(r.path + ": no events to tune with (" + imp.report.summary() + ")");
      auto replay_session = std::make_shared<Session>(imp.log); // a copy: one session per worker
      auto compute_session = std::make_shared<Session>(std::move(imp.log));
      out.ok = true;
      out.seconds = seconds_since(t0);
      std::lock_guard<std::mutex> lock(sh->mu);
      sh->compute_session = std::move(compute_session);
      sh->replay_session = std::move(replay_session);
      out.data_version = ++sh->data_version;
      sh->compute_out.reset();
      sh->replay_out.reset();
      sh->replay_baseline_wanted.reset();
      sh->import_out = std::move(out);
      sh->importing = false;
      sh->phase.clear();
    } catch (const std::exception& e) {
      out.ok = false;
      out.error = e.what();
      out.seconds = seconds_since(t0);
      std::lock_guard<std::mutex> lock(sh->mu);
      out.data_version = sh->data_version;
      sh->import_out = std::move(out);
      sh->importing = false;
      sh->phase.clear();
    }
  });
}

void Engine::compute(ComputeRequest r) {
  auto sh = shared_;
  compute_worker_.post([sh, r = std::move(r)] {
    auto t0 = Clock::now();
    std::shared_ptr<Session> session;
    ComputeOutcome out;
    {
      std::lock_guard<std::mutex> lock(sh->mu);
      session = sh->compute_session;
      out.data_version = sh->data_version;
    }
    if (!session) return;
    out.revision = r.revision;
    out.as_of = r.as_of;
    try {
      std::lock_guard<std::mutex> turn(sh->compute_session_mu);
      out.report = session->simulate(r.baseline, r.candidate, r.as_of);
      constexpr size_t kMaxMovers = 200000;
      auto movers = session->movers(r.baseline, r.candidate, r.as_of, kMaxMovers);
      out.movers.reserve(movers.size());
      for (const auto& m : movers) {
        MoverRow row;
        row.customer_id = session->log().customer_ids[m.customer];
        row.from = m.from;
        row.to = m.to;
        row.metrics = session->metric_row(r.candidate, m.customer, r.as_of);
        out.movers.push_back(std::move(row));
      }
      if (r.sweep)
        out.sweep = session->sweep(r.candidate, r.sweep->tier, r.sweep->metric, r.sweep->from, r.sweep->to,
                                   r.sweep->steps, r.as_of);
      out.ok = true;
    } catch (const std::exception& e) {
      out.ok = false;
      out.error = e.what();
    }
    out.milliseconds = seconds_since(t0) * 1000.0;
    std::lock_guard<std::mutex> lock(sh->mu);
    sh->compute_out = std::move(out);
  });
}

void Engine::tune(TuneRequest r) {
  auto sh = shared_;
  tune_worker_.post([sh, r = std::move(r)] {
    auto t0 = Clock::now();
    std::shared_ptr<Session> session;
    {
      std::lock_guard<std::mutex> lock(sh->mu);
      session = sh->compute_session;
    }
    TuneOutcome out;
    if (!session) {
      out.error = "load events before tuning";
    } else {
      try {
        std::lock_guard<std::mutex> turn(sh->compute_session_mu);
        out.result = tierlab::tune(*session, r.candidate, r.targets, r.options, r.as_of);
        out.ok = true;
      } catch (const std::exception& e) {
        out.error = e.what();
      }
    }
    out.milliseconds = seconds_since(t0) * 1000.0;
    std::lock_guard<std::mutex> lock(sh->mu);
    sh->tune_out = std::move(out);
  });
}

std::optional<TuneOutcome> Engine::take_tune() {
  std::lock_guard<std::mutex> lock(shared_->mu);
  auto out = std::move(shared_->tune_out);
  shared_->tune_out.reset();
  return out;
}

bool Engine::tuning() const { return tune_worker_.busy(); }

void Engine::replay(ReplayRequest r) {
  auto sh = shared_;
  if (r.baseline) {
    std::lock_guard<std::mutex> lock(sh->mu);
    sh->replay_baseline_wanted = std::move(r.baseline);
    r.baseline.reset();
  }
  replay_worker_.post([sh, r = std::move(r)] {
    auto t0 = Clock::now();
    std::shared_ptr<Session> session;
    std::optional<Program> baseline;
    ReplayOutcome out;
    {
      std::lock_guard<std::mutex> lock(sh->mu);
      session = sh->replay_session;
      out.data_version = sh->data_version;
      baseline = std::move(sh->replay_baseline_wanted);
      sh->replay_baseline_wanted.reset();
    }
    if (!session) return;
    out.revision = r.revision;
    try {
      out.candidate = session->replay(r.candidate, r.from, r.to, r.step);
      if (baseline) out.baseline = session->replay(*baseline, r.from, r.to, r.step);
      out.ok = true;
    } catch (const std::exception& e) {
      out.ok = false;
      out.error = e.what();
    }
    out.seconds = seconds_since(t0);
    std::lock_guard<std::mutex> lock(sh->mu);
    // Keep a baseline replay the UI has not taken yet.
    if (!out.baseline && sh->replay_out && sh->replay_out->baseline) out.baseline = std::move(sh->replay_out->baseline);
    sh->replay_out = std::move(out);
  });
}

// The lists only read the session's log (never its caches), so they share
// the replay worker's session without racing it.
void Engine::notify(NotifyRequest r) {
  auto sh = shared_;
  notify_worker_.post([sh, r = std::move(r)] {
    auto t0 = Clock::now();
    std::shared_ptr<Session> session;
    NotifyOutcome out;
    {
      std::lock_guard<std::mutex> lock(sh->mu);
      session = sh->replay_session;
      out.data_version = sh->data_version;
    }
    if (!session) return;
    out.revision = r.revision;
    try {
      NotifyOptions o;
      o.as_of = r.as_of;
      o.threads = 0;
      const EventLog& log = session->log();
      const NotifyList b = tierlab::notify(r.baseline, log, o), c = tierlab::notify(r.candidate, log, o);
      out.as_of = b.as_of;
      out.since = b.since;
      out.within_days = b.within_days;
      out.baseline = b.counts();
      out.candidate = c.counts();
      for (size_t k = 0; k < kNotifyReasons; ++k) {
        out.baseline_csv[k] = notify_csv(r.baseline, log, b, static_cast<NotifyReason>(k));
        out.candidate_csv[k] = notify_csv(r.candidate, log, c, static_cast<NotifyReason>(k));
      }
      out.ok = true;
    } catch (const std::exception& e) {
      out.ok = false;
      out.error = e.what();
    }
    out.seconds = seconds_since(t0);
    std::lock_guard<std::mutex> lock(sh->mu);
    sh->notify_out = std::move(out);
  });
}

std::optional<NotifyOutcome> Engine::take_notify() {
  std::lock_guard<std::mutex> lock(shared_->mu);
  auto out = std::move(shared_->notify_out);
  shared_->notify_out.reset();
  if (out && out->data_version != shared_->data_version) return std::nullopt;
  return out;
}

std::optional<ImportOutcome> Engine::take_import() {
  std::lock_guard<std::mutex> lock(shared_->mu);
  auto out = std::move(shared_->import_out);
  shared_->import_out.reset();
  return out;
}

std::optional<ComputeOutcome> Engine::take_compute() {
  std::lock_guard<std::mutex> lock(shared_->mu);
  auto out = std::move(shared_->compute_out);
  shared_->compute_out.reset();
  if (out && out->data_version != shared_->data_version) return std::nullopt; // from older data
  return out;
}

std::optional<ReplayOutcome> Engine::take_replay() {
  std::lock_guard<std::mutex> lock(shared_->mu);
  auto out = std::move(shared_->replay_out);
  shared_->replay_out.reset();
  if (out && out->data_version != shared_->data_version) return std::nullopt;
  return out;
}

bool Engine::has_data() const {
  std::lock_guard<std::mutex> lock(shared_->mu);
  return shared_->compute_session != nullptr;
}

uint64_t Engine::data_version() const {
  std::lock_guard<std::mutex> lock(shared_->mu);
  return shared_->data_version;
}

Progress Engine::import_progress() const {
  std::lock_guard<std::mutex> lock(shared_->mu);
  Progress p;
  p.active = shared_->importing;
  p.phase = shared_->phase;
  p.fraction = shared_->fraction;
  return p;
}

bool Engine::computing() const { return compute_worker_.busy(); }
bool Engine::replaying() const { return replay_worker_.busy(); }

bool Engine::idle() const {
  if (import_worker_.busy() || compute_worker_.busy() || replay_worker_.busy() || notify_worker_.busy() ||
      tune_worker_.busy())
    return false;
  std::lock_guard<std::mutex> lock(shared_->mu);
  return !shared_->import_out && !shared_->compute_out && !shared_->replay_out && !shared_->notify_out &&
         !shared_->tune_out && !shared_->importing;
}

} // namespace tierlab::tuner
