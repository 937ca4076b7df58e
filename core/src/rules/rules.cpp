#include "tierlab/rules.hpp"

#include <algorithm>
#include <climits>

namespace tierlab {

int compare(Fraction a, Fraction b) noexcept {
  // Terms within 32 bits (progress toward any threshold under 21 million in
  // minor units) multiply exactly in 64 bits: no 128-bit call in wasm.
  auto small = [](int64_t x) { return x >= INT32_MIN && x <= INT32_MAX; };
  if (small(a.num) && small(a.den) && small(b.num) && small(b.den)) {
    const int64_t x = a.num * b.den, y = b.num * a.den;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  __int128 x = static_cast<__int128>(a.num) * b.den, y = static_cast<__int128>(b.num) * a.den;
  return x < y ? -1 : x > y ? 1 : 0;
}

int64_t leaf_target(const Condition& leaf) noexcept {
  // Program limits keep a threshold below INT64_MAX (program.cpp).
  return leaf.threshold + (leaf.above ? 1 : 0);
}

Fraction leaf_progress(int64_t value, int64_t target) noexcept {
  if (target > 0) {
    if (value >= target) return {1, 1};
    if (value <= 0) return {0, 1};
    return {value, target};
  }
  return {value >= target ? 1 : 0, 1};
}

int64_t near_target(int64_t target) noexcept {
  // value / T >= 4 / 5  <=>  value >= ceil(4T / 5) = T - floor(T / 5), with no overflow.
  return target > 0 ? target - target / 5 : target;
}

// ---- Rule ----

Rule::Rule(const Condition& c) {
  nodes_.resize(1);
  compile(c, 0);
  if (flat()) shape_ = any() ? Shape::FlatAny : Shape::FlatAll;
}

// Writes c's node into nodes_[slot]. The children of a node take contiguous
// slots, reserved before any of them is compiled; leaves go depth first.
void Rule::compile(const Condition& c, uint32_t slot) {
  if (c.op == Condition::Op::Leaf) {
    leaves_.push_back({c.metric, leaf_target(c), c.threshold});
    nodes_[slot] = {Op::Leaf, static_cast<uint32_t>(leaves_.size() - 1), 0};
    return;
  }
  const auto first = static_cast<uint32_t>(nodes_.size());
  const auto count = static_cast<uint32_t>(c.children.size());
  nodes_.resize(nodes_.size() + count);
  nodes_[slot] = {c.op == Condition::Op::Any ? Op::Any : Op::All, first, count};
  for (uint32_t i = 0; i < count; ++i) compile(c.children[i], first + i);
}

bool Rule::holds_node(uint32_t n, const int64_t* v) const noexcept {
  const Node& node = nodes_[n];
  switch (node.op) {
    case Op::Leaf: {
      const Leaf& l = leaves_[node.first];
      return v[l.metric] >= l.target;
    }
    case Op::True: return true;
    case Op::False: return false;
    case Op::Any:
      for (uint32_t i = 0; i < node.count; ++i)
        if (holds_node(node.first + i, v)) return true;
      return false;
    case Op::All:
      for (uint32_t i = 0; i < node.count; ++i)
        if (!holds_node(node.first + i, v)) return false;
      return true;
  }
  return false;
}

Rule::Decided Rule::decide(uint32_t n, const int64_t* v) const noexcept {
  const Node& node = nodes_[n];
  switch (node.op) {
    case Op::Leaf: {
      const Leaf& l = leaves_[node.first];
      return {leaf_progress(v[l.metric], l.target), static_cast<int>(node.first)};
    }
    case Op::True: return {{1, 1}, -1};
    case Op::False: return {{0, 1}, -1};
    case Op::Any:
    case Op::All: {
      Decided chosen = decide(node.first, v);
      for (uint32_t i = 1; i < node.count; ++i) {
        const Decided d = decide(node.first + i, v);
        const int cmp = compare(d.progress, chosen.progress);
        if ((node.op == Op::Any && cmp > 0) || (node.op == Op::All && cmp < 0)) chosen = d;
      }
      return chosen;
    }
  }
  return {{0, 1}, -1};
}

bool Rule::holds(const int64_t* v) const noexcept {
  switch (shape_) { // the same answers as holds_node, without its recursion
    case Shape::FlatAny:
      for (const Leaf& l : leaves_)
        if (v[l.metric] >= l.target) return true;
      return false;
    case Shape::FlatAll:
      for (const Leaf& l : leaves_)
        if (v[l.metric] < l.target) return false;
      return true;
    case Shape::Tree: break;
  }
  return !nodes_.empty() && holds_node(0, v);
}
Fraction Rule::progress(const int64_t* v) const noexcept {
  return nodes_.empty() ? Fraction{1, 1} : decide(0, v).progress;
}
int Rule::deciding_leaf(const int64_t* v) const noexcept { return nodes_.empty() ? -1 : decide(0, v).leaf; }

bool Rule::flat() const noexcept {
  if (nodes_.empty()) return false;
  const Node& root = nodes_[0];
  if (root.op == Op::Leaf) return true;
  if (root.op != Op::Any && root.op != Op::All) return false;
  for (uint32_t i = 0; i < root.count; ++i)
    if (nodes_[root.first + i].op != Op::Leaf) return false;
  return true;
}

bool Rule::any() const noexcept { return !nodes_.empty() && nodes_[0].op != Op::All; }

int Rule::first_leaf_on(int metric) const noexcept {
  for (size_t i = 0; i < leaves_.size(); ++i)
    if (leaves_[i].metric == metric) return static_cast<int>(i);
  return -1;
}

Rule Rule::with_leaf_fixed(size_t leaf, bool value) const {
  Rule r = *this;
  for (Node& n : r.nodes_)
    if (n.op == Op::Leaf && n.first == leaf) n = {value ? Op::True : Op::False, 0, 0};
  r.shape_ = Shape::Tree; // a fixed leaf is no longer among the leaves asked
  return r;
}

Rule Rule::near() const {
  Rule r = *this;
  for (Leaf& l : r.leaves_) l.target = near_target(l.target);
  return r;
}

// ---- TierRules ----

Condition keep_condition(const Tier& tier) {
  if (!tier.retain) return *tier.qualify;
  Condition either;
  either.op = Condition::Op::Any;
  either.children = {*tier.qualify, *tier.retain};
  return either;
}

TierRules::TierRules(const Program& p) : status(p.status), metric_count(p.metrics.size()) {
  qualify.resize(p.tiers.size());
  for (size_t t = 1; t < p.tiers.size(); ++t) qualify[t] = Rule(*p.tiers[t].qualify);
  if (!p.status) return;
  keep.resize(p.tiers.size());
  for (size_t t = 1; t < p.tiers.size(); ++t)
    keep[t] = p.tiers[t].retain ? Rule(keep_condition(p.tiers[t])) : qualify[t];
  for (size_t m = 0; m < p.metrics.size(); ++m)
    if (p.metrics[m].measure == Measure::TenureDays) tenure_metrics.push_back(static_cast<int>(m));
  for (const auto* rules : {&qualify, &keep})
    for (const Rule& r : *rules)
      for (const Rule::Leaf& l : r.leaves())
        if (l.target > 0 && p.metrics[static_cast<size_t>(l.metric)].measure == Measure::TenureDays) {
          // Kept sorted and unique by insertion (a few leaves; no sort in the widget's module).
          auto at = std::lower_bound(tenure_targets.begin(), tenure_targets.end(), l.target);
          if (at == tenure_targets.end() || *at != l.target) tenure_targets.insert(at, l.target);
        }
}

int TierRules::qualified_tier(const int64_t* v) const noexcept {
  for (size_t t = qualify.size(); t-- > 1;)
    if (qualify[t].holds(v)) return static_cast<int>(t);
  return 0;
}

Fraction TierRules::progress_from(int tier, const int64_t* v) const noexcept {
  return tier < top() ? qualify[static_cast<size_t>(tier) + 1].progress(v) : Fraction{1, 1};
}

Retained retained_tier(std::span<const Day> days, std::span<const int> qualified, int32_t retention_days) noexcept {
  Retained r;
  for (int q : qualified) r.tier = std::max(r.tier, q);
  if (r.tier > 0) {
    Day last = days.front();
    for (size_t i = 0; i < days.size(); ++i)
      if (qualified[i] >= r.tier) last = days[i];
    r.held_until = last + retention_days - 1;
  }
  return r;
}

} // namespace tierlab
