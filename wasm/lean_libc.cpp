// The lean module's snprintf. The core formats only "%04d-%02d-%02d" (days
// outside years 0-9999) and "\u%04x" (JSON escapes) with it; libc's printf family would add 4 KB
// gzipped to the widget. Handles %[0][width]d|x; anything else prints '?'.
// tests: wasm/test/lean.test.mjs checks days and escapes against the full build.
#include <cstdarg>
#include <cstddef>

extern "C" int snprintf(char* buf, size_t n, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  size_t o = 0;
  auto put = [&](char c) {
    if (o + 1 < n) buf[o] = c;
    ++o;
  };
  for (const char* f = fmt; *f; ++f) {
    if (*f != '%') {
      put(*f);
      continue;
    }
    ++f;
    bool zero = *f == '0';
    if (zero) ++f;
    int width = 0;
    while (*f >= '0' && *f <= '9') width = width * 10 + (*f++ - '0');
    if (*f != 'd' && *f != 'x') {
      put('?');
      if (!*f) break;
      continue;
    }
    const unsigned base = *f == 'x' ? 16 : 10;
    long long v = base == 16 ? static_cast<long long>(va_arg(ap, unsigned)) : va_arg(ap, int);
    const bool neg = v < 0;
    unsigned long long u = neg ? 0ull - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
    char digits[24];
    int k = 0;
    do {
      digits[k++] = "0123456789abcdef"[u % base];
      u /= base;
    } while (u);
    if (neg) put('-');
    for (int i = k + (neg ? 1 : 0); i < width; ++i) put(zero ? '0' : ' ');
    while (k) put(digits[--k]);
  }
  if (n) buf[o < n ? o : n - 1] = '\0';
  va_end(ap);
  return static_cast<int>(o);
}
