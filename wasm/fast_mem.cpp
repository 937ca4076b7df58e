// memcpy, memmove, memset, memcmp and memchr for the full module, in place of
// Emscripten 3.1.6's libc ones (docs/wasm.md): those are byte or word loops
// in wasm, and memcpy calls out to JS (copyWithin) from 512 bytes up. Here:
// large copies and fills are one bulk-memory instruction (memory.copy,
// memory.fill), small ones a few overlapping unaligned loads and stores, and
// memcmp / memchr look at 16 bytes at a time with SIMD. Built with
// -mbulk-memory -msimd128 (node 20 and current browsers have both). The
// core's CSV import and evaluation spend a fifth of their time in these.
#include <wasm_simd128.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace {

template <class T> T load(const unsigned char* p) {
  T v;
  __builtin_memcpy(&v, p, sizeof v); // one unaligned load (fixed size: inlined)
  return v;
}
template <class T> void store(unsigned char* p, T v) { __builtin_memcpy(p, &v, sizeof v); }

// n <= 16, any overlap: every load happens before any store.
inline void copy_small(unsigned char* d, const unsigned char* s, size_t n) {
  if (n >= 8) {
    const uint64_t a = load<uint64_t>(s), b = load<uint64_t>(s + n - 8);
    store(d, a);
    store(d + n - 8, b);
  } else if (n >= 4) {
    const uint32_t a = load<uint32_t>(s), b = load<uint32_t>(s + n - 4);
    store(d, a);
    store(d + n - 4, b);
  } else if (n > 0) {
    const unsigned char a = s[0], b = s[n / 2], c = s[n - 1];
    d[0] = a;
    d[n / 2] = b;
    d[n - 1] = c;
  }
}

constexpr size_t kSmall = 16;

} // namespace

extern "C" {

void* memcpy(void* __restrict dest, const void* __restrict src, size_t n) {
  if (n <= kSmall) copy_small(static_cast<unsigned char*>(dest), static_cast<const unsigned char*>(src), n);
  else __builtin_memcpy(dest, src, n); // memory.copy (-mbulk-memory)
  return dest;
}

void* memmove(void* dest, const void* src, size_t n) {
  if (n <= kSmall) copy_small(static_cast<unsigned char*>(dest), static_cast<const unsigned char*>(src), n);
  else __builtin_memmove(dest, src, n); // memory.copy handles overlap
  return dest;
}

void* memset(void* dest, int c, size_t n) {
  auto* d = static_cast<unsigned char*>(dest);
  if (n <= kSmall) {
    const uint64_t v = 0x0101010101010101ULL * static_cast<unsigned char>(c);
    if (n >= 8) {
      store(d, v);
      store(d + n - 8, v);
    } else if (n >= 4) {
      store(d, static_cast<uint32_t>(v));
      store(d + n - 4, static_cast<uint32_t>(v));
    } else if (n > 0) {
      d[0] = d[n / 2] = d[n - 1] = static_cast<unsigned char>(c);
    }
  } else {
    __builtin_memset(dest, c, n); // memory.fill
  }
  return dest;
}

int memcmp(const void* a, const void* b, size_t n) {
  const auto* x = static_cast<const unsigned char*>(a);
  const auto* y = static_cast<const unsigned char*>(b);
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const v128_t eq = wasm_i8x16_eq(wasm_v128_load(x + i), wasm_v128_load(y + i));
    const uint32_t diff = ~static_cast<uint32_t>(wasm_i8x16_bitmask(eq)) & 0xFFFF;
    if (diff) {
      const size_t k = i + static_cast<size_t>(__builtin_ctz(diff));
      return x[k] - y[k];
    }
  }
  for (; i + 8 <= n; i += 8) {
    const uint64_t u = load<uint64_t>(x + i) ^ load<uint64_t>(y + i);
    if (u) {
      const size_t k = i + static_cast<size_t>(__builtin_ctzll(u)) / 8; // little-endian: lowest byte first
      return x[k] - y[k];
    }
  }
  for (; i < n; ++i)
    if (x[i] != y[i]) return x[i] - y[i];
  return 0;
}

void* memchr(const void* src, int c, size_t n) {
  const auto* s = static_cast<const unsigned char*>(src);
  if (n == 0) return nullptr;
  // 16-byte loads aligned down: an aligned load never crosses a 64 KB page,
  // so never the end of memory; bytes outside [s, s + n) are masked off.
  const v128_t needle = wasm_i8x16_splat(static_cast<char>(c));
  const uintptr_t start = reinterpret_cast<uintptr_t>(s), end = start + n;
  uintptr_t at = start & ~uintptr_t(15);
  uint32_t mask = static_cast<uint32_t>(
      wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(reinterpret_cast<const void*>(at)), needle)));
  mask &= 0xFFFFu << (start - at);
  for (;;) {
    if (mask) {
      const uintptr_t hit = at + static_cast<uintptr_t>(__builtin_ctz(mask));
      return hit < end ? reinterpret_cast<void*>(hit) : nullptr;
    }
    at += 16;
    if (at >= end) return nullptr;
    mask = static_cast<uint32_t>(
        wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(reinterpret_cast<const void*>(at)), needle)));
  }
}

} // extern "C"
