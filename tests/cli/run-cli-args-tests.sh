#!/bin/sh
# CLI tests of the tierlab command line itself (read with CLI11, cli/args.cpp):
# generated --help, bad arguments, paths that are not files.
#   run-cli-args-tests.sh TIERLAB SOURCE_DIR [SECTION]
# SECTION: help | bad-arguments | paths | all. Exit status: 0 pass, 1 fail.
set -u

NAME=tierlab-cli-args-tests
. "$(dirname "$0")/lib.sh"

# Every option of every command, as README.md and the commands define them.
EVENTS_OPTIONS="--events --import-format --map --skip-bad-rows --delimiter --decimal --date-order --timezone --quiet"
options_of() {
  case "$1" in
    validate) echo "" ;;
    evaluate) echo "--program $EVENTS_OPTIONS --as-of --format --customer" ;;
    simulate) echo "--program --candidate $EVENTS_OPTIONS --as-of --format" ;;
    sweep) echo "--program $EVENTS_OPTIONS --tier --metric --from --to --steps --as-of --format" ;;
    replay) echo "--program $EVENTS_OPTIONS --from --to --step --format" ;;
    generate) echo "--customers --seed --from --to --order" ;;
    import) echo "$EVENTS_OPTIONS --currency" ;;
    starter) echo "$EVENTS_OPTIONS --currency --as-of --name" ;;
    tune) echo "--program $EVENTS_OPTIONS --target --metric --budget --as-of --format --output" ;;
    notify) echo "--program $EVENTS_OPTIONS --as-of --since --within --format --locale" ;;
  esac
}
COMMANDS="validate evaluate simulate sweep replay generate import starter tune notify"

# ---------------------------------------------------------------------------
section_help() {
  for cmd in $COMMANDS; do
    run 0 "$cmd" --help
    grep -q "^usage: tierlab $cmd" "$OUT" || fail "tierlab $cmd --help: no usage line"
    [ -s "$ERR" ] && fail "tierlab $cmd --help wrote to stderr: $(head -3 "$ERR")"
    # Every option is listed with its meaning, and nothing else is.
    for o in $(options_of "$cmd"); do
      grep -E -q -- "^  $o( |$)" "$OUT" || fail "tierlab $cmd --help does not describe $o"
    done
    listed=$(grep -E -o -- '^  --[a-z-]+' "$OUT" | sed 's/^  //' | grep -v -x -- --help | sort | tr '\n' ' ')
    want=$(for o in $(options_of "$cmd"); do echo "$o"; done | sort | tr '\n' ' ')
    [ "$listed" = "$want" ] || fail "tierlab $cmd --help lists [$listed], the command has [$want]"
    # -h too, and --help wins over anything missing or wrong.
    run 0 "$cmd" -h
    run 0 "$cmd" --format xml --help
  done
  # The defaults the help states are the ones the commands use.
  run 0 evaluate --help
  grep -q -- '--format csv|json.*(default csv)' "$OUT" || fail "evaluate --help: no default format"
  run 0 replay --help
  grep -q -- '--step day|week|month.*(default month)' "$OUT" || fail "replay --help: no default step"
  run 0 generate --help
  grep -q -- '--from D1.*(default 2024-01-01)' "$OUT" || fail "generate --help: no default --from"
  run 0 evaluate --program "$KIDS" --events "$SMALL"
  cp "$OUT" "$WORK/default.csv"
  run 0 evaluate --program "$KIDS" --events "$SMALL" --format csv
  cmp -s "$OUT" "$WORK/default.csv" || fail "evaluate's default format is not csv"
  run 0 generate --customers 20
  cp "$OUT" "$WORK/gen-default.csv"
  run 0 generate --customers 20 --seed 1 --from 2024-01-01 --to 2025-12-31 --order customer
  cmp -s "$OUT" "$WORK/gen-default.csv" || fail "generate's defaults are not the ones --help states"
  run 2 generate --customers 20 --order by-date
  expect_err 'tierlab: --order: expected customer, date or shuffled, got "by-date"'
  # The command list.
  run 0 --help
  for cmd in $COMMANDS; do
    grep -E -q "^  $cmd " "$OUT" || fail "tierlab --help does not list $cmd"
  done
  run 0 --version
  grep -q '^tierlab ' "$OUT" || fail "--version prints no version"
}

# ---------------------------------------------------------------------------
section_bad_arguments() {
  # An unknown option, for every command: exit 2, the option named.
  for cmd in $COMMANDS; do
    run 2 "$cmd" --bogus
    expect_err "tierlab: unknown option --bogus (see --help)"
    [ -s "$OUT" ] && fail "tierlab $cmd --bogus wrote output"
  done
  run 2 evaluate --program "$KIDS" --events "$SMALL" --bogus=1
  expect_err "unknown option --bogus"
  run 2 evaluate --program "$KIDS" --events "$SMALL" -x
  expect_err "unknown option -x"
  # A missing required option, for every command.
  run 2 validate
  expect_err "tierlab: missing PROGRAM.json (see --help)"
  run 2 evaluate --events "$SMALL"
  expect_err "tierlab: missing --program (see --help)"
  run 2 evaluate --program "$KIDS"
  expect_err "tierlab: missing --events (see --help)"
  run 2 simulate --program "$KIDS" --events "$SMALL"
  expect_err "tierlab: missing --candidate (see --help)"
  run 2 sweep --program "$KIDS" --events "$SMALL" --tier Gold --metric spend --from 1 --to 2
  expect_err "tierlab: missing --steps (see --help)"
  run 2 replay --program "$KIDS" --events "$SMALL" --from 2025-01-01
  expect_err "tierlab: missing --to (see --help)"
  run 2 generate
  expect_err "tierlab: missing --customers (see --help)"
  run 2 import
  expect_err "tierlab: missing --events (see --help)"
  # A value missing, given twice, or given to a flag; a word nobody asked for.
  run 2 evaluate --program "$KIDS" --events "$SMALL" --as-of
  expect_err "tierlab: option --as-of needs a value"
  run 2 evaluate --program "$KIDS" --program "$KIDS" --events "$SMALL"
  expect_err "tierlab: option --program given twice"
  run 2 evaluate --program "$KIDS" --events "$SMALL" --skip-bad-rows=no
  expect_err "tierlab: option --skip-bad-rows takes no value"
  run 2 evaluate --program "$KIDS" --events "$SMALL" stray
  expect_err 'tierlab: unexpected argument "stray" (see --help)'
  run 2 validate "$KIDS" "$KIDS"
  expect_err "unexpected argument"
  # --option=value is the same as --option value.
  run 0 evaluate --program="$KIDS" --events="$SMALL" --format=csv
  same_as_expected
}

same_as_expected() {
  cmp -s "$OUT" "$DATA/expected/small-kids-clothing.csv" || fail "output differs from tests/data/expected/small-kids-clothing.csv"
}

# ---------------------------------------------------------------------------
section_paths() {
  # A directory is refused with its name, for events and programs (exit 2,
  # not an internal error).
  mkdir "$WORK/a-directory"
  run 2 evaluate --program "$KIDS" --events "$WORK/a-directory"
  expect_err "tierlab: $WORK/a-directory: is a directory, not a file"
  run 2 import --events "$WORK/a-directory"
  expect_err "$WORK/a-directory: is a directory"
  run 2 evaluate --program "$WORK/a-directory" --events "$SMALL"
  expect_err "$WORK/a-directory: is a directory"
  run 2 validate "$WORK/a-directory"
  expect_err "$WORK/a-directory: is a directory"
  grep -q 'internal error' "$ERR" && fail "a directory is an internal error"
  # A pipe (not a regular file) is read as a stream.
  "$TIERLAB" evaluate --program "$KIDS" --events /dev/stdin <"$SMALL" >"$OUT" 2>"$ERR" || fail "events from a pipe: $(head -3 "$ERR")"
  cat "$SMALL" | "$TIERLAB" evaluate --program "$KIDS" --events /dev/stdin >"$OUT" 2>"$ERR" || fail "events from a pipe: $(head -3 "$ERR")"
  same_as_expected
  cat "$SMALL" | "$TIERLAB" evaluate --program "$KIDS" --events - >"$OUT" 2>"$ERR" || fail "events from stdin: $(head -3 "$ERR")"
  same_as_expected
  cat "$KIDS" | "$TIERLAB" validate /dev/stdin >"$OUT" 2>"$ERR" || fail "program from a pipe: $(head -3 "$ERR")"
  # A missing file: exit 2 with its name.
  run 2 evaluate --program "$KIDS" --events "$WORK/none.csv"
  expect_err "$WORK/none.csv: cannot open file"
}

case "$SECTION" in
  help) section_help ;;
  bad-arguments) section_bad_arguments ;;
  paths) section_paths ;;
  all) section_help; section_bad_arguments; section_paths ;;
  *) echo "unknown section $SECTION" >&2; exit 2 ;;
esac

finish
