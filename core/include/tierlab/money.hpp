#pragma once
// Money is int64 minor units of the program's ISO 4217 currency.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tierlab {

using Money = int64_t;

// The largest magnitude of any value the engine takes or computes: an amount
// as written, an order's total, a threshold, a metric value (a sum over a
// customer's events), a points balance. 2^53 - 1 (90071992547409.91 in a
// currency of 2 digits): every value is exact in a JavaScript number and a
// sum of two fits 64 bits. Larger ones are refused with a located error
// (docs/reliability.md).
constexpr int64_t kMaxValue = (int64_t{1} << 53) - 1;

struct Currency {
  std::string code; // "USD"
  int digits = 2;   // minor digits: USD 2, JPY 0, KWD 3
};

std::optional<Currency> find_currency(std::string_view code);

// Parses a decimal in major units ("129.99", "-5", "7.5") into minor units.
// Rejects exponents, more fraction digits than `digits`, and a magnitude
// beyond `max` (in units of 10^-digits); *reason says why.
std::optional<int64_t> parse_decimal(std::string_view text, int digits, std::string* reason, int64_t max = kMaxValue);

// parse_decimal's common case, inline: 1..14 bytes of digits with an
// optional '.' and 1..digits fraction digits (digits <= 4: cannot overflow 64
// bits). nullopt for anything else, which parse_decimal then reads (and
// explains) in full.
inline std::optional<int64_t> plain_decimal(std::string_view s, int digits) {
  if (s.empty() || s.size() > 14 || digits > 4) return std::nullopt;
  int64_t v = 0;
  size_t p = 0;
  while (p < s.size() && s[p] >= '0' && s[p] <= '9') v = v * 10 + (s[p++] - '0');
  if (p == 0) return std::nullopt;
  int frac = 0;
  if (p < s.size() && s[p] == '.') {
    const size_t fs = ++p;
    while (p < s.size() && s[p] >= '0' && s[p] <= '9' && frac < digits) v = v * 10 + (s[p++] - '0'), ++frac;
    if (p == fs) return std::nullopt;
  }
  if (p != s.size()) return std::nullopt;
  for (; frac < digits; ++frac) v *= 10;
  if (v > kMaxValue) return std::nullopt; // parse_decimal refuses it and says why
  return v;
}

// Minor units to a decimal in major units with exactly `digits` digits.
std::string format_decimal(int64_t minor, int digits);
// The same, appended to out (no string of its own: output loops).
void append_decimal(std::string& out, int64_t minor, int digits);

// 10^n for small n.
int64_t pow10i(int n);

// Rounds num/den (den > 0) to an integer, half to even.
int64_t div_round_half_even(__int128 num, __int128 den);

} // namespace tierlab
