// evaluate's CSV (streamed a batch at a time) and JSON (spec §6).
#include <algorithm>

#include "evaluate/evaluate_range.hpp"
#include "json.hpp"
#include "output/csv_field.hpp"
#include "parallel.hpp"
#include "tierlab/evaluate.hpp"

namespace tierlab {

namespace {
// Rows [begin, end) of the evaluation as CSV lines.
void csv_rows(const Program& p, const EventLog& log, const Evaluation& e, size_t begin, size_t end, std::string& out) {
  for (size_t r = begin; r < end; ++r) {
    const CustomerStatus& s = e.rows[r];
    append_csv_field(out, log.customer_ids[s.customer]);
    out += s.enrolled ? ",true," : ",false,";
    if (s.tier >= 0) append_csv_field(out, p.tiers[static_cast<size_t>(s.tier)].name);
    out += ',';
    append_decimal(out, s.tier, 0);
    out += ',';
    if (s.next_tier >= 0) append_csv_field(out, p.tiers[static_cast<size_t>(s.next_tier)].name);
    out += ',';
    if (s.enrolled) append_fraction(out, s.progress, 4);
    out += ',';
    if (s.held_until) append_day(out, *s.held_until);
    if (p.status) { // spec §3b: review_tier,keep_progress (empty at the first tier)
      out += ',';
      if (s.tier > 0) append_csv_field(out, p.tiers[static_cast<size_t>(s.review_tier)].name);
      out += ',';
      if (s.tier > 0) append_fraction(out, s.keep_progress, 4);
    }
    for (size_t m = 0; m < e.metric_count; ++m) {
      out += ',';
      append_metric_value(out, p, static_cast<int>(m), e.metric_values[r * e.metric_count + m]);
    }
    if (p.points) {
      out += ',';
      append_decimal(out, e.points_balance[r], 0);
    }
    out += '\n';
  }
}

std::string csv_header(const Program& p) {
  std::string head = "customer_id,enrolled,tier,tier_index,next_tier,progress,held_until";
  if (p.status) head += ",review_tier,keep_progress";
  for (const auto& m : p.metrics) {
    head += ',';
    append_csv_field(head, m.name);
  }
  if (p.points) head += ",points_balance";
  head += '\n';
  return head;
}

// The header, then rows [0, n) a batch at a time: each batch is split into
// `parts` (one a thread), fill(k, begin, end, text) formats part k into a
// reused buffer, and the parts are written in order. The output is never
// whole in memory.
template <class Fill> void write_csv_batches(const Program& p, size_t n, size_t parts,
                                             const std::function<void(std::string_view)>& write, Fill&& fill) {
  write(csv_header(p));
  const size_t batch = kCsvBatch * parts;
  std::vector<std::string> text(parts);
  for (size_t from = 0; from < n; from += batch) {
    const size_t size = std::min(n, from + batch) - from;
    run_parallel(parts, [&](size_t k) {
      text[k].clear();
      fill(k, from + size * k / parts, from + size * (k + 1) / parts, text[k]);
    });
    for (const auto& s : text) write(s);
  }
}
} // namespace

void write_evaluation_csv(const Program& p, const EventLog& log, const Evaluation& e, int threads,
                          const std::function<void(std::string_view)>& write) {
  const size_t n = e.rows.size();
  write_csv_batches(
      p, n, thread_count(threads, n, kCustomersPerThread), write,
      [&](size_t, size_t begin, size_t end, std::string& text) { csv_rows(p, log, e, begin, end, text); });
}

void write_evaluation_csv(const Program& p, const EventLog& log, Day as_of, int threads,
                          const std::function<void(std::string_view)>& write) {
  // Each part evaluates its customers into a reused Evaluation first: the
  // whole evaluation is never in memory either.
  const size_t n = log.customers(), parts = thread_count(threads, n, kCustomersPerThread);
  std::vector<Evaluation> rows(parts);
  write_csv_batches(p, n, parts, write, [&](size_t k, size_t begin, size_t end, std::string& text) {
    Evaluation& e = rows[k];
    e.as_of = as_of;
    e.metric_count = p.metrics.size();
    e.rows.clear();
    e.metric_values.clear();
    e.points_balance.clear();
    evaluate_range(p, log, as_of, static_cast<uint32_t>(begin), static_cast<uint32_t>(end), e);
    csv_rows(p, log, e, 0, e.rows.size(), text);
  });
}

std::string evaluation_csv(const Program& p, const EventLog& log, const Evaluation& e, int threads) {
  std::string out;
  write_evaluation_csv(p, log, e, threads, [&](std::string_view s) { out += s; });
  return out;
}

namespace {
// Status programs (spec §3b): the look-ahead to the review, and each leaf of
// keep(tier) on the metrics at held_until with what is still to add by then.
void write_keep(json::Writer& w, const Program& p, const Evaluator& ev, const CustomerStatus& s, Day as_of) {
  const bool held = s.tier > 0;
  w.key("review_tier");
  if (held) w.string(p.tiers[static_cast<size_t>(s.review_tier)].name);
  else w.null();
  w.key("keep_progress");
  if (held) w.raw(format_fraction(s.keep_progress, 4));
  else w.null();
  w.key("keeps");
  if (held) w.boolean(s.keeps);
  else w.null();
  w.key("keep");
  if (!held) {
    w.null();
    return;
  }
  int64_t v[kMaxMetrics];
  ev.status_walk(s.customer, as_of, v);
  w.begin_array();
  for (const Rule::Leaf& leaf : ev.rules().keep[static_cast<size_t>(s.tier)].leaves()) {
    const int m = leaf.metric;
    w.begin_object();
    w.key("metric").string(p.metrics[static_cast<size_t>(m)].name);
    w.key(leaf.target != leaf.threshold ? "above" : "at_least").raw(format_metric_value(p, m, leaf.threshold));
    w.key("value").raw(format_metric_value(p, m, v[m]));
    w.key("remaining").raw(format_metric_value(p, m, std::max<int64_t>(0, leaf.target - v[m])));
    w.end_object();
  }
  w.end_array();
}
} // namespace

std::string evaluation_json(const Program& p, const EventLog& log, const Evaluation& e) {
  const Evaluator ev(p, log);
  json::Writer w;
  w.begin_object();
  w.key("as_of").string(format_day(e.as_of));
  w.key("program").string(p.name);
  w.key("currency").string(p.currency.code);
  w.key("customers").begin_array();
  for (size_t r = 0; r < e.rows.size(); ++r) {
    const CustomerStatus& s = e.rows[r];
    w.begin_object();
    w.key("customer_id").string(log.customer_ids[s.customer]);
    w.key("enrolled").boolean(s.enrolled);
    w.key("tier");
    if (s.tier >= 0) w.string(p.tiers[static_cast<size_t>(s.tier)].name);
    else w.null();
    w.key("tier_index").integer(s.tier);
    w.key("next_tier");
    if (s.next_tier >= 0) w.string(p.tiers[static_cast<size_t>(s.next_tier)].name);
    else w.null();
    w.key("progress");
    if (s.enrolled) w.raw(format_fraction(s.progress, 4));
    else w.null();
    w.key("held_until");
    if (s.held_until) w.string(format_day(*s.held_until));
    else w.null();
    if (p.status) write_keep(w, p, ev, s, e.as_of);
    w.key("metrics").begin_object();
    for (size_t m = 0; m < e.metric_count; ++m)
      w.key(p.metrics[m].name)
          .raw(format_metric_value(p, static_cast<int>(m), e.metric_values[r * e.metric_count + m]));
    w.end_object();
    if (p.points) {
      w.key("points_balance").integer(e.points_balance[r]);
      w.key("rewards_available").begin_array();
      for (const Reward& rw : redeemable_rewards(p, e.points_balance[r]))
        w.begin_object().key("name").string(rw.name).key("points").integer(rw.points).end_object();
      w.end_array();
    }
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

} // namespace tierlab
