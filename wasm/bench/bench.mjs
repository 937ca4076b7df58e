// Evaluate and re-tier: the wasm API under node against the same core calls
// natively (native.cpp). usage: node bench.mjs NATIVE_BENCH EVENTS.csv PROGRAM.json
// Prints a table and writes JSON to stdout's last line.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { dist } from '../test/helpers.mjs';

const [nativeBin, eventsFile, programFile] = process.argv.slice(2);
const { createTierlab } = await import(`${dist}/tierlab.mjs`);
const tl = await createTierlab();
const events = readFileSync(eventsFile);
const program = readFileSync(programFile, 'utf8');

let best = Infinity;
for (let r = 0; r < 3; ++r) {
  const t = performance.now();
  tl.evaluateCsv(program, events);
  best = Math.min(best, performance.now() - t);
}

const s = tl.openSession(events);
s.tiers(program); // builds the metric table
const base = JSON.parse(program);
const n = 20;
const t = performance.now();
for (let i = 0; i < n; ++i) {
  const p = structuredClone(base);
  for (const tier of p.tiers) {
    const c = tier.qualify?.any ?? tier.qualify?.all;
    if (c) {
      const leaf = c[0];
      const key = 'at_least' in leaf ? 'at_least' : 'above';
      const money = p.metrics[leaf.metric].measure.endsWith('_spend');
      leaf[key] += money ? i : 100 * i; // +100 minor units = +1 major for money
    }
  }
  s.tiers(p);
}
const retier = (performance.now() - t) / n;
s.dispose();

const native = JSON.parse(execFileSync(nativeBin, [eventsFile, programFile], { encoding: 'utf8' }));
const result = {
  evaluate_ms: { wasm: +best.toFixed(2), native: native.evaluate_ms, ratio: +(best / native.evaluate_ms).toFixed(2) },
  retier_ms: { wasm: +retier.toFixed(3), native: native.retier_ms, ratio: +(retier / native.retier_ms).toFixed(2) },
};
console.log(`evaluate (import + evaluate + CSV): wasm ${result.evaluate_ms.wasm} ms, native ${native.evaluate_ms} ms, ${result.evaluate_ms.ratio}x`);
console.log(`re-tier (program parse + tiers from the table): wasm ${result.retier_ms.wasm} ms, native ${native.retier_ms} ms, ${result.retier_ms.ratio}x`);
console.log(JSON.stringify(result));
