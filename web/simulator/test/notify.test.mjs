// The simulator's Notify panel (issue #21) in Debian's Chromium: its counts
// per list, for the baseline and the candidate, equal `tierlab notify`'s;
// each list's CSV download is the CLI's rows of that list, byte for byte.
// Screenshot: build/wasm/screenshots/simulator-notify.png.
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
const tmp = mkdtempSync(join(tmpdir(), 'tierlab-sim-notify-'));
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run'];
const run = (/** @type {string[]} */ args) => execFileSync(cli, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

let server;
let browser;
before(async () => {
  assert.ok(existsSync(`${dist}/simulator/index.html`), `no ${dist}/simulator: run web/simulator/build.sh`);
  assert.ok(existsSync(cli), `no native CLI at ${cli}`);
  mkdirSync(shots, { recursive: true });
  server = await serve(dist);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ARGS });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const idle = (page) => page.waitForFunction(() => window.__simulatorIdle?.(), null, { timeout: 60000, polling: 50 });

/** The panel's counts: {reason: {baseline, candidate}}. */
const counts = (page) => page.$$eval('#notify-table tbody tr', (rows) => Object.fromEntries(rows.map((tr) => [tr.dataset.reason,
  Object.fromEntries([...tr.querySelectorAll('td')].map((td, i) =>
    [i ? 'candidate' : 'baseline', Number(td.querySelector('.notify-count').textContent.replace(/,/g, ''))]))])));

async function saveDownload(page, selector, name) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const file = join(tmp, name);
  await download.saveAs(file);
  return { file, suggested: download.suggestedFilename() };
}

test('Notify panel: counts per list for the baseline and the candidate as tierlab notify, each list as its CSV', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true, locale: 'en-US' });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/simulator/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  await idle(page);
  await page.selectOption('#sample', 'online-retail');
  await page.click('#load-sample');
  await page.waitForSelector('#import-report', { timeout: 120000 });
  await idle(page);
  // Gold from 3,500 down to 3,000 GBP in the candidate.
  await page.fill('#f-tiers-2-qualify-any-0-r', '3000');
  await idle(page);
  await page.waitForFunction(() => /launch the candidate/.test(document.querySelector('#notify-headline')?.textContent ?? ''));

  const [candDownload] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  const candidate = join(tmp, 'candidate.json');
  await candDownload.saveAs(candidate);
  const events = `${samples}/online-retail-events.csv`;
  const base = `${samples}/online-retail-gbp.json`;
  const cliList = (program) => JSON.parse(run(['notify', '--program', program, '--events', events, '--format', 'json']));
  const b = cliList(base);
  const c = cliList(candidate);
  const shown = await counts(page);
  for (const reason of Object.keys(b.counts)) {
    assert.equal(shown[reason].baseline, b.counts[reason], `baseline ${reason}`);
    assert.equal(shown[reason].candidate, c.counts[reason], `candidate ${reason}`);
  }
  assert.ok(c.counts.near_next > 0 && b.counts.near_next > 0, 'someone is near the next tier');
  const headline = await page.textContent('#notify-headline');
  assert.equal(headline, `If you launch the candidate, ${c.counts.upgraded.toLocaleString('en-US')} customer${c.counts.upgraded === 1 ? ' gets' : 's get'} an upgrade email this week (with the current program: ${b.counts.upgraded.toLocaleString('en-US')}).`);
  assert.match(await page.textContent('#notify-note'), new RegExp(`On ${b.as_of}, compared with ${b.since}`));

  // The candidate's near_next list: the CLI's rows of that reason, byte for byte.
  const got = await saveDownload(page, '#notify-table button[data-side="candidate"][data-reason="near_next"]', 'near.csv');
  assert.match(got.suggested, /-notify-near_next-2011-12-09\.csv$/);
  const csv = run(['notify', '--program', candidate, '--events', events]).split('\n');
  const want = [csv[0], ...csv.filter((l) => l.startsWith('near_next,')), ''].join('\n');
  assert.equal(readFileSync(got.file, 'utf8'), want);
  // An empty list cannot be downloaded.
  for (const [reason, n] of Object.entries(shown))
    assert.equal(await page.isDisabled(`#notify-table button[data-side="baseline"][data-reason="${reason}"]`), n.baseline === 0, reason);

  await page.evaluate(() => document.documentElement.classList.add('full-render'));
  await page.locator('#notify').scrollIntoViewIfNeeded();
  await page.locator('#notify').screenshot({ path: `${shots}/simulator-notify.png` });
  assert.deepEqual(errors, []);
  await context.close();
});
