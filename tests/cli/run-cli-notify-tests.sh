#!/bin/sh
# CLI tests of `tierlab notify` (issue #21) against hand-worked files
# (tests/data/notify/README.md has the table they come from).
#   run-cli-notify-tests.sh TIERLAB SOURCE_DIR [SECTION]
# SECTION: help | output | options | errors | all
set -u

NAME=tierlab-cli-notify-tests
. "$(dirname "$0")/lib.sh"

N="$DATA/notify"
P="$N/program.json"
E="$N/events.csv"

same() {
  if ! cmp -s "$1" "$2"; then
    fail "$1 and $2 differ"
    diff "$1" "$2" >&2 | head -20
  fi
}

# lines_are TEXT...: the first two CSV fields of stdout's rows (after the header), space-joined.
lines_are() {
  got=$(tail -n +2 "$OUT" | cut -d, -f1,2 | tr '\n' ' ' | sed 's/ $//')
  [ "$got" = "$*" ] || fail "rows are \"$got\", expected \"$*\""
}

section_output() {
  # D0 defaults to D - 7; every reason; the default format is csv.
  run 0 notify --program "$P" --events "$E" --as-of 2026-03-31
  same "$OUT" "$N/expected.csv"
  run 0 notify --program "$P" --events "$E" --as-of 2026-03-31 --since 2026-03-24 --format csv --within 30 --locale en
  same "$OUT" "$N/expected.csv"
  # A program without points: only the tier reasons, the points columns empty.
  run 0 notify --program "$N/program-no-points.json" --events "$E" --as-of 2026-03-31
  same "$OUT" "$N/expected-no-points.csv"
  # JSON: the same rows, with counts.
  run 0 notify --program "$P" --events "$E" --as-of 2026-03-31 --format json
  if command -v python3 >/dev/null 2>&1; then
    python3 - "$OUT" <<'PY' || fail "notify --format json does not hold the hand-worked counts and rows"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["as_of"] == "2026-03-31" and d["since"] == "2026-03-24" and d["within_days"] == 30, d
assert d["counts"] == {"downgraded": 1, "near_next": 3, "points_expiring": 4, "reward_available": 2, "upgraded": 1}, d["counts"]
rows = [(r["reason"], r["customer_id"]) for r in d["rows"]]
assert rows[0] == ("downgraded", "bob") and rows[-1] == ("upgraded", "amy"), rows
dan = [r for r in d["rows"] if r["customer_id"] == "dan"][0]
assert [(x["metric"], x["remaining"]) for x in dan["needed"]] == [("spend", 120.0), ("orders", 1), ("spend", 20.0)], dan
gus = [r for r in d["rows"] if r["customer_id"] == "gus"][0]
assert (gus["expiring_points"], gus["expires_on"], gus["last_expires_on"]) == (110, "2026-04-09", "2026-04-19"), gus
PY
  fi
}

section_options() {
  # --since before the first event: nobody was listed then, so nobody moved
  # tier; every balance covering a reward is new (gus too).
  run 0 notify --program "$P" --events "$E" --as-of 2026-03-31 --since 2025-12-31
  lines_are near_next,bob near_next,cat near_next,dan points_expiring,amy points_expiring,bob points_expiring,cat \
    points_expiring,gus reward_available,amy reward_available,cat reward_available,gus
  # --since D: nothing moved, no reward is new.
  run 0 notify --program "$P" --events "$E" --as-of 2026-03-31 --since 2026-03-31
  lines_are near_next,bob near_next,cat near_next,dan points_expiring,amy points_expiring,bob points_expiring,cat \
    points_expiring,gus
  # --within: [D + 1, D + N], both ends in. bob's lot goes on Apr 19 = D + 19.
  run 0 notify --program "$P" --events "$E" --as-of 2026-03-31 --within 19
  grep -q '^points_expiring,bob,' "$OUT" || fail "--within 19 leaves out bob's lot gone on D + 19"
  grep -F -x -q 'points_expiring,gus,Silver,,,,,5% off every order; Free shipping,110,110,2026-04-09,,"110 points expire between Apr 9, 2026 and Apr 19, 2026."' "$OUT" ||
    fail "--within 19: gus's two lots"
  run 0 notify --program "$P" --events "$E" --as-of 2026-03-31 --within 18
  grep -q '^points_expiring,bob,' "$OUT" && fail "--within 18 lists bob's lot gone on D + 19"
  grep -F -x -q 'points_expiring,gus,Silver,,,,,5% off every order; Free shipping,110,50,2026-04-09,,"50 points expire on Apr 9, 2026."' "$OUT" ||
    fail "--within 18: gus's first lot only"
  # --as-of defaults to the last event date (eve's Apr 5 purchase): eve is listed, at Gold.
  run 0 notify --program "$P" --events "$E"
  grep -q '^reward_available,eve,Gold,' "$OUT" || fail "the default as-of day is the last event date"
}

section_errors() {
  run 2 notify --program "$P" --events "$E" --locale fr
  expect_err 'tierlab: --locale: expected one of en, got "fr"'
  run 2 notify --program "$P" --events "$E" --as-of 2026-03-31 --since 2026-04-01
  expect_err "tierlab: --since: the since day 2026-04-01 is after the as-of day 2026-03-31"
  run 2 notify --program "$P" --events "$E" --since 2026-02-30
  expect_err '--since: expected a date YYYY-MM-DD, got "2026-02-30"'
  run 2 notify --program "$P" --events "$E" --within 0
  expect_err 'tierlab: --within: expected a whole number of days from 1 to 36600, got "0"'
  run 2 notify --program "$P" --events "$E" --format xml
  expect_err 'tierlab: --format: expected csv or json, got "xml"'
  run 2 notify --events "$E"
  expect_err "--program"
}

section_help() {
  run 0 notify --help
  grep -q "^usage: tierlab notify" "$OUT" || fail "notify --help: no usage line"
  listed=$(grep -E -o -- '^  --[a-z-]+' "$OUT" | sed 's/^  //' | grep -v -x -- --help | sort | tr '\n' ' ')
  want=$(printf "%s\n" --program --events --import-format --map --skip-bad-rows --delimiter --decimal --date-order --timezone --quiet --as-of --since --within --format --locale |
    sort | tr '\n' ' ')
  [ "$listed" = "$want" ] || fail "notify --help lists [$listed], the command has [$want]"
  grep -q -- '--within N .*(default 30)' "$OUT" || fail "notify --help: no default within"
  grep -q -- '--locale L .*(supported: en) (default en)' "$OUT" || fail "notify --help: no locales"
  run 0 --help
  grep -q '^  notify  ' "$OUT" || fail "tierlab --help does not list notify"
}

case "$SECTION" in
help) section_help ;;
output) section_output ;;
options) section_options ;;
errors) section_errors ;;
all) section_help; section_output; section_options; section_errors ;;
*) echo "unknown section $SECTION" >&2; exit 2 ;;
esac
finish
