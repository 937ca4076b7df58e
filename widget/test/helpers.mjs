// Shared set-up of the widget's Chromium tests: the dist/ server, Debian's
// Chromium, a harness page per test, and the sample programs and events.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';
import { launch } from './browser.mjs';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
export const dist = process.env.TIERLAB_DIST ?? `${repo}build/wasm/dist`;
export const shots = process.env.TIERLAB_SCREENSHOTS ?? `${repo}build/wasm/screenshots`;
export const cli = process.env.TIERLAB_CLI ?? `${repo}build/native/cli/tierlab`;
export const AS_OF = '2025-12-30';

export const sample = (p) => readFileSync(`${repo}samples/${p}`, 'utf8');
export const programs = {
  kids: sample('programs/kids-clothing.json'),
  vip: sample('programs/vip-segment.json'),
  guarded: sample('programs/synerise-pln-guarded.json'),
  pln: sample('programs/synerise-pln.json'),
};
const allEvents = JSON.parse(sample('events/small.json'));
export const eventsOf = (id) => allEvents.filter((e) => e.customer_id === id);

// `tierlab evaluate --format csv` as {customer_id: {tier, progress, metrics...}}
export function evaluate(programFile, asOf = AS_OF) {
  const out = execFileSync(cli, ['evaluate', '--program', `${repo}samples/programs/${programFile}`,
    '--events', `${repo}samples/events/small.csv`, '--as-of', asOf], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const [head, ...rows] = out.trim().split('\n').map((l) => l.split(','));
  return Object.fromEntries(rows.map((r) => [r[0], Object.fromEntries(head.map((h, i) => [h, r[i]]))]));
}

// Leaves of a condition (spec §3 JSON), depth first.
export const leaves = (c) => (c.any || c.all ? (c.any ?? c.all).flatMap(leaves) : [c]);

let server;
let browser;
before(async () => {
  assert.ok(existsSync(`${dist}/tierlab-progress.js`), `no ${dist}: run cmake --build --preset wasm`);
  assert.ok(existsSync(cli), `no native CLI at ${cli}: run cmake --build --preset native`);
  mkdirSync(shots, { recursive: true });
  server = await startServer(dist);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

// A fresh context and page on the harness; collects page errors, console
// errors and the widget's tierlab-warning events (window.warnings).
export async function open({ path = '/fixtures/harness.html', colorScheme = 'light', reducedMotion = 'no-preference', locale = 'en-US', viewport = { width: 620, height: 1000 } } = {}) {
  const context = await browser.newContext({ viewport, colorScheme, reducedMotion, locale });
  const page = await context.newPage();
  const errors = [];
  const consoleErrors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && !/favicon|404/.test(m.text()) && consoleErrors.push(m.text()));
  page.on('dialog', (d) => { errors.push(`dialog: ${d.message()}`); d.dismiss(); });
  await page.goto(server.url + path);
  if (colorScheme === 'dark') await page.evaluate(() => document.body.classList.add('dark'));
  return { page, context, errors, consoleErrors };
}

export const mount = (page, config) => page.evaluate((c) => window.mount(c), config);
export const clear = (page) => page.evaluate(() => document.getElementById('stage').replaceChildren());
export const shot = (page, name) => page.locator('tierlab-progress').first().screenshot({ path: `${shots}/${name}.png` });
export const text = (page) => page.locator('tierlab-progress').first().evaluate((el) => el.shadowRoot.textContent);
export const bars = (page) => page.locator('tierlab-progress [role=progressbar]').evaluateAll((els) => els.map((e) => ({
  now: Number(e.getAttribute('aria-valuenow')), min: e.getAttribute('aria-valuemin'), max: e.getAttribute('aria-valuemax'),
  text: e.getAttribute('aria-valuetext'), label: e.getAttribute('aria-label'), part: e.getAttribute('part'),
})));
export const axeViolations = (results) => results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`);
