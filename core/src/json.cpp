#include "json.hpp"

#include <cstdio>

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

class Parser {
public:
  explicit Parser(std::string_view s) : s_(s) {}

  Value document() {
    if (s_.size() >= 3 && s_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    skip_ws();
    Value v = value(0);
    skip_ws();
    if (pos_ != s_.size()) fail("unexpected text after the JSON value");
    return v;
  }

private:
  [[noreturn]] void fail(const std::string& reason) const {
    size_t line = 1, col = 1;
    for (size_t i = 0; i < pos_ && i < s_.size(); ++i) {
      if (s_[i] == '\n') { ++line; col = 1; } else { ++col; }
    }
    throw InputError("line " + std::to_string(line) + " column " + std::to_string(col) + ": " + reason);
  }

  void skip_ws() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }

  bool eat(char c) {
    if (pos_ < s_.size() && s_[pos_] == c) { ++pos_; return true; }
    return false;
  }

  Value value(int depth) {
    if (depth > 200) fail("nesting too deep");
    if (pos_ >= s_.size()) fail("unexpected end of input");
    char c = s_[pos_];
    Value v;
    if (c == '{') {
      ++pos_;
      v.type = Value::Type::Object;
      skip_ws();
      if (eat('}')) return v;
      for (;;) {
        skip_ws();
        if (pos_ >= s_.size() || s_[pos_] != '"') fail("expected a key in double quotes");
        size_t key_pos = pos_;
        std::string k = string_body();
        for (const auto& m : v.members)
          if (m.first == k) { pos_ = key_pos; fail("duplicate key \"" + k + "\""); }
        skip_ws();
        if (!eat(':')) fail("expected ':' after a key");
        skip_ws();
        Value item = value(depth + 1);
        v.members.emplace_back(std::move(k), std::move(item));
        skip_ws();
        if (eat(',')) continue;
        if (eat('}')) return v;
        fail("expected ',' or '}'");
      }
    }
    if (c == '[') {
      ++pos_;
      v.type = Value::Type::Array;
      skip_ws();
      if (eat(']')) return v;
      for (;;) {
        skip_ws();
        v.items.push_back(value(depth + 1));
        skip_ws();
        if (eat(',')) continue;
        if (eat(']')) return v;
        fail("expected ',' or ']'");
      }
    }
    if (c == '"') {
      v.type = Value::Type::String;
      v.text = string_body();
      return v;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      v.type = Value::Type::Number;
      size_t start = pos_;
      eat('-');
      if (eat('0')) {
      } else if (pos_ < s_.size() && s_[pos_] >= '1' && s_[pos_] <= '9') {
        while (pos_ < s_.size() && isdigit(s_[pos_])) ++pos_;
      } else {
        fail("bad number");
      }
      if (eat('.')) {
        if (!(pos_ < s_.size() && isdigit(s_[pos_]))) fail("bad number: digits expected after '.'");
        while (pos_ < s_.size() && isdigit(s_[pos_])) ++pos_;
      }
      if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
        ++pos_;
        if (!eat('+')) eat('-');
        if (!(pos_ < s_.size() && isdigit(s_[pos_]))) fail("bad number: digits expected in exponent");
        while (pos_ < s_.size() && isdigit(s_[pos_])) ++pos_;
      }
      v.text = std::string(s_.substr(start, pos_ - start));
      return v;
    }
    if (s_.substr(pos_, 4) == "true") { pos_ += 4; v.type = Value::Type::Bool; v.boolean = true; return v; }
    if (s_.substr(pos_, 5) == "false") { pos_ += 5; v.type = Value::Type::Bool; return v; }
    if (s_.substr(pos_, 4) == "null") { pos_ += 4; return v; }
    fail(std::string("unexpected character '") + c + "'");
  }

  static bool isdigit(char c) { return c >= '0' && c <= '9'; }

  unsigned hex4() {
    if (pos_ + 4 > s_.size()) fail("bad \\u escape");
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = s_[pos_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= unsigned(c - '0');
      else if (c >= 'a' && c <= 'f') v |= unsigned(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= unsigned(c - 'A' + 10);
      else fail("bad \\u escape");
    }
    return v;
  }

  static void put_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) out += char(cp);
    else if (cp < 0x800) { out += char(0xC0 | (cp >> 6)); out += char(0x80 | (cp & 0x3F)); }
    else if (cp < 0x10000) { out += char(0xE0 | (cp >> 12)); out += char(0x80 | ((cp >> 6) & 0x3F)); out += char(0x80 | (cp & 0x3F)); }
    else { out += char(0xF0 | (cp >> 18)); out += char(0x80 | ((cp >> 12) & 0x3F)); out += char(0x80 | ((cp >> 6) & 0x3F)); out += char(0x80 | (cp & 0x3F)); }
  }

  std::string string_body() {
    ++pos_; // opening quote
    std::string out;
    for (;;) {
      if (pos_ >= s_.size()) fail("unterminated string");
      char c = s_[pos_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) { --pos_; fail("control character in string"); }
      if (c != '\\') { out += c; continue; }
      if (pos_ >= s_.size()) fail("unterminated string");
      char e = s_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned cp = hex4();
          if (cp >= 0xD800 && cp < 0xDC00) {
            if (!(eat('\\') && eat('u'))) fail("unpaired surrogate in \\u escape");
            unsigned lo = hex4();
            if (lo < 0xDC00 || lo > 0xDFFF) fail("unpaired surrogate in \\u escape");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            fail("unpaired surrogate in \\u escape");
          }
          put_utf8(out, cp);
          break;
        }
        default: --pos_; fail(std::string("bad escape '\\") + e + "'");
      }
    }
  }

  std::string_view s_;
  size_t pos_ = 0;
};

} // namespace

Value parse(std::string_view text) { return Parser(text).document(); }

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
  if (after_key_) { after_key_ = false; return; }
  if (!first_.empty()) {
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }
}
Writer& Writer::begin_object() { comma(); out_ += '{'; first_.push_back(true); return *this; }
Writer& Writer::end_object() { out_ += '}'; first_.pop_back(); return *this; }
Writer& Writer::begin_array() { comma(); out_ += '['; first_.push_back(true); return *this; }
Writer& Writer::end_array() { out_ += ']'; first_.pop_back(); return *this; }
Writer& Writer::key(std::string_view k) { comma(); write_string(out_, k); out_ += ':'; after_key_ = true; return *this; }
Writer& Writer::string(std::string_view s) { comma(); write_string(out_, s); return *this; }
Writer& Writer::raw(std::string_view t) { comma(); out_ += t; return *this; }
Writer& Writer::integer(int64_t v) { return raw(std::to_string(v)); }
Writer& Writer::boolean(bool b) { return raw(b ? "true" : "false"); }
Writer& Writer::null() { return raw("null"); }

} // namespace tierlab::json
