#!/bin/sh
# CLI tests of tier status terms (spec §3b, §5): evaluate's status columns
# and keep leaves, simulate's at_risk, and the located errors.
#   run-cli-status-tests.sh TIERLAB SOURCE_DIR [SECTION]
# SECTION: evaluate | simulate | errors | all
set -u

NAME=tierlab-cli-status-tests
. "$(dirname "$0")/lib.sh"

KIDS_STATUS="$SRC/samples/programs/kids-clothing-status-next-year.json"
SYNERISE_STATUS="$SRC/samples/programs/synerise-pln-status.json"

same() {
  if ! cmp -s "$1" "$2"; then
    fail "$1 and $2 differ"
    diff "$1" "$2" >&2 | head -20
  fi
}

section_evaluate() {
  # Hand-checked (tests/data/expected/README.md, "Status terms").
  run 0 evaluate --program "$KIDS_STATUS" --events "$SMALL"
  same "$OUT" "$DATA/expected/small-kids-status-next-year.csv"
  run 0 evaluate --program "$SYNERISE_STATUS" --events "$SMALL"
  same "$OUT" "$DATA/expected/small-synerise-status.csv"
  run 0 evaluate --program "$KIDS_STATUS" --events "$SMALL" --format json --customer ava
  same "$OUT" "$DATA/expected/small-kids-status-ava.json"
  # Without status the columns are not there (v1 output unchanged).
  run 0 evaluate --program "$KIDS" --events "$SMALL"
  head -1 "$OUT" | grep -q review_tier && fail "a v1 program printed review_tier"
}

section_simulate() {
  run 0 simulate --program "$KIDS" --candidate "$KIDS_STATUS" --events "$SMALL" --as-of 2026-12-15 --format json
  same "$OUT" "$DATA/expected/small-kids-status-simulate.json"
  run 0 simulate --program "$KIDS" --candidate "$KIDS_STATUS" --events "$SMALL" --as-of 2026-12-15
  grep -F -x -q "At risk (a review within 30 days would lower them unless they buy): baseline -, candidate 4." "$OUT" ||
    fail "simulate text lacks the at-risk line"
}

section_errors() {
  printf '%s' '{"tierlab": 1, "name": "x", "currency": "USD", "status": {"term": {"days": 0}},
    "metrics": {"s": {"measure": "net_spend", "window": "lifetime"}}, "tiers": [{"name": "A"}]}' >"$WORK/days0.json"
  run 2 validate "$WORK/days0.json"
  expect_err "/status/term/days: expected a whole number ≥ 1, got 0"
  printf '%s' '{"tierlab": 1, "name": "x", "currency": "USD", "retention_days": 30, "status": {"term": {"days": 30}},
    "metrics": {"s": {"measure": "net_spend", "window": "lifetime"}}, "tiers": [{"name": "A"}]}' >"$WORK/both.json"
  run 2 validate "$WORK/both.json"
  expect_err "/status: a program with \"status\" holds tiers by terms: \"retention_days\" must be 0, got 30"
  printf '%s' '{"tierlab": 1, "name": "x", "currency": "USD",
    "metrics": {"s": {"measure": "net_spend", "window": "lifetime"}},
    "tiers": [{"name": "A"}, {"name": "B", "qualify": {"metric": "s", "at_least": 1}},
              {"name": "C", "qualify": {"metric": "s", "at_least": 9}, "retain": {"metric": "s", "at_least": 5}}]}' >"$WORK/retain.json"
  run 2 validate "$WORK/retain.json"
  expect_err "/tiers/2/retain: \"retain\" needs a \"status\" block"
}

case "$SECTION" in
  evaluate) section_evaluate ;;
  simulate) section_simulate ;;
  errors) section_errors ;;
  all) section_evaluate; section_simulate; section_errors ;;
  *) echo "unknown section $SECTION" >&2; exit 2 ;;
esac

finish
