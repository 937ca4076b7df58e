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

/** Words the widget uses; set a partial object on `messages` to translate. */
export type TierlabMessages = Record<string, string | ((...args: string[]) => string) | Record<string, string>>;

export declare const messages: TierlabMessages;

export declare class TierlabProgress extends HTMLElement {
  static setWasmUrl(url: string | URL): void;
  /** Program JSON (spec §3): an object or text; wins over program-src. */
  program: object | string | undefined;
  /** The shopper's events (spec §2 JSON form; customer_id may be left out). */
  events: Partial<EventRecord>[] | undefined;
  /** Metric values from the shop backend (wins over events). */
  metrics: MetricValues | MetricEnvelope | undefined;
  messages: TierlabMessages;
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
    'tierlab-error': CustomEvent<{ message: string }>;
    'tierlab-join': CustomEvent<{ program: string }>;
  }
}
