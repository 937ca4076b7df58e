// The sweep tab: customers per tier as the selected threshold moves.
#include "panels/panels.hpp"

#include <cmath>
#include <exception>

#include "charts.hpp"
#include "tierlab/money.hpp"

namespace tierlab::tuner {

void show_sweep_tab(Shared& ui) {
  if (!ui.has_program || !ui.data) {
    ui.empty_state("Sweep", "The sweep shows how many customers each tier would have as one threshold moves. Load a "
                            "program and events first.");
    return;
  }
  const Program& c = ui.view; // this frame's snapshot: edits replace ui.cand.current()
  const Condition* leaf = ui.selected ? find_leaf(c, *ui.selected) : nullptr;
  if (!leaf) {
    ImGui::TextDisabled("Pick a threshold (the round button beside it) to see its sweep curve.");
    return;
  }
  const std::string& tier = c.tiers[static_cast<size_t>(ui.selected->tier)].name;
  const std::string& metric = c.metrics[static_cast<size_t>(leaf->metric)].name;
  bool money_metric = is_money(c.metrics[static_cast<size_t>(leaf->metric)].measure);
  if (ui.fonts.bold) ImGui::PushFont(ui.fonts.bold);
  ImGui::Text("%s: %s %s", tier.c_str(), metric.c_str(), leaf->above ? ">" : "\xE2\x89\xA5");
  if (ui.fonts.bold) ImGui::PopFont();
  ImGui::SameLine();
  ImGui::TextDisabled("customers per tier as this threshold moves (candidate, as of %s); click to set it",
                      format_day(ui.as_of).c_str());
  if (!ui.result || !ui.result->sweep) {
    ImGui::TextDisabled("Calculating\xE2\x80\xA6");
    return;
  }
  const SweepResult& s = *ui.result->sweep;
  std::vector<double> xs;
  for (int64_t t : s.thresholds) xs.push_back(static_cast<double>(t));
  std::vector<Series> series;
  for (size_t t = c.tiers.size(); t-- > 0;) {
    Series se;
    se.name = c.tiers[t].name;
    se.color = ui.tier_color(static_cast<int>(t));
    se.thickness = 2.5f * ui.scale;
    for (const auto& row : s.counts) se.y.push_back(t < row.size() ? static_cast<double>(row[t]) : 0.0);
    series.push_back(std::move(se));
  }
  legend(series);
  int metric_index = leaf->metric;
  int64_t unit = money_metric ? pow10i(c.currency.digits) : 1;
  ChartSpec spec;
  spec.axis = XAxis::Number;
  spec.tick_label = [&](double x) {
    int64_t v = static_cast<int64_t>(std::llround(x));
    return v % unit == 0 ? with_thousands(v / unit) : format_metric_value(c, metric_index, v);
  };
  spec.point_label = [&](size_t i) {
    std::string v = format_metric_value(c, metric_index, s.thresholds[i]);
    return metric + (leaf->above ? " > " : " \xE2\x89\xA5 ") + v + (money_metric ? " " + c.currency.code : "");
  };
  spec.has_marker = true;
  spec.marker_x = static_cast<double>(leaf->threshold);
  spec.marker_label = "now " + (money_metric ? ui.money(leaf->threshold, false) : with_thousands(leaf->threshold));
  auto res = line_chart("sweep", ImVec2(0, 0), xs, series, spec);
  if (res.clicked >= 0) {
    try {
      ui.cand.apply(with_threshold(c, *ui.selected, s.thresholds[static_cast<size_t>(res.clicked)]));
    } catch (const std::exception& e) {
      ui.message(e.what(), true);
    }
  }
}

} // namespace tierlab::tuner
