// A starter program from the data: spend quantiles to round thresholds.
#include "tierlab/starter.hpp"

#include <algorithm>

#include "tierlab/error.hpp"
#include "tierlab/evaluate.hpp"
#include "tierlab/program.hpp"

namespace tierlab {

int64_t round_threshold(int64_t minor, int digits) {
  const int64_t unit = pow10i(digits);
  int64_t major = minor / unit + (minor % unit * 2 >= unit ? 1 : 0); // to the nearest major unit, half up
  if (major < 1) return unit;
  int64_t step = 1;
  while (major / step >= 100) step *= 10; // two significant figures
  major = (major + step / 2) / step * step;
  return major * unit;
}

namespace {

std::string program_text(const std::string& name, const std::string& currency, int digits,
                         const std::vector<StarterTier>& tiers) {
  auto quoted = [](const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      if (static_cast<unsigned char>(c) >= 0x20) out += c;
    }
    return out + "\"";
  };
  std::string j = "{\n  \"tierlab\": 1,\n  \"name\": " + quoted(name) + ",\n  \"currency\": " + quoted(currency) +
                  ",\n  \"enrollment\": \"automatic\",\n  \"metrics\": {\n"
                  "    \"spend_365d\": { \"measure\": \"net_spend\", \"window\": { \"days\": 365 } }\n  },\n"
                  "  \"tiers\": [\n    { \"name\": \"Member\" }";
  int discount = 0;
  for (const StarterTier& t : tiers) {
    discount += 2;
    j += ",\n    { \"name\": " + quoted(t.name) +
         ",\n      \"qualify\": { \"metric\": \"spend_365d\", \"at_least\": " + format_decimal(t.threshold, digits) +
         " },\n      \"benefits\": { \"discount_percent\": " + std::to_string(discount) + " } }";
  }
  return j + "\n  ]\n}\n";
}

} // namespace

StarterProgram starter_program(const EventLog& log, const std::string& currency, Day as_of, const std::string& name) {
  const std::optional<Currency> cur = find_currency(currency);
  if (!cur) throw option_error("currency", "currency", "unknown ISO 4217 currency \"" + currency + "\"");
  StarterProgram out;
  out.as_of = as_of;
  std::vector<StarterTier> tiers = {{"Silver", 30}, {"Gold", 10}, {"Platinum", 2}};
  // The spend metric as the engine computes it: a one-tier program evaluated.
  const Program probe = parse_program(program_text(name, cur->code, cur->digits, {}));
  const Evaluation e = evaluate(probe, log, as_of, 0);
  out.customers = static_cast<int64_t>(e.rows.size()); // those with events on or before as_of
  std::vector<int64_t> spend(e.metric_values.begin(), e.metric_values.end());
  std::sort(spend.begin(), spend.end());
  const int64_t n = static_cast<int64_t>(spend.size());
  int64_t below = 0;
  for (StarterTier& t : tiers) {
    // The lowest spend among the top share: the share rounded up to whole customers.
    const int64_t top = (n * t.top_percent + 99) / 100;
    t.quantile = n > 0 && top > 0 ? spend[static_cast<size_t>(n - top)] : 0;
    t.threshold = round_threshold(t.quantile, cur->digits);
    const int64_t unit = pow10i(cur->digits);
    if (t.threshold <= below) t.threshold = round_threshold(below + unit, cur->digits);
    while (t.threshold <= below) t.threshold += unit; // rounding can land back on it
    below = t.threshold;
    t.customers = static_cast<int64_t>(spend.end() - std::lower_bound(spend.begin(), spend.end(), t.threshold));
  }
  out.json = program_text(name, cur->code, cur->digits, tiers);
  parse_program(out.json); // what is handed out is a valid program
  out.tiers = std::move(tiers);
  return out;
}

} // namespace tierlab
