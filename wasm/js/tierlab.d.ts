// Types of tierlab.mjs, the full WebAssembly API (docs/wasm.md).
import type {
  Amount, CustomerOptions, CustomerView, DayInput, EventsInput, ImportReport, LoadOptions, ProgramInput, TierlabLean,
} from './tierlab-lean';

export * from './tierlab-lean';

export interface ImportOptions {
  /** ISO 4217 code whose minor digits bound money (default USD-like, 2). */
  currency?: string;
  /** events-csv, events-json, shopify, woocommerce, line-items, online-retail, cdnow (default: detected). */
  importFormat?: string;
  /** Column mapping for any line-item CSV. */
  mapping?: { customer: string; date: string; order?: string; amount?: string; quantity?: string; unitPrice?: string; stripSuffix?: string };
  skipBadRows?: boolean;
  /** Name used in messages (default "events"). */
  source?: string;
  /** How the file is written (docs/importers.md, "European files"); unset: worked out from the file. */
  /** Column separator: "," ";" "\t" (or "tab") "|". */
  delimiter?: string;
  /** Decimal separator of amounts: "." or ",". */
  decimal?: string;
  /** Order of numeric dates such as 03/12/2024: "ymd", "dmy", "mdy" (a file whose dates fit both is refused without it). */
  dateOrder?: 'ymd' | 'dmy' | 'mdy';
  /** The shop's clock for date-times without a zone, e.g. "+01:00". */
  timezone?: string;
}

export interface EvaluateOptions extends ImportOptions {
  asOf?: DayInput;
  customer?: string;
}

export interface ProgramCondition {
  op: 'leaf' | 'any' | 'all';
  metric?: string;
  metric_index?: number;
  measure?: string;
  money?: boolean;
  kind?: string;
  above?: boolean;
  threshold?: string | number;
  children?: ProgramCondition[];
}

export interface ProgramInfo {
  name: string;
  currency: string;
  currency_digits: number;
  enrollment: 'automatic' | 'required';
  qualify_delay_days: number;
  retention_days: number;
  metrics: { name: string; measure: string; money: boolean; window: 'lifetime' | { days: number } | { calendar: 'year' | 'quarter' | 'month' }; kind?: string }[];
  tiers: {
    name: string;
    index: number;
    qualify: ProgramCondition | null;
    benefits: { discount_percent: number; free_shipping: boolean; perks: string[] } | null;
  }[];
  points: {
    per_currency_unit: string;
    per_event: Record<string, number>;
    value: { points: number; money: string } | null;
    expire_after_days: number | null;
    rewards: { name: string; points: number }[];
  } | null;
}

export interface EventsSummary {
  customers: number;
  events: number;
  first_day: string | null;
  last_day: string | null;
  kinds: string[];
  report: ImportReport;
}

export interface EvaluationRow {
  customer_id: string;
  enrolled: boolean;
  tier: string | null;
  tier_index: number;
  next_tier: string | null;
  progress: number | null;
  held_until: string | null;
  metrics: Record<string, number>;
  points_balance?: number;
}
export interface Evaluation {
  as_of: string;
  program: string;
  currency: string;
  customers: EvaluationRow[];
}

export interface TierSummary { name: string; customers: number; share?: number; near_misses?: number; benefit_cost?: number }
/** `tierlab simulate --format json` (spec §5; docs/formats.md has every key). */
export interface Simulation {
  as_of: string;
  customers: number;
  currency?: string;
  baseline: { program?: string; tiers: TierSummary[]; not_enrolled: number; [key: string]: unknown };
  candidate: { program?: string; tiers: TierSummary[]; not_enrolled: number; [key: string]: unknown };
  migration: { from: string[]; to: string[]; counts: number[][] };
  upgrades: number;
  downgrades: number;
  [key: string]: unknown;
}

export interface Tiers {
  as_of: string;
  rows: number;
  tiers: { name: string; customers: number }[];
  not_enrolled: number;
  /** Per listed customer (row), copies: index into customerIds(). */
  customer: Uint32Array;
  /** Tier index, -1 = not enrolled. */
  tier: Int8Array;
  /** Progress toward the next tier, 0..1 (1 at the top). */
  progress: Float64Array;
  /** Days since 1970-01-01, -2147483648 = none. */
  held_until_days: Int32Array;
  heldUntil(row: number): string | null;
}

/** Session.metricValues(): every listed customer's metric values (what `evaluate` lists). */
export interface MetricValues {
  as_of: string;
  rows: number;
  metrics: { name: string; money: boolean }[];
  /** Per row, copies: index into customerIds(). */
  customer: Uint32Array;
  /** Row-major, rows × metrics.length; money in major units. */
  values: Float64Array;
}

/** tl.inspectEvents(): what the core sees in an events file before importing it. */
export interface EventsInspection {
  /** The detected format ("events-csv", "shopify-orders", …); null: the core cannot tell. */
  format: string | null;
  /** True when importing needs a column mapping (format null). */
  needs_mapping: boolean;
  /** The header's column names (CSV), as the core's reader reads them (quotes, BOM, CRLF, lone CR). */
  columns: string[];
  /** The first rows after the header (options.rows, default 5). */
  rows: string[][];
  /** The rest only with options.formats = true (the mapping step); options.mapping names the date and money columns. */
  /** The column separator used (given, or the header line's). */
  delimiter?: string;
  delimiter_given?: boolean;
  /** The decimal separator of the mapped money column (given or worked out); null when no column is mapped. */
  decimal?: string | null;
  /** "ymd" | "dmy" | "mdy" as given or worked out; "auto" when the dates do not say (or no date column is mapped). */
  date_order?: string;
  /** What was worked out and why ("dates read day-first: 15/01/2025 on line 4 has no month 15"). */
  notes?: string[];
  /** What the import would refuse: code "ambiguous_date" or "ambiguous_decimal", the reason in words, the line. */
  problem?: { code: string; message: string; line: number } | null;
  /** Per preview row, the mapped date (YYYY-MM-DD) and amount as they would be read ("? reason" when they cannot be). */
  read?: { date?: string; amount?: string }[];
}

export interface Mover { customer_id: string; from: number; from_name: string | null; to: number; to_name: string | null }
export interface SweepOptions { tier: string; metric: string; from: Amount; to: Amount; steps: number; asOf?: DayInput }
/** session.tune(): targets as {tier: share} ('30%', '12.5%', 0.1) or 'Silver=30%,Gold=10%'. */
export interface TuneOptions {
  targets?: Record<string, string | number> | string;
  /** Tune each tier's first leaf on this metric (default: each tier's first leaf). */
  metric?: string;
  /** Budget mode: benefit cost at or under this, in major units. */
  budget?: Amount;
  asOf?: DayInput;
}
/** One tier's line of a tune report (docs/semantics.md "Auto-tune"). */
export interface TierTune {
  tier: string;
  tier_index: number;
  metric: string;
  operator: 'at_least' | 'above';
  /** Index of the tuned leaf in the tier's qualify (depth first). */
  leaf: number;
  /** null in budget-only mode. */
  target: { text: string; share: number; max_customers: number } | null;
  reachable: boolean;
  /** Why the target is unreachable (the threshold is left as it was). */
  reason: string | null;
  /** Thresholds in the metric's unit (money in major units). */
  old_threshold: number;
  new_threshold: number;
  /** Customers at this tier or above, original and tuned program (share of enrolled). */
  before: { customers: number; share: number };
  after: { customers: number; share: number };
  /** Customers who crossed this tier's line. */
  moved: number;
  /** Set when the tier's retain asks more than the tuned qualify. */
  retain_note: string | null;
}
export interface TuneReport {
  as_of: string;
  customers: number;
  enrolled: number;
  currency: string;
  /** Highest tier first. */
  tiers: TierTune[];
  /** Customers whose tier differs. */
  movers: number;
  retiers: number;
  budget?: { budget: number; met: boolean; factor: number; cost_before: number; cost_targets: number; cost_after: number; steps: number };
  /** The tuned program (program JSON, spec §3). */
  candidate: Record<string, unknown>;
}
export interface ReplayOptions { from: DayInput; to: DayInput; step?: 'day' | 'week' | 'month' }

/** Notification lists (docs/notify.md). Reasons in output order. */
export type NotifyReason = 'downgraded' | 'near_next' | 'points_expiring' | 'reward_available' | 'upgraded';
export interface NotifyOptions {
  asOf?: DayInput;
  /** D0, compared with asOf (default asOf - 7 days). */
  since?: DayInput;
  /** points_expiring looks at asOf + 1 .. asOf + within days (default 30). */
  within?: number;
  /** The message column's language; 'en' only for now (anything else throws, naming the supported ones). */
  locale?: string;
}
export type NotifyCounts = Record<NotifyReason, number>;
export interface NotifyRow {
  reason: NotifyReason;
  customer_id: string;
  tier: string | null;
  benefits: string[];
  points_balance?: number;
  previous_tier?: string | null; // upgraded, downgraded
  next_tier?: string | null; // near_next
  progress?: number; // near_next, 4 decimals
  needed?: { metric: string; measure: string; target: number; value: number; remaining: number }[]; // near_next
  expiring_points?: number; // points_expiring
  expires_on?: string; // points_expiring: the first day points are gone
  last_expires_on?: string;
  rewards?: string[]; // reward_available: the rewards newly covered
  message: string;
}
export interface NotifyList {
  as_of: string;
  since: string;
  within_days: number;
  locale: string;
  currency: string;
  counts: NotifyCounts;
  rows: NotifyRow[];
}

/** Events loaded once. Holds wasm memory until dispose() (a FinalizationRegistry backs it up). */
export declare class Session {
  readonly report: ImportReport;
  info(): Omit<EventsSummary, 'report'>;
  customerIds(): string[];
  tiers(program: ProgramInput, options?: DayInput | { asOf?: DayInput }): Tiers;
  simulate(baseline: ProgramInput, candidate: ProgramInput, options?: DayInput | { asOf?: DayInput }): Simulation;
  simulateJson(baseline: ProgramInput, candidate: ProgramInput, options?: DayInput | { asOf?: DayInput }): string;
  simulateText(baseline: ProgramInput, candidate: ProgramInput, options?: DayInput | { asOf?: DayInput }): string;
  movers(baseline: ProgramInput, candidate: ProgramInput, options?: { asOf?: DayInput; limit?: number }): Mover[];
  sweep(program: ProgramInput, options: SweepOptions): Record<string, unknown>;
  sweepCsv(program: ProgramInput, options: SweepOptions): string;
  replay(program: ProgramInput, options: ReplayOptions): Record<string, unknown>;
  replayCsv(program: ProgramInput, options: ReplayOptions): string;
  /** Auto-tune thresholds to a target mix (spec §5b), or to a benefit budget. */
  tune(program: ProgramInput, options: TuneOptions): TuneReport;
  evaluate(program: ProgramInput, options?: DayInput | { asOf?: DayInput; customer?: string }): Evaluation;
  evaluateCsv(program: ProgramInput, options?: DayInput | { asOf?: DayInput; customer?: string }): string;
  customer(program: ProgramInput, customerId: string, options?: { asOf?: DayInput; cartTotal?: Amount }): CustomerView;
  metricValues(program: ProgramInput, options?: DayInput | { asOf?: DayInput }): MetricValues;
  /** `tierlab notify --format json` on the loaded events, parsed. */
  notify(program: ProgramInput, options?: DayInput | NotifyOptions): NotifyList;
  /** The number of customers on each list. */
  notifyCounts(program: ProgramInput, options?: DayInput | NotifyOptions): NotifyCounts;
  /** Exactly the bytes of `tierlab notify --format csv`; with reason, only that list's rows. */
  notifyCsv(program: ProgramInput, options?: DayInput | (NotifyOptions & { reason?: NotifyReason })): string;
  dispose(): void;
}

export interface Tierlab extends TierlabLean {
  readonly build: 'full';
  parseProgram(program: ProgramInput): ProgramInfo;
  normalizeProgram(program: ProgramInput): string;
  importEvents(events: EventsInput, options?: ImportOptions): EventsSummary;
  importToCsv(events: EventsInput, options?: ImportOptions): string;
  inspectEvents(events: EventsInput, options?: { rows?: number }): EventsInspection;
  /** Exactly the bytes of `tierlab evaluate --format csv`. */
  evaluateCsv(program: ProgramInput, events: EventsInput, asOf?: DayInput | EvaluateOptions): string;
  /** Exactly the bytes of `tierlab evaluate --format json`. */
  evaluateJson(program: ProgramInput, events: EventsInput, asOf?: DayInput | EvaluateOptions): string;
  evaluate(program: ProgramInput, events: EventsInput, options?: DayInput | EvaluateOptions): Evaluation;
  /** Exactly the bytes of `tierlab simulate --format json`. */
  simulateJson(baseline: ProgramInput, candidate: ProgramInput, events: EventsInput, asOf?: DayInput | EvaluateOptions): string;
  simulateText(baseline: ProgramInput, candidate: ProgramInput, events: EventsInput, asOf?: DayInput | EvaluateOptions): string;
  simulate(baseline: ProgramInput, candidate: ProgramInput, events: EventsInput, options?: DayInput | EvaluateOptions): Simulation;
  openSession(events: EventsInput, options?: ImportOptions & { program?: ProgramInput }): Session;
  customer(program: ProgramInput, shopper: { events: EventsInput } | { metrics: Record<string, Amount> | object | string }, options?: CustomerOptions): CustomerView;
}

export declare function createTierlab(options?: LoadOptions): Promise<Tierlab>;
export default createTierlab;
