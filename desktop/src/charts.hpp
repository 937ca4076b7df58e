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
  bool faded = false; // drawn thin and translucent (the baseline)
};

struct ChartResult {
  int hovered = -1; // x index under the mouse
  int clicked = -1; // x index clicked
};

enum class XAxis {
  Number, // ticks at 1, 2, 2.5, 5 x 10^k steps
  Day     // x is a tierlab::Day; ticks at month / quarter / year starts
};

struct ChartSpec {
  XAxis axis = XAxis::Number;
  std::function<std::string(double)> tick_label;  // Number axis tick text
  std::function<std::string(size_t)> point_label; // tooltip title of point i
  double marker_x = 0;                            // vertical line (when has_marker)
  bool has_marker = false;
  std::string marker_label;
};

// xs ascending, one y per x in every series.
ChartResult line_chart(const char* id, ImVec2 size, const std::vector<double>& xs, const std::vector<Series>& series,
                       const ChartSpec& spec);

// A tooltip-free horizontal legend: colour swatch + name, wrapping.
void legend(const std::vector<Series>& series);

// A small filled square in a tier's colour, on the text line.
void swatch(ImU32 color);

ImU32 rgb_to_u32(unsigned rgb, float alpha = 1.0f);

} // namespace tierlab::tuner
