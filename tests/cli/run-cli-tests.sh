#!/bin/sh
# CLI tests of the tierlab command (spec §2, §6).
#   run-cli-tests.sh TIERLAB SOURCE_DIR [SECTION]
# SECTION: output | errors | options | skip | skip-list | generate | help | help-whatif | whatif | quoting |
#          hostile-import | all
# Exit status: 0 pass, 1 fail (a failure is never turned into a skip).
set -u

NAME=tierlab-cli-tests
. "$(dirname "$0")/lib.sh"

# expect_out TEXT: stdout holds TEXT as a whole line.
expect_line() {
  if ! grep -F -x -q -- "$1" "$OUT"; then
    fail "stdout lacks the line: $1"
    echo "--- stdout:" >&2
    head -20 "$OUT" >&2
  fi
}

# same FILE_A FILE_B: byte for byte.
same() {
  if ! cmp -s "$1" "$2"; then
    fail "$1 and $2 differ"
    diff "$1" "$2" >&2 | head -20
  fi
}

json_ok() { # json_ok FILE: the file is valid JSON
  if command -v python3 >/dev/null 2>&1; then
    python3 -m json.tool "$1" >/dev/null 2>"$WORK/json-err" || { fail "$1 is not valid JSON: $(cat "$WORK/json-err")"; return 1; }
  elif command -v node >/dev/null 2>&1; then
    node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$1" 2>"$WORK/json-err" ||
      { fail "$1 is not valid JSON: $(cat "$WORK/json-err")"; return 1; }
  else
    echo "note: neither python3 nor node: JSON not parsed" >&2
  fi
  return 0
}

# ---------------------------------------------------------------------------
section_output() {
  # Byte for byte against the hand-checked file (tests/data/expected/README.md).
  run 0 evaluate --program "$KIDS" --events "$SMALL" --format csv
  same "$OUT" "$DATA/expected/small-kids-clothing.csv"
  # csv is the default format.
  run 0 evaluate --program "$KIDS" --events "$SMALL"
  same "$OUT" "$DATA/expected/small-kids-clothing.csv"
  # The import report goes to stderr: 43 rows, e032 twice.
  expect_err "rows read 43 = used 42 + duplicates 1 + skipped 0"
  # The same events as JSON give the same bytes.
  run 0 evaluate --program "$KIDS" --events "$SRC/samples/events/small.json"
  same "$OUT" "$DATA/expected/small-kids-clothing.csv"

  # --customer: the header and that customer's row only.
  run 0 evaluate --program "$KIDS" --events "$SMALL" --customer cara
  printf '%s\n' 'customer_id,enrolled,tier,tier_index,next_tier,progress,held_until,spend,orders,engagement,points_balance' \
    'cara,true,Silver,1,Gold,0.7833,,235.00,3,10,2450' >"$WORK/cara.csv"
  same "$OUT" "$WORK/cara.csv"

  # --as-of: fay's first purchase is 2025-06-01T00:30:00+02:00 = 2025-05-31 UTC.
  # 55.00 -> Bronze, 5500/10001 = 0.549945 -> 0.5499, 550 points.
  run 0 evaluate --program "$KIDS" --events "$SMALL" --as-of 2025-05-31 --customer fay
  expect_line 'fay,true,Bronze,0,Silver,0.5499,,55.00,1,0,550'
  # The day before she is not listed at all.
  run 0 evaluate --program "$KIDS" --events "$SMALL" --as-of 2025-05-30
  if grep -q '^fay,' "$OUT"; then fail "fay is listed on 2025-05-30"; fi
  # 2025-03-01: eli 50 + 150 = 200.00 -> Silver, 20000/30001 -> 0.6666, 2000 points;
  # ben (first event 03-03) is not listed; 5 customers + header = 6 lines.
  run 0 evaluate --program "$KIDS" --events "$SMALL" --as-of 2025-03-01
  expect_line 'eli,true,Silver,1,Gold,0.6666,,200.00,2,0,2000'
  if grep -q '^ben,' "$OUT"; then fail "ben is listed on 2025-03-01"; fi
  [ "$(wc -l <"$OUT")" -eq 6 ] || fail "expected 6 lines on 2025-03-01, got $(wc -l <"$OUT")"

  # --format json parses and has the same figures.
  run 0 evaluate --program "$KIDS" --events "$SMALL" --format json
  if json_ok "$OUT" && command -v python3 >/dev/null 2>&1; then
    python3 - "$OUT" <<'EOF' || fail "evaluate --format json content"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["as_of"] == "2025-12-30", d["as_of"]
c = {x["customer_id"]: x for x in d["customers"]}
assert sorted(c) == ["ava", "ben", "cara", "dev", "eli", "fay", "gus"], sorted(c)
assert c["ava"]["tier"] == "Gold" and c["ava"]["tier_index"] == 2 and c["ava"]["next_tier"] is None
assert c["ben"]["tier"] == "Bronze" and c["ben"]["next_tier"] == "Silver"
assert abs(c["ben"]["progress"] - 0.8498) < 1e-9, c["ben"]["progress"]
assert c["cara"]["held_until"] is None
print("json ok")
EOF
  fi
  run 0 evaluate --program "$KIDS" --events "$SMALL" --format json --customer dev --as-of 2025-04-01
  json_ok "$OUT"

  # Customer ids with a quote, a backslash, a line break, a tab and UTF-8 stay
  # valid JSON and come back as written.
  run 0 evaluate --program "$KIDS" --events "$DATA/weird-ids.csv" --format json
  if json_ok "$OUT" && command -v python3 >/dev/null 2>&1; then
    python3 - "$OUT" <<'EOF' || fail "customer ids in JSON"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
ids = [x["customer_id"] for x in d["customers"]]
want = sorted(['quote"d', 'back\\slash', 'two\nlines', '\tTab', '\u00e9t\u00e9'], key=lambda s: s.encode())
assert ids == want, (ids, want)
EOF
  fi

  # validate: every sample program is valid.
  for p in "$SRC"/samples/programs/*.json; do
    run 0 validate "$p"
  done
}

# ---------------------------------------------------------------------------
section_errors() {
  # A bad program: exit 2 and the JSON pointer of the fault.
  run 2 validate "$DATA/bad-threshold-program.json"
  expect_err "/tiers/2/qualify/any/0/above: expected a number"
  run 2 evaluate --program "$DATA/bad-threshold-program.json" --events "$SMALL"
  expect_err "/tiers/2/qualify/any/0/above: expected a number"
  [ -s "$OUT" ] && fail "output written for a bad program"
  # A typo key, rejected at its own path.
  run 2 validate "$DATA/typo-program.json"
  expect_err "/tiers/1/qualify/any/1/at_leats: "

  # A bad events row: FILE:LINE: column NAME: reason. The row is on line 5:
  # line 3-4 is one row whose quoted note spans two lines.
  run 2 evaluate --program "$KIDS" --events "$DATA/bad-amount.csv"
  expect_err "bad-amount.csv:5: column amount: "
  [ -s "$OUT" ] && fail "output written for a bad events file"

  # A bad JSON event: its JSON pointer.
  run 2 evaluate --program "$KIDS" --events "$DATA/bad-events.json"
  expect_err "/1/amount: "

  # A file that does not exist is bad input too.
  run 2 evaluate --program "$KIDS" --events "$WORK/no-such-file.csv"
  run 2 validate "$WORK/no-such-program.json"
}

# ---------------------------------------------------------------------------
section_options() {
  # Unknown options and commands, missing or malformed values: exit 2.
  run 2 evaluate --program "$KIDS" --events "$SMALL" --bogus
  expect_err "--bogus"
  run 2 evaluate --program "$KIDS" --events "$SMALL" --format xml
  run 2 evaluate --program "$KIDS" --events "$SMALL" --as-of 2025-02-30
  run 2 evaluate --program "$KIDS" --events "$SMALL" --as-of 30/12/2025
  run 2 evaluate --events "$SMALL"
  run 2 evaluate --program "$KIDS"
  run 2 evaluate --program "$KIDS" --events "$SMALL" --as-of
  run 2 generate --customers many
  run 2 no-such-command
  run 2
}

# ---------------------------------------------------------------------------
section_skip() {
  # Without --skip-bad-rows the first bad row (line 3) stops the import.
  run 2 evaluate --program "$KIDS" --events "$DATA/skip.csv"
  expect_err "skip.csv:3: column amount: "
  # With it: read 6 = used 3 + duplicates 1 + skipped 2, each skipped row named.
  run 0 evaluate --program "$KIDS" --events "$DATA/skip.csv" --skip-bad-rows
  expect_err "rows read 6 = used 3 + duplicates 1 + skipped 2"
  expect_err "skip.csv:3: column amount: "
  expect_err "skip.csv:5: column date: "
  same "$OUT" "$DATA/expected/skip-kids-clothing.csv"
}

# ---------------------------------------------------------------------------
section_skip_list() {
  # Spec §2: with --skip-bad-rows "the report says how many rows were skipped
  # and lists the first 100 with line and reason". 120 bad rows (lines 2..121)
  # and one good row (line 122): the rows of lines 2..101 are listed, 102.. not.
  {
    echo "customer_id,date,type,amount"
    i=0
    while [ $i -lt 120 ]; do echo "c,2025-01-01,purchase,x"; i=$((i + 1)); done
    echo "c,2025-01-01,purchase,1"
  } >"$WORK/many-bad.csv"
  run 0 evaluate --program "$KIDS" --events "$WORK/many-bad.csv" --skip-bad-rows
  expect_err "rows read 121 = used 1 + duplicates 0 + skipped 120"
  listed=$(grep -c 'many-bad.csv:[0-9]*: column amount: ' "$ERR")
  [ "$listed" -eq 100 ] || fail "the report lists $listed skipped rows, spec §2 says the first 100"
  expect_err "many-bad.csv:2: column amount: "
  expect_err "many-bad.csv:101: column amount: "
  grep -q 'many-bad.csv:102: ' "$ERR" && fail "line 102 is listed (only the first 100 are)"
  return 0
}

# ---------------------------------------------------------------------------
section_generate() {
  run 0 generate --customers 200 --seed 7
  cp "$OUT" "$WORK/gen1.csv"
  run 0 generate --customers 200 --seed 7
  same "$OUT" "$WORK/gen1.csv"
  [ "$(wc -l <"$WORK/gen1.csv")" -gt 200 ] || fail "generate wrote too few rows"
  head -1 "$WORK/gen1.csv" | grep -q -i 'customer_id' || fail "generate: no header"
  # Another seed gives other events.
  run 0 generate --customers 200 --seed 8
  cmp -s "$OUT" "$WORK/gen1.csv" && fail "seeds 7 and 8 gave the same events"
  # The events evaluate without error; the report adds up.
  run 0 evaluate --program "$KIDS" --events "$WORK/gen1.csv"
  line=$(grep -o 'rows read [0-9]* = used [0-9]* + duplicates [0-9]* + skipped [0-9]*' "$ERR")
  if [ -z "$line" ]; then
    fail "no import report for generated events"
  else
    set -- $line
    # rows read R = used U + duplicates D + skipped S
    [ "$3" -eq $(($6 + $9 + ${12})) ] || fail "report does not add up: $line"
    [ "${12}" -eq 0 ] || fail "generated events have bad rows: $line"
    data_rows=$(($(grep -c . "$WORK/gen1.csv") - 1))
    [ "$3" -eq "$data_rows" ] || fail "rows read $3, file has $data_rows data rows"
  fi
  customers=$(($(wc -l <"$OUT") - 1))
  [ "$customers" -gt 0 ] && [ "$customers" -le 200 ] || fail "evaluated $customers customers of 200"
  run 0 evaluate --program "$SRC/samples/programs/synerise-pln-guarded.json" --events "$WORK/gen1.csv" --format json
  json_ok "$OUT"
}

# ---------------------------------------------------------------------------
section_help() {
  run 0 --help
  grep -q 'usage' "$OUT" || fail "tierlab --help prints no usage"
  for cmd in validate evaluate generate import; do
    run 0 "$cmd" --help
    grep -q "usage: tierlab $cmd" "$OUT" || fail "tierlab $cmd --help prints no usage line"
  done
}

section_help_whatif() {
  for cmd in simulate sweep replay; do
    run 0 "$cmd" --help
    grep -q "usage: tierlab $cmd" "$OUT" || fail "tierlab $cmd --help prints no usage line"
  done
}

# What-if on the small sample, Gold from "spend above 300" to "above 200".
# Worked by hand (tests/data/expected/README.md): cara 235 and gus 240 move
# Silver -> Gold (2 upgrades); near misses ben 0.8498 and fay 0.9709 (gus's
# 240/300.01 = 0.79997 is not one); cost baseline Silver 5% x (415 + 260) =
# 33.75, Gold 10% x (597.44 + 35 + 400) = 103.244, total 136.994 -> 136.99;
# candidate Gold 10% x 1707.44 = 170.744 -> 170.74.
section_whatif() {
  run 0 simulate --program "$KIDS" --candidate "$DATA/kids-clothing-gold-200.json" --events "$SMALL" --format json
  same "$OUT" "$DATA/expected/small-kids-simulate-gold-200.json"
  run 0 sweep --program "$KIDS" --events "$SMALL" --tier Gold --metric spend --from 200 --to 400 --steps 3
  same "$OUT" "$DATA/expected/small-kids-sweep-gold.csv"
  run 0 simulate --program "$KIDS" --candidate "$DATA/kids-clothing-gold-200.json" --events "$SMALL"
  expect_line "Upgrades 2, downgrades 0. Near misses (progress >= 0.8): baseline 2, candidate 2."
  run 2 sweep --program "$KIDS" --events "$SMALL" --tier Bronze --metric spend --from 1 --to 2 --steps 2
  expect_err "is the first tier and has no threshold"
  run 2 replay --program "$KIDS" --events "$SMALL" --from 2025-01-01 --to 2025-03-01 --step fortnight
  expect_err "--step: expected day, week or month"
}

# ---------------------------------------------------------------------------
# Quoted and odd files (issue 14): tests/data/quoting/*.csv hold the same
# events as plain.csv (all fields quoted, the header quoted, mixed quoting, a
# UTF-8 BOM, CRLF, lone CR). Every command prints the same bytes for each,
# and the same import report (but for the file's name).
section_quoting() {
  Q="$DATA/quoting"
  run 0 evaluate --program "$KIDS" --events "$Q/plain.csv" --as-of 2025-12-31
  cp "$OUT" "$WORK/q-eval.csv"
  sed "s|$Q/plain.csv|FILE|" "$ERR" >"$WORK/q-report"
  expect_err "rows read 13 = used 12 + duplicates 1 + skipped 0"
  [ "$(wc -l <"$WORK/q-eval.csv")" -eq 6 ] || fail "plain.csv: expected 5 customers"
  run 0 evaluate --program "$KIDS" --events "$Q/plain.csv" --as-of 2025-12-31 --format json
  cp "$OUT" "$WORK/q-eval.json"
  run 0 import --events "$Q/plain.csv"
  cp "$OUT" "$WORK/q-import.csv"
  for f in all-quoted quoted-header mixed bom crlf lone-cr; do
    run 0 evaluate --program "$KIDS" --events "$Q/$f.csv" --as-of 2025-12-31
    same "$OUT" "$WORK/q-eval.csv"
    sed "s|$Q/$f.csv|FILE|" "$ERR" >"$WORK/q-report-$f"
    same "$WORK/q-report-$f" "$WORK/q-report"
    run 0 evaluate --program "$KIDS" --events "$Q/$f.csv" --as-of 2025-12-31 --format json
    same "$OUT" "$WORK/q-eval.json"
    run 0 import --events "$Q/$f.csv"
    same "$OUT" "$WORK/q-import.csv"
    # Read from stdin (the general reader's path for every shape).
    "$TIERLAB" evaluate --program "$KIDS" --events - --as-of 2025-12-31 <"$Q/$f.csv" >"$OUT" 2>"$ERR" ||
      fail "evaluate --events - <$f.csv failed"
    same "$OUT" "$WORK/q-eval.csv"
  done
}

# Hostile input on the import side (issue 14): wrong answers and misleading
# messages that once went out with status 0.
section_hostile_import() {
  # An all-quoted Shopify export: the right customer ids.
  printf '%s\n' '"Name","Email","Financial Status","Created at","Total","Lineitem quantity"' \
    '"#1","ann@example.com","paid","2025-01-01 10:00:00 +0100","10.00","1"' \
    '"#2","bob@example.com","paid","2025-01-02 10:00:00 +0100","12.00","1"' >"$WORK/shop.csv"
  run 0 import --events "$WORK/shop.csv"
  printf '%s\n' customer_id,date,type,amount ann@example.com,2025-01-01,purchase,10.00 \
    bob@example.com,2025-01-02,purchase,12.00 >"$WORK/shop-expected.csv"
  same "$OUT" "$WORK/shop-expected.csv"
  # A zone offset out of range is an error, not dropped.
  printf '%s\n' 'Name,Email,Financial Status,Created at,Total,Lineitem quantity' \
    '#1,a@b.c,paid,2025-01-01 23:00:00 +9999,10.00,1' >"$WORK/shop-zone.csv"
  run 2 import --events "$WORK/shop-zone.csv"
  expect_err "shop-zone.csv:2: column Created at: zone offset out of range"
  # Line-item totals beyond 2^53 - 1 minor units.
  printf '%s\n' InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice \
    '1,17850,12/1/2010 8:26,10000000000,1000000000000' >"$WORK/li.csv"
  run 2 import --events "$WORK/li.csv"
  expect_err "li.csv:2: column UnitPrice: the line's total is beyond the largest amount, 90071992547409.91"
  printf '%s\n' InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice '2,17851,1/1/4294969296 8:26,1,1' >"$WORK/li-year.csv"
  run 2 import --events "$WORK/li-year.csv"
  expect_err "li-year.csv:2: column InvoiceDate: year beyond 9999"
  # A row of 101 fields; a NUL in an amount; a missing date column.
  { echo customer_id,date,type,amount; i=0; row=x; while [ $i -lt 100 ]; do row="$row,x"; i=$((i + 1)); done; echo "$row"; } >"$WORK/wide.csv"
  run 2 evaluate --program "$KIDS" --events "$WORK/wide.csv"
  expect_err "wide.csv:2: row has 101 fields, the header has 4"
  printf 'customer_id,date,type,amount\nann,2025-01-01,purchase,1\0002.00\n' >"$WORK/nul.csv"
  run 2 evaluate --program "$KIDS" --events "$WORK/nul.csv"
  expect_err 'nul.csv:2: column amount: expected a decimal number, got "1\x002.00"'
  printf 'customer_id,type,amount\nann,purchase,10.00\n' >"$WORK/nodate.csv"
  run 2 evaluate --program "$KIDS" --events "$WORK/nodate.csv"
  expect_err "nodate.csv:1: column date: missing from the header"
  # Dates whose UTC day leaves 0000-01-01..9999-12-31.
  printf 'customer_id,date,type,amount\nann,9999-12-31T23:00-12:00,purchase,1.00\n' >"$WORK/late.csv"
  run 2 evaluate --program "$KIDS" --events "$WORK/late.csv"
  expect_err "late.csv:2: column date: the UTC day is after 9999-12-31"
  # Invalid UTF-8 in a customer id: a bad row, skippable and counted.
  printf 'customer_id,date,type,amount\nan\377n,2025-01-01,purchase,1.00\nbob,2025-01-01,purchase,2.00\n' >"$WORK/utf8.csv"
  run 2 evaluate --program "$KIDS" --events "$WORK/utf8.csv"
  expect_err 'utf8.csv:2: column customer_id: not valid UTF-8: "an\xffn"'
  run 0 evaluate --program "$KIDS" --events "$WORK/utf8.csv" --skip-bad-rows
  expect_err "rows read 2 = used 1 + duplicates 0 + skipped 1"
  # WooCommerce: an unknown status is left out with its reason.
  printf '%s\n' order_id,customer_id,date,status,order_total 1,5,2025-01-01,weird,10.00 2,5,2025-01-02,completed,20.00 >"$WORK/woo.csv"
  run 0 import --events "$WORK/woo.csv"
  expect_err "rows read 2 = used 1 + duplicates 0 + skipped 1"
  expect_err 'woo.csv:2: order 1 has unknown status "weird"'
  # CDNOW: an id over 128 bytes is refused at import, as evaluate would.
  id=$(printf '%0129d' 9)
  printf 'customer_id date number_of_cds dollar_value\n%s 19970101 1 29.33\n' "$id" >"$WORK/cd.txt"
  run 2 import --events "$WORK/cd.txt"
  expect_err "cd.txt:2: column customer_id: longer than 128 bytes"
  # The generator's limit (under a timeout where there is one: without the
  # limit it runs on for hours).
  if command -v timeout >/dev/null 2>&1; then
    timeout 20 "$TIERLAB" generate --customers 99999999999 >"$OUT" 2>"$ERR"
  else
    "$TIERLAB" generate --customers 99999999999 >"$OUT" 2>"$ERR"
  fi
  status=$?
  [ "$status" -eq 2 ] || fail "generate --customers 99999999999 exited $status, expected 2"
  [ -s "$OUT" ] && fail "generate --customers 99999999999 wrote output"
  expect_err "customers: at most 10000000, got 99999999999"
}

case "$SECTION" in
  output) section_output ;;
  errors) section_errors ;;
  options) section_options ;;
  skip) section_skip ;;
  skip-list) section_skip_list ;;
  generate) section_generate ;;
  help) section_help ;;
  help-whatif) section_help_whatif ;;
  whatif) section_whatif ;;
  quoting) section_quoting ;;
  hostile-import) section_hostile_import ;;
  all)
    section_output; section_errors; section_options; section_skip; section_skip_list; section_generate; section_help; section_help_whatif; section_whatif
    section_quoting; section_hostile_import ;;
  *) echo "unknown section $SECTION" >&2; exit 2 ;;
esac

finish
