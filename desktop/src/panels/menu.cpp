// The menu bar, the keyboard shortcuts and the popups (open, save as, unsaved changes).
#include "panels/panels.hpp"

#include <GLFW/glfw3.h> // key codes only (imgui 1.86 reads keys by backend index)

#include "imgui_stdlib.h"

namespace tierlab::tuner {

void shortcuts(Shared& ui) {
  ImGuiIO& io = ImGui::GetIO();
  if (!io.KeyCtrl) return;
  if (ImGui::IsKeyPressed(GLFW_KEY_S, false)) {
    if (io.KeyShift) {
      ui.popups.path_input = ui.save_path;
      ui.popups.save_as = true;
    } else ui.save(ui.save_path);
  }
  if (ImGui::IsKeyPressed(GLFW_KEY_O, false)) {
    ui.popups.path_input.clear();
    ui.popups.open = true;
  }
  if (io.WantTextInput) return; // a text field has its own undo
  if (ImGui::IsKeyPressed(GLFW_KEY_Z, true)) {
    if (io.KeyShift) ui.cand.redo();
    else ui.cand.undo();
  }
  if (ImGui::IsKeyPressed(GLFW_KEY_Y, true)) ui.cand.redo();
}

void show_menu(Shared& ui, Loader& loader) {
  if (!ImGui::BeginMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Open\xE2\x80\xA6", "Ctrl+O")) {
      ui.popups.path_input.clear();
      ui.popups.open = true;
    }
    if (ImGui::MenuItem("Save candidate", "Ctrl+S", false, ui.has_program)) ui.save(ui.save_path);
    if (ImGui::MenuItem("Save candidate as\xE2\x80\xA6", "Ctrl+Shift+S", false, ui.has_program)) {
      ui.popups.path_input = ui.save_path;
      ui.popups.save_as = true;
    }
    if (ImGui::MenuItem("Reload events", nullptr, false, !ui.events_path.empty() && !ui.importing))
      loader.load_events(ui.events_path, ui.skip_bad_rows);
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", "Ctrl+Q")) {
      if (ui.request_close()) ui.quit = true;
    }
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Edit")) {
    std::string u = "Undo " + ui.cand.undo_label(), r = "Redo " + ui.cand.redo_label();
    if (ImGui::MenuItem(ui.cand.can_undo() ? u.c_str() : "Undo", "Ctrl+Z", false, ui.cand.can_undo())) ui.cand.undo();
    if (ImGui::MenuItem(ui.cand.can_redo() ? r.c_str() : "Redo", "Ctrl+Shift+Z", false, ui.cand.can_redo()))
      ui.cand.redo();
    ImGui::Separator();
    if (ImGui::MenuItem("Reset candidate to baseline", nullptr, false,
                        ui.has_program && !same_program(ui.baseline, ui.cand.current())))
      ui.cand.apply(ui.baseline, "reset to baseline");
    if (ImGui::MenuItem("Make candidate the baseline", nullptr, false,
                        ui.has_program && !same_program(ui.baseline, ui.cand.current()))) {
      ui.baseline = ui.cand.current();
      ++ui.inputs_version;
      ++ui.baseline_version;
    }
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Help")) {
    ImGui::TextUnformatted("Drop a program JSON or an events file on the window.");
    ImGui::TextUnformatted("Sliders: drag, or Ctrl+click to type a value.");
    ImGui::TextUnformatted("Threshold boxes take exact values (Enter to apply).");
    ImGui::TextUnformatted("Click the sweep or replay chart to set the threshold or the as-of day.");
    ImGui::TextUnformatted("Ctrl+Z undo, Ctrl+Shift+Z / Ctrl+Y redo, Ctrl+S save candidate.");
    ImGui::TextUnformatted("F12 saves a screenshot of the window (tierlab-tuner-N.png).");
    ImGui::EndMenu();
  }
  if (ImGui::IsKeyPressed(GLFW_KEY_Q, false) && ImGui::GetIO().KeyCtrl && ui.request_close()) ui.quit = true;
  ImGui::EndMenuBar();
}

void show_popups(Shared& ui, Loader& loader) {
  float fh = ImGui::GetFontSize();
  if (ui.popups.open) ImGui::OpenPopup("Open file");
  if (ui.popups.save_as) ImGui::OpenPopup("Save candidate as");
  if (ui.popups.close) ImGui::OpenPopup("Unsaved changes");
  ui.popups.open = ui.popups.save_as = ui.popups.close = false;
  ImVec2 center = ImGui::GetMainViewport()->GetCenter();

  ImGui::SetNextWindowPos(center, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (ImGui::BeginPopupModal("Open file", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::TextUnformatted("A program JSON or an events file (any format the core imports):");
    ImGui::SetNextItemWidth(fh * 30);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    bool enter = ImGui::InputText("##path", &ui.popups.path_input, ImGuiInputTextFlags_EnterReturnsTrue);
    if ((ImGui::Button("Open") || enter) && !ui.popups.path_input.empty()) {
      loader.open_path(ui.popups.path_input);
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }

  ImGui::SetNextWindowPos(center, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (ImGui::BeginPopupModal("Save candidate as", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::SetNextItemWidth(fh * 30);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    bool enter = ImGui::InputText("##path", &ui.popups.path_input, ImGuiInputTextFlags_EnterReturnsTrue);
    if ((ImGui::Button("Save") || enter) && !ui.popups.path_input.empty()) {
      ui.save(ui.popups.path_input);
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }

  ImGui::SetNextWindowPos(center, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (ImGui::BeginPopupModal("Unsaved changes", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::Text("The candidate program has unsaved changes.");
    std::string label = "Save to " + base_name(ui.save_path) + " and quit";
    if (ImGui::Button(label.c_str())) {
      ui.save(ui.save_path);
      if (!ui.cand.dirty()) ui.quit = true;
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Quit without saving")) {
      ui.quit = true;
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

} // namespace tierlab::tuner
