#pragma once
// One shopper's view (the widget, notification lists): tier, progress, hold,
// points and the cart preview, all computed here so that a face only shows
// them. Two sources: the shopper's history (events), or the metric values a
// shop backend keeps (no history: no retention, no delay, no windows to move).
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tierlab/evaluate.hpp"

namespace tierlab {

struct NextExpiry {
  Day on = 0;         // the first day the points are gone
  int64_t points = 0; // every unexpired lot that goes on that day
};

struct CustomerView {
  std::optional<std::string> customer_id;
  std::optional<Day> as_of;
  bool listed = false;                          // has history on or before as_of (or metrics were given)
  std::vector<int64_t> metrics;                 // at as_of, program order
  CustomerStatus status;                        // the tier kept (retention, a held tier) and progress
  int qualified = -1;                           // the tier qualified at as_of, before retention (-1 not enrolled)
  std::optional<PointsState> points;            // when the program has points
  std::vector<std::pair<Day, int64_t>> pending; // purchases that count later: (day they count, amount)
  // Status programs (spec §3b), from history, above the first tier: the
  // metric values at status.held_until from the events up to as_of (what
  // keep(tier) is asked on); empty otherwise.
  std::vector<int64_t> keep_metrics;

  std::optional<NextExpiry> next_expiry() const;
};

// From history: customer (an index into log) listed or not; as_of defaults
// to the log's last day. A shopper without history is a new member at the
// floor (when enrollment is automatic).
CustomerView customer_view(const Program& p, const EventLog& log, std::optional<uint32_t> customer,
                           std::optional<Day> as_of);

// From metric values (program order). A tier the shop says the shopper holds
// (held_tier, until held_until) is kept while it is above the qualified one.
struct MetricsInput {
  std::vector<int64_t> values;
  bool enrolled = true;
  std::optional<int64_t> points_balance; // none: no points section
  int held_tier = -1;
  std::optional<Day> held_until;
  std::optional<Day> as_of;
};
CustomerView customer_view(const Program& p, const MetricsInput& in);

// What this cart would do: the cart as a purchase on as_of. With history it
// is evaluated with the rest of it on the day the purchase starts to count
// (as_of + qualify_delay_days): windows, the delay, retention and points as
// evaluate applies them. From metrics it is added to the money metrics and
// one purchase to purchase counts (a purchase on as_of is inside every
// window ending that day); the held tier is kept.
struct CartPreview {
  Money cart_total = 0;
  std::optional<Day> counts_from; // as_of + delay, when the program has a qualify delay
  CustomerStatus after;
  std::vector<int64_t> metrics;         // after the cart, on the day it counts
  bool upgrade = false;                 // after.tier above the tier kept now
  std::optional<int64_t> points_earned; // when the program has points
};
// nullopt when the shopper is not enrolled. `log` and `customer` as given to
// customer_view (log null: the view came from metrics).
std::optional<CartPreview> cart_preview(const Program& p, const CustomerView& view, Money cart_total,
                                        const EventLog* log = nullptr, std::optional<uint32_t> customer = std::nullopt);

} // namespace tierlab
