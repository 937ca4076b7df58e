#!/bin/sh
# CLI tests of `tierlab tune` (spec §5b, issue 17).
#   run-cli-tune-tests.sh TIERLAB SOURCE_DIR [SECTION]
# SECTION: output | roundtrip | errors | budget | all
# Exit status: 0 pass, 1 fail.
set -u

NAME=tierlab-cli-tune-tests
. "$(dirname "$0")/lib.sh"

same() {
  if ! cmp -s "$1" "$2"; then
    fail "$1 and $2 differ"
    diff "$1" "$2" >&2 | head -20
  fi
}

expect_line() {
  if ! grep -F -x -q -- "$1" "$OUT"; then
    fail "stdout lacks the line: $1"
    head -20 "$OUT" >&2
  fi
}

TARGET="Silver=60%,Gold=30%"

# Goldens (worked by hand in tests/data/expected/README.md): Gold above 400.00
# (2 of 7: ava, dev), Silver above 235.00 (4 of 7: + eli, gus).
section_output() {
  run 0 tune --program "$KIDS" --events "$SMALL" --target "$TARGET" --metric spend
  same "$OUT" "$DATA/expected/small-kids-tune.txt"
  run 0 tune --program "$KIDS" --events "$SMALL" --target "$TARGET" --metric spend --format json
  same "$OUT" "$DATA/expected/small-kids-tune.json"
  # A fraction is the same share as its percentage; spend is each tier's first leaf.
  # (The report keeps each target as written.)
  run 0 tune --program "$KIDS" --events "$SMALL" --target "Silver=0.6,Gold=0.3" --format json
  sed 's/"text":"0\.3"/"text":"30%"/; s/"text":"0\.6"/"text":"60%"/' "$OUT" >"$WORK/fraction.json"
  same "$WORK/fraction.json" "$DATA/expected/small-kids-tune.json"
}

# --output: validate accepts the tuned program and simulate takes it as is;
# the candidate's counts are the report's "after".
section_roundtrip() {
  run 0 tune --program "$KIDS" --events "$SMALL" --target "$TARGET" --output "$WORK/tuned.json"
  run 0 validate "$WORK/tuned.json"
  expect_line "$WORK/tuned.json: valid — \"Little Threads Rewards\", USD, 3 tiers (Bronze < Silver < Gold), 3 metrics, points"
  run 0 simulate --program "$KIDS" --candidate "$WORK/tuned.json" --events "$SMALL"
  expect_line "Silver                      2    28.6%            2    28.6%         +0            33.00"
  expect_line "Gold                        3    42.9%            2    28.6%         -1            63.24"
  grep -q '"above":400.00' "$WORK/tuned.json" || fail "tuned.json lacks Gold's 400.00"
  grep -q '"above":235.00' "$WORK/tuned.json" || fail "tuned.json lacks Silver's 235.00"
  # Tuning the tuned program again changes nothing.
  run 0 tune --program "$WORK/tuned.json" --events "$SMALL" --target "$TARGET" --output "$WORK/again.json"
  same "$WORK/again.json" "$WORK/tuned.json"
}

section_errors() {
  run 2 tune --program "$KIDS" --events "$SMALL" --target Platinum=1%
  expect_err 'tierlab: --target: no tier "Platinum" in the program'
  # Told before the events are read (a missing file is not reached).
  run 2 tune --program "$KIDS" --events "$WORK/missing.csv" --target Platinum=1%
  expect_err 'tierlab: --target: no tier "Platinum" in the program'
  run 2 tune --program "$KIDS" --events "$SMALL" --target Bronze=10%
  expect_err 'tierlab: --target: "Bronze" is the first tier and has no threshold'
  run 2 tune --program "$KIDS" --events "$SMALL" --target Gold=100.5%
  expect_err 'tierlab: --target: share "100.5%": above 100%'
  run 2 tune --program "$KIDS" --events "$SMALL" --target Gold=30
  expect_err 'tierlab: --target: share "30": above 1 (write 30% for a percentage)'
  run 2 tune --program "$KIDS" --events "$SMALL" --target Gold=-1%
  expect_err 'tierlab: --target: share "-1%": expected a percentage like 12.5% or a fraction like 0.125'
  run 2 tune --program "$KIDS" --events "$SMALL" --target Gold=10% --metric visits
  expect_err 'tierlab: --metric: no metric "visits" in the program'
  printf '%s' '{"tierlab": 1, "name": "T", "currency": "USD",
    "metrics": {"spend": {"measure": "net_spend", "window": "lifetime"},
                "orders": {"measure": "purchase_count", "window": "lifetime"}},
    "tiers": [{"name": "Bronze"}, {"name": "Silver", "qualify": {"metric": "spend", "at_least": 100}},
              {"name": "Gold", "qualify": {"metric": "orders", "at_least": 5}}]}' >"$WORK/two.json"
  run 2 tune --program "$WORK/two.json" --events "$SMALL" --target Silver=10%,Gold=5% --metric orders
  expect_err 'tierlab: --metric: tier "Silver" has no condition on "orders"'
  run 2 tune --program "$KIDS" --events "$SMALL"
  expect_err 'tierlab: missing --target (or --budget) (see --help)'
  run 2 tune --program "$KIDS" --events "$SMALL" --budget -5
  expect_err 'tierlab: --budget: a budget cannot be negative'
  run 2 tune --program "$KIDS" --events "$SMALL" --target Gold=10% --format csv
  expect_err '--format: expected text or json, got "csv"'
  # Unreachable: dev's engagement (36 > 30) keeps him Gold whatever spend's threshold.
  run 0 tune --program "$KIDS" --events "$SMALL" --target Gold=10% --metric spend
  expect_line 'Gold: target 10% unreachable, threshold left as it was: even at 9999999999999.99 on spend, 1 customer (14.29%) is at Gold or above, more than 10%: other conditions of Gold or a higher tier put them there.'
}

# Budget alone: Silver and Gold spend leaves x 4 (100 -> 400, 300 -> 1200):
# Silver or above: ava 597.44, dev by engagement; Gold: dev. Cost 33.37.
section_budget() {
  run 0 tune --program "$KIDS" --events "$SMALL" --budget 50 --metric spend
  expect_line "Budget 50.00 USD: met with thresholds x 4.000; benefit cost 33.37 (original program 136.99; 22 costs computed)."
}

case "$SECTION" in
  output) section_output ;;
  roundtrip) section_roundtrip ;;
  errors) section_errors ;;
  budget) section_budget ;;
  all) section_output; section_roundtrip; section_errors; section_budget ;;
  *) echo "unknown section $SECTION" >&2; exit 2 ;;
esac

finish
