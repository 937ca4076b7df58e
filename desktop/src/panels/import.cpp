// The import report tab: rows read, used, duplicates, skipped, and the skipped rows.
#include "panels/panels.hpp"

namespace tierlab::tuner {

void show_import_tab(Shared& ui, Loader& loader) {
  if (ui.failed_import) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.05f, 1), "Import of %s failed:", ui.failed_import->request.path.c_str());
    ImGui::TextUnformatted(ui.failed_import->error.c_str());
    ImGui::PopTextWrapPos();
    if (!ui.failed_import->request.skip_bad_rows) {
      if (ImGui::Button("Import again, skipping bad rows")) loader.load_events(ui.failed_import->request.path, true);
      ImGui::SameLine();
      ImGui::TextDisabled("(they are counted and listed here)");
    }
    ImGui::Separator();
  }
  if (!ui.data) {
    if (!ui.failed_import)
      ui.empty_state(
          "Import report",
          "Drop an events file (events CSV/JSON, Shopify or WooCommerce orders, Online Retail, CDNOW) on the window.");
    return;
  }
  const ImportReport& r = ui.data->report;
  ui.heading(r.source.c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("format %s \xC2\xB7 %.2f s", r.format.c_str(), ui.data->seconds);
  if (ImGui::BeginTable("report", 2, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg)) {
    auto row = [&](const char* k, const std::string& v) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", k);
      ImGui::TableNextColumn();
      text_right(v);
    };
    row("rows read", with_thousands(r.rows_read));
    row("rows used", with_thousands(r.rows_used));
    row("duplicates", with_thousands(r.duplicates));
    row("skipped", with_thousands(r.skipped));
    if (r.left_out) row("  of which left out by the importer", with_thousands(r.left_out));
    row("customers", with_thousands(static_cast<int64_t>(ui.data->customers)));
    row("events", with_thousands(static_cast<int64_t>(ui.data->events)));
    row("first day", format_day(ui.data->first_day));
    row("last day", format_day(ui.data->last_day));
    ImGui::EndTable();
  }
  ImGui::TextUnformatted(r.summary().c_str());
  if (!r.first_skipped.empty()) {
    ImGui::Spacing();
    ImGui::Text("First %zu skipped rows:", r.first_skipped.size());
    if (ImGui::BeginTable("skipped", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersOuter,
                          ImVec2(0, ImGui::GetContentRegionAvail().y))) {
      ImGui::TableSetupScrollFreeze(0, 1);
      ImGui::TableSetupColumn("line", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 4);
      ImGui::TableSetupColumn("reason", ImGuiTableColumnFlags_WidthStretch);
      ImGui::TableHeadersRow();
      ImGuiListClipper clip;
      clip.Begin(static_cast<int>(r.first_skipped.size()));
      while (clip.Step())
        for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
          const auto& s = r.first_skipped[static_cast<size_t>(i)];
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          ImGui::Text("%lld", static_cast<long long>(s.line));
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(s.message.c_str());
        }
      ImGui::EndTable();
    }
  }
}

} // namespace tierlab::tuner
