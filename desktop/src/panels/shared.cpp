// The shared state's actions and drawing helpers (panels/shared.hpp).
#include "panels/shared.hpp"

#include <algorithm>
#include <cstdio>
#include <exception>

#include "charts.hpp"
#include "tierlab/money.hpp"

namespace tierlab::tuner {

std::string leaf_key(const LeafRef& r) {
  std::string k = std::to_string(r.tier);
  for (int i : r.path) {
    k += '/';
    k += std::to_string(i);
  }
  return k;
}

std::string base_name(const std::string& path) {
  auto s = path.find_last_of('/');
  return s == std::string::npos ? path : path.substr(s + 1);
}

const char* step_name(ReplayStep s) {
  switch (s) {
    case ReplayStep::Day: return "day";
    case ReplayStep::Week: return "week";
    case ReplayStep::Month: return "month";
  }
  return "week";
}

double fraction_value(const Fraction& f) {
  return f.den ? static_cast<double>(f.num) / static_cast<double>(f.den) : 0.0;
}

// Text right-aligned in the current table cell.
void text_right(const std::string& s, ImU32 color) {
  float w = ImGui::CalcTextSize(s.c_str()).x;
  float avail = ImGui::GetContentRegionAvail().x;
  if (avail > w) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - w);
  if (color) ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(s.c_str());
  if (color) ImGui::PopStyleColor();
}

std::string signed_count(int64_t d) {
  if (d == 0) return "0";
  return (d > 0 ? "+" : "\xE2\x88\x92") + with_thousands(d > 0 ? d : -d);
}

void Shared::message(std::string text, bool error) {
  if (!error) {
    note = std::move(text);
    note_time = ImGui::GetTime();
    return;
  }
  had_error = true;
  last_error = text;
  std::fprintf(stderr, "tierlab-tuner: %s\n", text.c_str());
  // The same error again (e.g. on every recompute) is shown once.
  for (const auto& m : messages)
    if (m.text == text) return;
  messages.push_back({std::move(text), true, ImGui::GetTime()});
  if (messages.size() > 3) messages.erase(messages.begin());
}

void Shared::set_as_of(Day d) {
  if (data) d = std::clamp(d, data->first_day, data->last_day);
  if (d == as_of) return;
  as_of = d;
  ++inputs_version;
}

void Shared::select_leaf(const LeafRef& ref) {
  if (selected && *selected == ref) return;
  selected = ref;
  ++inputs_version;
}

void Shared::save(const std::string& path) {
  if (!has_program) {
    message("Nothing to save: no program loaded", true);
    return;
  }
  try {
    save_program(cand.current(), path);
    cand.mark_saved();
    save_path = path;
    message("Saved the candidate program to " + path, false);
  } catch (const std::exception& e) {
    message(e.what(), true);
  }
}

bool Shared::request_close() {
  if (has_program && cand.dirty()) {
    popups.close = true;
    return false;
  }
  return true;
}

std::string Shared::money(int64_t minor, bool with_code) const {
  std::string s = format_decimal(minor, baseline.currency.digits);
  bool neg = !s.empty() && s[0] == '-';
  if (neg) s.erase(0, 1);
  auto dot = s.find('.');
  std::string whole = s.substr(0, dot), frac = dot == std::string::npos ? "" : s.substr(dot);
  std::string out;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i && (whole.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(whole[i]);
  }
  return (neg ? "\xE2\x88\x92" : "") + out + frac + (with_code ? " " + baseline.currency.code : "");
}

std::string Shared::metric_value(int metric, int64_t v) const {
  if (metric < 0 || metric >= static_cast<int>(baseline.metrics.size())) return std::to_string(v);
  if (is_money(baseline.metrics[static_cast<size_t>(metric)].measure)) return money(v);
  return with_thousands(v);
}

ImU32 Shared::tier_color(int tier, float alpha) const {
  if (tier < 0) return IM_COL32(150, 150, 150, static_cast<int>(alpha * 255));
  return rgb_to_u32(tier_rgb(baseline, tier), alpha);
}

std::string Shared::tier_name(int tier) const {
  if (tier < 0 || tier >= static_cast<int>(baseline.tiers.size())) return "not enrolled";
  return baseline.tiers[static_cast<size_t>(tier)].name;
}

float Shared::label_width() const {
  // Wide enough for "Qualify delay" and the longest metric name beside its radio button.
  const ImGuiStyle& st = ImGui::GetStyle();
  float fh = ImGui::GetFontSize();
  float w = ImGui::CalcTextSize("Qualify delay").x + st.ItemSpacing.x * 2;
  for (const auto& m : baseline.metrics)
    w = std::max(w, ImGui::CalcTextSize(m.name.c_str()).x + ImGui::GetFrameHeight() + st.ItemInnerSpacing.x +
                        st.CellPadding.x * 2 + st.ItemSpacing.x);
  return std::clamp(w, fh * 6.0f, fh * 11.0f);
}

void Shared::heading(const char* text) const {
  if (fonts.bold) ImGui::PushFont(fonts.bold);
  ImGui::TextUnformatted(text);
  if (fonts.bold) ImGui::PopFont();
}

void Shared::empty_state(const char* title, const char* text) const {
  ImGui::Spacing();
  heading(title);
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("%s", text);
  ImGui::PopTextWrapPos();
}

} // namespace tierlab::tuner
