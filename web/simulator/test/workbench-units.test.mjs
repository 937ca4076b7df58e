// Issue 20, the page's pure parts (no browser): undo history, the slider page
// step, axis ticks for whole numbers, and the one tier palette that the page,
// the storefront widget and the desktop tuner all use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createHistory } from '../undo.js';
import { pageStep } from '../keys.js';
import { niceTicks } from '../charts.js';
import { TIER_PALETTE } from '../palette.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

test('undo history: one step per committed change, redo cleared by a new edit, reset forgets', () => {
  const h = createHistory();
  h.reset('A');
  assert.equal(h.commit('A'), false, 'no change, no step');
  assert.equal(h.commit('B'), true);
  assert.equal(h.commit('C'), true);
  assert.deepEqual(h.depth(), { undo: 2, redo: 0 });
  assert.equal(h.undo(), 'B');
  assert.equal(h.undo(), 'A');
  assert.equal(h.undo(), null, 'nothing before the start');
  assert.equal(h.redo(), 'B');
  assert.equal(h.commit('D'), true, 'an edit after undo');
  assert.equal(h.redo(), null, 'the edit dropped the redo branch (C)');
  assert.equal(h.undo(), 'B');
  h.reset('X');
  assert.equal(h.canUndo(), false);
  assert.equal(h.canRedo(), false);
});

test('undo history keeps at most `limit` steps, dropping the oldest', () => {
  const h = createHistory({ limit: 3 });
  h.reset('0');
  for (const s of ['1', '2', '3', '4', '5']) h.commit(s);
  assert.deepEqual([h.undo(), h.undo(), h.undo(), h.undo()], ['4', '3', '2', null]);
});

test('PageUp/PageDown: a tenth of the range, on the step grid, inside the range', () => {
  // Gold on Online Retail: slider 0 … 10,000 step 10 (sliderRange of 3,500): one press 3,500 → 2,500.
  assert.equal(pageStep({ min: 0, max: 10000, step: 10, value: 3500 }, -1), 2500);
  assert.equal(pageStep({ min: 0, max: 10000, step: 10, value: 3500 }, 1), 4500);
  assert.equal(pageStep({ min: 0, max: 10000, step: 10, value: 9800 }, 1), 10000, 'clamped at max');
  assert.equal(pageStep({ min: 0, max: 10000, step: 10, value: 300 }, -1), 0, 'clamped at min');
  // 0 … 25 step 1: a tenth is 2.5, rounded to the grid: 3.
  assert.equal(pageStep({ min: 0, max: 25, step: 1, value: 3 }, 1), 6);
  // Money with cents: 0 … 50 step 0.01: 12.34 + 5 = 17.34 exactly (no 17.340000000000003).
  assert.equal(pageStep({ min: 0, max: 50, step: 0.01, value: 12.34 }, 1), 17.34);
  // A range narrower than ten steps still moves one step.
  assert.equal(pageStep({ min: 0, max: 4, step: 1, value: 2 }, 1), 3);
});

test('axis ticks for whole numbers never repeat a label ("1 1 1 0 0")', () => {
  assert.equal(niceTicks(0, 1, 5).length, 6, 'fractions (0, 0.2 … 1) when the data are not whole numbers');
  assert.deepEqual(niceTicks(0, 1, 5, 1), [0, 1]);
  assert.deepEqual(niceTicks(0, 4, 6, 1), [0, 1, 2, 3, 4]);
  assert.deepEqual(niceTicks(0, 3500, 5, 1), [0, 1000, 2000, 3000, 4000], 'minStep does not change large ranges');
  const labels = niceTicks(0, 2, 5, 1).map((v) => new Intl.NumberFormat('en-US').format(v));
  assert.equal(new Set(labels).size, labels.length);
});

test('one palette: the page, the widget defaults and the desktop tuner list the same tier colours', () => {
  const widget = readFileSync(`${repo}widget/src/tierlab-progress.js`, 'utf8');
  const fromWidget = [...widget.matchAll(/--tierlab-tier-(\d),(#[0-9a-f]{6})/gi)].map((m) => [Number(m[1]), m[2].toLowerCase()]);
  const widgetColours = fromWidget.sort((a, b) => a[0] - b[0]).map((x) => x[1]);
  const tuner = readFileSync(`${repo}desktop/src/tuner_state.hpp`, 'utf8');
  const list = /kTierPalette\[\]\s*=\s*\{([^}]*)\}/.exec(tuner);
  assert.ok(list, 'kTierPalette in desktop/src/tuner_state.hpp');
  const tunerColours = list[1].split(',').map((s) => `#${s.trim().replace(/^0x/i, '').padStart(6, '0').toLowerCase()}`);
  assert.deepEqual([...TIER_PALETTE], widgetColours, 'page vs widget');
  assert.deepEqual([...TIER_PALETTE], tunerColours, 'page vs tuner');
  assert.equal(TIER_PALETTE.length, 5);
});
