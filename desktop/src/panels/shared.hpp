#pragma once
// What the tuner's panels share: the loaded program and its candidate, the
// imported events, the latest results, the sweep selection, the open tab and
// the messages. App (app.cpp) fills it from the Engine; each panel
// (panels/*.cpp) draws from it and edits it. Panels never call the Engine:
// what needs it (opening files) goes through a Loader.
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

constexpr ImU32 kUpColor = IM_COL32(46, 139, 87, 255);
constexpr ImU32 kDownColor = IM_COL32(192, 57, 43, 255);
inline const ImVec4 kChangedBg(1.0f, 0.94f, 0.80f, 1.0f); // an edited value (differs from the baseline)

// What panels ask of the window that owns the Engine (implemented by App).
class Loader {
 public:
  // A program or events, by the file's content.
  virtual void open_path(const std::string& path) = 0;
  virtual void load_events(const std::string& path, bool skip_bad_rows) = 0;
  virtual void tune(TuneRequest r) = 0; // the Target mix tab (panels/tune.cpp)

 protected:
  ~Loader() = default;
};

struct Shared {
  Fonts fonts;
  float scale = 1;
  bool skip_bad_rows = false; // --skip-bad-rows: for File › Reload events
  bool quit = false;

  // program
  bool has_program = false;
  std::string program_path, save_path;
  Program baseline;
  History cand;
  Program view;                  // cand.current() at the start of the frame
  uint64_t inputs_version = 0;   // as-of, selection, baseline
  uint64_t baseline_version = 0; // the baseline program

  // events
  std::string events_path;
  std::optional<ImportOutcome> data;          // last successful import
  std::optional<ImportOutcome> failed_import; // last failed import (shown in the Import tab)
  bool importing = false;
  Day as_of = 0;

  // results
  std::optional<ComputeOutcome> result;
  std::optional<ReplayOutcome> replay; // the candidate's replay
  std::optional<ReplayResult> replay_baseline;
  bool replay_pending = false;
  ReplayStep replay_step = ReplayStep::Week;
  bool replay_step_chosen = false;
  bool show_baseline_in_replay = true;
  std::optional<NotifyOutcome> notify; // the Notify tab's lists (notify.cpp)

  // the threshold the sweep shows
  std::optional<LeafRef> selected;

  int tab_request = -1; // 0 sweep, 1 replay, 2 movers, 3 import, 4 notify, 5 tune (Target mix)

  // the program panel's typed text: the as-of box, and thresholds by leaf
  struct Edits {
    std::string as_of_text;
    std::map<std::string, std::string> text;
    std::map<std::string, std::string> error;
  } edits;

  // the movers table (the migration panel sets its tiers)
  struct Movers {
    ImGuiTextFilter filter;
    int direction = 0;        // 0 all, 1 upgrades, 2 downgrades
    int from = -2, to = -2;   // -2 any
    std::vector<size_t> view; // rows shown, in order
    bool view_dirty = true;
    int sort_column = 0;
    bool sort_ascending = true;
  } movers;

  // messages
  struct Message {
    std::string text;
    bool error = false;
    double time = 0;
  };
  std::vector<Message> messages; // errors, shown until dismissed
  std::string note;              // the latest note, on the status line
  double note_time = 0;
  bool had_error = false;
  std::string last_error;

  // the Target mix tab (panels/tune.cpp): a percent text per tier, prefilled with today's
  struct Tune {
    std::vector<std::string> share;
    uint64_t prefilled_for = 0; // the data version the shares were prefilled from
    bool typed = false;         // the person changed a share: no more prefilling
    int metric = -1;            // -1: each tier's first leaf
    std::string budget;
    bool pending = false;
    std::vector<std::string> summary; // the last tune's lines
  } tune;

  // popups
  struct Popups {
    bool open = false, save_as = false, close = false;
    std::string path_input;
  } popups;

  // ---- actions on the state ----
  // A note (status line) or an error (a red band until dismissed, and stderr).
  void message(std::string text, bool error);
  void set_as_of(Day d);
  void select_leaf(const LeafRef& ref);
  void save(const std::string& path);
  // True when the window may close now, else asks "save changes?".
  bool request_close();

  // ---- drawing helpers ----
  std::string money(int64_t minor, bool with_code = true) const;
  std::string metric_value(int metric, int64_t v) const;
  ImU32 tier_color(int tier, float alpha = 1.0f) const;
  std::string tier_name(int tier) const; // "not enrolled" for -1
  float label_width() const;
  void heading(const char* text) const;
  void empty_state(const char* title, const char* text) const;
};

// ---- small helpers ----
std::string leaf_key(const LeafRef& r);
std::string base_name(const std::string& path);
const char* step_name(ReplayStep s);
double fraction_value(const Fraction& f);
// Text right-aligned in the current table cell.
void text_right(const std::string& s, ImU32 color = 0);
std::string signed_count(int64_t d);

} // namespace tierlab::tuner
