// Slider-to-render latency of the simulator in Chromium (docs/simulator.md).
//
//   node web/simulator/test/measure-latency.mjs EVENTS.csv [PROGRAM.json] [SLIDER_ID]
//
// Loads the program and the events through the page's own file picker, then
//  1. "step": presses → on the threshold slider 30 times, waiting each time
//     until every result (movers, sweep, replay) is drawn, and
//  2. "drag": presses → 120 times 16 ms apart, as a drag sends input events,
// and prints, per mode, the time from the input event to the results being in
// the DOM (render), to the next animation frame (frame), and the core's share.
// Not part of the test suite (it needs a generated file; see docs/simulator.md).
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { serve } from '../server.mjs';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const [events, program = `${repo}samples/programs/kids-clothing.json`, slider = '#f-tiers-2-qualify-any-0-r'] = process.argv.slice(2);
if (!events) {
  console.error('usage: measure-latency.mjs EVENTS.csv [PROGRAM.json] [SLIDER_SELECTOR]');
  process.exit(2);
}
const server = await serve(`${repo}build/wasm/dist`);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${server.url}/simulator/`);
  await page.waitForSelector('body[data-ready="true"]');
  const idle = (timeout = 600000) => page.waitForFunction(() => window.__simulatorIdle?.(), null, { timeout, polling: 20 });
  await page.setInputFiles('#files', program);
  await idle();
  const t = Date.now();
  await page.setInputFiles('#files', events);
  await page.waitForSelector('#import-report, #report .err', { timeout: 900000 });
  const err = await page.$('#report .err');
  if (err) throw new Error(await err.textContent());
  await idle();
  const customers = await page.$eval('.card[data-k="customers"]', (e) => Number(e.dataset.value));
  console.log(`loaded ${events}: ${customers.toLocaleString('en-US')} customers, ${((Date.now() - t) / 1000).toFixed(1)} s (read + import + first results)`);
  console.log(await page.$eval('#import-report', (e) => e.textContent.replace(/\s+/g, ' ').trim()));

  const q = (a, p) => a.slice().sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(p * a.length))];
  const summary = (name, samples) => {
    const f = (k) => { const v = samples.map((s) => s[k]); return `median ${q(v, 0.5).toFixed(1)} / p95 ${q(v, 0.95).toFixed(1)} / max ${Math.max(...v).toFixed(1)} ms`; };
    console.log(`${name} (${samples.length} updates):\n  input→results in the DOM ${f('total')}\n  input→next frame ${f('frame')}\n` +
      `  parts: to worker ${f('toWorker')} · core ${f('worker')} · back ${f('back')} · drawing ${f('render')}`);
  };
  const el = page.locator(slider);
  await el.focus();
  // Warm-up: the first move builds the metric tables.
  await page.keyboard.press('ArrowRight');
  await idle();
  await page.evaluate(() => { window.__simulatorLatency.length = 0; });
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
    await idle();
  }
  summary('step', await page.evaluate(() => window.__simulatorLatency.slice()));
  await page.evaluate(() => { window.__simulatorLatency.length = 0; });
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press(i % 40 < 20 ? 'ArrowRight' : 'ArrowLeft');
    await page.waitForTimeout(16);
  }
  await idle();
  summary('drag', await page.evaluate(() => window.__simulatorLatency.slice()));
} finally {
  await browser.close();
  await server.close();
}
