#pragma once
// JSON for the core (private): a reader on nlohmann_json's SAX parser that
// builds a small tree, and a writer.
// Numbers keep their source text, so money never passes through a double.
// Objects keep key order; a duplicate key is an error. Strings must be valid
// UTF-8; a UTF-8 byte order mark at the start is skipped.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tierlab::json {

struct Value {
  enum class Type { Null, Bool, Number, String, Array, Object };
  Type type = Type::Null;
  bool boolean = false;
  std::string text; // Number: its lexeme; String: the decoded string
  std::vector<Value> items;
  std::vector<std::pair<std::string, Value>> members;

  bool is(Type t) const { return type == t; }
  const Value* find(std::string_view key) const;
};

const char* type_name(Value::Type t); // "a number", "an object", ...

// Arrays and objects nest at most this deep (a tree this deep is still
// walked and destroyed recursively without risk to the stack).
constexpr size_t kMaxDepth = 256;

// Throws InputError("line L column C: reason") on a syntax error, invalid
// UTF-8, a duplicate key or nesting deeper than kMaxDepth.
Value parse(std::string_view text);

// Escapes a JSON pointer token (~ and /).
std::string pointer_token(std::string_view key);

// Appends s as a JSON string literal (quoted, escaped).
void write_string(std::string& out, std::string_view s);

// A minimal streaming writer: commas and nesting are tracked for you.
class Writer {
 public:
  Writer& begin_object();
  Writer& end_object();
  Writer& begin_array();
  Writer& end_array();
  Writer& key(std::string_view k);
  Writer& string(std::string_view s);
  Writer& raw(std::string_view number_or_literal); // a number's text, true, false, null
  Writer& integer(int64_t v);
  Writer& boolean(bool b);
  Writer& null();
  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void comma();
  std::string out_;
  std::vector<bool> first_; // per open container: nothing written yet
  bool after_key_ = false;
};

} // namespace tierlab::json
