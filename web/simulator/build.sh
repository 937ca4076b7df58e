#!/usr/bin/env bash
# Builds the what-if simulator into build/wasm/dist/simulator/ (docs/simulator.md):
#   1. the WebAssembly module (cmake preset "wasm", target tierlab_dist) when it is
#      missing or out of date,
#   2. the page (web/simulator/*.html, *.js, *.css) copied as is: no bundler,
#   3. the bundled samples in dist/simulator/samples/ (generated here, never committed):
#      the seed programs, samples/events/small.csv, UCI Online Retail converted by
#      `tierlab import` (and its raw .csv.gz), CDNOW, plus samples/index.json.
# Idempotent and quick when nothing changed. Usage: web/simulator/build.sh [--no-wasm]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
build_wasm=1
[ "${1:-}" = "--no-wasm" ] && build_wasm=0

dist=build/wasm/dist
out=$dist/simulator
cli=${TIERLAB_CLI:-build/native/cli/tierlab}
log() { printf 'simulator build: %s\n' "$*"; }

# Waits while another Emscripten or wasm-preset build runs (two at once in one
# build folder would step on each other; the machine has two cores).
wait_for_other_builds() {
  local waited=0
  while pgrep -f 'emcc|em\+\+|wasm-ld|ninja.*build/wasm' >/dev/null 2>&1; do
    [ "$waited" = 0 ] && log "waiting for another WebAssembly build to finish"
    waited=1
    sleep 5
  done
}

if [ "$build_wasm" = 1 ]; then
  export NODE_PATH=/usr/share/nodejs
  if [ ! -f build/wasm/build.ninja ]; then
    wait_for_other_builds
    log "configuring the wasm preset"
    cmake --preset wasm >/dev/null
  fi
  # Incremental: a no-op when the module is up to date (a second or two).
  wait_for_other_builds
  log "cmake --build --preset wasm --target tierlab_dist"
  cmake --build --preset wasm --target tierlab_dist | { grep -v '^\[0/' || true; }
fi
for f in tierlab.mjs tierlab-core.mjs tierlab-core.wasm tierlab-lean.mjs tierlab-lean-core.mjs; do
  [ -f "$dist/$f" ] || { echo "simulator build: $dist/$f is missing (cmake --build --preset wasm)" >&2; exit 1; }
done

# The native CLI converts Online Retail for the samples.
if [ ! -x "$cli" ]; then
  log "building the native CLI (cmake --preset native)"
  cmake --preset native >/dev/null
  cmake --build --preset native --target tierlab_cli 2>/dev/null || cmake --build --preset native
fi

# ---- the page ----
mkdir -p "$out" "$out/samples"
for f in "$here"/*.html "$here"/*.js "$here"/*.css "$here"/*.svg; do
  [ -e "$f" ] || continue
  cp -u "$f" "$out/"
done

# ---- the samples ----
samples=$out/samples
cache=build/simulator-data
mkdir -p "$cache"
for f in samples/programs/*.json samples/events/small.csv samples/data/cdnow/CDNOW_master.txt \
         samples/data/online-retail/online_retail.csv.gz; do
  cp -u "$f" "$samples/"
done
if [ ! -s "$samples/online-retail-events.csv" ] || [ "$samples/online-retail-events.csv" -ot samples/data/online-retail/online_retail.csv.gz ] ||
   [ "$samples/online-retail-events.csv" -ot "$cli" ]; then
  log "converting UCI Online Retail with tierlab import"
  gzip -dc samples/data/online-retail/online_retail.csv.gz > "$cache/online_retail.csv"
  "$cli" import --events "$cache/online_retail.csv" --currency GBP > "$cache/online-retail-events.csv" 2>/dev/null
  mv "$cache/online-retail-events.csv" "$samples/online-retail-events.csv"
fi

# samples/index.json: the datasets (web/simulator/samples.json) and every seed program.
node --input-type=module - "$here/samples.json" "$samples" <<'EOF'
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
const [manifestFile, dir] = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
const programs = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'index.json').sort().map((file) => {
  const p = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
  return { file, name: p.name, currency: p.currency, tiers: p.tiers.map((t) => t.name) };
});
const datasets = manifest.datasets.map((d) => {
  const bytes = statSync(`${dir}/${d.file}`).size;
  if (!programs.some((p) => p.file === d.program)) throw new Error(`samples.json: no program ${d.program}`);
  return { ...d, bytes };
});
writeFileSync(`${dir}/index.json`, JSON.stringify({ datasets, programs }, null, 1) + '\n');
EOF
log "ready in $out ($(du -sh "$out" | cut -f1))"
