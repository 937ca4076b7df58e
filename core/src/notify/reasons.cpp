// Who is on which notification list (docs/notify.md). The tiers, progress,
// points lots and expiry are evaluate()'s and the Evaluator's; each reason
// is one finder over a customer's two evaluations.
#include <algorithm>

#include "notify/words.hpp"
#include "tierlab/error.hpp"
#include "tierlab/notify.hpp"

namespace tierlab {

namespace {

constexpr const char* kReasonNames[kNotifyReasons] = {"downgraded", "near_next", "points_expiring", "reward_available",
                                                      "upgraded"};

// One listed customer at D, and what D0 said of them.
struct Subject {
  uint32_t customer = 0;
  const CustomerStatus* now = nullptr;
  const int64_t* metrics = nullptr;       // at D, program order
  const CustomerStatus* before = nullptr; // at D0; null when not listed then
  std::optional<int64_t> balance;         // at D
  int64_t balance_before = 0;             // at D0 (0 when not listed then)
};

struct Context {
  const Program& p;
  const Evaluator& ev;
  const NotifyOptions& o;
  Day as_of;
};

// Upgrades and downgrades compare customers listed and enrolled at both days
// (as replay and simulate do): a newcomer is neither.
bool changed(const Subject& s, NotifyRow& row, bool up) {
  if (!s.before || !s.before->enrolled || !s.now->enrolled) return false;
  if (up ? s.now->tier <= s.before->tier : s.now->tier >= s.before->tier) return false;
  row.previous_tier = s.before->tier;
  return true;
}

bool upgraded(const Context&, const Subject& s, NotifyRow& row, std::string&) { return changed(s, row, true); }
bool downgraded(const Context&, const Subject& s, NotifyRow& row, std::string&) { return changed(s, row, false); }

// The simulator's near miss: enrolled, below the top tier, the next tier's
// rule at its near targets holds (progress >= 0.8, Rule::near).
bool near_next(const Context& c, const Subject& s, NotifyRow& row, std::string& sentence) {
  if (!s.now->enrolled || s.now->next_tier < 0) return false;
  if (!c.ev.rules().qualify[static_cast<size_t>(s.now->next_tier)].near().holds(s.metrics)) return false;
  row.next_tier = s.now->next_tier;
  row.progress = s.now->progress;
  const Condition& next = *c.p.tiers[static_cast<size_t>(row.next_tier)].qualify;
  notify_words::Needed n = notify_words::needed(c.p, next, s.metrics);
  row.needed = std::move(n.leaves);
  row.needed_text = std::move(n.plain);
  sentence = std::move(n.sentence);
  return true;
}

// Lots whose first day gone is in [D + 1, D + N] (points ignore enrollment).
bool points_expiring(const Context& c, const Subject& s, NotifyRow& row, std::string&) {
  if (!c.p.points || !c.p.points->expire_after_days) return false;
  const PointsState ps = c.ev.points(s.customer, c.as_of);
  for (const auto& lot : ps.lots) {
    if (!lot.expires_on || lot.points <= 0) continue;
    const Day d = *lot.expires_on;
    if (d <= c.as_of || d > c.as_of + c.o.within_days) continue;
    row.expiring_points += lot.points;
    if (!row.expires_on || d < *row.expires_on) row.expires_on = d;
    if (!row.last_expires_on || d > *row.last_expires_on) row.last_expires_on = d;
  }
  return row.expiring_points > 0;
}

// Rewards the balance at D covers that the balance at D0 did not.
bool reward_available(const Context& c, const Subject& s, NotifyRow& row, std::string&) {
  if (!c.p.points || !s.balance) return false;
  const std::vector<Reward> now = redeemable_rewards(c.p, *s.balance);
  const std::vector<Reward> before = redeemable_rewards(c.p, s.balance_before);
  // Both are the catalogue's covered rewards in catalogue order: one walk
  // beside the catalogue gives each one's index.
  const auto& catalogue = c.p.points->rewards;
  auto same = [](const Reward& a, const Reward& b) { return a.name == b.name && a.points == b.points; };
  size_t a = 0, b = 0;
  for (size_t i = 0; i < catalogue.size(); ++i) {
    const bool covered_before = b < before.size() && same(catalogue[i], before[b]);
    if (covered_before) ++b;
    if (a < now.size() && same(catalogue[i], now[a])) {
      ++a;
      if (!covered_before) row.rewards.push_back(static_cast<int>(i));
    }
  }
  return !row.rewards.empty();
}

using Finder = bool (*)(const Context&, const Subject&, NotifyRow&, std::string&);
// Indexed by NotifyReason.
constexpr Finder kFinders[kNotifyReasons] = {downgraded, near_next, points_expiring, reward_available, upgraded};

std::vector<int> row_of(const Evaluation& e, size_t customers) {
  std::vector<int> at(customers, -1);
  for (size_t r = 0; r < e.rows.size(); ++r) at[e.rows[r].customer] = static_cast<int>(r);
  return at;
}

} // namespace

const char* notify_reason_name(NotifyReason r) { return kReasonNames[static_cast<size_t>(r)]; }

std::optional<NotifyReason> parse_notify_reason(std::string_view name) {
  for (size_t i = 0; i < kNotifyReasons; ++i)
    if (name == kReasonNames[i]) return static_cast<NotifyReason>(i);
  return std::nullopt;
}

const std::vector<std::string>& notify_locales() {
  static const std::vector<std::string> kLocales = {"en"};
  return kLocales;
}

void check_notify_locale(std::string_view locale) {
  std::string list;
  for (const auto& l : notify_locales()) {
    if (l == locale) return;
    list += (list.empty() ? "" : ", ") + l;
  }
  throw option_error("locale", "locale", "expected one of " + list + ", got \"" + std::string(locale) + "\"");
}

std::array<int64_t, kNotifyReasons> NotifyList::counts() const {
  std::array<int64_t, kNotifyReasons> n{};
  for (const auto& r : rows) ++n[static_cast<size_t>(r.reason)];
  return n;
}

NotifyList notify(const Program& p, const EventLog& log, const NotifyOptions& o) {
  check_notify_locale(o.locale);
  const Day since = o.since.value_or(o.as_of - kNotifySinceDays);
  if (since > o.as_of)
    throw option_error("since", "since",
                       "the since day " + format_day(since) + " is after the as-of day " + format_day(o.as_of));
  if (since < kFirstDay) throw option_error("since", "since", "the since day is before year 0");
  if (o.within_days < 1 || o.within_days > kNotifyMaxWithinDays)
    throw option_error("within", "within",
                       "expected a whole number of days from 1 to " + std::to_string(kNotifyMaxWithinDays));

  const Evaluation now = evaluate(p, log, o.as_of, o.threads);
  const Evaluation before = evaluate(p, log, since, o.threads);
  const std::vector<int> before_row = row_of(before, log.customer_ids.size());
  const Evaluator ev(p, log);
  const Context ctx{p, ev, o, o.as_of};

  NotifyList list;
  list.as_of = o.as_of;
  list.since = since;
  list.within_days = o.within_days;
  list.locale = o.locale;
  std::array<std::vector<NotifyRow>, kNotifyReasons> by_reason;
  for (size_t r = 0; r < now.rows.size(); ++r) {
    Subject s;
    s.customer = now.rows[r].customer;
    s.now = &now.rows[r];
    s.metrics = now.metric_values.data() + r * now.metric_count;
    if (p.points) s.balance = now.points_balance[r];
    if (const int b = before_row[s.customer]; b >= 0) {
      s.before = &before.rows[static_cast<size_t>(b)];
      if (p.points) s.balance_before = before.points_balance[static_cast<size_t>(b)];
    }
    for (size_t k = 0; k < kNotifyReasons; ++k) {
      NotifyRow row;
      row.reason = static_cast<NotifyReason>(k);
      row.customer = s.customer;
      row.tier = s.now->tier;
      row.points_balance = s.balance;
      std::string sentence;
      if (!kFinders[k](ctx, s, row, sentence)) continue;
      row.message = notify_words::message(p, row, sentence);
      by_reason[k].push_back(std::move(row));
    }
  }
  // evaluate's rows are in customer_id order, so each list already is.
  for (auto& rows : by_reason)
    for (auto& row : rows) list.rows.push_back(std::move(row));
  return list;
}

} // namespace tierlab
