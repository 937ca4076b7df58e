#include "args.hpp"

#include "tierlab/error.hpp"

namespace tierlab::cli {

Args::Args(int argc, char** argv, int first, const std::set<std::string>& flags, const std::set<std::string>& valued) {
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-h" || a == "--help") { help_ = true; continue; }
    if (a.rfind("--", 0) == 0 && a.size() > 2) {
      std::string name = a.substr(2), value;
      bool inline_value = false;
      if (auto eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
        inline_value = true;
      }
      if (flags.count(name)) {
        if (inline_value) throw InputError("option --" + name + " takes no value");
        flags_.insert(name);
      } else if (valued.count(name)) {
        if (!inline_value) {
          if (i + 1 >= argc) throw InputError("option --" + name + " needs a value");
          value = argv[++i];
        }
        if (values_.count(name)) throw InputError("option --" + name + " given twice");
        values_[name] = value;
      } else {
        throw InputError("unknown option --" + name + " (see --help)");
      }
    } else {
      positional_.push_back(a);
    }
  }
}

std::optional<std::string> Args::get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string Args::require(const std::string& name) const {
  auto v = get(name);
  if (!v) throw InputError("missing --" + name + " (see --help)");
  return *v;
}

} // namespace tierlab::cli
