// <tierlab-progress>: a shopper's loyalty tier, its benefits and exactly how far
// the next tier is, computed in the browser by Tierlab's core (lean wasm build).
// Embedding contract: docs/widget.md.
//
//   <script type="module" src="tierlab-progress.js"></script>
//   <tierlab-progress program-src="program.json" locale="en-US"></tierlab-progress>
//   el.events = [...]   or   el.metrics = { spend: "120.00", orders: 3 }
//
// Rules of this file: every text is set as text (never HTML); nothing throws
// into the host page (errors become one console.error and a tierlab-error
// event, and a sized placeholder, never a vanished box); the wasm is loaded
// once per page and shared by every instance; the words of a language other
// than English are fetched only when used (tierlab-words.js).
import { createTierlab } from './tierlab-lean.mjs';
import { View, placeholder } from './tierlab-view.js';
import { Words, loadTable, messages, pickLocale } from './tierlab-words.js';

export { messages };

let wasmUrl;
let engine;
const getEngine = () => (engine ??= createTierlab(wasmUrl ? { wasmUrl } : undefined));
const programCache = new Map(); // absolute URL -> Promise<program JSON text>

function fetchProgram(url) {
  if (!programCache.has(url)) {
    const p = fetch(url, { credentials: 'same-origin' }).then((r) => {
      if (!r.ok) throw new Error(`program-src ${url}: HTTP ${r.status}`);
      return r.text();
    });
    p.catch(() => programCache.delete(url)); // a failed fetch may be retried
    programCache.set(url, p);
  }
  return programCache.get(url);
}

// ---- styles (one constructed sheet shared by every instance) ----
// Logical properties only (inline/block, start/end), so right-to-left pages
// mirror by themselves. The host reserves its height per mode before any data
// (docs/widget.md "No layout shift"); the page repeats it for the moment
// before this file loads.

const DARK = `--_fg:var(--tierlab-fg,#e9ecf2);--_muted:var(--tierlab-muted,#a9b1bf);--_bg:var(--tierlab-bg,#171b23);
  --_border:var(--tierlab-border,#343b49);--_track:var(--tierlab-track,#2c3340);--_accent:var(--tierlab-accent,#6f9bff);
  --_ok:var(--tierlab-ok,#5fd08f);--_on:#10131a;--_overall:var(--tierlab-overall-dark,#a8c0ff)`;
const CSS = `
:host{display:block;min-block-size:var(--tierlab-reserve,var(--_reserve));--_reserve:340px;
  --_fg:var(--tierlab-fg,#1c2230);--_muted:var(--tierlab-muted,#545d6b);--_bg:var(--tierlab-bg,#fff);
  --_border:var(--tierlab-border,#d8dce4);--_track:var(--tierlab-track,#e6e9ef);--_accent:var(--tierlab-accent,#2459c9);
  --_ok:var(--tierlab-ok,#1d7a46);--_radius:var(--tierlab-radius,12px);--_on:#fff;
  --_t0:var(--tierlab-tier-0,#80522a);--_t1:var(--tierlab-tier-1,#55606f);--_t2:var(--tierlab-tier-2,#7a5d00);
  --_t3:var(--tierlab-tier-3,#4a3d8f);--_t4:var(--tierlab-tier-4,#1d6b58);
  font:var(--tierlab-font,15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);color:var(--_fg)}
:host([mode=compact]){--_reserve:60px}
:host([mode=ladder]){--_reserve:400px}
:host([theme=dark]){${DARK}}
@media (prefers-color-scheme:dark){:host([theme=auto]){${DARK}}}
:host([hidden]){display:none}
*{box-sizing:border-box}
.card{background:var(--_bg);border:1px solid var(--_border);border-radius:var(--_radius);padding:18px 20px;display:grid;gap:14px}
.placeholder{min-block-size:inherit;align-content:center}
.header{display:flex;align-items:center;gap:12px;flex-wrap:wrap}
.badge{display:inline-flex;align-items:center;justify-content:center;min-inline-size:2.4em;block-size:2.4em;padding-inline:.7em;border-radius:999px;
  color:#fff;font-weight:700;background:var(--_t0)}
.badge.t1{background:var(--_t1)}.badge.t2{background:var(--_t2)}.badge.t3{background:var(--_t3)}.badge.t4{background:var(--_t4)}
.eyebrow{font-size:.8em;color:var(--_muted);text-transform:uppercase;letter-spacing:.06em}
.tier{font-size:1.25em;font-weight:700;line-height:1.2}
.held,.muted,.caption{color:var(--_muted);font-size:.9em}
p{margin:0}.held{flex-basis:100%}.wide{grid-column:1/-1}
ul,ol{margin:0;padding:0;list-style:none}
.benefits{display:flex;flex-wrap:wrap;gap:6px}
.benefit{border:1px solid var(--_border);border-radius:999px;padding:2px 10px;font-size:.88em}
.ways,.ways ul{display:grid;gap:6px}
.next{display:grid;gap:10px;border-block-start:1px solid var(--_border);padding-block-start:14px}
.summary{margin:0}.summary b{font-weight:700}
.connector{font-weight:700}
.conditions{display:grid;gap:10px}
.group{border-inline-start:3px solid var(--_border);padding-inline-start:10px;display:grid;gap:8px}
.condition{display:grid;gap:4px}
.row{display:flex;justify-content:space-between;gap:12px;flex-wrap:wrap}
.done{color:var(--_ok);font-weight:600}
.bar{block-size:7px;border-radius:999px;background:var(--_track);overflow:hidden}
.bar.overall{block-size:12px}
.fill{block-size:100%;border-radius:inherit;background:var(--_accent);transition:inline-size .6s ease}
.nt0{--_tc:var(--_t0)}.nt1{--_tc:var(--_t1)}.nt2{--_tc:var(--_t2)}.nt3{--_tc:var(--_t3)}.nt4{--_tc:var(--_t4)}
.next .overall .fill{background:var(--_overall,var(--_tc))}
.or{font-size:.85em;color:var(--_muted);text-transform:uppercase;letter-spacing:.05em}
.note{margin:0;padding:10px 12px;border-radius:calc(var(--_radius) - 4px);background:var(--_track)}
.preview{border-inline-start:4px solid var(--_accent)}
.points{display:grid;gap:8px;border-block-start:1px solid var(--_border);padding-block-start:14px}
.balance{font-weight:700;font-size:1.05em}
.rewards{display:grid;gap:6px}
.reward{display:flex;justify-content:space-between;align-items:center;gap:10px}
.ok{color:var(--_ok);font-weight:600}
button{font:inherit;font-weight:700;color:var(--_on);background:var(--_accent);border:0;border-radius:999px;padding:9px 18px;cursor:pointer;justify-self:start}
button.small{font-size:.85em;padding:3px 12px;margin-inline-start:6px}
button.link{background:none;color:var(--_accent);padding:0;text-decoration:underline;white-space:nowrap}
button:focus-visible{outline:3px solid var(--_fg);outline-offset:2px}
.ladder{display:grid;gap:8px}
.step{display:grid;grid-template-columns:auto 1fr;gap:4px 12px;align-items:center;padding:10px 12px;border:1px solid var(--_border);border-radius:calc(var(--_radius) - 4px)}
.step[data-state=current]{border-color:var(--_accent);border-width:2px}
.step[data-state=locked]{opacity:.85}
.step .badge{grid-row:span 2}
.compact{display:flex;align-items:center;gap:12px;padding:10px 14px;min-block-size:inherit}
.compact .grow{flex:1;display:grid;grid-template-columns:minmax(0,1fr);gap:4px;min-inline-size:0}
.compact .row{flex-wrap:nowrap;align-items:baseline}
.compact .badge{min-inline-size:2em;block-size:2em;font-size:.9em}
.line{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;min-inline-size:0}
@media (prefers-reduced-motion:reduce){.fill{transition:none}}
`;

let sheet;
function styleFor(root) {
  try {
    sheet ??= new CSSStyleSheet();
    if (!sheet.cssRules.length) sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
    return null;
  } catch {
    const s = document.createElement('style'); // browsers without constructable sheets
    s.textContent = CSS;
    return s;
  }
}

const today = () => new Date().toISOString().slice(0, 10);

// Metrics from the shop backend that leave a metric of the program out: the
// missing ones count as 0 (the shop hears of it through tierlab-warning).
function completeMetrics(metrics, program) {
  const names = Object.keys(program?.metrics ?? {});
  if (!metrics || typeof metrics !== 'object' || !names.length) return { metrics, missing: [] };
  const envelope = metrics.values && typeof metrics.values === 'object';
  const values = envelope ? metrics.values : metrics;
  const missing = names.filter((n) => !(n in values));
  if (!missing.length) return { metrics, missing };
  const filled = { ...values, ...Object.fromEntries(missing.map((n) => [n, 0])) };
  return { metrics: envelope ? { ...metrics, values: filled } : filled, missing };
}

// ---- the element ----

export class TierlabProgress extends HTMLElement {
  static get observedAttributes() {
    return ['program-src', 'as-of', 'locale', 'cart-total', 'mode', 'customer', 'guest', 'dir', 'theme'];
  }

  /** Where the lean .wasm lives when it is not beside this file. Call before the first element renders. */
  static setWasmUrl(url) {
    wasmUrl = String(url);
  }

  #program;
  #events;
  #metrics;
  #view;
  #messages = {};
  #root;
  #seq = 0;
  #queued = false;
  #shown = null; // last tierlab-change key
  #words = null; // last render's words (for the placeholder of a failure)

  get program() { return this.#program; }
  set program(v) { this.#program = v; this.#schedule(); }
  get events() { return this.#events; }
  set events(v) { this.#events = v; this.#schedule(); }
  get metrics() { return this.#metrics; }
  set metrics(v) { this.#metrics = v; this.#schedule(); }
  /** A customer view computed elsewhere (docs/wasm.md CustomerView, e.g. by the shop's server): wins over events and metrics. */
  get view() { return this.#view; }
  set view(v) { this.#view = v; this.#schedule(); }
  /** Partial override of the words (see `messages`). */
  get messages() { return { ...messages, ...this.#messages }; }
  set messages(v) { this.#messages = { ...(v?.calendar ?? {}), ...(v ?? {}) }; this.#schedule(); } // calendar: {year, …} of 0.1

  get programSrc() { return this.getAttribute('program-src'); }
  set programSrc(v) { this.#attr('program-src', v); }
  get asOf() { return this.getAttribute('as-of'); }
  set asOf(v) { this.#attr('as-of', v); }
  get locale() { return this.getAttribute('locale'); }
  set locale(v) { this.#attr('locale', v); }
  get cartTotal() { return this.getAttribute('cart-total'); }
  set cartTotal(v) { this.#attr('cart-total', v); }
  get mode() { return this.getAttribute('mode') ?? 'next'; }
  set mode(v) { this.#attr('mode', v); }
  get customer() { return this.getAttribute('customer'); }
  set customer(v) { this.#attr('customer', v); }
  get theme() { return this.getAttribute('theme') ?? 'light'; }
  set theme(v) { this.#attr('theme', v); }
  get guest() { return this.hasAttribute('guest'); }
  set guest(v) { this.toggleAttribute('guest', !!v); }

  #attr(name, v) {
    if (v === null || v === undefined || v === '') this.removeAttribute(name);
    else this.setAttribute(name, String(v));
  }

  connectedCallback() {
    if (!this.#root) this.#root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    this.#schedule();
  }

  disconnectedCallback() {
    this.#seq++; // drops any render in flight
    if (this.#root) this.#root.replaceChildren();
    this.#shown = null;
  }

  attributeChangedCallback() {
    this.#schedule();
  }

  #schedule() {
    if (this.#queued || !this.#root) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      this.#render().catch((e) => this.#fail(e)); // never into the host page
    });
  }

  #show(...nodes) {
    const style = styleFor(this.#root);
    this.#root.replaceChildren(...(style ? [style] : []), ...nodes);
  }

  #fail(e) {
    const message = String(e?.message ?? e);
    this.#shown = null;
    if (this.#root && this.isConnected) {
      const w = this.#words ?? new Words(pickLocale([]), {}, this.#messages);
      this.#show(placeholder(w.s('unavailable'), this.mode));
    }
    console.error(`<tierlab-progress>: ${message}`);
    this.fire('tierlab-error', { message });
  }

  /** Dispatches a bubbling, composed event; a throwing listener stays the host's problem. @internal */
  fire(type, detail) {
    try {
      this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
    } catch (e) {
      console.error(e);
    }
  }

  // The text direction: the element's or its nearest ancestor's dir, else the language's.
  #dir(locale) {
    const d = this.closest('[dir]')?.getAttribute('dir')?.toLowerCase();
    return d === 'rtl' || d === 'ltr' ? d : locale.dir;
  }

  async #render() {
    const seq = ++this.#seq;
    if (!this.isConnected) return;
    const locale = pickLocale([this.locale, document.documentElement.lang, navigator.language]);
    const table = loadTable(locale.lang).catch((e) => {
      this.fire('tierlab-warning', { message: `${e.message}; showing English` });
      return {};
    });
    const given = this.#view ?? null;
    const shopper = given ? null : this.#metrics !== undefined && this.#metrics !== null ? { metrics: this.#metrics }
      : Array.isArray(this.#events) ? { events: this.#events } : null;
    let text = this.#program;
    if ((text === undefined || text === null) && this.programSrc) text = fetchProgram(new URL(this.programSrc, document.baseURI).href);
    if (!shopper && !given && !this.guest || text === undefined || text === null) {
      this.#show(placeholder(null, this.mode)); // nothing to show yet: the reserved, neutral box
      return;
    }
    const [programText, words, tl] = await Promise.all([text, table, given ? null : getEngine()]);
    if (seq !== this.#seq) return;
    const source = typeof programText === 'string' ? programText : JSON.stringify(programText);
    const w = new Words(locale, words, this.#messages);
    this.#words = w;
    if (this.locale && locale.passed.includes(this.locale)) {
      this.fire('tierlab-warning', { message: `locale "${this.locale}": no messages for it; showing ${locale.tag}` });
    }

    let view = given;
    if (shopper) {
      let program = null;
      try {
        program = JSON.parse(source);
      } catch {
        // the core reports where the program is broken
      }
      if (shopper.events) {
        // The shopper's own history may leave out customer_id.
        shopper.events = shopper.events.map((e) => (e && typeof e === 'object' && e.customer_id == null ? { ...e, customer_id: 'shopper' } : e));
      } else {
        const { metrics, missing } = completeMetrics(shopper.metrics, program);
        shopper.metrics = metrics;
        if (missing.length) {
          this.fire('tierlab-warning', { message: `metrics: no value for ${missing.map((m) => `"${m}"`).join(', ')}; counted as 0`, missing });
        }
      }
      view = tl.customer(source, shopper, {
        asOf: this.asOf || today(),
        cartTotal: this.cartTotal || undefined,
        customer: this.customer || undefined,
        skipBadRows: true,
      });
      const skipped = view.report?.skipped;
      if (skipped) {
        const reason = view.report.first_skipped?.[0]?.message ?? '';
        const message = `events: ${skipped} bad ${skipped === 1 ? 'event' : 'events'} skipped (the rest shown); first: ${reason}`;
        console.error(`<tierlab-progress>: ${message}`);
        this.fire('tierlab-error', { message, skipped, reason });
      }
    } else if (!given) {
      const ok = tl.validateProgram(source); // a guest: the program alone
      if (!ok.ok) throw new Error(ok.error);
    }
    if (seq !== this.#seq) return;

    const program = JSON.parse(source);
    const content = new View(program, view, w, locale, this).build(this.mode);
    content.setAttribute('lang', locale.tag);
    content.setAttribute('dir', this.#dir(locale));
    this.#show(content);
    if (w.missing.size) this.fire('tierlab-warning', { message: `messages (${w.lang}): missing ${[...w.missing].join(', ')}; English shown`, missing: [...w.missing] });

    const key = view ? `${view.tier}|${view.preview?.tier ?? view.tier}` : 'guest';
    if (key !== this.#shown) {
      this.#shown = key;
      this.fire('tierlab-change', {
        enrolled: view?.enrolled ?? false,
        tier: view?.tier_name ?? null,
        tierIndex: view?.tier ?? -1,
        previewTier: view?.preview?.tier_name ?? view?.tier_name ?? null,
        previewTierIndex: view?.preview?.tier ?? view?.tier ?? -1,
        view,
      });
    }
  }
}

try {
  if (!customElements.get('tierlab-progress')) customElements.define('tierlab-progress', TierlabProgress);
} catch (e) {
  console.error(e);
}
