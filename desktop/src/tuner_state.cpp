#include <iterator>
#include "tuner_state.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "tierlab/error.hpp"
#include "tierlab/money.hpp"

namespace tierlab::tuner {

// ---- threshold leaves -------------------------------------------------------

namespace {

void collect(const Condition& c, LeafRef& ref, int depth, Condition::Op parent, std::vector<LeafInfo>& out) {
  if (c.op == Condition::Op::Leaf) {
    out.push_back({ref, c.metric, c.above, c.threshold, depth, parent});
    return;
  }
  for (size_t i = 0; i < c.children.size(); ++i) {
    ref.path.push_back(static_cast<int>(i));
    collect(c.children[i], ref, depth + 1, c.op, out);
    ref.path.pop_back();
  }
}

Condition* find_leaf_mut(Program& p, const LeafRef& ref) {
  if (ref.tier < 0 || ref.tier >= static_cast<int>(p.tiers.size())) return nullptr;
  auto& q = p.tiers[static_cast<size_t>(ref.tier)].qualify;
  if (!q) return nullptr;
  Condition* c = &*q;
  for (int i : ref.path) {
    if (i < 0 || i >= static_cast<int>(c->children.size())) return nullptr;
    c = &c->children[static_cast<size_t>(i)];
  }
  return c->op == Condition::Op::Leaf ? c : nullptr;
}

Condition& leaf_or_throw(Program& p, const LeafRef& ref) {
  Condition* c = find_leaf_mut(p, ref);
  if (!c) throw InputError("no such threshold in tier " + std::to_string(ref.tier));
  return *c;
}

void check_tier(const Program& p, int tier) {
  if (tier < 0 || tier >= static_cast<int>(p.tiers.size())) throw InputError("no tier " + std::to_string(tier));
}

} // namespace

std::vector<LeafInfo> tier_leaves(const Program& p, int tier) {
  std::vector<LeafInfo> out;
  if (tier < 0 || tier >= static_cast<int>(p.tiers.size())) return out;
  const auto& q = p.tiers[static_cast<size_t>(tier)].qualify;
  if (!q) return out;
  LeafRef ref{tier, {}};
  collect(*q, ref, 0, Condition::Op::Leaf, out);
  return out;
}

const Condition* find_leaf(const Program& p, const LeafRef& ref) { return find_leaf_mut(const_cast<Program&>(p), ref); }

std::optional<LeafRef> first_leaf_on_metric(const Program& p, int tier, int metric) {
  for (const auto& l : tier_leaves(p, tier))
    if (l.metric == metric) return l.ref;
  return std::nullopt;
}

int64_t slider_max(const Program& p, const LeafRef& leaf) {
  const Condition* c = find_leaf(p, leaf);
  if (!c) return 1;
  int metric = c->metric;
  int64_t unit = is_money(p.metrics[static_cast<size_t>(metric)].measure) ? pow10i(p.currency.digits) : 1;
  int64_t base = c->threshold;
  if (base <= 0)
    for (size_t t = 0; t < p.tiers.size(); ++t)
      for (const auto& l : tier_leaves(p, static_cast<int>(t)))
        if (l.metric == metric) base = std::max(base, l.threshold);
  if (base <= 0) base = 5 * unit;
  // Whole units, then a nice number of them.
  int64_t units = (2 * base + unit - 1) / unit;
  int64_t pow = 1;
  while (pow * 10 <= units) pow *= 10;
  for (int64_t m10 : {10, 15, 20, 25, 30, 40, 50, 60, 80, 100})
    if (pow * m10 >= units * 10) return pow * m10 / 10 * unit;
  return units * unit;
}

// ---- edits -----------------------------------------------------------------------

Program with_threshold(const Program& p, const LeafRef& leaf, int64_t value) {
  Program out = p;
  leaf_or_throw(out, leaf).threshold = value;
  return out;
}

Program with_threshold_text(const Program& p, const LeafRef& leaf, std::string_view text) {
  const Condition* c = find_leaf(p, leaf);
  if (!c) throw InputError("no such threshold in tier " + std::to_string(leaf.tier));
  std::string t(text);
  // Accept surrounding blanks and a thousands separator typed by a person.
  t.erase(std::remove_if(t.begin(), t.end(), [](char ch) { return ch == ',' || ch == ' ' || ch == '\t'; }), t.end());
  return with_threshold(p, leaf, parse_metric_value(p, c->metric, t));
}

Program with_leaf_above(const Program& p, const LeafRef& leaf, bool above) {
  Program out = p;
  leaf_or_throw(out, leaf).above = above;
  return out;
}

Program with_discount(const Program& p, int tier, int32_t basis_points) {
  check_tier(p, tier);
  if (basis_points < 0 || basis_points > 10000) throw InputError("discount must be between 0 and 100%");
  Program out = p;
  auto& b = out.tiers[static_cast<size_t>(tier)].benefits;
  b.discount_basis_points = basis_points;
  b.present = true;
  return out;
}

Program with_free_shipping(const Program& p, int tier, bool on) {
  check_tier(p, tier);
  Program out = p;
  auto& b = out.tiers[static_cast<size_t>(tier)].benefits;
  b.free_shipping = on;
  b.present = true;
  return out;
}

Program with_retention_days(const Program& p, int32_t days) {
  if (days < 0 || days > 100000) throw InputError("retention_days must be between 0 and 100000");
  Program out = p;
  out.retention_days = days;
  return out;
}

Program with_qualify_delay_days(const Program& p, int32_t days) {
  if (days < 0 || days > 100000) throw InputError("qualify_delay_days must be between 0 and 100000");
  Program out = p;
  out.qualify_delay_days = days;
  return out;
}

bool same_program(const Program& a, const Program& b) { return program_to_json(a) == program_to_json(b); }

namespace {
std::string leaf_text(const Program& p, const Condition& c) {
  return p.metrics[static_cast<size_t>(c.metric)].name + (c.above ? " > " : " \xE2\x89\xA5 ") +
         format_metric_value(p, c.metric, c.threshold);
}
} // namespace

std::string describe_change(const Program& a, const Program& b) {
  if (a.retention_days != b.retention_days)
    return "retention " + std::to_string(a.retention_days) + " \xE2\x86\x92 " + std::to_string(b.retention_days) +
           " days";
  if (a.qualify_delay_days != b.qualify_delay_days)
    return "qualify delay " + std::to_string(a.qualify_delay_days) + " \xE2\x86\x92 " +
           std::to_string(b.qualify_delay_days) + " days";
  size_t n = std::min(a.tiers.size(), b.tiers.size());
  for (size_t t = 0; t < n; ++t) {
    const auto& ta = a.tiers[t];
    const auto& tb = b.tiers[t];
    auto la = tier_leaves(a, static_cast<int>(t));
    auto lb = tier_leaves(b, static_cast<int>(t));
    if (la.size() == lb.size()) {
      for (size_t i = 0; i < la.size(); ++i) {
        if (la[i].threshold != lb[i].threshold || la[i].above != lb[i].above) {
          const Condition* ca = find_leaf(a, la[i].ref);
          const Condition* cb = find_leaf(b, lb[i].ref);
          return ta.name + ": " + leaf_text(a, *ca) + " \xE2\x86\x92 " + (cb->above ? "> " : "\xE2\x89\xA5 ") +
                 format_metric_value(b, cb->metric, cb->threshold);
        }
      }
    }
    if (ta.benefits.discount_basis_points != tb.benefits.discount_basis_points)
      return ta.name + ": discount " + format_decimal(ta.benefits.discount_basis_points, 2) + "% \xE2\x86\x92 " +
             format_decimal(tb.benefits.discount_basis_points, 2) + "%";
    if (ta.benefits.free_shipping != tb.benefits.free_shipping)
      return ta.name + ": free shipping " + (tb.benefits.free_shipping ? "on" : "off");
  }
  return same_program(a, b) ? "no change" : "program changed";
}

// ---- undo / redo --------------------------------------------------------------

History::History(Program p) { reset(std::move(p)); }

void History::reset(Program p) {
  current_ = std::move(p);
  undo_.clear();
  redo_.clear();
  continuous_.reset();
  saved_json_ = program_to_json(current_);
  ++revision_;
}

void History::apply(Program next, std::string label) {
  if (continuous_) end_continuous();
  if (same_program(current_, next)) return;
  if (label.empty()) label = describe_change(current_, next);
  undo_.push_back({std::move(current_), std::move(label)});
  if (undo_.size() > kMaxSteps) undo_.erase(undo_.begin());
  redo_.clear();
  current_ = std::move(next);
  ++revision_;
}

void History::begin_continuous() {
  if (!continuous_) continuous_ = current_;
}

void History::update(Program next) {
  if (!continuous_) continuous_ = current_;
  current_ = std::move(next);
  ++revision_;
}

void History::end_continuous(std::string label) {
  if (!continuous_) return;
  Program before = std::move(*continuous_);
  continuous_.reset();
  if (same_program(before, current_)) return;
  if (label.empty()) label = describe_change(before, current_);
  undo_.push_back({std::move(before), std::move(label)});
  if (undo_.size() > kMaxSteps) undo_.erase(undo_.begin());
  redo_.clear();
}

bool History::undo() {
  if (continuous_) end_continuous();
  if (undo_.empty()) return false;
  Step s = std::move(undo_.back());
  undo_.pop_back();
  redo_.push_back({std::move(current_), s.label});
  current_ = std::move(s.program);
  ++revision_;
  return true;
}

bool History::redo() {
  if (continuous_) end_continuous();
  if (redo_.empty()) return false;
  Step s = std::move(redo_.back());
  redo_.pop_back();
  undo_.push_back({std::move(current_), s.label});
  current_ = std::move(s.program);
  ++revision_;
  return true;
}

std::string History::undo_label() const { return undo_.empty() ? std::string() : undo_.back().label; }
std::string History::redo_label() const { return redo_.empty() ? std::string() : redo_.back().label; }

bool History::dirty() const { return program_to_json(current_) != saved_json_; }
void History::mark_saved() { saved_json_ = program_to_json(current_); }

// ---- files ------------------------------------------------------------------------

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw InputError(path + ": cannot read file");
  return ss.str();
}

Program load_program_file(const std::string& path) {
  std::string text = read_text_file(path);
  try {
    return parse_program(text);
  } catch (const InputError& e) {
    throw InputError(path + ": " + e.what());
  }
}

namespace {

class Pretty {
 public:
  explicit Pretty(std::string_view t) : t_(t), match_(t.size(), 0) {
    std::vector<size_t> stack;
    bool in_string = false;
    for (size_t i = 0; i < t.size(); ++i) {
      char c = t[i];
      if (in_string) {
        if (c == '\\') ++i;
        else if (c == '"') in_string = false;
      } else if (c == '"') in_string = true;
      else if (c == '{' || c == '[') stack.push_back(i);
      else if ((c == '}' || c == ']') && !stack.empty()) {
        match_[stack.back()] = i;
        stack.pop_back();
      }
    }
  }

  std::string run() {
    size_t i = skip(0);
    if (i < t_.size()) value(i, 0);
    out_ += '\n';
    return out_;
  }

 private:
  size_t skip(size_t i) const {
    while (i < t_.size() && std::isspace(static_cast<unsigned char>(t_[i]))) ++i;
    return i;
  }
  // End (exclusive) of the value starting at i.
  size_t end_of(size_t i) const {
    if (t_[i] == '{' || t_[i] == '[') return match_[i] + 1;
    if (t_[i] == '"') {
      size_t j = i + 1;
      while (j < t_.size() && t_[j] != '"') j += t_[j] == '\\' ? 2 : 1;
      return j + 1;
    }
    size_t j = i;
    while (j < t_.size() && t_[j] != ',' && t_[j] != '}' && t_[j] != ']' &&
           !std::isspace(static_cast<unsigned char>(t_[j])))
      ++j;
    return j;
  }
  // The value on one line with ", " and ": ".
  std::string inline_text(size_t i, size_t e) const {
    std::string o;
    bool in_string = false;
    for (size_t k = i; k < e; ++k) {
      char c = t_[k];
      if (in_string) {
        o += c;
        if (c == '\\' && k + 1 < e) o += t_[++k];
        else if (c == '"') in_string = false;
      } else if (c == '"') {
        in_string = true;
        o += c;
      } else if (std::isspace(static_cast<unsigned char>(c))) {
      } else if (c == ',' || c == ':') {
        o += c;
        o += ' ';
      } else o += c;
    }
    return o;
  }
  void value(size_t i, int indent) {
    size_t e = end_of(i);
    char c = t_[i];
    if (c != '{' && c != '[') {
      out_.append(t_.substr(i, e - i));
      return;
    }
    std::string flat = inline_text(i, e);
    size_t col = out_.size() - (out_.rfind('\n') == std::string::npos ? 0 : out_.rfind('\n') + 1);
    if (col + flat.size() <= 80 || e - i <= 2) {
      out_ += flat;
      return;
    }
    char close = c == '{' ? '}' : ']';
    out_ += c;
    size_t k = skip(i + 1);
    bool first = true;
    while (k < t_.size() && t_[k] != close) {
      out_ += first ? "\n" : ",\n";
      first = false;
      out_.append(static_cast<size_t>(indent + 2), ' ');
      if (c == '{') {
        size_t ke = end_of(k);
        out_.append(t_.substr(k, ke - k));
        out_ += ": ";
        k = skip(ke);
        if (k < t_.size() && t_[k] == ':') k = skip(k + 1);
      }
      value(k, indent + 2);
      k = skip(end_of(k));
      if (k < t_.size() && t_[k] == ',') k = skip(k + 1);
    }
    out_ += '\n';
    out_.append(static_cast<size_t>(indent), ' ');
    out_ += close;
  }

  std::string_view t_;
  std::vector<size_t> match_;
  std::string out_;
};

} // namespace

std::string pretty_json(std::string_view compact) { return Pretty(compact).run(); }

void save_program(const Program& p, const std::string& path) {
  if (path.empty()) throw InputError("save: no file name");
  std::string text = pretty_json(program_to_json(p));
  if (text.empty() || text.back() != '\n') text += '\n';
  // The round trip is the contract: what is written must read back the same.
  try {
    Program back = parse_program(text);
    if (program_to_json(back) != program_to_json(p)) throw InputError("the saved JSON does not read back the same");
  } catch (const InputError& e) {
    throw InputError(path + ": not saved: " + e.what());
  }
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError(path + ": cannot write file");
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      throw InputError(path + ": cannot write file");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw InputError(path + ": cannot replace file: " + std::strerror(errno));
  }
}

std::string default_save_path(const std::string& program_path) {
  if (program_path.empty()) return "candidate.json";
  auto slash = program_path.find_last_of('/');
  auto dot = program_path.find_last_of('.');
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash) &&
      program_path.compare(dot, std::string::npos, ".json") == 0) {
    std::string stem = program_path.substr(0, dot);
    if (stem.size() > 10 && stem.compare(stem.size() - 10, 10, ".candidate") == 0) return program_path;
    return stem + ".candidate.json";
  }
  return program_path + ".candidate.json";
}

FileKind classify_file(std::string_view text) {
  size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  if (i >= text.size() || text[i] != '{') return FileKind::Events;
  // A program names its format version; look for the key near the top.
  std::string_view head = text.substr(i, 4096);
  return head.find("\"tierlab\"") != std::string_view::npos ? FileKind::Program : FileKind::Events;
}

void check_same_shape(const Program& baseline, const Program& candidate) {
  if (baseline.tiers.size() != candidate.tiers.size())
    throw InputError("the candidate has " + std::to_string(candidate.tiers.size()) + " tiers, the baseline " +
                     std::to_string(baseline.tiers.size()));
  for (size_t i = 0; i < baseline.tiers.size(); ++i)
    if (baseline.tiers[i].name != candidate.tiers[i].name)
      throw InputError("/tiers/" + std::to_string(i) + "/name: the candidate's tier \"" + candidate.tiers[i].name +
                       "\" is \"" + baseline.tiers[i].name + "\" in the baseline");
  if (baseline.metrics.size() != candidate.metrics.size())
    throw InputError("the candidate has " + std::to_string(candidate.metrics.size()) + " metrics, the baseline " +
                     std::to_string(baseline.metrics.size()));
  for (size_t i = 0; i < baseline.metrics.size(); ++i)
    if (baseline.metrics[i].name != candidate.metrics[i].name)
      throw InputError("/metrics: the candidate's metric \"" + candidate.metrics[i].name + "\" is \"" +
                       baseline.metrics[i].name + "\" in the baseline");
  for (size_t t = 0; t < baseline.tiers.size(); ++t)
    if (tier_leaves(baseline, static_cast<int>(t)).size() != tier_leaves(candidate, static_cast<int>(t)).size())
      throw InputError("/tiers/" + std::to_string(t) + "/qualify: the candidate's condition has another shape");
}

// ---- colours ----------------------------------------------------------------------

uint32_t tier_rgb(const Program& p, int tier) {
  if (tier < 0 || tier >= static_cast<int>(p.tiers.size())) return kNotEnrolled;
  return kTierPalette[static_cast<size_t>(tier) % std::size(kTierPalette)];
}

// ---- formatting -------------------------------------------------------------------

std::string with_thousands(int64_t n) {
  uint64_t u = n < 0 ? uint64_t{0} - static_cast<uint64_t>(n) : static_cast<uint64_t>(n);
  std::string digits = std::to_string(u);
  std::string out;
  int k = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (k && k % 3 == 0) out.push_back(',');
    out.push_back(*it);
    ++k;
  }
  if (n < 0) out.push_back('-');
  std::reverse(out.begin(), out.end());
  return out;
}

std::string format_percent(double fraction, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f%%", decimals, fraction * 100.0);
  return buf;
}

} // namespace tierlab::tuner
