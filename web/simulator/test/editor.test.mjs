// The structure editor (web/simulator/editor.js, docs/simulator.md "Structure
// editor"): the pure edits in node, then the page in Debian's Chromium —
// a tier inserted in the middle and moved, a metric renamed (its conditions
// follow), its window changed with the rename offered and taken, a metric
// added, the settings, a located error next to the field, undo, a round trip
// through the JSON view and `tierlab validate` of the exported candidate.
// Screenshot: build/wasm/screenshots/simulator-editor.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../server.mjs';
import { addChild, nest, removeChild, setGroupOp, setLeaf } from '../conditions.js';
import { setPoints, togglePoints } from '../points-editor.js';
import { insertTier, moveTier, removeMetric, renameMetric, setWindow, suggestName, usesOf } from '../editor.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const dist = process.env.TIERLAB_DIST ?? `${repo}build/wasm/dist`;
const shots = process.env.TIERLAB_SCREENSHOTS ?? `${repo}build/wasm/screenshots`;
const cli = process.env.TIERLAB_CLI ?? `${repo}build/native/cli/tierlab`;
const tmp = mkdtempSync(join(tmpdir(), 'tierlab-sim-editor-'));
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run'];
const kids = JSON.parse(readFileSync(`${repo}samples/programs/kids-clothing.json`, 'utf8'));

test('pure edits: names follow windows, references follow names, tiers insert and move', () => {
  assert.equal(suggestName('spend_365d', { days: 365 }, { calendar: 'year' }), 'spend_year');
  assert.equal(suggestName('orders_90d', { days: 90 }, 'lifetime'), 'orders_lifetime');
  assert.equal(suggestName('pts_lifetime', 'lifetime', { days: 30 }), 'pts_30d');
  assert.equal(suggestName('spend', { days: 365 }, { calendar: 'year' }), null, 'no window in the name: no offer');
  const r = renameMetric(kids, 'spend', 'spend_365d');
  assert.deepEqual(Object.keys(r.metrics), ['spend_365d', 'orders', 'engagement'], 'renamed in place');
  assert.equal(r.tiers[1].qualify.any[0].metric, 'spend_365d');
  assert.equal(r.tiers[2].qualify.any[0].metric, 'spend_365d');
  assert.deepEqual(usesOf(r, 'spend'), []);
  assert.deepEqual(usesOf(r, 'spend_365d'), ['/tiers/1/qualify/any/0', '/tiers/2/qualify/any/0']);
  assert.deepEqual(setWindow(r, 'spend_365d', { calendar: 'year' }).metrics.spend_365d, { measure: 'net_spend', window: { calendar: 'year' } });
  assert.equal(kids.metrics.spend.window.days, 365, 'the input is never changed');
  assert.throws(() => removeMetric(kids, 'orders'), /orders is used by \/tiers\/1\/qualify\/any\/1, \/tiers\/2\/qualify\/any\/1/);
  const ins = insertTier(kids, 2);
  assert.deepEqual(ins.tiers.map((t) => t.name), ['Bronze', 'Silver', 'New tier', 'Gold']);
  assert.deepEqual(ins.tiers[2].qualify, kids.tiers[1].qualify, 'starts at the condition of the tier below');
  assert.deepEqual(insertTier(kids, 1).tiers[1].qualify, kids.tiers[1].qualify, 'above the floor: the condition of the tier above');
  assert.deepEqual(moveTier(ins, 2, 1).tiers.map((t) => t.name), ['Bronze', 'Silver', 'Gold', 'New tier']);
  assert.throws(() => moveTier(ins, 1, -1), /cannot move/, 'the floor stays first');
  assert.throws(() => insertTier(kids, 0), /1\.\.3/);
});

test('pure edits: condition groups switch, nest, grow and shrink', () => {
  const g = '/tiers/2/qualify';
  assert.deepEqual(setGroupOp(kids, g, 'all').tiers[2].qualify, { all: kids.tiers[2].qualify.any });
  let p = nest(kids, `${g}/any/0`, 'all');
  assert.deepEqual(p.tiers[2].qualify.any[0], { all: [{ metric: 'spend', above: 300 }, { metric: 'spend', above: 300 }] });
  p = setLeaf(p, `${g}/any/0/all/1`, { metric: 'orders', op: 'at_least', value: 4 });
  assert.deepEqual(p.tiers[2].qualify.any[0].all[1], { metric: 'orders', at_least: 4 });
  p = setLeaf(p, `${g}/any/0/all/1`, { op: 'above' });
  assert.deepEqual(p.tiers[2].qualify.any[0].all[1], { metric: 'orders', above: 4 }, 'the threshold stays when the comparison changes');
  p = addChild(p, g, 'any');
  assert.deepEqual(p.tiers[2].qualify.any[3], { any: [{ metric: 'engagement', above: 30 }] }, 'a new group holds a copy of the last leaf');
  p = removeChild(p, `${g}/any/1`);
  assert.deepEqual(p.tiers[2].qualify.any.map((c) => c.metric ?? Object.keys(c)[0]), ['all', 'engagement', 'any']);
  assert.throws(() => removeChild(p, `${g}/any/2/any/0`), /keeps at least one/);
  assert.deepEqual(nest(kids, '/tiers/1/qualify', 'all').tiers[1].qualify.all[0], kids.tiers[1].qualify, 'the root nests too');
});

test('pure edits: points on and off, nested keys set and removed', () => {
  const plain = togglePoints(kids, false);
  assert.equal(plain.points, undefined);
  assert.deepEqual(togglePoints(plain, true).points, { per_currency_unit: 1, value: { points: 100, money: 1 } });
  assert.deepEqual(togglePoints(kids, true).points, kids.points, 'switching on keeps an existing block');
  assert.equal(setPoints(kids, ['expire_after_days'], undefined).points.expire_after_days, undefined);
  assert.deepEqual(setPoints(plain, ['value', 'money'], 2).points, { value: { money: 2 } });
});

let server;
let browser;
before(async () => {
  if (!existsSync(`${dist}/simulator/index.html`)) return;
  mkdirSync(shots, { recursive: true });
  server = await serve(dist);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ARGS });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const idle = (page) => page.waitForFunction(() => window.__simulatorIdle?.(), null, { timeout: 60000, polling: 50 });
async function downloadCandidate(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  const file = join(tmp, `${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(file);
  return { file, program: JSON.parse(readFileSync(file, 'utf8')) };
}

test('page: tiers, metrics, settings edited without JSON; errors located; undo; JSON and tierlab validate agree', async () => {
  assert.ok(server, `no ${dist}/simulator: run web/simulator/build.sh`);
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true, locale: 'en-US' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/simulator/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  await idle(page);
  await page.selectOption('#sample', 'small');
  await page.click('#load-sample');
  await page.waitForSelector('#import-report', { timeout: 120000 });
  await idle(page);

  // A tier between Silver and Gold, then moved above Gold.
  await page.click('button[aria-label="Insert a tier below Gold"]');
  await idle(page);
  let names = await page.$$eval('#structure .ed-name', (els) => els.map((e) => e.textContent));
  assert.deepEqual(names, ['Bronze (floor)', 'Silver', 'New tier', 'Gold']);
  await page.click('button[aria-label="Move New tier down"]');
  await idle(page);
  names = await page.$$eval('#structure .ed-name', (els) => els.map((e) => e.textContent));
  assert.deepEqual(names, ['Bronze (floor)', 'Silver', 'Gold', 'New tier']);
  assert.match(await page.textContent('#json-status'), /Valid program: 4 tiers/);

  // Rename spend → spend_365d: the conditions follow (the form's leaves too).
  await page.fill('#ed-m-spend-name', 'spend_365d');
  await page.press('#ed-m-spend-name', 'Tab');
  await idle(page);
  let json = JSON.parse(await page.inputValue('#json'));
  assert.equal(json.tiers[1].qualify.any[0].metric, 'spend_365d');
  // Its window becomes the calendar year: the rename to spend_year is offered and taken.
  await page.selectOption('#ed-m-spend_365d-window', 'year');
  await page.waitForSelector('#structure .ed-rename');
  assert.match(await page.textContent('#structure .ed-offer'), /Rename it spend_year\?/);
  // The whole editor in view (a tall window: the sticky results bar would cover its end).
  const size = page.viewportSize();
  await page.setViewportSize({ width: 1440, height: 3000 });
  await page.locator('#structure').screenshot({ path: `${shots}/simulator-editor.png` });
  if (size) await page.setViewportSize(size);
  await page.click('#structure .ed-rename');
  await idle(page);
  json = JSON.parse(await page.inputValue('#json'));
  assert.deepEqual(json.metrics.spend_year, { measure: 'net_spend', window: { calendar: 'year' } });
  assert.equal(json.metrics.spend_365d, undefined);
  assert.deepEqual(json.tiers.map((t) => t.qualify?.any?.[0]?.metric), [undefined, 'spend_year', 'spend_year', 'spend_year']);

  // A new metric counting visits (event_count with a kind), and the settings.
  await page.click('#ed-add-metric');
  await idle(page);
  await page.selectOption('#ed-m-orders_365d-measure', 'event_count');
  await idle(page);
  await page.fill('#ed-m-orders_365d-kind', 'review');
  await page.press('#ed-m-orders_365d-kind', 'Tab');
  await idle(page);
  await page.fill('#ed-retention_days', '30');
  await page.press('#ed-retention_days', 'Tab');
  await idle(page);
  await page.selectOption('#ed-enrollment', 'required');
  await idle(page);
  json = JSON.parse(await page.inputValue('#json'));
  assert.deepEqual(json.metrics.orders_365d, { measure: 'event_count', window: { days: 365 }, kind: 'review' });
  assert.equal(json.retention_days, 30);
  assert.equal(json.enrollment, 'required');

  // Conditions: Gold's spend leaf nested in an all-group with orders ≥ 4.
  await page.click('#ed-c-tiers-2-qualify-any-0 > .ed-nest');
  await idle(page);
  await page.selectOption('#ed-c-tiers-2-qualify-any-0-all-1-metric', 'orders');
  await idle(page);
  await page.fill('#ed-c-tiers-2-qualify-any-0-all-1-value', '4');
  await page.press('#ed-c-tiers-2-qualify-any-0-all-1-value', 'Tab');
  await idle(page);
  await page.selectOption('#ed-c-tiers-2-qualify-op', 'all');
  await idle(page);
  json = JSON.parse(await page.inputValue('#json'));
  assert.deepEqual(json.tiers[2].qualify.all[0], { all: [{ metric: 'spend_year', above: 300 }, { metric: 'orders', above: 4 }] });
  assert.equal(json.tiers[2].qualify.all.length, 3);

  // Points: the rate, a reward added, expiry cleared (no expiry), an engagement kind removed.
  await page.fill('#ed-points-rate', '2.5');
  await page.press('#ed-points-rate', 'Tab');
  await idle(page);
  await page.click('#ed-reward-add');
  await idle(page);
  await page.fill('#ed-points-expiry', '');
  await page.press('#ed-points-expiry', 'Tab');
  await idle(page);
  await page.click('button[aria-label="Engagement scores (for engagement_points): remove social_share"]');
  await idle(page);
  json = JSON.parse(await page.inputValue('#json'));
  assert.equal(json.points.per_currency_unit, 2.5);
  assert.equal(json.points.expire_after_days, undefined);
  assert.deepEqual(json.points.rewards.at(-1), { name: 'New reward', points: 500 });
  assert.deepEqual(json.engagement, { review: 5, referral: 10 });

  // A value the core refuses: the error sits next to the field, then Undo.
  await page.fill('#ed-qualify_delay_days', '-3');
  await page.press('#ed-qualify_delay_days', 'Tab');
  await idle(page);
  const fieldError = await page.textContent('#structure [data-ptr="/qualify_delay_days"] .field-error');
  assert.match(fieldError, /qualify_delay_days/);
  await page.click('#undo');
  await idle(page);
  assert.match(await page.textContent('#json-status'), /Valid program/);
  assert.equal(JSON.parse(await page.inputValue('#json')).qualify_delay_days, 0);

  // Two-way: a JSON edit shows in the editor.
  const text = (await page.inputValue('#json')).replace('"retention_days": 30', '"retention_days": 60');
  await page.fill('#json', text);
  await page.waitForFunction(() => document.getElementById('ed-retention_days')?.value === '60');
  await idle(page);

  const { file, program } = await downloadCandidate(page);
  assert.equal(program.retention_days, 60);
  assert.equal(program.tiers[3].name, 'New tier');
  const out = execFileSync(cli, ['validate', file], { encoding: 'utf8' });
  assert.match(out, /: valid — .*4 tiers \(Bronze < Silver < Gold < New tier\), 4 metrics, enrollment required, points/);
  writeFileSync(join(tmp, 'last.json'), JSON.stringify(program));
  assert.deepEqual(errors, []);
  await context.close();
});
