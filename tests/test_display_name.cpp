// The program's display_name (issue #19): what shoppers see, beside the
// designer's name; optional, a string, kept by program_to_json.
#include "helpers.hpp"

using namespace tt;

namespace {

const std::string kBody = R"("metrics": {"spend": {"measure": "net_spend", "window": "lifetime"}},
  "tiers": [{"name": "Bronze"}, {"name": "Gold", "qualify": {"metric": "spend", "above": 300}}])";

} // namespace

TEST_CASE("display_name is read beside name and kept by program_to_json", "[program][display_name]") {
  Program p = parse_program(program_json(R"("display_name": "Little Threads Club", )" + kBody));
  CHECK(p.name == "Test");
  CHECK(p.display_name == "Little Threads Club");
  const std::string out = program_to_json(p);
  CHECK(out.find(R"("display_name":"Little Threads Club")") != std::string::npos);
  CHECK(parse_program(out).display_name == "Little Threads Club");
}

TEST_CASE("without display_name the program writes none", "[program][display_name]") {
  Program p = parse_program(program_json(kBody));
  CHECK(p.display_name.empty());
  CHECK(program_to_json(p).find("display_name") == std::string::npos);
}

TEST_CASE("a display_name that is not a string is a located error", "[program][display_name][errors]") {
  const std::string msg = input_error([&] { parse_program(program_json(R"("display_name": 7, )" + kBody)); });
  CHECK(msg.find("/display_name") != std::string::npos);
}
