// The simulator's "Target mix" control (web/simulator/tune.js, spec §5b) in
// Debian's Chromium: the shares are prefilled with today's, Tune moves the
// candidate's thresholds to what `tierlab tune` answers (and the results to
// what `tierlab simulate` prints for that candidate), an unreachable target
// says why and keeps its threshold, and Undo puts the thresholds back.
// Screenshot: build/wasm/screenshots/simulator-tune.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../server.mjs';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const dist = process.env.TIERLAB_DIST ?? `${repo}build/wasm/dist`;
const shots = process.env.TIERLAB_SCREENSHOTS ?? `${repo}build/wasm/screenshots`;
const cli = process.env.TIERLAB_CLI ?? `${repo}build/native/cli/tierlab`;
const samples = `${dist}/simulator/samples`;
const tmp = mkdtempSync(join(tmpdir(), 'tierlab-sim-tune-'));
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run'];
const run = (/** @type {string[]} */ args) => execFileSync(cli, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

let server;
let browser;
before(async () => {
  assert.ok(existsSync(`${dist}/simulator/index.html`), `no ${dist}/simulator: run web/simulator/build.sh`);
  mkdirSync(shots, { recursive: true });
  server = await serve(dist);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ARGS });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function idle(page, timeout = 60000) {
  await page.waitForFunction(() => window.__simulatorIdle?.(), null, { timeout, polling: 50 });
}

async function downloadCandidate(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  const file = join(tmp, `${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(file);
  return JSON.parse(readFileSync(file, 'utf8'));
}

const candidateCounts = (page) => page.evaluate(() => [...document.querySelectorAll('#tier-table tbody tr[data-tier]')]
  .filter((tr) => tr.dataset.tier !== '(not enrolled)').map((tr) => Number(tr.dataset.candidate)));

test('Target mix: prefilled shares, Tune as tierlab tune, unreachable reasons, Undo', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true, locale: 'en-US' });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/simulator/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  await idle(page);
  await page.selectOption('#sample', 'small');
  await page.click('#load-sample');
  await page.waitForSelector('#import-report', { timeout: 120000 });
  await idle(page);

  // Today (tests/data/expected/small-kids-clothing.csv): Silver or above 5 of 7, Gold 3 of 7.
  assert.equal(await page.inputValue('#tune-share-1'), '71.4');
  assert.equal(await page.inputValue('#tune-share-2'), '42.9');
  const before = await downloadCandidate(page);

  // 60% / 30% on spend: what `tierlab tune` writes (Gold above 400, Silver above 235).
  await page.fill('#tune-share-1', '60');
  await page.fill('#tune-share-2', '30');
  await page.selectOption('#tune-metric', 'spend');
  await page.click('#tune-go');
  await page.waitForFunction(() => /customers change tier/.test(document.getElementById('tune-result')?.textContent ?? ''));
  await idle(page);
  const tuned = await downloadCandidate(page);
  const out = join(tmp, 'cli-tuned.json');
  run(['tune', '--program', `${samples}/kids-clothing.json`, '--events', `${samples}/small.csv`,
    '--target', 'Silver=60%,Gold=30%', '--metric', 'spend', '--output', out]);
  const cliTuned = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(tuned.tiers[1].qualify.any[0].above, cliTuned.tiers[1].qualify.any[0].above);
  assert.equal(tuned.tiers[2].qualify.any[0].above, cliTuned.tiers[2].qualify.any[0].above);
  assert.equal(tuned.tiers[2].qualify.any[0].above, 400);
  assert.equal(tuned.tiers[1].qualify.any[0].above, 235);
  assert.equal(await page.inputValue('#f-tiers-2-qualify-any-0-n'), '400');
  const expected = JSON.parse(run(['simulate', '--program', `${samples}/kids-clothing.json`, '--candidate', out,
    '--events', `${samples}/small.csv`, '--format', 'json']));
  assert.deepEqual(await candidateCounts(page), expected.candidate.tiers.map((t) => t.customers));
  assert.match(await page.textContent('#tune-result'), /Gold: spend above 300 → 400 \(3 → 2 at Gold or above\)/);
  // The targets stay on screen after the tune.
  assert.equal(await page.inputValue('#tune-share-2'), '30');

  // Gold 10%: dev's engagement keeps him Gold: unreachable, threshold kept.
  await page.fill('#tune-share-1', '');
  await page.fill('#tune-share-2', '10');
  await page.click('#tune-go');
  await page.waitForFunction(() => /unreachable/.test(document.getElementById('tune-result')?.textContent ?? ''));
  await idle(page);
  const text = await page.textContent('#tune-result');
  assert.match(text, /Gold: 10% is unreachable, left at 400: even at 9999999999999\.99 on spend, 1 customer \(14\.29%\) is at Gold or above/);
  assert.equal((await downloadCandidate(page)).tiers[2].qualify.any[0].above, 400);
  await page.locator('#tune').screenshot({ path: `${shots}/simulator-tune-unreachable.png` });

  // Undo twice: back to the thresholds before the first tune, and the counts with them.
  await page.click('#tune-undo');
  await idle(page);
  assert.equal((await downloadCandidate(page)).tiers[2].qualify.any[0].above, 400);
  await page.click('#tune-undo');
  await idle(page);
  const undone = await downloadCandidate(page);
  assert.deepEqual(undone.tiers.map((t) => t.qualify ?? null), before.tiers.map((t) => t.qualify ?? null));
  assert.ok(await page.isDisabled('#tune-undo'));
  assert.deepEqual(await candidateCounts(page), [2, 2, 3]);

  // Budget mode from the page: 50.00 alone scales every tier's spend leaf x 4.
  await page.fill('#tune-share-2', '');
  await page.fill('#tune-budget', '50');
  await page.click('#tune-go');
  await page.waitForFunction(() => /Budget 50 met/.test(document.getElementById('tune-result')?.textContent ?? ''));
  await idle(page);
  assert.equal((await downloadCandidate(page)).tiers[2].qualify.any[0].above, 1200);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('#program').screenshot({ path: `${shots}/simulator-tune.png` });

  // An edit made after a tune survives its undo: only the tuned thresholds go back.
  await page.fill('#f-tiers-1-qualify-any-1-n', '7');
  await idle(page);
  await page.click('#tune-undo');
  await idle(page);
  const back = await downloadCandidate(page);
  assert.equal(back.tiers[1].qualify.any[0].above, 100);
  assert.equal(back.tiers[2].qualify.any[0].above, 300);
  assert.equal(back.tiers[1].qualify.any[1].at_least, 7);
  assert.deepEqual(errors, []);
  await context.close();
});
