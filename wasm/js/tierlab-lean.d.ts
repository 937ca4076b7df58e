// Types of tierlab-lean.mjs: one shopper's tier, progress and points (the
// widget's build). Field names follow the CLI's JSON (snake_case). Money is an
// exact decimal string in major units ("65.01"); counts are numbers.

export declare const version: string;

/**
 * Bad input: the core's located message ("events:7: column amount: …", "program: /tiers/2/qualify: …").
 * Also thrown by the JS layer itself, never a RangeError or a silently lossy number:
 * for an invalid Date (`asOf: new Date('x')`: `option` is "asOf"), and for an
 * integer in a result beyond Number.MAX_SAFE_INTEGER (`field`, `path`, and the
 * exact decimal `value`; money itself is always a decimal string).
 */
export declare class TierlabError extends Error {
  name: 'TierlabError';
  /** Line of the events file, when the fault has one. */
  line?: number;
  /** JSON pointer of the fault in the program, events JSON or metrics, when it has one. */
  pointer?: string;
  /** The option at fault (camelCase, e.g. "asOf"), for errors found by the JS layer. */
  option?: string;
  /** A result's integer beyond 2^53 - 1: its key, JSON pointer in the result, and exact decimal text. */
  field?: string;
  path?: string;
  value?: string;
}

/** Program JSON (spec §3) as text, bytes or a parsed object. */
export type ProgramInput = string | Uint8Array | ArrayBuffer | object;
/** Money in major units: a decimal string ("129.99") or a number. */
export type Amount = string | number;
/** A day: "YYYY-MM-DD" or a Date (its UTC day; an invalid Date throws TierlabError naming the option). */
export type DayInput = string | Date;

/** One event in the spec §2 JSON form. */
export interface EventRecord {
  customer_id: string | number;
  date: string;
  type: string;
  amount?: Amount;
  event_id?: string | number;
}
export type EventsInput = string | Uint8Array | ArrayBuffer | EventRecord[];

/** Metric values sent by a shop backend: flat, or an envelope with membership and points. */
export type MetricValues = Record<string, Amount>;
export interface MetricEnvelope {
  values: MetricValues;
  /** Default true. */
  enrolled?: boolean;
  points_balance?: number;
  /** A tier the backend knows is held (retention), by name, and until when. */
  held_tier?: string;
  held_until?: string;
}

export interface CustomerOptions {
  asOf?: DayInput;
  /** Which customer of the events (needed when they hold more than one). */
  customer?: string;
  /** Preview an order of this amount (major units). */
  cartTotal?: Amount;
  skipBadRows?: boolean;
  source?: string;
}

export type Money = string;
export type MetricValue = Money | number;

export interface LeafProgress {
  op: 'leaf';
  progress: number;
  /** 0–100, floor of the exact percent. */
  percent: number;
  met: boolean;
  metric: string;
  metric_index: number;
  measure: 'net_spend' | 'gross_spend' | 'purchase_count' | 'engagement_points' | 'event_count' | 'tenure_days';
  money: boolean;
  kind?: string;
  above: boolean;
  threshold: MetricValue;
  target: MetricValue;
  value: MetricValue;
  remaining: MetricValue;
}
export interface GroupProgress {
  op: 'any' | 'all';
  progress: number;
  percent: number;
  met: boolean;
  children: ConditionProgress[];
}
export type ConditionProgress = LeafProgress | GroupProgress;

export interface PointsView {
  balance: number;
  /** Balance × value, when the program gives points a value. */
  value: Money | null;
  earned: number;
  redeemed: number;
  expired: number;
  next_expiry: { on: string; points: number } | null;
  rewards: { name: string; points: number; available: boolean }[];
}

export interface PreviewView {
  cart_total: Money;
  tier: number;
  tier_name: string;
  next_tier: number;
  next_tier_name: string | null;
  upgrade: boolean;
  progress: number;
  percent: number;
  /** With a qualify delay: the day the order starts to count. */
  counts_from: string | null;
  points_earned: number | null;
  next: ConditionProgress | null;
}

/** One customer at as_of, in detail. */
export interface CustomerView {
  customer_id: string | null;
  as_of: string | null;
  /** Has history on or before as_of (false: a new shopper, shown at the floor). */
  listed: boolean;
  /** The program's display_name for shoppers, else its name. */
  display_name: string;
  enrolled: boolean;
  /** -1 when not enrolled. */
  tier: number;
  tier_name: string | null;
  /** What the metrics at as_of alone qualify for (retention may hold a higher tier). */
  qualified_tier: number;
  qualified_tier_name: string | null;
  next_tier: number;
  next_tier_name: string | null;
  top: boolean;
  progress: number | null;
  percent: number | null;
  held_until: string | null;
  metrics: Record<string, MetricValue>;
  /** The next tier's condition with progress on every node. */
  next: ConditionProgress | null;
  /** The current tier's own condition today (what keeps it). */
  keep: ConditionProgress | null;
  /** Purchases that count only after the qualify delay. */
  pending: { placed_on: string; counts_from: string; amount: Money }[];
  points: PointsView | null;
  preview: PreviewView | null;
  /**
   * The import report: the full build's whenever events were given; the lean
   * build's only when skipBadRows left bad events out, as
   * { skipped, first_skipped: [{ line, message }] } (the first one only).
   */
  report?: ImportReport | { skipped: number; first_skipped: { line: number; message: string }[] };
}

export interface ImportReport {
  source: string;
  format: string;
  rows_read: number;
  rows_used: number;
  duplicates: number;
  skipped: number;
  left_out: number;
  summary: string;
  first_skipped: { line: number; message: string }[];
}

export type Shopper = { events: EventsInput } | { metrics: MetricValues | MetricEnvelope | string };

export interface TierlabLean {
  readonly version: string;
  readonly build: 'lean' | 'full';
  validateProgram(program: ProgramInput): { ok: true } | { ok: false; error: string; pointer?: string };
  customer(program: ProgramInput, shopper: Shopper, options?: CustomerOptions): CustomerView;
  customerFromEvents(program: ProgramInput, events: EventsInput, options?: CustomerOptions): CustomerView;
  customerFromMetrics(program: ProgramInput, metrics: MetricValues | MetricEnvelope | string, options?: CustomerOptions): CustomerView;
}

export interface LoadOptions {
  /** Where the .wasm is, when not beside the module. */
  wasmUrl?: string | URL;
  /** The .wasm bytes, when you have them. */
  wasmBinary?: ArrayBuffer | Uint8Array;
}

export declare function createTierlab(options?: LoadOptions): Promise<TierlabLean>;
export default createTierlab;
