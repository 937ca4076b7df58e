#include "tierlab/customer.hpp"

#include "tierlab/error.hpp"

namespace tierlab {

std::optional<NextExpiry> CustomerView::next_expiry() const {
  if (!points) return std::nullopt;
  std::optional<NextExpiry> next;
  for (const auto& lot : points->lots) {
    if (!lot.expires_on || lot.points <= 0) continue;
    if (!next || *lot.expires_on < next->on) next = NextExpiry{*lot.expires_on, 0};
    if (*lot.expires_on == next->on) next->points += lot.points;
  }
  return next;
}

CustomerView customer_view(const Program& p, const EventLog& log, std::optional<uint32_t> customer,
                           std::optional<Day> as_of) {
  CustomerView v;
  v.as_of = as_of;
  if (!v.as_of && log.size() > 0) v.as_of = default_as_of(log);
  if (customer) v.customer_id = log.customer_ids[*customer];
  v.metrics.assign(p.metrics.size(), 0);
  const Evaluator ev(p, log);
  if (customer && v.as_of && ev.listed(*customer, *v.as_of)) {
    const uint32_t c = *customer;
    const Day d = *v.as_of;
    v.listed = true;
    ev.metrics(c, d, v.metrics.data());
    v.status = ev.status(c, d, v.metrics.data());
    if (p.status && v.status.tier > 0) {
      v.keep_metrics.assign(p.metrics.size(), 0);
      ev.status_walk(c, d, v.keep_metrics.data());
    }
    v.qualified = v.status.enrolled ? ev.rules().qualified_tier(v.metrics.data()) : -1;
    if (p.points) v.points = ev.points(c, d);
    v.pending = ev.pending_purchases(c, d);
  } else {
    // No history yet: a new shopper, at the floor when enrollment is automatic.
    if (!p.enrollment_required) v.status = status_from_metrics(p, v.metrics.data());
    v.qualified = v.status.enrolled ? v.status.tier : -1;
    if (p.points) v.points = PointsState{};
  }
  return v;
}

namespace {

// A tier the shop says the shopper holds stays while it is above the one
// the metrics qualify for (and its hold has not ended).
void keep_held_tier(const TierRules& rules, CustomerStatus& s, int held_tier, std::optional<Day> held_until,
                    std::optional<Day> as_of, const int64_t* metrics) {
  if (held_tier <= s.tier || (held_until && as_of && *held_until < *as_of)) return;
  s.tier = held_tier;
  s.next_tier = held_tier < rules.top() ? held_tier + 1 : -1;
  s.progress = rules.progress_from(held_tier, metrics);
  s.held_until = held_until;
}

// The shopper's history up to `d` (none when not in the log) and one more
// purchase on `d`, as a log of one customer.
EventLog with_purchase(const EventLog& log, std::optional<uint32_t> customer, Day d, Money amount) {
  EventLog one;
  one.customer_ids = {customer ? log.customer_ids[*customer] : std::string()};
  one.kinds = log.kinds;
  int purchase = one.kind_id("purchase");
  if (purchase < 0) {
    one.kinds.emplace_back("purchase");
    purchase = static_cast<int>(one.kinds.size() - 1);
  }
  auto add = [&](Day day, EventType type, uint16_t kind, int64_t value) {
    one.day.push_back(day);
    one.type.push_back(type);
    one.kind.push_back(kind);
    one.amount.push_back(value);
  };
  if (customer)
    for (uint32_t i = log.begin[*customer]; i < log.begin[*customer + 1] && log.day[i] <= d; ++i)
      add(log.day[i], log.type[i], log.kind[i], log.amount[i]);
  add(d, EventType::Purchase, static_cast<uint16_t>(purchase), amount); // after the day's other events
  one.begin = {0, static_cast<uint32_t>(one.size())};
  one.first_day = one.day.front();
  one.last_day = d;
  return one;
}

} // namespace

CustomerView customer_view(const Program& p, const MetricsInput& in) {
  if (in.values.size() != p.metrics.size())
    throw_input_error("metrics: expected a value for each of the program's metrics");
  CustomerView v;
  v.listed = true;
  v.as_of = in.as_of;
  v.metrics = in.values;
  if (in.enrolled) {
    const TierRules rules(p);
    v.status = status_from_metrics(p, v.metrics.data());
    v.qualified = v.status.tier;
    keep_held_tier(rules, v.status, in.held_tier, in.held_until, in.as_of, v.metrics.data());
  }
  if (p.points && in.points_balance) {
    PointsState ps;
    ps.balance = *in.points_balance;
    v.points = ps;
  }
  return v;
}

std::optional<CartPreview> cart_preview(const Program& p, const CustomerView& view, Money cart_total,
                                        const EventLog* log, std::optional<uint32_t> customer) {
  if (!view.status.enrolled) return std::nullopt;
  if (cart_total < 0 || cart_total > kMaxValue) throw_input_error("cart-total: beyond the supported range");
  CartPreview out;
  out.cart_total = cart_total;
  const Day delay = p.qualify_delay_days;
  if (delay > 0 && view.as_of) out.counts_from = *view.as_of + delay;
  if (log && view.as_of) {
    // Evaluated as evaluate would on the day the cart starts to count.
    const EventLog one = with_purchase(*log, view.listed ? customer : std::nullopt, *view.as_of, cart_total);
    const Evaluator ev(p, one);
    const Day at = *view.as_of + delay;
    out.metrics = ev.metrics(0, at);
    out.after = ev.status(0, at, out.metrics.data());
  } else {
    out.metrics = view.metrics;
    for (size_t m = 0; m < p.metrics.size(); ++m) {
      const Measure me = p.metrics[m].measure;
      if (is_money(me)) out.metrics[m] += cart_total;
      else if (me == Measure::PurchaseCount) out.metrics[m] += 1;
    }
    out.after = status_from_metrics(p, out.metrics.data());
    keep_held_tier(TierRules(p), out.after, view.status.tier, view.status.held_until, view.as_of, out.metrics.data());
  }
  out.upgrade = out.after.tier > view.status.tier;
  if (p.points) {
    const std::optional<int64_t> pts = PointsRate(*p.points, p.currency.digits).of(cart_total);
    if (!pts) throw_input_error("cart-total: its points are beyond the supported range");
    out.points_earned = *pts;
  }
  return out;
}

} // namespace tierlab
