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
// event); the wasm is loaded once per page and shared by every instance.
import { createTierlab } from './tierlab-lean.mjs';

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

// ---- words (English; numbers, money and dates follow the shopper's locale) ----

// n arrives formatted ("1", "1,000"): English has one singular.
const plural = (n, one, many) => (String(n) === '1' ? one : many);
const KIND = {
  review: (n) => `write ${n} more ${plural(n, 'review', 'reviews')}`,
  referral: (n) => `refer ${n} more ${plural(n, 'friend', 'friends')}`,
  social_share: (n) => `share ${n} more ${plural(n, 'time', 'times')}`,
};

export const messages = {
  yourTier: 'Your tier',
  spend: (money) => `spend ${money} more`,
  orders: (n) => `place ${n} more ${plural(n, 'order', 'orders')}`,
  engagement: (n) => `earn ${n} more engagement ${plural(n, 'point', 'points')}`,
  tenure: (n) => `stay a member ${n} more ${plural(n, 'day', 'days')}`,
  events: (n, kind) => (KIND[kind] ?? ((k) => `get ${k} more ${kind.replace(/_/g, ' ')} ${plural(k, 'event', 'events')}`))(n),
  or: 'or',
  and: 'and',
  toReach: (tier) => `To reach ${tier}:`,
  of: (value, target) => `${value} of ${target}`,
  goal: (target) => `goal ${target}`,
  spent: (money) => `${money} spent`,
  ordersDone: (n) => `${n} ${plural(n, 'order', 'orders')} placed`,
  engagementDone: (n) => `${n} engagement ${plural(n, 'point', 'points')}`,
  tenureDone: (n) => `member for ${n} ${plural(n, 'day', 'days')}`,
  eventsDone: (n, kind) => `${n} × ${kind.replace(/_/g, ' ')}`,
  window: (days) => (days ? `last ${days} days` : ''),
  calendar: { year: 'this year', quarter: 'this quarter', month: 'this month' },
  progressTo: (tier) => `Progress to ${tier}`,
  top: (tier) => `You've reached ${tier}, our top tier. Enjoy!`,
  heldUntil: (tier, date) => `${tier} until ${date}`,
  keepRenews: 'You still qualify, so it renews while you do.',
  keepHow: (what) => `To keep it after that: ${what}.`,
  pending: (amount, placed, from) => `Your ${amount} order of ${placed} counts toward your tier from ${from}.`,
  upgrade: (tier) => `This order takes you to ${tier}`,
  upgradeFrom: (date) => ` once its return window ends (${date})`,
  closer: (pct, tier) => `With this order you'd be ${pct} of the way to ${tier}.`,
  earns: (n) => `This order earns ${n} points.`,
  discount: (pct) => `${pct} off every order`,
  freeShipping: 'Free shipping',
  points: (n) => `${n} points`,
  worth: (money) => `worth ${money}`,
  rewards: 'Rewards',
  available: 'Available now',
  needMore: (n) => `${n} more points`,
  expiring: (n, date) => `${n} points expire on ${date}`,
  notEnrolled: (program) => `Join ${program} to earn tiers and rewards on every order.`,
  join: 'Join now',
  forTier: (phrase, tier) => `${phrase} for ${tier}`,
  tiers: 'Tiers',
  current: 'Current',
};

const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);

// ---- styles (one constructed sheet shared by every instance) ----

const CSS = `
:host{display:block;
  --_fg:var(--tierlab-fg,#1c2230);--_muted:var(--tierlab-muted,#545d6b);--_bg:var(--tierlab-bg,#fff);
  --_border:var(--tierlab-border,#d8dce4);--_track:var(--tierlab-track,#e6e9ef);--_accent:var(--tierlab-accent,#2459c9);
  --_ok:var(--tierlab-ok,#1d7a46);--_radius:var(--tierlab-radius,12px);
  --_t0:var(--tierlab-tier-0,#80522a);--_t1:var(--tierlab-tier-1,#55606f);--_t2:var(--tierlab-tier-2,#7a5d00);
  --_t3:var(--tierlab-tier-3,#4a3d8f);--_t4:var(--tierlab-tier-4,#1d6b58);
  font:var(--tierlab-font,15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);color:var(--_fg)}
@media (prefers-color-scheme:dark){:host{
  --_fg:var(--tierlab-fg,#e9ecf2);--_muted:var(--tierlab-muted,#a9b1bf);--_bg:var(--tierlab-bg,#171b23);
  --_border:var(--tierlab-border,#343b49);--_track:var(--tierlab-track,#2c3340);--_accent:var(--tierlab-accent,#6f9bff);
  --_ok:var(--tierlab-ok,#5fd08f)}}
:host([hidden]){display:none}
*{box-sizing:border-box}
.card{background:var(--_bg);border:1px solid var(--_border);border-radius:var(--_radius);padding:18px 20px;display:grid;gap:14px}
.header{display:flex;align-items:center;gap:12px;flex-wrap:wrap}
.badge{display:inline-flex;align-items:center;justify-content:center;min-width:2.4em;height:2.4em;padding:0 .7em;border-radius:999px;
  color:#fff;font-weight:700;background:var(--_t0)}
.badge.t1{background:var(--_t1)}.badge.t2{background:var(--_t2)}.badge.t3{background:var(--_t3)}.badge.t4{background:var(--_t4)}
.eyebrow{font-size:.8em;color:var(--_muted);text-transform:uppercase;letter-spacing:.06em}
.tier{font-size:1.25em;font-weight:700;line-height:1.2}
.held,.muted,.caption{color:var(--_muted);font-size:.9em}
p{margin:0}.held{flex-basis:100%}.wide{grid-column:1/-1}
ul,ol{margin:0;padding:0;list-style:none}
.benefits{display:flex;flex-wrap:wrap;gap:6px}
.benefit{border:1px solid var(--_border);border-radius:999px;padding:2px 10px;font-size:.88em}
.next{display:grid;gap:10px;border-top:1px solid var(--_border);padding-top:14px}
.summary{margin:0}.summary b{font-weight:700}
.connector{font-weight:700}
.conditions{display:grid;gap:10px}
.group{border-left:3px solid var(--_border);padding-left:10px;display:grid;gap:8px}
.condition{display:grid;gap:4px}
.row{display:flex;justify-content:space-between;gap:12px;flex-wrap:wrap}
.done{color:var(--_ok);font-weight:600}
.bar{height:7px;border-radius:999px;background:var(--_track);overflow:hidden}
.bar.overall{height:12px}
.fill{height:100%;border-radius:inherit;background:var(--_accent);transition:width .6s ease}
.nt0 .overall .fill{background:var(--_t0)}.nt1 .overall .fill{background:var(--_t1)}.nt2 .overall .fill{background:var(--_t2)}
.nt3 .overall .fill{background:var(--_t3)}.nt4 .overall .fill{background:var(--_t4)}
.or{font-size:.85em;color:var(--_muted);text-transform:uppercase;letter-spacing:.05em}
.note{margin:0;padding:10px 12px;border-radius:calc(var(--_radius) - 4px);background:var(--_track)}
.preview{border-left:4px solid var(--_accent)}
.points{display:grid;gap:8px;border-top:1px solid var(--_border);padding-top:14px}
.balance{font-weight:700;font-size:1.05em}
.rewards{display:grid;gap:6px}
.reward{display:flex;justify-content:space-between;gap:10px}
.ok{color:var(--_ok);font-weight:600}
button{font:inherit;font-weight:700;color:#fff;background:var(--_accent);border:0;border-radius:999px;padding:9px 18px;cursor:pointer;justify-self:start}
@media (prefers-color-scheme:dark){button{color:#10131a}.next .overall .fill{background:var(--tierlab-overall-dark,#a8c0ff)}}
button:focus-visible{outline:3px solid var(--_fg);outline-offset:2px}
.ladder{display:grid;gap:8px}
.step{display:grid;grid-template-columns:auto 1fr;gap:4px 12px;align-items:center;padding:10px 12px;border:1px solid var(--_border);border-radius:calc(var(--_radius) - 4px)}
.step[data-state=current]{border-color:var(--_accent);border-width:2px}
.step[data-state=locked]{opacity:.85}
.step .badge{grid-row:span 2}
.compact{display:flex;align-items:center;gap:12px;padding:10px 14px}
.compact .grow{flex:1;display:grid;gap:4px;min-width:10em}
.compact .badge{min-width:2em;height:2em;font-size:.9em}
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

// Element builder: strings become text nodes, so data can never be markup.
function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) if (v !== undefined && v !== null && v !== false) el.setAttribute(k, v);
  for (const kid of kids.flat(Infinity)) if (kid !== null && kid !== undefined && kid !== false) el.append(kid);
  return el;
}

const today = () => new Date().toISOString().slice(0, 10);
const tierClass = (i) => `t${Math.max(0, i) % 5}`;

// ---- the element ----

export class TierlabProgress extends HTMLElement {
  static get observedAttributes() {
    return ['program-src', 'as-of', 'locale', 'cart-total', 'mode', 'customer'];
  }

  /** Where the lean .wasm lives when it is not beside this file. Call before the first element renders. */
  static setWasmUrl(url) {
    wasmUrl = String(url);
  }

  #program;
  #events;
  #metrics;
  #messages = messages;
  #root;
  #seq = 0;
  #queued = false;
  #shown = null; // last tierlab-change key

  get program() { return this.#program; }
  set program(v) { this.#program = v; this.#schedule(); }
  get events() { return this.#events; }
  set events(v) { this.#events = v; this.#schedule(); }
  get metrics() { return this.#metrics; }
  set metrics(v) { this.#metrics = v; this.#schedule(); }
  /** Partial override of the words (see `messages`). */
  get messages() { return this.#messages; }
  set messages(v) { this.#messages = { ...messages, ...(v ?? {}) }; this.#schedule(); }

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

  #fail(e) {
    const message = String(e?.message ?? e);
    this.#root?.replaceChildren();
    this.#shown = null;
    console.error(`<tierlab-progress>: ${message}`);
    this.#emit('tierlab-error', { message });
  }

  #emit(type, detail) {
    try {
      this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
    } catch (e) {
      console.error(e); // a throwing listener stays the host's problem, not ours
    }
  }

  async #render() {
    const seq = ++this.#seq;
    const shopper = this.#metrics !== undefined && this.#metrics !== null ? { metrics: this.#metrics }
      : Array.isArray(this.#events) ? { events: this.#events } : null;
    if (!shopper || !this.isConnected) {
      this.#root.replaceChildren(); // no shopper: nothing at all, no box
      return;
    }
    let text = this.#program;
    if (text === undefined || text === null) {
      const src = this.programSrc;
      if (!src) return this.#root.replaceChildren();
      text = await fetchProgram(new URL(src, document.baseURI).href);
    }
    if (typeof text !== 'string') text = JSON.stringify(text);
    const tl = await getEngine();
    if (seq !== this.#seq) return;

    if (shopper.events) {
      // The shopper's own history may leave out customer_id.
      shopper.events = shopper.events.map((e) => (e && typeof e === 'object' && e.customer_id == null ? { ...e, customer_id: 'shopper' } : e));
    }
    const view = tl.customer(text, shopper, {
      asOf: this.asOf || today(),
      cartTotal: this.cartTotal || undefined,
      customer: this.customer || undefined,
    });
    const program = JSON.parse(text);
    const locale = this.locale || document.documentElement.lang || navigator.language || 'en-US';
    const content = new View(program, view, locale, this.#messages, this).build(this.mode);
    const style = styleFor(this.#root);
    this.#root.replaceChildren(...(style ? [style] : []), content);

    const key = `${view.tier}|${view.preview?.tier ?? view.tier}`;
    if (key !== this.#shown) {
      this.#shown = key;
      this.#emit('tierlab-change', {
        enrolled: view.enrolled,
        tier: view.tier_name,
        tierIndex: view.tier,
        previewTier: view.preview?.tier_name ?? view.tier_name,
        previewTierIndex: view.preview?.tier ?? view.tier,
        view,
      });
    }
  }
}

// Builds the DOM of one render from the core's customer view.
class View {
  constructor(program, view, locale, m, host) {
    this.p = program;
    this.v = view;
    this.m = m;
    this.host = host;
    const currency = program.currency;
    this.money = new Intl.NumberFormat(locale, { style: 'currency', currency });
    this.num = new Intl.NumberFormat(locale);
    this.pct = new Intl.NumberFormat(locale, { style: 'percent' });
    this.date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  }

  fmtMoney(s) { return this.money.format(Number(s)); }
  fmtDate(iso) { return this.date.format(new Date(`${iso}T00:00:00Z`)); }
  fmtPct(n) { return this.pct.format(n / 100); }
  tierName(i) { return this.p.tiers[i]?.name ?? ''; }

  build(mode) {
    const { v } = this;
    if (!v.enrolled) return this.notEnrolled();
    if (mode === 'compact') return this.compact();
    const card = h('div', { part: 'card', class: `card ${tierClass(v.tier)}`, role: 'group', 'aria-label': this.m.yourTier },
      this.header(), this.benefits(v.tier));
    if (mode === 'ladder') card.append(this.ladder());
    else if (v.next) card.append(this.next(v.next, v.next_tier));
    card.append(...this.notes(), this.points() ?? '');
    return card;
  }

  header() {
    const { v, m } = this;
    const name = this.tierName(v.tier);
    let held = null;
    if (v.held_until) {
      const keep = v.keep?.met ? m.keepRenews : v.keep ? m.keepHow(this.phrase(v.keep)) : '';
      held = h('p', { part: 'held', class: 'held' }, m.heldUntil(name, this.fmtDate(v.held_until)), '. ', keep);
    }
    return h('div', { part: 'header', class: 'header' },
      h('span', { part: 'badge', class: `badge ${tierClass(v.tier)}`, 'aria-hidden': 'true' }, [...name][0]?.toUpperCase() ?? ''),
      h('div', null,
        h('div', { class: 'eyebrow' }, m.yourTier),
        h('div', { part: 'tier', class: 'tier' }, name),
        v.top ? h('div', { class: 'muted' }, m.top(name)) : null),
      held);
  }

  benefitTexts(i) {
    const b = this.p.tiers[i]?.benefits;
    if (!b) return [];
    const out = [];
    if (b.discount_percent) out.push(this.m.discount(this.fmtPct(Number(b.discount_percent))));
    if (b.free_shipping) out.push(this.m.freeShipping);
    for (const perk of b.perks ?? []) out.push(cap(String(perk)));
    return out;
  }

  benefits(i) {
    const items = this.benefitTexts(i);
    if (!items.length) return null;
    return h('ul', { part: 'benefits', class: 'benefits' }, items.map((t) => h('li', { part: 'benefit', class: 'benefit' }, t)));
  }

  // "spend $45.00 more or place 2 more orders"; null when the node is met.
  phrase(node, parentOp) {
    if (node.met) return null;
    if (node.op === 'leaf') return this.leafPhrase(node);
    const parts = node.children.map((c) => this.phrase(c, node.op)).filter(Boolean);
    const s = parts.join(` ${node.op === 'any' ? this.m.or : this.m.and} `);
    return parentOp && parentOp !== node.op && parts.length > 1 ? `(${s})` : s;
  }

  leafPhrase(leaf) {
    const m = this.m;
    const n = Number(leaf.remaining);
    switch (leaf.measure) {
      case 'net_spend':
      case 'gross_spend': return m.spend(this.fmtMoney(leaf.remaining));
      case 'purchase_count': return m.orders(this.num.format(n));
      case 'engagement_points': return m.engagement(this.num.format(n));
      case 'tenure_days': return m.tenure(this.num.format(n));
      default: return m.events(this.num.format(n), leaf.kind ?? leaf.metric);
    }
  }

  // The summary sentence with **or** / **and** as elements.
  sentence(node) {
    const words = [];
    const walk = (n, parentOp) => {
      if (n.met) return;
      if (n.op === 'leaf') return words.push(this.leafPhrase(n));
      const unmet = n.children.filter((c) => !c.met);
      const wrap = parentOp && parentOp !== n.op && unmet.length > 1;
      if (wrap) words.push('(');
      unmet.forEach((c, i) => {
        if (i) words.push(' ', h('strong', { part: 'connector', class: 'connector' }, n.op === 'any' ? this.m.or : this.m.and), ' ');
        walk(c, n.op);
      });
      if (wrap) words.push(')');
    };
    walk(node);
    if (typeof words[0] === 'string') words[0] = cap(words[0]);
    return words;
  }

  bar(percent, label, valuetext, extraPart) {
    const fill = h('div', { part: 'fill', class: 'fill' });
    fill.style.width = `${percent}%`;
    return h('div', {
      part: extraPart ? `bar ${extraPart}` : 'bar', class: extraPart ? `bar ${extraPart}` : 'bar', role: 'progressbar',
      'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(percent),
      'aria-valuetext': valuetext, 'aria-label': label,
    }, fill);
  }

  windowText(leaf) {
    const metric = this.p.metrics?.[leaf.metric];
    const w = metric?.window;
    if (!w || w === 'lifetime' || leaf.measure === 'tenure_days') return '';
    if (w.days) return this.m.window(this.num.format(w.days));
    return this.m.calendar[w.calendar] ?? '';
  }

  valueText(leaf, x) {
    return leaf.money ? this.fmtMoney(x) : this.num.format(Number(x));
  }

  captionText(leaf) {
    const target = this.valueText(leaf, leaf.target);
    return [leaf.met ? this.m.goal(target) : this.m.of(this.valueText(leaf, leaf.value), target), this.windowText(leaf)]
      .filter(Boolean).join(' · ');
  }

  // What a met condition has achieved: "$235.00 spent", "member for 331 days".
  metText(leaf) {
    const m = this.m;
    const n = this.valueText(leaf, leaf.value);
    switch (leaf.measure) {
      case 'net_spend':
      case 'gross_spend': return m.spent(n);
      case 'purchase_count': return m.ordersDone(n);
      case 'engagement_points': return m.engagementDone(n);
      case 'tenure_days': return m.tenureDone(n);
      default: return m.eventsDone(n, leaf.kind ?? leaf.metric);
    }
  }

  condition(leaf, tierName) {
    const m = this.m;
    const what = cap(leaf.met ? this.metText(leaf) : this.leafPhrase(leaf));
    const caption = this.captionText(leaf);
    return h('li', { part: 'condition', class: 'condition' },
      h('div', { class: 'row' },
        h('span', { part: 'label', class: leaf.met ? 'done' : null }, leaf.met ? `✓ ${what}` : what),
        h('span', { part: 'caption', class: 'caption' }, caption)),
      this.bar(leaf.percent, `${cap(leaf.metric.replace(/_/g, ' '))}: ${m.progressTo(tierName)}`,
        `${this.fmtPct(leaf.percent)}: ${what}`));
  }

  conditions(node, tierName) {
    if (node.op === 'leaf') return h('ul', { part: 'conditions', class: 'conditions' }, this.condition(node, tierName));
    const items = [];
    node.children.forEach((c, i) => {
      if (i) items.push(h('li', { class: 'or', 'aria-hidden': 'true' }, node.op === 'any' ? this.m.or : this.m.and));
      items.push(c.op === 'leaf' ? this.condition(c, tierName)
        : h('li', { class: 'group' }, this.conditions(c, tierName)));
    });
    return h('ul', { part: 'conditions', class: 'conditions' }, items);
  }

  next(node, tier) {
    const name = this.tierName(tier);
    // One condition: its bar is the overall bar; several: one bar each below.
    const single = node.op === 'leaf';
    return h('div', { part: 'next', class: `next n${tierClass(tier)}`, role: 'group', 'aria-label': this.m.progressTo(name) },
      h('div', { class: 'row' },
        h('p', { part: 'summary', class: 'summary' }, h('b', null, this.m.toReach(name)), ' ', this.sentence(node), '.'),
        h('span', { class: 'caption' }, this.fmtPct(this.v.percent))),
      this.bar(this.v.percent, this.m.progressTo(name), `${this.fmtPct(this.v.percent)}: ${this.phrase(node) ?? ''}`, 'overall'),
      single ? h('span', { part: 'caption', class: 'caption' }, this.captionText(node)) : this.conditions(node, name));
  }

  notes() {
    const { v, m } = this;
    const out = [];
    const pv = v.preview;
    if (pv) {
      let text;
      if (pv.upgrade) text = m.upgrade(pv.tier_name) + (pv.counts_from ? m.upgradeFrom(this.fmtDate(pv.counts_from)) : '') + '.';
      else if (pv.next_tier >= 0) text = m.closer(this.fmtPct(pv.percent), pv.next_tier_name);
      const earns = pv.points_earned ? m.earns(this.num.format(pv.points_earned)) : '';
      if (text || earns) out.push(h('p', { part: 'preview', class: 'note preview', role: 'status' }, [text, earns].filter(Boolean).join(' ')));
    }
    for (const p of v.pending.slice(0, 3))
      out.push(h('p', { part: 'pending', class: 'note' }, m.pending(this.fmtMoney(p.amount), this.fmtDate(p.placed_on), this.fmtDate(p.counts_from))));
    return out;
  }

  points() {
    const pts = this.v.points;
    if (!pts) return null;
    const m = this.m;
    return h('div', { part: 'points', class: 'points', role: 'group', 'aria-label': m.rewards },
      h('div', { class: 'row' },
        h('span', { class: 'balance' }, m.points(this.num.format(pts.balance))),
        pts.value ? h('span', { class: 'caption' }, m.worth(this.fmtMoney(pts.value))) : null),
      pts.rewards?.length ? h('ul', { part: 'rewards', class: 'rewards' }, pts.rewards.map((r) =>
        h('li', { part: 'reward', class: 'reward' },
          h('span', null, `${r.name} · ${m.points(this.num.format(r.points))}`),
          r.available ? h('span', { class: 'ok' }, m.available)
            : h('span', { class: 'caption' }, m.needMore(this.num.format(r.points - pts.balance)))))) : null,
      pts.next_expiry ? h('span', { class: 'caption' }, m.expiring(this.num.format(pts.next_expiry.points), this.fmtDate(pts.next_expiry.on))) : null);
  }

  ladder() {
    const { v, m } = this;
    return h('ol', { part: 'ladder', class: 'ladder', 'aria-label': m.tiers }, this.p.tiers.map((t, i) => {
      const state = i < v.tier ? 'reached' : i === v.tier ? 'current' : i === v.next_tier ? 'next' : 'locked';
      const benefits = this.benefitTexts(i).join(' · ');
      return h('li', { part: 'step', class: `step ${tierClass(i)}`, 'data-state': state, 'aria-current': state === 'current' ? 'step' : null },
        h('span', { part: 'badge', class: `badge ${tierClass(i)}`, 'aria-hidden': 'true' }, i <= v.tier ? '✓' : String(i + 1)),
        h('strong', null, t.name, state === 'current' ? h('span', { class: 'caption' }, ` · ${m.current}`) : null),
        h('div', { class: 'caption' }, benefits || ' '),
        state === 'next' && v.next ? h('div', { class: 'wide' }, this.next(v.next, i)) : null);
    }));
  }

  compact() {
    const { v, m } = this;
    const name = this.tierName(v.tier);
    const leaf = v.next ? this.deciding(v.next) : null;
    const pv = v.preview;
    const text = pv?.upgrade ? m.upgrade(pv.tier_name)
      : v.next ? m.forTier(cap(this.leafPhrase(leaf)), v.next_tier_name) : m.top(name);
    return h('div', { part: 'card compact', class: `card compact ${tierClass(v.tier)}`, role: 'group', 'aria-label': m.yourTier },
      h('span', { part: 'badge', class: `badge ${tierClass(v.tier)}`, 'aria-hidden': 'true' }, [...name][0]?.toUpperCase() ?? ''),
      h('div', { class: 'grow' },
        h('div', { class: 'row' }, h('strong', { part: 'tier' }, name), h('span', { part: 'summary', class: 'caption' }, text)),
        v.next ? this.bar(v.percent, m.progressTo(v.next_tier_name), `${this.fmtPct(v.percent)}: ${text}`, 'overall') : null));
  }

  // The leaf that decides a node's progress: best child of any, worst of all.
  deciding(node) {
    if (node.op === 'leaf') return node;
    const kids = node.children.map((c) => this.deciding(c));
    return kids.reduce((a, b) => ((node.op === 'any' ? b.progress > a.progress : b.progress < a.progress) ? b : a));
  }

  notEnrolled() {
    const button = h('button', { part: 'join-button', type: 'button' }, this.m.join);
    button.addEventListener('click', () => this.host.dispatchEvent(
      new CustomEvent('tierlab-join', { detail: { program: this.p.name }, bubbles: true, composed: true })));
    return h('div', { part: 'card join', class: 'card', role: 'group', 'aria-label': this.p.name },
      h('p', { class: 'lead' }, this.m.notEnrolled(this.p.name)), button);
  }
}

try {
  if (!customElements.get('tierlab-progress')) customElements.define('tierlab-progress', TierlabProgress);
} catch (e) {
  console.error(e);
}
