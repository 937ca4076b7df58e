#include "log_builder.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>

#ifdef __linux__
#include <sys/mman.h>
#endif

namespace tierlab {

LogBuilder::LogBuilder(const ImportOptions& opt, std::string format) : opt_(opt) {
  report_.source = opt.source;
  report_.format = std::move(format);
}

namespace {
constexpr uint64_t kLocBits = 40, kLocMask = (uint64_t(1) << kLocBits) - 1, kArenaFlag = uint64_t(1) << 39;
} // namespace

void IdSet::reserve(size_t ids) {
  size_t cap = 1024;
  while (cap * 7 / 10 < ids) cap *= 2;
  if (cap <= slots_.size()) return;
  std::vector<uint64_t> old;
  old.swap(slots_);
  slots_.assign(cap, 0);
  for (uint64_t v : old)
    if (v) {
      size_t i = static_cast<size_t>(IdSet::hash(at(v & kLocMask))) & (slots_.size() - 1);
      while (slots_[i]) i = (i + 1) & (slots_.size() - 1);
      slots_[i] = v;
    }
}

void IdSet::grow() { reserve(slots_.size()); }

std::string_view IdSet::at(uint64_t loc) const {
  if (loc & kArenaFlag) {
    size_t off = static_cast<size_t>(loc & ~kArenaFlag);
    uint32_t len;
    std::memcpy(&len, arena_.data() + off, 4);
    return std::string_view(arena_.data() + off + 4, len);
  }
  size_t off = static_cast<size_t>(loc) - 1, e = off;
  while (e < text_.size() && text_[e] != ',' && text_[e] != '\n' && text_[e] != '\r') ++e;
  return text_.substr(off, e - off);
}

void IdSet::prefetch(uint64_t h) const {
  if (!slots_.empty()) __builtin_prefetch(&slots_[static_cast<size_t>(h) & (slots_.size() - 1)]);
}

bool IdSet::insert(std::string_view id, uint64_t h) {
  if ((used_ + 1) * 10 > slots_.size() * 7) grow();
  const uint64_t tag = (h >> kLocBits) << kLocBits;
  size_t i = static_cast<size_t>(h) & (slots_.size() - 1);
  for (; slots_[i]; i = (i + 1) & (slots_.size() - 1))
    if ((slots_[i] & ~kLocMask) == tag && at(slots_[i] & kLocMask) == id) return false;
  uint64_t loc;
  const char* base = text_.data();
  bool in_text = !text_.empty() && id.data() >= base && id.data() + id.size() <= base + text_.size() &&
                 (id.data() + id.size() == base + text_.size() || id.data()[id.size()] == ',' ||
                  id.data()[id.size()] == '\n' || id.data()[id.size()] == '\r');
  if (in_text && static_cast<uint64_t>(id.data() - base) + 1 < kArenaFlag) {
    loc = static_cast<uint64_t>(id.data() - base) + 1;
  } else {
    loc = kArenaFlag | arena_.size();
    uint32_t len = static_cast<uint32_t>(id.size());
    arena_.append(reinterpret_cast<const char*>(&len), 4);
    arena_.append(id);
  }
  slots_[i] = tag | loc;
  ++used_;
  return true;
}

void advise_huge_pages(const void* data, size_t bytes) {
#ifdef MADV_HUGEPAGE
  const size_t huge = size_t(2) << 20;
  if (bytes < 2 * huge) return;
  const uintptr_t b = (reinterpret_cast<uintptr_t>(data) + huge - 1) & ~(huge - 1);
  const uintptr_t e = (reinterpret_cast<uintptr_t>(data) + bytes) & ~(huge - 1);
  if (e > b) ::madvise(reinterpret_cast<void*>(b), e - b, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
#endif
}

int64_t AmountColumn::big(size_t i) const {
  auto it = std::lower_bound(big_.begin(), big_.end(), std::pair<size_t, int64_t>(i, INT64_MIN));
  return it != big_.end() && it->first == i ? it->second : kBig;
}

AmountColumn& AmountColumn::operator=(std::initializer_list<int64_t> values) {
  small_.clear();
  big_.clear();
  for (int64_t v : values) push_back(v);
  return *this;
}

void LogBuilder::reserve(size_t events) {
  reserve_column(cols_.day, events);
  reserve_column(cols_.kind, events);
  reserve_column(cols_.amount.cells(), events);
  ids_.reserve(events);
}

bool LogBuilder::add(std::string_view customer, Day day, std::string_view type, int64_t amount,
                     std::string_view event_id) {
  auto& kinds = cols_.kinds;
  uint16_t k = last_kind_;
  if (k >= kinds.size() || !same_bytes(kinds[k], type)) { // consecutive rows often share a type
    const int64_t found = kind_table_.find(kinds, type);
    if (found >= 0) {
      k = static_cast<uint16_t>(found);
    } else {
      if (kinds.size() >= kMaxKinds) return false;
      k = static_cast<uint16_t>(kind_table_.add(kinds, type));
    }
    last_kind_ = k;
  }
  if (ring_count_ == kAhead) {
    process(ring_[ring_head_]);
    ring_head_ = (ring_head_ + 1) % kAhead;
    --ring_count_;
  }
  Pending& p = ring_[(ring_head_ + ring_count_) % kAhead];
  ++ring_count_;
  p.day = day;
  p.amount = amount;
  p.kind = k;
  p.own.clear();
  // Views from outside the bound text (e.g. a CSV reader's unquoting buffer)
  // are copied: they change with the next row.
  auto stays = [&](std::string_view v) { return v.empty() || in_text(v); };
  const bool copy = !text_.empty() && !(stays(customer) && stays(event_id));
  if (copy) {
    p.own.append(customer).append(event_id);
    p.customer = std::string_view(p.own.data(), customer.size());
    p.id = std::string_view(p.own.data() + customer.size(), event_id.size());
  } else {
    p.customer = customer;
    p.id = event_id;
  }
  if (!p.id.empty()) {
    p.hash = IdSet::hash(p.id);
    ids_.prefetch(p.hash);
  }
  return true;
}

void LogBuilder::process(Pending& p) {
  if (!p.id.empty() && !ids_.insert(p.id, p.hash)) {
    ++report_.duplicates;
    return;
  }
  ++report_.rows_used;
  const std::string_view customer = p.customer;
  auto& customers = cols_.customers;
  uint32_t c = last_customer_index_;
  if (c == UINT32_MAX || customer != last_customer_) { // consecutive rows often share a customer
    const int64_t found = customer_index_.find(customers, customer);
    c = found >= 0 ? static_cast<uint32_t>(found) : customer_index_.add(customers, customer);
    last_customer_.assign(customer);
    last_customer_index_ = c;
  }
  cols_.push_customer(c);
  cols_.day.push_back(p.day);
  cols_.kind.push_back(p.kind);
  cols_.amount.push_back(p.amount);
}

void LogBuilder::bad(int64_t line, const std::string& message) {
  if (!opt_.skip_bad_rows) throw_input_error(printable(message));
  ++report_.skipped;
  if (report_.first_skipped.size() < kListedSkipped) report_.first_skipped.push_back({line, printable(message)});
}

bool LogBuilder::width_ok(int64_t line, size_t fields, size_t header_fields) {
  if (fields == header_fields) return true;
  bad(line, opt_.source + ":" + std::to_string(line) + ": " + width_problem(fields, header_fields));
  return false;
}

void LogBuilder::leave_out(int64_t line, const std::string& reason) {
  ++report_.skipped;
  ++report_.left_out;
  if (report_.first_skipped.size() < kListedSkipped) report_.first_skipped.push_back({line, printable(reason)});
}

Import LogBuilder::finish() {
  for (; ring_count_ > 0; --ring_count_, ring_head_ = (ring_head_ + 1) % kAhead) process(ring_[ring_head_]);
  // Free what the sort no longer needs before allocating the log.
  ids_ = IdSet();
  customer_index_ = NameTable();
  Import out;
  out.log = build_log(std::move(cols_));
  out.report = std::move(report_);
  return out;
}

std::string width_problem(size_t fields, size_t header_fields) {
  return "row has " + std::to_string(fields) + " fields, the header has " + std::to_string(header_fields);
}

uint32_t NameTable::add(std::vector<std::string>& names, std::string_view name) {
  names.emplace_back(name);
  const uint32_t index = static_cast<uint32_t>(names.size() - 1);
  if (names.size() > kLinear) {
    if (2 * names.size() > slots_.size()) { // (re)build: at most half full
      size_t cap = std::max<size_t>(64, slots_.size() * 2);
      while (cap < 2 * names.size()) cap *= 2;
      slots_.assign(cap, 0);
      for (uint32_t k = 0; k < names.size(); ++k) place(names[k], k);
    } else {
      place(name, index);
    }
  }
  return index;
}

void NameTable::place(std::string_view type, uint32_t index) {
  size_t i = static_cast<size_t>(IdSet::hash(type)) & (slots_.size() - 1);
  while (slots_[i]) i = (i + 1) & (slots_.size() - 1);
  slots_[i] = index + 1;
}

std::string too_many_kinds(std::string_view type) {
  return "more than " + std::to_string(kMaxKinds) + " distinct event types (the limit); \"" + std::string(type) +
         "\" would be one more";
}

bool valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  for (size_t i = 0; i < n;) {
    const unsigned c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned lo = 0x80, hi = 0xBF; // the second byte's range
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;      // overlong
      else if (c == 0xED) hi = 0x9F; // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;      // overlong
      else if (c == 0xF4) hi = 0x8F; // beyond U+10FFFF
    } else {
      return false;
    }
    if (i + len > n || p[i + 1] < lo || p[i + 1] > hi) return false;
    for (size_t k = 2; k < len; ++k)
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return false;
    i += len;
  }
  return true;
}

std::string printable(std::string_view s) {
  static const char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size());
  auto escape = [&](unsigned char c) {
    out += "\\x";
    out += hex[c >> 4];
    out += hex[c & 15];
  };
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) {
      escape(c);
      ++i;
    } else if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
    } else { // one whole valid sequence, or one escaped byte
      const size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      if (i + len <= s.size() && valid_utf8(s.substr(i, len))) {
        out.append(s.substr(i, len));
        i += len;
      } else {
        escape(c);
        ++i;
      }
    }
  }
  return out;
}

std::string customer_id_problem(std::string_view id) {
  if (id.empty()) return "empty";
  if (id.size() > kMaxCustomerIdBytes) return "longer than " + std::to_string(kMaxCustomerIdBytes) + " bytes";
  if (!all_ascii(id) && !valid_utf8(id)) return "not valid UTF-8: \"" + std::string(id) + "\"";
  return {};
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

EventProblem check_event(std::string_view customer, std::string_view date, std::string_view type,
                         std::string_view amount, bool amount_present, int digits, Day& day, int64_t& value,
                         EventCache* cache, std::optional<EventType> known_type) {
  if (std::string why = customer_id_problem(customer); !why.empty()) return {"customer_id", why};
  EventCache::DateSlot* slot = nullptr;
  if (cache && date.size() == 10) {
    slot = &cache->dates[EventCache::date_slot(date.data())];
    if (!(slot->used && same_bytes(std::string_view(slot->text, 10), date))) slot->used = false;
  }
  if (slot && slot->used) {
    day = slot->day;
  } else {
    std::string why;
    auto d = parse_event_date(date, &why);
    if (!d) return {"date", why};
    day = *d;
    if (slot) {
      std::memcpy(slot->text, date.data(), 10);
      slot->day = day;
      slot->used = true;
    }
  }
  if (!known_type && !is_type_word(type))
    return {"type", "expected purchase, return, join, leave, redeem or an engagement kind "
                    "(a lowercase word), got \"" +
                        std::string(type) + "\""};
  const EventType t = known_type ? *known_type : event_type_of(type);
  value = 0;
  if (t == EventType::Purchase || t == EventType::Return) {
    if (!amount_present || amount.empty()) return {"amount", "missing for a " + std::string(type)};
    std::string why;
    auto v = parse_decimal(amount, digits, &why);
    if (!v) return {"amount", why};
    if (*v < 0) return {"amount", "must not be negative, got \"" + std::string(amount) + "\""};
    value = *v;
  } else if (t == EventType::Redeem) {
    if (!amount_present || amount.empty()) return {"amount", "missing for a redeem (points)"};
    std::string why;
    auto v = parse_decimal(amount, 0, &why);
    if (!v || *v <= 0)
      return {"amount", "a redeem takes a positive whole number of points, got \"" + std::string(amount) + "\""};
    value = *v;
  }
  return {};
}

std::string ImportReport::summary() const {
  std::string s = "rows read " + std::to_string(rows_read) + " = used " + std::to_string(rows_used) + " + duplicates " +
                  std::to_string(duplicates) + " + skipped " + std::to_string(skipped);
  if (left_out > 0) s += " (" + std::to_string(left_out) + " left out on purpose)";
  return s;
}

int EventLog::kind_id(std::string_view name) const {
  for (size_t i = 0; i < kinds.size(); ++i)
    if (kinds[i] == name) return static_cast<int>(i);
  return -1;
}

} // namespace tierlab
