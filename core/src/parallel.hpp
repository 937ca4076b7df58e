#pragma once
// Splitting work among threads: the caller's thread takes part 0. Without
// threads (wasm) the parts run one after another. Results never depend on
// the number of threads.
#include <algorithm>
#include <exception>
#include <vector>

#if !defined(__EMSCRIPTEN__) || defined(__EMSCRIPTEN_PTHREADS__)
#include <thread>
#define TIERLAB_THREADS 1
#endif

namespace tierlab {

// The threads for `units` of work (bytes, customers): `requested` when
// positive (at most one a unit); 0 = one per core, but none with fewer than
// `units_per_thread` units to do (below that a thread costs more than it saves).
inline size_t thread_count(int requested, size_t units, size_t units_per_thread) {
  size_t n = 1, limit = units;
#ifdef TIERLAB_THREADS
  if (requested > 0) {
    n = static_cast<size_t>(requested);
  } else {
    n = std::max(1u, std::thread::hardware_concurrency());
    limit = units / units_per_thread;
  }
#else
  (void)requested;
  (void)units_per_thread;
#endif
  return std::clamp<size_t>(std::min(n, limit), 1, 64);
}

// Runs work(k) for k in [0, n); rethrows the first part's exception.
template <class Work> void run_parallel(size_t n, Work&& work) {
  std::vector<std::exception_ptr> errors(n);
  auto guarded = [&](size_t k) {
    try {
      work(k);
    } catch (...) {
      errors[k] = std::current_exception();
    }
  };
#ifdef TIERLAB_THREADS
  std::vector<std::thread> threads;
  for (size_t k = 1; k < n; ++k) threads.emplace_back(guarded, k);
  if (n > 0) guarded(0);
  for (auto& t : threads) t.join();
#else
  for (size_t k = 0; k < n; ++k) guarded(k);
#endif
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

} // namespace tierlab
