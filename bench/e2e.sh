#!/usr/bin/env bash
# End-to-end timings of the tierlab command (wall time and peak resident
# memory from /usr/bin/time). Usage: bench/e2e.sh [CUSTOMERS...]  (default 100000 1000000)
# Needs the native build (cmake --preset native && cmake --build --preset native).
set -euo pipefail
cd "$(dirname "$0")/.."
T=build/native/cli/tierlab
dir=build/bench
mkdir -p "$dir"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$dir/time.txt" "$@" > "$dir/out.txt" 2> "$dir/err.txt"
  read -r secs kb < "$dir/time.txt"
  printf '%-34s %8.2f s %8.0f MB\n' "$label" "$secs" "$(echo "$kb / 1024" | bc -l)"
}
gzip -dc samples/data/online-retail/online_retail.csv.gz > "$dir/online_retail.csv"
sed 's/"at_least": 3500/"at_least": 3000/' samples/programs/online-retail-gbp.json > "$dir/candidate.json"
measure "simulate Online Retail (import incl.)" $T simulate --program samples/programs/online-retail-gbp.json \
  --candidate "$dir/candidate.json" --events "$dir/online_retail.csv" --format json
for n in "${sizes[@]}"; do
  measure "generate $n customers" sh -c "$T generate --customers $n > $dir/gen-$n.csv"
  events=$(($(wc -l < "$dir/gen-$n.csv") - 1))
  measure "evaluate $n customers ($events rows)" $T evaluate --program samples/programs/kids-clothing.json --events "$dir/gen-$n.csv"
  read -r secs kb < "$dir/time.txt"
  echo "    $(echo "$events / $secs" | bc) rows/s, $(echo "$n / $secs" | bc) customers/s, $(echo "$kb * 1024 / $events" | bc) bytes resident per row"
  rm -f "$dir/gen-$n.csv"
done
