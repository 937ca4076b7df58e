// wasm/fast_mem.cpp against plain byte loops: every length 0..80 at every
// alignment 0..15, with the first difference (or the needle) at every place.
// Compiled to wasm with fast_mem.cpp and run under node by CTest.
#include <cstdio>
#include <cstring>
#include <initializer_list>

namespace {

// The references must stay loops: optnone keeps clang from turning them into calls.
[[clang::optnone]] int ref_memcmp(const unsigned char* x, const unsigned char* y, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}
[[clang::optnone]] const unsigned char* ref_memchr(const unsigned char* s, unsigned char c, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (s[i] == c) return s + i;
  return nullptr;
}
int sign(int v) { return (v > 0) - (v < 0); }

int failures = 0;
void fail(const char* what, size_t n, size_t align, size_t at) {
  if (++failures <= 10) std::printf("FAIL %s n=%zu align=%zu at=%zu\n", what, n, align, at);
}

} // namespace

int main() {
  alignas(16) static unsigned char a[256], b[256], c[256];
  for (size_t n = 0; n <= 80; ++n) {
    for (size_t align = 0; align < 16; ++align) {
      unsigned char* x = a + align;
      unsigned char* y = b + 16 + (15 - align); // a different alignment on the other side
      for (size_t i = 0; i < n; ++i) x[i] = y[i] = static_cast<unsigned char>('A' + (i * 7) % 26);
      if (std::memcmp(x, y, n) != 0) fail("memcmp equal", n, align, n);
      for (size_t at = 0; at < n; ++at) {
        for (int delta : {1, -1, 128}) { // 128: a byte above 127 (compared unsigned)
          const unsigned char keep = y[at];
          y[at] = static_cast<unsigned char>(keep + delta);
          if (sign(std::memcmp(x, y, n)) != ref_memcmp(x, y, n)) fail("memcmp", n, align, at);
          if (sign(std::memcmp(y, x, n)) != ref_memcmp(y, x, n)) fail("memcmp reversed", n, align, at);
          y[at] = keep;
        }
        // memchr: the first '#' at `at`, another after it.
        const unsigned char was = x[at];
        x[at] = '#';
        if (at + 1 < n) x[n - 1] = '#';
        if (std::memchr(x, '#', n) != ref_memchr(x, '#', n)) fail("memchr", n, align, at);
        x[at] = was;
        for (size_t i = 0; i < n; ++i) x[i] = static_cast<unsigned char>('A' + (i * 7) % 26);
      }
      if (std::memchr(x, '#', n) != nullptr) fail("memchr absent", n, align, n);
      // memcpy / memmove (overlapping both ways) / memset against byte loops.
      for (size_t i = 0; i < 256; ++i) c[i] = static_cast<unsigned char>(i * 13);
      std::memcpy(b, c, 256);
      std::memcpy(b + 40 + align, c + 7, n);
      for (size_t i = 0; i < 256; ++i)
        if (b[i] != (i >= 40 + align && i < 40 + align + n ? c[7 + i - 40 - align] : c[i])) fail("memcpy", n, align, i);
      for (int shift : {-5, 5}) {
        std::memcpy(b, c, 256);
        std::memmove(b + 100 + shift, b + 100, n);
        for (size_t i = 0; i < n; ++i)
          if (b[100 + shift + i] != c[100 + i]) fail("memmove", n, align, i);
      }
      std::memcpy(b, c, 256);
      std::memset(b + align + 3, 0x5a, n);
      for (size_t i = 0; i < 256; ++i)
        if (b[i] != (i >= align + 3 && i < align + 3 + n ? 0x5a : c[i])) fail("memset", n, align, i);
    }
  }
  std::printf(failures ? "fast_mem: %d failures\n" : "fast_mem: all passed\n", failures);
  return failures ? 1 : 0;
}
