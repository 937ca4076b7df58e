#pragma once
// Customer ids to indices for the fast CSV reader, a batch of rows at a
// time (the import seam, docs/architecture.md). In a file by date or
// shuffled each row names another customer: one lookup a row in a table of
// a million ids waits for a cache miss or two. Here the ids of a batch are
// hashed first, then looked up with each table slot fetched 32 rows ahead
// (and a long id it points at 16 ahead), so the misses overlap.
// While new ids arrive in ascending byte order (a file sorted or grouped by
// customer) an id above the last one cannot have been seen: no table at all
// until the first id out of that order. A row naming the previous row's
// customer is never looked up.
#include <algorithm>
#include <cstdint>
#include <cstring>
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
    std::vector<Slot>().swap(slots_);
    std::vector<uint64_t>().swap(hashes_);
  }

 private:
  static constexpr uint32_t kSame = UINT32_MAX; // "the previous row's customer"
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
    constexpr size_t kAhead = 32; // a miss here is some 100-200 ns, a hit ~5
    auto fetch_slot = [&](size_t x) {
      if (x < m && !same(x)) __builtin_prefetch(&slots_[hashes_[x] & (slots_.size() - 1)]);
    };
    auto fetch_name = [&](size_t x) {
      if (x >= m || same(x)) return;
      const Slot& s = slots_[hashes_[x] & (slots_.size() - 1)];
      if (s.meta && id_of(x).size() > 8) __builtin_prefetch(names.data() + (static_cast<uint32_t>(s.meta) - 1));
    };
    for (size_t x = j; x < j + kAhead; ++x) fetch_slot(x);
    for (; j < m; ++j) {
      fetch_slot(j + kAhead);
      fetch_name(j + kAhead / 2);
      if (!same(j)) last_index_ = find_or_add(id_of(j), hashes_[j], names);
      out(last_index_);
    }
  }

  // A slot holds an id's first 8 bytes and, in `meta`, its length, 24 bits
  // of its hash and its index + 1 (0: empty): an id of up to 8 bytes is
  // found without reading the list of names (a second cache miss).
  struct Slot {
    uint64_t head, meta;
  };
  static uint64_t head_of(std::string_view id) {
    uint64_t w = 0;
    std::memcpy(&w, id.data(), std::min<size_t>(8, id.size()));
    return w;
  }
  static uint64_t meta_of(std::string_view id, uint64_t h, size_t index) {
    return (h & ~((uint64_t(1) << 40) - 1)) | uint64_t(std::min<size_t>(id.size(), 255)) << 32 | (index + 1);
  }

  uint32_t find_or_add(std::string_view id, uint64_t h, std::vector<std::string>& names) {
    if (2 * (names.size() + 1) > slots_.size()) rebuild(names);
    const uint64_t head = head_of(id), key = meta_of(id, h, 0) & ~uint64_t(UINT32_MAX);
    for (size_t i = h & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      const Slot& s = slots_[i];
      if (s.meta == 0) {
        slots_[i] = {head, meta_of(id, h, names.size())};
        names.emplace_back(id);
        return static_cast<uint32_t>(names.size() - 1);
      }
      if ((s.meta & ~uint64_t(UINT32_MAX)) == key && s.head == head) {
        const uint32_t index = static_cast<uint32_t>(s.meta) - 1;
        if (id.size() <= 8 || same_bytes(names[index], id)) return index;
      }
    }
  }

  // A table at most half full holding every name so far (inserts fetched ahead).
  void rebuild(const std::vector<std::string>& names) {
    size_t cap = std::max<size_t>(1024, slots_.size() * 2);
    while (cap < 2 * (names.size() + 1)) cap *= 2;
    std::vector<Slot> fresh;
    reserve_column(fresh, cap); // on huge pages: fewer TLB misses a probe
    fresh.assign(cap, Slot{0, 0});
    slots_.swap(fresh);
    std::vector<Slot>().swap(fresh);
    constexpr size_t kAhead = 16;
    uint64_t ring[2 * kAhead]; // a hash is read kAhead steps after it is written
    for (size_t k = 0; k < names.size() + kAhead; ++k) {
      if (k < names.size()) {
        ring[k % (2 * kAhead)] = IdSet::hash(names[k]);
        __builtin_prefetch(&slots_[ring[k % (2 * kAhead)] & (cap - 1)]);
      }
      if (k < kAhead) continue;
      const size_t at = k - kAhead;
      const uint64_t h = ring[at % (2 * kAhead)];
      size_t i = h & (cap - 1);
      while (slots_[i].meta) i = (i + 1) & (cap - 1);
      slots_[i] = {head_of(names[at]), meta_of(names[at], h, at)};
    }
  }

  bool ascending_ = true;
  std::vector<Slot> slots_;
  std::vector<uint64_t> hashes_;
  std::vector<Queued> batch_;
  std::string arena_, last_;
  bool has_last_ = false;
  uint32_t last_index_ = 0;
};

} // namespace tierlab
