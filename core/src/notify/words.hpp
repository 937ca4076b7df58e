#pragma once
// The English sentences of the notification lists (the `message` column),
// worded as the storefront widget words them (widget/src/tierlab-progress.js,
// locale en-US): "To reach Gold: Spend $45.00 more or place 2 more orders."
#include <string>
#include <vector>

#include "tierlab/notify.hpp"

namespace tierlab::notify_words {

// Money as en-US Intl.NumberFormat writes it: "$1,234.50", "£45.00", "¥4,500",
// an unknown symbol as "PLN 12.00" (with a no-break space).
std::string money(const Currency& c, int64_t minor);
std::string count(int64_t n); // "1,234"
std::string date(Day d);      // "Dec 10, 2026" (dateStyle medium, UTC)

// A tier's benefits as the widget lists them: "10% off every order",
// "Free shipping", each perk capitalised.
std::vector<std::string> benefit_texts(const Benefits& b);

// "spend $45.00 more", "place 2 more orders", ... (one unmet leaf).
std::string leaf_phrase(const Program& p, int metric, int64_t remaining);

// What the next tier still needs, from its condition and the metric values:
// the unmet children of each node joined with "or" / "and", a group in
// parentheses when its connector differs from its parent's.
struct Needed {
  std::string sentence;           // "Spend $45.00 more or place 2 more orders" (first letter capitalised)
  std::string plain;              // "spend 45.00 or orders 2" (metric names, values in their unit)
  std::vector<NeededLeaf> leaves; // the unmet leaves, depth first
};
Needed needed(const Program& p, const Condition& c, const int64_t* values);

// The message of one row.
std::string message(const Program& p, const NotifyRow& row, const std::string& needed_sentence);

} // namespace tierlab::notify_words
