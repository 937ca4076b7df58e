#include "charts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "tierlab/date.hpp"

namespace tierlab::tuner {

ImU32 rgb_to_u32(unsigned rgb, float alpha) {
  return IM_COL32((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, static_cast<int>(alpha * 255.0f + 0.5f));
}

namespace {
std::string short_count(double v) {
  char buf[32];
  if (v >= 1e6) std::snprintf(buf, sizeof buf, "%.1fM", v / 1e6);
  else if (v >= 1e4) std::snprintf(buf, sizeof buf, "%.0fk", v / 1e3);
  else std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

// A whole count with thousands separators ("12,500").
std::string grouped(double v) {
  long long n = std::llround(v);
  std::string d = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < d.size(); ++i) {
    if (i && (d.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(d[i]);
  }
  return (n < 0 ? "-" : "") + out;
}

double nice_step(double raw) {
  if (raw <= 0) return 1;
  double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * p >= raw) return m * p;
  return 10 * p;
}

// Whole-number data (customer counts, purchase thresholds) never gets a step
// below 1: a finer step would print the same label twice ("1 1 1 1 0 0").
bool all_whole(const std::vector<double>& v) {
  return std::all_of(v.begin(), v.end(), [](double x) { return x == std::floor(x); });
}

const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Tick positions and labels along x.
std::vector<std::pair<double, std::string>> x_ticks(const ChartSpec& spec, double x0, double x1, size_t max_labels,
                                                    double min_step) {
  std::vector<std::pair<double, std::string>> out;
  if (spec.axis == XAxis::Number) {
    double step = std::max(min_step, nice_step((x1 - x0) / static_cast<double>(std::max<size_t>(1, max_labels))));
    for (double x = std::ceil(x0 / step) * step; x <= x1 + step * 1e-9; x += step)
      out.emplace_back(x, spec.tick_label ? spec.tick_label(x) : short_count(x));
    return out;
  }
  int y0, m0, d0, y1, m1, d1;
  tierlab::civil_from_days(static_cast<tierlab::Day>(x0), y0, m0, d0);
  tierlab::civil_from_days(static_cast<tierlab::Day>(x1), y1, m1, d1);
  int months = (y1 - y0) * 12 + (m1 - m0) + 1;
  int every = 1;
  for (int k : {1, 2, 3, 6, 12, 24, 60}) {
    every = k;
    if (months / k <= static_cast<int>(max_labels)) break;
  }
  int y = y0, m = m0;
  if (d0 != 1) ++m; // the first month start inside the range
  for (;; ++m) {
    if (m > 12) m -= 12, ++y;
    tierlab::Day d = tierlab::days_from_civil(y, m, 1);
    if (d > x1) break;
    int index = y * 12 + (m - 1);
    if (index % every != 0) continue;
    char buf[32];
    if (every >= 12) std::snprintf(buf, sizeof buf, "%d", y);
    else if (m == 1 || out.empty()) std::snprintf(buf, sizeof buf, "%s %d", kMonths[m - 1], y);
    else std::snprintf(buf, sizeof buf, "%s", kMonths[m - 1]);
    out.emplace_back(static_cast<double>(d), buf);
  }
  return out;
}

} // namespace

ChartResult line_chart(const char* id, ImVec2 size, const std::vector<double>& xs, const std::vector<Series>& series,
                       const ChartSpec& spec) {
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
  // Y grid at a nice step, four or five lines.
  bool whole_y = std::all_of(series.begin(), series.end(), [](const Series& s) { return all_whole(s.y); });
  double ystep = std::max(whole_y ? 1.0 : 0.0, nice_step(std::max(ymax, 1.0) / 4.0));
  ymax = std::max(ystep, std::ceil(ymax * 1.04 / ystep) * ystep);
  float label_w = 0;
  for (double v = 0; v <= ymax + ystep * 0.5; v += ystep)
    label_w = std::max(label_w, ImGui::CalcTextSize(grouped(v).c_str()).x);

  float left = p0.x + label_w + fh * 0.8f, right = p0.x + size.x - fh * 1.2f;
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
  for (double v = 0; v <= ymax + ystep * 0.5; v += ystep) {
    float y = py(v);
    dl->AddLine(ImVec2(left, y), ImVec2(right, y), grid_col);
    std::string t = grouped(v);
    ImVec2 ts = ImGui::CalcTextSize(t.c_str());
    dl->AddText(ImVec2(left - ts.x - fh * 0.35f, y - ts.y * 0.5f), dim_col, t.c_str());
  }
  // X ticks: about one per 6 font heights.
  size_t n = xs.size();
  size_t max_labels = std::max<size_t>(2, static_cast<size_t>((right - left) / (fh * 6.0f)));
  float last_right = -1e9f;
  for (const auto& [x, label] : x_ticks(spec, x0, x1, max_labels, all_whole(xs) ? 1.0 : 0.0)) {
    ImVec2 ts = ImGui::CalcTextSize(label.c_str());
    float cx = px(x);
    float tx = std::clamp(cx - ts.x * 0.5f, left - fh, right - ts.x + fh);
    if (tx < last_right + fh * 0.6f) continue;
    dl->AddLine(ImVec2(cx, top), ImVec2(cx, bottom), grid_col);
    dl->AddLine(ImVec2(cx, bottom), ImVec2(cx, bottom + fh * 0.25f), dim_col);
    dl->AddText(ImVec2(tx, bottom + fh * 0.3f), dim_col, label.c_str());
    last_right = tx + ts.x;
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
  if (spec.has_marker && spec.marker_x >= x0 && spec.marker_x <= x1) {
    float x = px(spec.marker_x);
    const char* marker_label = spec.marker_label.c_str();
    dl->AddLine(ImVec2(x, top), ImVec2(x, bottom), text_col, 1.5f);
    if (*marker_label) {
      ImVec2 ts = ImGui::CalcTextSize(marker_label);
      float lx = x + fh * 0.3f;
      if (lx + ts.x > right) lx = x - ts.x - fh * 0.3f;
      dl->AddRectFilled(ImVec2(lx - 2, top), ImVec2(lx + ts.x + 2, top + ts.y),
                        ImGui::GetColorU32(ImGuiCol_WindowBg, 0.85f));
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
    if (spec.point_label) ImGui::TextUnformatted(spec.point_label(best).c_str());
    ImGui::Separator();
    for (const auto& s : series) {
      if (s.y.size() != n) continue;
      swatch(s.faded ? ((s.color & 0x00ffffffu) | (static_cast<ImU32>(110) << 24)) : s.color);
      ImGui::SameLine();
      ImGui::Text("%s: %s", s.name.c_str(), grouped(s.y[best]).c_str());
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
