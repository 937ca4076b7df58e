#!/bin/sh
# CLI tests of shop files from anywhere (issue 18, docs/importers.md
# "European files"): delimiter, decimal comma, date order, time zone, --quiet,
# did-you-mean, arguments checked before the file is read, README's example.
#   run-cli-formats-tests.sh TIERLAB SOURCE_DIR [SECTION]
# SECTION: european | arguments | readme | starter | all. Exit status: 0 pass, 1 fail.
set -u

NAME=tierlab-cli-formats-tests
. "$(dirname "$0")/lib.sh"

EU="$DATA/european"
GERMAN_MAP="customer=Kunde,date=Datum,order=Bestellung,amount=Betrag"

json_ok_or_fail() {
  python3 -m json.tool "$1" >/dev/null 2>&1 || node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$1" ||
    fail "$1 is not valid JSON"
}

same() {
  if ! cmp -s "$1" "$2"; then
    fail "$1 and $2 differ"
    diff "$1" "$2" >&2 | head -20
  fi
}

# ---------------------------------------------------------------------------
section_european() {
  run 0 import --events "$EU/semicolon-comma-dotted-dates.csv" --map "$GERMAN_MAP" --currency EUR
  same "$OUT" "$EU/expected/semicolon-comma-dotted-dates.csv"
  expect_err "rows read 5 = used 5 + duplicates 0 + skipped 0"
  expect_err "  note: delimiter ';' (the one the header line uses)"
  expect_err "  note: dates read day-first: 15.01.2025 on line 4 has no month 15"
  expect_err "  note: amounts read with a decimal comma: 12,50 on line 2 (2 digits after it)"
  # Told instead of worked out: the same events, and no notes for what was told.
  run 0 import --events "$EU/semicolon-comma-dotted-dates.csv" --map "$GERMAN_MAP" --currency EUR \
    --delimiter ';' --decimal , --date-order dmy
  same "$OUT" "$EU/expected/semicolon-comma-dotted-dates.csv"
  grep -q "note:" "$ERR" && fail "notes for options that were given: $(cat "$ERR")"

  run 0 import --events "$EU/day-first-slashes.csv" --map customer=client,date=date,order=commande,amount=montant
  same "$OUT" "$EU/expected/day-first-slashes.csv"
  expect_err "  note: dates read day-first: 25/04/2025 on line 3 has no month 25"

  # Dates that fit both orders: refused, located, with the option to give.
  run 2 import --events "$EU/ambiguous-dates.csv" --map customer=Kunde,date=Datum,amount=Betrag
  expect_err "tierlab: $EU/ambiguous-dates.csv:2: column Datum: the dates fit both day-first and month-first (03/12/2024 could be 3 December or 12 March) and none in the file has a day above 12 to tell: give --date-order dmy or --date-order mdy"
  [ -s "$OUT" ] && fail "an ambiguous file wrote events"
  run 0 import --events "$EU/ambiguous-dates.csv" --map customer=Kunde,date=Datum,amount=Betrag --date-order dmy
  same "$OUT" "$EU/expected/ambiguous-dates-dmy.csv"

  run 0 import --events "$EU/tab-space-thousands.tsv" --map customer=customer,date=created,order=order,amount=total \
    --timezone +02:00
  same "$OUT" "$EU/expected/tab-space-thousands-plus2.csv"
  expect_err "  note: delimiter tab (the one the header line uses)"

  # The canonical columns with semicolons go to the general reader.
  run 0 import --events "$EU/canonical-semicolon.csv"
  same "$OUT" "$EU/expected/canonical-semicolon.csv"
  expect_err "(events-csv): rows read 3 = used 3 + duplicates 0 + skipped 0"
  # ... on every command that reads events.
  run 0 evaluate --program "$KIDS" --events "$EU/canonical-semicolon.csv" --as-of 2025-03-01
  grep -q '^u2,true,Gold,' "$OUT" || fail "evaluate of the semicolon file: u2 (1000.00) is not Gold: $(cat "$OUT")"

  # A store export in another currency than the program's is said before any figure.
  SHOPIFY="$SRC/web/simulator/test/fixtures/shopify-orders.csv"
  run 0 evaluate --program "$SRC/samples/programs/online-retail-gbp.json" --events "$SHOPIFY" --quiet
  expect_err "shopify-orders.csv names its orders' currency USD, the program counts in GBP"
  run 0 evaluate --program "$KIDS" --events "$SHOPIFY" --quiet
  grep -q "warning" "$ERR" && fail "a warning for a USD export with a USD program: $(cat "$ERR")"

  # An amount that could be thousands or decimals is a question, not a guess.
  printf 'customer;date;amount\nx;2025-01-01;1,234\n' >"$WORK/thousands.csv"
  run 2 import --events "$WORK/thousands.csv" --map customer=customer,date=date,amount=amount
  expect_err "thousands.csv:2: amounts like 1,234 could be thousands or a decimal comma, and none in the file tells: give --decimal . or --decimal ,"
  run 0 import --events "$WORK/thousands.csv" --map customer=customer,date=date,amount=amount --decimal .
  grep -q '^x,2025-01-01,purchase,1234.00$' "$OUT" || fail "1,234 with --decimal . is not 1234.00: $(cat "$OUT")"
}

# ---------------------------------------------------------------------------
section_arguments() {
  # --quiet: the one accounting line only (skip.csv has skipped rows to list).
  run 0 evaluate --program "$KIDS" --events "$DATA/skip.csv" --skip-bad-rows --quiet
  [ "$(wc -l <"$ERR")" -eq 1 ] || fail "--quiet wrote more than one line: $(cat "$ERR")"
  expect_err "rows read"
  run 0 evaluate --program "$KIDS" --events "$DATA/skip.csv" --skip-bad-rows
  [ "$(wc -l <"$ERR")" -gt 1 ] || fail "without --quiet the skipped rows are not listed"

  # Did you mean: options, tiers, metrics (with the real names).
  run 2 evaluate --program "$KIDS" --events "$SMALL" --delimeter ';'
  expect_err "tierlab: unknown option --delimeter (did you mean --delimiter?)"
  run 2 evaluate --program "$KIDS" --events "$SMALL" --bogus
  expect_err "tierlab: unknown option --bogus (see --help)"
  run 2 sweep --program "$KIDS" --events "$SMALL" --tier Glod --metric spend --from 100 --to 200 --steps 2
  expect_err 'tierlab: --tier: no tier "Glod" in the program (did you mean Gold? the tiers: Bronze, Silver, Gold)'
  run 2 sweep --program "$KIDS" --events "$SMALL" --tier Gold --metric spnd --from 100 --to 200 --steps 2
  expect_err 'tierlab: --metric: no metric "spnd" in the program (did you mean spend? the metrics: spend, orders, engagement)'

  # Checked before the events are read: a file that does not exist is never
  # reached when an argument is wrong.
  for bad in "--as-of 2025-13-01" "--date-order dym" "--decimal ;" "--delimiter :" "--timezone CET" \
    "--import-format shopfy"; do
    # shellcheck disable=SC2086
    run 2 evaluate --program "$KIDS" --events "$WORK/no-such-file.csv" $bad
    grep -q "no-such-file" "$ERR" && fail "$bad: the events file was read before the argument was checked"
    expect_err "tierlab: ${bad%% *}: "
  done
  # shellcheck disable=SC2086
  run 2 simulate --program "$KIDS" --candidate "$KIDS" --events "$WORK/no-such-file.csv" --as-of 31/12/2025
  expect_err 'tierlab: --as-of: expected a date YYYY-MM-DD, got "31/12/2025"'
}

# ---------------------------------------------------------------------------
# README's example block, run as written (build path and /tmp replaced).
section_readme() {
  awk '/^Example:/{on=1; next} on && /^```sh/{inside=1; next} inside && /^```/{exit} inside{print}' "$SRC/README.md" \
    >"$WORK/readme.sh"
  grep -q "simulate" "$WORK/readme.sh" || fail "README's example has no simulate command"
  sed -e "s|/tmp/|$WORK/|g" -e "s|^T=.*|T=\"$TIERLAB\"|" "$WORK/readme.sh" >"$WORK/readme-run.sh"
  (cd "$SRC" && sh -e "$WORK/readme-run.sh") >"$OUT" 2>"$ERR" || fail "README's example failed: $(tail -5 "$ERR")"
  grep -q "Platinum" "$OUT" || fail "README's simulate printed no tier counts"
  grep -q "^K-001,2024-12-03,purchase,1247.00$" "$OUT" || fail "README's European import did not give K-001's order"
}

# ---------------------------------------------------------------------------
section_starter() {
  # Online Retail at its last day, 2011-12-09 (checked apart: net spend of 2010-12-10..2011-12-09
  # per customer summed in Python from `tierlab import`'s events, 4,372 customers):
  # the top 30% start at 1281.53 GBP -> 1300, 10% at 3376.12 -> 3400, 2% at 10217.48 -> 10000.
  gzip -dc "$SRC/samples/data/online-retail/online_retail.csv.gz" >"$WORK/or.csv"
  run 0 starter --events "$WORK/or.csv" --currency GBP --quiet
  json_ok_or_fail "$OUT"
  cp "$OUT" "$WORK/starter.json"
  run 0 validate "$WORK/starter.json"
  grep -q '"at_least": 1300.00' "$WORK/starter.json" || fail "Silver is not at 1300.00"
  grep -q '"at_least": 3400.00' "$WORK/starter.json" || fail "Gold is not at 3400.00"
  grep -q '"at_least": 10000.00' "$WORK/starter.json" || fail "Platinum is not at 10000.00"
  run 0 starter --events "$WORK/or.csv" --currency GBP --quiet
  expect_err "Silver   from 1300.00 GBP (the top 30% start at 1281.53): 1298 customers"
  expect_err "Platinum from 10000.00 GBP (the top 2% start at 10217.48): 92 customers"
  # The counts are the ones evaluate gives with the program.
  run 0 evaluate --program "$WORK/starter.json" --events "$WORK/or.csv" --quiet
  [ "$(awk -F, '$3 == "Platinum"' "$OUT" | wc -l)" -eq 92 ] || fail "evaluate with the starter program: not 92 Platinum"
  run 2 starter --events "$WORK/or.csv" --currency XYZ
  expect_err 'tierlab: --currency: unknown ISO 4217 currency "XYZ"'
}

case "$SECTION" in
  european) section_european ;;
  arguments) section_arguments ;;
  readme) section_readme ;;
  starter) section_starter ;;
  all) section_european; section_arguments; section_readme; section_starter ;;
  *) echo "unknown section $SECTION" >&2; exit 2 ;;
esac

finish
