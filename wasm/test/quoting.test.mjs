// Quoted and odd files (issue 14 item 4) through the JS API, and the two JS
// items of issue 14 item 6: an invalid Date is the library's error, and an
// integer a JS number cannot hold is never returned silently rounded.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cli, dist, errorsOf, hasCli, loadFull, loadLean, repo, sample } from './helpers.mjs';

const kids = sample('programs/kids-clothing.json');
// The same events in every form (tests/data/quoting/).
const FORMS = ['plain', 'all-quoted', 'quoted-header', 'mixed', 'bom', 'crlf', 'lone-cr'];
const file = (name) => readFileSync(`${repo}tests/data/quoting/${name}.csv`);

// Worked by hand from plain.csv and kids-clothing.json: as of the last event
// (2025-07-04); every 365-day window holds every event; e06 comes twice (a
// duplicate); a date-time counts on its UTC day. "above 100" means 100.01.
//   ann:        120.50 + 99.99 = 220.49 > 100           -> Silver; to Gold 220.49 / 300.01 = 0.7349
//               points 1,205 + 999 - 100 redeemed = 2,104
//   bob:        80.00 - 20.00 (return) = 60.00; a share = 3 engagement -> Bronze; 60.00 / 100.01 = 0.5999
//               points 800 - 200 + 5 (social_share) = 605
//   cara:       45.10 + 250.00 = 295.10; a review = 5      -> Silver; 295.10 / 300.01 = 0.9836
//   dan o'neil: 300.00, not above 300                     -> Silver; 300.00 / 300.01 = 0.99997 -> 1.0000
//   émile:      12.00                                      -> Bronze; best leaf orders 1 / 6 = 0.1667
const EXPECTED = `customer_id,enrolled,tier,tier_index,next_tier,progress,held_until,spend,orders,engagement,points_balance
ann,true,Silver,1,Gold,0.7349,,220.49,2,0,2104
bob,true,Bronze,0,Silver,0.5999,,60.00,1,3,605
cara,true,Silver,1,Gold,0.9836,,295.10,2,5,2951
dan o'neil,true,Silver,1,Gold,1.0000,,300.00,1,0,3000
émile,true,Bronze,0,Silver,0.1667,,12.00,1,0,120
`;
const SUMMARY = 'rows read 13 = used 12 + duplicates 1 + skipped 0';

let tl;
let lean;
let TierlabError;
let parseJson;
before(async () => {
  [tl, lean, TierlabError] = await Promise.all([loadFull(), loadLean(), errorsOf()]);
  ({ parseJson } = await import(`${dist}/tierlab-lean.mjs`));
});

describe('quoted and odd files read as the plain one', () => {
  test('the plain file gives the hand-worked tiers', () => {
    assert.equal(tl.evaluateCsv(kids, file('plain')), EXPECTED);
    const r = tl.importEvents(file('plain'));
    assert.equal(r.report.summary, SUMMARY);
  });
  for (const form of FORMS) {
    test(`${form}.csv: evaluate, import report, session tiers, one customer, inspectEvents`, () => {
      const bytes = file(form);
      assert.equal(tl.evaluateCsv(kids, bytes), tl.evaluateCsv(kids, file('plain')));
      assert.equal(tl.evaluateCsv(kids, new TextDecoder().decode(bytes)), EXPECTED, 'as text too');
      const r = tl.importEvents(bytes);
      assert.equal(r.report.format, 'events-csv');
      assert.equal(r.report.summary, SUMMARY);
      assert.deepEqual([r.customers, r.events, r.first_day, r.last_day], [5, 12, '2025-01-05', '2025-07-04']);
      assert.equal(tl.importToCsv(bytes), tl.importToCsv(file('plain')));

      const s = tl.openSession(bytes, { program: kids });
      try {
        assert.deepEqual(s.customerIds(), ['ann', 'bob', 'cara', "dan o'neil", 'émile']);
        const t = s.tiers(kids);
        assert.deepEqual(t.tiers.map((x) => [x.name, x.customers]), [['Bronze', 2], ['Silver', 3], ['Gold', 0]]);
        assert.deepEqual([...t.tier], [1, 0, 1, 1, 0]);
        const m = s.metricValues(kids);
        assert.deepEqual(m.metrics.map((x) => x.name), ['spend', 'orders', 'engagement']);
        assert.deepEqual([...m.customer], [0, 1, 2, 3, 4]);
        assert.deepEqual([...m.values], [220.49, 2, 0, 60, 1, 3, 295.1, 2, 5, 300, 1, 0, 12, 1, 0]);
      } finally {
        s.dispose();
      }
      // customerFromEvents reads CSV in the full build.
      const cara = tl.customerFromEvents(kids, bytes, { customer: 'cara' });
      assert.deepEqual([cara.tier_name, cara.metrics.spend, cara.points.balance], ['Silver', '295.10', 2951]);

      const seen = tl.inspectEvents(bytes, { rows: 2 });
      assert.deepEqual(seen, {
        format: 'events-csv', needs_mapping: false,
        columns: ['event_id', 'customer_id', 'date', 'type', 'amount'],
        rows: [['e01', 'ann', '2025-01-05', 'join', ''], ['e02', 'ann', '2025-01-10', 'purchase', '120.50']],
      });
    });
  }
  test('the native CLI prints the same bytes for every form', { skip: !hasCli && `no native CLI at ${cli}` }, () => {
    for (const form of FORMS) {
      const out = execFileSync(cli, ['evaluate', '--program', `${repo}samples/programs/kids-clothing.json`,
        '--events', `${repo}tests/data/quoting/${form}.csv`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      assert.equal(out, tl.evaluateCsv(kids, file(form)), form);
    }
  });
  test('the lean module (events as JSON): a BOM and CRLF line ends read as plain JSON', () => {
    const plain = tl.importToCsv(file('plain')).trim().split('\n').slice(1)
      .map((l) => { const [customer_id, date, type, amount] = l.split(','); return { customer_id, date, type, ...(amount && { amount }) }; });
    const text = JSON.stringify(plain, null, 1);
    const odd = `\uFEFF${text.replace(/\n/g, '\r\n')}`;
    for (const who of ['ann', 'bob', 'cara', "dan o'neil", 'émile']) {
      const a = lean.customerFromEvents(kids, text, { customer: who });
      const b = lean.customerFromEvents(kids, odd, { customer: who });
      assert.deepEqual(b, a);
    }
    assert.equal(lean.customerFromEvents(kids, odd, { customer: 'ann' }).tier_name, 'Silver');
    assert.equal(lean.customerFromEvents(kids, odd, { customer: 'bob' }).tier_name, 'Bronze');
  });
  test('inspectEvents: an unknown line-item file needs a mapping; its quoted header comes from the core', () => {
    const csv = '\uFEFF"Order No","Client, ID","When","Total ""gross"""\r\n"A1","c-1","2025-01-02","12.50"\r\nA2,c-2,2025-01-03,7.00\r\n';
    const seen = tl.inspectEvents(csv);
    assert.equal(seen.format, null);
    assert.equal(seen.needs_mapping, true);
    assert.deepEqual(seen.columns, ['Order No', 'Client, ID', 'When', 'Total "gross"']);
    assert.deepEqual(seen.rows, [['A1', 'c-1', '2025-01-02', '12.50'], ['A2', 'c-2', '2025-01-03', '7.00']]);
    assert.throws(() => tl.openSession(csv), (e) => e instanceof TierlabError);
    const s = tl.openSession(csv, { mapping: { customer: 'Client, ID', date: 'When', order: 'Order No', amount: 'Total "gross"' } });
    assert.equal(s.info().customers, 2);
    s.dispose();
    assert.deepEqual(tl.inspectEvents(sample('events/small.json')), { format: 'events-json', needs_mapping: false, columns: [], rows: [] });
  });
});

describe('asOf: an invalid Date is the library\'s error', () => {
  const invalid = new Date('x');
  const isOurs = (option) => (e) => e instanceof TierlabError && !(e instanceof RangeError) && e.option === option
    && e.message === `${option}: expected a valid Date or YYYY-MM-DD, got an invalid Date`;
  test('every face that takes a day', () => {
    const csv = file('plain');
    assert.throws(() => tl.evaluateCsv(kids, csv, invalid), isOurs('asOf'));
    assert.throws(() => tl.evaluate(kids, csv, { asOf: invalid }), isOurs('asOf'));
    assert.throws(() => lean.customer(kids, { metrics: { spend: 1, orders: 1, engagement: 0 } }, { asOf: invalid }), isOurs('asOf'));
    const s = tl.openSession(csv);
    try {
      assert.throws(() => s.tiers(kids, invalid), isOurs('asOf'));
      assert.throws(() => s.replay(kids, { from: invalid, to: '2025-03-15' }), isOurs('from'));
      assert.equal(s.tiers(kids, new Date(Date.UTC(2025, 2, 15))).as_of, '2025-03-15', 'a valid Date still works');
    } finally {
      s.dispose();
    }
  });
  test('a Date outside the years 0000-9999', () => {
    assert.throws(() => tl.evaluateCsv(kids, file('plain'), new Date(Date.UTC(10000, 0, 1))),
      (e) => e instanceof TierlabError && e.option === 'asOf' && /outside the years 0000-9999/.test(e.message));
  });
});

describe('integers beyond Number.MAX_SAFE_INTEGER are never silently rounded', () => {
  test('the marshaller: exact field, place and value; safe values, strings and decimals pass', () => {
    assert.deepEqual(parseJson('{"a":[1,{"n":9007199254740991,"s":"99999999999999999999"}],"x":1.5e300}'),
      { a: [1, { n: 9007199254740991, s: '99999999999999999999' }], x: 1.5e300 });
    assert.throws(() => parseJson('{"customers":[{"id":"a"},{"id":"b","points_balance": 9007199254740993}]}'),
      (e) => e instanceof TierlabError && e.field === 'points_balance' && e.path === '/customers/1/points_balance'
        && e.value === '9007199254740993' && e.pointer === undefined
        && e.message === 'points_balance is 9007199254740993 (at /customers/1/points_balance in the result), beyond '
          + 'Number.MAX_SAFE_INTEGER (2^53 - 1): a JS number cannot hold it exactly');
    assert.throws(() => parseJson('[1,\n  -9007199254740992]'), (e) => e.path === '/1' && e.value === '-9007199254740992');
    assert.throws(() => parseJson('{"a\\"b/c":{"k":[0,0,12345678901234567890]}}'), (e) => e.path === '/a"b~1c/k/2');
  });
  // The engine keeps each customer's points within 2^53 - 1 (a larger balance
  // is a located refusal), so only a total over customers can pass it: two
  // purchases of 9,000,000.00 at 10^9 points a unit are 9 x 10^15 points each
  // (within), 1.8 x 10^16 together (beyond).
  const rich = JSON.stringify({ ...JSON.parse(kids), points: { per_currency_unit: 1e9 } });
  const events = 'customer_id,date,type,amount\nrich,2025-01-01,purchase,9000000.00\nricher,2025-01-01,purchase,9000000.00\n';
  test('points from the engine: one customer is refused, a total is exact as text and throws as an object', () => {
    assert.match(tl.evaluateJson(rich, events), /"points_balance": ?9000000000000000/);
    const twice = 'customer_id,date,type,amount\nrich,2025-01-01,purchase,9000000.00\nrich,2025-01-02,purchase,9000000.00\n';
    assert.throws(() => tl.evaluate(rich, twice),
      (e) => e instanceof TierlabError && /^customer "rich": points on 2025-01-02 are beyond the supported range/.test(e.message));
    const s = tl.openSession(events);
    try {
      assert.match(s.simulateJson(rich, rich), /"points_balance": ?18000000000000000/);
      assert.throws(() => s.simulate(rich, rich), (e) => e instanceof TierlabError && e.field === 'points_balance'
        && e.value === '18000000000000000' && /^points_balance is 18000000000000000 \(at \/baseline\/points_balance in the result\)/.test(e.message));
    } finally {
      s.dispose();
    }
  });
  test('numbers going in: beyond 2^53 - 1 is refused, a BigInt or a string is exact', () => {
    const metrics = { spend: '10.00', orders: 1, engagement: 0 };
    assert.throws(() => lean.customerFromMetrics(kids, { values: metrics, points_balance: 2 ** 60 }),
      (e) => e instanceof TierlabError && e.field === 'points_balance');
    assert.throws(() => tl.customer(kids, { metrics }, { cartTotal: 2 ** 60 }), (e) => e instanceof TierlabError && e.option === 'cartTotal');
    const v = lean.customerFromMetrics(kids, { values: metrics, points_balance: 123n }, {});
    assert.equal(v.points.balance, 123);
  });
});
