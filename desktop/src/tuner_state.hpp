#pragma once
// The tuner's state without a window: the candidate program and its edit
// history (undo/redo), threshold leaves, saving and loading, file kinds,
// command-line options and tier colours. Everything here is testable without
// a GL context (desktop/tests/tuner_state_test.cpp). Rules of the program are
// never re-written here: values go through the core's parse/format functions.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tierlab/date.hpp"
#include "tierlab/program.hpp"

namespace tierlab::tuner {

// ---- threshold leaves -------------------------------------------------------

// Where a leaf sits: tier index and the child indexes from the tier's
// `qualify` root down to the leaf (empty path: the root is the leaf).
struct LeafRef {
  int tier = -1;
  std::vector<int> path;
  bool operator==(const LeafRef&) const = default;
};

struct LeafInfo {
  LeafRef ref;
  int metric = -1;
  bool above = false;
  int64_t threshold = 0;
  int depth = 0;                                 // 0 = the qualify root itself
  Condition::Op parent_op = Condition::Op::Leaf; // Any / All of the parent, Leaf at the root
};

// Every leaf of a tier's condition, depth first (empty for the first tier).
std::vector<LeafInfo> tier_leaves(const Program& p, int tier);
const Condition* find_leaf(const Program& p, const LeafRef& ref); // nullptr when absent
// The first leaf of a tier on a metric (what Session::sweep moves).
std::optional<LeafRef> first_leaf_on_metric(const Program& p, int tier, int metric);

// Upper end of a threshold's slider and sweep: twice the leaf's threshold in
// `p` (pass the baseline, so the range stays put while the candidate moves),
// rounded up to a "nice" number of whole units (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8
// x 10^k). A zero threshold uses the largest threshold on the same metric.
// The exact input accepts any value.
int64_t slider_max(const Program& p, const LeafRef& leaf);

// ---- edits: pure functions, a new program out ------------------------------
// They check their argument against the program's own bounds and throw
// InputError with a message for the screen.

Program with_threshold(const Program& p, const LeafRef& leaf, int64_t value);
Program with_threshold_text(const Program& p, const LeafRef& leaf, std::string_view text); // parse_metric_value
Program with_leaf_above(const Program& p, const LeafRef& leaf, bool above);
Program with_discount(const Program& p, int tier, int32_t basis_points); // 0..10000
Program with_free_shipping(const Program& p, int tier, bool on);
Program with_retention_days(const Program& p, int32_t days);     // 0..100000
Program with_qualify_delay_days(const Program& p, int32_t days); // 0..100000

// Same program, as written (program_to_json of both).
bool same_program(const Program& a, const Program& b);

// A one-line description of how `b` differs from `a` ("Gold: spend_365d ≥ 3500.00 → 3000.00").
std::string describe_change(const Program& a, const Program& b);

// ---- undo / redo --------------------------------------------------------------

// The candidate program and its history. One step per apply(); a slider drag
// is one step: begin_continuous() once, update() every frame, end_continuous().
class History {
 public:
  History() = default;
  explicit History(Program p);

  const Program& current() const { return current_; }
  // A counter that moves on every change of current() (recompute trigger).
  uint64_t revision() const { return revision_; }

  void reset(Program p); // new document: history cleared, saved state = p
  // One undoable step; no step when `next` is the same program. An empty
  // label is filled in by describe_change().
  void apply(Program next, std::string label = {});

  void begin_continuous();
  void update(Program next); // no step yet
  void end_continuous(std::string label = {});
  bool in_continuous() const { return continuous_.has_value(); }

  bool can_undo() const { return !undo_.empty(); }
  bool can_redo() const { return !redo_.empty(); }
  bool undo();
  bool redo();
  std::string undo_label() const; // "" when none
  std::string redo_label() const;
  size_t undo_depth() const { return undo_.size(); }
  size_t redo_depth() const { return redo_.size(); }

  // Unsaved changes: current() differs from the last saved (or loaded) program.
  bool dirty() const;
  void mark_saved();

  static constexpr size_t kMaxSteps = 500;

 private:
  struct Step {
    Program program; // the program before (undo) or after (redo) the step
    std::string label;
  };
  Program current_;
  std::vector<Step> undo_, redo_;
  std::optional<Program> continuous_; // program when the drag began
  std::string saved_json_;
  uint64_t revision_ = 0;
};

// ---- files ----------------------------------------------------------------------

std::string read_text_file(const std::string& path); // throws InputError "PATH: cannot open file"
// Reads and parses a program; the message is "PATH: /pointer: reason".
Program load_program_file(const std::string& path);
// Re-indents compact JSON for people (2 spaces; short objects and arrays stay
// on one line). Only whitespace outside strings changes.
std::string pretty_json(std::string_view compact);

// pretty_json(program_to_json(p)), checked by parsing it back (the round trip must hold), then
// written atomically (temporary file + rename). Throws InputError.
void save_program(const Program& p, const std::string& path);
// "dir/x.json" -> "dir/x.candidate.json"
std::string default_save_path(const std::string& program_path);

enum class FileKind { Program, Events };
// A JSON object with a "tierlab" key is a program; anything else is events
// (CSV, an events JSON array, a store export).
FileKind classify_file(std::string_view text);

// ---- command line -----------------------------------------------------------

struct Options {
  std::string program;            // PROGRAM.json
  std::string events;             // EVENTS.csv (or any importer format)
  std::string candidate;          // --candidate C.json: start from a saved candidate (same tiers)
  std::string save_to;            // --save-to PATH (Ctrl+S target)
  std::string screenshot;         // --screenshot FILE.png
  int frames = 0;                 // --frames N (with --screenshot; default 5)
  float scale = 0;                // --scale S (0 = the monitor's content scale)
  int width = 1280, height = 800; // --size WxH (logical pixels, before scale)
  std::optional<Day> as_of;       // --as-of YYYY-MM-DD
  bool skip_bad_rows = false;     // --skip-bad-rows
  std::string tab;                // --tab sweep|replay|movers|import|tune
  std::string tune;               // --tune TIER=SHARE,...: tune once the data is in
  bool help = false;
};
// Checks that a candidate can be compared with a baseline: the same tiers
// (by name, in order) and the same metric names. Throws InputError.
void check_same_shape(const Program& baseline, const Program& candidate);

// The command line, read with CLI11 (desktop/src/options.cpp). Throws
// InputError (message names the option) on bad arguments; -h / --help sets
// `help`.
Options parse_options(int argc, const char* const* argv);
// The --help text, generated by CLI11 from the declared options.
std::string usage_text();

// ---- colours ----------------------------------------------------------------------

// 0xRRGGBB of a tier: the <tierlab-progress> widget's default palette
// (--tierlab-tier-0 … 4), by position, so a tier looks the same in the
// storefront and in the tuner. Grey for "not enrolled" (tier -1).
constexpr uint32_t kTierPalette[] = {0x80522a, 0x55606f, 0x7a5d00, 0x4a3d8f, 0x1d6b58};
constexpr uint32_t kNotEnrolled = 0x969696;
uint32_t tier_rgb(const Program& p, int tier);

// ---- small formatting helpers ------------------------------------------------
std::string with_thousands(int64_t n);                         // 12345 -> "12,345"
std::string format_percent(double fraction, int decimals = 1); // 0.123 -> "12.3%"

} // namespace tierlab::tuner
