#include "app.hpp"

#include <GLFW/glfw3.h> // key codes only (imgui 1.86 reads keys by backend index)

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>

#include "charts.hpp"
#include "imgui_internal.h"
#include "imgui_stdlib.h"
#include "tierlab/error.hpp"
#include "tierlab/money.hpp"

namespace tierlab::tuner {

namespace {

constexpr ImU32 kUpColor = IM_COL32(46, 139, 87, 255);
constexpr ImU32 kDownColor = IM_COL32(192, 57, 43, 255);
const ImVec4 kChangedBg(1.0f, 0.94f, 0.80f, 1.0f); // an edited value (differs from the baseline)

std::string leaf_key(const LeafRef& r) {
  std::string k = std::to_string(r.tier);
  for (int i : r.path) {
    k += '/';
    k += std::to_string(i);
  }
  return k;
}

std::string base_name(const std::string& path) {
  auto s = path.find_last_of('/');
  return s == std::string::npos ? path : path.substr(s + 1);
}

const char* step_name(ReplayStep s) {
  switch (s) {
    case ReplayStep::Day: return "day";
    case ReplayStep::Week: return "week";
    case ReplayStep::Month: return "month";
  }
  return "week";
}

double fraction_value(const Fraction& f) { return f.den ? static_cast<double>(f.num) / static_cast<double>(f.den) : 0.0; }

// Text right-aligned in the current table cell.
void text_right(const std::string& s, ImU32 color = 0) {
  float w = ImGui::CalcTextSize(s.c_str()).x;
  float avail = ImGui::GetContentRegionAvail().x;
  if (avail > w) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - w);
  if (color) ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(s.c_str());
  if (color) ImGui::PopStyleColor();
}

std::string signed_count(int64_t d) {
  if (d == 0) return "0";
  return (d > 0 ? "+" : "\xE2\x88\x92") + with_thousands(d > 0 ? d : -d);
}

} // namespace

App::App(Options opt, Fonts fonts, float scale) : opt_(std::move(opt)), fonts_(fonts), scale_(scale) {
  if (opt_.tab == "sweep") tab_request_ = 0;
  else if (opt_.tab == "replay") tab_request_ = 1;
  else if (opt_.tab == "movers") tab_request_ = 2;
  else if (opt_.tab == "import") tab_request_ = 3;
}

// ---- data ----------------------------------------------------------------------

void App::open_initial() {
  if (!opt_.program.empty()) open_path(opt_.program);
  if (!opt_.events.empty()) open_path(opt_.events);
}

void App::open_path(const std::string& path) {
  std::string head;
  try {
    std::string text = read_text_file(path);
    head = text.substr(0, 8192);
    // Whole text only needed for programs; events are read again by the worker.
  } catch (const std::exception& e) {
    message(e.what(), true);
    return;
  }
  if (classify_file(head) == FileKind::Program) load_program(path);
  else load_events(path, opt_.skip_bad_rows);
}

void App::load_program(const std::string& path) {
  try {
    Program p = load_program_file(path);
    baseline_ = p;
    cand_.reset(std::move(p));
    has_program_ = true;
    ++baseline_version_;
    program_path_ = path;
    save_path_ = opt_.save_to.empty() ? default_save_path(path) : opt_.save_to;
    edit_text_.clear();
    edit_error_.clear();
    result_.reset();
    replay_.reset();
    ++inputs_version_;
    // Select a threshold to sweep: the first leaf of the second tier.
    selected_.reset();
    for (size_t t = 1; t < baseline_.tiers.size() && !selected_; ++t) {
      auto leaves = tier_leaves(baseline_, static_cast<int>(t));
      if (!leaves.empty()) selected_ = leaves.front().ref;
    }
    message("Loaded program \"" + baseline_.name + "\" from " + base_name(path), false);
    // A saved candidate of this program (--candidate), once, at start.
    if (!opt_.candidate.empty() && path == opt_.program) {
      std::string cpath = opt_.candidate;
      opt_.candidate.clear();
      try {
        Program cp = load_program_file(cpath);
        try {
          check_same_shape(baseline_, cp);
        } catch (const InputError& e) {
          throw InputError(cpath + ": " + e.what());
        }
        cand_.reset(std::move(cp));
        if (opt_.save_to.empty()) save_path_ = cpath;
        message("Loaded candidate from " + base_name(cpath), false);
      } catch (const std::exception& e) {
        message(e.what(), true);
      }
    }
    // Events are imported with the program's currency digits.
    if (!events_path_.empty() && imported_digits_ != baseline_.currency.digits)
      load_events(events_path_, opt_.skip_bad_rows);
  } catch (const std::exception& e) {
    message(e.what(), true);
  }
}

void App::load_events(const std::string& path, bool skip_bad_rows) {
  events_path_ = path;
  ImportRequest r;
  r.path = path;
  r.currency_digits = has_program_ ? baseline_.currency.digits : 2;
  r.skip_bad_rows = skip_bad_rows;
  importing_ = true;
  engine_.import_file(r);
}

void App::message(std::string text, bool error) {
  if (!error) {
    note_ = std::move(text);
    note_time_ = ImGui::GetTime();
    return;
  }
  had_error_ = true;
  last_error_ = text;
  std::fprintf(stderr, "tierlab-tuner: %s\n", text.c_str());
  // The same error again (e.g. on every recompute) is shown once.
  for (const auto& m : messages_)
    if (m.text == text) return;
  messages_.push_back({std::move(text), true, ImGui::GetTime()});
  if (messages_.size() > 3) messages_.erase(messages_.begin());
}

void App::set_as_of(Day d) {
  if (data_) d = std::clamp(d, data_->first_day, data_->last_day);
  if (d == as_of_) return;
  as_of_ = d;
  ++inputs_version_;
}

void App::select_leaf(const LeafRef& ref) {
  if (selected_ && *selected_ == ref) return;
  selected_ = ref;
  ++inputs_version_;
}

void App::poll() {
  if (auto imp = engine_.take_import()) {
    importing_ = false;
    if (imp->ok) {
      data_ = *imp;
      failed_import_.reset();
      imported_digits_ = imp->request.currency_digits;
      Day d = opt_.as_of.value_or(imp->last_day);
      as_of_ = std::clamp(d, imp->first_day, imp->last_day);
      ++inputs_version_;
      result_.reset();
      replay_.reset();
      replay_baseline_.reset();
      compute_key_.reset();
      replay_key_.reset();
      replay_baseline_key_.reset();
      movers_view_dirty_ = true;
      if (!replay_step_chosen_) {
        int span = imp->last_day - imp->first_day;
        replay_step_ = span > 730 ? ReplayStep::Month : span > 120 ? ReplayStep::Week : ReplayStep::Day;
      }
      message("Imported " + with_thousands(static_cast<int64_t>(imp->customers)) + " customers, " +
                  with_thousands(static_cast<int64_t>(imp->events)) + " events from " + base_name(imp->request.path) +
                  " (" + imp->report.format + ")",
              false);
    } else {
      failed_import_ = *imp;
      message(imp->error, true);
      tab_request_ = 3; // the import report says what to do next
    }
  }
  if (auto c = engine_.take_compute()) {
    if (!c->ok) message(c->error, true);
    else {
      result_ = std::move(*c);
      movers_view_dirty_ = true;
    }
  }
  if (auto r = engine_.take_replay()) {
    replay_pending_ = false;
    if (!r->ok) message(r->error, true);
    else {
      if (r->baseline) replay_baseline_ = std::move(*r->baseline);
      replay_ = std::move(*r);
    }
  }
}

void App::request_work() {
  if (!has_program_ || !data_) return;
  Key key{cand_.revision(), inputs_version_, data_->data_version};
  if (!compute_key_ || !(*compute_key_ == key)) {
    ComputeRequest r;
    r.revision = cand_.revision();
    r.baseline = baseline_;
    r.candidate = cand_.current();
    r.as_of = as_of_;
    if (selected_) {
      if (const Condition* c = find_leaf(cand_.current(), *selected_)) {
        SweepSpec s;
        s.tier = cand_.current().tiers[static_cast<size_t>(selected_->tier)].name;
        s.metric = cand_.current().metrics[static_cast<size_t>(c->metric)].name;
        s.from = 0;
        s.to = std::max(slider_max(baseline_, *selected_), c->threshold);
        // Whole steps: every count for a small count range, else 40 intervals.
        bool money_metric = is_money(cand_.current().metrics[static_cast<size_t>(c->metric)].measure);
        s.steps = !money_metric && s.to <= 60 ? static_cast<int>(s.to) + 1 : 41;
        r.sweep = s;
      }
    }
    engine_.compute(std::move(r));
    compute_key_ = key;
  }
  // The replay does not depend on as-of or the sweep selection; it waits
  // until an edit rests for a moment (a drag asks for one replay, at the end).
  uint64_t replay_inputs = baseline_version_ * 4 + static_cast<uint64_t>(replay_step_);
  Key rkey{cand_.revision(), replay_inputs, data_->data_version};
  Key bkey{0, replay_inputs, data_->data_version};
  double now = ImGui::GetTime();
  if (!replay_key_ || !(*replay_key_ == rkey)) {
    if (replay_due_ == 0) replay_due_ = now + (replay_key_ ? 0.35 : 0.0);
    if (now >= replay_due_ && !cand_.in_continuous()) {
      ReplayRequest r;
      r.revision = cand_.revision();
      // The baseline's replay is kept: asked for again only when it changes.
      if (!replay_baseline_key_ || !(*replay_baseline_key_ == bkey)) {
        r.baseline = baseline_;
        replay_baseline_.reset();
        replay_baseline_key_ = bkey;
      }
      r.candidate = cand_.current();
      r.from = data_->first_day;
      r.to = data_->last_day;
      r.step = replay_step_;
      engine_.replay(std::move(r));
      replay_key_ = rkey;
      replay_pending_ = true;
      replay_due_ = 0;
    }
  }
}

void App::save(const std::string& path) {
  if (!has_program_) {
    message("Nothing to save: no program loaded", true);
    return;
  }
  try {
    save_program(cand_.current(), path);
    cand_.mark_saved();
    save_path_ = path;
    message("Saved the candidate program to " + path, false);
  } catch (const std::exception& e) {
    message(e.what(), true);
  }
}

bool App::settled() const {
  if (importing_ || !engine_.idle()) return false;
  if (has_program_ && data_) {
    Key key{cand_.revision(), inputs_version_, data_->data_version};
    if (!compute_key_ || !(*compute_key_ == key) || !result_) return false;
    if (!replay_key_ || (!replay_ && !had_error_)) return false;
  }
  return true;
}

std::string App::title() const {
  std::string t = "Tierlab Tuner";
  if (has_program_) t += " \xE2\x80\x94 " + baseline_.name + (cand_.dirty() ? " *" : "");
  return t;
}

bool App::request_close() {
  if (has_program_ && cand_.dirty()) {
    close_popup_ = true;
    return false;
  }
  return true;
}

// ---- formatting helpers -----------------------------------------------------------

std::string App::money(int64_t minor, bool with_code) const {
  std::string s = format_decimal(minor, baseline_.currency.digits);
  bool neg = !s.empty() && s[0] == '-';
  if (neg) s.erase(0, 1);
  auto dot = s.find('.');
  std::string whole = s.substr(0, dot), frac = dot == std::string::npos ? "" : s.substr(dot);
  std::string out;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i && (whole.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(whole[i]);
  }
  return (neg ? "\xE2\x88\x92" : "") + out + frac + (with_code ? " " + baseline_.currency.code : "");
}

std::string App::metric_value(int metric, int64_t v) const {
  if (metric < 0 || metric >= static_cast<int>(baseline_.metrics.size())) return std::to_string(v);
  if (is_money(baseline_.metrics[static_cast<size_t>(metric)].measure)) return money(v);
  return with_thousands(v);
}

ImU32 App::tier_color(int tier, float alpha) const {
  if (tier < 0) return IM_COL32(150, 150, 150, static_cast<int>(alpha * 255));
  return rgb_to_u32(tier_rgb(baseline_, tier), alpha);
}

std::string App::tier_name(int tier) const {
  if (tier < 0 || tier >= static_cast<int>(baseline_.tiers.size())) return "not enrolled";
  return baseline_.tiers[static_cast<size_t>(tier)].name;
}

// ---- frame ------------------------------------------------------------------------

void App::frame() {
  poll();
  shortcuts();
  request_work();
  // Panels draw from a copy: an edit replaces cand_.current() mid-frame, and
  // references into the old program must stay valid until the frame ends.
  view_ = cand_.current();

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                           ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_MenuBar |
                           ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  ImGui::Begin("Tierlab Tuner", nullptr, flags);
  ImGui::PopStyleVar();
  show_menu();
  show_status_line();
  show_messages();

  const ImGuiStyle& st = ImGui::GetStyle();
  ImVec2 avail = ImGui::GetContentRegionAvail();
  float fh = ImGui::GetFontSize();
  float left_w = std::clamp(avail.x * 0.33f, fh * 22.0f, fh * 32.0f);
  if (avail.x - left_w < fh * 34.0f) left_w = std::max(fh * 16.0f, avail.x * 0.4f);

  ImGui::BeginChild("program", ImVec2(left_w, avail.y), true);
  show_program_panel();
  ImGui::EndChild();
  ImGui::SameLine();

  ImGui::BeginGroup();
  float right_w = ImGui::GetContentRegionAvail().x;
  float top_h = std::clamp(avail.y * 0.40f, fh * 12.5f, fh * 20.0f);
  float counts_w = std::floor((right_w - st.ItemSpacing.x) * 0.49f);
  ImGui::BeginChild("counts", ImVec2(counts_w, top_h), true);
  show_counts_panel();
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("migration", ImVec2(0, top_h), true);
  show_migration_panel();
  ImGui::EndChild();

  ImGui::BeginChild("tabs", ImVec2(0, 0), true);
  if (ImGui::BeginTabBar("views")) {
    auto flag = [&](int i) {
      ImGuiTabItemFlags f = tab_request_ == i ? ImGuiTabItemFlags_SetSelected : 0;
      return f;
    };
    if (ImGui::BeginTabItem("Sweep", nullptr, flag(0))) {
      show_sweep_tab();
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Replay", nullptr, flag(1))) {
      show_replay_tab();
      ImGui::EndTabItem();
    }
    std::string movers_label = "Movers";
    if (result_) movers_label += " (" + with_thousands(static_cast<int64_t>(result_->movers.size())) + ")";
    movers_label += "###movers";
    if (ImGui::BeginTabItem(movers_label.c_str(), nullptr, flag(2))) {
      show_movers_tab();
      ImGui::EndTabItem();
    }
    std::string import_label = failed_import_ ? "Import report (error)###import" : "Import report###import";
    if (ImGui::BeginTabItem(import_label.c_str(), nullptr, flag(3))) {
      show_import_tab();
      ImGui::EndTabItem();
    }
    tab_request_ = -1;
    ImGui::EndTabBar();
  }
  ImGui::EndChild();
  ImGui::EndGroup();

  show_popups();
  ImGui::End();
}

void App::shortcuts() {
  ImGuiIO& io = ImGui::GetIO();
  if (!io.KeyCtrl) return;
  if (ImGui::IsKeyPressed(GLFW_KEY_S, false)) {
    if (io.KeyShift) {
      path_input_ = save_path_;
      save_as_popup_ = true;
    } else save(save_path_);
  }
  if (ImGui::IsKeyPressed(GLFW_KEY_O, false)) {
    path_input_.clear();
    open_popup_ = true;
  }
  if (io.WantTextInput) return; // a text field has its own undo
  if (ImGui::IsKeyPressed(GLFW_KEY_Z, true)) {
    if (io.KeyShift) cand_.redo();
    else cand_.undo();
  }
  if (ImGui::IsKeyPressed(GLFW_KEY_Y, true)) cand_.redo();
}

void App::heading(const char* text) {
  if (fonts_.bold) ImGui::PushFont(fonts_.bold);
  ImGui::TextUnformatted(text);
  if (fonts_.bold) ImGui::PopFont();
}

void App::empty_state(const char* title, const char* text) {
  ImGui::Spacing();
  heading(title);
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("%s", text);
  ImGui::PopTextWrapPos();
}

void App::show_menu() {
  if (!ImGui::BeginMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Open\xE2\x80\xA6", "Ctrl+O")) {
      path_input_.clear();
      open_popup_ = true;
    }
    if (ImGui::MenuItem("Save candidate", "Ctrl+S", false, has_program_)) save(save_path_);
    if (ImGui::MenuItem("Save candidate as\xE2\x80\xA6", "Ctrl+Shift+S", false, has_program_)) {
      path_input_ = save_path_;
      save_as_popup_ = true;
    }
    if (ImGui::MenuItem("Reload events", nullptr, false, !events_path_.empty() && !importing_))
      load_events(events_path_, opt_.skip_bad_rows);
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", "Ctrl+Q")) {
      if (request_close()) quit_ = true;
    }
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Edit")) {
    std::string u = "Undo " + cand_.undo_label(), r = "Redo " + cand_.redo_label();
    if (ImGui::MenuItem(cand_.can_undo() ? u.c_str() : "Undo", "Ctrl+Z", false, cand_.can_undo())) cand_.undo();
    if (ImGui::MenuItem(cand_.can_redo() ? r.c_str() : "Redo", "Ctrl+Shift+Z", false, cand_.can_redo())) cand_.redo();
    ImGui::Separator();
    if (ImGui::MenuItem("Reset candidate to baseline", nullptr, false, has_program_ && !same_program(baseline_, cand_.current())))
      cand_.apply(baseline_, "reset to baseline");
    if (ImGui::MenuItem("Make candidate the baseline", nullptr, false, has_program_ && !same_program(baseline_, cand_.current()))) {
      baseline_ = cand_.current();
      ++inputs_version_;
      ++baseline_version_;
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
  if (ImGui::IsKeyPressed(GLFW_KEY_Q, false) && ImGui::GetIO().KeyCtrl && request_close()) quit_ = true;
  ImGui::EndMenuBar();
}

void App::show_status_line() {
  float fh = ImGui::GetFontSize();
  ImGui::AlignTextToFramePadding();
  if (has_program_) {
    if (fonts_.bold) ImGui::PushFont(fonts_.bold);
    ImGui::TextUnformatted(baseline_.name.c_str());
    if (fonts_.bold) ImGui::PopFont();
    ImGui::SameLine();
    ImGui::TextDisabled("%s \xC2\xB7 %zu tiers \xC2\xB7 %s", baseline_.currency.code.c_str(), baseline_.tiers.size(),
                        base_name(program_path_).c_str());
  } else {
    ImGui::TextDisabled("No program \xE2\x80\x94 drop a program JSON on the window or use File \xE2\x80\xBA Open");
  }
  ImGui::SameLine(0, fh);
  if (data_) {
    ImGui::TextDisabled("%s: %s customers, %s events, %s \xE2\x80\x93 %s", base_name(data_->request.path).c_str(),
                        with_thousands(static_cast<int64_t>(data_->customers)).c_str(),
                        with_thousands(static_cast<int64_t>(data_->events)).c_str(), format_day(data_->first_day).c_str(),
                        format_day(data_->last_day).c_str());
  } else if (!importing_) {
    ImGui::TextDisabled("No events \xE2\x80\x94 drop an events file");
  }

  // Right end: a progress bar while work runs, else the latest note.
  Progress p = engine_.import_progress();
  bool busy = p.active || engine_.computing() || replay_pending_;
  float right = ImGui::GetWindowContentRegionMax().x;
  if (busy) {
    std::string label = p.active ? p.phase : replay_pending_ && !engine_.computing() ? "Replaying\xE2\x80\xA6" : "Calculating\xE2\x80\xA6";
    float w = std::max(fh * 12.0f, ImGui::CalcTextSize(label.c_str()).x + fh * 2);
    ImGui::SameLine(std::max(ImGui::GetCursorPosX() + fh, right - w));
    float frac = p.active ? p.fraction : -1.0f;
    if (frac < 0) {
      // Indeterminate: a moving block.
      float t = static_cast<float>(std::fmod(ImGui::GetTime() * 0.8, 1.0));
      ImVec2 pos = ImGui::GetCursorScreenPos();
      float h = ImGui::GetFrameHeight();
      ImDrawList* dl = ImGui::GetWindowDrawList();
      dl->AddRectFilled(pos, ImVec2(pos.x + w, pos.y + h), ImGui::GetColorU32(ImGuiCol_FrameBg), 3);
      float bx = pos.x + (w * 1.3f) * t - w * 0.3f;
      dl->PushClipRect(pos, ImVec2(pos.x + w, pos.y + h), true);
      dl->AddRectFilled(ImVec2(bx, pos.y), ImVec2(bx + w * 0.3f, pos.y + h), ImGui::GetColorU32(ImGuiCol_PlotHistogram, 0.6f), 3);
      dl->PopClipRect();
      ImVec2 ts = ImGui::CalcTextSize(label.c_str());
      dl->AddText(ImVec2(pos.x + (w - ts.x) * 0.5f, pos.y + (h - ts.y) * 0.5f), ImGui::GetColorU32(ImGuiCol_Text), label.c_str());
      ImGui::Dummy(ImVec2(w, h));
    } else {
      ImGui::ProgressBar(frac, ImVec2(w, 0), label.c_str());
    }
  } else if (!note_.empty() && ImGui::GetTime() - note_time_ < 8.0) {
    // Only where it fits: the file summary on the left comes first.
    ImGui::SameLine();
    float w = ImGui::CalcTextSize(note_.c_str()).x;
    float x = ImGui::GetCursorPosX() + fh;
    if (x + w <= right) {
      ImGui::SameLine(right - w);
      ImGui::TextColored(ImVec4(0.10f, 0.45f, 0.22f, 1), "%s", note_.c_str());
    } else {
      ImGui::NewLine();
    }
  }
}

void App::show_messages() {
  // Errors stay until closed; notes go to the status line.
  for (size_t i = 0; i < messages_.size(); ++i) {
    const auto& m = messages_[i];
    ImGui::PushID(static_cast<int>(i));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.99f, 0.91f, 0.90f, 1));
    ImGui::PushStyleColor(ImGuiCol_Border, ImVec4(0.85f, 0.55f, 0.52f, 1));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.50f, 0.07f, 0.04f, 1));
    const ImGuiStyle& st = ImGui::GetStyle();
    float close_w = ImGui::GetFrameHeight() * 1.6f;
    float wrap = ImGui::GetContentRegionAvail().x - st.FramePadding.x * 2 - close_w;
    ImVec2 ts = ImGui::CalcTextSize(m.text.c_str(), nullptr, false, wrap);
    float h = ts.y + st.FramePadding.y * 2 + 2;
    ImGui::BeginChild("msg", ImVec2(0, h), true, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_AlwaysUseWindowPadding);
    ImGui::SetCursorPos(ImVec2(st.FramePadding.x, st.FramePadding.y));
    ImGui::PushTextWrapPos(st.FramePadding.x + wrap);
    ImGui::TextUnformatted(m.text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::SetCursorPos(ImVec2(ImGui::GetWindowWidth() - close_w, (h - ImGui::GetTextLineHeight()) * 0.5f - 1));
    bool close = ImGui::SmallButton("\xC3\x97");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Dismiss");
    ImGui::EndChild();
    ImGui::PopStyleColor(3);
    ImGui::PopID();
    if (close) {
      messages_.erase(messages_.begin() + static_cast<long>(i));
      break;
    }
  }
}

// ---- program panel ------------------------------------------------------------------

void App::show_program_panel() {
  if (!has_program_) {
    empty_state("Program", "Drop a program JSON (samples/programs/*.json) on the window, or use File \xE2\x80\xBA Open.");
    return;
  }
  const Program& c = view_; // this frame's snapshot: edits replace cand_.current()
  float fh = ImGui::GetFontSize();
  const float label_w = label_width();
  heading("Candidate program");
  ImGui::SameLine();
  bool changed = !same_program(baseline_, c);
  if (changed) ImGui::TextColored(ImVec4(0.72f, 0.42f, 0.02f, 1), "edited");
  else ImGui::TextDisabled("= baseline");

  ImGui::BeginDisabled(!cand_.can_undo());
  if (ImGui::Button("Undo")) cand_.undo();
  ImGui::EndDisabled();
  if (cand_.can_undo() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Undo %s (Ctrl+Z)", cand_.undo_label().c_str());
  ImGui::SameLine();
  ImGui::BeginDisabled(!cand_.can_redo());
  if (ImGui::Button("Redo")) cand_.redo();
  ImGui::EndDisabled();
  if (cand_.can_redo() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Redo %s (Ctrl+Shift+Z)", cand_.redo_label().c_str());
  ImGui::SameLine();
  ImGui::BeginDisabled(!changed);
  if (ImGui::Button("Reset")) cand_.apply(baseline_, "reset to baseline");
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("Back to the baseline program (undoable)");
  ImGui::SameLine();
  if (ImGui::Button(cand_.dirty() ? "Save *" : "Save")) save(save_path_);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Save the candidate to %s (Ctrl+S)", save_path_.c_str());
  ImGui::Spacing();

  // As-of day and the program-wide settings.
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("As of");
  ImGui::SameLine(label_w);
  if (data_) {
    // A slider over the history and an exact date box.
    float input_w = fh * 6.2f;
    ImGui::SetNextItemWidth(std::max(fh * 4.0f, ImGui::GetContentRegionAvail().x - input_w - ImGui::GetStyle().ItemSpacing.x));
    int d = as_of_;
    std::string shown = format_day(as_of_);
    if (ImGui::SliderInt("##asof", &d, data_->first_day, data_->last_day, "",
                         ImGuiSliderFlags_AlwaysClamp | ImGuiSliderFlags_NoInput))
      set_as_of(d);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("The day every answer is about (end of day, UTC), from %s to %s. Or click the replay chart.",
                        format_day(data_->first_day).c_str(), format_day(data_->last_day).c_str());
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGuiID id = ImGui::GetID("##asof_text");
    if (ImGui::GetActiveID() != id) as_of_text_ = shown;
    ImGui::InputText("##asof_text", &as_of_text_, ImGuiInputTextFlags_AutoSelectAll | ImGuiInputTextFlags_CharsNoBlank);
    if (ImGui::IsItemDeactivatedAfterEdit()) {
      if (auto day = parse_day(as_of_text_)) {
        if (*day < data_->first_day || *day > data_->last_day)
          message("As of " + as_of_text_ + ": outside the events (" + format_day(data_->first_day) + " \xE2\x80\x93 " +
                      format_day(data_->last_day) + "); using the nearest day",
                  false);
        set_as_of(*day);
      } else {
        message("As of: expected a date YYYY-MM-DD, got \"" + as_of_text_ + "\"", true);
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
        cand_.apply(make(cand_.current(), std::clamp(v, 0, 100000)));
      } catch (const std::exception& e) {
        message(e.what(), true);
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
  for (size_t t = 0; t < c.tiers.size(); ++t) show_tier_editor(static_cast<int>(t));
  ImGui::EndChild();
}

float App::label_width() const {
  // Wide enough for "Qualify delay" and the longest metric name beside its radio button.
  const ImGuiStyle& st = ImGui::GetStyle();
  float fh = ImGui::GetFontSize();
  float w = ImGui::CalcTextSize("Qualify delay").x + st.ItemSpacing.x * 2;
  for (const auto& m : baseline_.metrics)
    w = std::max(w, ImGui::CalcTextSize(m.name.c_str()).x + ImGui::GetFrameHeight() + st.ItemInnerSpacing.x +
                        st.CellPadding.x * 2 + st.ItemSpacing.x);
  return std::clamp(w, fh * 6.0f, fh * 11.0f);
}

void App::show_tier_editor(int tier) {
  const Program& c = view_; // this frame's snapshot: edits replace cand_.current()
  const Tier& t = c.tiers[static_cast<size_t>(tier)];
  ImGui::PushID(tier);
  float fh = ImGui::GetFontSize();
  const ImGuiStyle& st = ImGui::GetStyle();
  // Header: a band in the tier's colour.
  ImVec2 p = ImGui::GetCursorScreenPos();
  float w = ImGui::GetContentRegionAvail().x;
  float h = ImGui::GetFrameHeight();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), tier_color(tier, 0.16f), 3);
  dl->AddRectFilled(p, ImVec2(p.x + fh * 0.35f, p.y + h), tier_color(tier), 2);
  ImGui::SetCursorScreenPos(ImVec2(p.x + fh * 0.7f, p.y + st.FramePadding.y));
  heading(t.name.c_str());
  ImGui::SameLine();
  if (tier == 0) ImGui::TextDisabled("the floor: every enrolled customer");
  else if (t.qualify->op != Condition::Op::Leaf)
    ImGui::TextDisabled("qualifies on %s of", t.qualify->op == Condition::Op::All ? "all" : "any");
  ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + h + st.ItemSpacing.y));

  auto leaves = tier_leaves(c, tier);
  if (!leaves.empty()) {
    ImGuiTableFlags tf = ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoPadOuterX;
    if (ImGui::BeginTable("leaves", 4, tf)) {
      ImGui::TableSetupColumn("metric", ImGuiTableColumnFlags_WidthFixed, label_width() - st.CellPadding.x * 2);
      ImGui::TableSetupColumn("op", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFrameHeight());
      ImGui::TableSetupColumn("slider", ImGuiTableColumnFlags_WidthStretch);
      ImGui::TableSetupColumn("exact", ImGuiTableColumnFlags_WidthFixed, fh * 5.6f);
      for (const auto& leaf : leaves) show_threshold(leaf);
      ImGui::EndTable();
    }
    // A typed value the core refused: the reason, full width, until fixed.
    for (const auto& leaf : leaves) {
      auto err = edit_error_.find(leaf_key(leaf.ref));
      if (err == edit_error_.end()) continue;
      ImGui::PushTextWrapPos(0);
      ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.05f, 1), "%s", err->second.c_str());
      ImGui::PopTextWrapPos();
    }
  }

  // Benefits: discount and free shipping on one line.
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Discount");
  ImGui::SameLine(label_width());
  float pct = static_cast<float>(t.benefits.discount_basis_points) / 100.0f;
  float top = std::max(20.0f, pct);
  const Tier& bt = baseline_.tiers[static_cast<size_t>(tier)];
  bool discount_changed = bt.benefits.discount_basis_points != t.benefits.discount_basis_points;
  if (discount_changed) ImGui::PushStyleColor(ImGuiCol_FrameBg, kChangedBg);
  float ship_w = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize("free shipping").x;
  ImGui::SetNextItemWidth(std::max(fh * 4.0f, ImGui::GetContentRegionAvail().x - ship_w - ImGui::GetStyle().ItemSpacing.x));
  if (ImGui::SliderFloat("##discount", &pct, 0.0f, top, "%.2f%%")) {
    int bp = static_cast<int>(std::lround(std::clamp(pct, 0.0f, 100.0f) * 100.0f));
    try {
      cand_.update(with_discount(cand_.current(), tier, bp));
    } catch (const std::exception& e) {
      message(e.what(), true);
    }
  }
  if (discount_changed) ImGui::PopStyleColor();
  if (ImGui::IsItemDeactivated()) cand_.end_continuous();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("discount_percent (baseline %s%%). Ctrl+click to type any value 0\xE2\x80\x93" "100.",
                      format_decimal(bt.benefits.discount_basis_points, 2).c_str());
  ImGui::SameLine();
  bool ship = t.benefits.free_shipping;
  if (ImGui::Checkbox("free shipping", &ship)) cand_.apply(with_free_shipping(cand_.current(), tier, ship));
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

void App::show_threshold(const LeafInfo& leaf) {
  const Program& c = view_; // this frame's snapshot: edits replace cand_.current()
  const Metric& m = c.metrics[static_cast<size_t>(leaf.metric)];
  bool money_metric = is_money(m.measure);
  std::string key = leaf_key(leaf.ref);
  ImGui::PushID(key.c_str());
  ImGui::TableNextRow();

  // Metric: a radio button picks the threshold the sweep tab shows.
  ImGui::TableNextColumn();
  bool selected = selected_ && *selected_ == leaf.ref;
  if (ImGui::RadioButton(m.name.c_str(), selected)) {
    select_leaf(leaf.ref);
    tab_request_ = 0;
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
  if (ImGui::Button(op, ImVec2(ImGui::GetFrameHeight(), 0))) cand_.apply(with_leaf_above(c, leaf.ref, !leaf.above));
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(leaf.above ? "above: value > threshold (click for at_least)"
                                 : "at_least: value \xE2\x89\xA5 threshold (click for above)");

  // Slider (whole units) and exact input (to the minor unit).
  const Condition* base = find_leaf(baseline_, leaf.ref);
  bool changed = base && (base->threshold != leaf.threshold || base->above != leaf.above);
  int64_t unit = money_metric ? pow10i(c.currency.digits) : 1;
  int64_t top = base ? slider_max(baseline_, leaf.ref) : slider_max(c, leaf.ref);
  double v = static_cast<double>(leaf.threshold) / static_cast<double>(unit);
  double lo = 0, hi = static_cast<double>(std::max(top, leaf.threshold)) / static_cast<double>(unit);
  std::string shown = money_metric ? money(leaf.threshold, false) : with_thousands(leaf.threshold);
  ImGui::TableNextColumn();
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (changed) ImGui::PushStyleColor(ImGuiCol_FrameBg, kChangedBg);
  if (ImGui::SliderScalar("##slider", ImGuiDataType_Double, &v, &lo, &hi, shown.c_str(), ImGuiSliderFlags_NoInput)) {
    int64_t nv = static_cast<int64_t>(std::llround(v)) * unit;
    try {
      cand_.update(with_threshold(cand_.current(), leaf.ref, nv));
    } catch (const std::exception& e) {
      message(e.what(), true);
    }
  }
  if (changed) ImGui::PopStyleColor();
  if (ImGui::IsItemDeactivated()) cand_.end_continuous();
  if (ImGui::IsItemHovered() && base)
    ImGui::SetTooltip("Drag: whole %s. Baseline %s %s.", money_metric ? c.currency.code.c_str() : "units",
                      base->above ? ">" : "\xE2\x89\xA5", format_metric_value(baseline_, leaf.metric, base->threshold).c_str());

  ImGui::TableNextColumn();
  ImGui::SetNextItemWidth(-FLT_MIN);
  ImGuiID input_id = ImGui::GetID("##exact");
  std::string& buf = edit_text_[key];
  if (ImGui::GetActiveID() != input_id) buf = format_metric_value(c, leaf.metric, leaf.threshold);
  ImGui::InputText("##exact", &buf, ImGuiInputTextFlags_AutoSelectAll);
  if (ImGui::IsItemDeactivatedAfterEdit()) {
    try {
      cand_.apply(with_threshold_text(cand_.current(), leaf.ref, buf));
      edit_error_.erase(key);
    } catch (const std::exception& e) {
      edit_error_[key] = e.what();
    }
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Exact value%s; Enter to apply", money_metric ? (" in " + c.currency.code).c_str() : "");
  ImGui::PopID();
}

// ---- counts and migration -------------------------------------------------------------

void App::show_counts_panel() {
  heading("Tier counts");
  if (!has_program_ || !data_) {
    ImGui::TextDisabled("%s", !has_program_ ? "Load a program to see tier counts."
                              : importing_  ? "Importing events\xE2\x80\xA6"
                                            : "Drop an events file to see tier counts.");
    return;
  }
  if (!result_) {
    ImGui::TextDisabled("Calculating\xE2\x80\xA6");
    return;
  }
  const SimulationReport& r = result_->report;
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
      swatch(tier_color(static_cast<int>(i)));
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
                        tier_color(static_cast<int>(i), 0.38f), 2);
      dl->AddRectFilled(ImVec2(pos.x, pos.y + lh * 0.55f), ImVec2(pos.x + wc, pos.y + lh * 0.55f + bh),
                        tier_color(static_cast<int>(i)), 2);
      ImGui::Dummy(ImVec2(w, lh));
      if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::Text("%s", cnd.name.c_str());
        ImGui::Text("baseline %s (%s)", with_thousands(b.customers).c_str(), pct(b.customers).c_str());
        ImGui::Text("candidate %s (%s)", with_thousands(cnd.customers).c_str(), pct(cnd.customers).c_str());
        ImGui::Text("near misses (progress \xE2\x89\xA5 0.8): %s \xE2\x86\x92 %s", with_thousands(b.near_misses).c_str(),
                    with_thousands(cnd.near_misses).c_str());
        ImGui::Text("benefit cost %s \xE2\x86\x92 %s", money(b.benefit_cost).c_str(), money(cnd.benefit_cost).c_str());
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
      text_right(signed_count(r.candidate.not_enrolled - r.baseline.not_enrolled), ImGui::GetColorU32(ImGuiCol_TextDisabled));
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
      dl->AddRectFilled(ImVec2(x, pos.y), ImVec2(x + tw, pos.y + h), tier_color(static_cast<int>(i)));
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
    ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthFixed, fh * 8.5f);
    ImGui::TableSetupColumn("baseline -> candidate", ImGuiTableColumnFlags_WidthStretch);
    auto row = [&](const std::string& what, const std::string& b, const std::string& cnd, ImU32 color, const char* tip) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", what.c_str());
      if (tip && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
      ImGui::TableNextColumn();
      // "baseline -> candidate", right-aligned, the candidate coloured when it differs.
      std::string arrow = "  \xE2\x86\x92  ";
      float w = ImGui::CalcTextSize((b + arrow + cnd).c_str()).x;
      float avail = ImGui::GetContentRegionAvail().x;
      if (avail > w) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - w);
      ImGui::TextUnformatted(b.c_str());
      ImGui::SameLine(0, 0);
      ImGui::TextDisabled("%s", arrow.c_str());
      ImGui::SameLine(0, 0);
      if (color) ImGui::TextColored(ImColor(color).Value, "%s", cnd.c_str());
      else ImGui::TextUnformatted(cnd.c_str());
    };
    ImU32 cost_col = r.candidate.benefit_cost > r.baseline.benefit_cost   ? kDownColor
                     : r.candidate.benefit_cost < r.baseline.benefit_cost ? kUpColor
                                                                          : 0;
    row("Benefit cost, " + baseline_.currency.code, money(r.baseline.benefit_cost, false),
        money(r.candidate.benefit_cost, false), cost_col,
        "Discount % \xC3\x97 each customer's gross spend over the 365 days ending at the as-of day, summed over tiers "
        "(baseline \xE2\x86\x92 candidate).");
    row("Near misses", with_thousands(r.baseline.near_misses), with_thousands(r.candidate.near_misses), 0,
        "Customers whose progress to the next tier is at least 0.8 (baseline \xE2\x86\x92 candidate).");
    if (r.baseline.points_liability || r.candidate.points_liability)
      row("Points liability, " + baseline_.currency.code,
          r.baseline.points_liability ? money(*r.baseline.points_liability, false) : "\xE2\x80\x94",
          r.candidate.points_liability ? money(*r.candidate.points_liability, false) : "\xE2\x80\x94", 0,
          "Outstanding points \xC3\x97 their value.");
    ImGui::EndTable();
  }
}

void App::show_migration_panel() {
  heading("Migration");
  if (!result_) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", has_program_ && data_ ? "Calculating\xE2\x80\xA6"
                                                    : "Baseline tier \xC3\x97 candidate tier, once a program and events are loaded.");
    ImGui::PopTextWrapPos();
    return;
  }
  const SimulationReport& r = result_->report;
  ImGui::SameLine();
  ImGui::TextColored(ImColor(kUpColor).Value, "\xE2\x96\xB2 %s up", with_thousands(r.upgrades).c_str());
  ImGui::SameLine();
  ImGui::TextColored(ImColor(kDownColor).Value, "\xE2\x96\xBC %s down", with_thousands(r.downgrades).c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("%.0f ms", result_->milliseconds);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Time of the last re-tier (simulate, movers, sweep) on the worker thread");

  size_t nf = r.from.size(), nt = r.to.size();
  int64_t maxc = 1;
  for (const auto& row : r.migration)
    for (int64_t v : row) maxc = std::max(maxc, v);
  float fh = ImGui::GetFontSize();
  // Scrolls only when the tiers do not fit.
  float row_h = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
  float want_h = row_h * static_cast<float>(nf + 1) + row_h * 0.5f;
  float note_h = ImGui::GetTextLineHeightWithSpacing() * 2;
  float room = std::max(ImGui::GetContentRegionAvail().y - note_h, row_h * 3);
  ImGuiTableFlags tf = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchSame;
  ImVec2 size(0, 0);
  if (want_h > room) {
    tf |= ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX;
    size.y = room;
  }
  if (ImGui::BeginTable("matrix", static_cast<int>(nt) + 1, tf, size)) {
    ImGui::TableSetupScrollFreeze(1, 1);
    float name_w = ImGui::CalcTextSize("from \\ to").x;
    for (const auto& n : r.from) name_w = std::max(name_w, ImGui::CalcTextSize(n.c_str()).x + ImGui::GetTextLineHeight());
    ImGui::TableSetupColumn("from \\ to", ImGuiTableColumnFlags_WidthFixed, std::min(name_w + ImGui::GetStyle().ItemSpacing.x, fh * 8.0f));
    for (size_t j = 0; j < nt; ++j) ImGui::TableSetupColumn(r.to[j].c_str(), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < nf; ++i) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      swatch(tier_color(static_cast<int>(i)));
      ImGui::SameLine();
      ImGui::TextUnformatted(r.from[i].c_str());
      for (size_t j = 0; j < nt; ++j) {
        ImGui::TableNextColumn();
        int64_t v = i < r.migration.size() && j < r.migration[i].size() ? r.migration[i][j] : 0;
        if (v > 0) {
          float a = 0.10f + 0.50f * static_cast<float>(std::log1p(static_cast<double>(v)) / std::log1p(static_cast<double>(maxc)));
          ImU32 base = j > i ? kUpColor : j < i ? kDownColor : IM_COL32(120, 130, 145, 255);
          ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, (base & 0x00ffffffu) | (static_cast<ImU32>(a * 255) << 24));
        }
        ImGui::PushID(static_cast<int>(i * nt + j));
        std::string s = with_thousands(v);
        ImVec2 cell = ImGui::GetCursorPos();
        if (ImGui::Selectable("##cell", false, ImGuiSelectableFlags_AllowItemOverlap) && i != j) {
          movers_from_ = static_cast<int>(i);
          movers_to_ = static_cast<int>(j);
          movers_direction_ = 0;
          movers_view_dirty_ = true;
          tab_request_ = 2;
        }
        if (ImGui::IsItemHovered())
          ImGui::SetTooltip("%s customers: %s in baseline, %s in candidate%s", s.c_str(), r.from[i].c_str(), r.to[j].c_str(),
                            i != j ? "\nClick to list them in Movers" : "");
        ImGui::SetCursorPos(cell);
        text_right(s, v == 0 ? ImGui::GetColorU32(ImGuiCol_TextDisabled) : 0);
        ImGui::PopID();
      }
    }
    ImGui::EndTable();
  }
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("Rows: baseline tier; columns: candidate tier. Click a cell to list its customers.");
  ImGui::PopTextWrapPos();
  // Program-independent KPIs of the history at the as-of day.
  const Kpis& k = r.kpis;
  ImGui::Spacing();
  if (ImGui::BeginTable("kpis", 2, ImGuiTableFlags_PadOuterX)) {
    ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthFixed, fh * 7.5f);
    auto kpi = [&](const char* name, const std::string& v, const char* tip) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", name);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
      ImGui::TableNextColumn();
      text_right(v);
    };
    char buf[64];
    kpi("Repeat purchase rate", format_percent(fraction_value(k.repeat_purchase_rate)),
        "Customers with at least 2 purchases / customers");
    std::snprintf(buf, sizeof buf, "%.2f", fraction_value(k.average_purchase_frequency));
    kpi("Purchases per customer", buf, "Average purchase frequency");
    kpi("Lifetime net spend / customer", money(static_cast<int64_t>(std::llround(fraction_value(k.average_lifetime_net_spend)))),
        "Average lifetime net spend (a simple CLV)");
    if (k.redemption_rate)
      kpi("Points redemption rate", format_percent(fraction_value(*k.redemption_rate)), "Points redeemed / points earned");
    ImGui::EndTable();
  }
}

// ---- tabs -------------------------------------------------------------------------

void App::show_sweep_tab() {
  if (!has_program_ || !data_) {
    empty_state("Sweep", "The sweep shows how many customers each tier would have as one threshold moves. Load a program and events first.");
    return;
  }
  const Program& c = view_; // this frame's snapshot: edits replace cand_.current()
  const Condition* leaf = selected_ ? find_leaf(c, *selected_) : nullptr;
  if (!leaf) {
    ImGui::TextDisabled("Pick a threshold (the round button beside it) to see its sweep curve.");
    return;
  }
  const std::string& tier = c.tiers[static_cast<size_t>(selected_->tier)].name;
  const std::string& metric = c.metrics[static_cast<size_t>(leaf->metric)].name;
  bool money_metric = is_money(c.metrics[static_cast<size_t>(leaf->metric)].measure);
  if (fonts_.bold) ImGui::PushFont(fonts_.bold);
  ImGui::Text("%s: %s %s", tier.c_str(), metric.c_str(), leaf->above ? ">" : "\xE2\x89\xA5");
  if (fonts_.bold) ImGui::PopFont();
  ImGui::SameLine();
  ImGui::TextDisabled("customers per tier as this threshold moves (candidate, as of %s); click to set it", format_day(as_of_).c_str());
  if (!result_ || !result_->sweep) {
    ImGui::TextDisabled("Calculating\xE2\x80\xA6");
    return;
  }
  const SweepResult& s = *result_->sweep;
  std::vector<double> xs;
  for (int64_t t : s.thresholds) xs.push_back(static_cast<double>(t));
  std::vector<Series> series;
  for (size_t t = c.tiers.size(); t-- > 0;) {
    Series se;
    se.name = c.tiers[t].name;
    se.color = tier_color(static_cast<int>(t));
    se.thickness = 2.5f * scale_;
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
  spec.marker_label = "now " + (money_metric ? money(leaf->threshold, false) : with_thousands(leaf->threshold));
  auto res = line_chart("sweep", ImVec2(0, 0), xs, series, spec);
  if (res.clicked >= 0) {
    try {
      cand_.apply(with_threshold(c, *selected_, s.thresholds[static_cast<size_t>(res.clicked)]));
    } catch (const std::exception& e) {
      message(e.what(), true);
    }
  }
}

void App::show_replay_tab() {
  if (!has_program_ || !data_) {
    empty_state("Replay", "The replay shows tier counts on each step date over the whole history. Load a program and events first.");
    return;
  }
  float fh = ImGui::GetFontSize();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Step");
  ImGui::SameLine();
  int step = static_cast<int>(replay_step_);
  ImGui::SetNextItemWidth(fh * 5.5f);
  if (ImGui::Combo("##step", &step, "day\0week\0month\0")) {
    replay_step_ = static_cast<ReplayStep>(step);
    replay_step_chosen_ = true;
  }
  ImGui::SameLine();
  ImGui::Checkbox("baseline", &show_baseline_in_replay_);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Draw the baseline program's counts as faded lines");
  ImGui::SameLine();
  ImGui::TextDisabled("%s \xE2\x80\x93 %s; click the chart to set the as-of day", format_day(data_->first_day).c_str(),
                      format_day(data_->last_day).c_str());
  if (!replay_) {
    ImGui::TextDisabled(replay_pending_ ? "Replaying the history on a worker thread\xE2\x80\xA6" : "Waiting\xE2\x80\xA6");
    return;
  }
  const ReplayResult& cr = replay_->candidate;
  static const ReplayResult kNone;
  const ReplayResult& br = replay_baseline_ ? *replay_baseline_ : kNone;
  std::vector<double> xs;
  for (const auto& p : cr.points) xs.push_back(static_cast<double>(p.day));
  std::vector<Series> series;
  const Program& c = view_; // this frame's snapshot: edits replace cand_.current()
  for (size_t t = c.tiers.size(); t-- > 0;) {
    Series se;
    se.name = c.tiers[t].name;
    se.color = tier_color(static_cast<int>(t));
    se.thickness = 2.5f * scale_;
    for (const auto& p : cr.points) se.y.push_back(t < p.counts.size() ? static_cast<double>(p.counts[t]) : 0.0);
    series.push_back(std::move(se));
  }
  std::vector<Series> legend_series = series;
  if (show_baseline_in_replay_ && br.points.size() == cr.points.size()) {
    for (size_t t = c.tiers.size(); t-- > 0;) {
      Series se;
      se.name = c.tiers[t].name + " (baseline)";
      se.color = tier_color(static_cast<int>(t));
      se.faded = true;
      se.thickness = 2.5f * scale_;
      for (const auto& p : br.points) se.y.push_back(t < p.counts.size() ? static_cast<double>(p.counts[t]) : 0.0);
      series.push_back(std::move(se));
    }
  }
  legend(legend_series);
  if (show_baseline_in_replay_) {
    ImGui::SameLine(0, fh);
    ImGui::TextDisabled("(faded: baseline)");
  }
  ChartSpec spec;
  spec.axis = XAxis::Day;
  spec.point_label = [&](size_t i) { return format_day(cr.points[i].day); };
  spec.has_marker = true;
  spec.marker_x = static_cast<double>(as_of_);
  spec.marker_label = "as of " + format_day(as_of_);
  float summary_h = ImGui::GetTextLineHeightWithSpacing();
  auto res = line_chart("replay", ImVec2(0, ImGui::GetContentRegionAvail().y - summary_h), xs, series, spec);
  int idx = res.hovered;
  if (idx < 0)
    for (size_t i = 0; i < cr.points.size(); ++i)
      if (cr.points[i].day <= as_of_) idx = static_cast<int>(i);
  if (idx >= 0) {
    const auto& p = cr.points[static_cast<size_t>(idx)];
    ImGui::TextDisabled("%s: %s listed \xC2\xB7 \xE2\x96\xB2 %s upgrades, \xE2\x96\xBC %s downgrades since the previous %s \xC2\xB7 advancement %s",
                        format_day(p.day).c_str(), with_thousands(p.customers).c_str(), with_thousands(p.upgrades).c_str(),
                        with_thousands(p.downgrades).c_str(), step_name(replay_step_),
                        format_percent(fraction_value(p.advancement_rate)).c_str());
  }
  if (res.clicked >= 0) set_as_of(cr.points[static_cast<size_t>(res.clicked)].day);
}

void App::show_movers_tab() {
  if (!result_) {
    empty_state("Movers", "Customers whose tier differs between baseline and candidate appear here.");
    return;
  }
  const auto& movers = result_->movers;
  float fh = ImGui::GetFontSize();
  // Filters.
  ImGui::SetNextItemWidth(fh * 10.0f);
  if (ImGui::InputTextWithHint("##filter", "customer id filter", movers_filter_.InputBuf, IM_ARRAYSIZE(movers_filter_.InputBuf))) {
    movers_filter_.Build();
    movers_view_dirty_ = true;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Filter by customer id (a,b = either; -x = not x)");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(fh * 8.0f);
  if (ImGui::Combo("##dir", &movers_direction_, "all movers\0upgrades\0downgrades\0")) movers_view_dirty_ = true;
  auto tier_combo = [&](const char* id, int* v, const char* any) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fh * 8.0f);
    std::string cur = *v == -2 ? any : tier_name(*v);
    if (ImGui::BeginCombo(id, cur.c_str())) {
      if (ImGui::Selectable(any, *v == -2)) *v = -2, movers_view_dirty_ = true;
      for (int t = -1; t < static_cast<int>(baseline_.tiers.size()); ++t)
        if (ImGui::Selectable(tier_name(t).c_str(), *v == t)) *v = t, movers_view_dirty_ = true;
      ImGui::EndCombo();
    }
  };
  tier_combo("##from", &movers_from_, "from any tier");
  tier_combo("##to", &movers_to_, "to any tier");
  if (movers_from_ != -2 || movers_to_ != -2 || movers_direction_ != 0 || movers_filter_.IsActive()) {
    ImGui::SameLine();
    if (ImGui::SmallButton("clear")) {
      movers_from_ = movers_to_ = -2;
      movers_direction_ = 0;
      movers_filter_.Clear();
      movers_view_dirty_ = true;
    }
  }

  size_t nm = baseline_.metrics.size();
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
      ImGui::TableSetupColumn(baseline_.metrics[k].name.c_str(), ImGuiTableColumnFlags_PreferSortDescending, fh * 8.0f);
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs()) {
      if (specs->SpecsDirty && specs->SpecsCount > 0) {
        movers_sort_column_ = specs->Specs[0].ColumnIndex;
        movers_sort_ascending_ = specs->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
        movers_view_dirty_ = true;
        specs->SpecsDirty = false;
      }
    }
    if (movers_view_dirty_) {
      movers_view_.clear();
      for (size_t i = 0; i < movers.size(); ++i) {
        const auto& m = movers[i];
        if (movers_direction_ == 1 && !(m.to > m.from)) continue;
        if (movers_direction_ == 2 && !(m.to < m.from)) continue;
        if (movers_from_ != -2 && m.from != movers_from_) continue;
        if (movers_to_ != -2 && m.to != movers_to_) continue;
        if (!movers_filter_.PassFilter(m.customer_id.c_str())) continue;
        movers_view_.push_back(i);
      }
      int col = movers_sort_column_;
      bool asc = movers_sort_ascending_;
      std::stable_sort(movers_view_.begin(), movers_view_.end(), [&](size_t a, size_t b) {
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
      movers_view_dirty_ = false;
    }
    if (movers_view_.empty()) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", movers.empty() ? "No customer changes tier." : "None match the filters.");
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(movers_view_.size()));
    while (clipper.Step()) {
      for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
        const auto& m = movers[movers_view_[static_cast<size_t>(row)]];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(m.customer_id.c_str());
        ImGui::TableNextColumn();
        swatch(tier_color(m.from));
        ImGui::SameLine();
        ImGui::TextUnformatted(tier_name(m.from).c_str());
        ImGui::TableNextColumn();
        swatch(tier_color(m.to));
        ImGui::SameLine();
        ImGui::TextUnformatted(tier_name(m.to).c_str());
        ImGui::TableNextColumn();
        if (m.to > m.from) ImGui::TextColored(ImColor(kUpColor).Value, "\xE2\x96\xB2 %d", m.to - m.from);
        else ImGui::TextColored(ImColor(kDownColor).Value, "\xE2\x96\xBC %d", m.from - m.to);
        for (size_t k = 0; k < nm; ++k) {
          ImGui::TableNextColumn();
          text_right(k < m.metrics.size() ? metric_value(static_cast<int>(k), m.metrics[k]) : "");
        }
      }
    }
    ImGui::EndTable();
  }
  ImGui::TextDisabled("%s of %s movers at %s; metric values are the candidate's.", with_thousands(static_cast<int64_t>(movers_view_.size())).c_str(),
                      with_thousands(static_cast<int64_t>(movers.size())).c_str(), format_day(result_->as_of).c_str());
}

void App::show_import_tab() {
  if (failed_import_) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.05f, 1), "Import of %s failed:", failed_import_->request.path.c_str());
    ImGui::TextUnformatted(failed_import_->error.c_str());
    ImGui::PopTextWrapPos();
    if (!failed_import_->request.skip_bad_rows) {
      if (ImGui::Button("Import again, skipping bad rows")) load_events(failed_import_->request.path, true);
      ImGui::SameLine();
      ImGui::TextDisabled("(they are counted and listed here)");
    }
    ImGui::Separator();
  }
  if (!data_) {
    if (!failed_import_) empty_state("Import report", "Drop an events file (events CSV/JSON, Shopify or WooCommerce orders, Online Retail, CDNOW) on the window.");
    return;
  }
  const ImportReport& r = data_->report;
  heading(r.source.c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("format %s \xC2\xB7 %.2f s", r.format.c_str(), data_->seconds);
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
    row("customers", with_thousands(static_cast<int64_t>(data_->customers)));
    row("events", with_thousands(static_cast<int64_t>(data_->events)));
    row("first day", format_day(data_->first_day));
    row("last day", format_day(data_->last_day));
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

// ---- popups ----------------------------------------------------------------------------

void App::show_popups() {
  float fh = ImGui::GetFontSize();
  if (open_popup_) ImGui::OpenPopup("Open file");
  if (save_as_popup_) ImGui::OpenPopup("Save candidate as");
  if (close_popup_) ImGui::OpenPopup("Unsaved changes");
  open_popup_ = save_as_popup_ = close_popup_ = false;
  ImVec2 center = ImGui::GetMainViewport()->GetCenter();

  ImGui::SetNextWindowPos(center, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (ImGui::BeginPopupModal("Open file", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::TextUnformatted("A program JSON or an events file (any format the core imports):");
    ImGui::SetNextItemWidth(fh * 30);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    bool enter = ImGui::InputText("##path", &path_input_, ImGuiInputTextFlags_EnterReturnsTrue);
    if ((ImGui::Button("Open") || enter) && !path_input_.empty()) {
      open_path(path_input_);
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
    bool enter = ImGui::InputText("##path", &path_input_, ImGuiInputTextFlags_EnterReturnsTrue);
    if ((ImGui::Button("Save") || enter) && !path_input_.empty()) {
      save(path_input_);
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }

  ImGui::SetNextWindowPos(center, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (ImGui::BeginPopupModal("Unsaved changes", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::Text("The candidate program has unsaved changes.");
    std::string label = "Save to " + base_name(save_path_) + " and quit";
    if (ImGui::Button(label.c_str())) {
      save(save_path_);
      if (!cand_.dirty()) quit_ = true;
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Quit without saving")) {
      quit_ = true;
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

} // namespace tierlab::tuner
