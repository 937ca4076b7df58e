#pragma once
// Customer ids to indices for the fast CSV reader, a batch of rows at a
// time (the import seam, docs/architecture.md). In a file by date or
// shuffled each row names another customer: one lookup a row in a table of
// a million ids waits for a cache miss or two. Here the ids of a batch are
// hashed first, then looked up with each table slot fetched 16 rows ahead
// (and the id it points at 8 ahead), so the misses overlap.
// While new ids arrive in ascending byte order (a file sorted or grouped by
// customer) an id above the last one cannot have been seen: no table at all
// until the first id out of that order. A row naming the previous row's
// customer is never looked up.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "log_builder.hpp"

namespace tierlab {

class CustomerInterner {
 public:
  static constexpr size_t kBatch = 4096;

  // Queues the customer of the next kept row (the id is copied: a block
  // reader's text does not stay). True when the batch is full: flush it.
  bool push(std::string_view id) {
    if (has_last_ && same_bytes(id, last_)) {
      batch_.push_back({kSame, 0});
    } else {
      batch_.push_back({static_cast<uint32_t>(arena_.size()), static_cast<uint32_t>(id.size())});
      arena_.append(id);
      last_.assign(id.data(), id.size());
      has_last_ = true;
    }
    return batch_.size() == kBatch;
  }
  // Resolves the queued rows in order: cols.push_customer(index) for each,
  // adding new ids to `names`.
  void flush(std::vector<std::string>& names, LogColumns& cols) {
    resolve(
        batch_.size(), [&](size_t j) { return std::string_view(arena_.data() + batch_[j].at, batch_[j].size); },
        [&](size_t j) { return batch_[j].at == kSame; }, names, [&](uint32_t c) { cols.push_customer(c); });
    batch_.clear();
    arena_.clear();
  }
  // The index of each of `ids` in `names` (adding those not there yet).
  std::vector<uint32_t> intern(const std::vector<std::string>& ids, std::vector<std::string>& names) {
    std::vector<uint32_t> out;
    out.reserve(ids.size());
    resolve(
        ids.size(), [&](size_t j) { return std::string_view(ids[j]); }, [](size_t) { return false; }, names,
        [&](uint32_t c) { out.push_back(c); });
    return out;
  }
  // Frees the table (the names stay where they are).
  void clear() {
    std::vector<uint64_t>().swap(slots_);
    std::vector<uint64_t>().swap(hashes_);
  }

 private:
  static constexpr uint32_t kSame = UINT32_MAX;            // "the previous row's customer"
  static constexpr uint64_t kIndexMask = (uint64_t(1) << 33) - 1; // slot: hash's high bits | index + 1
  struct Queued {
    uint32_t at, size; // in arena_
  };

  template <class IdOf, class Same, class Out>
  void resolve(size_t m, IdOf&& id_of, Same&& same, std::vector<std::string>& names, Out&& out) {
    size_t j = 0;
    for (; j < m && ascending_; ++j) {
      if (!same(j)) {
        const std::string_view id = id_of(j);
        if (names.empty() || std::string_view(names.back()) < id) {
          names.emplace_back(id);
        } else if (std::string_view(names.back()) != id) { // out of order: the table from here on
          ascending_ = false;
          rebuild(names);
          break;
        }
        last_index_ = static_cast<uint32_t>(names.size() - 1);
      }
      out(last_index_);
    }
    if (j == m) return;
    hashes_.resize(m);
    for (size_t x = j; x < m; ++x) hashes_[x] = same(x) ? 0 : IdSet::hash(id_of(x));
    constexpr size_t kAhead = 16;
    auto fetch_slot = [&](size_t x) {
      if (x < m && !same(x)) __builtin_prefetch(&slots_[hashes_[x] & (slots_.size() - 1)]);
    };
    auto fetch_name = [&](size_t x) {
      if (x >= m || same(x)) return;
      const uint64_t s = slots_[hashes_[x] & (slots_.size() - 1)];
      if (s) __builtin_prefetch(names.data() + ((s & kIndexMask) - 1));
    };
    for (size_t x = j; x < j + kAhead; ++x) fetch_slot(x);
    for (; j < m; ++j) {
      fetch_slot(j + kAhead);
      fetch_name(j + kAhead / 2);
      if (!same(j)) last_index_ = find_or_add(id_of(j), hashes_[j], names);
      out(last_index_);
    }
  }

  uint32_t find_or_add(std::string_view id, uint64_t h, std::vector<std::string>& names) {
    if (2 * (names.size() + 1) > slots_.size()) rebuild(names);
    const uint64_t tag = h & ~kIndexMask;
    for (size_t i = h & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      const uint64_t s = slots_[i];
      if (s == 0) {
        slots_[i] = tag | (names.size() + 1);
        names.emplace_back(id);
        return static_cast<uint32_t>(names.size() - 1);
      }
      if ((s & ~kIndexMask) == tag && same_bytes(names[(s & kIndexMask) - 1], id))
        return static_cast<uint32_t>((s & kIndexMask) - 1);
    }
  }

  // A table at most half full holding every name so far.
  void rebuild(const std::vector<std::string>& names) {
    size_t cap = std::max<size_t>(1024, slots_.size() * 2);
    while (cap < 2 * (names.size() + 1)) cap *= 2;
    std::vector<uint64_t> fresh;
    reserve_column(fresh, cap); // on huge pages: fewer TLB misses a probe
    fresh.assign(cap, 0);
    slots_.swap(fresh);
    for (size_t k = 0; k < names.size(); ++k) {
      const uint64_t h = IdSet::hash(names[k]);
      size_t i = h & (cap - 1);
      while (slots_[i]) i = (i + 1) & (cap - 1);
      slots_[i] = (h & ~kIndexMask) | (k + 1);
    }
  }

  bool ascending_ = true;
  std::vector<uint64_t> slots_, hashes_;
  std::vector<Queued> batch_;
  std::string arena_, last_;
  bool has_last_ = false;
  uint32_t last_index_ = 0;
};

} // namespace tierlab
