// Tier counts: baseline and candidate per tier, the shares, cost and near misses.
#include "panels/panels.hpp"

#include <algorithm>

#include "charts.hpp"

namespace tierlab::tuner {

void show_counts_panel(Shared& ui) {
  ui.heading("Tier counts");
  if (!ui.has_program || !ui.data) {
    ImGui::TextDisabled("%s", !ui.has_program ? "Load a program to see tier counts."
                              : ui.importing  ? "Importing events\xE2\x80\xA6"
                                              : "Drop an events file to see tier counts.");
    return;
  }
  if (!ui.result) {
    ImGui::TextDisabled("Calculating\xE2\x80\xA6");
    return;
  }
  const SimulationReport& r = ui.result->report;
  ImGui::SameLine();
  ImGui::TextDisabled("at %s \xC2\xB7 %s customers", format_day(r.as_of).c_str(), with_thousands(r.customers).c_str());

  float fh = ImGui::GetFontSize();
  int64_t maxc = 1;
  for (const auto& t : r.baseline.tiers) maxc = std::max(maxc, t.customers);
  for (const auto& t : r.candidate.tiers) maxc = std::max(maxc, t.customers);
  ImGuiTableFlags tf = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX;
  auto pct = [&](int64_t n) {
    return format_percent(r.customers ? static_cast<double>(n) / static_cast<double>(r.customers) : 0.0);
  };
  if (ImGui::BeginTable("counts", 5, tf)) {
    ImGui::TableSetupColumn("Tier", ImGuiTableColumnFlags_WidthFixed, fh * 5.6f);
    ImGui::TableSetupColumn("Baseline", ImGuiTableColumnFlags_WidthFixed, fh * 4.4f);
    ImGui::TableSetupColumn("Candidate", ImGuiTableColumnFlags_WidthFixed, fh * 4.6f);
    ImGui::TableSetupColumn("Change", ImGuiTableColumnFlags_WidthFixed, fh * 3.6f);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    size_t n = std::min(r.baseline.tiers.size(), r.candidate.tiers.size());
    for (size_t i = n; i-- > 0;) { // top tier first
      const auto& b = r.baseline.tiers[i];
      const auto& cnd = r.candidate.tiers[i];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      swatch(ui.tier_color(static_cast<int>(i)));
      ImGui::SameLine();
      ImGui::TextUnformatted(cnd.name.c_str());
      ImGui::TableNextColumn();
      text_right(with_thousands(b.customers));
      ImGui::TableNextColumn();
      text_right(with_thousands(cnd.customers));
      ImGui::TableNextColumn();
      int64_t d = cnd.customers - b.customers;
      text_right(signed_count(d), d > 0 ? kUpColor : d < 0 ? kDownColor : ImGui::GetColorU32(ImGuiCol_TextDisabled));
      ImGui::TableNextColumn();
      // Two bars: baseline (faded) above candidate (full colour).
      ImVec2 pos = ImGui::GetCursorScreenPos();
      float w = ImGui::GetContentRegionAvail().x;
      float lh = ImGui::GetTextLineHeight();
      float bh = lh * 0.40f;
      ImDrawList* dl = ImGui::GetWindowDrawList();
      float wb = std::max(1.0f, w * static_cast<float>(b.customers) / static_cast<float>(maxc));
      float wc = std::max(1.0f, w * static_cast<float>(cnd.customers) / static_cast<float>(maxc));
      dl->AddRectFilled(ImVec2(pos.x, pos.y + lh * 0.05f), ImVec2(pos.x + wb, pos.y + lh * 0.05f + bh),
                        ui.tier_color(static_cast<int>(i), 0.38f), 2);
      dl->AddRectFilled(ImVec2(pos.x, pos.y + lh * 0.55f), ImVec2(pos.x + wc, pos.y + lh * 0.55f + bh),
                        ui.tier_color(static_cast<int>(i)), 2);
      ImGui::Dummy(ImVec2(w, lh));
      if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::Text("%s", cnd.name.c_str());
        ImGui::Text("baseline %s (%s)", with_thousands(b.customers).c_str(), pct(b.customers).c_str());
        ImGui::Text("candidate %s (%s)", with_thousands(cnd.customers).c_str(), pct(cnd.customers).c_str());
        ImGui::Text("near misses (progress \xE2\x89\xA5 0.8): %s \xE2\x86\x92 %s",
                    with_thousands(b.near_misses).c_str(), with_thousands(cnd.near_misses).c_str());
        ImGui::Text("benefit cost %s \xE2\x86\x92 %s", ui.money(b.benefit_cost).c_str(),
                    ui.money(cnd.benefit_cost).c_str());
        ImGui::EndTooltip();
      }
    }
    if (r.baseline.not_enrolled || r.candidate.not_enrolled) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextDisabled("not enrolled");
      ImGui::TableNextColumn();
      text_right(with_thousands(r.baseline.not_enrolled));
      ImGui::TableNextColumn();
      text_right(with_thousands(r.candidate.not_enrolled));
      ImGui::TableNextColumn();
      text_right(signed_count(r.candidate.not_enrolled - r.baseline.not_enrolled),
                 ImGui::GetColorU32(ImGuiCol_TextDisabled));
    }
    ImGui::EndTable();
  }
  // Shares: one stacked bar per program, lowest tier on the left.
  ImGui::Spacing();
  auto share_bar = [&](const char* label, const ProgramSummary& ps) {
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetStyle().CellPadding.x);
    ImGui::TextDisabled("%s", label);
    ImGui::SameLine(fh * 5.6f + ImGui::GetStyle().CellPadding.x * 2);
    ImVec2 pos = ImGui::GetCursorScreenPos();
    float w = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().CellPadding.x;
    float h = ImGui::GetTextLineHeight() * 0.7f;
    pos.y += (ImGui::GetTextLineHeight() - h) * 0.5f;
    int64_t total = ps.not_enrolled;
    for (const auto& t : ps.tiers) total += t.customers;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float x = pos.x;
    for (size_t i = 0; i < ps.tiers.size(); ++i) {
      float tw = total ? w * static_cast<float>(ps.tiers[i].customers) / static_cast<float>(total) : 0;
      dl->AddRectFilled(ImVec2(x, pos.y), ImVec2(x + tw, pos.y + h), ui.tier_color(static_cast<int>(i)));
      x += tw;
    }
    if (ps.not_enrolled)
      dl->AddRectFilled(ImVec2(x, pos.y), ImVec2(pos.x + w, pos.y + h), IM_COL32(200, 200, 200, 255));
    ImGui::Dummy(ImVec2(w, ImGui::GetTextLineHeight()));
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      for (size_t i = ps.tiers.size(); i-- > 0;)
        ImGui::Text("%s: %s (%s)", ps.tiers[i].name.c_str(), with_thousands(ps.tiers[i].customers).c_str(),
                    pct(ps.tiers[i].customers).c_str());
      if (ps.not_enrolled) ImGui::Text("not enrolled: %s", with_thousands(ps.not_enrolled).c_str());
      ImGui::EndTooltip();
    }
  };
  share_bar("Baseline", r.baseline);
  share_bar("Candidate", r.candidate);
  ImGui::Spacing();
  // Cost and near misses, baseline -> candidate.
  if (ImGui::BeginTable("totals", 2, ImGuiTableFlags_PadOuterX)) {
    // The label column fits its longest label (the liability line names the currency), up to half the panel.
    float what_w = std::max(
        fh * 8.5f, ImGui::CalcTextSize(("Points liability, " + ui.baseline.currency.code).c_str()).x + fh * 0.5f);
    what_w = std::min(what_w, ImGui::GetContentRegionAvail().x * 0.5f);
    ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthFixed, what_w);
    ImGui::TableSetupColumn("baseline -> candidate", ImGuiTableColumnFlags_WidthStretch);
    auto row = [&](const std::string& what, const std::string& b, const std::string& cnd, ImU32 color,
                   const char* tip) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", what.c_str());
      if (tip && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
      ImGui::TableNextColumn();
      // "baseline -> candidate", right-aligned, the candidate coloured when it differs.
      std::string arrow = "  \xE2\x86\x92  ";
      float w = ImGui::CalcTextSize((b + arrow + cnd).c_str()).x;
      float avail = ImGui::GetContentRegionAvail().x;
      float x0 = ImGui::GetCursorPosX();
      if (avail > w) ImGui::SetCursorPosX(x0 + avail - w);
      ImGui::TextUnformatted(b.c_str());
      if (avail > w) ImGui::SameLine(0, 0);
      else { // too narrow for one line (large amounts): the candidate on its own line, never cut off
        float w2 = ImGui::CalcTextSize((arrow + cnd).c_str()).x;
        if (avail > w2) ImGui::SetCursorPosX(x0 + avail - w2);
      }
      ImGui::TextDisabled("%s", arrow.c_str());
      ImGui::SameLine(0, 0);
      if (color) ImGui::TextColored(ImColor(color).Value, "%s", cnd.c_str());
      else ImGui::TextUnformatted(cnd.c_str());
    };
    ImU32 cost_col = r.candidate.benefit_cost > r.baseline.benefit_cost   ? kDownColor
                     : r.candidate.benefit_cost < r.baseline.benefit_cost ? kUpColor
                                                                          : 0;
    row("Benefit cost, " + ui.baseline.currency.code, ui.money(r.baseline.benefit_cost, false),
        ui.money(r.candidate.benefit_cost, false), cost_col,
        "Discount % \xC3\x97 each customer's gross spend over the 365 days ending at the as-of day, summed over tiers "
        "(baseline \xE2\x86\x92 candidate).");
    row("Near misses", with_thousands(r.baseline.near_misses), with_thousands(r.candidate.near_misses), 0,
        "Customers whose progress to the next tier is at least 0.8 (baseline \xE2\x86\x92 candidate).");
    if (r.baseline.points_liability || r.candidate.points_liability)
      row("Points liability, " + ui.baseline.currency.code,
          r.baseline.points_liability ? ui.money(*r.baseline.points_liability, false) : "\xE2\x80\x94",
          r.candidate.points_liability ? ui.money(*r.candidate.points_liability, false) : "\xE2\x80\x94", 0,
          "Outstanding points \xC3\x97 their value.");
    ImGui::EndTable();
  }
}

} // namespace tierlab::tuner
