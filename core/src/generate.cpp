#include "tierlab/generate.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "tierlab/error.hpp"
#include "tierlab/money.hpp"

namespace tierlab {

namespace {

// splitmix64: small, fast, and the same on every platform.
struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  uint64_t below(uint64_t n) { return n ? next() % n : 0; }
  // Uniform in [0, 1) as an integer fraction of 2^32 (no float in the output path).
  uint32_t u32() { return static_cast<uint32_t>(next() >> 32); }
  bool chance(uint32_t per_mille) { return below(1000) < per_mille; }
};

struct Ev {
  Day day;
  int minute;   // minute of the UTC day, for date-times
  uint8_t type; // index into kTypes
  int64_t amount;
};

// Rows held back for date or shuffled order: the text of every row, and per
// row its place in that text and its sort key.
class HeldRows {
 public:
  void add(uint64_t key, std::string_view line) {
    index_.push_back({key, text_.size() << 8 | line.size()});
    text_.append(line);
  }
  // By (key, generation order): offsets grow in generation order.
  void sort_by_key() {
    std::sort(index_.begin(), index_.end(),
              [](const Entry& a, const Entry& b) { return a.key != b.key ? a.key < b.key : a.at < b.at; });
  }
  void shuffle(Rng& rng) {
    for (size_t i = index_.size(); i > 1; --i) std::swap(index_[i - 1], index_[rng.below(i)]);
  }
  void write(std::string& out, const std::function<void(std::string_view)>& sink) const {
    for (const Entry& e : index_) {
      out.append(text_, e.at >> 8, e.at & 255);
      if (out.size() > (1 << 20) - 4096) {
        sink(out);
        out.clear();
      }
    }
  }

 private:
  struct Entry {
    uint64_t key, at; // at: offset << 8 | length (a row is under 160 bytes)
  };
  std::vector<Entry> index_;
  std::string text_;
};

const char* const kTypes[] = {"purchase", "return", "join", "leave", "redeem", "review", "social_share", "referral"};

} // namespace

void generate_events(const GenerateOptions& opt, const std::function<void(std::string_view)>& sink) {
  if (opt.customers > kMaxGeneratedCustomers)
    throw option_error("customers", "limit",
                       "at most " + std::to_string(kMaxGeneratedCustomers) + ", got " + std::to_string(opt.customers));
  Rng rng{opt.seed * 0x2545F4914F6CDD1DULL + 17};
  const Day span = std::max<Day>(1, opt.to - opt.from + 1);
  std::string out = "event_id,customer_id,date,type,amount\n";
  out.reserve(1 << 20);
  uint64_t next_id = 1;
  std::vector<Ev> evs;
  char buf[160];
  const bool hold = opt.order != GenerateOrder::Customer;
  HeldRows held;
  for (uint64_t c = 1; c <= opt.customers; ++c) {
    evs.clear();
    // Skew: most customers buy once or twice, a few buy very often.
    // purchases = 1 + 79 * u^4, u uniform: mean ~17, median ~5, top 1% ~75.
    uint64_t u = rng.u32();
    uint64_t u4 = (((u * u) >> 32) * ((u * u) >> 32)) >> 32;
    int purchases = 1 + static_cast<int>((79 * u4) >> 32);
    Day first = opt.from + static_cast<Day>(rng.below(static_cast<uint64_t>(span)));
    Day active = std::max<Day>(1, opt.to - first + 1);
    int64_t basket = 1500 + static_cast<int64_t>(rng.below(12000)); // typical order 15..135
    bool member = rng.chance(850);
    if (member) evs.push_back({first, static_cast<int>(rng.below(1440)), 2, 0});
    for (int p = 0; p < purchases; ++p) {
      Day d = first + static_cast<Day>(rng.below(static_cast<uint64_t>(active)));
      int64_t amount = basket / 2 + static_cast<int64_t>(rng.below(static_cast<uint64_t>(basket)));
      evs.push_back({d, static_cast<int>(rng.below(1440)), 0, amount});
      if (rng.chance(80)) { // ~8% come back as (partial) returns
        Day rd = std::min<Day>(opt.to, d + 1 + static_cast<Day>(rng.below(30)));
        int64_t back = rng.chance(500) ? amount : amount / 2;
        evs.push_back({rd, static_cast<int>(rng.below(1440)), 1, back});
      }
    }
    int engagements = rng.chance(300) ? 1 + static_cast<int>(rng.below(8)) : 0;
    for (int k = 0; k < engagements; ++k) {
      Day d = first + static_cast<Day>(rng.below(static_cast<uint64_t>(active)));
      uint8_t kind = static_cast<uint8_t>(5 + (rng.chance(200) ? 2 : rng.below(2)));
      evs.push_back({d, static_cast<int>(rng.below(1440)), kind, 0});
    }
    if (member && rng.chance(50)) { // leave, sometimes rejoin
      Day d = first + static_cast<Day>(rng.below(static_cast<uint64_t>(active)));
      evs.push_back({d, static_cast<int>(rng.below(1440)), 3, 0});
      if (rng.chance(400)) evs.push_back({std::min<Day>(opt.to, d + 1 + static_cast<Day>(rng.below(60))), 0, 2, 0});
    }
    if (purchases > 10 && rng.chance(300)) {
      Day d = first + static_cast<Day>(rng.below(static_cast<uint64_t>(active)));
      evs.push_back({d, static_cast<int>(rng.below(1440)), 4, 100 * (1 + static_cast<int64_t>(rng.below(5)))});
    }
    std::stable_sort(evs.begin(), evs.end(),
                     [](const Ev& a, const Ev& b) { return a.day != b.day ? a.day < b.day : a.minute < b.minute; });
    for (const Ev& e : evs) {
      uint64_t id = next_id++;
      std::string date = format_day(e.day);
      int style = static_cast<int>(rng.below(20));
      if (style == 0) { // UTC date-time
        std::snprintf(buf, sizeof buf, "%sT%02d:%02d:00Z", date.c_str(), e.minute / 60, e.minute % 60);
        date = buf;
      } else if (style == 1 && e.day + (e.minute + 120) / 1440 > kLastDay) { // no local date after 9999-12-31
        std::snprintf(buf, sizeof buf, "%sT%02d:%02d:00Z", date.c_str(), e.minute / 60, e.minute % 60);
        date = buf;
      } else if (style == 1) { // local time two hours ahead of UTC: may be the next calendar date
        int local = e.minute + 120;
        std::string ld = format_day(e.day + local / 1440);
        std::snprintf(buf, sizeof buf, "%sT%02d:%02d:00+02:00", ld.c_str(), (local % 1440) / 60, local % 60);
        date = buf;
      }
      std::string amount;
      if (e.type <= 1) amount = format_decimal(e.amount, 2);
      else if (e.type == 4) amount = std::to_string(e.amount);
      int n = std::snprintf(buf, sizeof buf, "E%09llu,C%07llu,%s,%s,%s\n", static_cast<unsigned long long>(id),
                            static_cast<unsigned long long>(c), date.c_str(), kTypes[e.type], amount.c_str());
      const bool twice = rng.chance(5); // ~0.5%: the same row sent twice
      if (hold) {
        // The instant of the event, in minutes (a local date-time is the same instant).
        const uint64_t key = static_cast<uint64_t>(e.day - kFirstDay) * 1440 + static_cast<uint64_t>(e.minute);
        for (int k = twice ? 2 : 1; k > 0; --k) held.add(key, std::string_view(buf, static_cast<size_t>(n)));
        continue;
      }
      out.append(buf, static_cast<size_t>(n));
      if (twice) out.append(buf, static_cast<size_t>(n));
    }
    if (out.size() > (1 << 20) - 4096) {
      sink(out);
      out.clear();
    }
  }
  if (hold) {
    // A separate stream for the shuffle: the events are the same in every order.
    Rng shuffle_rng{opt.seed * 0x9E3779B97F4A7C15ULL + 29};
    if (opt.order == GenerateOrder::Date) held.sort_by_key();
    else held.shuffle(shuffle_rng);
    held.write(out, sink);
  }
  sink(out);
}

} // namespace tierlab
