#include "app.hpp"

#include <algorithm>
#include <cmath>
#include <exception>

#include "panels/panels.hpp"
#include "tune_state.hpp"
#include "tierlab/error.hpp"

namespace tierlab::tuner {

App::App(Options opt, Fonts fonts, float scale) : opt_(std::move(opt)) {
  s_.fonts = fonts;
  s_.scale = scale;
  s_.skip_bad_rows = opt_.skip_bad_rows;
  if (opt_.tab == "sweep") s_.tab_request = 0;
  else if (opt_.tab == "replay") s_.tab_request = 1;
  else if (opt_.tab == "movers") s_.tab_request = 2;
  else if (opt_.tab == "import") s_.tab_request = 3;
  else if (opt_.tab == "notify") s_.tab_request = 4;
  else if (opt_.tab == "tune") s_.tab_request = 5;
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
    s_.message(e.what(), true);
    return;
  }
  if (classify_file(head) == FileKind::Program) load_program(path);
  else load_events(path, opt_.skip_bad_rows);
}

void App::load_program(const std::string& path) {
  try {
    Program p = load_program_file(path);
    s_.baseline = p;
    s_.cand.reset(std::move(p));
    s_.has_program = true;
    ++s_.baseline_version;
    s_.program_path = path;
    s_.save_path = opt_.save_to.empty() ? default_save_path(path) : opt_.save_to;
    s_.edits.text.clear();
    s_.edits.error.clear();
    s_.result.reset();
    s_.replay.reset();
    ++s_.inputs_version;
    // Select a threshold to sweep: the first leaf of the second tier.
    s_.selected.reset();
    for (size_t t = 1; t < s_.baseline.tiers.size() && !s_.selected; ++t) {
      auto leaves = tier_leaves(s_.baseline, static_cast<int>(t));
      if (!leaves.empty()) s_.selected = leaves.front().ref;
    }
    s_.message("Loaded program \"" + s_.baseline.name + "\" from " + base_name(path), false);
    // A saved candidate of this program (--candidate), once, at start.
    if (!opt_.candidate.empty() && path == opt_.program) {
      std::string cpath = opt_.candidate;
      opt_.candidate.clear();
      try {
        Program cp = load_program_file(cpath);
        try {
          check_same_shape(s_.baseline, cp);
        } catch (const InputError& e) {
          throw InputError(cpath + ": " + e.what());
        }
        s_.cand.reset(std::move(cp));
        if (opt_.save_to.empty()) s_.save_path = cpath;
        s_.message("Loaded candidate from " + base_name(cpath), false);
      } catch (const std::exception& e) {
        s_.message(e.what(), true);
      }
    }
    // Events are imported with the program's currency digits.
    if (!s_.events_path.empty() && imported_digits_ != s_.baseline.currency.digits)
      load_events(s_.events_path, opt_.skip_bad_rows);
  } catch (const std::exception& e) {
    s_.message(e.what(), true);
  }
}

void App::load_events(const std::string& path, bool skip_bad_rows) {
  s_.events_path = path;
  ImportRequest r;
  r.path = path;
  r.currency_digits = s_.has_program ? s_.baseline.currency.digits : 2;
  r.skip_bad_rows = skip_bad_rows;
  s_.importing = true;
  engine_.import_file(r);
}

void App::poll() {
  if (auto imp = engine_.take_import()) {
    s_.importing = false;
    if (imp->ok) {
      s_.data = *imp;
      s_.failed_import.reset();
      imported_digits_ = imp->request.currency_digits;
      Day d = opt_.as_of.value_or(imp->last_day);
      s_.as_of = std::clamp(d, imp->first_day, imp->last_day);
      ++s_.inputs_version;
      s_.result.reset();
      s_.replay.reset();
      s_.replay_baseline.reset();
      compute_key_.reset();
      replay_key_.reset();
      replay_baseline_key_.reset();
      notify_key_.reset();
      s_.notify.reset();
      s_.movers.view_dirty = true;
      if (!s_.replay_step_chosen) {
        int span = imp->last_day - imp->first_day;
        s_.replay_step = span > 730 ? ReplayStep::Month : span > 120 ? ReplayStep::Week : ReplayStep::Day;
      }
      s_.message("Imported " + with_thousands(static_cast<int64_t>(imp->customers)) + " customers, " +
                     with_thousands(static_cast<int64_t>(imp->events)) + " events from " +
                     base_name(imp->request.path) + " (" + imp->report.format + ")",
                 false);
    } else {
      s_.failed_import = *imp;
      s_.message(imp->error, true);
      s_.tab_request = 3; // the import report says what to do next
    }
  }
  if (auto c = engine_.take_compute()) {
    if (!c->ok) s_.message(c->error, true);
    else {
      s_.result = std::move(*c);
      s_.movers.view_dirty = true;
    }
  }
  if (!auto_tuned_ && !opt_.tune.empty() && s_.has_program && s_.data && s_.result) auto_tune();
  if (auto t = engine_.take_tune()) {
    s_.tune.pending = false;
    if (!t->ok) {
      s_.message(t->error, true);
    } else {
      // One undoable step: the tuned leaves move, the sliders with them.
      s_.tune.summary = tune_summary(t->result);
      s_.cand.apply(tuned_candidate(s_.cand.current(), t->result), "Tune to target mix");
      s_.message("Tuned in " + std::to_string(static_cast<int>(t->milliseconds)) +
                     " ms: " + with_thousands(t->result.movers) + " customers change tier",
                 false);
    }
  }
  if (auto n = engine_.take_notify()) {
    if (!n->ok) s_.message(n->error, true);
    else s_.notify = std::move(*n);
  }
  if (auto r = engine_.take_replay()) {
    s_.replay_pending = false;
    if (!r->ok) s_.message(r->error, true);
    else {
      if (r->baseline) s_.replay_baseline = std::move(*r->baseline);
      s_.replay = std::move(*r);
    }
  }
}

void App::request_work() {
  if (!s_.has_program || !s_.data) return;
  Key key{s_.cand.revision(), s_.inputs_version, s_.data->data_version};
  if (!compute_key_ || !(*compute_key_ == key)) {
    ComputeRequest r;
    r.revision = s_.cand.revision();
    r.baseline = s_.baseline;
    r.candidate = s_.cand.current();
    r.as_of = s_.as_of;
    if (s_.selected) {
      if (const Condition* c = find_leaf(s_.cand.current(), *s_.selected)) {
        SweepSpec s;
        s.tier = s_.cand.current().tiers[static_cast<size_t>(s_.selected->tier)].name;
        s.metric = s_.cand.current().metrics[static_cast<size_t>(c->metric)].name;
        s.from = 0;
        s.to = std::max(slider_max(s_.baseline, *s_.selected), c->threshold);
        // Whole steps: every count for a small count range, else 40 intervals.
        bool money_metric = is_money(s_.cand.current().metrics[static_cast<size_t>(c->metric)].measure);
        s.steps = !money_metric && s.to <= 60 ? static_cast<int>(s.to) + 1 : 41;
        r.sweep = s;
      }
    }
    engine_.compute(std::move(r));
    compute_key_ = key;
  }
  // The replay does not depend on as-of or the sweep selection; it waits
  // until an edit rests for a moment (a drag asks for one replay, at the end).
  uint64_t replay_inputs = s_.baseline_version * 4 + static_cast<uint64_t>(s_.replay_step);
  Key rkey{s_.cand.revision(), replay_inputs, s_.data->data_version};
  Key bkey{0, replay_inputs, s_.data->data_version};
  double now = ImGui::GetTime();
  if (!replay_key_ || !(*replay_key_ == rkey)) {
    if (replay_due_ == 0) replay_due_ = now + (replay_key_ ? 0.35 : 0.0);
    if (now >= replay_due_ && !s_.cand.in_continuous()) {
      ReplayRequest r;
      r.revision = s_.cand.revision();
      // The baseline's replay is kept: asked for again only when it changes.
      if (!replay_baseline_key_ || !(*replay_baseline_key_ == bkey)) {
        r.baseline = s_.baseline;
        s_.replay_baseline.reset();
        replay_baseline_key_ = bkey;
      }
      r.candidate = s_.cand.current();
      r.from = s_.data->first_day;
      r.to = s_.data->last_day;
      r.step = s_.replay_step;
      engine_.replay(std::move(r));
      replay_key_ = rkey;
      s_.replay_pending = true;
      replay_due_ = 0;
    }
  }
  // The notification lists evaluate every customer four times: asked for
  // once an edit rests, like the replay.
  Key nkey{s_.cand.revision(), s_.inputs_version, s_.data->data_version};
  if (!notify_key_ || !(*notify_key_ == nkey)) {
    if (notify_due_ == 0) notify_due_ = now + (notify_key_ ? 0.35 : 0.0);
    if (now >= notify_due_ && !s_.cand.in_continuous()) {
      NotifyRequest r;
      r.revision = s_.cand.revision();
      r.baseline = s_.baseline;
      r.candidate = s_.cand.current();
      r.as_of = s_.as_of;
      engine_.notify(std::move(r));
      notify_key_ = nkey;
      notify_due_ = 0;
    }
  }
}

// --tune: the Target mix tab's shares as given, then Tune, once.
void App::auto_tune() {
  auto_tuned_ = true;
  const Program& c = s_.cand.current();
  try {
    TuneRequest r;
    r.candidate = c;
    r.as_of = s_.as_of;
    r.targets = parse_tune_targets(opt_.tune, "tune");
    s_.tune.share.assign(c.tiers.size(), "");
    for (const TuneTarget& t : r.targets) {
      const int i = c.tier_index(t.tier);
      if (i > 0) {
        std::string text = t.share.text;
        if (!text.empty() && text.back() == '%') text.pop_back();
        else text = format_fraction({t.share.num * 100, t.share.den}, 2);
        s_.tune.share[static_cast<size_t>(i)] = text;
      }
    }
    s_.tune.typed = true;
    tune(std::move(r));
  } catch (const std::exception& e) {
    s_.message(e.what(), true);
  }
}

void App::tune(TuneRequest r) {
  s_.tune.pending = true;
  engine_.tune(std::move(r));
}

bool App::settled() const {
  if (s_.importing || !engine_.idle()) return false;
  if (s_.has_program && s_.data) {
    Key key{s_.cand.revision(), s_.inputs_version, s_.data->data_version};
    if (!compute_key_ || !(*compute_key_ == key) || !s_.result) return false;
    if (!replay_key_ || (!s_.replay && !s_.had_error)) return false;
    if (!notify_key_ || (!s_.notify && !s_.had_error)) return false;
  }
  return true;
}

std::string App::title() const {
  std::string t = "Tierlab Tuner";
  if (s_.has_program) t += " \xE2\x80\x94 " + s_.baseline.name + (s_.cand.dirty() ? " *" : "");
  return t;
}

bool App::request_close() { return s_.request_close(); }

// ---- frame: the layout of the panels ----------------------------------------------

void App::frame() {
  poll();
  shortcuts(s_);
  request_work();
  // Panels draw from a copy: an edit replaces s_.cand.current() mid-frame, and
  // references into the old program must stay valid until the frame ends.
  s_.view = s_.cand.current();

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                           ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_MenuBar |
                           ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  ImGui::Begin("Tierlab Tuner", nullptr, flags);
  ImGui::PopStyleVar();
  show_menu(s_, *this);
  show_status_line(s_, engine_);
  show_messages(s_);

  const ImGuiStyle& st = ImGui::GetStyle();
  ImVec2 avail = ImGui::GetContentRegionAvail();
  float fh = ImGui::GetFontSize();
  float left_w = std::clamp(avail.x * 0.33f, fh * 22.0f, fh * 32.0f);
  if (avail.x - left_w < fh * 34.0f) left_w = std::max(fh * 16.0f, avail.x * 0.4f);

  ImGui::BeginChild("program", ImVec2(left_w, avail.y), true);
  show_program_panel(s_);
  ImGui::EndChild();
  ImGui::SameLine();

  ImGui::BeginGroup();
  float right_w = ImGui::GetContentRegionAvail().x;
  float top_h = std::clamp(avail.y * 0.40f, fh * 12.5f, fh * 20.0f);
  float counts_w = std::floor((right_w - st.ItemSpacing.x) * 0.49f);
  ImGui::BeginChild("counts", ImVec2(counts_w, top_h), true);
  show_counts_panel(s_);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("migration", ImVec2(0, top_h), true);
  show_migration_panel(s_);
  ImGui::EndChild();

  ImGui::BeginChild("tabs", ImVec2(0, 0), true);
  if (ImGui::BeginTabBar("views")) {
    auto flag = [&](int i) {
      ImGuiTabItemFlags f = s_.tab_request == i ? ImGuiTabItemFlags_SetSelected : 0;
      return f;
    };
    if (ImGui::BeginTabItem("Sweep", nullptr, flag(0))) {
      show_sweep_tab(s_);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Replay", nullptr, flag(1))) {
      show_replay_tab(s_);
      ImGui::EndTabItem();
    }
    std::string movers_label = "Movers";
    if (s_.result) movers_label += " (" + with_thousands(static_cast<int64_t>(s_.result->movers.size())) + ")";
    movers_label += "###movers";
    if (ImGui::BeginTabItem(movers_label.c_str(), nullptr, flag(2))) {
      show_movers_tab(s_);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Notify", nullptr, flag(4))) {
      show_notify_tab(s_);
      ImGui::EndTabItem();
    }
    std::string import_label = s_.failed_import ? "Import report (error)###import" : "Import report###import";
    if (ImGui::BeginTabItem(import_label.c_str(), nullptr, flag(3))) {
      show_import_tab(s_, *this);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Target mix", nullptr, flag(5))) {
      show_tune_tab(s_, *this);
      ImGui::EndTabItem();
    }
    s_.tab_request = -1;
    ImGui::EndTabBar();
  }
  ImGui::EndChild();
  ImGui::EndGroup();

  show_popups(s_, *this);
  ImGui::End();
}

} // namespace tierlab::tuner
