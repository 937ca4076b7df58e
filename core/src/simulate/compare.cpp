// A candidate program against the baseline: summaries, migration, KPIs, movers.
#include <algorithm>
#include <climits>

#include "json.hpp"
#include "simulate/cache.hpp"
#include "tierlab/error.hpp"

namespace tierlab {
using namespace session_cache;

namespace {

// The sum of a column over all customers; refused (never wrapped) beyond 64 bits.
int64_t checked_total(const std::vector<int64_t>& column, const char* what) {
  __int128 sum = 0;
  for (int64_t v : column) sum += v;
  if (sum > INT64_MAX || sum < INT64_MIN)
    throw InputError(std::string("the total ") + what + " of all customers is beyond 64 bits");
  return static_cast<int64_t>(sum);
}

// The program's currency and engagement weights with automatic enrollment
// and no qualify delay: its columns are what customers actually did (for
// benefit cost and KPIs, which do not depend on membership rules).
Program raw_history(const Program& p) {
  Program raw = p;
  raw.enrollment_required = false;
  raw.qualify_delay_days = 0;
  return raw;
}

ProgramSummary summarize(Session::Cache& cache, const EventLog& log, const Program& p, const Tiering& t) {
  ProgramSummary s;
  s.program = p.name;
  s.tiers.resize(p.tiers.size());
  for (size_t i = 0; i < p.tiers.size(); ++i) s.tiers[i].name = p.tiers[i].name;
  // Benefit cost: discount% x gross spend over the 365 days ending D (raw purchases).
  const Program automatic = raw_history(p);
  Metric gross{"gross_365", Measure::GrossSpend, {Window::Kind::Days, 365}, ""};
  const auto& spend = column(cache, log, automatic, gross, t.as_of);
  std::vector<__int128> exact(p.tiers.size(), 0);
  for (size_t r = 0; r < t.customers.size(); ++r) {
    int tier = t.tier[r];
    if (tier < 0) {
      ++s.not_enrolled;
      continue;
    }
    TierSummary& ts = s.tiers[static_cast<size_t>(tier)];
    ++ts.customers;
    ts.near_misses += t.near[r];
    exact[static_cast<size_t>(tier)] +=
        static_cast<__int128>(spend[r]) * p.tiers[static_cast<size_t>(tier)].benefits.discount_basis_points;
  }
  if (p.status) { // spec §5: who drops at a review in the next 30 days unless they buy
    int64_t at_risk = 0;
    for (size_t r = 0; r < t.customers.size(); ++r) {
      const int tier = t.tier[r];
      if (tier > 0 && t.review_tier[r] < tier && t.held_until[r] + 1 <= t.as_of + kAtRiskDays) {
        ++s.tiers[static_cast<size_t>(tier)].at_risk;
        ++at_risk;
      }
    }
    s.at_risk = at_risk;
  }
  __int128 total = 0;
  for (size_t i = 0; i < p.tiers.size(); ++i) {
    s.tiers[i].benefit_cost = div_round_half_even(exact[i], 10000);
    s.near_misses += s.tiers[i].near_misses;
    total += exact[i];
  }
  s.benefit_cost = div_round_half_even(total, 10000);
  if (p.points) {
    const auto& pts = points(cache, log, p, t.as_of);
    const int64_t balance = checked_total(pts.balance, "points balance");
    s.points_balance = balance;
    s.points_expired = pts.expired;
    s.points_forgiven = pts.forgiven;
    s.redeems_rejected = pts.rejected_redeems;
    s.points_liability = points_value(*p.points, balance).value_or(0);
  }
  return s;
}

} // namespace

namespace {
// Costs and movers compare money: both programs must count it in one currency.
void check_same_currency(const Program& baseline, const Program& candidate) {
  if (candidate.currency.code != baseline.currency.code)
    throw InputError("candidate: currency " + candidate.currency.code + " differs from the baseline's " +
                     baseline.currency.code);
}
} // namespace

SimulationReport Session::simulate(const Program& baseline, const Program& candidate, Day as_of) {
  check_same_currency(baseline, candidate);
  cache_->trim();
  SimulationReport rep;
  rep.as_of = as_of;
  rep.currency = baseline.currency.code;
  rep.currency_digits = baseline.currency.digits;
  // A designer moves the candidate; the baseline stays: its tiers and summary
  // are kept from the previous call when the program and day are the same.
  Cache& cache = *cache_;
  const std::string base_key = program_to_json(baseline) + "@" + std::to_string(as_of);
  if (cache.baseline_key != base_key) {
    cache.baseline_tiers = tiers(baseline, as_of, false);
    cache.baseline_summary = summarize(cache, log_, baseline, cache.baseline_tiers);
    cache.baseline_key = base_key;
  }
  const Tiering& a = cache.baseline_tiers;
  Tiering b = tiers(candidate, as_of, false);
  rep.customers = static_cast<int64_t>(a.customers.size());
  rep.baseline = cache.baseline_summary;
  rep.candidate = summarize(*cache_, log_, candidate, b);
  for (const auto& t : baseline.tiers) rep.from.push_back(t.name);
  for (const auto& t : candidate.tiers) rep.to.push_back(t.name);
  rep.migration.assign(rep.from.size(), std::vector<int64_t>(rep.to.size(), 0));
  for (size_t r = 0; r < a.customers.size(); ++r) {
    if (a.tier[r] < 0 || b.tier[r] < 0) continue;
    ++rep.migration[static_cast<size_t>(a.tier[r])][static_cast<size_t>(b.tier[r])];
    if (b.tier[r] > a.tier[r]) ++rep.upgrades;
    else if (b.tier[r] < a.tier[r]) ++rep.downgrades;
  }
  // KPIs of the customer base (seeds 002, 004): lifetime, raw purchases.
  const Program automatic = raw_history(baseline);
  const auto& count = column(*cache_, log_, automatic, Metric{"n", Measure::PurchaseCount, {}, ""}, as_of);
  const auto& net = column(*cache_, log_, automatic, Metric{"net", Measure::NetSpend, {}, ""}, as_of);
  int64_t repeat = 0;
  for (int64_t c : count) repeat += c >= 2;
  const int64_t purchases = checked_total(count, "purchase count"), spend = checked_total(net, "net spend");
  int64_t n = std::max<int64_t>(1, rep.customers);
  rep.kpis.customers = rep.customers;
  rep.kpis.repeat_purchase_rate = {repeat, n};
  rep.kpis.average_purchase_frequency = {purchases, n};
  rep.kpis.average_lifetime_net_spend = {spend, n};
  const Program* with_points = baseline.points ? &baseline : candidate.points ? &candidate : nullptr;
  if (with_points) {
    const auto& pts = points(*cache_, log_, *with_points, as_of);
    rep.kpis.redemption_rate = Fraction{pts.redeemed, std::max<int64_t>(1, pts.earned)};
  }
  return rep;
}

std::vector<Mover> Session::movers(const Program& baseline, const Program& candidate, Day as_of, size_t limit) {
  check_same_currency(baseline, candidate);
  Tiering a = tiers(baseline, as_of, false);
  Tiering b = tiers(candidate, as_of, false);
  std::vector<Mover> out;
  for (size_t r = 0; r < a.customers.size(); ++r)
    if (a.tier[r] != b.tier[r]) {
      out.push_back({a.customers[r], a.tier[r], b.tier[r]});
      if (limit && out.size() >= limit) break;
    }
  return out;
}

} // namespace tierlab
