#include "charts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tierlab::tuner {

ImU32 rgb_to_u32(unsigned rgb, float alpha) {
  return IM_COL32((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, static_cast<int>(alpha * 255.0f + 0.5f));
}

namespace {
double nice_ceiling(double v) {
  if (v <= 0) return 1;
  double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0})
    if (m * p >= v) return m * p;
  return 10 * p;
}

std::string short_count(double v) {
  char buf[32];
  if (v >= 1e6) std::snprintf(buf, sizeof buf, "%.1fM", v / 1e6);
  else if (v >= 1e4) std::snprintf(buf, sizeof buf, "%.0fk", v / 1e3);
  else std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}
} // namespace

ChartResult line_chart(const char* id, ImVec2 size, const std::vector<double>& xs, const std::vector<Series>& series,
                       const std::function<std::string(size_t)>& x_label, double marker_x,
                       const char* marker_label) {
  ChartResult res;
  ImGui::PushID(id);
  ImVec2 p0 = ImGui::GetCursorScreenPos();
  if (size.x <= 0) size.x = ImGui::GetContentRegionAvail().x;
  if (size.y <= 0) size.y = ImGui::GetContentRegionAvail().y;
  size.x = std::max(size.x, 120.0f);
  size.y = std::max(size.y, 80.0f);
  ImGui::InvisibleButton("chart", size);
  bool hovered = ImGui::IsItemHovered();
  bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImGuiStyle& st = ImGui::GetStyle();
  float fh = ImGui::GetFontSize();
  ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);
  ImU32 dim_col = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  ImU32 grid_col = ImGui::GetColorU32(ImGuiCol_Separator, 0.45f);

  dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), ImGui::GetColorU32(ImGuiCol_FrameBg, 0.55f),
                    st.FrameRounding);

  double ymax = 0;
  for (const auto& s : series)
    for (double v : s.y) ymax = std::max(ymax, v);
  ymax = nice_ceiling(ymax * 1.05);

  float left = p0.x + fh * 3.2f, right = p0.x + size.x - fh * 0.8f;
  float top = p0.y + fh * 0.7f, bottom = p0.y + size.y - fh * 1.8f;
  if (right <= left + 10 || bottom <= top + 10 || xs.empty()) {
    ImGui::PopID();
    return res;
  }
  double x0 = xs.front(), x1 = xs.back();
  if (x1 <= x0) x1 = x0 + 1;
  auto px = [&](double x) { return left + static_cast<float>((x - x0) / (x1 - x0)) * (right - left); };
  auto py = [&](double y) { return bottom - static_cast<float>(y / ymax) * (bottom - top); };

  // Grid and y labels.
  for (int i = 0; i <= 4; ++i) {
    double v = ymax * i / 4.0;
    float y = py(v);
    dl->AddLine(ImVec2(left, y), ImVec2(right, y), grid_col);
    std::string t = short_count(v);
    ImVec2 ts = ImGui::CalcTextSize(t.c_str());
    dl->AddText(ImVec2(left - ts.x - fh * 0.35f, y - ts.y * 0.5f), dim_col, t.c_str());
  }
  // X labels: about one per 7 font heights.
  size_t n = xs.size();
  size_t max_labels = std::max<size_t>(2, static_cast<size_t>((right - left) / (fh * 7.0f)));
  size_t every = std::max<size_t>(1, (n + max_labels - 1) / max_labels);
  float last_right = -1e9f;
  for (size_t i = 0; i < n; i += every) {
    std::string t = x_label(i);
    ImVec2 ts = ImGui::CalcTextSize(t.c_str());
    float x = px(xs[i]) - ts.x * 0.5f;
    x = std::clamp(x, left - fh, right - ts.x + fh * 0.5f);
    if (x < last_right + fh * 0.5f) continue;
    dl->AddLine(ImVec2(px(xs[i]), bottom), ImVec2(px(xs[i]), bottom + fh * 0.25f), dim_col);
    dl->AddText(ImVec2(x, bottom + fh * 0.3f), dim_col, t.c_str());
    last_right = x + ts.x;
  }
  dl->AddLine(ImVec2(left, bottom), ImVec2(right, bottom), dim_col);

  dl->PushClipRect(ImVec2(left - 2, top - 2), ImVec2(right + 2, bottom + 2), true);
  // Faded series first, so the candidate lines are on top.
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& s : series) {
      if (s.faded != (pass == 0) || s.y.size() != n) continue;
      std::vector<ImVec2> pts;
      pts.reserve(n);
      for (size_t i = 0; i < n; ++i) pts.emplace_back(px(xs[i]), py(s.y[i]));
      ImU32 c = s.color;
      float th = s.thickness;
      if (s.faded) {
        c = (c & 0x00ffffffu) | (static_cast<ImU32>(110) << 24);
        th = std::max(1.0f, th * 0.6f);
      }
      if (n == 1) dl->AddCircleFilled(pts[0], th * 2, c);
      else dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), c, 0, th);
    }
  }
  // Marker (current threshold / as-of day).
  if (!std::isnan(marker_x) && marker_x >= x0 && marker_x <= x1) {
    float x = px(marker_x);
    dl->AddLine(ImVec2(x, top), ImVec2(x, bottom), text_col, 1.5f);
    if (marker_label && *marker_label) {
      ImVec2 ts = ImGui::CalcTextSize(marker_label);
      float lx = x + fh * 0.3f;
      if (lx + ts.x > right) lx = x - ts.x - fh * 0.3f;
      dl->AddRectFilled(ImVec2(lx - 2, top), ImVec2(lx + ts.x + 2, top + ts.y), ImGui::GetColorU32(ImGuiCol_WindowBg, 0.85f));
      dl->AddText(ImVec2(lx, top), text_col, marker_label);
    }
  }
  dl->PopClipRect();

  // Hover: nearest x, a guide line and a tooltip with every series.
  if (hovered) {
    float mx = ImGui::GetIO().MousePos.x;
    size_t best = 0;
    float bd = 1e9f;
    for (size_t i = 0; i < n; ++i) {
      float d = std::fabs(px(xs[i]) - mx);
      if (d < bd) bd = d, best = i;
    }
    res.hovered = static_cast<int>(best);
    if (clicked) res.clicked = static_cast<int>(best);
    float x = px(xs[best]);
    dl->AddLine(ImVec2(x, top), ImVec2(x, bottom), dim_col, 1.0f);
    for (const auto& s : series)
      if (s.y.size() == n && !s.faded) dl->AddCircleFilled(ImVec2(x, py(s.y[best])), fh * 0.22f, s.color);
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(x_label(best).c_str());
    ImGui::Separator();
    for (const auto& s : series) {
      if (s.y.size() != n) continue;
      swatch(s.faded ? ((s.color & 0x00ffffffu) | (static_cast<ImU32>(110) << 24)) : s.color);
      ImGui::SameLine();
      ImGui::Text("%s: %s", s.name.c_str(), short_count(s.y[best]).c_str());
    }
    ImGui::EndTooltip();
  }
  ImGui::PopID();
  return res;
}

void swatch(ImU32 color) {
  float h = ImGui::GetTextLineHeight();
  ImVec2 p = ImGui::GetCursorScreenPos();
  float s = h * 0.72f;
  float off = (h - s) * 0.5f;
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + off), ImVec2(p.x + s, p.y + off + s), color, s * 0.2f);
  ImGui::Dummy(ImVec2(s, h));
}

void legend(const std::vector<Series>& series) {
  float avail = ImGui::GetContentRegionAvail().x;
  float used = 0;
  bool first = true;
  for (const auto& s : series) {
    float w = ImGui::GetTextLineHeight() + ImGui::CalcTextSize(s.name.c_str()).x + ImGui::GetStyle().ItemSpacing.x * 3;
    if (!first) {
      if (used + w < avail) ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 2);
      else used = 0;
    }
    first = false;
    swatch(s.faded ? ((s.color & 0x00ffffffu) | (static_cast<ImU32>(110) << 24)) : s.color);
    ImGui::SameLine();
    ImGui::TextUnformatted(s.name.c_str());
    used += w;
  }
}

} // namespace tierlab::tuner
