#include "log_builder.hpp"

#include <algorithm>
#include <numeric>

namespace tierlab {

LogBuilder::LogBuilder(const ImportOptions& opt, std::string format) : opt_(opt) {
  report_.source = opt.source;
  report_.format = std::move(format);
}

namespace {
uint64_t mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}
} // namespace

// Event ids are remembered as two independent 64-bit hashes (a 128-bit
// fingerprint): exact for any real file, and 16 bytes per id.
bool LogBuilder::seen_id(std::string_view id) {
  uint64_t a = 1469598103934665603ULL, b = 0x9E3779B97F4A7C15ULL ^ id.size();
  for (unsigned char c : id) {
    a = (a ^ c) * 1099511628211ULL;
    b = mix(b + c);
  }
  a = mix(a);
  if (a == 0 && b == 0) a = 1;
  if ((ids_used_ + 1) * 2 > ids_.size()) {
    std::vector<Hash128> old;
    old.swap(ids_);
    ids_.assign(old.empty() ? 1024 : old.size() * 2, Hash128{0, 0});
    for (const auto& h : old)
      if (h.a || h.b) {
        size_t i = h.a & (ids_.size() - 1);
        while (ids_[i].a || ids_[i].b) i = (i + 1) & (ids_.size() - 1);
        ids_[i] = h;
      }
  }
  size_t i = a & (ids_.size() - 1);
  while (ids_[i].a || ids_[i].b) {
    if (ids_[i].a == a && ids_[i].b == b) return true;
    i = (i + 1) & (ids_.size() - 1);
  }
  ids_[i] = {a, b};
  ++ids_used_;
  return false;
}

bool LogBuilder::add(std::string_view customer, Day day, std::string_view type, int64_t amount,
                     std::string_view event_id) {
  if (!event_id.empty() && seen_id(event_id)) {
    ++report_.duplicates;
    return false;
  }
  ++report_.rows_used;
  auto it = customer_index_.find(std::string(customer));
  uint32_t c;
  if (it == customer_index_.end()) {
    c = static_cast<uint32_t>(customers_.size());
    customers_.emplace_back(customer);
    customer_index_.emplace(customers_.back(), c);
  } else {
    c = it->second;
  }
  uint16_t k = 0;
  while (k < kinds_.size() && kinds_[k] != type) ++k;
  if (k == kinds_.size()) {
    if (kinds_.size() >= 65535) throw InputError(opt_.source + ": more than 65535 distinct event types");
    kinds_.emplace_back(type);
  }
  cust_.push_back(c);
  day_.push_back(day);
  kind_.push_back(k);
  amount_.push_back(amount);
  return true;
}

void LogBuilder::bad(int64_t line, const std::string& message) {
  if (!opt_.skip_bad_rows) throw InputError(message);
  ++report_.skipped;
  if (report_.first_skipped.size() < 100) report_.first_skipped.push_back({line, message});
}

void LogBuilder::leave_out(int64_t line, const std::string& reason) {
  ++report_.skipped;
  ++report_.left_out;
  if (report_.first_skipped.size() < 100) report_.first_skipped.push_back({line, reason});
}

Import LogBuilder::finish() {
  Import out;
  EventLog& log = out.log;
  const size_t n = cust_.size();
  // Customers in byte order; events by (customer, day, file order).
  std::vector<uint32_t> order(customers_.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) { return customers_[x] < customers_[y]; });
  std::vector<uint32_t> rank(customers_.size());
  for (uint32_t i = 0; i < order.size(); ++i) rank[order[i]] = i;
  log.customer_ids.resize(customers_.size());
  for (uint32_t i = 0; i < order.size(); ++i) log.customer_ids[i] = std::move(customers_[order[i]]);
  customer_index_.clear();
  customers_.clear();

  log.begin.assign(log.customer_ids.size() + 1, 0);
  for (uint32_t c : cust_) ++log.begin[rank[c] + 1];
  for (size_t i = 1; i < log.begin.size(); ++i) log.begin[i] += log.begin[i - 1];
  std::vector<uint32_t> perm(n);
  {
    std::vector<uint32_t> fill(log.begin.begin(), log.begin.end() - 1);
    for (uint32_t i = 0; i < n; ++i) perm[fill[rank[cust_[i]]]++] = i;
  }
  std::vector<uint32_t>().swap(cust_);
  for (size_t c = 0; c + 1 < log.begin.size(); ++c) {
    auto b = perm.begin() + log.begin[c], e = perm.begin() + log.begin[c + 1];
    if (!std::is_sorted(b, e, [&](uint32_t x, uint32_t y) { return day_[x] < day_[y]; }))
      std::stable_sort(b, e, [&](uint32_t x, uint32_t y) { return day_[x] < day_[y]; });
  }
  log.kinds = std::move(kinds_);
  log.day.resize(n);
  log.type.resize(n);
  log.kind.resize(n);
  log.amount.resize(n);
  std::vector<EventType> kind_type(log.kinds.size());
  for (size_t k = 0; k < log.kinds.size(); ++k) kind_type[k] = event_type_of(log.kinds[k]);
  for (size_t i = 0; i < n; ++i) {
    uint32_t j = perm[i];
    log.day[i] = day_[j];
    log.kind[i] = kind_[j];
    log.type[i] = kind_type[kind_[j]];
    log.amount[i] = amount_[j];
  }
  if (n > 0) {
    log.first_day = *std::min_element(log.day.begin(), log.day.end());
    log.last_day = *std::max_element(log.day.begin(), log.day.end());
  }
  out.report = std::move(report_);
  return out;
}

EventType event_type_of(std::string_view t) {
  if (t == "purchase") return EventType::Purchase;
  if (t == "return") return EventType::Return;
  if (t == "join") return EventType::Join;
  if (t == "leave") return EventType::Leave;
  if (t == "redeem") return EventType::Redeem;
  return EventType::Engagement;
}

bool is_type_word(std::string_view s) {
  if (s.empty() || s[0] < 'a' || s[0] > 'z') return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

std::string check_event(std::string_view customer, std::string_view date, std::string_view type,
                        std::string_view amount, bool amount_present, int digits, Day& day, int64_t& value) {
  if (customer.empty()) return "column customer_id: empty";
  if (customer.size() > 128) return "column customer_id: longer than 128 bytes";
  std::string why;
  auto d = parse_event_date(date, &why);
  if (!d) return "column date: " + why;
  day = *d;
  if (!is_type_word(type))
    return "column type: expected purchase, return, join, leave, redeem or an engagement kind "
           "(a lowercase word), got \"" + std::string(type) + "\"";
  EventType t = event_type_of(type);
  value = 0;
  if (t == EventType::Purchase || t == EventType::Return) {
    if (!amount_present || amount.empty()) return "column amount: missing for a " + std::string(type);
    auto v = parse_decimal(amount, digits, &why);
    if (!v) return "column amount: " + why;
    if (*v < 0) return "column amount: must not be negative, got \"" + std::string(amount) + "\"";
    value = *v;
  } else if (t == EventType::Redeem) {
    if (!amount_present || amount.empty()) return "column amount: missing for a redeem (points)";
    auto v = parse_decimal(amount, 0, &why);
    if (!v || *v <= 0) return "column amount: a redeem takes a positive whole number of points, got \"" + std::string(amount) + "\"";
    value = *v;
  }
  return {};
}

std::string ImportReport::summary() const {
  std::string s = "rows read " + std::to_string(rows_read) + " = used " + std::to_string(rows_used) +
                  " + duplicates " + std::to_string(duplicates) + " + skipped " + std::to_string(skipped);
  if (left_out > 0) s += " (" + std::to_string(left_out) + " left out on purpose)";
  return s;
}

int EventLog::kind_id(std::string_view name) const {
  for (size_t i = 0; i < kinds.size(); ++i)
    if (kinds[i] == name) return static_cast<int>(i);
  return -1;
}

} // namespace tierlab
