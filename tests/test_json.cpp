// The core's JSON reader (core/src/json.cpp, nlohmann_json's SAX parser under
// a small tree): escapes, surrogates, duplicate keys, nesting, BOM, UTF-8,
// numbers kept as their source text, and the located messages. Every
// expectation below is worked out by hand from the input (columns count
// bytes from 1).
#include <chrono>
#include <cstdio>

#include "helpers.hpp"
#include "json.hpp"

using namespace tt;
using tierlab::json::Value;
using Type = tierlab::json::Value::Type;

namespace {

std::string json_error(std::string_view text) {
  try {
    tierlab::json::parse(text);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

// The one string a document holds.
std::string string_of(std::string_view text) {
  Value v = tierlab::json::parse(text);
  REQUIRE(v.is(Type::String));
  return v.text;
}

std::string program_error(const std::string& text) {
  try {
    parse_program(text);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

// A valid program whose Silver tier qualifies on spend above `threshold`
// (raw JSON text).
std::string program_with_threshold(const std::string& threshold) {
  return R"({"tierlab": 1, "name": "T", "currency": "USD",
  "metrics": {"spend": {"measure": "net_spend", "window": "lifetime"}},
  "tiers": [{"name": "Bronze"}, {"name": "Silver", "qualify": {"metric": "spend", "above": )" +
         threshold + "}}]}";
}

} // namespace

TEST_CASE("json: escapes decode to their bytes", "[json]") {
  // \n \" \\ \/ \b \f \r \t, and \u escapes of 1, 2 and 3 UTF-8 bytes.
  CHECK(string_of(R"("a\nb")") == "a\nb");
  CHECK(string_of(R"("say \"hi\"")") == "say \"hi\"");
  CHECK(string_of(R"("back\\slash")") == "back\\slash");
  CHECK(string_of(R"("a\/b")") == "a/b");
  CHECK(string_of(R"("\b\f\r\t")") == "\b\f\r\t");
  CHECK(string_of(R"("\u0041")") == "A");
  CHECK(string_of(R"("\u00e9")") == "\xC3\xA9");     // é
  CHECK(string_of(R"("\u20AC")") == "\xE2\x82\xAC"); // €, upper-case hex
  CHECK(string_of(R"("\u0000")") == std::string(1, '\0'));
  // Raw UTF-8 passes through unchanged.
  CHECK(string_of("\"caf\xC3\xA9\"") == "caf\xC3\xA9");
}

TEST_CASE("json: a bad escape is located", "[json][errors]") {
  // "a\q": the q is the 4th byte.
  CHECK(json_error(R"("a\q")") == "line 1 column 4: bad escape '\\q'");
  // \u12G4: G, the 6th byte, is not a hex digit.
  CHECK(json_error(R"("\u12G4")") == "line 1 column 6: bad \\u escape");
  // A raw line break in a string: byte 3, still on line 1.
  CHECK(json_error("\"a\nb\"") == "line 1 column 3: control character in string");
  CHECK(json_error("\"abc") == "line 1 column 5: unterminated string");
}

TEST_CASE("json: a surrogate pair is one code point; a lone surrogate is an error", "[json]") {
  // U+1F600 = D83D DE00 -> F0 9F 98 80.
  CHECK(string_of(R"("\ud83d\ude00")") == "\xF0\x9F\x98\x80");
  // U+10000, the first pair: D800 DC00 -> F0 90 80 80.
  CHECK(string_of(R"("\uD800\uDC00")") == "\xF0\x90\x80\x80");
  // A high surrogate and then the closing quote (byte 8).
  CHECK(json_error(R"("\ud800")") == "line 1 column 8: unpaired surrogate in \\u escape");
  // A high surrogate followed by \u0041, not a low one: found at byte 13.
  CHECK(json_error(R"("\ud800\u0041")") == "line 1 column 13: unpaired surrogate in \\u escape");
  // A low surrogate first.
  CHECK(starts_with(json_error(R"("\udc00")"), "line 1 column 7: unpaired surrogate"));
}

TEST_CASE("json: a duplicate key is an error naming the key and its pointer", "[json][errors]") {
  // The second "a" opens at byte 10.
  CHECK(json_error(R"({"a": 1, "a": 2})") == "line 1 column 10: duplicate key \"a\" (/a)");
  // Inside an array inside an object: the second "name" of /tiers/1, at byte 41.
  CHECK(json_error(R"({"tiers": [{"name": "A"}, {"name": "B", "name": "C"}]})") ==
        "line 1 column 41: duplicate key \"name\" (/tiers/1/name)");
  // Keys are compared decoded: "\u0061" is "a". The pointer escapes ~ and /.
  CHECK(json_error(R"({"a": 1, "\u0061": 2})") == "line 1 column 10: duplicate key \"a\" (/a)");
  CHECK(json_error(R"({"x/y": {"m~n": 1, "m~n": 2}})") == "line 1 column 20: duplicate key \"m~n\" (/x~1y/m~0n)");
  // An escaped quote in the key: the message points at its opening quote (byte 19).
  CHECK(json_error(R"({"a": {"b\"c": 1, "b\"c": 2}})") == "line 1 column 19: duplicate key \"b\"c\" (/a/b\"c)");
  // The same key in two objects is fine.
  CHECK_NOTHROW(tierlab::json::parse(R"([{"a": 1}, {"a": 2}])"));

  // A large object (the hash set, not the first few keys): k0..k19, then k3
  // again, on line 2 at column 2.
  std::string big = "{";
  for (int i = 0; i < 20; ++i) big += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
  big += "\n \"k3\": 0}";
  CHECK(json_error(big) == "line 2 column 2: duplicate key \"k3\" (/k3)");
  // ... and the last key repeated, among the first 8 (the linear check).
  CHECK(json_error(R"({"a": 1, "b": 2, "c": 3, "c": 4})") == "line 1 column 26: duplicate key \"c\" (/c)");
}

TEST_CASE("json: 80,000 keys parse (the duplicate check is not quadratic)", "[json]") {
  // About 1.2 MB: {"key00000": 0, "key00001": 1, ...}. The old reader compared
  // each key with every earlier one (3.2e9 comparisons, about 38 s).
  constexpr int n = 80000;
  std::string text = "{";
  char buf[64];
  for (int i = 0; i < n; ++i) {
    std::snprintf(buf, sizeof buf, "%s\"key%05d\": %d", i ? ", " : "", i, i);
    text += buf;
  }
  std::string dup = text + ", \"key40000\": 1}";
  text += "}";
  const auto t0 = std::chrono::steady_clock::now();
  Value v = tierlab::json::parse(text);
  const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  WARN("80,000 keys (" << text.size() << " bytes) parsed in " << ms << " ms");
  REQUIRE(v.is(Type::Object));
  REQUIRE(v.members.size() == n);
  CHECK(v.members[79999].first == "key79999");
  CHECK(v.members[79999].second.text == "79999");
  // The duplicate is found after all of them: line 1, at the byte after ", ".
  CHECK(json_error(dup) ==
        "line 1 column " + std::to_string(text.size() + 2) + ": duplicate key \"key40000\" (/key40000)");
}

TEST_CASE("json: nesting deeper than 256 is a located error", "[json][errors]") {
  REQUIRE(tierlab::json::kMaxDepth == 256);
  // 256 arrays, one inside the other, are fine.
  std::string ok = std::string(256, '[') + std::string(256, ']');
  Value v = tierlab::json::parse(ok);
  CHECK(v.is(Type::Array));
  // The 257th '[' is byte 257.
  std::string deep = std::string(257, '[') + std::string(257, ']');
  CHECK(json_error(deep) == "line 1 column 257: nesting deeper than 256 levels");
  // Objects count too: {"a": {"a": ... 257 times; the 257th '{' is at byte 1 + 256 * 6.
  std::string objects;
  for (int i = 0; i < 257; ++i) objects += "{\"a\": ";
  CHECK(json_error(objects) == "line 1 column " + std::to_string(1 + 256 * 6) + ": nesting deeper than 256 levels");
  // A hostile megabyte of '[' ends in the same error, not a stack overflow.
  CHECK(json_error(std::string(1 << 20, '[')) == "line 1 column 257: nesting deeper than 256 levels");
}

TEST_CASE("json: a UTF-8 byte order mark at the start is skipped", "[json]") {
  Value v = tierlab::json::parse("\xEF\xBB\xBF{\"a\": 1}");
  REQUIRE(v.is(Type::Object));
  CHECK(v.members.at(0).first == "a"); // not "\xEF\xBB\xBF" glued to anything
  // Columns still count its 3 bytes: '[' is byte 4, the stray ']' byte 7.
  CHECK(json_error("\xEF\xBB\xBF[1,]") == "line 1 column 7: unexpected character ']'");
  // Only at the start, and only whole.
  CHECK(json_error("[1] \xEF\xBB\xBF") == "line 1 column 5: unexpected text after the JSON value");
  CHECK(json_error("\xEF\xBB[1]") == "line 1 column 1: incomplete byte order mark");
  // The program reader takes a file saved with a BOM.
  CHECK_NOTHROW(parse_program("\xEF\xBB\xBF" + program_with_threshold("100")));
}

TEST_CASE("json: invalid UTF-8 is an error", "[json][errors]") {
  // 0xFF never occurs in UTF-8: byte 2.
  CHECK(json_error("\"\xFF\"") == "line 1 column 2: invalid UTF-8 in a string");
  // An overlong '/' (C0 AF): C0 is never valid.
  CHECK(json_error("\"\xC0\xAF\"") == "line 1 column 2: invalid UTF-8 in a string");
  // A surrogate encoded in UTF-8 (ED A0 80): ED may only be followed by 80-9F,
  // so the error is at A0, byte 3.
  CHECK(json_error("\"\xED\xA0\x80\"") == "line 1 column 3: invalid UTF-8 in a string");
  // A 2-byte sequence cut short by the closing quote (byte 3).
  CHECK(json_error("\"\xC3\"") == "line 1 column 3: invalid UTF-8 in a string");
  // Beyond U+10FFFF (F4 90 ...): the error is at 90, byte 3.
  CHECK(json_error("\"\xF4\x90\x80\x80\"") == "line 1 column 3: invalid UTF-8 in a string");
  // In a key too, on line 2.
  CHECK(json_error("{\n\"a\xFF\": 1}") == "line 2 column 3: invalid UTF-8 in a string");
  // Outside a string any non-ASCII byte is out of place.
  CHECK(json_error("[\xC3\xA9]") == "line 1 column 2: unexpected byte 0xC3");
  // Valid: é (C3 A9), € (E2 82 AC), U+10FFFF (F4 8F BF BF).
  CHECK(string_of("\"\xC3\xA9\xE2\x82\xAC\xF4\x8F\xBF\xBF\"") == "\xC3\xA9\xE2\x82\xAC\xF4\x8F\xBF\xBF");
}

TEST_CASE("json: a number keeps its source text", "[json]") {
  Value v =
      tierlab::json::parse("[129.99, 0, -0, -0.0, -5, 1.50, 1E5, 1e-400, 18446744073709551615, 18446744073709551616, "
                           "-9223372036854775808, -9223372036854775809, 123456789012345678901234.5]");
  REQUIRE(v.is(Type::Array));
  std::vector<std::string> texts;
  for (const Value& n : v.items) {
    CHECK(n.is(Type::Number));
    texts.push_back(n.text);
  }
  // Exactly as written: no double in between (129.99 is not 129.98999999999999),
  // -0 keeps its sign, 1.50 its zero, integers beyond 64 bits every digit.
  CHECK(texts == std::vector<std::string>{"129.99", "0", "-0", "-0.0", "-5", "1.50", "1E5", "1e-400",
                                          "18446744073709551615", "18446744073709551616", "-9223372036854775808",
                                          "-9223372036854775809", "123456789012345678901234.5"});
  // Top level, and at the very end of the text.
  CHECK(tierlab::json::parse("-0").text == "-0");
  CHECK(tierlab::json::parse(" 42 ").text == "42");
}

TEST_CASE("json: a number no double can hold is a located error", "[json][errors]") {
  // 1e400 is valid JSON, but nlohmann's reader stops at it (it would be an
  // infinite double); no amount or count in Tierlab is written that way.
  CHECK(json_error("[1, 1e400]") == "line 1 column 5: number out of range");
  CHECK(json_error("{\"a\":\n -1e400}") == "line 2 column 2: number out of range");
}

TEST_CASE("json: money beyond 64 bits reaches the program reader exactly", "[json][program]") {
  // The threshold is kept as text, so the program reader sees all of it and
  // refuses it at its pointer rather than wrapping or rounding it.
  CHECK(program_error(program_with_threshold("123456789012345678901234.5")) ==
        "/tiers/1/qualify/above: money in USD: \"123456789012345678901234.5\" is beyond the supported range (at most "
        "90071992547409.91)");
  CHECK(program_error(program_with_threshold("18446744073709551616")) ==
        "/tiers/1/qualify/above: money in USD: \"18446744073709551616\" is beyond the supported range (at most "
        "90071992547409.91)");
  // -0 is zero dollars, like 0.
  CHECK(parse_program(program_with_threshold("-0")).tiers[1].qualify->threshold == 0);
  // The largest threshold the program takes (kMaxValue, 2^53 - 1 cents) is
  // kept to the cent (a double holds 90071992547409.91 only as
  // 90071992547409.90625), and one cent more is refused.
  CHECK(parse_program(program_with_threshold("90071992547409.91")).tiers[1].qualify->threshold ==
        int64_t{9007199254740991});
  CHECK(starts_with(program_error(program_with_threshold("90071992547409.92")),
                    "/tiers/1/qualify/above: money in USD: \"90071992547409.92\" is beyond the supported range"));
}

TEST_CASE("json: empty input, trailing text and syntax errors are located", "[json][errors]") {
  CHECK(json_error("") == "line 1 column 1: unexpected end of input");
  CHECK(json_error("\n  ") == "line 2 column 3: unexpected end of input");
  CHECK(json_error("{\"a\": 1") == "line 1 column 8: unexpected end of input");
  // Trailing text: after a value, after white space, a second value, a NUL byte.
  CHECK(json_error("{} x") == "line 1 column 4: unexpected text after the JSON value");
  CHECK(json_error("[1]]") == "line 1 column 4: unexpected text after the JSON value");
  CHECK(json_error("1 2") == "line 1 column 3: unexpected text after the JSON value");
  CHECK(json_error(std::string("[1]\0", 4)) == "line 1 column 4: unexpected text after the JSON value");
  CHECK(json_error(std::string("[1,\0 2]", 7)) == "line 1 column 4: unexpected byte 0x00");
  // The shapes the old reader gave, at the same places.
  CHECK(json_error("{\"tierlab\": 1,\n \"name\": \"T\",}") == "line 2 column 14: expected a key in double quotes");
  CHECK(json_error("[1 2]") == "line 1 column 4: expected ',' or ']'");
  CHECK(json_error("{\"a\": 1 \"b\": 2}") == "line 1 column 9: expected ',' or '}'");
  CHECK(json_error("{\"a\" 1}") == "line 1 column 6: expected ':' after a key");
  CHECK(json_error("[1,]") == "line 1 column 4: unexpected character ']'");
  CHECK(json_error("[01]") == "line 1 column 3: expected ',' or ']'");
  CHECK(json_error("[1.]") == "line 1 column 4: bad number: digits expected after '.'");
  CHECK(json_error("[1e]") == "line 1 column 4: bad number: digits expected in exponent");
  CHECK(json_error("[-]") == "line 1 column 3: bad number");
  CHECK(json_error("[tru]") == "line 1 column 2: unexpected \"tru\"");
  CHECK(json_error("[True]") == "line 1 column 2: unexpected \"True\"");
}

TEST_CASE("json: the tree keeps order and types", "[json]") {
  Value v = tierlab::json::parse(R"({"z": [true, false, null], "a": {"s": "x"}, "m": 1})");
  REQUIRE(v.is(Type::Object));
  REQUIRE(v.members.size() == 3);
  CHECK(v.members[0].first == "z");
  CHECK(v.members[1].first == "a");
  CHECK(v.members[2].first == "m");
  const Value& z = v.members[0].second;
  REQUIRE(z.items.size() == 3);
  CHECK((z.items[0].is(Type::Bool) && z.items[0].boolean));
  CHECK((z.items[1].is(Type::Bool) && !z.items[1].boolean));
  CHECK(z.items[2].is(Type::Null));
  REQUIRE(v.find("a") != nullptr);
  CHECK(v.find("a")->find("s")->text == "x");
  CHECK(v.find("nope") == nullptr);
}
