#pragma once
// A tiny argument reader: "--name value" options and positional words.
// Unknown options are errors (exit status 2), never ignored.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace tierlab::cli {

class Args {
public:
  // flags: options without a value (--skip-bad-rows); valued: options with one.
  Args(int argc, char** argv, int first, const std::set<std::string>& flags, const std::set<std::string>& valued);
  bool has(const std::string& name) const { return flags_.count(name) > 0 || values_.count(name) > 0; }
  std::optional<std::string> get(const std::string& name) const;
  std::string require(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }
  bool help() const { return help_; }

private:
  std::set<std::string> flags_;
  std::map<std::string, std::string> values_;
  std::vector<std::string> positional_;
  bool help_ = false;
};

} // namespace tierlab::cli
