// Replays saved inputs through a harness without libFuzzer: every file
// named, or found under a directory named, goes to LLVMFuzzerTestOneInput.
// A finding aborts (the test fails). Files listed in a `known` file (one
// path relative to tests/fuzz/regressions per line, then the #14 item) are
// skipped: their bugs are being fixed elsewhere; delete the line once merged.
//   usage: tierlab_fuzz_replay_NAME [--known FILE] PATH...
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  std::set<std::string> known;
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--known" && i + 1 < argc) {
      std::ifstream in(argv[++i]);
      for (std::string line; std::getline(in, line);) {
        std::istringstream words(line);
        std::string path;
        if (words >> path && path[0] != '#') known.insert(path);
      }
      continue;
    }
    const fs::path p(arg);
    if (!fs::exists(p)) continue; // a harness with no saved inputs yet
    if (fs::is_directory(p)) {
      for (const auto& e : fs::recursive_directory_iterator(p))
        if (e.is_regular_file()) files.push_back(e.path());
    } else {
      files.push_back(p);
    }
  }
  std::sort(files.begin(), files.end());
  int run = 0, skipped = 0;
  for (const fs::path& f : files) {
    // "<harness>/<name>": the last two parts of the path.
    const std::string key = f.parent_path().filename().string() + "/" + f.filename().string();
    if (known.count(key)) {
      std::printf("skipped (known, see regressions/known): %s\n", key.c_str());
      ++skipped;
      continue;
    }
    std::ifstream in(f, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::printf("replay %s (%zu bytes)\n", f.string().c_str(), bytes.size());
    std::fflush(stdout);
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    ++run;
  }
  std::printf("%d inputs replayed, %d known skipped\n", run, skipped);
  return 0;
}
