// Evaluate and re-tier: the wasm API under node against the same C++ entry
// points compiled natively (native.cpp), on the same inputs.
// usage: node bench.mjs NATIVE_BENCH EVENTS.csv PROGRAM.json [ROUNDS]
//
// The machine may be busy (2 cores, other builds), so the two sides take
// turns: each round runs the native process (3 evaluates, 200 re-tiers), then
// the same work in wasm; figures are medians over every round (best in
// brackets). Prints a table, and JSON as the last line.
//
// The wasm side runs in a child process of its own that never starts a
// process: starting one (fork) write-protects every page of the parent's
// memory, and the wasm heap's first writes after that fault page by page
// (measured: the next 200 re-tiers took 2.3x as long).
import { execFileSync, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const evaluatesPerRound = 3;
const retiers = 200;

const median = (xs) => {
  const a = [...xs].sort((x, y) => x - y);
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
};

if (process.argv[2] === '--wasm-side') {
  await wasmSide(process.argv[3], process.argv[4], process.argv[5]);
} else {
  await main();
}

// The wasm side: loads the module, warms up, then runs a round per message.
async function wasmSide(eventsFile, programFile, variantsFile) {
  const { dist } = await import('../test/helpers.mjs');
  const { createTierlab } = await import(`${dist}/tierlab.mjs`);
  const tl = await createTierlab();
  const events = readFileSync(eventsFile);
  const program = readFileSync(programFile, 'utf8');
  const variants = readFileSync(variantsFile, 'utf8').split('\n').filter((l) => l !== '');
  const time = (f) => {
    const t = performance.now();
    f();
    return performance.now() - t;
  };
  // Warm-up. V8 runs a new module on its baseline compiler (Liftoff) and
  // compiles the optimised code in the background; on this machine that
  // takes about a second, during which a re-tier is twice as slow. The first
  // evaluate also grows the heap. (The native side warms up too: one
  // evaluate, ten re-tiers.)
  let outBytes = 0;
  for (let e = 0; e < 2; ++e) outBytes += tl.evaluateCsv(program, events).length;
  const s = tl.openSession(events);
  s.tiers(program); // builds the metric table
  const warm = performance.now();
  for (let i = 0; performance.now() - warm < 2500; ++i) s.tiers(variants[i % variants.length]);
  process.on('message', (m) => {
    if (m === 'done') {
      s.dispose();
      process.disconnect();
      return;
    }
    const evaluate = [], retier = [];
    for (let e = 0; e < evaluatesPerRound; ++e) evaluate.push(time(() => (outBytes += tl.evaluateCsv(program, events).length)));
    for (const v of variants) retier.push(time(() => s.tiers(v)));
    process.send({ evaluate, retier, outBytes });
  });
  process.send('ready');
}

async function main() {
  const [nativeBin, eventsFile, programFile, roundsArg] = process.argv.slice(2);
  const rounds = Number(roundsArg ?? 5);
  const program = readFileSync(programFile, 'utf8');

  // Re-tier inputs: the program with its first threshold of every tier moved
  // (what a slider does), as JSON text: both sides parse the same bytes.
  const base = JSON.parse(program);
  const variants = [];
  for (let i = 0; i < retiers; ++i) {
    const p = structuredClone(base);
    const step = i % 20;
    for (const tier of p.tiers) {
      const c = tier.qualify?.any ?? tier.qualify?.all;
      if (c) {
        const leaf = c[0];
        const key = 'at_least' in leaf ? 'at_least' : 'above';
        const money = p.metrics[leaf.metric].measure.endsWith('_spend');
        leaf[key] += money ? step : 100 * step; // +100 minor units = +1 major for money
      }
    }
    variants.push(JSON.stringify(p));
  }
  const work = mkdtempSync(join(tmpdir(), 'tierlab-bench-'));
  const variantsFile = join(work, 'variants.jsonl');
  writeFileSync(variantsFile, variants.join('\n') + '\n');

  const child = fork(fileURLToPath(import.meta.url), ['--wasm-side', eventsFile, programFile, variantsFile]);
  const replies = [];
  let waiting = null;
  child.on('message', (m) => (waiting ? (waiting(m), (waiting = null)) : replies.push(m)));
  const failed = new Promise((_, reject) =>
    child.on('exit', (code) => code && reject(new Error(`the wasm side exited with ${code}`))));
  failed.catch(() => {}); // reported where awaited
  const next = () => Promise.race([failed, new Promise((resolve) => (replies.length ? resolve(replies.shift()) : (waiting = resolve)))]);

  const wasm = { evaluate: [], retier: [] };
  const native = { evaluate: [], retier: [] };
  try {
    await next(); // 'ready'
    for (let r = 0; r < rounds; ++r) {
      const n = JSON.parse(execFileSync(nativeBin, [eventsFile, programFile, variantsFile, String(evaluatesPerRound)], { encoding: 'utf8' }));
      native.evaluate.push(...n.evaluate_ms);
      native.retier.push(...n.retier_ms);
      child.send(r);
      const w = await next();
      wasm.evaluate.push(...w.evaluate);
      wasm.retier.push(...w.retier);
    }
    child.send('done');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  const min = (xs) => Math.min(...xs);
  const figure = (w, nat, digits) => ({
    wasm: +median(w).toFixed(digits),
    native: +median(nat).toFixed(digits),
    ratio: +(median(w) / median(nat)).toFixed(2),
    wasm_best: +min(w).toFixed(digits),
    native_best: +min(nat).toFixed(digits),
    runs: w.length,
  });
  const result = {
    evaluate_ms: figure(wasm.evaluate, native.evaluate, 2),
    retier_ms: figure(wasm.retier, native.retier, 3),
    rounds,
  };
  const line = (name, f) =>
    `${name}: wasm ${f.wasm} ms, native ${f.native} ms, ${f.ratio}x  (medians of ${f.runs}; best ${f.wasm_best} / ${f.native_best} ms)`;
  console.log(line('evaluate (import + evaluate + CSV out)', result.evaluate_ms));
  console.log(line('re-tier (program parse + tiers from the table + rows out)', result.retier_ms));
  console.log(JSON.stringify(result));
}
