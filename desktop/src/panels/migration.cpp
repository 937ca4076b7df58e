// Migration: baseline tier x candidate tier (a cell lists its movers), and the KPIs.
#include "panels/panels.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "charts.hpp"

namespace tierlab::tuner {

void show_migration_panel(Shared& ui) {
  ui.heading("Migration");
  if (!ui.result) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", ui.has_program && ui.data
                                  ? "Calculating\xE2\x80\xA6"
                                  : "Baseline tier \xC3\x97 candidate tier, once a program and events are loaded.");
    ImGui::PopTextWrapPos();
    return;
  }
  const SimulationReport& r = ui.result->report;
  ImGui::SameLine();
  ImGui::TextColored(ImColor(kUpColor).Value, "\xE2\x96\xB2 %s up", with_thousands(r.upgrades).c_str());
  ImGui::SameLine();
  ImGui::TextColored(ImColor(kDownColor).Value, "\xE2\x96\xBC %s down", with_thousands(r.downgrades).c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("%.0f ms", ui.result->milliseconds);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Time of the last re-tier (simulate, movers, sweep) on the worker thread");

  size_t nf = r.from.size(), nt = r.to.size();
  int64_t maxc = 1;
  for (const auto& row : r.migration)
    for (int64_t v : row) maxc = std::max(maxc, v);
  float fh = ImGui::GetFontSize();
  // Scrolls only when the tiers do not fit.
  float row_h = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
  float want_h = row_h * static_cast<float>(nf + 1) + row_h * 0.5f;
  float note_h = ImGui::GetTextLineHeightWithSpacing() * 2;
  float room = std::max(ImGui::GetContentRegionAvail().y - note_h, row_h * 3);
  ImGuiTableFlags tf = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchSame;
  ImVec2 size(0, 0);
  if (want_h > room) {
    tf |= ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX;
    size.y = room;
  }
  if (ImGui::BeginTable("matrix", static_cast<int>(nt) + 1, tf, size)) {
    ImGui::TableSetupScrollFreeze(1, 1);
    float name_w = ImGui::CalcTextSize("from \\ to").x;
    for (const auto& n : r.from)
      name_w = std::max(name_w, ImGui::CalcTextSize(n.c_str()).x + ImGui::GetTextLineHeight());
    ImGui::TableSetupColumn("from \\ to", ImGuiTableColumnFlags_WidthFixed,
                            std::min(name_w + ImGui::GetStyle().ItemSpacing.x, fh * 8.0f));
    for (size_t j = 0; j < nt; ++j) ImGui::TableSetupColumn(r.to[j].c_str(), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < nf; ++i) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      swatch(ui.tier_color(static_cast<int>(i)));
      ImGui::SameLine();
      ImGui::TextUnformatted(r.from[i].c_str());
      for (size_t j = 0; j < nt; ++j) {
        ImGui::TableNextColumn();
        int64_t v = i < r.migration.size() && j < r.migration[i].size() ? r.migration[i][j] : 0;
        if (v > 0) {
          float a = 0.10f + 0.50f * static_cast<float>(std::log1p(static_cast<double>(v)) /
                                                       std::log1p(static_cast<double>(maxc)));
          ImU32 base = j > i ? kUpColor : j < i ? kDownColor : IM_COL32(120, 130, 145, 255);
          ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, (base & 0x00ffffffu) | (static_cast<ImU32>(a * 255) << 24));
        }
        ImGui::PushID(static_cast<int>(i * nt + j));
        std::string s = with_thousands(v);
        ImVec2 cell = ImGui::GetCursorPos();
        if (ImGui::Selectable("##cell", false, ImGuiSelectableFlags_AllowItemOverlap) && i != j) {
          ui.movers.from = static_cast<int>(i);
          ui.movers.to = static_cast<int>(j);
          ui.movers.direction = 0;
          ui.movers.view_dirty = true;
          ui.tab_request = 2;
        }
        if (ImGui::IsItemHovered())
          ImGui::SetTooltip("%s customers: %s in baseline, %s in candidate%s", s.c_str(), r.from[i].c_str(),
                            r.to[j].c_str(), i != j ? "\nClick to list them in Movers" : "");
        ImGui::SetCursorPos(cell);
        text_right(s, v == 0 ? ImGui::GetColorU32(ImGuiCol_TextDisabled) : 0);
        ImGui::PopID();
      }
    }
    ImGui::EndTable();
  }
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("Rows: baseline tier; columns: candidate tier. Click a cell to list its customers.");
  ImGui::PopTextWrapPos();
  // Program-independent KPIs of the history at the as-of day.
  const Kpis& k = r.kpis;
  ImGui::Spacing();
  if (ImGui::BeginTable("kpis", 2, ImGuiTableFlags_PadOuterX)) {
    ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthFixed, fh * 7.5f);
    auto kpi = [&](const char* name, const std::string& v, const char* tip) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", name);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
      ImGui::TableNextColumn();
      text_right(v);
    };
    char buf[64];
    kpi("Repeat purchase rate", format_percent(fraction_value(k.repeat_purchase_rate)),
        "Customers with at least 2 purchases / customers");
    std::snprintf(buf, sizeof buf, "%.2f", fraction_value(k.average_purchase_frequency));
    kpi("Purchases per customer", buf, "Average purchase frequency");
    kpi("Lifetime net spend / customer",
        ui.money(static_cast<int64_t>(std::llround(fraction_value(k.average_lifetime_net_spend)))),
        "Average lifetime net spend (a simple CLV)");
    if (k.redemption_rate)
      kpi("Points redemption rate", format_percent(fraction_value(*k.redemption_rate)),
          "Points redeemed / points earned");
    ImGui::EndTable();
  }
}

} // namespace tierlab::tuner
