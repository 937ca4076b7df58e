// Harness: the program parser (parse_program), with the round trip through
// program_to_json: when the input parses, parse_program(program_to_json(p))
// must parse and write back byte-identical JSON.
#include "fuzz_common.hpp"
#include "tierlab/program.hpp"

using namespace tierlab;
using tierlab_fuzz::finding;
using tierlab_fuzz::shown;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Program p;
  try {
    p = parse_program(text);
  } catch (const InputError&) {
    return 0; // a clean refusal
  }
  const std::string once = program_to_json(p);
  Program q;
  try {
    q = parse_program(once);
  } catch (const InputError& e) {
    finding("program_to_json wrote a program parse_program refuses",
            std::string(e.what()) + "\nwritten: " + shown(once));
  }
  const std::string twice = program_to_json(q);
  if (once != twice)
    finding("program_to_json round trip differs", "first:  " + shown(once) + "\nsecond: " + shown(twice));
  return 0;
}
