#include "tierlab/money.hpp"

#include <charconv>
#include <cstring>

namespace tierlab {

namespace {
// ISO 4217 active codes and their minor digits (0 and 3 listed; the rest 2).
const char* const kCodes =
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD "
    "CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD "
    "GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT "
    "LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR "
    "NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP "
    "STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF "
    "XPF YER ZAR ZMW ZWL ";
const char* const kZeroDigits = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF ";
const char* const kThreeDigits = "BHD IQD JOD KWD LYD OMR TND ";

bool listed(const char* list, std::string_view code) {
  for (const char* p = list; *p; p += 4)
    if (std::strncmp(p, code.data(), 3) == 0) return true;
  return false;
}
} // namespace

std::optional<Currency> find_currency(std::string_view code) {
  if (code.size() != 3) return std::nullopt;
  for (char c : code)
    if (c < 'A' || c > 'Z') return std::nullopt;
  if (!listed(kCodes, code)) return std::nullopt;
  Currency c;
  c.code = std::string(code);
  c.digits = listed(kZeroDigits, code) ? 0 : listed(kThreeDigits, code) ? 3 : 2;
  return c;
}

int64_t pow10i(int n) {
  int64_t v = 1;
  while (n-- > 0) v *= 10;
  return v;
}

std::optional<int64_t> parse_decimal(std::string_view s, int digits, std::string* reason, int64_t max) {
  auto bad = [&](const std::string& why) -> std::optional<int64_t> {
    if (reason) *reason = why;
    return std::nullopt;
  };
  if (const std::optional<int64_t> v = plain_decimal(s, digits)) return v;
  // anything else (and every error message) below
  size_t p = 0;
  bool neg = false;
  if (p < s.size() && s[p] == '-') {
    neg = true;
    ++p;
  }
  size_t int_start = p;
  __int128 v = 0;
  const __int128 limit = max;
  while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
    v = v * 10 + (s[p] - '0');
    if (v > limit)
      return bad("\"" + std::string(s) + "\" is beyond the supported range (at most " + format_decimal(max, digits) +
                 ")");
    ++p;
  }
  if (p == int_start) return bad("expected a decimal number, got \"" + std::string(s) + "\"");
  int frac = 0;
  if (p < s.size() && s[p] == '.') {
    ++p;
    size_t fs = p;
    while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
      if (frac == digits)
        return bad("\"" + std::string(s) + "\" has more than " + std::to_string(digits) + " decimal digit" +
                   (digits == 1 ? "" : "s"));
      v = v * 10 + (s[p] - '0');
      ++frac;
      ++p;
    }
    if (p == fs) return bad("expected digits after '.' in \"" + std::string(s) + "\"");
  }
  if (p != s.size()) return bad("expected a decimal number, got \"" + std::string(s) + "\"");
  for (; frac < digits; ++frac) v *= 10;
  if (v > limit)
    return bad("\"" + std::string(s) + "\" is beyond the supported range (at most " + format_decimal(max, digits) +
               ")");
  return static_cast<int64_t>(neg ? -v : v);
}

std::string format_decimal(int64_t minor, int digits) {
  std::string s;
  append_decimal(s, minor, digits);
  return s;
}

void append_decimal(std::string& out, int64_t minor, int digits) {
  const bool neg = minor < 0;
  const unsigned long long a =
      neg ? 0ULL - static_cast<unsigned long long>(minor) : static_cast<unsigned long long>(minor);
  char buf[24];
  const size_t n = static_cast<size_t>(std::to_chars(buf, buf + sizeof buf, a).ptr - buf);
  if (neg) out += '-';
  const size_t d = digits > 0 ? static_cast<size_t>(digits) : 0;
  if (d == 0) {
    out.append(buf, n);
  } else if (n <= d) { // 0.0042
    out += "0.";
    out.append(d - n, '0');
    out.append(buf, n);
  } else {
    out.append(buf, n - d);
    out += '.';
    out.append(buf + n - d, d);
  }
}

namespace {
// num / den rounded half to even, in the integer type I (num and den not its minimum).
template <class I> I round_half_even(I num, I den) {
  if (den < 0) {
    num = -num;
    den = -den;
  }
  I q = num / den, r = num % den;
  if (r < 0) {
    q -= 1;
    r += den;
  }                       // floor division
  const I rest = den - r; // 2r against den, without overflow
  if (r > rest || (r == rest && q % 2 != 0)) q += 1;
  return q;
}
} // namespace

int64_t div_round_half_even(__int128 num, __int128 den) {
  // Within 64 bits (a progress, a points value, a tier's cost): 64-bit
  // division; the 128-bit one is a library call in wasm.
  if (num > INT64_MIN && num <= INT64_MAX && den > INT64_MIN && den <= INT64_MAX)
    return round_half_even<int64_t>(static_cast<int64_t>(num), static_cast<int64_t>(den));
  return static_cast<int64_t>(round_half_even<__int128>(num, den));
}

} // namespace tierlab
