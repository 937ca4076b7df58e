// @ts-check
// The typed messages between the page (app.js) and its Web Worker (worker.js).
// Every request carries a `type` and an `id`; every reply names the request it
// answers. The worker keeps only the newest request of each kind that is still
// waiting (a slider moved ten times while one simulation ran is one more
// simulation, not ten) and runs the waiting kinds by priority: import, then
// validate, simulate, movers, sweep, replay, export. Both sides check the
// shape with isRequest() / isReply() and drop anything else.

/**
 * Where events come from.
 * `bytes` goes from the interactive worker to the background one; `same` reads
 * again what the worker kept (a new column mapping or currency).
 * @typedef {{ kind: 'file', file: File }
 *   | { kind: 'url', url: string, name: string }
 *   | { kind: 'bytes', data: Uint8Array, name: string }
 *   | { kind: 'same' }} EventsSource
 */

/**
 * Column mapping for any line-item CSV (docs/importers.md).
 * @typedef {{ customer: string, date: string, order?: string, amount?: string,
 *   quantity?: string, unit_price?: string, strip_suffix?: string }} Mapping
 */

/**
 * @typedef {{ type: 'init', id: number, role?: 'interactive' | 'background', port?: MessagePort }} InitRequest
 *   (the page gives each worker one end of a MessageChannel: the interactive worker sends
 *   each file it read through it, the background worker imports what comes in)
 * @typedef {{ delimiter?: string, decimal?: string, dateOrder?: string, timezone?: string }} Formats
 *   (how the events file is written; unset: worked out by the core, docs/importers.md)
 * @typedef {{ type: 'import', id: number, source: EventsSource, program: string,
 *   skipBadRows: boolean, mapping?: Mapping, importFormat?: string, formats?: Formats }} ImportRequest
 * @typedef {{ type: 'inspect', id: number, mapping?: Mapping, formats?: Formats }} InspectRequest
 *   (the mapping step: the kept file's first rows read again with these choices)
 * @typedef {{ type: 'validate', id: number, text: string }} ValidateRequest
 * @typedef {{ type: 'simulate', id: number, baseline: string, candidate: string, asOf?: string, t0: number }} SimulateRequest
 * @typedef {{ type: 'movers', id: number, baseline: string, candidate: string, asOf?: string,
 *   sort: { key: string, dir: 1 | -1 }, limit: number }} MoversRequest
 * @typedef {{ type: 'sweep', id: number, program: string, tier: string, metric: string,
 *   from: string, to: string, steps: number, asOf?: string }} SweepRequest
 * @typedef {{ type: 'replay', id: number, baseline: string, candidate: string, from: string, to: string,
 *   step: 'day' | 'week' | 'month' }} ReplayRequest
 * @typedef {{ type: 'export-movers', id: number, baseline: string, candidate: string, asOf?: string,
 *   sort: { key: string, dir: 1 | -1 } }} ExportMoversRequest
 * @typedef {{ type: 'tune', id: number, program: string, targets: string, metric: string, budget: string,
 *   asOf?: string }} TuneRequest
 *   (targets "Silver=30%,Gold=10%"; budget in major units, '' for none: session.tune, spec §5b)
 * @typedef {{ type: 'notify', id: number, baseline: string, candidate: string, asOf?: string }} NotifyRequest
 *   (the notification lists' counts per reason for both programs, docs/notify.md)
 * @typedef {{ type: 'notify-csv', id: number, program: string, side: 'baseline' | 'candidate', reason: string,
 *   asOf?: string }} NotifyCsvRequest
 * @typedef {InitRequest | ImportRequest | InspectRequest | ValidateRequest | SimulateRequest | MoversRequest
 *   | SweepRequest | ReplayRequest | ExportMoversRequest | NotifyRequest | NotifyCsvRequest | TuneRequest} Request
 */

/**
 * @typedef {{ source: string, format: string, rows_read: number, rows_used: number, duplicates: number,
 *   skipped: number, left_out: number, summary: string, first_skipped: { line: number, message: string }[] }} ImportReport
 * @typedef {{ customers: number, events: number, first_day: string | null, last_day: string | null,
 *   kinds: string[] }} EventsInfo
 */

/**
 * @typedef {{ type: 'ready', id: number, version: string }} ReadyReply
 * @typedef {{ type: 'progress', id: number, phase: 'read' | 'parse', loaded: number, total: number,
 *   note: string }} ProgressReply
 * @typedef {{ type: 'imported', id: number, name: string, bytes: number, report: ImportReport,
 *   info: EventsInfo, ms: number, background: boolean }} ImportedReply
 *   (background: the background worker got the bytes too and runs the replays)
 * @typedef {{ type: 'import-failed', id: number, name: string, message: string, line?: number,
 *   needsMapping: boolean, columns: string[], preview: string[][] }} ImportFailedReply
 * @typedef {{ type: 'inspected', id: number, inspection: any }} InspectedReply
 *   (tl.inspectEvents(..., { formats: true }): columns, rows, delimiter, decimal, date_order, notes, problem, read)
 * @typedef {{ type: 'validated', id: number, ok: boolean, error?: string, pointer?: string,
 *   line?: number, column?: number, info?: any }} ValidatedReply
 * @typedef {{ type: 'simulated', id: number, report: any, ms: number, t0: number, startAt: number, endAt: number }} SimulatedReply
 *   (startAt / endAt: performance.timeOrigin + now() in the worker, to split the latency)
 * @typedef {{ type: 'movers', id: number, rows: any[], total: number, metrics: { name: string, money: boolean }[] | null,
 *   metricsNote: string, ms: number }} MoversReply
 * @typedef {{ type: 'swept', id: number, sweep: any, ms: number }} SweptReply
 * @typedef {{ type: 'replayed', id: number, baseline: any, candidate: any, ms: number }} ReplayedReply
 * @typedef {{ type: 'exported', id: number, csv: string, rows: number }} ExportedReply
 * @typedef {{ type: 'notified', id: number, baseline: Record<string, number>, candidate: Record<string, number>,
 *   ms: number }} NotifiedReply
 * @typedef {{ type: 'notify-csv', id: number, side: string, reason: string, csv: string, rows: number }} NotifyCsvReply
 * @typedef {{ type: 'failed', id: number, request: string, message: string, pointer?: string }} FailedReply
 * @typedef {{ type: 'tuned', id: number, report: any, ms: number }} TunedReply
 * @typedef {ReadyReply | ProgressReply | ImportedReply | ImportFailedReply | InspectedReply | ValidatedReply | SimulatedReply
 *   | MoversReply | SweptReply | ReplayedReply | ExportedReply | NotifiedReply | NotifyCsvReply | FailedReply
 *   | TunedReply} Reply
 */

/** Request kinds, highest priority first. */
export const REQUESTS = /** @type {const} */ (['init', 'import', 'inspect', 'validate', 'simulate', 'movers', 'sweep', 'replay',
  'export-movers', 'notify', 'notify-csv', 'tune']);
export const REPLIES = /** @type {const} */ (['ready', 'progress', 'imported', 'import-failed', 'inspected', 'validated', 'simulated',
  'movers', 'swept', 'replayed', 'exported', 'notified', 'notify-csv', 'failed', 'tuned']);

/** @param {any} m @returns {m is Request} */
export function isRequest(m) {
  return !!m && typeof m === 'object' && REQUESTS.includes(m.type) && Number.isInteger(m.id);
}

/** @param {any} m @returns {m is Reply} */
export function isReply(m) {
  return !!m && typeof m === 'object' && REPLIES.includes(m.type) && Number.isInteger(m.id);
}
