// The replay tab: tier counts over the whole history, candidate and baseline.
#include "panels/panels.hpp"

#include "charts.hpp"

namespace tierlab::tuner {

void show_replay_tab(Shared& ui) {
  if (!ui.has_program || !ui.data) {
    ui.empty_state(
        "Replay",
        "The replay shows tier counts on each step date over the whole history. Load a program and events first.");
    return;
  }
  float fh = ImGui::GetFontSize();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Step");
  ImGui::SameLine();
  int step = static_cast<int>(ui.replay_step);
  ImGui::SetNextItemWidth(fh * 5.5f);
  if (ImGui::Combo("##step", &step, "day\0week\0month\0")) {
    ui.replay_step = static_cast<ReplayStep>(step);
    ui.replay_step_chosen = true;
  }
  ImGui::SameLine();
  ImGui::Checkbox("baseline", &ui.show_baseline_in_replay);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Draw the baseline program's counts as faded lines");
  ImGui::SameLine();
  ImGui::TextDisabled("%s \xE2\x80\x93 %s; click the chart to set the as-of day",
                      format_day(ui.data->first_day).c_str(), format_day(ui.data->last_day).c_str());
  if (!ui.replay) {
    ImGui::TextDisabled(ui.replay_pending ? "Replaying the history on a worker thread\xE2\x80\xA6"
                                          : "Waiting\xE2\x80\xA6");
    return;
  }
  const ReplayResult& cr = ui.replay->candidate;
  static const ReplayResult kNone;
  const ReplayResult& br = ui.replay_baseline ? *ui.replay_baseline : kNone;
  std::vector<double> xs;
  for (const auto& p : cr.points) xs.push_back(static_cast<double>(p.day));
  std::vector<Series> series;
  const Program& c = ui.view; // this frame's snapshot: edits replace ui.cand.current()
  for (size_t t = c.tiers.size(); t-- > 0;) {
    Series se;
    se.name = c.tiers[t].name;
    se.color = ui.tier_color(static_cast<int>(t));
    se.thickness = 2.5f * ui.scale;
    for (const auto& p : cr.points) se.y.push_back(t < p.counts.size() ? static_cast<double>(p.counts[t]) : 0.0);
    series.push_back(std::move(se));
  }
  std::vector<Series> legend_series = series;
  if (ui.show_baseline_in_replay && br.points.size() == cr.points.size()) {
    for (size_t t = c.tiers.size(); t-- > 0;) {
      Series se;
      se.name = c.tiers[t].name + " (baseline)";
      se.color = ui.tier_color(static_cast<int>(t));
      se.faded = true;
      se.thickness = 2.5f * ui.scale;
      for (const auto& p : br.points) se.y.push_back(t < p.counts.size() ? static_cast<double>(p.counts[t]) : 0.0);
      series.push_back(std::move(se));
    }
  }
  legend(legend_series);
  if (ui.show_baseline_in_replay) {
    ImGui::SameLine(0, fh);
    ImGui::TextDisabled("(faded: baseline)");
  }
  ChartSpec spec;
  spec.axis = XAxis::Day;
  spec.point_label = [&](size_t i) { return format_day(cr.points[i].day); };
  spec.has_marker = true;
  spec.marker_x = static_cast<double>(ui.as_of);
  spec.marker_label = "as of " + format_day(ui.as_of);
  float summary_h = ImGui::GetTextLineHeightWithSpacing();
  auto res = line_chart("replay", ImVec2(0, ImGui::GetContentRegionAvail().y - summary_h), xs, series, spec);
  int idx = res.hovered;
  if (idx < 0)
    for (size_t i = 0; i < cr.points.size(); ++i)
      if (cr.points[i].day <= ui.as_of) idx = static_cast<int>(i);
  if (idx >= 0) {
    const auto& p = cr.points[static_cast<size_t>(idx)];
    ImGui::TextDisabled("%s: %s listed \xC2\xB7 \xE2\x96\xB2 %s upgrades, \xE2\x96\xBC %s downgrades since the "
                        "previous %s \xC2\xB7 advancement %s",
                        format_day(p.day).c_str(), with_thousands(p.customers).c_str(),
                        with_thousands(p.upgrades).c_str(), with_thousands(p.downgrades).c_str(),
                        step_name(ui.replay_step), format_percent(fraction_value(p.advancement_rate)).c_str());
  }
  if (res.clicked >= 0) ui.set_as_of(cr.points[static_cast<size_t>(res.clicked)].day);
}

} // namespace tierlab::tuner
