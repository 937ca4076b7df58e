// The canonical events CSV, fast path (docs/performance.md, "evaluate").
//
// A file without quoted fields has one row per line, so it can be cut at line
// ends and read by several threads at once. Each thread fills its own
// columns; duplicate event ids are found in two steps that keep memory low:
//   1. every id's hash goes into one shared Bloom filter (2 bytes per row);
//      an id whose bits were all set already is a *candidate*;
//   2. a second, lighter pass collects the rows whose hash is a candidate's,
//      and their ids are compared exactly: a row is a duplicate only when an
//      earlier row has the very same id (spec §2). A Bloom false positive
//      costs a comparison, never a row.
// The same rules as the general reader apply (check_event, the accounting of
// rows, the located messages); tests compare the two paths on the same data.
#include <algorithm>
#include <cstring>
#include <optional>

#if defined(__SSE2__)
#include <emmintrin.h>
#elif defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif
#ifdef __linux__
#include <sys/mman.h>
#endif
#include <cstdlib>
#include <memory>
#include <new>

#include "events_csv_fast.hpp"
#include "import/customer_interner.hpp"
#include "log_builder.hpp"
#include "parallel.hpp"

namespace tierlab {
namespace {

constexpr size_t kMaxFields = 64;

// Bit i set where byte i of the 16 at p is a comma, a line feed, or a quote
// or carriage return ("special"): one vector compare per kind of byte.
struct Marks {
  unsigned comma, newline, special;
};
#if defined(__SSE2__)
inline Marks marks16(const char* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  return {static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')))),
          static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')))),
          static_cast<unsigned>(_mm_movemask_epi8(
              _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')))))};
}
// Bit i set where byte i of the 16 at p is a line feed.
inline unsigned newlines16(const char* p) {
  return static_cast<unsigned>(
      _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), _mm_set1_epi8('\n'))));
}
#define TIERLAB_MARKS16 1
#elif defined(__wasm_simd128__)
inline Marks marks16(const char* p) {
  const v128_t v = wasm_v128_load(p);
  return {static_cast<unsigned>(wasm_i8x16_bitmask(wasm_i8x16_eq(v, wasm_i8x16_splat(',')))),
          static_cast<unsigned>(wasm_i8x16_bitmask(wasm_i8x16_eq(v, wasm_i8x16_splat('\n')))),
          static_cast<unsigned>(wasm_i8x16_bitmask(
              wasm_v128_or(wasm_i8x16_eq(v, wasm_i8x16_splat('"')), wasm_i8x16_eq(v, wasm_i8x16_splat('\r')))))};
}
inline unsigned newlines16(const char* p) {
  return static_cast<unsigned>(wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(p), wasm_i8x16_splat('\n'))));
}
#define TIERLAB_MARKS16 1
#endif

// Cuts text[p, end) into lines and each line into fields. Returns false when
// the text needs the general reader: a quote, or a CR that does not end a line.
// on_line(fields, count, blank) is called for every line; it returns false
// to stop. With `want` < the line's fields, fields after the first `want` are
// skipped unchecked (a second pass over text the first pass checked).
template <class OnLine> bool for_each_line(const char* p, const char* end, OnLine&& on_line, size_t want = SIZE_MAX) {
  std::string_view f[kMaxFields];
  while (p < end) {
    size_t n = 0;
    const char* s = p; // start of the current field
    const char* q = p;
    const char* le = nullptr; // line end (before any CR)
    const char* next = end;
    auto field_end = [&](const char* at) {
      if (n < kMaxFields) f[n] = std::string_view(s, static_cast<size_t>(at - s));
      ++n;
      s = at + 1;
    };
#ifdef TIERLAB_MARKS16
    while (!le && end - q >= 16) {
      Marks m = marks16(q);
      const unsigned before_nl = m.newline ? (m.newline & (0u - m.newline)) - 1 : 0xFFFFu;
      for (unsigned sp = m.special & before_nl; sp; sp &= sp - 1) {
        const char* at = q + __builtin_ctz(sp);
        if (*at == '"' || at + 1 >= end || at[1] != '\n') return false; // CR only before LF
      }
      for (unsigned c = m.comma & before_nl; c; c &= c - 1) field_end(q + __builtin_ctz(c));
      if (m.newline) {
        le = q + __builtin_ctz(m.newline);
        next = le + 1;
      } else if (n >= want) {
        // The fields wanted are read: only the line's end is left to find,
        // 16 bytes at a time here (a call to memchr per row costs more in wasm).
        const char* r = q + 16;
        const char* nl = nullptr;
        for (; !nl && end - r >= 16; r += 16)
          if (const unsigned m = newlines16(r)) nl = r + __builtin_ctz(m);
        if (!nl) nl = static_cast<const char*>(std::memchr(r, '\n', static_cast<size_t>(end - r)));
        le = s = nl ? nl : end;
        next = nl ? le + 1 : end;
      } else {
        q += 16;
      }
    }
#endif
    if (!le) { // the rest of a line near the end of the text, byte by byte
      for (; q < end && *q != '\n'; ++q) {
        if (*q == ',') field_end(q);
        else if (*q == '"' || (*q == '\r' && (q + 1 >= end || q[1] != '\n'))) return false;
      }
      le = q;
      next = q < end ? q + 1 : end;
    }
    if (le > s && le[-1] == '\r') --le;
    if (le < s) le = s; // a CR right after a comma: the field is empty
    field_end(le);
    if (!on_line(f, n, n == 1 && le == p)) return true;
    p = next;
  }
  return true;
}

// Zeroed 64-bit words for a large hash table, on huge pages where Linux
// allows (a random probe then rarely misses the TLB). The kernel zeroes pages
// on first touch: no memset.
class ZeroedWords {
 public:
  explicit ZeroedWords(size_t n) : n_(n) {
#ifdef __linux__
    bytes_ = (n * 8 + kHuge - 1) / kHuge * kHuge + kHuge;
    void* m = ::mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) throw std::bad_alloc();
    map_ = m;
    words_ = reinterpret_cast<uint64_t*>((reinterpret_cast<uintptr_t>(m) + kHuge - 1) & ~(kHuge - 1));
    ::madvise(words_, n * 8, MADV_HUGEPAGE);
#else
    words_ = static_cast<uint64_t*>(std::calloc(n ? n : 1, 8));
    if (!words_) throw std::bad_alloc();
#endif
  }
  ~ZeroedWords() {
#ifdef __linux__
    if (map_) ::munmap(map_, bytes_);
#else
    std::free(words_);
#endif
  }
  ZeroedWords(const ZeroedWords&) = delete;
  ZeroedWords& operator=(const ZeroedWords&) = delete;
  uint64_t& operator[](size_t i) { return words_[i]; }
  size_t size() const { return n_; }
  const uint64_t* data() const { return words_; }

 private:
  uint64_t* words_ = nullptr;
  size_t n_ = 0;
#ifdef __linux__
  static constexpr size_t kHuge = size_t(2) << 20;
  void* map_ = nullptr;
  size_t bytes_ = 0;
#endif
};

// The bytes of the file: in memory, or read a block at a time through a
// ReadAt callback (a large file: reading beats mapping its pages).
class Source {
 public:
  explicit Source(std::string_view text) : text_(text), size_(text.size()) {}
  Source(const ReadAt& read_at, size_t size, std::string name)
      : read_at_(&read_at), size_(size), name_(std::move(name)) {}
  size_t size() const { return size_; }

  // for_each_line over [begin, end), which start and end at line starts.
  template <class OnLine> bool lines(size_t begin, size_t end, OnLine&& on_line, size_t want = SIZE_MAX) const {
    if (!read_at_) return for_each_line(text_.data() + begin, text_.data() + end, on_line, want);
    std::vector<char> buf(kBlock);
    size_t pos = begin, carry = 0;
    bool go_on = true;
    auto counted = [&](const std::string_view* f, size_t n, bool blank) { return go_on = on_line(f, n, blank); };
    while (pos < end && go_on) {
      const size_t block = std::min(kBlock, end - pos);
      if (buf.size() < carry + block) buf.resize(carry + block);
      fill(pos, buf.data() + carry, block);
      pos += block;
      const size_t avail = carry + block;
      size_t upto = avail;
      if (pos < end) { // whole lines only; the rest waits for the next block
        const char* nl = static_cast<const char*>(memrchr(buf.data(), '\n', avail));
        upto = nl ? static_cast<size_t>(nl - buf.data()) + 1 : 0;
      }
      if (upto > 0 && !for_each_line(buf.data(), buf.data() + upto, counted, want)) return false;
      carry = avail - upto;
      std::memmove(buf.data(), buf.data() + upto, carry);
    }
    return true;
  }

  // The first line start at or after `at` (or the end).
  size_t line_start_from(size_t at) const {
    if (at == 0 || at >= size_) return std::min(at, size_);
    std::string probe;
    for (size_t from = at - 1; from < size_; from += probe.size()) {
      probe = bytes(from, std::min<size_t>(1 << 16, size_ - from));
      const size_t nl = probe.find('\n');
      if (nl != std::string::npos) return from + nl + 1;
    }
    return size_;
  }

  std::string bytes(size_t begin, size_t n) const {
    if (!read_at_) return std::string(text_.substr(begin, n));
    std::string out(n, '\0');
    fill(begin, out.data(), n);
    return out;
  }

 private:
  static constexpr size_t kBlock = size_t(1) << 20;
  void fill(size_t offset, char* into, size_t n) const {
    if ((*read_at_)(offset, into, n) != n)
      throw InputError(name_ + ": cannot read " + std::to_string(n) + " bytes at offset " + std::to_string(offset));
  }
  std::string_view text_;
  const ReadAt* read_at_ = nullptr;
  size_t size_ = 0;
  std::string name_;
};

// Bloom filter with all of a key's bits in one 64-bit word, so one atomic OR
// both sets them and tells whether they were all set already: of two rows
// with the same id, at least one is always reported, whatever the timing.
class SeenFilter {
 public:
  explicit SeenFilter(size_t keys) : words_(std::max<size_t>(1024, keys / 4)) {} // 16 bits a key
  void prefetch(uint64_t h) const { __builtin_prefetch(words_.data() + index(h)); }
  // True when h may have been inserted before.
  template <bool kShared> bool insert(uint64_t h) {
    uint64_t* w = &words_[index(h)];
    const uint64_t g = h * 0x9E3779B97F4A7C15ULL;
    uint64_t bits = 0;
    for (int k = 0; k < 6; ++k) bits |= uint64_t(1) << ((g >> (28 + 6 * k)) & 63);
    if constexpr (kShared) {
      if ((__atomic_load_n(w, __ATOMIC_RELAXED) & bits) == bits) return true;
      return (__atomic_fetch_or(w, bits, __ATOMIC_RELAXED) & bits) == bits;
    } else {
      const bool seen = (*w & bits) == bits;
      *w |= bits;
      return seen;
    }
  }

 private:
  size_t index(uint64_t h) const { return static_cast<size_t>(((h >> 32) * words_.size()) >> 32); }
  ZeroedWords words_;
};

uint64_t id_hash(std::string_view id) { return IdSet::hash(id) | 1; } // never 0: 0 marks an empty slot

// visit(i) for i in [0, n) with fetch(i + 16) issued first: random lookups
// done in a tight loop, each started well before it is needed. (One lookup
// per row, with the row's work in between, waits a whole miss every row.)
template <class Fetch, class Visit> void visit_fetching_ahead(size_t n, Fetch&& fetch, Visit&& visit) {
  constexpr size_t kAhead = 16;
  for (size_t i = 0; i < std::min(n, kAhead); ++i) fetch(i);
  for (size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) fetch(i + kAhead);
    visit(i);
  }
}

// The candidates' hashes, exact, behind a small bitmap that answers "no"
// for most rows without leaving the cache.
class CandidateSet {
 public:
  explicit CandidateSet(const std::vector<uint64_t>& hashes) : bits_(size_t(1) << 15, 0) { // 256 KB
    size_t cap = 16;
    while (cap < 2 * hashes.size()) cap *= 2;
    slots_.assign(cap, 0);
    for (uint64_t h : hashes) {
      bits_[bit(h) >> 6] |= uint64_t(1) << (bit(h) & 63);
      size_t i = h & (cap - 1);
      while (slots_[i]) i = (i + 1) & (cap - 1);
      slots_[i] = h;
    }
  }
  // The bitmap alone: false means h is not a candidate.
  bool may_contain(uint64_t h) const { return bits_[bit(h) >> 6] >> (bit(h) & 63) & 1; }
  bool contains(uint64_t h) const {
    if (!may_contain(h)) return false;
    for (size_t i = h & (slots_.size() - 1); slots_[i]; i = (i + 1) & (slots_.size() - 1))
      if (slots_[i] == h) return true;
    return false;
  }

 private:
  static size_t bit(uint64_t h) { return static_cast<size_t>(h >> 43); } // 21 bits
  std::vector<uint64_t> bits_, slots_;
};

struct Problem {
  int64_t line;        // within the chunk, from 0
  std::string message; // after "FILE:LINE: "
};

// One thread's share of the file.
struct Chunk {
  size_t begin = 0, end = 0;
  int64_t lines = 0, rows = 0, skipped = 0;
  LogColumns cols;
  CustomerInterner table;
  std::vector<int64_t> bad_rows; // row ordinals within the chunk, ascending
  std::vector<Problem> problems; // the first kListedSkipped
  std::vector<uint64_t> candidates;
  KindTable kinds;                // of cols.kinds
  std::vector<int64_t> kind_line; // the line (within the chunk) where each kind first appears
  bool general = false;           // needs the general reader
  bool failed = false;            // stopped: at a bad row (no skip_bad_rows), or at a type beyond kMaxKinds
  Problem fatal;                  // why, when failed
};

struct Hit {
  uint64_t hash;
  uint64_t event; // index among all kept rows of the file, in file order
  std::string id;
};

class FastImport {
 public:
  FastImport(const Source& source, size_t data_begin, const CsvLayout& layout, const ImportOptions& opt)
      : source_(source), data_begin_(data_begin), layout_(layout), opt_(opt) {}

  std::optional<Import> run();

 private:
  template <bool kShared> void read(Chunk& c, SeenFilter& seen, size_t reserve);
  void rescan(const Chunk& c, uint64_t first_event, const CandidateSet& set, std::vector<Hit>& hits) const;

  const Source& source_;
  size_t data_begin_;
  CsvLayout layout_;
  const ImportOptions& opt_;
};

template <bool kShared> void FastImport::read(Chunk& c, SeenFilter& seen, size_t reserve) {
  LogColumns& cols = c.cols;
  reserve_column(cols.day, reserve);
  reserve_column(cols.kind, reserve);
  reserve_column(cols.amount.cells(), reserve);
  reserve_column(cols.customers, reserve / 16); // room for many customers: growing moves every id
  const CsvLayout& L = layout_;
  uint16_t last_kind = UINT16_MAX;
  std::vector<EventType> kind_type; // of cols.kinds: types already checked
  auto cache = std::make_unique<EventCache>();
  // Filter inserts wait for a batch of rows (visit_fetching_ahead).
  constexpr size_t kBatch = 1024;
  std::vector<uint64_t> pending;
  pending.reserve(kBatch);
  auto settle = [&] {
    visit_fetching_ahead(
        pending.size(), [&](size_t i) { seen.prefetch(pending[i]); },
        [&](size_t i) {
          if (seen.template insert<kShared>(pending[i])) c.candidates.push_back(pending[i]);
        });
    pending.clear();
  };
  auto bad = [&](int64_t line, std::string message) {
    ++c.skipped;
    c.bad_rows.push_back(c.rows - 1);
    if (!opt_.skip_bad_rows) {
      c.failed = true;
      c.fatal = {line, message};
    }
    if (c.problems.size() < kListedSkipped) c.problems.push_back({line, std::move(message)});
    return !c.failed;
  };
  auto field = [&](const std::string_view* f, int col) { return col >= 0 ? f[col] : std::string_view(); };
  c.general = !source_.lines(c.begin, c.end, [&](const std::string_view* f, size_t n, bool blank) {
    const int64_t line = c.lines++;
    if (blank) return true;
    ++c.rows;
    if (n != L.width) return bad(line, width_problem(n, L.width));
    const std::string_view customer = f[L.customer], type = f[L.type];
    Day day;
    int64_t amount;
    const std::string_view date = f[L.date], amount_text = field(f, L.amount);
    const bool has_amount = L.amount >= 0;
    const int kind =
        last_kind != UINT16_MAX && same_bytes(cols.kinds[last_kind], type) ? last_kind : c.kinds.find(cols.kinds, type);
    const std::optional<EventType> known =
        kind >= 0 ? std::optional(kind_type[static_cast<size_t>(kind)]) : std::nullopt;
    if (!known ||
        !check_event_fast(customer, date, *known, amount_text, has_amount, opt_.currency_digits, day, amount, *cache)) {
      EventProblem problem = check_event(customer, date, type, amount_text, has_amount, opt_.currency_digits, day,
                                         amount, cache.get(), known);
      if (!problem.ok()) return bad(line, "column " + problem.column + ": " + problem.reason);
    }
    if (kind >= 0) {
      last_kind = static_cast<uint16_t>(kind);
    } else {                                // a new type, valid: check_event took it
      if (cols.kinds.size() >= kMaxKinds) { // the file's limit: stops the import even with skip_bad_rows
        c.failed = true;
        c.fatal = {line, "column type: " + too_many_kinds(type)};
        return false;
      }
      last_kind = c.kinds.add(cols.kinds, type);
      kind_type.push_back(event_type_of(type));
      c.kind_line.push_back(line);
    }
    if (c.table.push(customer)) c.table.flush(cols.customers, cols);
    cols.day.push_back(day);
    cols.kind.push_back(last_kind);
    cols.amount.push_back(amount);
    const std::string_view id = field(f, L.event_id);
    if (!id.empty()) {
      pending.push_back(id_hash(id));
      if (pending.size() == kBatch) settle();
    }
    return true;
  });
  settle();
  c.table.flush(cols.customers, cols);
}

void FastImport::rescan(const Chunk& c, uint64_t first_event, const CandidateSet& set, std::vector<Hit>& hits) const {
  const int id_col = layout_.event_id;
  if (id_col < 0) return; // no ids, no candidates
  int64_t row = 0;
  uint64_t event = first_event;
  size_t next_bad = 0;
  // Only the id field matters here: find it, then the line's end. The
  // bitmap (256 KB) turns away almost every row at once; the rest are looked
  // up exactly a batch at a time, their ids copied (a block reader's text
  // does not stay).
  struct Pending {
    uint64_t hash, event;
    size_t at, size; // the id in `ids`
  };
  constexpr size_t kBatch = 1024;
  std::vector<Pending> batch;
  batch.reserve(kBatch);
  std::string ids;
  auto settle = [&] {
    for (const Pending& p : batch)
      if (set.contains(p.hash)) hits.push_back({p.hash, p.event, ids.substr(p.at, p.size)});
    batch.clear();
    ids.clear();
  };
  source_.lines(
      c.begin, c.end,
      [&](const std::string_view* f, size_t, bool blank) {
        if (blank) return true;
        if (next_bad < c.bad_rows.size() && c.bad_rows[next_bad] == row) {
          ++next_bad;
          ++row;
          return true;
        }
        ++row;
        const std::string_view id = f[id_col];
        if (!id.empty()) {
          const uint64_t h = id_hash(id);
          if (set.may_contain(h)) {
            batch.push_back({h, event, ids.size(), id.size()});
            ids += id;
            if (batch.size() == kBatch) settle();
          }
        }
        ++event;
        return true;
      },
      static_cast<size_t>(id_col) + 1);
  settle();
}

// The runs of src's customers without the rows listed in drop (ascending),
// appended to `to` with customer_of applied.
void append_runs(std::vector<LogColumns::Run>& to, const std::vector<LogColumns::Run>& from,
                 const std::vector<uint64_t>& drop, const std::vector<uint32_t>* customer_of) {
  uint32_t end = to.empty() ? 0 : to.back().end;
  auto d = drop.begin();
  for (size_t r = 0, b = 0; r < from.size(); b = from[r++].end) {
    uint32_t kept = from[r].end - static_cast<uint32_t>(b);
    for (; d != drop.end() && *d < from[r].end; ++d) --kept;
    if (kept == 0) continue;
    const uint32_t c = customer_of ? (*customer_of)[from[r].customer] : from[r].customer;
    end += kept;
    if (!to.empty() && to.back().customer == c) to.back().end = end;
    else to.push_back({c, end});
  }
}

// Removes the rows listed in drop (ascending) in place.
void drop_rows(LogColumns& c, const std::vector<uint64_t>& drop) {
  if (drop.empty()) return;
  if (!c.by_row) {
    std::vector<LogColumns::Run> runs;
    append_runs(runs, c.runs, drop, nullptr);
    c.runs.swap(runs);
  }
  const size_t n = c.size();
  auto& cells = c.amount.cells();
  auto& big = c.amount.big_values();
  std::vector<std::pair<size_t, int64_t>> kept_big;
  size_t w = 0, next_big = 0;
  auto d = drop.begin();
  for (size_t i = 0; i < n; ++i) {
    if (d != drop.end() && *d == i) {
      ++d;
      continue;
    }
    c.day[w] = c.day[i];
    if (c.by_row) c.customer[w] = c.customer[i];
    c.kind[w] = c.kind[i];
    cells[w] = cells[i];
    if (cells[i] == AmountColumn::kBig) {
      while (big[next_big].first < i) ++next_big;
      kept_big.push_back({w, big[next_big].second});
    }
    ++w;
  }
  c.day.resize(w);
  if (c.by_row) c.customer.resize(w);
  c.kind.resize(w);
  cells.resize(w);
  big.swap(kept_big);
}

// Appends src to dst without the rows listed in drop (ascending, indices
// into src), mapping customer and kind indices on the way. Each column is
// freed once copied; with two threads, two columns are copied at once.
void append_columns(LogColumns& dst, LogColumns& src, const std::vector<uint32_t>& customer_of,
                    const std::vector<uint16_t>& kind_of, const std::vector<uint64_t>& drop, size_t threads) {
  auto append = [&](auto& to, auto& from, auto map) {
    auto d = drop.begin();
    for (size_t i = 0; i < from.size(); ++i) {
      if (d != drop.end() && *d == i) {
        ++d;
        continue;
      }
      to.push_back(map(from[i]));
    }
    std::remove_reference_t<decltype(from)>().swap(from);
  };
  auto days_and_kinds = [&] {
    append(dst.day, src.day, [](Day d) { return d; });
    append(dst.kind, src.kind, [&](uint16_t k) { return kind_of[k]; });
  };
  auto amounts_and_customers = [&] {
    if (!dst.by_row && !src.by_row) {
      append_runs(dst.runs, src.runs, drop, &customer_of);
    } else { // one index a row (both turned so before the threads start)
      append(dst.customer, src.customer, [&](uint32_t c) { return customer_of[c]; });
    }
    decltype(src.runs)().swap(src.runs);
    const size_t first = dst.amount.size();
    append(dst.amount.cells(), src.amount.cells(), [](int32_t a) { return a; });
    for (const auto& [i, value] : src.amount.big_values()) { // values beyond 32 bits, re-keyed
      auto d = std::lower_bound(drop.begin(), drop.end(), uint64_t(i));
      if (d == drop.end() || *d != i)
        dst.amount.big_values().push_back({first + i - static_cast<size_t>(d - drop.begin()), value});
    }
  };
  if (dst.by_row || src.by_row) {
    dst.to_rows();
    src.to_rows();
  }
  run_parallel(std::min<size_t>(threads, 2), [&](size_t k) {
    if (threads < 2) { // one thread: both, one after the other
      days_and_kinds();
      amounts_and_customers();
    } else if (k == 0) {
      days_and_kinds();
    } else {
      amounts_and_customers();
    }
  });
  src = LogColumns();
}

std::optional<Import> FastImport::run() {
  const size_t size = source_.size(), data = size - data_begin_;
  const size_t threads = thread_count(opt_.threads, data, size_t(4) << 20); // 4 MB or more a thread
  // Chunks end just after a line end.
  std::vector<Chunk> chunks(threads);
  size_t at = data_begin_;
  for (size_t k = 0; k < threads; ++k) {
    chunks[k].begin = at;
    const size_t end =
        k + 1 == threads ? size : source_.line_start_from(std::max(at, data_begin_ + data / threads * (k + 1)));
    chunks[k].end = at = end;
  }
  const std::string head = source_.bytes(0, std::min<size_t>(size, data_begin_ + (1 << 16)));
  // Rows in the file, from the lines of its head (64-bit products: size_t is
  // 32 bits in wasm).
  const size_t estimate = static_cast<size_t>(uint64_t(estimate_rows(head, data_begin_)) * data /
                                              std::max<uint64_t>(1, head.size() - data_begin_));
  auto seen = std::make_unique<SeenFilter>(estimate);
  run_parallel(threads, [&](size_t k) {
    Chunk& c = chunks[k];
    // The first chunk's columns will take the others' rows: room for all.
    const size_t share =
        k == 0 ? estimate + estimate / 8
               : static_cast<size_t>(uint64_t(c.end - c.begin) * estimate / std::max<uint64_t>(1, data) * 9 / 8) + 1024;
    if (threads > 1) read<true>(c, *seen, share);
    else read<false>(c, *seen, share);
  });
  seen.reset();
  for (auto& c : chunks)
    if (c.general) return std::nullopt;

  // Line numbers: chunk k starts after the lines of the chunks before it;
  // the header's lines end at an LF or at a lone CR (as CsvReader counts them).
  int64_t first_line = 1;
  for (size_t i = 0; i < data_begin_; ++i)
    first_line += head[i] == '\n' || (head[i] == '\r' && (i + 1 >= head.size() || head[i + 1] != '\n'));
  std::vector<int64_t> line_base(threads);
  for (size_t k = 0; k < threads; ++k) {
    line_base[k] = first_line;
    first_line += chunks[k].lines;
  }
  auto located = [&](size_t k, const Problem& p) {
    return printable(opt_.source + ":" + std::to_string(line_base[k] + p.line) + ": " + p.message);
  };
  // The event types of all chunks in order of first appearance in the file,
  // (kind_of[k][i] = chunk k's kind i there), up to the first chunk that
  // stopped: the limit on types is the file's, found at the row in file order
  // where the general reader finds it.
  std::vector<std::string> kinds;
  KindTable kind_table;
  for (const std::string& t : chunks[0].cols.kinds) kind_table.add(kinds, t);
  std::vector<std::vector<uint16_t>> kind_of(threads);
  for (size_t k = 0; k < threads; ++k) {
    Chunk& c = chunks[k];
    if (k > 0)
      for (size_t i = 0; i < c.cols.kinds.size(); ++i) {
        const std::string& t = c.cols.kinds[i];
        int64_t found = kind_table.find(kinds, t);
        if (found < 0) {
          if (kinds.size() >= kMaxKinds)
            throw InputError(located(k, {c.kind_line[i], "column type: " + too_many_kinds(t)}));
          found = kind_table.add(kinds, t);
        }
        kind_of[k].push_back(static_cast<uint16_t>(found));
      }
    if (c.failed) throw InputError(located(k, c.fatal));
  }

  // Exact check of the candidates: every row whose id hash is a candidate's.
  std::vector<uint64_t> events_before(threads, 0);
  for (size_t k = 1; k < threads; ++k) events_before[k] = events_before[k - 1] + chunks[k - 1].cols.size();
  std::vector<uint64_t> dups;
  {
    std::vector<uint64_t> cand;
    for (auto& c : chunks) {
      cand.insert(cand.end(), c.candidates.begin(), c.candidates.end());
      std::vector<uint64_t>().swap(c.candidates);
    }
    if (!cand.empty()) {
      std::sort(cand.begin(), cand.end());
      cand.erase(std::unique(cand.begin(), cand.end()), cand.end());
      CandidateSet set(cand);
      std::vector<std::vector<Hit>> hits(threads);
      run_parallel(threads, [&](size_t k) { rescan(chunks[k], events_before[k], set, hits[k]); });
      std::vector<Hit> all;
      for (auto& h : hits) std::move(h.begin(), h.end(), std::back_inserter(all));
      std::sort(all.begin(), all.end(),
                [](const Hit& a, const Hit& b) { return a.hash != b.hash ? a.hash < b.hash : a.event < b.event; });
      for (size_t g = 0; g < all.size();) {
        size_t e = g;
        while (e < all.size() && all[e].hash == all[g].hash) ++e;
        for (size_t i = g + 1; i < e; ++i)
          for (size_t j = g; j < i; ++j)
            if (all[j].id == all[i].id) {
              dups.push_back(all[i].event);
              break;
            }
        g = e;
      }
      std::sort(dups.begin(), dups.end());
    }
  }

  Import out;
  ImportReport& r = out.report;
  r.source = opt_.source;
  r.format = "events-csv";
  for (size_t k = 0; k < threads; ++k) {
    r.rows_read += chunks[k].rows;
    r.skipped += chunks[k].skipped;
    for (const Problem& p : chunks[k].problems)
      if (r.first_skipped.size() < kListedSkipped) r.first_skipped.push_back({line_base[k] + p.line, located(k, p)});
  }
  r.duplicates = static_cast<int64_t>(dups.size());
  r.rows_used = r.rows_read - r.skipped - r.duplicates;

  // One set of columns: chunk 0's (with room for all), then the others'.
  for (size_t k = 1; k < threads; ++k) chunks[k].table.clear();
  drop_rows(chunks[0].cols, std::vector<uint64_t>(dups.begin(), std::lower_bound(dups.begin(), dups.end(),
                                                                                 uint64_t(chunks[0].cols.size()))));
  LogColumns all = std::move(chunks[0].cols);
  CustomerInterner table = std::move(chunks[0].table);
  for (size_t k = 1; k < threads; ++k) {
    LogColumns& c = chunks[k].cols;
    const std::vector<uint32_t> customer_of = table.intern(c.customers, all.customers);
    const uint64_t base = events_before[k];
    std::vector<uint64_t> drop;
    for (uint64_t e : dups)
      if (e >= base && e < base + c.size()) drop.push_back(e - base);
    append_columns(all, c, customer_of, kind_of[k], drop, threads);
  }
  table.clear();
  all.kinds = std::move(kinds);
  out.log = build_log(std::move(all));
  return out;
}

} // namespace

std::optional<Import> import_events_csv_fast(std::string_view text, size_t data_begin, const CsvLayout& layout,
                                             const ImportOptions& opt) {
  return FastImport(Source(text), data_begin, layout, opt).run();
}

std::optional<Import> import_events_csv_fast(const ReadAt& read_at, size_t size, size_t data_begin,
                                             const CsvLayout& layout, const ImportOptions& opt) {
  return FastImport(Source(read_at, size, opt.source), data_begin, layout, opt).run();
}

} // namespace tierlab
