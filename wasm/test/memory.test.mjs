// Memory does not grow over 10,000 evaluate calls, good or bad: exceptions are
// caught at the boundary, so nothing leaks and nothing aborts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFull, loadLean, sample } from './helpers.mjs';

const kids = sample('programs/kids-clothing.json');
const json = sample('events/small.json');
const csv = sample('events/small.csv');
const badProgram = kids.replace('"above": 300', '"above": "lots"');

test('10,000 lean evaluate calls (and 1,000 bad ones) leave the heap as it was', async () => {
  const lean = await loadLean();
  const run = (n) => {
    for (let i = 0; i < n; ++i) {
      lean.customerFromEvents(kids, json, { customer: i % 2 ? 'ava' : 'cara', asOf: '2025-12-30', cartTotal: '10' });
      if (i % 10 === 0) assert.throws(() => lean.customerFromEvents(badProgram, json, { customer: 'ava' }));
    }
  };
  run(100);
  const before = lean.memoryInUse();
  run(10000);
  assert.equal(lean.memoryInUse(), before);
});

test('10,000 full evaluateCsv calls (with bad ones and sessions) leave the heap as it was', async () => {
  const tl = await loadFull();
  const run = (n) => {
    for (let i = 0; i < n; ++i) {
      tl.evaluateCsv(kids, csv);
      if (i % 10 === 0) assert.throws(() => tl.evaluateCsv(badProgram, csv));
      if (i % 100 === 0) tl.openSession(csv).dispose();
    }
  };
  run(100);
  const before = tl.memoryInUse();
  run(10000);
  assert.equal(tl.memoryInUse(), before);
});
