#pragma once
// A validated loyalty program (spec §3, §4). Built once from JSON by
// parse_program(); the engine never sees JSON.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tierlab/money.hpp"

namespace tierlab {

enum class Measure { NetSpend, GrossSpend, PurchaseCount, EngagementPoints, EventCount, TenureDays };

const char* measure_name(Measure m);
bool is_money(Measure m);

struct Window {
  enum class Kind { Days, Lifetime, Year, Quarter, Month };
  Kind kind = Kind::Lifetime;
  int32_t days = 0; // for Kind::Days
};

struct Metric {
  std::string name;
  Measure measure = Measure::NetSpend;
  Window window;
  std::string kind; // event_count only: the event type it counts
};

struct Condition {
  enum class Op { Leaf, Any, All };
  Op op = Op::Leaf;
  // Leaf: metric index into Program::metrics; value >= threshold (at_least)
  // or value > threshold (above). Money thresholds are in minor units.
  int metric = -1;
  bool above = false;
  int64_t threshold = 0;
  std::vector<Condition> children; // Any / All
};

struct Benefits {
  // Hundredths of a percent (5% = 500), so 2.5% is exact.
  int32_t discount_basis_points = 0;
  bool free_shipping = false;
  // Points earned on a purchase (and taken back on a return) at this tier,
  // in hundredths (1.5x = 150), so the multiplier is exact; default 1x.
  int32_t points_multiplier_hundredths = 100;
  std::vector<std::string> perks;
  bool present = false; // the tier had a "benefits" object
};

struct Tier {
  std::string name;
  std::optional<Condition> qualify; // none on the first tier
  Benefits benefits;
  std::optional<Condition> retain; // spec §3b: none = the tier's qualify (only with a status block)
};

// Tier status terms (spec §3b): a tier reached is held for a term, then
// reviewed; a failed review lowers it by the downgrade policy.
struct StatusTerm {
  enum class Kind { Days, Year, Quarter, Month };
  Kind kind = Kind::Days;
  int32_t days = 0; // Kind::Days: N >= 1
  int32_t plus = 0; // calendar kinds: K >= 0 periods after the one holding the start
};
enum class Downgrade { ToQualified, OneStep };
struct StatusRules {
  StatusTerm term;
  Downgrade downgrade = Downgrade::ToQualified;
};

struct Reward {
  std::string name;
  int64_t points = 0;
};

struct PointsRules {
  // Points per currency unit as a decimal: per_unit_scaled / 10^per_unit_scale.
  int64_t per_unit_scaled = 0;
  int per_unit_scale = 0;
  std::vector<std::pair<std::string, int64_t>> per_event; // engagement kind -> points
  int64_t value_points = 0;                               // value: value_points points are worth value_money
  Money value_money = 0;
  std::optional<int32_t> expire_after_days;
  std::vector<Reward> rewards;
};

constexpr size_t kMaxMetrics = 64; // per program (keeps a metric row on the stack)
constexpr size_t kMaxTiers = 100;  // per program (a tier index fits a byte in the re-tier passes)

struct Program {
  std::string name;
  std::string display_name; // what shoppers see; empty: name (spec §3)
  Currency currency;
  bool enrollment_required = false;
  int32_t qualify_delay_days = 0;
  int32_t retention_days = 0;
  std::vector<std::pair<std::string, int64_t>> engagement; // kind -> points
  std::vector<Metric> metrics;
  std::vector<Tier> tiers;
  std::optional<PointsRules> points;
  std::optional<StatusRules> status; // spec §3b; none: v1 tiers (retention_days)

  int metric_index(std::string_view name) const; // -1 when absent
  int tier_index(std::string_view name) const;   // -1 when absent
};

// Parses and validates program JSON. Throws InputError whose message starts
// with the JSON pointer of the fault ("/tiers/2/qualify/any/0/above: expected
// a number"), or "line L column C: ..." for a JSON syntax error.
Program parse_program(std::string_view json_text);

// Writes a program back as JSON (spec §3 form, decimals in major units):
// parse_program(program_to_json(p)) == p. Used to save an edited candidate.
std::string program_to_json(const Program& p);

// A threshold or metric value as it is written: money in major units with
// the currency's digits, counts as integers.
std::string format_metric_value(const Program& p, int metric, int64_t value);
void append_metric_value(std::string& out, const Program& p, int metric, int64_t value); // the same, appended
// Parses a threshold typed by a person for the given metric (money in major
// units for money metrics, an integer otherwise). Throws InputError.
int64_t parse_metric_value(const Program& p, int metric, std::string_view text);

} // namespace tierlab
