// Checks that a screenshot is the tuner and not a blank or broken window:
//   png-check FILE.png WIDTH HEIGHT [--tier-colours]
// - the size is WIDTH x HEIGHT;
// - it has many distinct colours (text, charts, tier colours);
// - a good part of it differs from the window background;
// - with --tier-colours, pixels of the first four tier
//   colours are present (the counts bars, the swatches, the charts).
// Exit status 0 when all hold, 1 otherwise, with the reason on stderr.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>

#include "stb_image.h"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: png-check FILE.png WIDTH HEIGHT [--tier-colours]\n");
    return 2;
  }
  int want_w = std::atoi(argv[2]), want_h = std::atoi(argv[3]);
  bool tiers = argc > 4 && std::strcmp(argv[4], "--tier-colours") == 0;
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load(argv[1], &w, &h, &n, 3);
  if (!px) {
    std::fprintf(stderr, "png-check: %s: cannot read PNG\n", argv[1]);
    return 1;
  }
  int status = 0;
  if (w != want_w || h != want_h) {
    std::fprintf(stderr, "png-check: %s is %dx%d, expected %dx%d\n", argv[1], w, h, want_w, want_h);
    status = 1;
  }
  std::map<unsigned, long> counts;
  for (long i = 0; i < static_cast<long>(w) * h; ++i) {
    unsigned c = (unsigned(px[i * 3]) << 16) | (unsigned(px[i * 3 + 1]) << 8) | px[i * 3 + 2];
    ++counts[c];
  }
  unsigned background = 0;
  long most = 0;
  for (auto [c, k] : counts)
    if (k > most) most = k, background = c;
  double total = static_cast<double>(w) * h;
  double other = 1.0 - static_cast<double>(most) / total;
  std::fprintf(stderr, "png-check: %s: %dx%d, %zu distinct colours, %.1f%% not background #%06x\n", argv[1], w, h,
               counts.size(), other * 100, background);
  if (counts.size() < 200) {
    std::fprintf(stderr, "png-check: too few colours (%zu): a blank or unfinished window?\n", counts.size());
    status = 1;
  }
  if (other < 0.15) {
    std::fprintf(stderr, "png-check: only %.1f%% of the picture differs from the background\n", other * 100);
    status = 1;
  }
  if (tiers) {
    const std::pair<const char*, unsigned> metals[] = {
        {"first", 0x80522a}, {"second", 0x55606f}, {"third", 0x7a5d00}, {"fourth", 0x4a3d8f}};
    for (auto [name, rgb] : metals) {
      long near = 0;
      for (auto [c, k] : counts) {
        int dr = int((c >> 16) & 255) - int((rgb >> 16) & 255);
        int dg = int((c >> 8) & 255) - int((rgb >> 8) & 255);
        int db = int(c & 255) - int(rgb & 255);
        if (std::abs(dr) <= 6 && std::abs(dg) <= 6 && std::abs(db) <= 6) near += k;
      }
      std::fprintf(stderr, "png-check: %s #%06x: %ld pixels\n", name, rgb, near);
      if (near < 100) {
        std::fprintf(stderr, "png-check: the %s tier colour is missing\n", name);
        status = 1;
      }
    }
  }
  stbi_image_free(px);
  return status;
}
