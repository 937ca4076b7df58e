// Drag benchmark of the simulator in Chromium (issue 20; report in docs/performance.md).
//
//   node web/simulator/test/bench-drag.mjs EVENTS.csv [PROGRAM.json] [SLIDER_SELECTOR] [SECONDS]
//
// Loads the program and events through the page's file picker, then drags the
// threshold slider with the mouse, back and forth, for SECONDS (default 5),
// one mouse move per 16 ms, and records in the page:
//  - every frame's interval (requestAnimationFrame timestamps),
//  - every main-thread task over 50 ms (PerformanceObserver "longtask"),
//  - the results drawn (window.__simulatorLatency: input → results in the DOM).
// A benchmark, not a test: it prints numbers, it asserts nothing.
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { serve } from '../server.mjs';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const [events, program = `${repo}samples/programs/kids-clothing.json`, slider = '#f-tiers-2-qualify-any-0-r', secs = '5'] =
  process.argv.slice(2);
if (!events) {
  console.error('usage: bench-drag.mjs EVENTS.csv [PROGRAM.json] [SLIDER_SELECTOR] [SECONDS]');
  process.exit(2);
}
const server = await serve(`${repo}build/wasm/dist`);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const q = (a, p) => (a.length ? a.slice().sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(p * a.length))] : NaN);
const stats = (a) => `median ${q(a, 0.5).toFixed(1)} / p95 ${q(a, 0.95).toFixed(1)} / max ${Math.max(...a).toFixed(1)} ms (${a.length})`;
try {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${server.url}/simulator/`);
  await page.waitForSelector('body[data-ready="true"]');
  const idle = (timeout = 900000) => page.waitForFunction(() => window.__simulatorIdle?.(), null, { timeout, polling: 50 });
  await page.setInputFiles('#files', program);
  await idle();
  const t = Date.now();
  await page.setInputFiles('#files', events);
  await page.waitForSelector('#import-report, #report .err', { timeout: 900000 });
  const err = await page.$('#report .err');
  if (err) throw new Error(await err.textContent());
  await idle();
  const customers = await page.$eval('.card[data-k="customers"]', (e) => Number(e.dataset.value));
  console.log(`loaded: ${customers.toLocaleString('en-US')} customers in ${((Date.now() - t) / 1000).toFixed(1)} s`);

  const el = page.locator(slider);
  await el.scrollIntoViewIfNeeded();
  const box = await el.boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.3, y);
  await page.mouse.down();
  await page.evaluate(() => {
    window.__bench = { frames: [], long: [] };
    let last = performance.now();
    const tick = (now) => { window.__bench.frames.push(now - last); last = now; if (!window.__bench.stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__bench.long.push(e.duration); })
      .observe({ type: 'longtask', buffered: false });
    window.__simulatorLatency.length = 0;
  });
  const moves = Math.round((Number(secs) * 1000) / 16);
  for (let i = 0; i < moves; i++) {
    const phase = (i % 120) / 120; // 0 → 1 → 0 across 30 % … 70 % of the slider, ~2 s per sweep
    const f = 0.3 + 0.4 * (phase < 0.5 ? phase * 2 : 2 - phase * 2);
    await page.mouse.move(box.x + box.width * f, y);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
  const b = await page.evaluate(() => { window.__bench.stop = true; return window.__bench; });
  await idle();
  const lat = await page.evaluate(() => window.__simulatorLatency.map((s) => s.total));
  console.log(`drag ${secs} s, ${moves} mouse moves:`);
  console.log(`  frame interval   ${stats(b.frames)}`);
  console.log(`  frames > 50 ms   ${b.frames.filter((x) => x > 50).length}`);
  console.log(`  long tasks       ${b.long.length}${b.long.length ? `, max ${Math.max(...b.long).toFixed(0)} ms` : ''}`);
  console.log(`  results drawn    ${lat.length}, input → DOM ${lat.length ? stats(lat) : '—'}`);
} finally {
  await browser.close();
  await server.close();
}
