// Tierlab, lean build: one shopper's tier, progress and points, computed by the
// same core as the CLI. Used by <tierlab-progress>; tierlab.mjs builds on it.
//
//   import { createTierlab } from './tierlab-lean.mjs';
//   const tl = await createTierlab();
//   tl.customer(programJson, { events: [...] }, { asOf: '2025-12-30' });
//
// Plain objects in and out; bad input throws TierlabError with the core's
// located message; nothing to free.
import createTierlabLeanCore from './tierlab-lean-core.mjs';

export const version = '0.1.0';

/**
 * The core's located message ("program: /tiers/2/qualify: ...", "events:7: column amount: ...").
 * `fields` (from the JS layer itself) names where: option (e.g. 'asOf'), or
 * field, path and value (an integer a JS number cannot hold).
 */
export class TierlabError extends Error {
  constructor(message, fields) {
    super(message);
    this.name = 'TierlabError';
    if (fields) Object.assign(this, fields);
    // "events:7: ..." -> line 7; "program: /tiers/2/qualify/any/0/above: ..." -> pointer
    const line = /^[^:\n]*:(\d+): /.exec(message);
    if (line) this.line = Number(line[1]);
    const pointer = /(?:^|: )(\/[^:\s]*): /.exec(message);
    if (pointer) this.pointer = pointer[1];
  }
}

export const inNode = typeof process === 'object' && !!process.versions?.node && typeof window === 'undefined';

/**
 * The bytes of a .wasm beside this file (or at options.wasmUrl): read from
 * disk under node (node's fetch() cannot read a file path), fetched elsewhere.
 * @internal shared with tierlab.mjs
 */
export async function wasmBytes(defaultUrl, options = {}) {
  if (options.wasmBinary) return options.wasmBinary;
  const url = options.wasmUrl ?? defaultUrl;
  if (inNode && !options.wasmUrl) {
    const { readFile } = await import('node:fs/promises');
    return readFile(url);
  }
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new TierlabError(`cannot load ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

// ---- conversions shared with tierlab.mjs ----

const decoder = new TextDecoder();

/** Program: JSON text, bytes, or an object (spec §3). */
export function programText(program) {
  if (typeof program === 'string') return program;
  if (program instanceof Uint8Array || program instanceof ArrayBuffer) return decoder.decode(program);
  if (program && typeof program === 'object') return JSON.stringify(program);
  throw new TierlabError('program: expected JSON text or an object');
}

/** Events: CSV/JSON text, bytes (sent as is), or an array of event objects (spec §2 JSON form). */
export function eventsInput(events) {
  if (typeof events === 'string' || events instanceof Uint8Array) return events;
  if (events instanceof ArrayBuffer) return new Uint8Array(events);
  if (Array.isArray(events)) return JSON.stringify(events);
  throw new TierlabError('events: expected CSV or JSON text, bytes, or an array of events');
}

/** A day as YYYY-MM-DD: a string as is, a Date by its UTC day. `option` names it in errors. */
export function dayText(d, option = 'asOf') {
  if (d === undefined || d === null || d === '') return undefined;
  if (d instanceof Date) {
    // An invalid Date (new Date('x')) would make toISOString() throw a RangeError.
    const t = d.getTime();
    if (Number.isNaN(t)) throw new TierlabError(`${option}: expected a valid Date or YYYY-MM-DD, got an invalid Date`, { option });
    const iso = d.toISOString();
    if (!/^\d{4}-/.test(iso)) throw new TierlabError(`${option}: the Date ${iso} is outside the years 0000-9999`, { option });
    return iso.slice(0, 10);
  }
  return String(d);
}

// ---- integers a JS number cannot hold ----

const BEYOND = 'beyond Number.MAX_SAFE_INTEGER (2^53 - 1)';
const unsafe = (v) => typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v);

/**
 * JSON.parse for results, which must never be silently lossy: an integer
 * beyond Number.MAX_SAFE_INTEGER in the text throws TierlabError naming the
 * field, its JSON pointer in the result and its exact decimal text. Only a
 * text holding a number of 16 or more digits is walked (safe ones have at most 16).
 * @internal shared with tierlab.mjs
 */
export function parseJson(text) {
  const value = JSON.parse(text);
  if (/[:[,]\s*-?\d{16}/.test(text)) checkIntegers(text);
  return value;
}

function checkIntegers(t) {
  // Per open container: its current key (object) or index (array).
  const path = [];
  const tokens = /("(?:[^"\\]|\\.)*")(\s*:)?|[{}[\],]|-?\d[\d.eE+-]*/g;
  for (let m; (m = tokens.exec(t)); ) {
    const [s, str, key] = m;
    const top = path.length - 1;
    if (str) {
      if (key) path[top] = JSON.parse(str);
    } else if (s === '{' || s === '[') path.push(s === '[' ? 0 : '');
    else if (s === '}' || s === ']') path.pop();
    else if (s === ',') {
      if (typeof path[top] === 'number') path[top]++;
    } else if (!/[.eE]/.test(s) && !Number.isSafeInteger(Number(s))) {
      const at = '/' + path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
      const field = String(path[top] ?? '');
      throw new TierlabError(`${field} is ${s} (at ${at} in the result), ${BEYOND}: a JS number cannot hold it exactly`,
        { field, path: at, value: s });
    }
  }
}

const snake = (k) => k.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());

/** Options object -> the JSON the bindings read (camelCase keys to snake_case). */
export function optionsText(options = {}) {
  const out = {};
  for (const [k, v] of Object.entries(options ?? {})) {
    if (v === undefined || v === null) continue;
    if (k === 'asOf' || k === 'from' || k === 'to') out[snake(k)] = dayText(v, k);
    else if (unsafe(v)) throw new TierlabError(`${k}: ${v} is ${BEYOND}; pass it as a string or a BigInt`, { option: k });
    else if (k === 'mapping') out.mapping = Object.fromEntries(Object.entries(v).map(([mk, mv]) => [snake(mk), mv]));
    else if (k === 'program') out.program = programText(v);
    else if (typeof v === 'number' || typeof v === 'bigint') out[snake(k)] = String(v);
    else out[snake(k)] = v;
  }
  return JSON.stringify(out);
}

/** The one error funnel: a failed Result becomes a TierlabError. */
export function check(result) {
  if (result.error) throw new TierlabError(result.error);
  return result;
}

export const parseResult = (result) => parseJson(check(result).value);
export const reportOf = (result) => (result.report ? parseJson(result.report) : undefined);

/**
 * The API both builds share, over `calls` that return {error, value, report}:
 * validateProgram, customerFromEvents, customerFromMetrics. @internal
 */
export function commonApi(calls) {
  const customerFromEvents = (program, events, options) => {
    const r = calls.customerFromEvents(programText(program), eventsInput(events), optionsText(options));
    const view = parseResult(r);
    const report = reportOf(r);
    if (report) view.report = report;
    return view;
  };
  const customerFromMetrics = (program, metrics, options) => {
    // A BigInt goes as its exact digits; a number beyond 2^53 - 1 is refused (it may not be what was meant).
    const exact = (k, v) => {
      if (unsafe(v)) throw new TierlabError(`metrics: ${k}: ${v} is ${BEYOND}; pass it as a string or a BigInt`, { field: k });
      return typeof v === 'bigint' ? String(v) : v;
    };
    const text = typeof metrics === 'string' ? metrics : JSON.stringify(metrics, exact);
    return parseResult(calls.customerFromMetrics(programText(program), text, optionsText(options)));
  };
  return {
    version,
    /** { ok: true } or { ok: false, error, pointer } — never throws on a bad program. */
    validateProgram(program) {
      try {
        check(calls.validateProgram(programText(program)));
        return { ok: true };
      } catch (e) {
        if (e instanceof TierlabError) return { ok: false, error: e.message, pointer: e.pointer };
        throw e;
      }
    },
    customerFromEvents,
    customerFromMetrics,
    /** One shopper: shopper is { events } (spec §2 JSON array) or { metrics } (values from the shop backend). */
    customer(program, shopper, options) {
      if (shopper && 'metrics' in shopper) return customerFromMetrics(program, shopper.metrics, options);
      if (shopper && 'events' in shopper) return customerFromEvents(program, shopper.events, options);
      throw new TierlabError('shopper: expected { events } or { metrics }');
    },
  };
}

// The lean module's C ABI: arguments are (pointer, length) pairs of UTF-8 in
// wasm memory; the result is six words {error, length, value, length, report, length}.
const encoder = new TextEncoder();
function callLean(lean, fn, ...args) {
  const bytes = args.map((a) => (typeof a === 'string' ? encoder.encode(a) : a));
  const ptrs = bytes.map((b) => {
    const p = lean.alloc(b.length);
    lean.heap().set(b, p);
    return p;
  });
  try {
    const out = fn(...ptrs.flatMap((p, i) => [p, bytes[i].length]));
    const heap = lean.heap();
    const [ep, el, vp, vl, rp, rl] = new Uint32Array(heap.buffer, out, 6);
    const text = (p, n) => decoder.decode(heap.subarray(p, p + n));
    return { error: text(ep, el), value: text(vp, vl), report: rl ? text(rp, rl) : '' };
  } finally {
    ptrs.forEach(lean.free);
  }
}

/**
 * Loads the lean module. options: { wasmUrl?, wasmBinary? }.
 * @returns {Promise<import('./tierlab-lean').TierlabLean>}
 */
export async function createTierlab(options) {
  const wasm = await wasmBytes(new URL('./tierlab-lean-core.wasm', import.meta.url), options);
  const { lean } = await createTierlabLeanCore({ wasm });
  return Object.freeze({
    ...commonApi({
      validateProgram: (p) => callLean(lean, lean.validateProgram, p),
      customerFromEvents: (p, e, o) => callLean(lean, lean.customerFromEvents, p, e, o),
      customerFromMetrics: (p, m, o) => callLean(lean, lean.customerFromMetrics, p, m, o),
    }),
    build: 'lean',
    /** Diagnostics: bytes the module's allocator holds (stays flat across calls). */
    memoryInUse: () => lean.heapInUse(),
  });
}

export default createTierlab;
