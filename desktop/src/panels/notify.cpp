// The Notify tab: how many customers each notification list holds
// (tierlab notify, docs/notify.md) with the baseline and with the candidate,
// and each list saved as the CLI's CSV next to the events file.
#include "panels/panels.hpp"

#include <cstdio>
#include <fstream>

namespace tierlab::tuner {

namespace {

struct ListLabel {
  NotifyReason reason;
  const char* label;
};
// Reading order (the CSV sorts by reason name).
constexpr ListLabel kLists[] = {{NotifyReason::Upgraded, "Upgrade email"},
                                {NotifyReason::Downgraded, "Downgrade email"},
                                {NotifyReason::NearNext, "Almost at the next tier"},
                                {NotifyReason::PointsExpiring, "Points expiring"},
                                {NotifyReason::RewardAvailable, "Reward now available"}};

std::string slug(const std::string& s) {
  std::string out;
  for (char ch : s) {
    const bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
    if (ch >= 'A' && ch <= 'Z') out += static_cast<char>(ch - 'A' + 'a');
    else if (alnum) out += ch;
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "program" : out;
}

std::string folder_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}

void save_list(Shared& ui, const Program& p, const char* side, NotifyReason reason, const std::string& csv) {
  const std::string path = folder_of(ui.events_path) + slug(p.name) + "-notify-" + side + "-" +
                           notify_reason_name(reason) + "-" + format_day(ui.notify->as_of) + ".csv";
  std::ofstream out(path, std::ios::binary);
  out << csv;
  if (!out) {
    ui.message("Could not write " + path, true);
    return;
  }
  int64_t rows = -1;
  for (char ch : csv) rows += ch == '\n';
  ui.message("Saved " + with_thousands(rows) + " rows to " + path, false);
}

} // namespace

void show_notify_tab(Shared& ui) {
  if (!ui.notify) {
    ui.empty_state("Notify", "Who gets which email (upgrade, downgrade, almost there, points expiring, reward "
                             "available) appears here once a program and events are loaded.");
    return;
  }
  const NotifyOutcome& n = *ui.notify;
  const auto up = static_cast<size_t>(NotifyReason::Upgraded);
  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextWrapped("If you launch the candidate, %s %s an upgrade email this week (with the current program: %s).",
                     with_thousands(n.candidate[up]).c_str(), n.candidate[up] == 1 ? "customer gets" : "customers get",
                     with_thousands(n.baseline[up]).c_str());
  ImGui::PopFont();
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("On %s, compared with %s (customers listed on both days); points expiring in the next %d days; "
                     "near the next tier = progress of 80%% or more.",
                     format_day(n.as_of).c_str(), format_day(n.since).c_str(), n.within_days);
  ImGui::PopStyleColor();

  const float fh = ImGui::GetFontSize();
  ImGuiTableFlags tf =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersV | ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable("notify", 3, tf)) {
    ImGui::TableSetupColumn("List", 0, fh * 12.0f);
    ImGui::TableSetupColumn("Baseline", 0, fh * 9.0f);
    ImGui::TableSetupColumn("Candidate", 0, fh * 9.0f);
    ImGui::TableHeadersRow();
    for (const ListLabel& l : kLists) {
      const auto k = static_cast<size_t>(l.reason);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(l.label);
      const struct {
        const char* side;
        int64_t count;
        const std::string& csv;
        const Program& program;
      } cells[] = {{"baseline", n.baseline[k], n.baseline_csv[k], ui.baseline},
                   {"candidate", n.candidate[k], n.candidate_csv[k], ui.view}};
      for (const auto& c : cells) {
        ImGui::TableNextColumn();
        ImGui::Text("%s", with_thousands(c.count).c_str());
        ImGui::SameLine(fh * 4.5f);
        ImGui::PushID(c.side);
        ImGui::PushID(static_cast<int>(k));
        ImGui::BeginDisabled(c.count == 0);
        if (ImGui::SmallButton("Save CSV")) save_list(ui, c.program, c.side, l.reason, c.csv);
        ImGui::EndDisabled();
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
          ImGui::SetTooltip("Saves the %s %s list (the columns of tierlab notify) next to the events file", c.side,
                            notify_reason_name(l.reason));
        ImGui::PopID();
        ImGui::PopID();
      }
    }
    ImGui::EndTable();
  }
}

} // namespace tierlab::tuner
