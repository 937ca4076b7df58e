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

// The lean module's strtod (and strtof, strtold: libc++'s string.o, which
// holds std::to_string, names them): musl's would add its long double
// arithmetic, about 7 KB gzipped, to the widget. Its one caller is
// nlohmann_json's lexer (core/src/json.cpp), which reads a number's value
// only to refuse one that no double holds (1e400) and otherwise keeps the
// number's text. So this returns +-HUGE_VAL exactly where a correctly
// rounding strtod overflows (from 2^1024 - 2^970 up), and 0 otherwise: never
// use it for a value. It reads a JSON number (the lexer has checked it).
// tests: tests/test_json.cpp ("a number no double can hold") natively; the
// boundary numbers were checked against the lean module by hand (docs/performance.md).
namespace {

// 2^1024 - 2^970, the least number that rounds to infinity, without its
// trailing zeros; it has 309 digits before the decimal point.
const char kOverflow[] =
    "17976931348623158079372897140530341507993413271003782693617377898044496829276475094664901797758720709633028641669"
    "28879109465555478519404026306574886715058206819089020007083836762738548458177115317644757302700698555713669596228"
    "42914819860834936475292719074168444365510704342711559699508093042880177904174497792";

double json_number_or_overflow(const char* s, char** end) {
  const char* p = s;
  const bool negative = *p == '-';
  if (negative) ++p;
  // The significant digits (no leading zeros) and where the point falls:
  // the value is 0.DIGITS x 10^point.
  const char* first = nullptr; // first significant digit
  long long point = 0, before_point = 0;
  bool in_fraction = false;
  for (; (*p >= '0' && *p <= '9') || *p == '.'; ++p) {
    if (*p == '.') {
      in_fraction = true;
      continue;
    }
    if (!first && *p != '0') first = p;
    if (!in_fraction) ++before_point;
    else if (!first) --point; // 0.00123: each zero before the 1 lowers the point
  }
  long long exponent = 0;
  if (*p == 'e' || *p == 'E') {
    ++p;
    const bool down = *p == '-';
    if (*p == '-' || *p == '+') ++p;
    for (; *p >= '0' && *p <= '9'; ++p)
      if (exponent < 1000000000) exponent = exponent * 10 + (*p - '0');
    if (down) exponent = -exponent;
  }
  if (end) *end = const_cast<char*>(p);
  if (!first) return 0; // zero
  // Digits before the point that are leading zeros do not count.
  long long leading_zeros = 0;
  for (const char* q = s + negative; q < first && *q != '.'; ++q) ++leading_zeros;
  point += before_point - leading_zeros + exponent;
  bool overflow = point > 309;
  if (point == 309) {
    // Compare the digits with kOverflow's, the shorter one padded with zeros.
    overflow = true; // equal counts as overflow (the tie rounds to even: up)
    const char* q = first;
    const char* k = kOverflow;
    for (;;) {
      while (*q == '.') ++q;
      const bool digit = *q >= '0' && *q <= '9';
      if (!digit && !*k) break; // equal
      const int d = digit ? *q - '0' : 0, t = *k ? *k - '0' : 0;
      if (d != t) {
        overflow = d > t;
        break;
      }
      if (digit) ++q;
      if (*k) ++k;
    }
  }
  if (!overflow) return 0;
  return negative ? -__builtin_huge_val() : __builtin_huge_val();
}

} // namespace

extern "C" double strtod(const char* s, char** end) { return json_number_or_overflow(s, end); }
extern "C" float strtof(const char* s, char** end) { return static_cast<float>(json_number_or_overflow(s, end)); }
extern "C" long double strtold(const char* s, char** end) { return json_number_or_overflow(s, end); }
