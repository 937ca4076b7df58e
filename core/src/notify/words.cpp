// English sentences of the notification lists (see words.hpp).
#include "notify/words.hpp"

#include <string_view>

#include "tierlab/date.hpp"

namespace tierlab::notify_words {

namespace {

// The symbols en-US Intl.NumberFormat uses (style currency, the widget's);
// any other currency is written with its code.
std::string_view symbol(std::string_view code) {
  static constexpr std::pair<std::string_view, std::string_view> kSymbols[] = {
      {"USD", "$"},   {"EUR", "€"},   {"GBP", "£"},   {"JPY", "¥"},   {"CAD", "CA$"}, {"AUD", "A$"},
      {"NZD", "NZ$"}, {"HKD", "HK$"}, {"MXN", "MX$"}, {"BRL", "R$"},  {"INR", "₹"},   {"CNY", "CN¥"},
      {"KRW", "₩"},   {"ILS", "₪"},   {"VND", "₫"},   {"TWD", "NT$"}, {"PHP", "₱"}};
  for (const auto& [c, s] : kSymbols)
    if (c == code) return s;
  return {};
}

// Digits with a comma every three (the integer part of a number).
std::string grouped(std::string digits) {
  for (size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, ",");
  return digits;
}

std::string capitalised(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

std::string plural(int64_t n, const char* one, const char* many) { return count(n) + " " + (n == 1 ? one : many); }

std::string join(const std::vector<std::string>& parts, std::string_view last_word) {
  std::string s;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) s += i + 1 == parts.size() ? std::string(" ") + std::string(last_word) + " " : std::string(", ");
    s += parts[i];
  }
  return s;
}

} // namespace

std::string money(const Currency& c, int64_t minor) {
  const bool negative = minor < 0;
  std::string text = format_decimal(negative ? -minor : minor, c.digits);
  const size_t dot = text.find('.');
  std::string whole = grouped(text.substr(0, dot));
  if (dot != std::string::npos) whole += text.substr(dot);
  const std::string_view sym = symbol(c.code);
  std::string out = negative ? "-" : "";
  if (sym.empty()) out += c.code + "\u00a0";
  else out += sym;
  return out + whole;
}

std::string count(int64_t n) {
  if (n < 0) return "-" + grouped(std::to_string(-n));
  return grouped(std::to_string(n));
}

std::string date(Day d) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int y = 0, m = 0, day = 0;
  civil_from_days(d, y, m, day);
  return std::string(kMonths[m - 1]) + " " + std::to_string(day) + ", " + std::to_string(y);
}

std::vector<std::string> benefit_texts(const Benefits& b) {
  std::vector<std::string> out;
  if (b.discount_basis_points > 0) {
    std::string pct = format_decimal(b.discount_basis_points, 2); // "10.00", "2.50"
    while (pct.back() == '0') pct.pop_back();
    if (pct.back() == '.') pct.pop_back();
    out.push_back(pct + "% off every order");
  }
  if (b.free_shipping) out.emplace_back("Free shipping");
  for (const auto& perk : b.perks) out.push_back(capitalised(perk));
  return out;
}

std::string leaf_phrase(const Program& p, int metric, int64_t remaining) {
  const Metric& m = p.metrics[static_cast<size_t>(metric)];
  switch (m.measure) {
    case Measure::NetSpend:
    case Measure::GrossSpend: return "spend " + money(p.currency, remaining) + " more";
    case Measure::PurchaseCount: return "place " + count(remaining) + " more " + (remaining == 1 ? "order" : "orders");
    case Measure::EngagementPoints:
      return "earn " + count(remaining) + " more engagement " + (remaining == 1 ? "point" : "points");
    case Measure::TenureDays: return "stay a member " + count(remaining) + " more " + (remaining == 1 ? "day" : "days");
    case Measure::EventCount: break;
  }
  const bool one = remaining == 1;
  const std::string n = count(remaining);
  if (m.kind == "review") return "write " + n + " more " + (one ? "review" : "reviews");
  if (m.kind == "referral") return "refer " + n + " more " + (one ? "friend" : "friends");
  if (m.kind == "social_share") return "share " + n + " more " + (one ? "time" : "times");
  std::string kind = m.kind;
  for (char& ch : kind)
    if (ch == '_') ch = ' ';
  return "get " + n + " more " + kind + " " + (one ? "event" : "events");
}

namespace {

// The widget's phrase(): nothing for a met node; each unmet leaf worded by
// `leaf` (a sentence's words, or the CSV's "spend 45.00").
template <class Leaf> std::string phrase(const Condition& c, const int64_t* v, Condition::Op parent, const Leaf& leaf) {
  if (holds(c, v)) return {};
  if (c.op == Condition::Op::Leaf) return leaf(c, condition_progress(c, v).leaves.front());
  std::vector<std::string> parts;
  for (const Condition& child : c.children) {
    std::string s = phrase(child, v, c.op, leaf);
    if (!s.empty()) parts.push_back(std::move(s));
  }
  std::string s;
  for (size_t i = 0; i < parts.size(); ++i) s += (i ? (c.op == Condition::Op::Any ? " or " : " and ") : "") + parts[i];
  const bool nested = parent != Condition::Op::Leaf && parent != c.op && parts.size() > 1;
  return nested ? "(" + s + ")" : s;
}

} // namespace

Needed needed(const Program& p, const Condition& c, const int64_t* values) {
  Needed n;
  n.sentence = capitalised(phrase(c, values, Condition::Op::Leaf, [&](const Condition& leaf, const LeafProgress& lp) {
    n.leaves.push_back({leaf.metric, lp.target, lp.value, lp.remaining});
    return leaf_phrase(p, leaf.metric, lp.remaining);
  }));
  n.plain = phrase(c, values, Condition::Op::Leaf, [&](const Condition& leaf, const LeafProgress& lp) {
    return p.metrics[static_cast<size_t>(leaf.metric)].name + " " + format_metric_value(p, leaf.metric, lp.remaining);
  });
  return n;
}

std::string message(const Program& p, const NotifyRow& row, const std::string& needed) {
  auto tier_name = [&](int t) { return p.tiers[static_cast<size_t>(t)].name; };
  auto with_benefits = [&](std::string s) {
    const auto b = benefit_texts(p.tiers[static_cast<size_t>(row.tier)].benefits);
    if (!b.empty()) s += " Your benefits: " + join(b, "and") + ".";
    return s;
  };
  switch (row.reason) {
    case NotifyReason::Upgraded:
      return with_benefits("You've moved up to " + tier_name(row.tier) + " (from " + tier_name(row.previous_tier) +
                           ").");
    case NotifyReason::Downgraded:
      return with_benefits("You're now " + tier_name(row.tier) + " (from " + tier_name(row.previous_tier) + ").");
    case NotifyReason::NearNext: return "To reach " + tier_name(row.next_tier) + ": " + needed + ".";
    case NotifyReason::PointsExpiring: {
      const int64_t n = row.expiring_points;
      std::string s = plural(n, "point", "points") + (n == 1 ? " expires " : " expire ");
      if (row.last_expires_on && row.expires_on && *row.last_expires_on != *row.expires_on)
        return s + "between " + date(*row.expires_on) + " and " + date(*row.last_expires_on) + ".";
      return s + "on " + date(*row.expires_on) + ".";
    }
    case NotifyReason::RewardAvailable: {
      std::vector<std::string> names;
      for (int r : row.rewards) names.push_back(p.points->rewards[static_cast<size_t>(r)].name);
      return "You have " + plural(row.points_balance.value_or(0), "point", "points") +
             ". Available now: " + join(names, "and") + ".";
    }
  }
  return {};
}

} // namespace tierlab::notify_words
