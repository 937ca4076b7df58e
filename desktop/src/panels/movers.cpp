// The movers tab: customers whose tier differs, filtered and sorted.
#include "panels/panels.hpp"

#include <algorithm>

#include "charts.hpp"

namespace tierlab::tuner {

void show_movers_tab(Shared& ui) {
  if (!ui.result) {
    ui.empty_state("Movers", "Customers whose tier differs between baseline and candidate appear here.");
    return;
  }
  const auto& movers = ui.result->movers;
  float fh = ImGui::GetFontSize();
  // Filters.
  ImGui::SetNextItemWidth(fh * 10.0f);
  if (ImGui::InputTextWithHint("##filter", "customer id filter", ui.movers.filter.InputBuf,
                               IM_ARRAYSIZE(ui.movers.filter.InputBuf))) {
    ui.movers.filter.Build();
    ui.movers.view_dirty = true;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Filter by customer id (a,b = either; -x = not x)");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(fh * 8.0f);
  if (ImGui::Combo("##dir", &ui.movers.direction, "all movers\0upgrades\0downgrades\0")) ui.movers.view_dirty = true;
  auto tier_combo = [&](const char* id, int* v, const char* any) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fh * 8.0f);
    std::string cur = *v == -2 ? any : ui.tier_name(*v);
    if (ImGui::BeginCombo(id, cur.c_str())) {
      if (ImGui::Selectable(any, *v == -2)) *v = -2, ui.movers.view_dirty = true;
      for (int t = -1; t < static_cast<int>(ui.baseline.tiers.size()); ++t)
        if (ImGui::Selectable(ui.tier_name(t).c_str(), *v == t)) *v = t, ui.movers.view_dirty = true;
      ImGui::EndCombo();
    }
  };
  tier_combo("##from", &ui.movers.from, "from any tier");
  tier_combo("##to", &ui.movers.to, "to any tier");
  if (ui.movers.from != -2 || ui.movers.to != -2 || ui.movers.direction != 0 || ui.movers.filter.IsActive()) {
    ImGui::SameLine();
    if (ImGui::SmallButton("clear")) {
      ui.movers.from = ui.movers.to = -2;
      ui.movers.direction = 0;
      ui.movers.filter.Clear();
      ui.movers.view_dirty = true;
    }
  }

  size_t nm = ui.baseline.metrics.size();
  ImGuiTableFlags tf = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                       ImGuiTableFlags_BordersV | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
                       ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
  float footer = ImGui::GetTextLineHeightWithSpacing();
  if (ImGui::BeginTable("movers", static_cast<int>(4 + nm), tf, ImVec2(0, ImGui::GetContentRegionAvail().y - footer))) {
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn("Customer", ImGuiTableColumnFlags_DefaultSort, fh * 8.0f);
    ImGui::TableSetupColumn("Baseline", 0, fh * 6.0f);
    ImGui::TableSetupColumn("Candidate", 0, fh * 6.0f);
    ImGui::TableSetupColumn("Move", 0, fh * 3.5f);
    for (size_t k = 0; k < nm; ++k)
      ImGui::TableSetupColumn(ui.baseline.metrics[k].name.c_str(), ImGuiTableColumnFlags_PreferSortDescending,
                              fh * 8.0f);
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs()) {
      if (specs->SpecsDirty && specs->SpecsCount > 0) {
        ui.movers.sort_column = specs->Specs[0].ColumnIndex;
        ui.movers.sort_ascending = specs->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
        ui.movers.view_dirty = true;
        specs->SpecsDirty = false;
      }
    }
    if (ui.movers.view_dirty) {
      ui.movers.view.clear();
      for (size_t i = 0; i < movers.size(); ++i) {
        const auto& m = movers[i];
        if (ui.movers.direction == 1 && !(m.to > m.from)) continue;
        if (ui.movers.direction == 2 && !(m.to < m.from)) continue;
        if (ui.movers.from != -2 && m.from != ui.movers.from) continue;
        if (ui.movers.to != -2 && m.to != ui.movers.to) continue;
        if (!ui.movers.filter.PassFilter(m.customer_id.c_str())) continue;
        ui.movers.view.push_back(i);
      }
      int col = ui.movers.sort_column;
      bool asc = ui.movers.sort_ascending;
      std::stable_sort(ui.movers.view.begin(), ui.movers.view.end(), [&](size_t a, size_t b) {
        const auto& x = movers[a];
        const auto& y = movers[b];
        int cmp = 0;
        if (col == 0) cmp = x.customer_id < y.customer_id ? -1 : x.customer_id > y.customer_id ? 1 : 0;
        else if (col == 1) cmp = x.from - y.from;
        else if (col == 2) cmp = x.to - y.to;
        else if (col == 3) cmp = (x.to - x.from) - (y.to - y.from);
        else {
          size_t k = static_cast<size_t>(col - 4);
          int64_t xv = k < x.metrics.size() ? x.metrics[k] : 0, yv = k < y.metrics.size() ? y.metrics[k] : 0;
          cmp = xv < yv ? -1 : xv > yv ? 1 : 0;
        }
        if (cmp == 0) cmp = x.customer_id < y.customer_id ? -1 : x.customer_id > y.customer_id ? 1 : 0;
        return asc ? cmp < 0 : cmp > 0;
      });
      ui.movers.view_dirty = false;
    }
    if (ui.movers.view.empty()) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", movers.empty() ? "No customer changes tier." : "None match the filters.");
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(ui.movers.view.size()));
    while (clipper.Step()) {
      for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
        const auto& m = movers[ui.movers.view[static_cast<size_t>(row)]];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(m.customer_id.c_str());
        ImGui::TableNextColumn();
        swatch(ui.tier_color(m.from));
        ImGui::SameLine();
        ImGui::TextUnformatted(ui.tier_name(m.from).c_str());
        ImGui::TableNextColumn();
        swatch(ui.tier_color(m.to));
        ImGui::SameLine();
        ImGui::TextUnformatted(ui.tier_name(m.to).c_str());
        ImGui::TableNextColumn();
        if (m.to > m.from) ImGui::TextColored(ImColor(kUpColor).Value, "\xE2\x96\xB2 %d", m.to - m.from);
        else ImGui::TextColored(ImColor(kDownColor).Value, "\xE2\x96\xBC %d", m.from - m.to);
        for (size_t k = 0; k < nm; ++k) {
          ImGui::TableNextColumn();
          text_right(k < m.metrics.size() ? ui.metric_value(static_cast<int>(k), m.metrics[k]) : "");
        }
      }
    }
    ImGui::EndTable();
  }
  ImGui::TextDisabled("%s of %s movers at %s; metric values are the candidate's.",
                      with_thousands(static_cast<int64_t>(ui.movers.view.size())).c_str(),
                      with_thousands(static_cast<int64_t>(movers.size())).c_str(),
                      format_day(ui.result->as_of).c_str());
}

} // namespace tierlab::tuner
