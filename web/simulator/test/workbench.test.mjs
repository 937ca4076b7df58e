// Issue 20 in Chromium: the page on phones (360/390 px: no horizontal scroll,
// Load reachable, chart text ≥ 11 px, axe clean), a JSON error on a long line
// that does not widen the page, focusable scroll areas, a focus ring ≥ 3:1,
// PageUp/PageDown, typed values beyond the slider, undo/redo, ticks that never
// repeat, and screenshots at 390, 1024 and 1440 px
// (build/wasm/screenshots/simulator-bench-*.png).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';
import { serve } from '../server.mjs';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const dist = process.env.TIERLAB_DIST ?? `${repo}build/wasm/dist`;
const shots = process.env.TIERLAB_SCREENSHOTS ?? `${repo}build/wasm/screenshots`;
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run'];

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

async function open({ width = 1440, height = 1000, isMobile = false } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, isMobile, hasTouch: isMobile, locale: 'en-US' });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/simulator/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  await idle(page);
  return { context, page, errors };
}
async function idle(page, timeout = 60000) {
  await page.waitForFunction(() => window.__simulatorIdle?.(), null, { timeout, polling: 50 });
}
async function loadSample(page, id) {
  await page.selectOption('#sample', id);
  await page.click('#load-sample');
  await page.waitForSelector('#import-report', { timeout: 120000 });
  await idle(page);
}
async function shot(page, name) {
  await page.evaluate(() => { document.documentElement.classList.add('full-render'); window.scrollTo(0, 0); });
  await page.screenshot({ path: `${shots}/simulator-bench-${name}.png`, fullPage: true });
  await page.evaluate(() => document.documentElement.classList.remove('full-render'));
}
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
const candidate = async (page) => JSON.parse(await page.inputValue('#json'));
async function axe(page, what) {
  const result = await new AxeBuilder({ page }).analyze();
  const v = result.violations.map((x) => `${x.id}: ${x.help} (${x.nodes.length}) ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  assert.deepEqual(v, [], `${what}: ${v.join('\n')}`);
}
/** WCAG contrast of two 'rgb(r, g, b)' colours. */
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

for (const width of [360, 390]) {
  test(`phone ${width} px: no horizontal scroll, Load reachable, chart text ≥ 11 px, axe clean`, async () => {
    const { context, page, errors } = await open({ width, height: 844, isMobile: true });
    assert.ok(await overflow(page) <= 0, `page wider than ${width} px before loading`);
    const load = await page.locator('#load-sample').boundingBox();
    assert.ok(load.x >= 0 && load.x + load.width <= width, `Load button at ${load.x}…${load.x + load.width}`);
    const brand = await page.locator('.brand h1').boundingBox();
    assert.ok(brand.x >= 0, 'left edge not cut');
    await loadSample(page, 'online-retail');
    assert.ok(await overflow(page) <= 0, `horizontal overflow of ${await overflow(page)} px with results`);
    // Every chart's smallest text, as drawn: font size × (drawn width ÷ viewBox width).
    const smallest = await page.evaluate(() => {
      document.documentElement.classList.add('full-render');
      let min = Infinity, where = '';
      for (const svg of document.querySelectorAll('.chart svg')) {
        const box = svg.getBoundingClientRect();
        if (!box.width) continue;
        const scale = box.width / svg.viewBox.baseVal.width;
        for (const t of svg.querySelectorAll('text')) {
          const px = parseFloat(getComputedStyle(t).fontSize) * scale;
          if (px < min) { min = px; where = `#${svg.parentElement.id} (drawn ${svg.viewBox.baseVal.width} wide in ${box.width.toFixed(0)} px)`; }
        }
      }
      document.documentElement.classList.remove('full-render');
      return { min, where };
    });
    assert.ok(smallest.min >= 10.99, `chart text ${smallest.min.toFixed(1)} px in ${smallest.where}`);
    await axe(page, `results at ${width} px`);
    if (width === 390) await shot(page, '390');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('1024 and 1440 px: screenshots; axe clean at 1440; the tier table is a focusable, labelled scroll area', async () => {
  for (const width of [1024, 1440]) {
    const { context, page, errors } = await open({ width, height: 900 });
    await loadSample(page, 'online-retail');
    assert.ok(await overflow(page) <= 0);
    const wrap = page.locator('.table-wrap:has(#tier-table)');
    assert.equal(await wrap.getAttribute('tabindex'), '0');
    assert.equal(await wrap.getAttribute('role'), 'region');
    assert.match(await wrap.getAttribute('aria-label'), /tier/i);
    if (width === 1440) await axe(page, 'results at 1440 px');
    await shot(page, String(width));
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('a JSON error on a 3,000-character line does not widen the page', async () => {
  const { context, page } = await open({ width: 1440 });
  const text = await page.inputValue('#json');
  await page.fill('#json', text.replace('"name": "', `"name": "${'x'.repeat(3000)}", "oops" `));
  await page.waitForSelector('#json-error');
  assert.ok(await overflow(page) <= 0, `page ${await overflow(page)} px too wide`);
  await context.close();
  const phone = await open({ width: 390, height: 844, isMobile: true });
  const t2 = await phone.page.inputValue('#json');
  await phone.page.fill('#json', t2.replace('"name": "', `"name": "${'x'.repeat(3000)}", "oops" `));
  await phone.page.waitForSelector('#json-error');
  assert.ok(await overflow(phone.page) <= 0, `phone page ${await overflow(phone.page)} px too wide`);
  await phone.context.close();
});

test('the focus ring has ≥ 3:1 contrast with the white panel it sits on', async () => {
  const { context, page } = await open();
  await page.focus('#sample');
  await page.keyboard.press('Tab'); // keyboard focus on a button: :focus-visible
  const ring = await page.evaluate(() => {
    if (document.activeElement?.id !== 'load-sample') throw new Error(`focus on ${document.activeElement?.id}`);
    const s = getComputedStyle(document.activeElement);
    return { color: s.outlineColor, width: parseFloat(s.outlineWidth), style: s.outlineStyle };
  });
  assert.equal(ring.style, 'solid');
  assert.ok(ring.width >= 2, `outline ${ring.width} px`);
  const c = contrast(ring.color, 'rgb(255, 255, 255)');
  assert.ok(c >= 3, `focus ring ${ring.color}: ${c.toFixed(2)}:1`);
  await context.close();
});

test('PageUp/PageDown move a threshold by a tenth of its slider; a typed value beyond the slider is taken', async () => {
  const { context, page } = await open();
  // Gold ≥ 3,500 on spend_365d: slider 0 … 10,000 (sliderRange), a page = 1,000.
  const slider = '#f-tiers-2-qualify-any-0-r';
  assert.equal(await page.getAttribute(slider, 'max'), '10000');
  await page.focus(slider);
  await page.keyboard.press('PageDown');
  await idle(page);
  assert.equal(await page.inputValue('#f-tiers-2-qualify-any-0-n'), '2500');
  assert.equal((await candidate(page)).tiers[2].qualify.any[0].at_least, 2500);
  await page.keyboard.press('PageUp');
  await page.keyboard.press('PageUp');
  await idle(page);
  assert.equal((await candidate(page)).tiers[2].qualify.any[0].at_least, 4500);
  // Typed: far above the slider, and with a fraction of a penny (rounded to the currency's 2 digits).
  await page.fill('#f-tiers-2-qualify-any-0-n', '98765.4321');
  await idle(page);
  assert.equal(await page.getAttribute('#f-tiers-2-qualify-any-0-n', 'aria-invalid'), null);
  assert.equal((await candidate(page)).tiers[2].qualify.any[0].at_least, 98765.43);
  assert.ok(Number(await page.getAttribute(slider, 'max')) >= 98765.43, 'slider range grew');
  assert.equal(await page.evaluate(() => document.querySelector('#f-tiers-2-qualify-any-0-n').checkValidity()), true);
  await context.close();
});

test('undo/redo: slider, name and a removed tier, by keyboard and buttons', async () => {
  const { context, page, errors } = await open();
  assert.equal(await page.isDisabled('#undo'), true);
  assert.equal(await page.isDisabled('#redo'), true);
  await page.fill('#f-tiers-2-qualify-any-0-n', '3000');
  await idle(page);
  await page.fill('#t1-name', 'Argent');
  await idle(page);
  await page.click('[data-remove="3"]');
  await idle(page);
  let c = await candidate(page);
  assert.deepEqual(c.tiers.map((t) => t.name), ['White', 'Argent', 'Gold']);
  assert.equal(c.tiers[2].qualify.any[0].at_least, 3000);

  await page.click('#undo'); // the removed tier comes back
  await idle(page);
  c = await candidate(page);
  assert.deepEqual(c.tiers.map((t) => t.name), ['White', 'Argent', 'Gold', 'Platinum']);
  await page.locator('#results-h').click(); // keyboard shortcuts from outside the JSON editor
  await page.keyboard.press('Control+z'); // the name
  await idle(page);
  c = await candidate(page);
  assert.deepEqual(c.tiers.map((t) => t.name), ['White', 'Silver', 'Gold', 'Platinum']);
  assert.equal(await page.inputValue('#t1-name'), 'Silver', 'the form follows');
  await page.keyboard.press('Control+z'); // the threshold
  await idle(page);
  assert.equal((await candidate(page)).tiers[2].qualify.any[0].at_least, 3500);
  assert.equal(await page.inputValue('#f-tiers-2-qualify-any-0-n'), '3500');
  assert.equal(await page.isDisabled('#undo'), true, 'back at the start');
  await page.keyboard.press('Control+Shift+Z');
  await idle(page);
  assert.equal((await candidate(page)).tiers[2].qualify.any[0].at_least, 3000);
  await page.click('#redo');
  await idle(page);
  assert.equal((await candidate(page)).tiers[1].name, 'Argent');
  // A new edit drops what could be redone.
  await page.fill('#f-tiers-1-qualify-any-0-n', '900');
  await idle(page);
  assert.equal(await page.isDisabled('#redo'), true);
  // Reset is one undoable step too.
  await page.click('#reset');
  await idle(page);
  assert.equal((await candidate(page)).tiers[1].qualify.any[0].at_least, 850);
  await page.click('#undo');
  await idle(page);
  assert.equal((await candidate(page)).tiers[1].qualify.any[0].at_least, 900);
  assert.match(await page.textContent('#json-status'), /Valid program/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('axis ticks never repeat a label, even for 7 customers (sweep and replay)', async () => {
  const { context, page } = await open();
  await loadSample(page, 'small');
  await page.waitForSelector('#sweep-chart svg');
  await page.waitForSelector('#replay-chart svg');
  for (const id of ['sweep-chart', 'replay-chart']) {
    const ticks = await page.$$eval(`#${id} text.tick`, (els) => els.map((e) => ({ x: e.getAttribute('x'), a: e.getAttribute('text-anchor'), t: e.textContent })));
    // y ticks are right-aligned ("end"), x ticks centred ("middle").
    for (const anchor of ['end', 'middle']) {
      const labels = ticks.filter((k) => k.a === anchor).map((k) => k.t);
      assert.equal(new Set(labels).size, labels.length, `${id} ${anchor === 'end' ? 'y' : 'x'} ticks: ${labels.join(' ')}`);
    }
  }
  await context.close();
});
