// The native CLI and the WebAssembly API print identical bytes on the same
// generated and real data (evaluate csv/json, simulate json). Skipped when the
// native CLI is not built (cmake --build --preset native).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { cli, hasCli, loadFull, repo } from './helpers.mjs';

const run = (args) => execFileSync(cli, args, { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
const program = (name) => `${repo}samples/programs/${name}`;
const dir = mkdtempSync(`${tmpdir()}/tierlab-determinism-`);
let tl;

// A candidate program: every money threshold 20% lower.
function candidateOf(file) {
  const p = JSON.parse(readFileSync(file, 'utf8'));
  const walk = (c) => {
    if (!c) return;
    for (const k of ['any', 'all']) (c[k] ?? []).forEach(walk);
    const m = p.metrics[c.metric];
    if (m && m.measure.endsWith('_spend')) {
      for (const op of ['at_least', 'above']) if (op in c) c[op] = Math.round(c[op] * 80) / 100;
    }
  };
  p.tiers.forEach((t) => walk(t.qualify));
  const out = `${dir}/candidate-${file.split('/').pop()}`;
  writeFileSync(out, JSON.stringify(p));
  return out;
}

function same(programFile, eventsFile, extra = []) {
  const events = readFileSync(eventsFile);
  const programText = readFileSync(programFile, 'utf8');
  const asOf = extra[1];
  assert.equal(tl.evaluateCsv(programText, events, asOf), run(['evaluate', '--program', programFile, '--events', eventsFile, ...extra]), 'evaluate csv');
  assert.equal(tl.evaluateJson(programText, events, asOf),
    run(['evaluate', '--program', programFile, '--events', eventsFile, '--format', 'json', ...extra]), 'evaluate json');
  const cand = candidateOf(programFile);
  assert.equal(tl.simulateJson(programText, readFileSync(cand, 'utf8'), events, asOf),
    run(['simulate', '--program', programFile, '--candidate', cand, '--events', eventsFile, '--format', 'json', ...extra]), 'simulate json');
}

describe('native CLI and wasm give identical bytes', { skip: !hasCli && 'no native CLI' }, () => {
  before(async () => {
    tl = await loadFull();
  });

  test('generated data (5,000 customers), every sample program', () => {
    const file = `${dir}/generated.csv`;
    writeFileSync(file, run(['generate', '--customers', '5000', '--seed', '11']));
    for (const p of ['kids-clothing.json', 'vip-segment.json', 'cleaning-frequency.json', 'synerise-pln.json', 'synerise-pln-guarded.json']) {
      same(program(p), file);
      same(program(p), file, ['--as-of', '2025-06-30']);
    }
  });

  test('UCI Online Retail (real data, line items)', () => {
    const file = `${dir}/online_retail.csv`;
    writeFileSync(file, gunzipSync(readFileSync(`${repo}samples/data/online-retail/online_retail.csv.gz`)));
    same(program('online-retail-gbp.json'), file);
  });

  test('CDNOW (real data)', () => {
    same(program('cdnow-frequency.json'), `${repo}samples/data/cdnow/CDNOW_master.txt`, ['--as-of', '1997-12-31']);
  });
});
