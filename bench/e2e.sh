#!/usr/bin/env bash
# End-to-end timings of the tierlab command (wall time, CPU and peak resident
# memory from /usr/bin/time). Usage: bench/e2e.sh [CUSTOMERS...]  (default 100000 1000000)
# Needs the native build (cmake --preset native && cmake --build --preset native).
# For each size the same events are generated in three row orders (by
# customer, by date with customers interleaved, shuffled: `generate --order`)
# and evaluated; then DuckDB does the same work on the date-ordered file
# (bench/duckdb/evaluate.mjs; installed with npm into bench/duckdb on first
# use, skipped with a note when npm or node is missing).
# Environment: BENCH_DIR (default build/bench; a 1M file is 944 MB a order),
# TIERLAB_BASE=path/to/another/tierlab to check that its output is
# byte-identical on every file, DUCKDB=0 to skip DuckDB.
set -euo pipefail
cd "$(dirname "$0")/.."
T=$PWD/build/native/cli/tierlab
dir=${BENCH_DIR:-build/bench}
mkdir -p "$dir"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
AS_OF=2025-12-31
PROGRAM=samples/programs/kids-clothing.json
measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$dir/time.txt" "$@" > "$dir/out.txt" 2> "$dir/err.txt"
  read -r secs user sys kb < "$dir/time.txt"
  printf '%-44s %7.2f s wall %7.2f s CPU %7.0f MB\n' "$label" "$secs" "$(echo "$user + $sys" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
}
duckdb_ready() {
  [ "${DUCKDB:-1}" = 1 ] || return 1
  command -v node > /dev/null && command -v npm > /dev/null || { echo "(DuckDB skipped: node or npm missing)"; return 1; }
  [ -d bench/duckdb/node_modules/@duckdb/node-api ] ||
    (cd bench/duckdb && npm ci --no-audit --no-fund --loglevel=error) || { echo "(DuckDB skipped: npm ci failed)"; return 1; }
}
gzip -dc samples/data/online-retail/online_retail.csv.gz > "$dir/online_retail.csv"
sed 's/"at_least": 3500/"at_least": 3000/' samples/programs/online-retail-gbp.json > "$dir/candidate.json"
measure "simulate Online Retail (import incl.)" $T simulate --program samples/programs/online-retail-gbp.json \
  --candidate "$dir/candidate.json" --events "$dir/online_retail.csv" --format json
rm -f "$dir/online_retail.csv"
for n in "${sizes[@]}"; do
  for order in customer date shuffled; do
    f="$dir/gen-$n-$order.csv"
    measure "generate $n customers, by $order" sh -c "$T generate --customers $n --order $order > $f"
  done
  events=$(($(wc -l < "$dir/gen-$n-customer.csv") - 1))
  echo "  $events rows, $(($(stat -c %s "$dir/gen-$n-customer.csv") / 1000000)) MB a file"
  grouped_secs=
  for order in customer date shuffled; do
    f="$dir/gen-$n-$order.csv"
    measure "evaluate $n, rows by $order" $T evaluate --program $PROGRAM --events "$f" --as-of $AS_OF
    read -r secs user sys kb < "$dir/time.txt"
    [ "$order" = customer ] && grouped_secs=$secs
    echo "    $(echo "$events / $secs" | bc) rows/s, $(echo "$kb * 1024 / $events" | bc) bytes resident per row," \
      "$(printf '%.2f' "$(echo "$secs / $grouped_secs" | bc -l)")x the grouped file's time"
    mv "$dir/out.txt" "$dir/tierlab-$order.out"
    if [ -n "${TIERLAB_BASE:-}" ]; then
      "$TIERLAB_BASE" evaluate --program $PROGRAM --events "$f" --as-of $AS_OF 2> /dev/null |
        cmp -s - "$dir/tierlab-$order.out" && echo "    output byte-identical to $TIERLAB_BASE" ||
        echo "    OUTPUT DIFFERS from $TIERLAB_BASE"
    fi
  done
  if duckdb_ready; then
    f="$dir/gen-$n-date.csv"
    measure "DuckDB (2 threads), same work, by date" node bench/duckdb/evaluate.mjs "$f" $AS_OF "$dir/duckdb.out" 2
    read -r dsecs _ _ _ < "$dir/time.txt"
    /usr/bin/time -f "%e" -o "$dir/time.txt" $T evaluate --program $PROGRAM --events "$f" --as-of $AS_OF > /dev/null 2>&1
    read -r tsecs < "$dir/time.txt"
    echo "    tierlab on the same file right after: $tsecs s; DuckDB / tierlab = $(printf '%.2f' "$(echo "$dsecs / $tsecs" | bc -l)")x"
    # The columns DuckDB computes like tierlab (all but points_balance): identical rows?
    if cut -d, -f1-10 "$dir/duckdb.out" | cmp -s - <(cut -d, -f1-10 "$dir/tierlab-date.out"); then
      echo "    DuckDB's customer_id..engagement columns are byte-identical to tierlab's"
    else
      echo "    DuckDB's columns DIFFER from tierlab's (see $dir/duckdb.out)"
    fi
    rm -f "$dir/duckdb.out"
  fi
  rm -f "$dir"/gen-$n-*.csv "$dir"/tierlab-*.out
done
