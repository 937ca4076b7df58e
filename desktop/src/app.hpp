#pragma once
// The tuner window: one full-window ImGui layout, panels drawn by one
// function each (ShowXxx style of imgui_demo.cpp). All calculation goes
// through the core, on the Engine's worker threads.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine.hpp"
#include "imgui.h"
#include "tuner_state.hpp"

namespace tierlab::tuner {

struct Fonts {
  ImFont* regular = nullptr;
  ImFont* bold = nullptr;
  ImFont* large = nullptr; // headline numbers
};

class App {
public:
  App(Options opt, Fonts fonts, float scale);

  // Files from the command line, then dropped files; a file is a program
  // or events by its content.
  void open_path(const std::string& path);
  void open_initial();

  // One frame of UI (between ImGui::NewFrame and ImGui::Render).
  void frame();

  // Window title ("Tierlab Tuner — Program name *").
  std::string title() const;
  // The user closed the window: true when it may close now (else a
  // "save changes?" question is shown).
  bool request_close();
  bool should_quit() const { return quit_; }

  // A note or an error for the person at the window.
  void notify(std::string text, bool error) { message(std::move(text), error); }

  // Screenshot mode: the data work is done and every panel has its results.
  bool settled() const;
  // Messages that were errors (for the screenshot mode's exit status).
  bool had_error() const { return had_error_; }
  const std::string& last_error() const { return last_error_; }

private:
  // data
  void load_program(const std::string& path);
  void load_events(const std::string& path, bool skip_bad_rows);
  void poll();
  void request_work();
  void save(const std::string& path);
  void set_as_of(Day d);
  void select_leaf(const LeafRef& ref);
  void message(std::string text, bool error);

  // panels
  void show_menu();
  void show_messages();
  void show_status_line();
  void show_program_panel();
  void show_tier_editor(int tier);
  void show_threshold(const LeafInfo& leaf);
  void show_counts_panel();
  void show_migration_panel();
  void show_sweep_tab();
  void show_replay_tab();
  void show_movers_tab();
  void show_import_tab();
  void show_popups();
  void shortcuts();
  void heading(const char* text);
  void empty_state(const char* title, const char* text);

  std::string money(int64_t minor, bool with_code = true) const;
  float label_width() const;
  std::string metric_value(int metric, int64_t v) const;
  ImU32 tier_color(int tier, float alpha = 1.0f) const;
  std::string tier_name(int tier) const; // "not enrolled" for -1

  Options opt_;
  Fonts fonts_;
  float scale_ = 1;
  Engine engine_;
  bool quit_ = false;

  // program
  bool has_program_ = false;
  std::string program_path_, save_path_;
  Program baseline_;
  History cand_;
  Program view_; // cand_.current() at the start of the frame
  uint64_t inputs_version_ = 0;   // as-of, selection, baseline
  uint64_t baseline_version_ = 0; // the baseline program

  // events
  std::string events_path_;
  std::optional<ImportOutcome> data_;          // last successful import
  std::optional<ImportOutcome> failed_import_; // last failed import (shown in the Import tab)
  int imported_digits_ = -1;
  bool importing_ = false;
  Day as_of_ = 0;
  std::string as_of_text_;

  // results
  struct Key {
    uint64_t revision = 0, inputs = 0, data = 0;
    bool operator==(const Key&) const = default;
  };
  std::optional<Key> compute_key_, replay_key_;
  double replay_due_ = 0; // time after which a changed replay is requested (debounce)
  std::optional<ComputeOutcome> result_;
  std::optional<ReplayOutcome> replay_;      // the candidate's replay
  std::optional<ReplayResult> replay_baseline_;
  std::optional<Key> replay_baseline_key_;
  bool replay_pending_ = false;
  ReplayStep replay_step_ = ReplayStep::Week;
  bool replay_step_chosen_ = false;
  bool show_baseline_in_replay_ = true;

  // selection for the sweep
  std::optional<LeafRef> selected_;

  // exact-input buffers of thresholds, by leaf
  std::map<std::string, std::string> edit_text_;
  std::map<std::string, std::string> edit_error_;

  // movers table
  ImGuiTextFilter movers_filter_;
  int movers_direction_ = 0; // 0 all, 1 upgrades, 2 downgrades
  int movers_from_ = -2, movers_to_ = -2; // -2 any
  std::vector<size_t> movers_view_;
  bool movers_view_dirty_ = true;
  int movers_sort_column_ = 0;
  bool movers_sort_ascending_ = true;

  // tabs
  int tab_request_ = -1; // 0 sweep, 1 replay, 2 movers, 3 import

  // messages
  struct Message {
    std::string text;
    bool error = false;
    double time = 0;
  };
  std::vector<Message> messages_; // errors, shown until dismissed
  std::string note_;               // the latest note, on the status line
  double note_time_ = 0;
  bool had_error_ = false;
  std::string last_error_;

  // popups
  bool open_popup_ = false, save_as_popup_ = false, close_popup_ = false;
  std::string path_input_;
};

} // namespace tierlab::tuner
