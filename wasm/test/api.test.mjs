// The JS API of the full and lean builds under node 20 (no flags).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { errorsOf, loadFull, loadLean, repo, sample } from './helpers.mjs';

const kids = sample('programs/kids-clothing.json');
const vip = sample('programs/vip-segment.json');
const guarded = sample('programs/synerise-pln-guarded.json');
const csv = sample('events/small.csv');
const json = sample('events/small.json');
let tl;
let lean;
let TierlabError;
before(async () => {
  [tl, lean, TierlabError] = await Promise.all([loadFull(), loadLean(), errorsOf()]);
});

describe('loading', () => {
  test('createTierlab() works in node 20 without flags, both builds', () => {
    assert.equal(tl.build, 'full');
    assert.equal(lean.build, 'lean');
    assert.match(tl.version, /^\d+\.\d+\.\d+$/);
  });
  test('wasmBinary can be handed in', async () => {
    const { createTierlab } = await import(`${repo}build/wasm/dist/tierlab-lean.mjs`);
    const own = await createTierlab({ wasmBinary: readFileSync(`${repo}build/wasm/dist/tierlab-lean-core.wasm`) });
    assert.equal(own.customerFromEvents(kids, json, { customer: 'ava' }).tier_name, 'Gold');
  });
});

describe('programs', () => {
  test('parseProgram gives tiers, conditions, benefits and points with exact money', () => {
    const p = tl.parseProgram(kids);
    assert.equal(p.name, 'Little Threads Rewards');
    assert.deepEqual(p.tiers.map((t) => t.name), ['Bronze', 'Silver', 'Gold']);
    assert.equal(p.tiers[1].qualify.op, 'any');
    assert.equal(p.tiers[1].qualify.children[0].threshold, '100.00');
    assert.equal(p.tiers[2].benefits.discount_percent, 10);
    assert.deepEqual(p.points.rewards, [{ name: '10% off', points: 500 }, { name: 'Free shipping', points: 1000 }]);
    assert.equal(tl.parseProgram(JSON.parse(kids)).name, p.name, 'an object works too');
  });
  test('a bad program throws TierlabError with its JSON pointer', () => {
    const bad = JSON.parse(kids);
    bad.tiers[2].qualify.any[0].above = 'lots';
    assert.throws(() => tl.parseProgram(bad), (e) => e instanceof TierlabError
      && e.message === 'program: /tiers/2/qualify/any/0/above: expected a number, got a string'
      && e.pointer === '/tiers/2/qualify/any/0/above');
    assert.deepEqual(lean.validateProgram(bad).pointer, '/tiers/2/qualify/any/0/above');
    assert.deepEqual(lean.validateProgram(kids), { ok: true });
    assert.throws(() => tl.parseProgram('{"tierlab": 1,'), /program: line 1 column \d+: /);
  });
  test('normalizeProgram round-trips', () => {
    const once = tl.normalizeProgram(kids);
    assert.equal(tl.normalizeProgram(once), once);
  });
});

describe('events', () => {
  test('importEvents reads CSV text, bytes and a JSON array alike, with the report', () => {
    const a = tl.importEvents(csv);
    const b = tl.importEvents(new TextEncoder().encode(csv));
    const c = tl.importEvents(JSON.parse(json));
    for (const r of [a, b, c]) {
      assert.equal(r.customers, 7);
      assert.equal(r.events, 42);
      assert.equal(r.report.rows_read, 43);
      assert.equal(r.report.duplicates, 1);
    }
    assert.equal(a.report.summary, 'rows read 43 = used 42 + duplicates 1 + skipped 0');
    assert.equal(c.report.format, 'events-json');
  });
  test('a bad row stops the import with FILE:LINE, or is skipped and reported', () => {
    const bad = `${csv}e999,zed,2025-02-30,purchase,1\n`;
    assert.throws(() => tl.importEvents(bad, { source: 'shop.csv' }), (e) => e.line === 45 && /^shop\.csv:45: column date/.test(e.message));
    const r = tl.importEvents(bad, { skipBadRows: true });
    assert.equal(r.report.skipped, 1);
    assert.equal(r.report.rows_read, r.report.rows_used + r.report.duplicates + r.report.skipped);
    assert.match(r.report.first_skipped[0].message, /^events:45: column date/);
  });
  test('store exports: CDNOW is detected; importToCsv is the canonical CSV', () => {
    const cdnow = readFileSync(`${repo}samples/data/cdnow/CDNOW_master.txt`);
    const r = tl.importEvents(cdnow);
    assert.equal(r.report.format, 'cdnow');
    assert.ok(r.customers > 20000);
    assert.match(tl.importToCsv(csv), /^customer_id,date,type,amount\n/);
  });
});

describe('evaluate', () => {
  test('evaluateCsv is the CLI table; evaluate() the same as objects', () => {
    const out = tl.evaluateCsv(kids, csv);
    assert.match(out, /^customer_id,enrolled,tier,tier_index,next_tier,progress,held_until,spend,orders,engagement,points_balance\n/);
    assert.match(out, /\ncara,true,Silver,1,Gold,0\.7833,,235\.00,3,10,2450\n/);
    const e = tl.evaluate(kids, csv, '2025-12-30');
    assert.equal(e.customers.length, 7);
    assert.equal(e.customers.find((c) => c.customer_id === 'gus').tier, 'Silver');
    assert.equal(tl.evaluateCsv(kids, csv, new Date(Date.UTC(2025, 0, 12))).split('\n')[1], tl.evaluateCsv(kids, csv, '2025-01-12').split('\n')[1]);
  });
  test('the samples README cross-check table', () => {
    const tiers = (program) => Object.fromEntries(tl.evaluate(program, csv).customers.map((c) => [c.customer_id, c.tier]));
    assert.deepEqual(tiers(kids), { ava: 'Gold', ben: 'Bronze', cara: 'Silver', dev: 'Gold', eli: 'Gold', fay: 'Bronze', gus: 'Silver' });
    assert.deepEqual(tiers(vip), { ava: 'VIP', ben: 'Entry', cara: 'Mid', dev: 'Entry', eli: 'Entry', fay: 'Entry', gus: 'Entry' });
    const eli = tl.evaluate(guarded, csv).customers.find((c) => c.customer_id === 'eli');
    assert.equal(eli.tier, 'Green');
    assert.equal(eli.held_until, '2026-12-29');
  });
  test('bad as-of and unknown customer are located errors', () => {
    assert.throws(() => tl.evaluateCsv(kids, csv, '2025-13-01'), /as-of: expected a date YYYY-MM-DD/);
    assert.throws(() => tl.evaluateCsv(kids, csv, { customer: 'zoe' }), /customer: no customer "zoe"/);
  });
});

describe('one customer', () => {
  test('from events: progress per condition, remaining, points, cart preview', () => {
    const v = lean.customer(kids, { events: json }, { customer: 'cara', asOf: '2025-12-30', cartTotal: 70 });
    assert.equal(v.tier_name, 'Silver');
    assert.equal(v.percent, 78);
    assert.equal(v.next.op, 'any');
    assert.deepEqual(v.next.children.map((c) => c.remaining), ['65.01', 13, 21]);
    assert.equal(v.points.balance, 2450);
    assert.equal(v.points.value, '122.50');
    assert.equal(v.preview.tier_name, 'Gold');
    assert.equal(v.preview.upgrade, true);
    assert.equal(v.preview.points_earned, 700);
  });
  test('lean and full builds give the same view', () => {
    for (const id of ['ava', 'ben', 'cara', 'dev', 'eli', 'fay', 'gus'])
      for (const program of [kids, vip, guarded]) {
        const o = { customer: id, asOf: '2025-11-30', cartTotal: '12.34' };
        assert.deepEqual(lean.customerFromEvents(program, json, o), (({ report, ...rest }) => rest)(tl.customerFromEvents(program, json, o)));
      }
  });
  test('retention and the qualify delay', () => {
    const v = lean.customer(guarded, { events: json }, { customer: 'eli', asOf: '2025-10-20' });
    assert.deepEqual(v.pending, [{ placed_on: '2025-10-10', counts_from: '2025-11-09', amount: '110.00' }]);
    const w = lean.customer(guarded, { events: json }, { customer: 'eli', asOf: '2025-12-30' });
    assert.equal(w.held_until, '2026-12-29');
    assert.equal(w.keep.met, true);
  });
  test('from metric values sent by a shop backend', () => {
    const v = lean.customer(kids, { metrics: { spend: '120.50', orders: 4, engagement: 12 } });
    assert.equal(v.tier_name, 'Silver');
    assert.equal(v.next.children[0].remaining, '179.51');
    assert.equal(v.points, null);
    const w = lean.customerFromMetrics(guarded, { values: { balance: 120 }, held_tier: 'Green', held_until: '2026-05-14', enrolled: true }, { asOf: '2025-12-30' });
    assert.equal(w.tier_name, 'Green');
    assert.equal(w.held_until, '2026-05-14');
    assert.equal(w.qualified_tier_name, 'White');
    assert.equal(lean.customerFromMetrics(guarded, { values: { balance: 0 }, enrolled: false }).enrolled, false);
  });
  test('bad metrics name the place', () => {
    assert.throws(() => lean.customerFromMetrics(kids, { spend: 1, orders: 1 }), /metrics: missing the value of metric "engagement"/);
    assert.throws(() => lean.customerFromMetrics(kids, { spend: 1.234, orders: 1, engagement: 0 }), (e) => e.pointer === '/spend' || /metrics\/spend/.test(e.message));
    assert.throws(() => lean.customerFromMetrics(kids, { spend: 1, orders: 1, engagement: 0, orderz: 1 }), /no metric "orderz"/);
  });
  test('a new shopper with no events is at the floor; several customers need a name', () => {
    assert.equal(lean.customerFromEvents(kids, []).tier_name, 'Bronze');
    assert.equal(lean.customerFromEvents(guarded, []).enrolled, false);
    assert.throws(() => lean.customerFromEvents(kids, json), /the events hold 7 customers/);
  });
  test('text crosses intact both ways (escapes, UTF-8)', () => {
    const id = 'zoë "q" \u0001 \u{1F600}';
    const v = lean.customerFromEvents(kids, [{ customer_id: id, date: '2025-03-01', type: 'purchase', amount: '10' }]);
    assert.equal(v.customer_id, id);
    assert.equal(v.as_of, '2025-03-01');
  });
});

describe('session', () => {
  test('tiers as typed arrays, simulate, movers, sweep, replay, customer', () => {
    const s = tl.openSession(csv);
    try {
      assert.equal(s.report.rows_used, 42);
      assert.deepEqual(s.customerIds(), ['ava', 'ben', 'cara', 'dev', 'eli', 'fay', 'gus']);
      const t = s.tiers(kids, '2025-12-30');
      assert.deepEqual([...t.tier], [2, 0, 1, 2, 2, 0, 1]);
      assert.ok(t.progress instanceof Float64Array);
      assert.deepEqual(t.tiers.map((x) => x.customers), [2, 2, 3]);
      const cheaper = JSON.parse(kids);
      cheaper.tiers[2].qualify.any[0].above = 200;
      const sim = s.simulate(kids, cheaper);
      assert.equal(sim.upgrades, 2);
      assert.deepEqual(s.movers(kids, cheaper), [
        { customer_id: 'cara', from: 1, from_name: 'Silver', to: 2, to_name: 'Gold' },
        { customer_id: 'gus', from: 1, from_name: 'Silver', to: 2, to_name: 'Gold' },
      ]);
      assert.equal(s.movers(kids, cheaper, { limit: 1 }).length, 1);
      assert.equal(s.simulateJson(kids, cheaper), tl.simulateJson(kids, cheaper, csv));
      const sweep = s.sweep(kids, { tier: 'Gold', metric: 'spend', from: 100, to: 600, steps: 6 });
      assert.ok(sweep);
      assert.match(s.sweepCsv(kids, { tier: 'Gold', metric: 'spend', from: '100', to: '600', steps: 6 }), /\n/);
      assert.ok(s.replay(kids, { from: '2025-01-31', to: '2025-12-31', step: 'month' }));
      assert.equal(s.evaluateCsv(kids), tl.evaluateCsv(kids, csv));
      assert.equal(s.customer(kids, 'cara', { asOf: '2025-12-30' }).percent, 78);
      const g = s.tiers(guarded);
      assert.equal(g.heldUntil(g.tier.findIndex((x) => x >= 0)), '2026-12-29');
      assert.throws(() => s.sweep(kids, { tier: 'Gold', metric: 'nope', from: 1, to: 2, steps: 2 }), /metric: no metric "nope"/);
    } finally {
      s.dispose();
    }
    s.dispose(); // twice is fine
    assert.throws(() => s.tiers(kids), /session: disposed/);
  });
  test('tune: the CLI\'s answer, the candidate simulates, errors name the option', () => {
    const s = tl.openSession(csv);
    try {
      // tests/data/expected/README.md: Gold above 400.00, Silver above 235.00.
      const r = s.tune(kids, { targets: { Silver: '60%', Gold: 0.3 }, metric: 'spend' });
      assert.deepEqual(r.tiers.map((t) => [t.tier, t.old_threshold, t.new_threshold, t.after.customers]), [
        ['Gold', 300, 400, 2],
        ['Silver', 100, 235, 4],
      ]);
      assert.equal(r.movers, 2);
      assert.equal(r.candidate.tiers[2].qualify.any[0].above, 400);
      assert.deepEqual(s.simulate(kids, r.candidate).candidate.tiers.map((t) => t.customers), [3, 2, 2]);
      assert.deepEqual(s.tune(kids, { targets: 'Silver=60%,Gold=30%' }).tiers.map((t) => t.new_threshold), [400, 235]);
      const far = s.tune(kids, { targets: { Gold: '10%' } });
      assert.equal(far.tiers[0].reachable, false);
      assert.match(far.tiers[0].reason, /1 customer \(14.29%\) is at Gold or above/);
      assert.equal(s.tune(kids, { budget: 50 }).budget.factor, 4);
      assert.throws(() => s.tune(kids, { targets: { Platinum: '1%' } }), /target: no tier "Platinum"/);
      assert.throws(() => s.tune(kids, { targets: { Gold: '130%' } }), /targets: share "130%": above 100%/);
    } finally {
      s.dispose();
    }
  });
  test('a bad file does not leave a session behind', () => {
    assert.throws(() => tl.openSession('customer_id,date,type\nx,2025-01-01,purchase\n'), /column amount/);
  });
});
