#pragma once
// The tuner window: one full-window ImGui layout of the panels
// (panels/panels.hpp), over the state they share (panels/shared.hpp). App owns
// the Engine: it loads files, posts requests and takes the results into the
// shared state. All calculation goes through the core, on the Engine's
// worker threads.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine.hpp"
#include "panels/shared.hpp"
#include "tuner_state.hpp"

namespace tierlab::tuner {

class App : public Loader {
 public:
  App(Options opt, Fonts fonts, float scale);

  // Files from the command line, then dropped files; a file is a program
  // or events by its content.
  void open_path(const std::string& path) override;
  void load_events(const std::string& path, bool skip_bad_rows) override;
  void tune(TuneRequest r) override;
  void open_initial();

  // One frame of UI (between ImGui::NewFrame and ImGui::Render).
  void frame();

  // Window title ("Tierlab Tuner — Program name *").
  std::string title() const;
  // The user closed the window: true when it may close now (else a
  // "save changes?" question is shown).
  bool request_close();
  bool should_quit() const { return s_.quit; }

  // A note or an error for the person at the window.
  void notify(std::string text, bool error) { s_.message(std::move(text), error); }

  // Screenshot mode: the data work is done and every panel has its results.
  bool settled() const;
  // Messages that were errors (for the screenshot mode's exit status).
  bool had_error() const { return s_.had_error; }
  const std::string& last_error() const { return s_.last_error; }

 private:
  void load_program(const std::string& path);
  void poll();
  void request_work();

  Options opt_;
  Engine engine_;
  Shared s_; // what the panels draw and edit
  int imported_digits_ = -1;

  // the requests in flight or done: a new one when the key changes
  struct Key {
    uint64_t revision = 0, inputs = 0, data = 0;
    bool operator==(const Key&) const = default;
  };
  std::optional<Key> compute_key_, replay_key_;
  double replay_due_ = 0; // time after which a changed replay is requested (debounce)
  std::optional<Key> replay_baseline_key_;
  bool auto_tuned_ = false; // --tune was started
  void auto_tune();
  std::optional<Key> notify_key_; // the Notify tab's lists
  double notify_due_ = 0;
};

} // namespace tierlab::tuner
