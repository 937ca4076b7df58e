// Evaluate and re-tier: the wasm API under node against the same C++ entry
// points compiled natively (native.cpp), on the same inputs.
// usage: node bench.mjs NATIVE_BENCH EVENTS.csv PROGRAM.json [ROUNDS]
//
// The machine may be busy (2 cores, other builds and benchmarks), so the two
// sides run as two long-lived processes that take turns in small steps: each
// round is one evaluate and 40 re-tiers on each side (who goes first
// alternates). Figures are medians over every round, with the bests and their
// ratio (steadier when the load comes and goes). Prints a table, and JSON as
// the last line.
//
// Both sides are started before any work. The wasm side never starts a
// process itself: starting one (fork) write-protects every page of the
// parent's memory, and the wasm heap's first writes after that fault page by
// page (measured: the next 200 re-tiers took 2.3x as long).
import { fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const retiersPerRound = 40;
const variantCount = 200;

if (process.argv[2] === '--wasm-side') await wasmSide(...process.argv.slice(3));
else await main();

// The wasm side: loads the module, warms up, then answers the coordinator.
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
  // swaps in optimised code compiled in the background; on this machine that
  // takes 0.5-1 s, during which a re-tier is twice as slow. The first
  // evaluate also grows the heap. (The native side warms up too.)
  let outBytes = 0;
  for (let e = 0; e < 2; ++e) outBytes += tl.evaluateCsv(program, events).length;
  const s = tl.openSession(events);
  s.tiers(program); // builds the metric table
  let next = 0;
  const warm = performance.now();
  while (performance.now() - warm < 2500) s.tiers(variants[next++ % variants.length]);
  process.on('message', (m) => {
    if (m.op === 'evaluate') {
      process.send(time(() => (outBytes += tl.evaluateCsv(program, events).length)));
    } else if (m.op === 'retier') {
      const ms = [];
      for (let i = 0; i < m.k; ++i) ms.push(time(() => s.tiers(variants[next++ % variants.length])));
      process.send(ms);
    } else {
      s.dispose();
      process.disconnect();
    }
  });
  process.send('ready');
}

// A child's replies in order: ask(x) sends x and resolves with the next reply.
function replies(onReply, send, child, name) {
  const queue = [];
  const waiting = [];
  onReply((r) => (waiting.length ? waiting.shift().resolve(r) : queue.push(r)));
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`${name} exited with ${code}`));
  });
  const next = () => new Promise((resolve, reject) => (queue.length ? resolve(queue.shift()) : waiting.push({ resolve, reject })));
  return { next, ask: (x) => (send(x), next()) };
}

async function main() {
  const [nativeBin, eventsFile, programFile, roundsArg] = process.argv.slice(2);
  const rounds = Number(roundsArg ?? 15);
  const program = readFileSync(programFile, 'utf8');

  // Re-tier inputs: the program with its first threshold of every tier moved
  // (what a slider does), as JSON text: both sides parse the same bytes.
  const base = JSON.parse(program);
  const variants = [];
  for (let i = 0; i < variantCount; ++i) {
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

  const wasmChild = fork(fileURLToPath(import.meta.url), ['--wasm-side', eventsFile, programFile, variantsFile]);
  const nativeChild = spawn(nativeBin, [eventsFile, programFile, variantsFile], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = Promise.all([once(wasmChild, 'exit'), once(nativeChild, 'exit')]);
  const wasmSide = replies((f) => wasmChild.on('message', f), (m) => wasmChild.send(m), wasmChild, 'the wasm side');
  const nativeSide = replies((f) => createInterface({ input: nativeChild.stdout }).on('line', (l) => f(JSON.parse(l === 'ready' ? '"ready"' : l))),
                             (m) => nativeChild.stdin.write(m + '\n'), nativeChild, 'the native side');

  const wasm = { evaluate: [], retier: [] };
  const native = { evaluate: [], retier: [] };
  try {
    await Promise.all([wasmSide.next(), nativeSide.next()]); // 'ready' from both
    for (let r = 0; r < rounds; ++r) {
      const steps = [
        async () => {
          native.evaluate.push(await nativeSide.ask('evaluate'));
          native.retier.push(...(await nativeSide.ask(`retier ${retiersPerRound}`)));
        },
        async () => {
          wasm.evaluate.push(await wasmSide.ask({ op: 'evaluate' }));
          wasm.retier.push(...(await wasmSide.ask({ op: 'retier', k: retiersPerRound })));
        },
      ];
      if (r % 2) steps.reverse();
      for (const step of steps) await step();
    }
  } finally {
    wasmChild.connected && wasmChild.send({ op: 'done' });
    nativeChild.stdin.end();
    await exited;
    rmSync(work, { recursive: true, force: true });
  }

  const median = (xs) => {
    const a = [...xs].sort((x, y) => x - y);
    const m = a.length >> 1;
    return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
  };
  const min = (xs) => Math.min(...xs);
  const figure = (w, nat, digits) => ({
    wasm: +median(w).toFixed(digits),
    native: +median(nat).toFixed(digits),
    ratio: +(median(w) / median(nat)).toFixed(2),
    wasm_best: +min(w).toFixed(digits),
    native_best: +min(nat).toFixed(digits),
    best_ratio: +(min(w) / min(nat)).toFixed(2),
    runs: w.length,
  });
  const result = {
    evaluate_ms: figure(wasm.evaluate, native.evaluate, 2),
    retier_ms: figure(wasm.retier, native.retier, 3),
    rounds,
  };
  const line = (name, f) =>
    `${name}: wasm ${f.wasm} ms, native ${f.native} ms, ${f.ratio}x  (medians of ${f.runs}; best ${f.wasm_best} / ${f.native_best} ms, ${f.best_ratio}x)`;
  console.log(line('evaluate (import + evaluate + CSV out)', result.evaluate_ms));
  console.log(line('re-tier (program parse + tiers from the table + rows out)', result.retier_ms));
  console.log(JSON.stringify(result));
}
