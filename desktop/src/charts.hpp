#pragma once
// Small line charts drawn with ImDrawList (no plotting library in Debian's
// imgui 1.86): the sweep curve and the replay timeline.
#include <functional>
#include <string>
#include <vector>

#include "imgui.h"

namespace tierlab::tuner {

struct Series {
  std::string name;
  ImU32 color = 0;
  std::vector<double> y; // one value per x
  float thickness = 2.0f;
  bool faded = false;    // drawn thin and translucent (the baseline)
};

struct ChartResult {
  int hovered = -1;     // x index under the mouse
  int clicked = -1;     // x index clicked
};

// xs ascending; x_label(i) names the tick at index i. marker_x draws a
// vertical line at that x value (NaN for none).
ChartResult line_chart(const char* id, ImVec2 size, const std::vector<double>& xs, const std::vector<Series>& series,
                       const std::function<std::string(size_t)>& x_label, double marker_x,
                       const char* marker_label);

// A tooltip-free horizontal legend: colour swatch + name, wrapping.
void legend(const std::vector<Series>& series);

// A small filled square in a tier's colour, on the text line.
void swatch(ImU32 color);

ImU32 rgb_to_u32(unsigned rgb, float alpha = 1.0f);

} // namespace tierlab::tuner
