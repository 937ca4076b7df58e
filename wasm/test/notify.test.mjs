// Session.notify (issue #21): the same lists as the native `tierlab notify`,
// byte for byte, and the hand-worked counts of tests/data/notify.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { cli, errorsOf, hasCli, loadFull, repo } from './helpers.mjs';

const data = (p) => `${repo}tests/data/notify/${p}`;
const program = readFileSync(data('program.json'), 'utf8');
const events = readFileSync(data('events.csv'), 'utf8');
let tl;
let TierlabError;
before(async () => {
  [tl, TierlabError] = await Promise.all([loadFull(), errorsOf()]);
});

const native = (args) => execFileSync(cli, ['notify', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 });

describe('Session.notify', () => {
  test('the hand-worked lists: counts, rows, CSV', () => {
    const s = tl.openSession(events);
    try {
      assert.deepEqual(s.notifyCounts(program, { asOf: '2026-03-31' }),
        { downgraded: 1, near_next: 3, points_expiring: 4, reward_available: 2, upgraded: 1 });
      const list = s.notify(program, { asOf: '2026-03-31' });
      assert.equal(list.since, '2026-03-24');
      assert.deepEqual(list.rows.map((r) => `${r.reason} ${r.customer_id}`), [
        'downgraded bob', 'near_next bob', 'near_next cat', 'near_next dan', 'points_expiring amy', 'points_expiring bob',
        'points_expiring cat', 'points_expiring gus', 'reward_available amy', 'reward_available cat', 'upgraded amy']);
      assert.equal(list.rows[3].message, 'To reach Gold: Spend $120.00 more or (place 1 more order and spend $20.00 more).');
      assert.equal(s.notifyCsv(program, { asOf: '2026-03-31' }), readFileSync(data('expected.csv'), 'utf8'));
      const up = s.notifyCsv(program, { asOf: '2026-03-31', reason: 'upgraded' }).split('\n');
      assert.equal(up.length, 3); // header, amy, ''
      assert.match(up[1], /^upgraded,amy,Gold,Silver,/);
      // since as a Date; before the first event nobody moved tier.
      assert.equal(s.notifyCounts(program, { asOf: '2026-03-31', since: new Date('2025-12-31T00:00:00Z') }).upgraded, 0);
    } finally {
      s.dispose();
    }
  });

  test('bad options are TierlabErrors naming the option', () => {
    const s = tl.openSession(events);
    try {
      // The message starts with the option (TierlabError: docs/wasm.md).
      assert.throws(() => s.notify(program, { asOf: '2026-03-31', locale: 'fr' }),
        (e) => e instanceof TierlabError && e.message === 'locale: expected one of en, got "fr"');
      assert.throws(() => s.notify(program, { asOf: '2026-03-31', since: '2026-04-01' }),
        (e) => e instanceof TierlabError && e.message === 'since: the since day 2026-04-01 is after the as-of day 2026-03-31');
      assert.throws(() => s.notify(program, { within: 0 }), (e) => e instanceof TierlabError && /^within: /.test(e.message));
      assert.throws(() => s.notifyCsv(program, { reason: 'at_large' }),
        (e) => e instanceof TierlabError && e.message === 'reason: no notification reason "at_large"');
    } finally {
      s.dispose();
    }
  });

  test('wasm equals the native CLI byte for byte (CSV and JSON, generated data)', { skip: !hasCli && 'no native CLI' }, () => {
    const kids = `${repo}samples/programs/kids-clothing.json`;
    const generatedCsv = execFileSync(cli, ['generate', '--customers', '2000', '--seed', '11'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const dir = mkdtempSync(`${tmpdir()}/tierlab-notify-`);
    const file = `${dir}/events.csv`;
    writeFileSync(file, generatedCsv);
    const s = tl.openSession(generatedCsv);
    try {
      const kidsText = readFileSync(kids, 'utf8');
      for (const opts of [{}, { since: '2025-01-01', within: 90 }]) {
        const args = ['--program', kids, '--events', file];
        if (opts.since) args.push('--since', opts.since, '--within', String(opts.within));
        assert.equal(s.notifyCsv(kidsText, opts), native(args));
        const list = s.notify(kidsText, opts);
        assert.deepEqual(list, JSON.parse(native([...args, '--format', 'json'])));
        assert.ok(list.counts.near_next > 0 && list.counts.upgraded + list.counts.downgraded > 0, JSON.stringify(list.counts));
      }
      assert.equal(s.notifyCsv(program, { asOf: '2026-03-31' }), s.notifyCsv(program, '2026-03-31'));
    } finally {
      s.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
