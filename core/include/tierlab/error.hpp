#pragma once
// Expected failures (bad program, bad events, bad arguments) are InputError.
// It carries a code, the reason, and where: a file and line (and the CSV
// column), a JSON pointer, a caller's option. what() is the located message:
// "FILE:LINE: column NAME: reason" for events, "/json/pointer: reason" for
// programs, "option: reason" for a caller's option (the core names options
// without dashes: the CLI prints "--option", JavaScript gets error.option).
// Faces turn it into exit status 2, a JS Error with these fields, or a
// message on screen; anything else is a bug (exit status 1).
#include <cstdint>
#include <stdexcept>
#include <string>

namespace tierlab {

struct ErrorPlace {
  std::string file;    // a source name: an events file, "program"
  int64_t line = 0;    // 1-based; 0 when none
  int64_t column = 0;  // 1-based character column in JSON text; 0 when none
  std::string field;   // a CSV column name
  std::string pointer; // a JSON pointer, "/tiers/2/qualify"
  std::string option;  // a caller's option, "tier" (the CLI's --tier)
};

class InputError : public std::runtime_error {
 public:
  // A message already located by its writer (code "input").
  explicit InputError(const std::string& message) : std::runtime_error(message), code_("input"), reason_(message) {}
  InputError(std::string code, std::string reason, ErrorPlace where)
      : std::runtime_error(located(where, reason)), code_(std::move(code)), reason_(std::move(reason)),
        where_(std::move(where)) {}

  const std::string& code() const noexcept { return code_; }     // e.g. "unknown_tier", "limit", "input"
  const std::string& reason() const noexcept { return reason_; } // the message without its place
  const ErrorPlace& where() const noexcept { return where_; }

  // The message for a place: the file (and line, and column), else the
  // pointer, else the option, then the reason.
  static std::string located(const ErrorPlace& at, const std::string& reason) {
    std::string s;
    if (!at.file.empty()) {
      s = at.file;
      if (at.line > 0) s += ":" + std::to_string(at.line);
      s += ": ";
      if (!at.field.empty()) s += "column " + at.field + ": ";
    }
    if (!at.pointer.empty()) s += at.pointer + ": ";
    else if (!at.option.empty() && at.file.empty()) s += at.option + ": ";
    return s + reason;
  }

 private:
  std::string code_;
  std::string reason_;
  ErrorPlace where_;
};

// throw InputError(message), as one call out of line: an inline throw
// (allocate, construct, clean up, throw) at each error site added about 35
// bytes gzipped a site to the widget's wasm (docs/performance.md).
[[noreturn]] void throw_input_error(const std::string& message);

// An error about a caller's option ("tier", "steps", "as-of").
inline InputError option_error(std::string option, std::string code, std::string reason) {
  ErrorPlace at;
  at.option = std::move(option);
  return InputError(std::move(code), std::move(reason), std::move(at));
}

} // namespace tierlab
