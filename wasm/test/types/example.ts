// Compiled with `tsc --noEmit` against dist's hand-written .d.ts files
// (scripts/test-wasm): the types must describe the API as it is used.
import { createTierlab, TierlabError, type CustomerView, type Simulation, type Tiers } from '../../../build/wasm/dist/tierlab.mjs';
import { createTierlab as createLean } from '../../../build/wasm/dist/tierlab-lean.mjs';
import type { TierlabProgress, TierlabChangeDetail } from '../../../build/wasm/dist/tierlab-progress.js';

async function main(program: string, csv: string): Promise<void> {
  const tl = await createTierlab();
  const table: string = tl.evaluateCsv(program, csv, '2025-12-30');
  const json: string = tl.simulateJson(program, program, csv);
  const info = tl.parseProgram(JSON.parse(program));
  const firstTier: string = info.tiers[0].name;
  const report = tl.importEvents(new TextEncoder().encode(csv), { currency: 'USD', skipBadRows: true }).report;
  const read: number = report.rows_read;

  const seen = tl.inspectEvents(csv, { rows: 3 });
  const header: string[] = seen.needs_mapping ? seen.columns : [];
  const format: string | null = seen.format;
  void [header, format, seen.rows[0]?.[0]];

  const session = tl.openSession(csv, { program });
  try {
    const t: Tiers = session.tiers(program, { asOf: new Date() });
    const tier: number = t.tier[0];
    const held: string | null = t.heldUntil(0);
    const sim: Simulation = session.simulate(program, program);
    const up: number = sim.upgrades;
    session.sweep(program, { tier: 'Gold', metric: 'spend', from: 100, to: '600', steps: 6 });
    session.replay(program, { from: '2025-01-01', to: '2025-12-31', step: 'month' });
    const tuned = session.tune(program, { targets: { Silver: '30%', Gold: 0.1 }, metric: 'spend', budget: '500.00' });
    const gold: number = tuned.tiers[0].new_threshold;
    const why: string | null = tuned.tiers[0].reason;
    console.log(gold, why, tuned.movers, tuned.candidate, tuned.budget?.met);
    const m = session.metricValues(program, '2025-12-31');
    const spend: number = m.values[0 * m.metrics.length];
    const who: string = session.customerIds()[m.customer[0]];
    const lists = session.notify(program, { asOf: '2025-12-31', since: new Date(), within: 30, locale: 'en' });
    const near: number = session.notifyCounts(program).near_next + lists.counts.upgraded;
    const expiring: string = session.notifyCsv(program, { reason: 'points_expiring' });
    void [lists.rows[0]?.message, near, expiring];
    void [tier, held, up, spend, who];
  } finally {
    session.dispose();
  }

  const lean = await createLean({ wasmUrl: new URL('https://shop.example/tierlab-lean-core.wasm') });
  const v: CustomerView = lean.customer(program, { metrics: { spend: '120.00', orders: 3 } }, { cartTotal: 45 });
  if (v.next && v.next.op === 'leaf') {
    const remaining: string | number = v.next.remaining;
    void remaining;
  }
  const check = lean.validateProgram(program);
  if (!check.ok) console.error(check.error, check.pointer);
  try {
    lean.customerFromEvents(program, [{ customer_id: 'ava', date: '2025-01-01', type: 'purchase', amount: '10.00' }]);
  } catch (e) {
    if (e instanceof TierlabError) console.error(e.message, e.line, e.pointer, e.option, e.field, e.path, e.value);
  }

  const el = document.createElement('tierlab-progress');
  el.programSrc = 'program.json';
  el.metrics = { values: { spend: '120.00' }, points_balance: 200 };
  el.mode = 'ladder';
  el.addEventListener('tierlab-change', (e) => {
    const d: TierlabChangeDetail = e.detail;
    console.log(d.previewTier);
  });
  const same: TierlabProgress = el;
  void [table, json, firstTier, read, same];
}

void main;
