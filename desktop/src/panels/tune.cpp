// The Target mix tab: a share per tier (prefilled with today's), Tune moves
// one threshold per tier to the core's answer (spec §5b) as one undoable
// edit, and the tab says which targets were unreachable and why.
#include <exception>

#include "panels/panels.hpp"
#include "tierlab/error.hpp"
#include "tune_state.hpp"

#include "imgui_stdlib.h" // after imgui.h (panels.hpp)

namespace tierlab::tuner {

namespace {

// Today's shares (the candidate's), until the person types one.
void prefill(Shared& ui) {
  const Program& c = ui.view;
  if (ui.tune.share.size() != c.tiers.size()) {
    ui.tune.share.assign(c.tiers.size(), "");
    ui.tune.typed = false;
    ui.tune.prefilled_for = 0;
  }
  if (ui.tune.typed || !ui.result || ui.result->report.candidate.tiers.size() != c.tiers.size()) return;
  if (ui.tune.prefilled_for == ui.result->data_version) return;
  ui.tune.share = shares_at_or_above(ui.result->report.candidate);
  ui.tune.prefilled_for = ui.result->data_version;
}

} // namespace

void show_tune_tab(Shared& ui, Loader& loader) {
  if (!ui.has_program || !ui.data) {
    ui.empty_state("Target mix", "Say what share of customers each tier should hold; Tune finds the thresholds. "
                                 "Load a program and events first.");
    return;
  }
  prefill(ui);
  const Program& c = ui.view;
  ui.heading("Target mix");
  ImGui::SameLine();
  ImGui::TextDisabled("share of enrolled customers at each tier or above, %% (prefilled with today's)");
  const float fh = ImGui::GetFontSize();
  if (ImGui::BeginTable("targets", 2, ImGuiTableFlags_SizingFixedFit)) {
    for (size_t i = 1; i < c.tiers.size(); ++i) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushStyleColor(ImGuiCol_Text, ui.tier_color(static_cast<int>(i)));
      ImGui::Text("%s or above", c.tiers[i].name.c_str());
      ImGui::PopStyleColor();
      ImGui::TableNextColumn();
      ImGui::PushID(static_cast<int>(i));
      ImGui::SetNextItemWidth(fh * 6);
      if (ImGui::InputText("%##share", &ui.tune.share[i], ImGuiInputTextFlags_CharsDecimal)) ui.tune.typed = true;
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  ImGui::SetNextItemWidth(fh * 14);
  const std::string shown = ui.tune.metric < 0 || ui.tune.metric >= static_cast<int>(c.metrics.size())
                                ? "each tier's first condition"
                                : c.metrics[static_cast<size_t>(ui.tune.metric)].name;
  if (ImGui::BeginCombo("threshold to move", shown.c_str())) {
    if (ImGui::Selectable("each tier's first condition", ui.tune.metric < 0)) ui.tune.metric = -1;
    for (size_t m = 0; m < c.metrics.size(); ++m)
      if (ImGui::Selectable(c.metrics[m].name.c_str(), ui.tune.metric == static_cast<int>(m)))
        ui.tune.metric = static_cast<int>(m);
    ImGui::EndCombo();
  }
  ImGui::SetNextItemWidth(fh * 8);
  ImGui::InputTextWithHint("benefit cost at most", "no budget", &ui.tune.budget, ImGuiInputTextFlags_CharsDecimal);

  ImGui::BeginDisabled(ui.tune.pending);
  if (ImGui::Button(ui.tune.pending ? "Tuning\xE2\x80\xA6" : "Tune")) {
    try {
      TuneRequest r;
      r.candidate = c;
      r.as_of = ui.as_of;
      const std::string text = targets_text(c, ui.tune.share);
      if (!text.empty()) r.targets = parse_tune_targets(text);
      if (ui.tune.metric >= 0 && ui.tune.metric < static_cast<int>(c.metrics.size()))
        r.options.metric = c.metrics[static_cast<size_t>(ui.tune.metric)].name;
      if (!ui.tune.budget.empty()) {
        std::string why;
        auto b = parse_decimal(ui.tune.budget, c.currency.digits, &why);
        if (!b) throw InputError("budget: " + why);
        r.options.budget = *b;
      }
      if (r.targets.empty() && !r.options.budget) throw InputError("give a share for a tier, or a budget");
      ui.tune.typed = true; // the targets asked for stay on screen
      loader.tune(std::move(r));
    } catch (const std::exception& e) {
      ui.message(e.what(), true);
    }
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::TextDisabled("moves one threshold per tier, highest first; Edit \xE2\x80\xBA Undo puts them back");
  ImGui::Spacing();
  ImGui::PushTextWrapPos(0);
  for (const std::string& line : ui.tune.summary) ImGui::BulletText("%s", line.c_str());
  ImGui::PopTextWrapPos();
}

} // namespace tierlab::tuner
