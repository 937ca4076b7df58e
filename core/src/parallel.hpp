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

// The threads to use: `requested` when positive, else one per core; never
// more than `parts` (pieces of work worth a thread of their own).
inline size_t thread_count(int requested, size_t parts) {
  size_t n = 1;
#ifdef TIERLAB_THREADS
  n = requested > 0 ? static_cast<size_t>(requested) : std::max(1u, std::thread::hardware_concurrency());
#else
  (void)requested;
#endif
  return std::clamp<size_t>(std::min(n, parts), 1, 64);
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
