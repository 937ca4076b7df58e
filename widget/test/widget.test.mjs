// <tierlab-progress> in Debian's Chromium: what shoppers see equals
// `tierlab evaluate`, every state renders (screenshots in
// build/wasm/screenshots/), accessibility, robustness, CSP and the size budget.
// Needs build/wasm/dist (cmake --build --preset wasm) and the native CLI
// (build/native/cli/tierlab, or $TIERLAB_CLI). Languages, right-to-left,
// recovery, layout shift and themes: embed.test.mjs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import AxeBuilder from '@axe-core/playwright';
import { AS_OF, axeViolations, bars, dist, eventsOf, evaluate, leaves, mount, open, programs, shot, shots, text } from './helpers.mjs';

describe('what a shopper sees equals tierlab evaluate', () => {
  const cases = [
    ['kids-clothing.json', 'kids', ['ava', 'ben', 'cara', 'dev', 'eli', 'fay', 'gus']],
    ['vip-segment.json', 'vip', ['ava', 'cara', 'dev', 'gus']],
    ['synerise-pln-guarded.json', 'guarded', ['eli']],
  ];
  for (const [file, key, shoppers] of cases) {
    test(`${file}: tier, percent and remaining amounts for ${shoppers.join(', ')}`, async () => {
      const expected = evaluate(file);
      const program = JSON.parse(programs[key]);
      const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: program.currency });
      const { page, context, errors } = await open();
      for (const id of shoppers) {
        await page.evaluate(() => document.getElementById('stage').replaceChildren());
        const r = await mount(page, { attrs: { 'as-of': AS_OF, locale: 'en-US' }, program: programs[key], events: eventsOf(id) });
        const row = expected[id];
        assert.equal(r.type, 'change', `${id}: ${JSON.stringify(r)}`);
        assert.equal(r.detail.tier, row.tier, `${id}: tier`);
        assert.equal(r.detail.tierIndex, Number(row.tier_index), `${id}: tier index`);
        const shown = await text(page);
        assert.ok(shown.includes(row.tier), `${id}: tier name shown`);
        const overall = (await bars(page)).find((b) => b.part.includes('overall'));
        if (row.next_tier) {
          assert.ok(overall, `${id}: an overall bar`);
          // The CLI rounds to 4 decimals; the bar shows the floor of the exact percent.
          const p = Number(row.progress) * 100;
          assert.ok([Math.floor(p - 0.005), Math.floor(p + 0.005)].includes(overall.now), `${id}: ${overall.now}% vs ${row.progress}`);
          // Every unmet leaf of the next tier shows its remaining amount.
          const next = program.tiers.find((t) => t.name === row.next_tier);
          for (const leaf of leaves(next.qualify)) {
            const m = program.metrics[leaf.metric];
            const isMoney = m.measure.endsWith('_spend');
            const unit = isMoney ? 0.01 : 1;
            const target = leaf.at_least ?? leaf.above + unit;
            const remaining = Math.round((target - Number(row[leaf.metric])) / unit) * unit;
            if (remaining <= 0) continue;
            const want = isMoney ? money.format(remaining) : `${remaining} more`;
            assert.ok(shown.includes(want), `${id}: "${want}" for ${leaf.metric} in: ${shown}`);
          }
        } else {
          assert.equal(overall, undefined, `${id}: top tier has no next bar`);
        }
        await shot(page, `tier-${key}-${id}`);
      }
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
});

describe('states', () => {
  test('cart preview: a cart that crosses a threshold says so and fires tierlab-change', async () => {
    const { page, context, errors } = await open();
    const first = await mount(page, { attrs: { 'as-of': AS_OF }, program: programs.kids, events: eventsOf('cara') });
    assert.equal(first.detail.previewTier, 'Silver');
    const changed = page.evaluate(() => window.nextEvent('tierlab-change'));
    await page.evaluate(() => window.el.setAttribute('cart-total', '70'));
    const d = await changed;
    assert.equal(d.tier, 'Silver');
    assert.equal(d.previewTier, 'Gold');
    const preview = await page.locator('tierlab-progress [part=preview]').textContent();
    assert.match(preview, /This order takes you to Gold\./);
    assert.match(preview, /earns 700 points/);
    await shot(page, 'state-cart-preview');
    // A smaller cart only brings Gold closer.
    await page.evaluate(() => window.el.setAttribute('cart-total', '20.00'));
    await page.waitForFunction(() => /of the way/.test(window.el.shadowRoot.textContent));
    assert.match(await page.locator('tierlab-progress [part=preview]').textContent(), /84% of the way to Gold/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('top tier, retention ("Green until …"), qualify delay and the ladder', async () => {
    const { page, context } = await open();
    await mount(page, { attrs: { 'as-of': AS_OF }, program: programs.kids, events: eventsOf('ava') });
    assert.match(await text(page), /You've reached Gold, our top tier/);
    await shot(page, 'state-top-tier');

    await page.evaluate(() => document.getElementById('stage').replaceChildren());
    await mount(page, { attrs: { 'as-of': AS_OF, locale: 'en-GB' }, program: programs.guarded, events: eventsOf('eli') });
    assert.match(await text(page), /Green until 29 Dec 2026/);
    await shot(page, 'state-retention');

    await page.evaluate(() => document.getElementById('stage').replaceChildren());
    await mount(page, { attrs: { 'as-of': '2025-10-20', locale: 'en-GB' }, program: programs.guarded, events: eventsOf('eli') });
    assert.match(await text(page), /order of 10 Oct 2025 counts toward your tier from 9 Nov 2025/);
    await shot(page, 'state-pending-purchase');

    await page.evaluate(() => document.getElementById('stage').replaceChildren());
    await mount(page, { attrs: { 'as-of': AS_OF, mode: 'ladder' }, program: programs.kids, events: eventsOf('gus') });
    const steps = await page.locator('tierlab-progress [part~=step]').evaluateAll((els) => els.map((e) => e.dataset.state));
    assert.deepEqual(steps, ['reached', 'current', 'next']);
    await shot(page, 'state-ladder');

    await page.evaluate(() => document.getElementById('stage').replaceChildren());
    await mount(page, { attrs: { 'as-of': AS_OF, mode: 'compact' }, program: programs.kids, events: eventsOf('ben') });
    assert.match(await text(page), /Spend \$15\.02 more for Silver/);
    await shot(page, 'state-compact');
    await context.close();
  });

  test('not enrolled: a join button that fires tierlab-join', async () => {
    const { page, context } = await open();
    await mount(page, { attrs: { 'as-of': AS_OF }, program: programs.pln, events: eventsOf('ava') });
    const joined = page.evaluate(() => window.nextEvent('tierlab-join'));
    await page.locator('tierlab-progress [part=join-button]').click();
    assert.match((await joined).program, /Synerise/);
    await shot(page, 'state-not-enrolled');
    await context.close();
  });

  test('metrics from the shop backend, with points balance and a held tier', async () => {
    const { page, context } = await open();
    const r = await mount(page, {
      attrs: { 'as-of': AS_OF },
      program: programs.kids,
      metrics: { values: { spend: '120.50', orders: 4, engagement: 12 }, points_balance: 640 },
    });
    assert.equal(r.detail.tier, 'Silver');
    const shown = await text(page);
    assert.match(shown, /Spend \$179\.51 more/);
    assert.match(shown, /640 points/);
    await shot(page, 'state-metrics');
    await context.close();
  });

  test('no shopper yet: a neutral placeholder of the reserved height, no text', async () => {
    const { page, context } = await open();
    const r = await mount(page, { attrs: { 'program-src': '/storefront/samples/kids-clothing.json' }, quietMs: 800 });
    assert.equal(r.type, 'quiet');
    const box = await page.locator('tierlab-progress').boundingBox();
    assert.equal(box.height, 340); // the documented min-block-size of mode "next"
    assert.equal((await text(page)).trim(), '');
    assert.equal(await page.locator('tierlab-progress [part~=placeholder]').count(), 1);
    await context.close();
  });

  test('a new shopper (no events yet) starts at the floor', async () => {
    const { page, context } = await open();
    const r = await mount(page, { attrs: { 'as-of': AS_OF, 'program-src': '/storefront/samples/kids-clothing.json' }, events: [] });
    assert.equal(r.detail.tier, 'Bronze');
    // Intl.ListFormat: "a, b, or c" (issue #19; it read "a or b or c").
    assert.match(await text(page), /Spend \$100\.01 more, place 6 more orders, or earn 11 more engagement points/);
    await context.close();
  });

  test('theme="auto" follows a dark colour scheme; reduced motion', async () => {
    const { page, context } = await open({ colorScheme: 'dark', reducedMotion: 'reduce' });
    await mount(page, { attrs: { 'as-of': AS_OF, 'cart-total': '30', theme: 'auto' }, program: programs.kids, events: eventsOf('fay') });
    const transition = await page.locator('tierlab-progress [part=fill]').first().evaluate((e) => getComputedStyle(e).transitionDuration);
    assert.equal(transition, '0s');
    const bg = await page.locator('tierlab-progress [part~=card]').evaluate((e) => getComputedStyle(e).backgroundColor);
    assert.equal(bg, 'rgb(23, 27, 35)');
    await shot(page, 'state-dark');
    const results = await new AxeBuilder({ page }).include('tierlab-progress').analyze();
    assert.deepEqual(axeViolations(results), []);
    await context.close();
  });
});

describe('locales and currencies', () => {
  const withCurrency = (code, change = {}) => JSON.stringify({ ...JSON.parse(programs.kids), currency: code, points: undefined, ...change });
  const cases = [
    ['en-US', 'USD', { program: programs.kids, events: eventsOf('cara') }, 65.01],
    ['de-DE', 'EUR', { program: withCurrency('EUR'), events: eventsOf('cara') }, 65.01],
    ['pl-PL', 'PLN', { program: programs.pln, events: eventsOf('eli') }, 650],
    ['ja-JP', 'JPY', {
      program: withCurrency('JPY', {
        tiers: JSON.parse(programs.kids).tiers.map((t) => (t.qualify
          ? { ...t, qualify: { any: [{ metric: 'spend', above: t.name === 'Silver' ? 10000 : 30000 }, { metric: 'orders', at_least: 20 }] } } : t)),
      }),
      metrics: { spend: 12500, orders: 3, engagement: 0 },
    }, 17501],
  ];
  for (const [locale, currency, shopper, remaining] of cases) {
    test(`${locale} / ${currency}: remaining ${remaining} in the shopper's format`, async () => {
      const { page, context, errors } = await open({ locale });
      const r = await mount(page, { attrs: { 'as-of': AS_OF, locale }, ...shopper });
      assert.equal(r.type, 'change', JSON.stringify(r));
      const want = await page.evaluate(([l, c, n]) => new Intl.NumberFormat(l, { style: 'currency', currency: c }).format(n),
        [locale, currency, remaining]);
      assert.ok((await text(page)).includes(want), `${want} in ${await text(page)}`);
      if (currency === 'JPY') assert.ok(!/[.,]\d{2}\b/.test(want), 'no minor digits for JPY');
      await shot(page, `locale-${locale}`);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
});

describe('robustness', () => {
  test('a tier named <img src=x onerror=alert(1)> shows literally', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const program = JSON.parse(programs.kids);
    program.tiers[1].name = evil;
    program.tiers[1].benefits.perks = ['<b>bold</b>'];
    const { page, context, errors } = await open();
    const r = await mount(page, { attrs: { 'as-of': AS_OF }, program, events: eventsOf('cara') });
    assert.equal(r.detail.tier, evil);
    assert.ok((await text(page)).includes(evil));
    assert.equal(await page.locator('tierlab-progress img, tierlab-progress b:text("bold")').count(), 0);
    await page.waitForTimeout(200);
    assert.deepEqual(errors, []);
    await shot(page, 'state-xss');
    await context.close();
  });

  test('a bad program shows the sized placeholder, logs one located console.error and fires tierlab-error', async () => {
    const program = JSON.parse(programs.kids);
    program.tiers[2].qualify.any[0].above = 'lots';
    const { page, context, errors, consoleErrors } = await open();
    const r = await mount(page, { attrs: { 'as-of': AS_OF }, program, events: eventsOf('cara') });
    assert.equal(r.type, 'error');
    assert.match(r.detail.message, /\/tiers\/2\/qualify\/any\/0\/above: expected a number/);
    await page.waitForTimeout(200);
    assert.equal(consoleErrors.length, 1);
    assert.match(consoleErrors[0], /\/tiers\/2\/qualify\/any\/0\/above/);
    assert.equal((await page.locator('tierlab-progress').boundingBox()).height, 340);
    assert.match(await text(page), /Rewards are not available right now\./);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('bad events and bad metrics fire tierlab-error with the place of the fault', async () => {
    const { page, context, errors } = await open();
    let r = await mount(page, { attrs: { 'as-of': AS_OF }, program: programs.kids, events: [{ customer_id: 'x', date: '2025-13-01', type: 'purchase', amount: 5 }] });
    assert.equal(r.type, 'error');
    assert.match(r.detail.message, /\/0\/date/);
    await page.evaluate(() => document.getElementById('stage').replaceChildren());
    r = await mount(page, { attrs: { 'as-of': AS_OF }, program: programs.kids, metrics: { spend: 'ten' } });
    assert.equal(r.type, 'error');
    assert.match(r.detail.message, /metrics\/spend/);
    await page.evaluate(() => document.getElementById('stage').replaceChildren());
    r = await mount(page, { attrs: { 'as-of': AS_OF, 'program-src': '/nope.json' }, events: [] });
    assert.equal(r.type, 'error');
    assert.match(r.detail.message, /HTTP 404/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('works under Content-Security-Policy: script-src \'self\' \'wasm-unsafe-eval\'', async () => {
    const { page, context, errors } = await open({ path: '/fixtures/csp/index.html' });
    const violations = [];
    await page.exposeFunction('cspViolation', (v) => violations.push(v));
    await page.evaluate(() => document.addEventListener('securitypolicyviolation', (e) => window.cspViolation(`${e.violatedDirective} ${e.blockedURI}`)));
    const r = await mount(page, { attrs: { 'as-of': AS_OF }, program: programs.kids, events: eventsOf('gus') });
    assert.equal(r.type, 'change', JSON.stringify(r));
    assert.equal(r.detail.tier, 'Silver');
    await shot(page, 'state-csp');
    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('many instances share one wasm module; removing one frees its content', async () => {
    const { page, context, errors } = await open();
    const wasmLoads = [];
    page.on('request', (req) => req.url().endsWith('.wasm') && wasmLoads.push(req.url()));
    await page.reload();
    for (const id of ['ava', 'ben', 'cara']) await mount(page, { attrs: { 'as-of': AS_OF, mode: 'compact' }, program: programs.kids, events: eventsOf(id) });
    assert.equal(wasmLoads.length, 1);
    const left = await page.evaluate(() => {
      const el = document.querySelector('tierlab-progress');
      el.remove();
      return el.shadowRoot.childNodes.length;
    });
    assert.equal(left, 0);
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('accessibility', () => {
  test('every bar is a progressbar with min, max, now (percent) and a readable valuetext', async () => {
    const { page, context } = await open();
    await mount(page, { attrs: { 'as-of': AS_OF }, program: programs.vip, events: eventsOf('cara') });
    const all = await bars(page);
    assert.ok(all.length >= 4);
    for (const b of all) {
      assert.equal(b.min, '0');
      assert.equal(b.max, '100');
      assert.ok(b.now >= 0 && b.now <= 100);
      assert.match(b.text, /\d+\s?%/);
      assert.ok(b.label);
    }
    await shot(page, 'state-vip-all-any');
    await context.close();
  });

  test('axe-core finds no violations in any state', async () => {
    const { page, context } = await open();
    const states = [
      { program: programs.kids, events: eventsOf('cara'), attrs: { 'cart-total': '70' } },
      { program: programs.kids, events: eventsOf('ava'), attrs: { mode: 'ladder' } },
      { program: programs.kids, events: eventsOf('ben'), attrs: { mode: 'compact' } },
      { program: programs.pln, events: eventsOf('ava'), attrs: {} },
      { program: programs.guarded, events: eventsOf('eli'), attrs: {} },
    ];
    for (const s of states) await mount(page, { ...s, attrs: { 'as-of': AS_OF, ...s.attrs } });
    const results = await new AxeBuilder({ page }).analyze();
    assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), []);
    await context.close();
  });
});

test('the storefront demo: shoppers, cart and widgets', async () => {
  const { page, context, errors } = await open({ path: '/storefront/index.html' });
  await page.setViewportSize({ width: 1200, height: 1300 });
  await page.waitForFunction(() => document.querySelector('#main')?.shadowRoot?.textContent.includes('Silver'));
  await page.click('#add');
  await page.click('#add');
  await page.waitForFunction(() => /takes you to Gold/.test(document.querySelector('#main').shadowRoot.textContent));
  await page.screenshot({ path: `${shots}/storefront.png`, fullPage: true });
  await page.selectOption('#locale', 'de-DE');
  await page.selectOption('#shopper', 'eli');
  await page.selectOption('#program', 'synerise-pln-guarded.json');
  await page.waitForFunction(() => /Green/.test(document.querySelector('#main').shadowRoot.textContent));
  await page.screenshot({ path: `${shots}/storefront-de-pln.png`, fullPage: true });
  const results = await new AxeBuilder({ page }).analyze();
  assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), []);
  assert.deepEqual(errors, []);
  await context.close();
});

// bytes, gzip -9: the widget's JS (with its English words) + lean layer +
// lean module + wasm. The goal is 60,000, the ceiling 72,000 (issues #13 and
// #19): the test fails above the ceiling. With status terms in the lean
// module and the JS minified by terser the payload is 71,539
// (docs/performance.md says where the bytes went).
const BUDGET = 72 * 1000;
const LANGUAGE_BUDGET = 3000; // each other language's locales/<lang>.json, gzipped

test(`size budget: the widget's JS + wasm stay within ${BUDGET} bytes gzipped; each language file within ${LANGUAGE_BUDGET}`, () => {
  const files = ['tierlab-progress.js', 'tierlab-view.js', 'tierlab-words.js', 'tierlab-lean.mjs', 'tierlab-lean-core.mjs', 'tierlab-lean-core.wasm'];
  let total = 0;
  for (const f of files) {
    const raw = readFileSync(`${dist}/${f}`);
    const gzip = spawnSync('gzip', ['-9c', `${dist}/${f}`], { maxBuffer: 1 << 24 });
    const gz = gzip.status === 0 ? gzip.stdout.length : gzipSync(raw, { level: 9 }).length; // as `gzip -9` counts
    console.log(`  ${f}: ${raw.length} bytes, ${gz} gzipped`);
    total += gz;
  }
  console.log(`  total: ${total} bytes gzipped (budget ${BUDGET})`);
  assert.ok(total <= BUDGET, `${total} > ${BUDGET}`);
  for (const lang of ['de', 'fr', 'es', 'it', 'nl', 'pl', 'pt', 'sv', 'ja', 'zh', 'ar', 'he']) {
    const gz = gzipSync(readFileSync(`${dist}/locales/${lang}.json`), { level: 9 }).length;
    console.log(`  locales/${lang}.json: ${gz} gzipped`);
    assert.ok(gz <= LANGUAGE_BUDGET, `locales/${lang}.json: ${gz} > ${LANGUAGE_BUDGET}`);
  }
});
