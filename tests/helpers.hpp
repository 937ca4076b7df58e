#pragma once
// Small helpers shared by the core tests: build a program and an event log
// from text, and read one customer's status and metrics at a day.
#include <catch2/catch.hpp>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "tierlab/date.hpp"
#include "tierlab/error.hpp"
#include "tierlab/evaluate.hpp"
#include "tierlab/events.hpp"
#include "tierlab/generate.hpp"
#include "tierlab/money.hpp"
#include "tierlab/program.hpp"

namespace tt {

using namespace tierlab;

// "YYYY-MM-DD" to a Day; fails the test on a bad literal.
inline Day day(std::string_view text) {
  auto d = parse_day(text);
  REQUIRE(d.has_value());
  return *d;
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string source_path(const std::string& rel) { return std::string(TIERLAB_SOURCE_DIR) + "/" + rel; }

// The message of the InputError that f throws ("" when it throws none).
template <class F> std::string input_error(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

inline bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// A program of the given pieces: `body` holds "metrics" and "tiers" (and any
// other key), written without the surrounding braces.
inline std::string program_json(const std::string& body, const std::string& currency = "USD") {
  return R"({"tierlab": 1, "name": "Test", "currency": ")" + currency + "\", " + body + "}";
}

// `tierlab generate`'s events CSV for that many customers and seed.
inline std::string generated(uint64_t customers, uint64_t seed) {
  GenerateOptions g;
  g.customers = customers;
  g.seed = seed;
  std::string out;
  generate_events(g, [&](std::string_view s) { out += s; });
  return out;
}

inline Import import_csv(const std::string& csv, int digits = 2, bool skip = false,
                         const std::string& source = "events.csv") {
  ImportOptions opt;
  opt.currency_digits = digits;
  opt.skip_bad_rows = skip;
  opt.source = source;
  return import_events_csv(csv, opt);
}

// Two imports are the same: report, skipped rows with their messages, and
// every event (kinds compared by name, since readers may number them apart).
inline void require_same(const Import& a, const Import& b) {
  CHECK(a.report.rows_read == b.report.rows_read);
  CHECK(a.report.rows_used == b.report.rows_used);
  CHECK(a.report.duplicates == b.report.duplicates);
  CHECK(a.report.skipped == b.report.skipped);
  REQUIRE(a.report.first_skipped.size() == b.report.first_skipped.size());
  for (size_t i = 0; i < a.report.first_skipped.size(); ++i) {
    CHECK(a.report.first_skipped[i].line == b.report.first_skipped[i].line);
    CHECK(a.report.first_skipped[i].message == b.report.first_skipped[i].message);
  }
  CHECK(a.log.customer_ids == b.log.customer_ids);
  CHECK(a.log.begin == b.log.begin);
  CHECK(a.log.day == b.log.day);
  CHECK(a.log.type == b.log.type);
  CHECK(a.log.amount == b.log.amount);
  REQUIRE(a.log.size() == b.log.size());
  for (size_t i = 0; i < a.log.size(); ++i)
    if (a.log.kinds[a.log.kind[i]] != b.log.kinds[b.log.kind[i]]) FAIL("kind differs at event " << i);
}

// One program and one event log; answers per customer at a day.
struct Fixture {
  Program program;
  Import im;

  Fixture(const std::string& program_text, const std::string& events_csv)
      : program(parse_program(program_text)), im(import_csv(events_csv, program.currency.digits)) {}

  struct Row {
    CustomerStatus status;
    std::vector<int64_t> metrics;
  };

  // The customer's row of evaluate() at `date`; nullopt when not listed.
  std::optional<Row> row(std::string_view customer, std::string_view date) const {
    Evaluation e = evaluate(program, im.log, day(date));
    for (size_t r = 0; r < e.rows.size(); ++r)
      if (im.log.customer_ids[e.rows[r].customer] == customer) {
        Row out{e.rows[r], {}};
        out.metrics.assign(e.metric_values.begin() + static_cast<long>(r * e.metric_count),
                           e.metric_values.begin() + static_cast<long>((r + 1) * e.metric_count));
        return out;
      }
    return std::nullopt;
  }

  Row must_row(std::string_view customer, std::string_view date) const {
    auto r = row(customer, date);
    INFO("customer " << customer << " at " << date);
    REQUIRE(r.has_value());
    return *r;
  }

  CustomerStatus status(std::string_view customer, std::string_view date) const {
    return must_row(customer, date).status;
  }

  int tier(std::string_view customer, std::string_view date) const { return status(customer, date).tier; }

  int64_t metric(std::string_view customer, std::string_view date, std::string_view name) const {
    int m = program.metric_index(name);
    REQUIRE(m >= 0);
    return must_row(customer, date).metrics[static_cast<size_t>(m)];
  }

  // held_until as text, "" when empty.
  std::string held_until(std::string_view customer, std::string_view date) const {
    auto s = status(customer, date);
    return s.held_until ? format_day(*s.held_until) : std::string();
  }

  std::string progress(std::string_view customer, std::string_view date) const {
    return format_fraction(status(customer, date).progress, 4);
  }

  PointsState points(std::string_view customer, std::string_view date) const {
    Evaluator ev(program, im.log);
    for (uint32_t c = 0; c < im.log.customers(); ++c)
      if (im.log.customer_ids[c] == customer) return ev.points(c, day(date));
    FAIL("no customer " << customer);
    return {};
  }

  std::string csv(std::string_view date) const {
    Evaluation e = evaluate(program, im.log, day(date));
    return evaluation_csv(program, im.log, e);
  }
};

} // namespace tt
