// @ts-check
// The simulator's Web Worker: all heavy work happens here, so the page never
// freezes. It owns the WebAssembly module (tierlab.mjs, docs/wasm.md) and one
// Session (the events, loaded once). Messages: protocol.js.
//
// The page runs two of these. The interactive one answers everything that
// follows a slider (simulate, movers, sweep). After reading a file it hands a
// copy of the bytes to the background one (a MessagePort the page set up), which
// imports them too and runs the replays: a replay takes long, and in its own
// worker it never holds up the next simulation. Files larger than
// BACKGROUND_LIMIT are not copied (memory); replays then run here, on request.
//
// Nothing here talks to the network except reading a bundled sample the user
// picked (same origin, a GET). The user's own files are read from File objects.
import { createTierlab } from '../tierlab.mjs';
import { REQUESTS, isRequest } from './protocol.js';

/** @type {any} */ let tl = null;
/** @type {any} */ let session = null;
/** @type {Uint8Array | null} */ let bytes = null; // the events as read (for a new mapping or currency)
let sourceName = '';
/** @type {Promise<any> | null} */ let loading = null;
/** @type {MessagePort | null} */ let peer = null; // the interactive worker's line to the background one
export const BACKGROUND_LIMIT = 256e6; // bytes

const post = (/** @type {import('./protocol.js').Reply} */ m) => postMessage(m);

// ---- scheduling: newest request per kind, highest priority first ----
/** @type {Map<string, import('./protocol.js').Request>} */
const waiting = new Map();
let pumping = false;

// A yield without setTimeout's clamping (4 ms once timeouts nest): a message
// to ourselves runs after the messages already queued, so a newer request
// that came in while a job ran is seen before the next job is chosen.
const tick = new MessageChannel();
/** @type {(() => void)[]} */ const ticks = [];
tick.port1.onmessage = () => ticks.shift()?.();
const yieldToMessages = () => new Promise((r) => { ticks.push(() => r(undefined)); tick.port2.postMessage(0); });

const enqueue = (/** @type {MessageEvent} */ e) => {
  const m = e.data;
  if (!isRequest(m)) return;
  waiting.set(m.type, m);
  if (!pumping) {
    pumping = true;
    yieldToMessages().then(pump);
  }
};
self.onmessage = enqueue;

async function pump() {
  while (waiting.size) {
    const kind = REQUESTS.find((k) => waiting.has(k));
    const m = /** @type {import('./protocol.js').Request} */ (waiting.get(/** @type {string} */ (kind)));
    waiting.delete(/** @type {string} */ (kind));
    try {
      await handle(m);
    } catch (err) {
      const e = /** @type {any} */ (err);
      post({ type: 'failed', id: m.id, request: m.type, message: String(e?.message ?? e), pointer: e?.pointer });
    }
    // Let newer messages in before choosing the next job.
    await yieldToMessages();
  }
  pumping = false;
}

async function module() {
  if (!tl) {
    loading ??= createTierlab();
    tl = await loading;
  }
  return tl;
}

/** @param {import('./protocol.js').Request} m */
async function handle(m) {
  switch (m.type) {
    case 'init': {
      if (m.port) {
        // interactive: the port sends bytes; background: the port brings imports in.
        if (m.role === 'interactive') peer = m.port;
        else m.port.onmessage = enqueue;
      }
      const t = await module();
      return post({ type: 'ready', id: m.id, version: t.version });
    }
    case 'import': return importEvents(m);
    case 'inspect': return inspect(m);
    case 'validate': return validate(m);
    case 'simulate': return simulate(m);
    case 'movers': return movers(m);
    case 'sweep': return sweep(m);
    case 'replay': return replay(m);
    case 'export-movers': return exportMovers(m);
    case 'tune': return tune(m);
    case 'notify': return notifyCounts(m);
    case 'notify-csv': return notifyCsv(m);
  }
}

// ---- reading the events ----

/**
 * Reads a stream to bytes, reporting progress on the bytes that came in.
 * @param {ReadableStream<Uint8Array>} stream @param {number} total (0 = unknown)
 * @param {(loaded: number) => void} onProgress @param {number} expect size of the output when known
 */
async function readAll(stream, total, onProgress, expect) {
  const reader = stream.getReader();
  /** @type {Uint8Array[]} */ const chunks = [];
  let out = expect > 0 ? new Uint8Array(expect) : null;
  let length = 0;
  let last = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (out && length + value.length <= out.length) out.set(value, length);
    else {
      if (out) { chunks.push(out.subarray(0, length)); out = null; }
      chunks.push(value);
    }
    length += value.length;
    const now = performance.now();
    if (now - last > 40) { last = now; onProgress(length); }
  }
  if (out) return out.subarray(0, length);
  const all = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) { all.set(c, at); at += c.length; }
  return all;
}

const isGzip = (/** @type {Uint8Array} */ head, /** @type {string} */ name) =>
  name.endsWith('.gz') || (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b);

/**
 * @param {import('./protocol.js').EventsSource} source @param {number} id
 * @returns {Promise<{ data: Uint8Array, name: string }>}
 */
async function readSource(source, id) {
  const progress = (/** @type {number} */ loaded, /** @type {number} */ total, /** @type {string} */ note) =>
    post({ type: 'progress', id, phase: 'read', loaded, total, note });
  if (source.kind === 'file') {
    const file = source.file;
    const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
    const gz = isGzip(head, file.name);
    const note = gz ? `Reading and decompressing ${file.name}` : `Reading ${file.name}`;
    progress(0, file.size, note);
    let stream = file.stream();
    if (gz) stream = stream.pipeThrough(counting(file.size, (n) => progress(n, file.size, note))).pipeThrough(new DecompressionStream('gzip'));
    const data = await readAll(stream, file.size, gz ? () => {} : (n) => progress(n, file.size, note), gz ? 0 : file.size);
    progress(file.size, file.size, note);
    return { data, name: gz ? file.name.replace(/\.gz$/, '') : file.name };
  }
  if (source.kind === 'url') {
    const response = await fetch(source.url, { credentials: 'same-origin' });
    if (!response.ok || !response.body) throw new Error(`cannot read the sample ${source.name}: HTTP ${response.status}`);
    const total = Number(response.headers.get('content-length') ?? 0);
    const gz = source.name.endsWith('.gz');
    const note = gz ? `Reading and decompressing ${source.name}` : `Reading ${source.name}`;
    progress(0, total, note);
    let stream = /** @type {ReadableStream<Uint8Array>} */ (response.body);
    if (gz) stream = stream.pipeThrough(counting(total, (n) => progress(n, total, note))).pipeThrough(new DecompressionStream('gzip'));
    const data = await readAll(stream, total, gz ? () => {} : (n) => progress(n, total, note), gz ? 0 : total);
    progress(total, total, note);
    return { data, name: gz ? source.name.replace(/\.gz$/, '') : source.name };
  }
  if (source.kind === 'bytes') return { data: source.data, name: source.name };
  if (!bytes) throw new Error('no events loaded yet');
  return { data: bytes, name: sourceName };
}

/** A pass-through stream that reports how many bytes went by (for gzip input). */
function counting(/** @type {number} */ total, /** @type {(n: number) => void} */ onProgress) {
  let n = 0;
  let last = 0;
  return new TransformStream({
    transform(chunk, controller) {
      n += chunk.length;
      const now = performance.now();
      if (now - last > 40) { last = now; onProgress(Math.min(n, total || n)); }
      controller.enqueue(chunk);
    },
  });
}

/** @param {import('./protocol.js').ImportRequest} m */
async function importEvents(m) {
  const t = await module();
  const start = performance.now();
  const { data, name } = await readSource(m.source, m.id);
  // The background worker imports the same bytes at the same time (second core).
  const background = !!peer && data.length <= BACKGROUND_LIMIT;
  if (peer) {
    if (background) {
      const copy = data.slice();
      peer.postMessage({ ...m, source: { kind: 'bytes', data: copy, name } }, [copy.buffer]);
    } else peer.postMessage({ type: 'import', id: m.id, source: { kind: 'bytes', data: new Uint8Array(0), name: '(too large)' }, program: m.program, skipBadRows: true });
  }
  post({ type: 'progress', id: m.id, phase: 'parse', loaded: 0, total: data.length,
    note: `Importing ${(data.length / 1e6).toFixed(1)} MB in the core` });
  // Yield once so the page sees the phase change before the (synchronous) import.
  await new Promise((r) => setTimeout(r, 0));
  const options = { program: m.program, skipBadRows: m.skipBadRows, source: name, mapping: m.mapping, importFormat: m.importFormat,
    ...m.formats };
  if (m.source.kind === 'bytes' && data.length === 0) {
    // The file was too large to copy here: forget the old events.
    session?.dispose();
    session = null;
    bytes = null;
    return;
  }
  let next;
  try {
    next = t.openSession(data, options);
  } catch (err) {
    const e = /** @type {any} */ (err);
    const message = String(e?.message ?? e);
    // Whether a column mapping is needed is the core's answer (it cannot tell
    // what the file is), not the wording of its message; the header and the
    // first rows come from the core's CSV reader (quotes, BOM, CRLF, lone CR),
    // so the mapping step sees exactly the columns the import will match.
    /** @type {{ needs_mapping: boolean, columns: string[], rows: string[][], problem?: any }} */
    let seen = { needs_mapping: false, columns: [], rows: [] };
    try {
      // The header and five rows are near the top; with the mapping tried, whether its dates or
      // amounts are ambiguous (the core reads as far as it must to tell: the whole file).
      seen = t.inspectEvents(m.mapping ? data : data.subarray(0, 1 << 20),
        { rows: 5, formats: true, mapping: m.mapping, ...m.formats });
    } catch {
      // not readable as CSV either (an unterminated quote): the import's message stands
    }
    const needsMapping = seen.needs_mapping || !!seen.problem;
    const columns = needsMapping ? seen.columns : [];
    const preview = needsMapping ? seen.rows : [];
    // Keep the bytes: the page may come back with a column mapping.
    bytes = data;
    sourceName = name;
    return post({ type: 'import-failed', id: m.id, name, message, line: e?.line, needsMapping, columns, preview });
  }
  session?.dispose();
  session = next;
  bytes = m.source.kind === 'bytes' ? null : data; // the background worker never re-reads
  sourceName = name;
  metricTable = null;
  replayCache.clear();
  moversCache = null;
  post({ type: 'imported', id: m.id, name, bytes: data.length, report: session.report, info: session.info(),
    ms: performance.now() - start, background });
}

/** The mapping step's preview: the kept bytes read again with the page's choices. */
/** @param {import('./protocol.js').InspectRequest} m */
async function inspect(m) {
  const t = await module();
  if (!bytes) return post({ type: 'failed', id: m.id, request: 'inspect', message: 'The file is no longer here: load it again.' });
  const inspection = t.inspectEvents(bytes, { rows: 8, formats: true, mapping: m.mapping, ...m.formats });
  post({ type: 'inspected', id: m.id, inspection });
}

// ---- program ----

/** @param {import('./protocol.js').ValidateRequest} m */
async function validate(m) {
  const t = await module();
  const v = t.validateProgram(m.text);
  if (!v.ok) {
    const at = /line (\d+) column (\d+)/.exec(v.error ?? '');
    return post({ type: 'validated', id: m.id, ok: false, error: v.error, pointer: v.pointer,
      line: at ? Number(at[1]) : undefined, column: at ? Number(at[2]) : undefined });
  }
  post({ type: 'validated', id: m.id, ok: true, info: t.parseProgram(m.text) });
}

function needSession() {
  if (!session) throw new Error('load events first');
  return session;
}

// Points depend on the points rules, the events and the day, never on tiers.
// The core caches them by the whole program, so a candidate that only moved a
// threshold would recompute every customer's points on each slider step; when
// the candidate's points rules equal the baseline's, simulate without them and
// copy the baseline's figures (they are the same by definition).
const POINT_KEYS = ['points_balance', 'points_liability', 'points_expired', 'points_forgiven', 'redeems_rejected'];
function samePointsRules(/** @type {any} */ a, /** @type {any} */ b) {
  return a.points !== undefined && JSON.stringify(a.points) === JSON.stringify(b.points) && a.currency === b.currency;
}

/** @param {import('./protocol.js').SimulateRequest} m */
async function simulate(m) {
  const s = needSession();
  const start = performance.now();
  const startAt = performance.timeOrigin + start;
  const base = JSON.parse(m.baseline);
  const cand = JSON.parse(m.candidate);
  let report;
  if (samePointsRules(base, cand)) {
    delete cand.points;
    report = s.simulate(m.baseline, JSON.stringify(cand), m.asOf);
    for (const k of POINT_KEYS) if (k in report.baseline) report.candidate[k] = report.baseline[k];
    report.points_copied = true;
  } else {
    report = s.simulate(m.baseline, m.candidate, m.asOf);
  }
  const end = performance.now();
  post({ type: 'simulated', id: m.id, report, ms: end - start, t0: m.t0, startAt, endAt: performance.timeOrigin + end });
}

// ---- the customers who move ----

// Metric values of every listed customer (they depend on the metric
// definitions and the day, not on thresholds): one pass in the core
// (Session.metricValues: typed arrays, no CSV to split here), kept until the
// definitions change. Skipped above this many customers.
const METRIC_TABLE_LIMIT = 300000;
/** @type {{ key: string, index: Map<string, number>, names: string[], money: boolean[], values: Float64Array[] } | null} */
let metricTable = null;

function metricsOf(/** @type {any} */ program, /** @type {string | undefined} */ asOf) {
  const s = needSession();
  const key = JSON.stringify([program.currency, program.enrollment, program.qualify_delay_days, program.engagement,
    program.metrics, asOf]);
  if (metricTable?.key === key) return metricTable;
  if (s.info().customers > METRIC_TABLE_LIMIT) return null;
  // Metric values do not depend on tiers or points: the program as it is.
  const table = s.metricValues(JSON.stringify(program), asOf);
  const ids = s.customerIds();
  const names = table.metrics.map((x) => x.name);
  const money = table.metrics.map((x) => x.money);
  const n = names.length;
  const index = new Map();
  const values = names.map(() => new Float64Array(table.rows));
  for (let row = 0; row < table.rows; row++) {
    index.set(ids[table.customer[row]], row);
    for (let k = 0; k < n; k++) values[k][row] = table.values[row * n + k];
  }
  metricTable = { key, index, names, money, values };
  return metricTable;
}

/** @type {{ key: string, rows: any[], table: typeof metricTable } | null} */
let moversCache = null;

/** Every mover, with metric values, sorted as asked. */
function allMovers(/** @type {import('./protocol.js').MoversRequest | import('./protocol.js').ExportMoversRequest} */ m) {
  const s = needSession();
  const key = JSON.stringify([m.baseline, m.candidate, m.asOf]);
  if (moversCache?.key !== key) {
    const base = JSON.parse(m.baseline);
    const cand = JSON.parse(m.candidate);
    if (samePointsRules(base, cand)) { delete base.points; delete cand.points; }
    const rows = s.movers(JSON.stringify(base), JSON.stringify(cand), { asOf: m.asOf });
    const table = metricsOf(cand, m.asOf);
    for (const r of rows) {
      r.change = r.from < 0 || r.to < 0 ? 0 : r.to - r.from;
      if (table) {
        const at = table.index.get(r.customer_id);
        r.metrics = table.names.map((_, k) => (at === undefined ? null : table.values[k][at]));
      }
    }
    moversCache = { key, rows, table };
  }
  const { rows, table } = moversCache;
  const { key: by, dir } = m.sort;
  const metricAt = by.startsWith('metric:') ? Number(by.slice(7)) : -1;
  const value = (/** @type {any} */ r) => (metricAt >= 0 ? r.metrics?.[metricAt] ?? -Infinity : by === 'customer_id' ? r.customer_id : r[by]);
  const sorted = rows.slice().sort((a, b) => {
    const x = value(a), y = value(b);
    const c = x < y ? -1 : x > y ? 1 : 0;
    return c !== 0 ? c * dir : a.customer_id < b.customer_id ? -1 : a.customer_id > b.customer_id ? 1 : 0;
  });
  return { sorted, table };
}

/** @param {import('./protocol.js').MoversRequest} m */
async function movers(m) {
  const start = performance.now();
  const { sorted, table } = allMovers(m);
  const s = needSession();
  const note = table ? '' : s.info().customers > METRIC_TABLE_LIMIT
    ? `metric values are left out above ${METRIC_TABLE_LIMIT.toLocaleString('en-US')} customers` : '';
  post({ type: 'movers', id: m.id, rows: sorted.slice(0, m.limit), total: sorted.length,
    metrics: table ? table.names.map((name, k) => ({ name, money: table.money[k] })) : null, metricsNote: note,
    ms: performance.now() - start });
}

const csvField = (/** @type {any} */ v) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** @param {import('./protocol.js').ExportMoversRequest} m */
async function exportMovers(m) {
  const { sorted, table } = allMovers(m);
  const names = table ? table.names : [];
  const lines = [['customer_id', 'baseline_tier', 'candidate_tier', 'change', ...names].join(',')];
  for (const r of sorted)
    lines.push([r.customer_id, r.from_name ?? '', r.to_name ?? '', r.change, ...(r.metrics ?? [])].map(csvField).join(','));
  post({ type: 'exported', id: m.id, csv: lines.join('\n') + '\n', rows: sorted.length });
}

// ---- auto-tune (web/simulator/tune.js) ----

/** @param {import('./protocol.js').TuneRequest} m */
async function tune(m) {
  const s = needSession();
  const start = performance.now();
  const report = s.tune(m.program, { targets: m.targets || undefined, metric: m.metric || undefined,
    budget: m.budget || undefined, asOf: m.asOf });
  post({ type: 'tuned', id: m.id, report, ms: performance.now() - start });
}

// ---- sweep and replay ----

/** @param {import('./protocol.js').SweepRequest} m */
async function sweep(m) {
  const s = needSession();
  const start = performance.now();
  const cand = JSON.parse(m.program);
  delete cand.points; // a sweep counts tiers only
  const result = s.sweep(JSON.stringify(cand), { tier: m.tier, metric: m.metric, from: m.from, to: m.to, steps: m.steps, asOf: m.asOf });
  post({ type: 'swept', id: m.id, sweep: result, ms: performance.now() - start });
}

/** @type {Map<string, any>} */
const replayCache = new Map();
function replayOf(/** @type {string} */ program, /** @type {import('./protocol.js').ReplayRequest} */ m) {
  const p = JSON.parse(program);
  delete p.points; // a replay counts tiers only
  const text = JSON.stringify(p);
  const key = JSON.stringify([text, m.from, m.to, m.step]);
  if (!replayCache.has(key)) {
    if (replayCache.size > 8) replayCache.clear();
    replayCache.set(key, needSession().replay(text, { from: m.from, to: m.to, step: m.step }));
  }
  return replayCache.get(key);
}

/** @param {import('./protocol.js').ReplayRequest} m */
async function replay(m) {
  const start = performance.now();
  const baseline = replayOf(m.baseline, m);
  const candidate = replayOf(m.candidate, m);
  post({ type: 'replayed', id: m.id, baseline, candidate, ms: performance.now() - start });
}

// ---- notification lists (docs/notify.md; the page's panel: notify.js) ----

/** @param {import('./protocol.js').NotifyRequest} m */
async function notifyCounts(m) {
  const s = needSession();
  const start = performance.now();
  const baseline = s.notifyCounts(m.baseline, { asOf: m.asOf });
  const candidate = s.notifyCounts(m.candidate, { asOf: m.asOf });
  post({ type: 'notified', id: m.id, baseline, candidate, ms: performance.now() - start });
}

/** @param {import('./protocol.js').NotifyCsvRequest} m */
async function notifyCsv(m) {
  const csv = needSession().notifyCsv(m.program, { asOf: m.asOf, reason: m.reason });
  post({ type: 'notify-csv', id: m.id, side: m.side, reason: m.reason, csv, rows: csv.split('\n').length - 2 });
}
