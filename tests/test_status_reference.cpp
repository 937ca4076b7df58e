// The fast status walk (spec §3b) held to the day-by-day reference
// (status_reference.hpp) on generated histories: many programs, many as-of
// days, every customer, every status column.
#include "helpers.hpp"
#include "status_reference.hpp"
#include "tierlab/rules.hpp"

using namespace tt;

namespace {

const char* const kPrograms[] = {
    // 1. A 365-day term, one step down, retain below qualify (the spec's example).
    R"("status": {"term": {"days": 365}, "downgrade": "one_step"},
       "metrics": {"spend": {"measure": "net_spend", "window": {"days": 365}}},
       "tiers": [{"name": "Bronze"},
                 {"name": "Silver", "qualify": {"metric": "spend", "at_least": 500}, "retain": {"metric": "spend", "at_least": 300}},
                 {"name": "Gold", "qualify": {"metric": "spend", "at_least": 1500}, "retain": {"metric": "spend", "at_least": 1000}}])",
    // 2. Through the end of next calendar year, to the qualified tier; calendar windows.
    R"("status": {"term": {"calendar": "year", "plus": 1}},
       "metrics": {"year": {"measure": "net_spend", "window": {"calendar": "year"}},
                   "q": {"measure": "purchase_count", "window": {"calendar": "quarter"}},
                   "orders": {"measure": "purchase_count", "window": {"days": 180}}},
       "tiers": [{"name": "A"},
                 {"name": "B", "qualify": {"any": [{"metric": "year", "at_least": 400}, {"metric": "q", "at_least": 3}]},
                               "retain": {"metric": "orders", "at_least": 2}},
                 {"name": "C", "qualify": {"metric": "year", "above": 1200}},
                 {"name": "D", "qualify": {"all": [{"metric": "year", "at_least": 2000}, {"metric": "q", "at_least": 2}]},
                               "retain": {"metric": "year", "at_least": 900}}])",
    // 3. Quarter terms, one step, a qualify delay, required enrollment, rolling windows.
    R"("status": {"term": {"calendar": "quarter"}, "downgrade": "one_step"},
       "enrollment": "required", "qualify_delay_days": 14,
       "metrics": {"s90": {"measure": "net_spend", "window": {"days": 90}},
                   "g30": {"measure": "gross_spend", "window": {"days": 30}}},
       "tiers": [{"name": "A"},
                 {"name": "B", "qualify": {"metric": "s90", "at_least": 300}, "retain": {"metric": "g30", "above": 50}},
                 {"name": "C", "qualify": {"metric": "g30", "at_least": 600}, "retain": {"metric": "s90", "at_least": 400}}])",
    // 4. Month terms plus 2, tenure in qualify and retain, lifetime engagement.
    R"("status": {"term": {"calendar": "month", "plus": 2}, "downgrade": "to_qualified"},
       "engagement": {"review": 5, "referral": 20},
       "metrics": {"eng": {"measure": "engagement_points", "window": "lifetime"},
                   "tenure": {"measure": "tenure_days"},
                   "m": {"measure": "net_spend", "window": {"calendar": "month"}}},
       "tiers": [{"name": "A"},
                 {"name": "B", "qualify": {"any": [{"metric": "eng", "at_least": 20}, {"metric": "m", "at_least": 200}]},
                               "retain": {"metric": "tenure", "above": 200}},
                 {"name": "C", "qualify": {"all": [{"metric": "eng", "at_least": 40}, {"metric": "tenure", "at_least": 300}]},
                               "retain": {"all": [{"metric": "tenure", "at_least": 500}, {"metric": "eng", "at_least": 30}]}}])",
    // 5. Short day terms, four tiers, event counts, no retain (qualify keeps).
    R"("status": {"term": {"days": 30}},
       "metrics": {"reviews": {"measure": "event_count", "kind": "review", "window": {"days": 60}},
                   "n": {"measure": "purchase_count", "window": {"days": 45}},
                   "net": {"measure": "net_spend", "window": "lifetime"}},
       "tiers": [{"name": "A"},
                 {"name": "B", "qualify": {"metric": "n", "at_least": 1}},
                 {"name": "C", "qualify": {"any": [{"metric": "n", "at_least": 3}, {"metric": "reviews", "at_least": 2}]}},
                 {"name": "D", "qualify": {"metric": "net", "above": 3000}}])",
    // 6. Year terms plus 0, one step, a delay longer than a window (never counts there).
    R"("status": {"term": {"calendar": "year"}, "downgrade": "one_step"}, "qualify_delay_days": 40,
       "metrics": {"s30": {"measure": "net_spend", "window": {"days": 30}},
                   "s365": {"measure": "net_spend", "window": {"days": 365}}},
       "tiers": [{"name": "A"},
                 {"name": "B", "qualify": {"metric": "s365", "at_least": 200}, "retain": {"metric": "s30", "at_least": 0}},
                 {"name": "C", "qualify": {"metric": "s365", "at_least": 1000}},
                 {"name": "D", "qualify": {"any": [{"metric": "s30", "at_least": 1}, {"metric": "s365", "at_least": 2500}]}}])",
};

} // namespace

TEST_CASE("the status walk agrees with a day by day reference on generated histories", "[status][property]") {
  const char* const as_of[] = {"2023-02-14", "2023-09-30", "2024-01-01", "2024-02-29",
                               "2024-07-15", "2024-12-31", "2025-04-01", "2025-06-30"};
  int compared = 0, held = 0, dropping = 0;
  for (size_t pi = 0; pi < std::size(kPrograms); ++pi) {
    const Program p = parse_program(program_json(kPrograms[pi]));
    const Import im = import_csv(random_events(static_cast<uint32_t>(1000 + pi), 24));
    const Evaluator ev(p, im.log);
    for (const char* date : as_of) {
      const Day D = day(date);
      for (uint32_t c = 0; c < im.log.customers(); ++c) {
        if (!ev.listed(c, D)) continue;
        INFO("program " << pi + 1 << ", customer " << im.log.customer_ids[c] << ", as of " << date);
        const ReferenceStatus ref = reference_status(p, im.log, c, D);
        const CustomerStatus s = ev.status(c, D);
        REQUIRE(s.enrolled == ref.enrolled);
        REQUIRE(s.tier == ref.tier);
        REQUIRE(s.held_until == ref.held_until);
        REQUIRE(s.review_tier == ref.review_tier);
        ++compared;
        if (ref.tier > 0) {
          const Tier& t = p.tiers[static_cast<size_t>(ref.tier)];
          Condition keep;
          keep.op = Condition::Op::Any;
          keep.children = {*t.qualify};
          if (t.retain) keep.children.push_back(*t.retain);
          REQUIRE(compare(s.keep_progress, progress_of(keep, ref.keep_values.data())) == 0);
          REQUIRE(s.keeps == holds(keep, ref.keep_values.data()));
          ++held;
          dropping += ref.review_tier < ref.tier;
        }
      }
    }
  }
  // The data must exercise the walk: held tiers and drops at a review.
  CHECK(compared > 600);
  CHECK(held > 150);
  CHECK(dropping > 40);
}
