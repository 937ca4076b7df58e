// The notification lists as CSV (for a mailing tool's contact import) and
// JSON (docs/notify.md).
#include "json.hpp"
#include "notify/words.hpp"
#include "output/csv_field.hpp"
#include "tierlab/notify.hpp"

namespace tierlab {

namespace {

std::string tier_name(const Program& p, int t) { return t >= 0 ? p.tiers[static_cast<size_t>(t)].name : ""; }

std::string joined(const std::vector<std::string>& parts) {
  std::string s;
  for (const auto& x : parts) s += (s.empty() ? "" : "; ") + x;
  return s;
}

std::vector<std::string> benefits(const Program& p, const NotifyRow& r) {
  if (r.tier < 0) return {};
  return notify_words::benefit_texts(p.tiers[static_cast<size_t>(r.tier)].benefits);
}

std::vector<std::string> reward_names(const Program& p, const NotifyRow& r) {
  std::vector<std::string> out;
  for (int i : r.rewards) out.push_back(p.points->rewards[static_cast<size_t>(i)].name);
  return out;
}

void csv_row(std::string& out, const Program& p, const EventLog& log, const NotifyRow& r) {
  auto field = [&out](std::string_view s) {
    append_csv_field(out, s);
    out += ',';
  };
  field(notify_reason_name(r.reason));
  field(log.customer_ids[r.customer]);
  field(tier_name(p, r.tier));
  field(tier_name(p, r.previous_tier));
  field(tier_name(p, r.next_tier));
  if (r.next_tier >= 0) append_fraction(out, r.progress, 4);
  out += ',';
  field(r.needed_text);
  field(joined(benefits(p, r)));
  if (r.points_balance) append_decimal(out, *r.points_balance, 0);
  out += ',';
  if (r.expiring_points) append_decimal(out, r.expiring_points, 0);
  out += ',';
  if (r.expires_on) append_day(out, *r.expires_on);
  out += ',';
  field(joined(reward_names(p, r)));
  append_csv_field(out, r.message);
  out += '\n';
}

constexpr const char* kCsvHeader = "reason,customer_id,tier,previous_tier,next_tier,progress,needed,benefits,"
                                   "points_balance,expiring_points,expires_on,rewards,message\n";

std::string csv(const Program& p, const EventLog& log, const NotifyList& list, std::optional<NotifyReason> only) {
  std::string out = kCsvHeader;
  for (const auto& r : list.rows)
    if (!only || r.reason == *only) csv_row(out, p, log, r);
  return out;
}

void strings(json::Writer& w, const char* key, const std::vector<std::string>& items) {
  w.key(key).begin_array();
  for (const auto& s : items) w.string(s);
  w.end_array();
}

void tier_key(json::Writer& w, const Program& p, const char* key, int t) {
  w.key(key);
  if (t >= 0) w.string(tier_name(p, t));
  else w.null();
}

void json_row(json::Writer& w, const Program& p, const EventLog& log, const NotifyRow& r) {
  w.begin_object();
  w.key("reason").string(notify_reason_name(r.reason));
  w.key("customer_id").string(log.customer_ids[r.customer]);
  tier_key(w, p, "tier", r.tier);
  strings(w, "benefits", benefits(p, r));
  if (r.points_balance) w.key("points_balance").integer(*r.points_balance);
  switch (r.reason) {
    case NotifyReason::Upgraded:
    case NotifyReason::Downgraded: tier_key(w, p, "previous_tier", r.previous_tier); break;
    case NotifyReason::NearNext:
      tier_key(w, p, "next_tier", r.next_tier);
      w.key("progress").raw(format_fraction(r.progress, 4));
      w.key("needed").begin_array();
      for (const auto& leaf : r.needed) {
        const Metric& m = p.metrics[static_cast<size_t>(leaf.metric)];
        w.begin_object().key("metric").string(m.name).key("measure").string(measure_name(m.measure));
        w.key("target").raw(format_metric_value(p, leaf.metric, leaf.target));
        w.key("value").raw(format_metric_value(p, leaf.metric, leaf.value));
        w.key("remaining").raw(format_metric_value(p, leaf.metric, leaf.remaining));
        w.end_object();
      }
      w.end_array();
      break;
    case NotifyReason::PointsExpiring:
      w.key("expiring_points").integer(r.expiring_points);
      w.key("expires_on").string(format_day(*r.expires_on));
      w.key("last_expires_on").string(format_day(*r.last_expires_on));
      break;
    case NotifyReason::RewardAvailable: strings(w, "rewards", reward_names(p, r)); break;
  }
  w.key("message").string(r.message);
  w.end_object();
}

void counts_object(json::Writer& w, const NotifyList& list) {
  const auto n = list.counts();
  w.begin_object();
  for (size_t k = 0; k < kNotifyReasons; ++k) w.key(notify_reason_name(static_cast<NotifyReason>(k))).integer(n[k]);
  w.end_object();
}

} // namespace

std::string notify_csv(const Program& p, const EventLog& log, const NotifyList& list) {
  return csv(p, log, list, std::nullopt);
}

std::string notify_csv(const Program& p, const EventLog& log, const NotifyList& list, NotifyReason only) {
  return csv(p, log, list, only);
}

std::string notify_json(const Program& p, const EventLog& log, const NotifyList& list) {
  json::Writer w;
  w.begin_object();
  w.key("as_of").string(format_day(list.as_of));
  w.key("since").string(format_day(list.since));
  w.key("within_days").integer(list.within_days);
  w.key("locale").string(list.locale);
  w.key("currency").string(p.currency.code);
  w.key("counts");
  counts_object(w, list);
  w.key("rows").begin_array();
  for (const auto& r : list.rows) json_row(w, p, log, r);
  w.end_array();
  w.end_object();
  return w.take();
}

std::string notify_counts_json(const NotifyList& list) {
  json::Writer w;
  counts_object(w, list);
  return w.take();
}

} // namespace tierlab
