// The program panel: as-of day, program-wide settings, and per tier its thresholds
// (slider + exact value) and benefits.
#include "panels/panels.hpp"

#include <algorithm>
#include <cmath>
#include <exception>

#include "imgui_internal.h"
#include "imgui_stdlib.h"
#include "tierlab/money.hpp"

namespace tierlab::tuner {

namespace {

void show_threshold(Shared& ui, const LeafInfo& leaf) {
  const Program& c = ui.view; // this frame's snapshot: edits replace ui.cand.current()
  const Metric& m = c.metrics[static_cast<size_t>(leaf.metric)];
  bool money_metric = is_money(m.measure);
  std::string key = leaf_key(leaf.ref);
  ImGui::PushID(key.c_str());
  ImGui::TableNextRow();

  // Metric: a radio button picks the threshold the sweep tab shows.
  ImGui::TableNextColumn();
  bool selected = ui.selected && *ui.selected == leaf.ref;
  if (ImGui::RadioButton(m.name.c_str(), selected)) {
    ui.select_leaf(leaf.ref);
    ui.tab_request = 0;
  }
  if (ImGui::IsItemHovered()) {
    std::string window;
    switch (m.window.kind) {
      case Window::Kind::Days: window = "over the last " + std::to_string(m.window.days) + " days"; break;
      case Window::Kind::Lifetime: window = "over the whole history"; break;
      case Window::Kind::Year: window = "this calendar year"; break;
      case Window::Kind::Quarter: window = "this calendar quarter"; break;
      case Window::Kind::Month: window = "this calendar month"; break;
    }
    ImGui::SetTooltip("%s: %s %s%s\nSelect to see its sweep curve.", m.name.c_str(), measure_name(m.measure),
                      m.measure == Measure::TenureDays ? "" : window.c_str(),
                      m.measure == Measure::EventCount ? (" (kind " + m.kind + ")").c_str() : "");
  }

  // at_least / above
  ImGui::TableNextColumn();
  const char* op = leaf.above ? ">" : "\xE2\x89\xA5";
  if (ImGui::Button(op, ImVec2(ImGui::GetFrameHeight(), 0))) ui.cand.apply(with_leaf_above(c, leaf.ref, !leaf.above));
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(leaf.above ? "above: value > threshold (click for at_least)"
                                 : "at_least: value \xE2\x89\xA5 threshold (click for above)");

  // Slider (whole units) and exact input (to the minor unit).
  const Condition* base = find_leaf(ui.baseline, leaf.ref);
  bool changed = base && (base->threshold != leaf.threshold || base->above != leaf.above);
  int64_t unit = money_metric ? pow10i(c.currency.digits) : 1;
  int64_t top = base ? slider_max(ui.baseline, leaf.ref) : slider_max(c, leaf.ref);
  double v = static_cast<double>(leaf.threshold) / static_cast<double>(unit);
  double lo = 0, hi = static_cast<double>(std::max(top, leaf.threshold)) / static_cast<double>(unit);
  std::string shown = money_metric ? ui.money(leaf.threshold, false) : with_thousands(leaf.threshold);
  ImGui::TableNextColumn();
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (changed) ImGui::PushStyleColor(ImGuiCol_FrameBg, kChangedBg);
  if (ImGui::SliderScalar("##slider", ImGuiDataType_Double, &v, &lo, &hi, shown.c_str(), ImGuiSliderFlags_NoInput)) {
    int64_t nv = static_cast<int64_t>(std::llround(v)) * unit;
    try {
      ui.cand.update(with_threshold(ui.cand.current(), leaf.ref, nv));
    } catch (const std::exception& e) {
      ui.message(e.what(), true);
    }
  }
  if (changed) ImGui::PopStyleColor();
  if (ImGui::IsItemDeactivated()) ui.cand.end_continuous();
  if (ImGui::IsItemHovered() && base)
    ImGui::SetTooltip("Drag: whole %s. Baseline %s %s.", money_metric ? c.currency.code.c_str() : "units",
                      base->above ? ">" : "\xE2\x89\xA5",
                      format_metric_value(ui.baseline, leaf.metric, base->threshold).c_str());

  ImGui::TableNextColumn();
  ImGui::SetNextItemWidth(-FLT_MIN);
  ImGuiID input_id = ImGui::GetID("##exact");
  std::string& buf = ui.edits.text[key];
  if (ImGui::GetActiveID() != input_id) buf = format_metric_value(c, leaf.metric, leaf.threshold);
  ImGui::InputText("##exact", &buf, ImGuiInputTextFlags_AutoSelectAll);
  if (ImGui::IsItemDeactivatedAfterEdit()) {
    try {
      ui.cand.apply(with_threshold_text(ui.cand.current(), leaf.ref, buf));
      ui.edits.error.erase(key);
    } catch (const std::exception& e) {
      ui.edits.error[key] = e.what();
    }
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Exact value%s; Enter to apply", money_metric ? (" in " + c.currency.code).c_str() : "");
  ImGui::PopID();
}

void show_tier_editor(Shared& ui, int tier) {
  const Program& c = ui.view; // this frame's snapshot: edits replace ui.cand.current()
  const Tier& t = c.tiers[static_cast<size_t>(tier)];
  ImGui::PushID(tier);
  float fh = ImGui::GetFontSize();
  const ImGuiStyle& st = ImGui::GetStyle();
  // Header: a band in the tier's colour.
  ImVec2 p = ImGui::GetCursorScreenPos();
  float w = ImGui::GetContentRegionAvail().x;
  float h = ImGui::GetFrameHeight();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), ui.tier_color(tier, 0.16f), 3);
  dl->AddRectFilled(p, ImVec2(p.x + fh * 0.35f, p.y + h), ui.tier_color(tier), 2);
  ImGui::SetCursorScreenPos(ImVec2(p.x + fh * 0.7f, p.y + st.FramePadding.y));
  ui.heading(t.name.c_str());
  ImGui::SameLine();
  if (tier == 0) ImGui::TextDisabled("the floor: every enrolled customer");
  else if (t.qualify->op != Condition::Op::Leaf)
    ImGui::TextDisabled("qualifies on %s of", t.qualify->op == Condition::Op::All ? "all" : "any");
  ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + h + st.ItemSpacing.y));

  auto leaves = tier_leaves(c, tier);
  if (!leaves.empty()) {
    ImGuiTableFlags tf = ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoPadOuterX;
    if (ImGui::BeginTable("leaves", 4, tf)) {
      ImGui::TableSetupColumn("metric", ImGuiTableColumnFlags_WidthFixed, ui.label_width() - st.CellPadding.x * 2);
      ImGui::TableSetupColumn("op", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFrameHeight());
      ImGui::TableSetupColumn("slider", ImGuiTableColumnFlags_WidthStretch);
      ImGui::TableSetupColumn("exact", ImGuiTableColumnFlags_WidthFixed, fh * 5.6f);
      for (const auto& leaf : leaves) show_threshold(ui, leaf);
      ImGui::EndTable();
    }
    // A typed value the core refused: the reason, full width, until fixed.
    for (const auto& leaf : leaves) {
      auto err = ui.edits.error.find(leaf_key(leaf.ref));
      if (err == ui.edits.error.end()) continue;
      ImGui::PushTextWrapPos(0);
      ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.05f, 1), "%s", err->second.c_str());
      ImGui::PopTextWrapPos();
    }
  }

  // Benefits: discount and free shipping on one line.
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Discount");
  ImGui::SameLine(ui.label_width());
  float pct = static_cast<float>(t.benefits.discount_basis_points) / 100.0f;
  float top = std::max(20.0f, pct);
  const Tier& bt = ui.baseline.tiers[static_cast<size_t>(tier)];
  bool discount_changed = bt.benefits.discount_basis_points != t.benefits.discount_basis_points;
  if (discount_changed) ImGui::PushStyleColor(ImGuiCol_FrameBg, kChangedBg);
  float ship_w =
      ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize("free shipping").x;
  ImGui::SetNextItemWidth(
      std::max(fh * 4.0f, ImGui::GetContentRegionAvail().x - ship_w - ImGui::GetStyle().ItemSpacing.x));
  if (ImGui::SliderFloat("##discount", &pct, 0.0f, top, "%.2f%%")) {
    int bp = static_cast<int>(std::lround(std::clamp(pct, 0.0f, 100.0f) * 100.0f));
    try {
      ui.cand.update(with_discount(ui.cand.current(), tier, bp));
    } catch (const std::exception& e) {
      ui.message(e.what(), true);
    }
  }
  if (discount_changed) ImGui::PopStyleColor();
  if (ImGui::IsItemDeactivated()) ui.cand.end_continuous();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("discount_percent (baseline %s%%). Ctrl+click to type any value 0\xE2\x80\x93"
                      "100.",
                      format_decimal(bt.benefits.discount_basis_points, 2).c_str());
  ImGui::SameLine();
  bool ship = t.benefits.free_shipping;
  if (ImGui::Checkbox("free shipping", &ship)) ui.cand.apply(with_free_shipping(ui.cand.current(), tier, ship));
  if (!t.benefits.perks.empty()) {
    std::string perks;
    for (const auto& s : t.benefits.perks) perks += (perks.empty() ? "" : ", ") + s;
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("Perks: %s", perks.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::Spacing();
  ImGui::PopID();
}

} // namespace

void show_program_panel(Shared& ui) {
  if (!ui.has_program) {
    ui.empty_state("Program",
                   "Drop a program JSON (samples/programs/*.json) on the window, or use File \xE2\x80\xBA Open.");
    return;
  }
  const Program& c = ui.view; // this frame's snapshot: edits replace ui.cand.current()
  float fh = ImGui::GetFontSize();
  const float label_w = ui.label_width();
  ui.heading("Candidate program");
  ImGui::SameLine();
  bool changed = !same_program(ui.baseline, c);
  if (changed) ImGui::TextColored(ImVec4(0.72f, 0.42f, 0.02f, 1), "edited");
  else ImGui::TextDisabled("= baseline");

  ImGui::BeginDisabled(!ui.cand.can_undo());
  if (ImGui::Button("Undo")) ui.cand.undo();
  ImGui::EndDisabled();
  if (ui.cand.can_undo() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Undo %s (Ctrl+Z)", ui.cand.undo_label().c_str());
  ImGui::SameLine();
  ImGui::BeginDisabled(!ui.cand.can_redo());
  if (ImGui::Button("Redo")) ui.cand.redo();
  ImGui::EndDisabled();
  if (ui.cand.can_redo() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Redo %s (Ctrl+Shift+Z)", ui.cand.redo_label().c_str());
  ImGui::SameLine();
  ImGui::BeginDisabled(!changed);
  if (ImGui::Button("Reset")) ui.cand.apply(ui.baseline, "reset to baseline");
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Back to the baseline program (undoable)");
  ImGui::SameLine();
  if (ImGui::Button(ui.cand.dirty() ? "Save *" : "Save")) ui.save(ui.save_path);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Save the candidate to %s (Ctrl+S)", ui.save_path.c_str());
  ImGui::Spacing();

  // As-of day and the program-wide settings.
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("As of");
  ImGui::SameLine(label_w);
  if (ui.data) {
    // A slider over the history and an exact date box.
    float input_w = fh * 6.2f;
    ImGui::SetNextItemWidth(
        std::max(fh * 4.0f, ImGui::GetContentRegionAvail().x - input_w - ImGui::GetStyle().ItemSpacing.x));
    int d = ui.as_of;
    std::string shown = format_day(ui.as_of);
    if (ImGui::SliderInt("##asof", &d, ui.data->first_day, ui.data->last_day, "",
                         ImGuiSliderFlags_AlwaysClamp | ImGuiSliderFlags_NoInput))
      ui.set_as_of(d);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("The day every answer is about (end of day, UTC), from %s to %s. Or click the replay chart.",
                        format_day(ui.data->first_day).c_str(), format_day(ui.data->last_day).c_str());
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGuiID id = ImGui::GetID("##asof_text");
    if (ImGui::GetActiveID() != id) ui.edits.as_of_text = shown;
    ImGui::InputText("##asof_text", &ui.edits.as_of_text,
                     ImGuiInputTextFlags_AutoSelectAll | ImGuiInputTextFlags_CharsNoBlank);
    if (ImGui::IsItemDeactivatedAfterEdit()) {
      if (auto day = parse_day(ui.edits.as_of_text)) {
        if (*day < ui.data->first_day || *day > ui.data->last_day)
          ui.message("As of " + ui.edits.as_of_text + ": outside the events (" + format_day(ui.data->first_day) +
                         " \xE2\x80\x93 " + format_day(ui.data->last_day) + "); using the nearest day",
                     false);
        ui.set_as_of(*day);
      } else {
        ui.message("As of: expected a date YYYY-MM-DD, got \"" + ui.edits.as_of_text + "\"", true);
      }
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Type a date YYYY-MM-DD, Enter to apply");
  } else {
    ImGui::TextDisabled("(no events yet)");
  }

  auto int_setting = [&](const char* label, const char* id, int value, auto make, const char* help) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", help);
    ImGui::SameLine(label_w);
    ImGui::SetNextItemWidth(fh * 7.0f);
    int v = value;
    if (ImGui::InputInt(id, &v, 1, 30)) {
      try {
        ui.cand.apply(make(ui.cand.current(), std::clamp(v, 0, 100000)));
      } catch (const std::exception& e) {
        ui.message(e.what(), true);
      }
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", help);
    ImGui::SameLine();
    ImGui::TextDisabled("days");
  };
  int_setting("Retention", "##retention", c.retention_days, with_retention_days,
              "retention_days: a customer keeps the best tier reached in the last N days (0 = the tier of the day).");
  int_setting("Qualify delay", "##delay", c.qualify_delay_days, with_qualify_delay_days,
              "qualify_delay_days: a purchase counts only N days after its date (the return window).");
  ImGui::Spacing();

  ImGui::BeginChild("tiers", ImVec2(0, 0), false);
  for (size_t t = 0; t < c.tiers.size(); ++t) show_tier_editor(ui, static_cast<int>(t));
  ImGui::EndChild();
}

} // namespace tierlab::tuner
