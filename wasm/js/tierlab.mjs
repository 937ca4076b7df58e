// Tierlab, full build: the JavaScript API over the core (docs/wasm.md).
//
//   import { createTierlab } from './tierlab.mjs';
//   const tl = await createTierlab();            // browsers and node 20, no flags
//   tl.evaluateCsv(programJson, eventsCsv);      // the bytes `tierlab evaluate` prints
//   const s = tl.openSession(eventsCsv);         // load once, then re-tier fast
//   s.simulate(baseline, candidate); s.dispose();
//
// Plain objects in and out (field names as in the CLI's JSON); bad input
// throws TierlabError with the core's located message. Only a Session holds
// wasm memory: call dispose() (a FinalizationRegistry is the safety net).
import createTierlabCore from './tierlab-core.mjs';
import {
  TierlabError, check, commonApi, dayText, eventsInput, inNode, optionsText, parseJson, parseResult, programText, reportOf,
  version, wasmBytes,
} from './tierlab-lean.mjs';

export { TierlabError, version };

// ---- the boundary (wasm/bindings.cpp): only numbers cross Embind ----

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Text (string or bytes) into a fresh _malloc buffer: [address, length]. */
function put(core, t) {
  let bytes = t;
  if (typeof t === 'string') {
    // UTF-8 straight into wasm memory. Room for the worst case (3 bytes a
    // UTF-16 unit) when short; a long text gets one byte a char and some
    // slack (exact for ASCII) and is encoded apart if that is not enough.
    const cap = t.length <= 4096 ? 3 * t.length : t.length + (t.length >> 6) + 64;
    const p = core._malloc(cap || 1);
    if (!p) throw new TierlabError('out of memory');
    const r = encoder.encodeInto(t, core.HEAPU8.subarray(p, p + cap));
    if (r.read === t.length) return [p, r.written];
    core._free(p);
    bytes = encoder.encode(t);
  }
  const p = core._malloc(bytes.length || 1);
  if (!p) throw new TierlabError('out of memory');
  core.HEAPU8.set(bytes, p); // HEAPU8 read after _malloc: the heap may have grown
  return [p, bytes.length];
}

/** A published Result at address p -> {error, value, report} strings; frees it. */
function take(core, p) {
  try {
    const w = core.HEAPU32;
    const i = p >> 2;
    const heap = core.HEAPU8;
    const str = (at, n) => (n ? decoder.decode(heap.subarray(at, at + n)) : '');
    return { error: str(w[i], w[i + 1]), value: str(w[i + 2], w[i + 3]), report: str(w[i + 4], w[i + 5]) };
  } finally {
    core.freeResult(p);
  }
}

/** fn(address, length, ...) over the texts written into wasm memory; the Result it publishes. */
function call(core, fn, ...texts) {
  const args = [];
  try {
    for (const t of texts) args.push(...put(core, t));
    return take(core, fn(...args));
  } finally {
    for (let k = 0; k < args.length; k += 2) core._free(args[k]);
  }
}

// asOf may be given bare (a string or Date) where the CLI takes --as-of.
const opts = (o) => (o === undefined || o === null ? {} : typeof o === 'string' || o instanceof Date ? { asOf: o } : o);

// notify's options: since is a day like asOf.
const notifyOptions = (options, format) => {
  const o = { ...opts(options), format };
  if (o.since !== undefined && o.since !== null) o.since = dayText(o.since, 'since');
  return optionsText(o);
};

const NO_DAY = -2147483648;
const DAY_MS = 86400000;
const dayFromNumber = (d) => (d === NO_DAY ? null : new Date(d * DAY_MS).toISOString().slice(0, 10));

const sessions = new FinalizationRegistry((handle) => {
  try {
    handle.delete();
  } catch {
    /* already gone */
  }
});

/** Events loaded once; re-tiering, simulation, sweeps and replays reuse its metric tables. */
export class Session {
  #h;
  #core;
  #ids;

  /** @internal use tl.openSession() */
  constructor(core, handle, report) {
    this.#core = core;
    this.#h = handle;
    /** The import report: rows read = used + duplicates + skipped. */
    this.report = report;
    sessions.register(this, handle, this);
  }

  #handle() {
    if (!this.#h) throw new TierlabError('session: disposed');
    return this.#h;
  }

  /** The handle's method `name` over texts: {error, value, report}. */
  #call(name, ...texts) {
    const h = this.#handle();
    return call(this.#core, (...a) => h[name](...a), ...texts);
  }

  /** customers, events, first_day, last_day, kinds */
  info() {
    return parseResult(this.#call('info'));
  }

  /** Every customer id of the file, by index (the index used in tiers().customer). */
  customerIds() {
    if (!this.#ids) {
      const all = this.#call('customerIds').value;
      this.#ids = all === '' ? [] : all.split('\0');
    }
    return this.#ids;
  }

  /**
   * Tier of every listed customer at asOf: counts, plus typed arrays (copies)
   * customer (index into customerIds()), tier (-1 = not enrolled), progress
   * (0..1 toward the next tier) and held_until (ISO day or null via heldUntil(i)).
   */
  tiers(program, options) {
    const meta = parseResult(this.#call('tiers', programText(program), optionsText(opts(options))));
    // The row arrays: views of wasm memory at the addresses rows() gives, copied out.
    const w = this.#core.HEAPU32;
    const at = this.#h.rows() >> 2;
    const n = w[at + 4];
    const heap = this.#core.HEAPU8.buffer;
    meta.customer = new Uint32Array(heap, w[at], n).slice();
    meta.tier = new Int8Array(heap, w[at + 1], n).slice();
    meta.progress = new Float64Array(heap, w[at + 2], n).slice();
    meta.held_until_days = new Int32Array(heap, w[at + 3], w[at + 5]).slice();
    meta.heldUntil = (row) => dayFromNumber(meta.held_until_days[row]);
    return meta;
  }

  simulateJson(baseline, candidate, options) {
    return check(this.#call('simulate', programText(baseline), programText(candidate), optionsText({ ...opts(options), format: 'json' }))).value;
  }
  simulate(baseline, candidate, options) {
    return parseJson(this.simulateJson(baseline, candidate, options));
  }
  simulateText(baseline, candidate, options) {
    return check(this.#call('simulate', programText(baseline), programText(candidate), optionsText({ ...opts(options), format: 'text' }))).value;
  }
  /** Customers whose tier differs: [{customer_id, from, from_name, to, to_name}]; options.limit (0 = all). */
  movers(baseline, candidate, options) {
    return parseResult(this.#call('movers', programText(baseline), programText(candidate), optionsText(opts(options))));
  }
  /** options: tier, metric, from, to (major units for money), steps, asOf. */
  sweep(program, options) {
    return parseResult(this.#call('sweep', programText(program), optionsText({ ...options, format: 'json' })));
  }
  sweepCsv(program, options) {
    return check(this.#call('sweep', programText(program), optionsText({ ...options, format: 'csv' }))).value;
  }
  /** options: from, to, step ('day' | 'week' | 'month'). */
  replay(program, options) {
    return parseResult(this.#call('replay', programText(program), optionsText({ ...options, format: 'json' })));
  }
  replayCsv(program, options) {
    return check(this.#call('replay', programText(program), optionsText({ ...options, format: 'csv' }))).value;
  }
  /**
   * Auto-tune (spec §5b): options.targets {Silver: '30%', Gold: 0.1} or
   * 'Silver=30%,Gold=10%'; metric, budget (major units), asOf. The report
   * (docs/semantics.md "Auto-tune") with `candidate`, the tuned program.
   */
  tune(program, options = {}) {
    const { targets, ...rest } = options;
    const text =
      targets === undefined || targets === null || typeof targets === 'string'
        ? targets
        : Object.entries(targets).map(([tier, share]) => `${tier}=${share}`).join(',');
    return parseResult(this.#call('tune', programText(program), optionsText({ ...rest, targets: text })));
  }
  /** `tierlab evaluate --format csv` on the loaded events. options: asOf, customer. */
  evaluateCsv(program, options) {
    return check(this.#call('evaluate', programText(program), optionsText({ ...opts(options), format: 'csv' }))).value;
  }
  evaluate(program, options) {
    return parseResult(this.#call('evaluate', programText(program), optionsText({ ...opts(options), format: 'json' })));
  }
  /**
   * `tierlab notify` on the loaded events (docs/notify.md). options: asOf,
   * since (default asOf - 7), within (days, default 30), locale ('en').
   * notify(): {as_of, since, within_days, locale, currency, counts, rows};
   * notifyCounts(): {reason: customers}; notifyCsv(): the CLI's CSV bytes,
   * every row or (options.reason) one reason's.
   */
  notify(program, options) {
    return parseResult(this.#call('notify', programText(program), notifyOptions(options, 'json')));
  }
  notifyCounts(program, options) {
    return parseResult(this.#call('notify', programText(program), notifyOptions(options, 'counts')));
  }
  notifyCsv(program, options) {
    return check(this.#call('notify', programText(program), notifyOptions(options, 'csv'))).value;
  }
  /**
   * Every listed customer's metric values at asOf (what `evaluate` lists):
   * {as_of, rows, metrics: [{name, money}], customer: Uint32Array (index into
   * customerIds()), values: Float64Array (row-major, rows x metrics; money in
   * major units)}. A value a JS number cannot hold exactly throws TierlabError.
   */
  metricValues(program, options) {
    const meta = parseResult(this.#call('metricValues', programText(program), optionsText(opts(options))));
    const w = this.#core.HEAPU32;
    const at = this.#h.metricRows() >> 2;
    const n = w[at + 2];
    const heap = this.#core.HEAPU8.buffer;
    meta.customer = new Uint32Array(heap, w[at], n).slice();
    meta.values = new Float64Array(heap, w[at + 1], n * meta.metrics.length).slice();
    return meta;
  }
  /** One customer in detail (the widget's view). options: asOf, cartTotal. */
  customer(program, customerId, options) {
    return parseResult(this.#call('customer', programText(program), optionsText({ ...opts(options), customer: customerId })));
  }

  /** Frees the session's wasm memory. Safe to call twice. */
  dispose() {
    if (this.#h) {
      sessions.unregister(this);
      this.#h.delete();
      this.#h = undefined;
    }
  }
}

/**
 * Loads the full module. options: { wasmUrl?, wasmBinary? }.
 * @returns {Promise<import('./tierlab').Tierlab>}
 */
export async function createTierlab(options) {
  const init = {};
  const defaultUrl = new URL('./tierlab-core.wasm', import.meta.url);
  // Browsers stream-compile the .wasm beside this file (or options.wasmUrl).
  if (options?.wasmBinary || (inNode && !options?.wasmUrl)) init.wasmBinary = await wasmBytes(defaultUrl, options);
  else if (options?.wasmUrl) init.locateFile = () => String(options.wasmUrl);
  const core = await createTierlabCore(init);

  const evaluateOut = (program, events, options, format) =>
    check(call(core, core.evaluateOutput, programText(program), eventsInput(events), optionsText({ ...opts(options), format }))).value;
  const simulateOut = (baseline, candidate, events, options, format) =>
    check(call(core, core.simulateOutput, programText(baseline), programText(candidate), eventsInput(events),
               optionsText({ ...opts(options), format }))).value;
  // What commonApi expects: {error, value, report} from text arguments.
  const texts = (fn) => (...args) => call(core, fn, ...args);

  return Object.freeze({
    ...commonApi({
      validateProgram: texts(core.validateProgram),
      customerFromEvents: texts(core.customerFromEvents),
      customerFromMetrics: texts(core.customerFromMetrics),
    }),
    build: 'full',
    /** Diagnostics: bytes the module's allocator holds (stays flat across calls). */
    memoryInUse: () => core.heapInUse(),
    /** Program summary: tiers with conditions and benefits, metrics, points (money as decimal strings). */
    parseProgram: (program) => parseResult(call(core, core.programInfo, programText(program))),
    /** The program as canonical JSON (decimals in major units). */
    normalizeProgram: (program) => check(call(core, core.normalizeProgram, programText(program))).value,
    /** Reads events (any supported format) and returns what is in them, with the import report. */
    importEvents(events, options) {
      const r = call(core, core.importSummary, eventsInput(events), optionsText(options));
      const out = parseResult(r);
      out.report = reportOf(r);
      return out;
    },
    /**
     * What the core sees in an events file, before importing it: {format (null
     * when the core cannot tell: needs_mapping), needs_mapping, columns (the
     * header, read by the core's CSV reader), rows (the first options.rows, default 5)}.
     */
    inspectEvents: (events, options) => parseResult(call(core, core.inspectEvents, eventsInput(events), optionsText(options))),
    /** `tierlab import`: the canonical events CSV of any supported input. */
    importToCsv: (events, options) => check(call(core, core.importToCsv, eventsInput(events), optionsText(options))).value,
    /** Exactly what `tierlab evaluate --format csv` prints. */
    evaluateCsv: (program, events, asOf) => evaluateOut(program, events, asOf, 'csv'),
    /** Exactly what `tierlab evaluate --format json` prints. */
    evaluateJson: (program, events, asOf) => evaluateOut(program, events, asOf, 'json'),
    /** The evaluation as an object ({as_of, program, currency, customers: [...]}). */
    evaluate: (program, events, options) => parseJson(evaluateOut(program, events, options, 'json')),
    /** Exactly what `tierlab simulate --format json` prints. */
    simulateJson: (baseline, candidate, events, asOf) => simulateOut(baseline, candidate, events, asOf, 'json'),
    simulateText: (baseline, candidate, events, asOf) => simulateOut(baseline, candidate, events, asOf, 'text'),
    simulate: (baseline, candidate, events, options) => parseJson(simulateOut(baseline, candidate, events, options, 'json')),
    /** Loads events once for fast what-if work. Call dispose() when done. options: currency | program, importFormat, mapping, skipBadRows. */
    openSession(events, options) {
      const handle = new core.SessionHandle();
      let r;
      try {
        r = check(call(core, (...a) => handle.load(...a), eventsInput(events), optionsText(options)));
      } catch (e) {
        handle.delete();
        throw e;
      }
      return new Session(core, handle, reportOf(r));
    },
  });
}

export { dayText };
export default createTierlab;
