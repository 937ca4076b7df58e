// The status line (program, events, progress, the latest note) and the error bands.
#include "panels/panels.hpp"

#include <algorithm>
#include <cmath>

namespace tierlab::tuner {

void show_status_line(Shared& ui, const Engine& engine) {
  float fh = ImGui::GetFontSize();
  ImGui::AlignTextToFramePadding();
  if (ui.has_program) {
    if (ui.fonts.bold) ImGui::PushFont(ui.fonts.bold);
    ImGui::TextUnformatted(ui.baseline.name.c_str());
    if (ui.fonts.bold) ImGui::PopFont();
    ImGui::SameLine();
    ImGui::TextDisabled("%s \xC2\xB7 %zu tiers \xC2\xB7 %s", ui.baseline.currency.code.c_str(),
                        ui.baseline.tiers.size(), base_name(ui.program_path).c_str());
  } else {
    ImGui::TextDisabled("No program \xE2\x80\x94 drop a program JSON on the window or use File \xE2\x80\xBA Open");
  }
  ImGui::SameLine(0, fh);
  if (ui.data) {
    ImGui::TextDisabled("%s: %s customers, %s events, %s \xE2\x80\x93 %s", base_name(ui.data->request.path).c_str(),
                        with_thousands(static_cast<int64_t>(ui.data->customers)).c_str(),
                        with_thousands(static_cast<int64_t>(ui.data->events)).c_str(),
                        format_day(ui.data->first_day).c_str(), format_day(ui.data->last_day).c_str());
  } else if (!ui.importing) {
    ImGui::TextDisabled("No events \xE2\x80\x94 drop an events file");
  }

  // Right end: a progress bar while work runs, else the latest note.
  Progress p = engine.import_progress();
  bool busy = p.active || engine.computing() || ui.replay_pending;
  float right = ImGui::GetWindowContentRegionMax().x;
  if (busy) {
    std::string label = p.active                                   ? p.phase
                        : ui.replay_pending && !engine.computing() ? "Replaying\xE2\x80\xA6"
                                                                   : "Calculating\xE2\x80\xA6";
    float w = std::max(fh * 12.0f, ImGui::CalcTextSize(label.c_str()).x + fh * 2);
    ImGui::SameLine(std::max(ImGui::GetCursorPosX() + fh, right - w));
    float frac = p.active ? p.fraction : -1.0f;
    if (frac < 0) {
      // Indeterminate: a moving block.
      float t = static_cast<float>(std::fmod(ImGui::GetTime() * 0.8, 1.0));
      ImVec2 pos = ImGui::GetCursorScreenPos();
      float h = ImGui::GetFrameHeight();
      ImDrawList* dl = ImGui::GetWindowDrawList();
      dl->AddRectFilled(pos, ImVec2(pos.x + w, pos.y + h), ImGui::GetColorU32(ImGuiCol_FrameBg), 3);
      float bx = pos.x + (w * 1.3f) * t - w * 0.3f;
      dl->PushClipRect(pos, ImVec2(pos.x + w, pos.y + h), true);
      dl->AddRectFilled(ImVec2(bx, pos.y), ImVec2(bx + w * 0.3f, pos.y + h),
                        ImGui::GetColorU32(ImGuiCol_PlotHistogram, 0.6f), 3);
      dl->PopClipRect();
      ImVec2 ts = ImGui::CalcTextSize(label.c_str());
      dl->AddText(ImVec2(pos.x + (w - ts.x) * 0.5f, pos.y + (h - ts.y) * 0.5f), ImGui::GetColorU32(ImGuiCol_Text),
                  label.c_str());
      ImGui::Dummy(ImVec2(w, h));
    } else {
      ImGui::ProgressBar(frac, ImVec2(w, 0), label.c_str());
    }
  } else if (!ui.note.empty() && ImGui::GetTime() - ui.note_time < 8.0) {
    // Only where it fits: the file summary on the left comes first.
    ImGui::SameLine();
    float w = ImGui::CalcTextSize(ui.note.c_str()).x;
    float x = ImGui::GetCursorPosX() + fh;
    if (x + w <= right) {
      ImGui::SameLine(right - w);
      ImGui::TextColored(ImVec4(0.10f, 0.45f, 0.22f, 1), "%s", ui.note.c_str());
    } else {
      ImGui::NewLine();
    }
  }
}

void show_messages(Shared& ui) {
  // Errors stay until closed; notes go to the status line.
  for (size_t i = 0; i < ui.messages.size(); ++i) {
    const auto& m = ui.messages[i];
    ImGui::PushID(static_cast<int>(i));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.99f, 0.91f, 0.90f, 1));
    ImGui::PushStyleColor(ImGuiCol_Border, ImVec4(0.85f, 0.55f, 0.52f, 1));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.50f, 0.07f, 0.04f, 1));
    const ImGuiStyle& st = ImGui::GetStyle();
    float close_w = ImGui::GetFrameHeight() * 1.6f;
    float wrap = ImGui::GetContentRegionAvail().x - st.FramePadding.x * 2 - close_w;
    ImVec2 ts = ImGui::CalcTextSize(m.text.c_str(), nullptr, false, wrap);
    float h = ts.y + st.FramePadding.y * 2 + 2;
    ImGui::BeginChild("msg", ImVec2(0, h), true,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_AlwaysUseWindowPadding);
    ImGui::SetCursorPos(ImVec2(st.FramePadding.x, st.FramePadding.y));
    ImGui::PushTextWrapPos(st.FramePadding.x + wrap);
    ImGui::TextUnformatted(m.text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::SetCursorPos(ImVec2(ImGui::GetWindowWidth() - close_w, (h - ImGui::GetTextLineHeight()) * 0.5f - 1));
    bool close = ImGui::SmallButton("\xC3\x97");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Dismiss");
    ImGui::EndChild();
    ImGui::PopStyleColor(3);
    ImGui::PopID();
    if (close) {
      ui.messages.erase(ui.messages.begin() + static_cast<long>(i));
      break;
    }
  }
}

} // namespace tierlab::tuner
