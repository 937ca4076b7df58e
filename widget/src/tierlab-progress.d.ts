// Types of <tierlab-progress> (docs/widget.md).
import type { CustomerView, EventRecord, MetricEnvelope, MetricValues } from './tierlab-lean';

export type TierlabProgressMode = 'next' | 'ladder' | 'compact';

export interface TierlabChangeDetail {
  enrolled: boolean;
  tier: string | null;
  tierIndex: number;
  /** The tier with the cart-total order counted (equals tier without a cart). */
  previewTier: string | null;
  previewTierIndex: number;
  view: CustomerView;
}

/**
 * Words the widget uses; set a partial object on `messages` to override any.
 * A value is a template with numbered values ("spend {0} more"), plural forms
 * chosen by Intl.PluralRules ({ one: "{0} point", other: "{0} points" }) or a
 * function of the already-formatted values.
 */
export type TierlabMessages = Record<string, string | ((...args: string[]) => string) | Partial<Record<Intl.LDMLPluralRule, string>>>;

export type TierlabTheme = 'light' | 'dark' | 'auto';

export declare const messages: TierlabMessages;

export declare class TierlabProgress extends HTMLElement {
  static setWasmUrl(url: string | URL): void;
  /** Program JSON (spec §3): an object or text; wins over program-src. */
  program: object | string | undefined;
  /** The shopper's events (spec §2 JSON form; customer_id may be left out). */
  events: Partial<EventRecord>[] | undefined;
  /** Metric values from the shop backend (wins over events). */
  metrics: MetricValues | MetricEnvelope | undefined;
  /** A customer view computed elsewhere (e.g. the shop's server): shown as is; wins over events and metrics. */
  view: CustomerView | undefined;
  messages: TierlabMessages;
  /** A visitor who is not signed in: the guest view (tiers, benefits, ways to earn, Join). */
  guest: boolean;
  /** light (default), dark, or auto (prefers-color-scheme). */
  theme: TierlabTheme;
  programSrc: string | null;
  asOf: string | null;
  locale: string | null;
  cartTotal: string | null;
  mode: TierlabProgressMode;
  customer: string | null;
}

declare global {
  interface HTMLElementTagNameMap {
    'tierlab-progress': TierlabProgress;
  }
  interface HTMLElementEventMap {
    'tierlab-change': CustomEvent<TierlabChangeDetail>;
    /** skipped / reason: bad events left out (the rest is shown). */
    'tierlab-error': CustomEvent<{ message: string; skipped?: number; reason?: string }>;
    /** Shown with a stand-in: missing metrics (counted as 0), a locale or words not available. */
    'tierlab-warning': CustomEvent<{ message: string; missing?: string[] }>;
    'tierlab-join': CustomEvent<{ program: string }>;
    'tierlab-redeem': CustomEvent<{ reward: string; points: number }>;
  }
}
