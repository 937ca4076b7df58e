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
  TierlabError, check, commonApi, dayText, eventsInput, inNode, optionsText, parseResult, programText, reportOf, version,
  wasmBytes,
} from './tierlab-lean.mjs';

export { TierlabError, version };

// asOf may be given bare (a string or Date) where the CLI takes --as-of.
const opts = (o) => (o === undefined || o === null ? {} : typeof o === 'string' || o instanceof Date ? { asOf: o } : o);

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
  #ids;

  /** @internal use tl.openSession() */
  constructor(handle, report) {
    this.#h = handle;
    /** The import report: rows read = used + duplicates + skipped. */
    this.report = report;
    sessions.register(this, handle, this);
  }

  #handle() {
    if (!this.#h) throw new TierlabError('session: disposed');
    return this.#h;
  }

  /** customers, events, first_day, last_day, kinds */
  info() {
    return parseResult(this.#handle().info());
  }

  /** Every customer id of the file, by index (the index used in tiers().customer). */
  customerIds() {
    if (!this.#ids) {
      const all = this.#handle().customerIds();
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
    const h = this.#handle();
    const meta = parseResult(h.tiers(programText(program), optionsText(opts(options))));
    meta.customer = h.rowCustomers().slice();
    meta.tier = h.rowTiers().slice();
    meta.progress = h.rowProgress().slice();
    meta.held_until_days = h.rowHeldUntil().slice();
    meta.heldUntil = (row) => dayFromNumber(meta.held_until_days[row]);
    return meta;
  }

  simulateJson(baseline, candidate, options) {
    return check(this.#handle().simulate(programText(baseline), programText(candidate), optionsText({ ...opts(options), format: 'json' }))).value;
  }
  simulate(baseline, candidate, options) {
    return JSON.parse(this.simulateJson(baseline, candidate, options));
  }
  simulateText(baseline, candidate, options) {
    return check(this.#handle().simulate(programText(baseline), programText(candidate), optionsText({ ...opts(options), format: 'text' }))).value;
  }
  /** Customers whose tier differs: [{customer_id, from, from_name, to, to_name}]; options.limit (0 = all). */
  movers(baseline, candidate, options) {
    return parseResult(this.#handle().movers(programText(baseline), programText(candidate), optionsText(opts(options))));
  }
  /** options: tier, metric, from, to (major units for money), steps, asOf. */
  sweep(program, options) {
    return parseResult(this.#handle().sweep(programText(program), optionsText({ ...options, format: 'json' })));
  }
  sweepCsv(program, options) {
    return check(this.#handle().sweep(programText(program), optionsText({ ...options, format: 'csv' }))).value;
  }
  /** options: from, to, step ('day' | 'week' | 'month'). */
  replay(program, options) {
    return parseResult(this.#handle().replay(programText(program), optionsText({ ...options, format: 'json' })));
  }
  replayCsv(program, options) {
    return check(this.#handle().replay(programText(program), optionsText({ ...options, format: 'csv' }))).value;
  }
  /** `tierlab evaluate --format csv` on the loaded events. options: asOf, customer. */
  evaluateCsv(program, options) {
    return check(this.#handle().evaluate(programText(program), optionsText({ ...opts(options), format: 'csv' }))).value;
  }
  evaluate(program, options) {
    return parseResult(this.#handle().evaluate(programText(program), optionsText({ ...opts(options), format: 'json' })));
  }
  /** One customer in detail (the widget's view). options: asOf, cartTotal. */
  customer(program, customerId, options) {
    return parseResult(this.#handle().customer(programText(program), optionsText({ ...opts(options), customer: customerId })));
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

  const evaluateOut = (program, events, options, format) => {
    const r = check(core.evaluateOutput(programText(program), eventsInput(events), optionsText({ ...opts(options), format })));
    return r.value;
  };
  const simulateOut = (baseline, candidate, events, options, format) =>
    check(core.simulateOutput(programText(baseline), programText(candidate), eventsInput(events),
                              optionsText({ ...opts(options), format }))).value;

  return Object.freeze({
    ...commonApi(core),
    build: 'full',
    /** Diagnostics: bytes the module's allocator holds (stays flat across calls). */
    memoryInUse: () => core.heapInUse(),
    /** Program summary: tiers with conditions and benefits, metrics, points (money as decimal strings). */
    parseProgram: (program) => parseResult(core.programInfo(programText(program))),
    /** The program as canonical JSON (decimals in major units). */
    normalizeProgram: (program) => check(core.normalizeProgram(programText(program))).value,
    /** Reads events (any supported format) and returns what is in them, with the import report. */
    importEvents(events, options) {
      const r = core.importSummary(eventsInput(events), optionsText(options));
      const out = parseResult(r);
      out.report = reportOf(r);
      return out;
    },
    /** `tierlab import`: the canonical events CSV of any supported input. */
    importToCsv: (events, options) => check(core.importToCsv(eventsInput(events), optionsText(options))).value,
    /** Exactly what `tierlab evaluate --format csv` prints. */
    evaluateCsv: (program, events, asOf) => evaluateOut(program, events, asOf, 'csv'),
    /** Exactly what `tierlab evaluate --format json` prints. */
    evaluateJson: (program, events, asOf) => evaluateOut(program, events, asOf, 'json'),
    /** The evaluation as an object ({as_of, program, currency, customers: [...]}). */
    evaluate: (program, events, options) => JSON.parse(evaluateOut(program, events, options, 'json')),
    /** Exactly what `tierlab simulate --format json` prints. */
    simulateJson: (baseline, candidate, events, asOf) => simulateOut(baseline, candidate, events, asOf, 'json'),
    simulateText: (baseline, candidate, events, asOf) => simulateOut(baseline, candidate, events, asOf, 'text'),
    simulate: (baseline, candidate, events, options) => JSON.parse(simulateOut(baseline, candidate, events, options, 'json')),
    /** Loads events once for fast what-if work. Call dispose() when done. options: currency | program, importFormat, mapping, skipBadRows. */
    openSession(events, options) {
      const handle = new core.SessionHandle();
      let r;
      try {
        r = check(handle.load(eventsInput(events), optionsText(options)));
      } catch (e) {
        handle.delete();
        throw e;
      }
      return new Session(handle, reportOf(r));
    },
  });
}

export { dayText };
export default createTierlab;
