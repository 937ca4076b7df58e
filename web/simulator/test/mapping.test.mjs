// The simulator's mapping step for files from anywhere (issue 18, mapping.js):
// a German export (semicolons, decimal commas, dd.mm.yyyy) and a file whose
// dates fit both day-first and month-first, in Debian's Chromium. Screenshots:
// build/wasm/screenshots/simulator-mapping-*.png.
// Needs build/wasm/dist/simulator (web/simulator/build.sh).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../server.mjs';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const dist = process.env.TIERLAB_DIST ?? `${repo}build/wasm/dist`;
const shots = process.env.TIERLAB_SCREENSHOTS ?? `${repo}build/wasm/screenshots`;
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

let server;
let browser;
before(async () => {
  assert.ok(existsSync(`${dist}/simulator/index.html`), `no ${dist}/simulator: run web/simulator/build.sh`);
  mkdirSync(shots, { recursive: true });
  server = await serve(dist);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-US' });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/simulator/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  await idle(page);
  return { context, page, errors };
}
async function idle(page) {
  await page.waitForFunction(() => window.__simulatorIdle?.(), null, { timeout: 60000, polling: 50 });
}
async function shot(page, name) {
  await page.locator('#mapping').screenshot({ path: `${shots}/simulator-mapping-${name}.png` });
}
const columns = (page) => page.$$eval('#mapping-preview th:not(.read)', (th) => th.map((x) => x.textContent));
const readAs = (page) => page.$$eval('#mapping-preview tbody tr', (rows) => rows.map((r) =>
  [...r.querySelectorAll('td.read')].map((td) => td.textContent)));
const chosen = (page) => page.$$eval('#mapping select', (s) => Object.fromEntries(s.map((x) => [x.name, x.value])));

test('a German export: semicolons, decimal commas and dd.mm.yyyy worked out, shown, changeable, imported', async () => {
  const { context, page, errors } = await open();
  await page.setInputFiles('#files', `${fixtures}german-shop.csv`);
  await page.waitForSelector('#mapping:not([hidden])');
  await idle(page);
  // Split at the semicolon the header uses; the columns guessed from their German names.
  assert.deepEqual(await columns(page), ['Kunde', 'Datum', 'Bestellung', 'Betrag']);
  assert.deepEqual(await chosen(page), { customer: 'Kunde', date: 'Datum', order: 'Bestellung', amount: 'Betrag', quantity: '', unit_price: '' });
  const explain = await page.textContent('#mapping-explain');
  assert.match(explain, /Columns split at “;” \(the one the header line uses\); amounts with a decimal comma; dates day first\./);
  assert.match(explain, /Dates read day-first: 15\.01\.2025 on line 4 has no month 15\./);
  // Each preview row as the import will read it (hand-worked: 03.12.2024 is 3 December; 1.234,50 is 1234.50).
  assert.deepEqual((await readAs(page)).slice(0, 3), [['2024-12-03', '12.50'], ['2024-12-03', '1234.50'], ['2025-01-15', '7.00']]);
  await shot(page, 'german');
  // A choice re-reads the preview at once: commas split nothing here.
  await page.check('input[name="format-delimiter"][value=","]');
  await page.waitForFunction(() => document.querySelectorAll('#mapping-preview th:not(.read)').length === 1);
  assert.deepEqual(await columns(page), ['Kunde;Datum;Bestellung;Betrag']);
  await page.check('input[name="format-delimiter"][value=""]');
  await page.waitForFunction(() => document.querySelectorAll('#mapping-preview th:not(.read)').length === 4);
  await idle(page);
  assert.deepEqual(await chosen(page), { customer: 'Kunde', date: 'Datum', order: 'Bestellung', amount: 'Betrag', quantity: '', unit_price: '' });
  await page.click('#mapping button[type="submit"]');
  await page.waitForSelector('#import-report');
  await idle(page);
  const report = await page.$$eval('#import-report dd', (dd) => Object.fromEntries(dd.map((d) => [d.dataset.k, d.textContent])));
  // 5 rows: K-001's two lines are one order; one return.
  assert.deepEqual(report, { rows_read: '5', rows_used: '5', duplicates: '0', skipped: '0' });
  assert.match(await page.textContent('#report'), /3 customers · 4 events · 2024-12-03 … 2025-02-05/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('dates that fit both orders: the step says so in words and imports once the order is chosen', async () => {
  const { context, page, errors } = await open();
  await page.setInputFiles('#files', `${fixtures}ambiguous-dates.csv`);
  await page.waitForSelector('#mapping:not([hidden])');
  await page.waitForSelector('#mapping-explain .problem');
  assert.match(await page.textContent('#mapping-explain .problem'),
    /^Choose the date order above: line 2: the dates fit both day-first and month-first \(03\/12\/2024 could be 3 December or 12 March\) and none in the file has a day above 12 to tell\.$/);
  await shot(page, 'ambiguous');
  await page.check('input[name="format-dateOrder"][value="dmy"]');
  await page.waitForFunction(() => !document.querySelector('#mapping-explain .problem'));
  assert.deepEqual((await readAs(page)).map((r) => r[0]), ['2024-12-03', '2024-11-04', '2025-02-01']);
  await page.check('input[name="format-dateOrder"][value="mdy"]');
  await page.waitForFunction(() => document.querySelector('#mapping-preview td.read')?.textContent === '2024-03-12');
  await page.check('input[name="format-dateOrder"][value="dmy"]');
  await page.waitForFunction(() => document.querySelector('#mapping-preview td.read')?.textContent === '2024-12-03');
  await shot(page, 'ambiguous-chosen');
  await page.click('#mapping button[type="submit"]');
  await page.waitForSelector('#import-report');
  await idle(page);
  const report = await page.$$eval('#import-report dd', (dd) => Object.fromEntries(dd.map((d) => [d.dataset.k, d.textContent])));
  assert.deepEqual(report, { rows_read: '3', rows_used: '3', duplicates: '0', skipped: '0' });
  assert.match(await page.textContent('#report'), /2 customers · 3 events · 2024-11-04 … 2025-02-01/);
  assert.deepEqual(errors, []);
  await context.close();
});
