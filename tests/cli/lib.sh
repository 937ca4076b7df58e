# Shared by the CLI test scripts (sourced, after NAME is set; the script's
# own arguments are TIERLAB SOURCE_DIR [SECTION]): a scratch folder, and run /
# fail / expect_err. Sets TIERLAB, SRC, SECTION, KIDS, SMALL, DATA, WORK, OUT,
# ERR and failures.
TIERLAB=$1
SRC=$2
SECTION=${3:-all}

KIDS="$SRC/samples/programs/kids-clothing.json"
SMALL="$SRC/samples/events/small.csv"
DATA="$SRC/tests/data"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/$NAME.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT INT TERM
OUT="$WORK/out"
ERR="$WORK/err"
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# run EXPECTED_STATUS ARGS...: runs tierlab with stdout in $OUT, stderr in $ERR.
run() {
  expected=$1
  shift
  "$TIERLAB" "$@" >"$OUT" 2>"$ERR"
  status=$?
  if [ "$status" -ne "$expected" ]; then
    fail "tierlab $* exited $status, expected $expected"
    echo "--- stderr:" >&2
    head -20 "$ERR" >&2
  fi
}

# expect_err TEXT: stderr holds TEXT (a fixed string).
expect_err() {
  if ! grep -F -q -- "$1" "$ERR"; then
    fail "stderr lacks: $1"
    echo "--- stderr:" >&2
    head -20 "$ERR" >&2
  fi
}

# finish: the script's verdict (call last).
finish() {
  if [ "$failures" -ne 0 ]; then
    echo "$failures failure(s) in section $SECTION" >&2
    exit 1
  fi
  echo "section $SECTION: ok"
  exit 0
}
