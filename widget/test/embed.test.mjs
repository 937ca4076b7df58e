// <tierlab-progress> as a shop owner embeds it (issue #19): its own languages
// with no missing word, right-to-left, recovery instead of a blank box, no
// layout shift on the demo shop, themes, the one-line compact mode and what
// peers show (guest view, ways to earn, cart shortfall, redeem, status terms).
// Screenshots in build/wasm/screenshots/ (lang-*, rtl-*, recover-*, compact-*,
// guest-*, status-*).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { AS_OF, axeViolations, clear, eventsOf, mount, open, programs, repo, shot, shots, text } from './helpers.mjs';

const LANGS = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pl', 'pt', 'sv', 'ja', 'zh', 'ar', 'he'];
const statusFixture = JSON.parse(readFileSync(`${repo}widget/test/fixtures/status-view.json`, 'utf8'));
const warnings = (page) => page.evaluate(() => window.warnings);
const shadowText = (page, sel) => page.locator(sel).evaluate((el) => el.shadowRoot.textContent);

describe('languages', () => {
  test('every language file has every English key and every plural form Chromium asks for', async () => {
    const { page, context } = await open();
    const problems = await page.evaluate(async (langs) => {
      const { messages } = await import('/tierlab-progress.js');
      const out = [];
      for (const lang of langs.filter((l) => l !== 'en')) {
        const table = await (await fetch(`/locales/${lang}.json`)).json();
        const cats = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
        for (const k of Object.keys(messages)) if (!(k in table)) out.push(`${lang}: no "${k}"`);
        for (const k of Object.keys(table)) if (!(k in messages)) out.push(`${lang}: unknown "${k}"`);
        for (const [k, v] of Object.entries(table)) {
          if (typeof v === 'object') for (const c of cats) if (!(c in v)) out.push(`${lang}: "${k}" has no "${c}" form`);
          const holes = (s) => [...String(s).matchAll(/\{(\d)\}/g)].map((m) => m[1]);
          const en = messages[k];
          const enHoles = new Set(holes(typeof en === 'object' ? en.other : en));
          for (const form of typeof v === 'object' ? Object.values(v) : [v]) {
            for (const h of holes(form)) if (!enHoles.has(h)) out.push(`${lang}: "${k}" uses {${h}}, English has no such value`);
          }
        }
      }
      return out;
    }, LANGS);
    assert.deepEqual(problems, []);
    await context.close();
  });

  // The states that use most words, in every language: no warning of a
  // missing word (the widget reports any fallback), no key or {n} shown.
  for (const lang of LANGS) {
    test(`${lang}: every state renders in ${lang} without a missing word`, async () => {
      const { page, context, errors } = await open();
      const keys = await page.evaluate(async () => Object.keys((await import('/tierlab-progress.js')).messages));
      const states = [
        { name: 'next', program: programs.kids, events: eventsOf('cara'), attrs: { 'cart-total': '20' } },
        { name: 'upgrade', program: programs.kids, events: eventsOf('cara'), attrs: { 'cart-total': '70' } },
        { name: 'retention', program: programs.guarded, events: eventsOf('eli'), attrs: {} },
        { name: 'pending', program: programs.guarded, events: eventsOf('eli'), attrs: { 'as-of': '2025-10-20' } },
        { name: 'guest', program: kidsWithMultiplier(), attrs: { guest: '' } },
        { name: 'not-enrolled', program: programs.pln, events: eventsOf('ava'), attrs: {} },
        { name: 'ladder', program: programs.kids, events: eventsOf('gus'), attrs: { mode: 'ladder' } },
        { name: 'compact', program: programs.kids, events: eventsOf('ben'), attrs: { mode: 'compact' } },
        { name: 'top', program: programs.kids, events: eventsOf('ava'), attrs: {} },
        { name: 'status', program: statusFixture.program, view: statusFixture.view, attrs: {} },
      ];
      for (const s of states) {
        await clear(page);
        const r = await page.evaluate(({ s, lang, asOf }) => window.mount({ ...s, attrs: { 'as-of': asOf, locale: lang, ...s.attrs } }), { s, lang, asOf: AS_OF });
        assert.equal(r.type, 'change', `${lang} ${s.name}: ${JSON.stringify(r)}`);
        const shown = await text(page);
        assert.ok(shown.trim().length > 20, `${lang} ${s.name}: blank`);
        assert.doesNotMatch(shown, /\{\d\}|undefined|NaN|\[object/, `${lang} ${s.name}: ${shown}`);
        if (lang !== 'en') {
          for (const k of keys.filter((k) => /[A-Z_]/.test(k))) assert.ok(!shown.includes(k), `${lang} ${s.name}: key "${k}" shown: ${shown}`);
        }
        if (s.name === 'next' || s.name === 'guest') await shot(page, `lang-${lang}-${s.name}`);
      }
      assert.deepEqual((await warnings(page)).filter((w) => w.missing), [], `${lang}: words missing`);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }

  test('locale fallback: en_US, de-AT, an unknown locale, then the page language', async () => {
    const { page, context } = await open();
    const show = async (locale, lang) => {
      await clear(page);
      if (lang) await page.evaluate((l) => { document.documentElement.lang = l; }, lang);
      const r = await mount(page, { attrs: { 'as-of': AS_OF, locale }, program: programs.kids, events: eventsOf('cara') });
      assert.equal(r.type, 'change', `${locale}: ${JSON.stringify(r)}`);
      return text(page);
    };
    assert.match(await show('en_US'), /To reach Gold: Spend \$65\.01 more/);
    assert.match(await show('de-AT'), /Für Gold: Noch (\$\s?65,01|65,01\s\$) einkaufen/);
    assert.match(await show('zz-not a locale!'), /To reach Gold/); // the page's en-US
    assert.ok((await warnings(page)).some((w) => /locale "zz-not a locale!"/.test(w.message)));
    assert.match(await show('tlh', 'fr-FR'), /Pour atteindre Gold : Dépensez encore 65,01\s\$US/);
    assert.match(await show('pt_BR.UTF-8'), /Para chegar a Gold: Gaste mais US\$\s65,01/);
    await context.close();
  });
});

test('el.messages overrides any word: a template, plural forms, a function, the list word', async () => {
  const { page, context, errors } = await open();
  await page.evaluate(([program, events, asOf]) => new Promise((resolve) => {
    const el = document.createElement('tierlab-progress');
    el.setAttribute('as-of', asOf);
    el.addEventListener('tierlab-change', resolve, { once: true });
    document.getElementById('stage').append(el);
    el.program = program;
    el.messages = {
      yourTier: 'Dein Level',
      spend: (money) => `noch ${money} shoppen`,
      points: { one: '{0} Taler', other: '{0} Taler' },
      or: 'oder',
      events: (n, kind) => `${n}× ${kind}`,
    };
    el.events = events;
  }), [programs.kids, eventsOf('cara'), AS_OF]);
  const shown = await text(page);
  assert.match(shown, /Dein Level/);
  assert.match(shown, /To reach Gold: Noch \$65\.01 shoppen oder place 13 more orders oder earn 21 more engagement points\./);
  assert.match(shown, /2,450 Taler/);
  assert.deepEqual(errors, []);
  await context.close();
});

describe('right to left', () => {
  for (const lang of ['ar', 'he']) {
    test(`${lang}: dir from the page, values isolated, logical CSS only`, async () => {
      const { page, context, errors } = await open();
      await page.evaluate((l) => { document.documentElement.lang = l; document.documentElement.dir = 'rtl'; }, lang);
      const r = await mount(page, { attrs: { 'as-of': AS_OF, 'cart-total': '20' }, program: programs.kids, events: eventsOf('cara') });
      assert.equal(r.type, 'change');
      const card = page.locator('tierlab-progress [part~=card]');
      assert.equal(await card.evaluate((e) => getComputedStyle(e).direction), 'rtl');
      assert.equal(await card.getAttribute('lang'), lang);
      const bdis = await page.locator('tierlab-progress [part=summary] bdi').allTextContents();
      assert.ok(bdis.some((b) => b.includes('65.01') || b.includes('٦٥٫٠١')), `money isolated: ${bdis}`);
      const css = await page.locator('tierlab-progress').evaluate((el) => [...el.shadowRoot.adoptedStyleSheets[0].cssRules].map((r) => r.cssText).join('\n'));
      assert.doesNotMatch(css, /\b(left|right)\b/, 'physical left/right in the widget CSS');
      await shot(page, `rtl-${lang}`);
      await clear(page);
      await mount(page, { attrs: { 'as-of': AS_OF, mode: 'compact' }, program: programs.kids, events: eventsOf('ben') });
      await shot(page, `rtl-${lang}-compact`);
      await clear(page);
      await mount(page, { attrs: { 'as-of': AS_OF, guest: '' }, program: programs.kids });
      await shot(page, `rtl-${lang}-guest`);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }

  test('the element\'s own dir wins over the language', async () => {
    const { page, context } = await open();
    await mount(page, { attrs: { 'as-of': AS_OF, locale: 'ar', dir: 'ltr' }, program: programs.kids, events: eventsOf('cara') });
    assert.equal(await page.locator('tierlab-progress [part~=card]').evaluate((e) => getComputedStyle(e).direction), 'ltr');
    await context.close();
  });
});

describe('never blank on a recoverable problem', () => {
  test('one bad event (amount 99.999) is skipped and counted; the rest is shown', async () => {
    const { page, context, errors } = await open();
    const events = [...eventsOf('cara'), { customer_id: 'cara', date: '2025-12-01', type: 'purchase', amount: '99.999' }];
    const seen = page.evaluate(() => new Promise((resolve) => {
      const got = {};
      document.addEventListener('tierlab-error', (e) => { got.error = e.detail; });
      document.addEventListener('tierlab-change', (e) => { got.change = { tier: e.detail.tier }; resolve(got); });
    }));
    await mount(page, { attrs: { 'as-of': AS_OF }, program: programs.kids, events });
    const got = await seen;
    assert.equal(got.error.skipped, 1);
    assert.match(got.error.message, /1 bad event skipped/);
    assert.match(got.error.reason, /\/\d+\/amount/);
    assert.equal(got.change.tier, 'Silver'); // cara's tier without the bad event
    assert.match(await text(page), /Spend \$65\.01 more/);
    await shot(page, 'recover-bad-event');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('metrics that leave one out count it as 0 and warn', async () => {
    const { page, context } = await open();
    const r = await mount(page, { attrs: { 'as-of': AS_OF }, program: programs.kids, metrics: { spend: '120.50', orders: 4 } });
    assert.equal(r.type, 'change');
    assert.equal(r.detail.tier, 'Silver');
    const w = await warnings(page);
    assert.deepEqual(w.map((x) => x.missing).filter(Boolean), [['engagement']]);
    assert.match(await text(page), /earn 31 more engagement points/);
    await shot(page, 'recover-missing-metric');
    await context.close();
  });

  for (const mode of ['next', 'compact', 'ladder']) {
    test(`a program that 404s (${mode}): the neutral placeholder at the reserved height`, async () => {
      const { page, context } = await open();
      const r = await mount(page, { attrs: { 'as-of': AS_OF, 'program-src': '/nope.json', mode }, events: [] });
      assert.equal(r.type, 'error');
      assert.match(r.detail.message, /HTTP 404/);
      const box = await page.locator('tierlab-progress').boundingBox();
      assert.equal(box.height, { next: 340, compact: 60, ladder: 400 }[mode]);
      assert.match(await text(page), /Rewards are not available right now/);
      await shot(page, `recover-404-${mode}`);
      await context.close();
    });
  }
});

test('no layout shift on the demo shop: CLS ≤ 0.01 (PerformanceObserver)', async () => {
  const { page, context, errors } = await open({ path: '/fixtures/harness.html', viewport: { width: 1200, height: 1300 } });
  await page.addInitScript(() => {
    window.cls = 0;
    window.shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.hadRecentInput) continue;
        window.cls += e.value;
        window.shifts.push({ value: e.value, t: Math.round(e.startTime), nodes: e.sources?.map((s) => `${s.node?.id || s.node?.nodeName} ${Math.round(s.previousRect.y)}+${Math.round(s.previousRect.height)} -> ${Math.round(s.currentRect.y)}+${Math.round(s.currentRect.height)}`) });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(page.url().replace('/fixtures/harness.html', '/storefront/index.html'));
  await page.waitForFunction(() => /Silver/.test(document.querySelector('#main')?.shadowRoot?.textContent ?? ''));
  await page.waitForFunction(() => /Bronze/.test(document.querySelector('#ladder')?.shadowRoot?.textContent ?? ''));
  await page.waitForTimeout(1000);
  const { cls, shifts } = await page.evaluate(() => ({ cls: window.cls, shifts: window.shifts }));
  console.log(`  demo CLS: ${cls.toFixed(4)} ${JSON.stringify(shifts)}`);
  assert.ok(cls <= 0.01, `CLS ${cls}: ${JSON.stringify(shifts)}`);
  await page.screenshot({ path: `${shots}/storefront-loaded.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

describe('themes and modes', () => {
  test('theme: light by default even for dark-mode shoppers; dark; auto follows the scheme', async () => {
    const { page, context } = await open({ colorScheme: 'dark' });
    const bg = async (attrs) => {
      await clear(page);
      await mount(page, { attrs: { 'as-of': AS_OF, ...attrs }, program: programs.kids, events: eventsOf('cara') });
      return page.locator('tierlab-progress [part~=card]').evaluate((e) => getComputedStyle(e).backgroundColor);
    };
    assert.equal(await bg({}), 'rgb(255, 255, 255)');
    assert.equal(await bg({ theme: 'light' }), 'rgb(255, 255, 255)');
    assert.equal(await bg({ theme: 'dark' }), 'rgb(23, 27, 35)');
    assert.equal(await bg({ theme: 'auto' }), 'rgb(23, 27, 35)');
    await context.close();
  });

  test('axe-core: no violation in any mode and theme', async () => {
    for (const scheme of ['light', 'dark']) {
      for (const theme of ['light', 'dark', 'auto']) {
        const { page, context } = await open({ colorScheme: scheme });
        const states = [
          { program: programs.kids, events: eventsOf('cara'), attrs: { 'cart-total': '20' } },
          { program: programs.kids, events: eventsOf('gus'), attrs: { mode: 'ladder' } },
          { program: programs.kids, events: eventsOf('ben'), attrs: { mode: 'compact' } },
          { program: programs.pln, events: eventsOf('ava'), attrs: { mode: 'compact' } },
          { program: programs.kids, attrs: { guest: '' } },
          { program: programs.kids, metrics: { values: { spend: '120.50', orders: 4, engagement: 12 }, points_balance: 640 }, attrs: {} },
          { attrs: { 'program-src': '/nope.json' }, events: [] },
        ];
        for (const s of states) await mount(page, { ...s, attrs: { 'as-of': AS_OF, theme, ...s.attrs } });
        const results = await new AxeBuilder({ page }).include('#stage').analyze();
        assert.deepEqual(axeViolations(results), [], `${scheme} scheme, theme ${theme}`);
        if (scheme === 'dark' && theme !== 'light') await page.locator('#stage').screenshot({ path: `${shots}/theme-${theme}-all.png` });
        await context.close();
      }
    }
  });

  test('compact stays one line in a 390 px slot in every state', async () => {
    const { page, context } = await open();
    await page.evaluate(() => { document.getElementById('stage').style.maxWidth = '390px'; });
    const states = {
      member: { program: programs.kids, events: eventsOf('ben') },
      cart: { program: programs.kids, events: eventsOf('cara'), attrs: { 'cart-total': '45' } },
      upgrade: { program: programs.kids, events: eventsOf('cara'), attrs: { 'cart-total': '70' } },
      top: { program: programs.kids, events: eventsOf('ava') },
      'not-enrolled': { program: programs.pln, events: eventsOf('ava') },
      guest: { program: programs.kids, attrs: { guest: '' } },
      long: { program: programs.guarded, events: eventsOf('eli'), attrs: { locale: 'de-DE' } },
    };
    for (const [name, s] of Object.entries(states)) {
      await clear(page);
      await mount(page, { ...s, attrs: { 'as-of': AS_OF, mode: 'compact', ...s.attrs } });
      const box = await page.locator('tierlab-progress').boundingBox();
      assert.ok(box.width <= 390 && box.height <= 60, `${name}: ${JSON.stringify(box)}`);
      const lines = await page.locator('tierlab-progress .line').evaluate((e) => Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)));
      assert.equal(lines, 1, `${name}: one line`);
      await shot(page, `compact-${name}`);
    }
    assert.match(await text(page), /.+/);
    await context.close();
  });
});

// Gold earns 1.5× points (spec §4 benefits.points_multiplier).
function kidsWithMultiplier() {
  const program = JSON.parse(programs.kids);
  program.tiers[2].benefits.points_multiplier = 1.5;
  return JSON.stringify(program);
}

describe('what peers show', () => {
  test('guest view: every tier with its benefits as written, ways to earn, Join', async () => {
    const { page, context } = await open();
    const program = { ...JSON.parse(kidsWithMultiplier()), display_name: 'Little Threads Club' };
    program.tiers[2].benefits.perks = ['eBay voucher', 'early access'];
    const r = await mount(page, { attrs: { 'as-of': AS_OF, guest: '' }, program });
    assert.equal(r.type, 'change');
    const shown = await text(page);
    assert.match(shown, /Join Little Threads Club to earn tiers and rewards/);
    assert.doesNotMatch(shown, /Little Threads Rewards/); // the designer's name stays inside
    for (const t of ['Bronze', 'Silver', 'Gold', '5% off every order', 'Free shipping', 'Earn 1.5× points', 'eBay voucher', 'early access']) assert.ok(shown.includes(t), t);
    assert.equal(shown.match(/× points/g).length, 1, 'only Gold sets a multiplier');
    assert.doesNotMatch(shown, /EBay|Early access/);
    assert.match(shown, /Ways to earn/);
    assert.match(shown, /10 points for every \$1 spent/);
    assert.match(shown, /Write a review: 5 engagement points/);
    assert.match(shown, /Refer a friend: 10 engagement points and 100 points/);
    assert.match(shown, /Share on social media: 3 engagement points and 5 points/);
    const joined = page.evaluate(() => window.nextEvent('tierlab-join'));
    await page.locator('tierlab-progress [part=join-button]').click();
    assert.equal((await joined).program, 'Little Threads Rewards');
    await shot(page, 'guest-view');
    await clear(page);
    await mount(page, { attrs: { 'as-of': AS_OF, guest: '', locale: 'de' }, program });
    assert.ok((await text(page)).includes('1,5× Punkte sammeln'), 'the multiplier in the shopper\'s number format');
    await context.close();
  });

  test('cart: "Add $20.01 more to reach Gold", exact, in the card and in compact', async () => {
    const { page, context } = await open();
    await mount(page, { attrs: { 'as-of': AS_OF, 'cart-total': '45' }, program: programs.kids, events: eventsOf('cara') });
    assert.match(await page.locator('tierlab-progress [part=preview]').textContent(), /Add \$20\.01 more to reach Gold\./);
    await shot(page, 'cart-shortfall');
    await clear(page);
    await mount(page, { attrs: { 'as-of': AS_OF, 'cart-total': '45', mode: 'compact' }, program: programs.kids, events: eventsOf('cara') });
    assert.match(await text(page), /Add \$20\.01 more to reach Gold/);
    await context.close();
  });

  test('an above-300 threshold reads "more than $300"; the remaining amount stays exact', async () => {
    const { page, context } = await open();
    await mount(page, { attrs: { 'as-of': AS_OF }, program: programs.kids, events: eventsOf('cara') });
    const shown = await text(page);
    assert.match(shown, /of more than \$300 · last 365 days/);
    assert.match(shown, /Spend \$65\.01 more/);
    assert.doesNotMatch(shown, /300\.01/);
    await context.close();
  });

  test('redeem: an available reward has a button that fires tierlab-redeem', async () => {
    const { page, context } = await open();
    await mount(page, { attrs: { 'as-of': AS_OF }, program: programs.kids, metrics: { values: { spend: '120.50', orders: 4, engagement: 12 }, points_balance: 640 } });
    const buttons = page.locator('tierlab-progress [part=redeem-button]');
    assert.equal(await buttons.count(), 1); // 10% off (500); free shipping needs 1000
    await buttons.click();
    assert.deepEqual(await page.evaluate(() => window.redeems), [{ reward: '10% off', points: 500 }]);
    await shot(page, 'redeem');
    await context.close();
  });

  test('status terms (#16 shape, hand-written view): until, what keeps it, kept', async () => {
    const { page, context } = await open();
    const show = async (view, attrs = {}) => {
      await clear(page);
      await mount(page, { attrs: { 'as-of': AS_OF, locale: 'en-GB', ...attrs }, program: statusFixture.program, view });
      return text(page);
    };
    const shown = await show(statusFixture.view);
    assert.match(shown, /Gold until 31 Dec 2026\./);
    assert.match(shown, /Spend (US)?\$120\.00 more by 31 Dec 2026 to keep Gold\./);
    assert.match(shown, /eBay voucher/);
    await shot(page, 'status-keep');
    const kept = await show({ ...statusFixture.view, status: { ...statusFixture.view.status, keeps: true } });
    assert.match(kept, /Gold until 31 Dec 2026\. You've kept Gold for another year\./);
    await shot(page, 'status-kept');
    assert.match(await show(statusFixture.view, { locale: 'de-DE' }), /Bis 31\.12\.2026 noch 120,00\s\$ einkaufen, um Gold zu behalten\./);
    // At the first tier: "held_until": null, and nothing about a term.
    const floor = await show({ ...statusFixture.view, tier: 0, tier_name: 'Silver', top: false, held_until: null, status: { held_until: null } });
    assert.doesNotMatch(floor, /until/);
    await context.close();
  });
});
