#include "json.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <iterator>

#define JSON_NO_IO 1 // no iostreams: the text comes as bytes, errors as strings
#include <nlohmann/json.hpp>

#include "tierlab/error.hpp"

namespace tierlab::json {

const Value* Value::find(std::string_view key) const {
  for (const auto& [k, v] : members)
    if (k == key) return &v;
  return nullptr;
}

const char* type_name(Value::Type t) {
  switch (t) {
    case Value::Type::Null: return "null";
    case Value::Type::Bool: return "a boolean";
    case Value::Type::Number: return "a number";
    case Value::Type::String: return "a string";
    case Value::Type::Array: return "an array";
    case Value::Type::Object: return "an object";
  }
  return "?";
}

namespace {

// nlohmann_json's SAX parser reads the text (it is iterative: no recursion,
// whatever the nesting) and calls Builder, which builds the Value tree.
// Builder adds what nlohmann leaves to us: numbers as their source text,
// duplicate keys, a nesting limit, and messages located by line and column.

// The text, read through a pointer that also records how far the lexer has
// read, so that Builder can locate its own errors (a duplicate key, too deep)
// and recover an integer's source text ("-0" arrives as the integer 0).
struct Cursor {
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;
  const char* p;
  const char** read; // one past the last byte the lexer has taken
  reference operator*() const { return *p; }
  Cursor& operator++() {
    *read = ++p;
    return *this;
  }
  Cursor operator++(int) {
    Cursor old = *this;
    ++*this;
    return old;
  }
  bool operator==(const Cursor& o) const { return p == o.p; }
  bool operator!=(const Cursor& o) const { return p != o.p; }
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

// Below this many keys an object checks a new key against the others one by
// one; from then on in a hash table: O(1) a key either way.
constexpr size_t kLinearKeys = 8;

class Builder {
 public:
  using number_integer_t = nlohmann::json::number_integer_t;
  using number_unsigned_t = nlohmann::json::number_unsigned_t;
  using number_float_t = nlohmann::json::number_float_t;
  using string_t = nlohmann::json::string_t;
  using binary_t = nlohmann::json::binary_t;

  Builder(std::string_view s, const char* const* read) : s_(s), read_(read) {}

  Value root;
  std::string error; // the located message, when the parse fails

  bool null() { return put(Value{}); }
  bool boolean(bool b) {
    Value v;
    v.type = Value::Type::Bool;
    v.boolean = b;
    return put(std::move(v));
  }
  bool number_integer(number_integer_t n) { return integer(std::to_string(n), n == 0); }
  bool number_unsigned(number_unsigned_t n) { return integer(std::to_string(n), n == 0); }
  // Decimals, exponents and integers beyond 64 bits: s is the source text.
  bool number_float(number_float_t, const string_t& s) { return number(s); }
  bool string(string_t& s) {
    Value v;
    v.type = Value::Type::String;
    v.text = std::move(s);
    return put(std::move(v));
  }
  bool binary(binary_t&) { return false; } // never called for JSON text

  bool start_object(size_t) { return open(Value::Type::Object); }
  bool start_array(size_t) { return open(Value::Type::Array); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(string_t& k) {
    Frame& f = stack_.back();
    const bool duplicate = seen(f, k);
    if (duplicate) {
      // The lexer has just read the key's closing quote; point at its opening one.
      return fail(string_start(read_pos() - 1), "duplicate key \"" + k + "\" (" + pointer() + pointer_token(k) + ")");
    }
    f.key = std::move(k);
    return true;
  }

  bool parse_error(size_t position, const std::string&, const nlohmann::detail::exception& ex) {
    // position counts the bytes the lexer has read, the offending one last.
    const size_t i = position > 0 ? std::min(position - 1, s_.size()) : 0;
    const std::string_view what = ex.what();
    // nlohmann's reason (3.11) -> ours, and where: at the offending byte, at
    // the start of the token that ends there, or at the first byte.
    enum At : char { Byte, Token, Start, Special };
    struct Rule {
      const char* found;
      const char* reason;
      At at;
    };
    static const Rule rules[] = {
        {"; expected end of input", "unexpected text after the JSON value", Special},
        {"unexpected end of input", "unexpected end of input", Special}, // (also a NUL byte outside a string)
        {"ill-formed UTF-8", "invalid UTF-8 in a string", Byte},
        {"missing closing quote", "unterminated string", Byte},
        {"4 hex digits", "bad \\u escape", Byte},
        {"surrogate", "unpaired surrogate in \\u escape", Byte},
        {"after backslash", "bad escape", Special},
        {"control character", "control character in string", Byte},
        {"after '.'", "bad number: digits expected after '.'", Byte},
        {"exponent", "bad number: digits expected in exponent", Byte},
        {"invalid number", "bad number", Byte},
        {"invalid BOM", "incomplete byte order mark", Start},
        {"invalid literal", "unexpected", Special},
        {"number overflow", "number out of range", Token}, // 1e400: no double holds it
        {"parsing object key", "expected a key in double quotes", Token},
        {"parsing object separator", "expected ':' after a key", Token},
        {"parsing object -", "expected ',' or '}'", Token},
        {"parsing array -", "expected ',' or ']'", Token},
        {"parsing value -", "unexpected", Special},
    };
    size_t r = 0;
    while (r < std::size(rules) && !contains(what, rules[r].found)) ++r;
    if (r == std::size(rules)) { // not expected from nlohmann 3.11: its own reason
      const size_t dash = what.find(" - ");
      return fail(i, std::string(dash == std::string_view::npos ? what : what.substr(dash + 3)));
    }
    const Rule& rule = rules[r];
    std::string reason = rule.reason;
    size_t at = rule.at == Byte ? i : rule.at == Token ? token_start(i) : 0;
    if (rule.at == Special) {
      at = i;
      if (r == 0) { // the first byte after the value that is not white space
        at = root_end_;
        while (at < s_.size() && (s_[at] == ' ' || s_[at] == '\t' || s_[at] == '\n' || s_[at] == '\r')) ++at;
      } else if (r == 6) { // bad escape '\q'
        const char e = i < s_.size() ? s_[i] : 0;
        if (e > 0x20 && e < 0x7F) reason = reason + " '\\" + e + "'";
      } else {
        if (r == 12) {
          // A word that is not true, false or null ("tru", "True", "nul"): show it.
          size_t a = i;
          while (a > 0 && is_alpha(s_[a - 1])) --a;
          size_t b = i;
          while (b < s_.size() && b - a < 20 && (is_alpha(s_[b]) || is_digit(s_[b]))) ++b;
          if (a < b) return fail(a, "unexpected \"" + std::string(s_.substr(a, b - a)) + "\"");
        }
        if (r == 18) at = token_start(i);
        if (r != 1 || at < s_.size()) { // unexpected character 'x' / byte 0xC3
          const unsigned char c = at < s_.size() ? static_cast<unsigned char>(s_[at]) : 0;
          if (c > 0x20 && c < 0x7F) reason = std::string("unexpected character '") + char(c) + "'";
          else reason = "unexpected byte 0x" + std::string(1, "0123456789ABCDEF"[c >> 4]) + "0123456789ABCDEF"[c & 15];
        }
      }
    }
    return fail(at, reason);
  }

 private:
  // An open array or object. Its Value already sits in its parent (or is
  // the root): nothing is added to the parent while it is open, so the
  // pointer stays valid, and closing it moves nothing.
  struct Frame {
    Value* value;
    std::string key;             // object: the key of the value that comes next
    std::vector<uint64_t> slots; // object with kLinearKeys keys or more: a hash table of its
                                 // keys (index + 1 in the low half, 0 is free; hash bits above)
  };

  // Whether f already has key k; if not, k is noted as its next member's.
  static bool seen(Frame& f, std::string_view k) {
    const auto& members = f.value->members;
    if (members.size() < kLinearKeys) {
      for (const auto& m : members)
        if (m.first == k) return true;
      return false;
    }
    // (times an odd constant: the high half depends on every bit, also where size_t is 32 bits)
    const auto hash = [](std::string_view x) {
      return static_cast<uint64_t>(std::hash<std::string_view>{}(x)) * 0x9E3779B97F4A7C15u;
    };
    const auto slot = [](uint64_t h, size_t index) { return (h & ~uint64_t{0xFFFFFFFF}) | uint64_t(index + 1); };
    if ((members.size() + 1) * 2 > f.slots.size()) { // at most half full: grow and place every key again
      size_t capacity = 32;
      while (capacity < (members.size() + 1) * 4) capacity *= 2;
      f.slots.assign(capacity, 0);
      for (size_t i = 0; i < members.size(); ++i) {
        const uint64_t h = hash(members[i].first);
        size_t at = h & (capacity - 1);
        while (f.slots[at]) at = (at + 1) & (capacity - 1);
        f.slots[at] = slot(h, i);
      }
    }
    const size_t mask = f.slots.size() - 1;
    const uint64_t h = hash(k);
    for (size_t at = h & mask;; at = (at + 1) & mask) {
      const uint64_t s = f.slots[at];
      if (s == 0) {
        f.slots[at] = slot(h, members.size());
        return false;
      }
      // (the high bits of the hash first: a key is compared only when they match)
      if ((s >> 32) == (h >> 32) && members[(s & 0xFFFFFFFF) - 1].first == k) return true;
    }
  }

  size_t read_pos() const { return static_cast<size_t>(*read_ - s_.data()); }

  // After a number the lexer has read one byte beyond it (unless at the end).
  size_t number_end() const {
    const size_t c = read_pos();
    return c > 0 && is_digit(s_[c - 1]) ? c : c - 1;
  }

  bool integer(std::string decimal, bool zero) {
    // "-0" arrives as 0: take the text from the source (checked against the value).
    if (zero) {
      const size_t e = number_end();
      if (e >= 2 && e <= s_.size() && s_.substr(e - 2, 2) == "-0") decimal = "-0";
    }
    return number(std::move(decimal));
  }

  bool number(std::string text) {
    Value v;
    v.type = Value::Type::Number;
    v.text = std::move(text);
    place(std::move(v), number_end());
    return true;
  }

  bool put(Value&& v) {
    place(std::move(v), read_pos());
    return true;
  }

  // Adds v to the innermost open array or object (or makes it the root).
  Value& place(Value&& v, size_t end) {
    if (stack_.empty()) {
      root = std::move(v);
      root_end_ = end;
      return root;
    }
    Frame& f = stack_.back();
    if (f.value->type == Value::Type::Array) return f.value->items.emplace_back(std::move(v));
    return f.value->members.emplace_back(std::move(f.key), std::move(v)).second;
  }

  bool open(Value::Type t) {
    if (stack_.size() >= kMaxDepth)
      return fail(read_pos() - 1, "nesting deeper than " + std::to_string(kMaxDepth) + " levels");
    Value v;
    v.type = t;
    stack_.push_back(Frame{&place(std::move(v), read_pos()), {}, {}});
    return true;
  }

  bool close() {
    stack_.pop_back();
    if (stack_.empty()) root_end_ = read_pos(); // just after the closing bracket
    return true;
  }

  // The JSON pointer of the innermost open array or object, with a '/' ("/tiers/0/").
  std::string pointer() const {
    std::string p = "/";
    for (size_t d = 0; d + 1 < stack_.size(); ++d) { // each one's last item is the next one
      const Value& v = *stack_[d].value;
      p += v.type == Value::Type::Array ? std::to_string(v.items.size() - 1) : pointer_token(v.members.back().first);
      p += '/';
    }
    return p;
  }

  // The opening quote of the string whose closing quote is at k.
  size_t string_start(size_t k) const {
    for (size_t j = k; j-- > 0;) {
      if (s_[j] != '"') continue;
      size_t backslashes = 0;
      while (backslashes < j && s_[j - backslashes - 1] == '\\') ++backslashes;
      if (backslashes % 2 == 0) return j;
    }
    return k;
  }

  // The first byte of the complete token whose last byte is at k.
  size_t token_start(size_t k) const {
    if (k >= s_.size()) return s_.size();
    const char c = s_[k];
    if (c == '"') return string_start(k);
    auto number_char = [](char x) { return is_digit(x) || x == '-' || x == '+' || x == '.' || x == 'e' || x == 'E'; };
    size_t a = k;
    if (is_digit(c)) {
      while (a > 0 && number_char(s_[a - 1])) --a;
      while (a < k && s_[a] != '-' && !is_digit(s_[a])) ++a;
      // "01" is two numbers, "0" and "1"
      for (size_t z = a + (s_[a] == '-'); z < k && s_[z] == '0' && is_digit(s_[z + 1]); z = a + (s_[a] == '-'))
        a = z + 1;
    } else if (is_alpha(c)) {
      while (a > 0 && is_alpha(s_[a - 1])) --a;
    }
    return a;
  }

  bool fail(size_t at, const std::string& reason) {
    size_t line = 1, line_start = 0;
    for (size_t k = 0; k < at && k < s_.size(); ++k)
      if (s_[k] == '\n') {
        ++line;
        line_start = k + 1;
      }
    error = "line " + std::to_string(line) + " column " + std::to_string(at - line_start + 1) + ": " + reason;
    return false;
  }

  std::string_view s_;
  const char* const* read_;
  std::vector<Frame> stack_; // the open arrays and objects, outermost first
  size_t root_end_ = 0;      // where the top-level value ends

 public:
  // nlohmann stops at a NUL byte as at the end of the text: anything after the
  // value but white space is an error.
  bool rest_is_blank() {
    for (size_t k = root_end_; k < s_.size(); ++k)
      if (s_[k] != ' ' && s_[k] != '\t' && s_[k] != '\n' && s_[k] != '\r')
        return fail(k, "unexpected text after the JSON value");
    return true;
  }
};

} // namespace

Value parse(std::string_view text) {
  const char* read = text.data();
  Builder b(text, &read);
  const Cursor first{text.data(), &read}, last{text.data() + text.size(), &read};
  if (!nlohmann::json::sax_parse(first, last, &b) || !b.rest_is_blank()) throw_input_error(b.error);
  return std::move(b.root);
}

std::string pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

void write_string(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void Writer::comma() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }
}
Writer& Writer::begin_object() {
  comma();
  out_ += '{';
  first_.push_back(true);
  return *this;
}
Writer& Writer::end_object() {
  out_ += '}';
  first_.pop_back();
  return *this;
}
Writer& Writer::begin_array() {
  comma();
  out_ += '[';
  first_.push_back(true);
  return *this;
}
Writer& Writer::end_array() {
  out_ += ']';
  first_.pop_back();
  return *this;
}
Writer& Writer::key(std::string_view k) {
  comma();
  write_string(out_, k);
  out_ += ':';
  after_key_ = true;
  return *this;
}
Writer& Writer::string(std::string_view s) {
  comma();
  write_string(out_, s);
  return *this;
}
Writer& Writer::raw(std::string_view t) {
  comma();
  out_ += t;
  return *this;
}
Writer& Writer::integer(int64_t v) { return raw(std::to_string(v)); }
Writer& Writer::boolean(bool b) { return raw(b ? "true" : "false"); }
Writer& Writer::null() { return raw("null"); }

} // namespace tierlab::json
