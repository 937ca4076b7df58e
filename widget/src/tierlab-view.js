// Builds the DOM of one <tierlab-progress> render from the core's customer
// view (docs/wasm.md "CustomerView") and the program JSON. Every number,
// amount, date and name inside a sentence is isolated in <bdi>, so the
// sentences read right in right-to-left languages too.
import { cap, dom, el as h, plain } from './tierlab-words.js';

const tierClass = (i) => `t${Math.max(0, i) % 5}`;

export class View {
  // w: Words; locale: { tag, dir }; host: the element (events are fired on it).
  constructor(program, view, w, locale, host) {
    this.p = program;
    this.v = view;
    this.w = w;
    this.host = host;
    const tag = locale.tag;
    const currency = program.currency;
    this.money = new Intl.NumberFormat(tag, { style: 'currency', currency });
    this.whole = new Intl.NumberFormat(tag, { style: 'currency', currency, minimumFractionDigits: 0 });
    this.num = new Intl.NumberFormat(tag);
    this.pct = new Intl.NumberFormat(tag, { style: 'percent' });
    this.date = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' });
  }

  t(...a) { return this.w.t(...a); }
  fmtMoney(s) { return this.money.format(Number(s)); }
  // A threshold as shoppers think of it: "$300", not "$300.00" (display only).
  fmtWhole(s) { return (Number.isInteger(Number(s)) ? this.whole : this.money).format(Number(s)); }
  fmtDate(iso) { return this.date.format(new Date(`${iso}T00:00:00Z`)); }
  fmtPct(n) { return this.pct.format(n / 100); }
  fmtNum(n) { return this.num.format(Number(n)); }
  tierName(i) { return this.p.tiers[i]?.name ?? ''; }
  programName() { return this.v?.display_name ?? this.p.display_name ?? this.p.name; }
  stop(parts) { return [parts, this.t('stop')]; }

  build(mode) {
    const { v } = this;
    if (!v || !v.enrolled) return mode === 'compact' ? this.compactJoin() : this.guest();
    if (mode === 'compact') return this.compact();
    const card = h('div', { part: 'card', class: `card ${tierClass(v.tier)}`, role: 'group', 'aria-label': this.w.s('yourTier') },
      this.header(), this.benefits(v.tier));
    if (mode === 'ladder') card.append(this.ladder(), this.ways() ?? '');
    else if (v.next) card.append(this.next(v.next, v.next_tier));
    card.append(...this.notes(), this.points() ?? '');
    return card;
  }

  header() {
    const { v } = this;
    const name = this.tierName(v.tier);
    return h('div', { part: 'header', class: 'header' },
      h('span', { part: 'badge', class: `badge ${tierClass(v.tier)}`, 'aria-hidden': 'true' }, [...name][0]?.toUpperCase() ?? ''),
      h('div', null,
        h('div', { class: 'eyebrow' }, this.w.s('yourTier')),
        h('div', { part: 'tier', class: 'tier' }, name),
        v.top ? h('div', { class: 'muted' }, dom(this.t('top', [name]))) : null),
      this.held(name));
  }

  // "Gold until 31 Dec 2026. …": the status term (#16) when the view has one,
  // else the retention hold (retention_days).
  held(name) {
    const { v } = this;
    const s = v.status;
    if (s?.held_until) {
      const until = this.t('heldUntil', [name, this.fmtDate(s.held_until)]);
      const keep = s.keeps ? this.t('kept', [name])
        : s.keep ? cap(this.t('keepBy', [this.cond(s.keep) ?? [], this.fmtDate(s.held_until), name])) : null;
      return h('p', { part: 'held', class: 'held' }, dom(this.stop(until)), keep ? [this.w.gap, dom(this.stop(keep))] : null);
    }
    if (!v.held_until) return null;
    const keep = v.keep?.met ? this.t('keepRenews') : v.keep ? this.t('keepHow', [this.cond(v.keep) ?? []]) : '';
    return h('p', { part: 'held', class: 'held' }, dom(this.t('heldUntil', [name, this.fmtDate(v.held_until)])), dom(this.t('stop')), this.w.gap, dom(keep));
  }

  // Benefits as written in the program (perks are never re-capitalised).
  benefitTexts(i) {
    const b = this.p.tiers[i]?.benefits;
    if (!b) return [];
    const out = [];
    if (Number(b.discount_percent)) out.push(this.t('discount', [this.fmtPct(Number(b.discount_percent))]));
    if (b.free_shipping) out.push(this.t('freeShipping'));
    // A tier's points multiplier (spec §4), when the program sets one.
    if (b.points_multiplier && Number(b.points_multiplier) !== 1) out.push(this.t('pointsMultiplier', [this.fmtNum(b.points_multiplier)]));
    for (const perk of b.perks ?? []) out.push(String(perk));
    return out;
  }

  benefits(i) {
    const items = this.benefitTexts(i);
    if (!items.length) return null;
    return h('ul', { part: 'benefits', class: 'benefits' }, items.map((t) => h('li', { part: 'benefit', class: 'benefit' }, dom(t))));
  }

  // What a condition still needs, as parts: "spend $45.00 more, or place 2
  // more orders"; null when the node is met. Nested groups get parentheses.
  cond(node, parentOp) {
    if (node.met) return null;
    if (node.op === 'leaf') return this.leafPhrase(node);
    const parts = node.children.map((c) => this.cond(c, node.op)).filter(Boolean);
    const s = this.w.list(parts, node.op);
    return parentOp && parentOp !== node.op && parts.length > 1 ? ['(', s, ')'] : s;
  }

  leafPhrase(leaf) {
    const n = Number(leaf.remaining);
    const count = [this.fmtNum(n)];
    switch (leaf.measure) {
      case 'net_spend':
      case 'gross_spend': return this.t('spend', [this.fmtMoney(leaf.remaining)]);
      case 'purchase_count': return this.t('orders', count, n);
      case 'engagement_points': return this.t('engagement', count, n);
      case 'tenure_days': return this.t('tenure', count, n);
      default: {
        const kind = leaf.kind ?? leaf.metric;
        return this.kindKnown(kind) ? this.t(kind, count, n) : this.t('events', [count[0], kind.replace(/_/g, ' ')], n);
      }
    }
  }

  // A kind with its own words; an `events` function override (0.1) speaks for every kind it is not given one for.
  kindKnown(kind) {
    if (kind in this.w.over) return true;
    return typeof this.w.over.events !== 'function' && ['review', 'referral', 'social_share'].includes(kind);
  }

  bar(percent, label, valuetext, extraPart) {
    const fill = h('div', { part: 'fill', class: 'fill' });
    fill.style.inlineSize = `${percent}%`;
    return h('div', {
      part: extraPart ? `bar ${extraPart}` : 'bar', class: extraPart ? `bar ${extraPart}` : 'bar', role: 'progressbar',
      'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(percent),
      'aria-valuetext': valuetext, 'aria-label': label,
    }, fill);
  }

  windowText(leaf) {
    const w = this.p.metrics?.[leaf.metric]?.window;
    if (!w || w === 'lifetime' || leaf.measure === 'tenure_days') return null;
    if (w.days) return this.t('window', [this.fmtNum(w.days)], w.days);
    return w.calendar ? this.t(w.calendar) : null;
  }

  valueText(leaf, x) {
    return leaf.money ? this.fmtMoney(x) : this.fmtNum(x);
  }

  // "$235.00 of more than $300 · last 365 days": an `above` threshold is shown
  // as written; the remaining amount elsewhere stays exact ($65.01).
  captionText(leaf) {
    const above = leaf.above && leaf.threshold !== undefined;
    const target = above ? (leaf.money ? this.fmtWhole(leaf.threshold) : this.fmtNum(leaf.threshold)) : this.valueText(leaf, leaf.target);
    const first = leaf.met ? this.t(above ? 'goalAbove' : 'goal', [target])
      : this.t(above ? 'ofAbove' : 'of', [this.valueText(leaf, leaf.value), target]);
    const win = this.windowText(leaf);
    return win ? [first, ' · ', win] : first;
  }

  // What a met condition has achieved: "$235.00 spent", "member for 331 days".
  metText(leaf) {
    const n = Number(leaf.value);
    const count = [this.valueText(leaf, leaf.value)];
    switch (leaf.measure) {
      case 'net_spend':
      case 'gross_spend': return this.t('spent', count);
      case 'purchase_count': return this.t('ordersDone', count, n);
      case 'engagement_points': return this.t('engagementDone', count, n);
      case 'tenure_days': return this.t('tenureDone', count, n);
      default: return this.t('eventsDone', [count[0], (leaf.kind ?? leaf.metric).replace(/_/g, ' ')]);
    }
  }

  condition(leaf, tierName) {
    const what = cap(leaf.met ? this.metText(leaf) : this.leafPhrase(leaf));
    return h('li', { part: 'condition', class: 'condition' },
      h('div', { class: 'row' },
        h('span', { part: 'label', class: leaf.met ? 'done' : null }, leaf.met ? '✓ ' : null, dom(what)),
        h('span', { part: 'caption', class: 'caption' }, dom(this.captionText(leaf)))),
      this.bar(leaf.percent, `${leaf.metric.charAt(0).toUpperCase()}${leaf.metric.slice(1).replace(/_/g, ' ')}: ${this.w.s('progressTo', [tierName])}`,
        `${this.fmtPct(leaf.percent)}: ${plain(what)}`));
  }

  // The bare connector word of a list ("or", "oder", "または").
  connector(op) {
    return flatFind(this.w.list(['a', 'b'], op)) ?? (op === 'any' ? 'or' : 'and');
  }

  conditions(node, tierName) {
    if (node.op === 'leaf') return h('ul', { part: 'conditions', class: 'conditions' }, this.condition(node, tierName));
    const items = [];
    node.children.forEach((c, i) => {
      if (i) items.push(h('li', { class: 'or', 'aria-hidden': 'true' }, this.connector(node.op)));
      items.push(c.op === 'leaf' ? this.condition(c, tierName) : h('li', { class: 'group' }, this.conditions(c, tierName)));
    });
    return h('ul', { part: 'conditions', class: 'conditions' }, items);
  }

  next(node, tier) {
    const name = this.tierName(tier);
    const single = node.op === 'leaf'; // one condition: its bar is the overall bar
    const progressTo = this.w.s('progressTo', [name]);
    return h('div', { part: 'next', class: `next n${tierClass(tier)}`, role: 'group', 'aria-label': progressTo },
      h('div', { class: 'row' },
        h('p', { part: 'summary', class: 'summary' }, h('b', null, dom(this.t('toReach', [name]))), this.w.gap, dom(this.stop(cap(this.cond(node) ?? [])))),
        h('span', { class: 'caption' }, this.fmtPct(this.v.percent))),
      this.bar(this.v.percent, progressTo, `${this.fmtPct(this.v.percent)}: ${plain(this.cond(node) ?? '')}`, 'overall'),
      single ? h('span', { part: 'caption', class: 'caption' }, dom(this.captionText(node))) : this.conditions(node, name));
  }

  // The cart's shortfall: the least money that alone would reach the next
  // tier, read from the core's progress after the cart (a money leaf whose
  // `remaining` completes its group); null when money alone cannot.
  shortfall(node) {
    if (!node || node.met) return null;
    if (node.op === 'leaf') return node.money ? Number(node.remaining) : null;
    const kids = node.children.map((c) => (c.met ? 0 : this.shortfall(c)));
    if (node.op === 'any') {
      const ok = kids.filter((k) => k !== null && k > 0);
      return ok.length ? Math.min(...ok) : null;
    }
    const unmet = kids.filter((k) => k !== 0);
    return unmet.length === 1 && unmet[0] !== null ? unmet[0] : null;
  }

  previewText() {
    const pv = this.v.preview;
    if (!pv) return null;
    if (pv.upgrade) {
      return pv.counts_from ? this.t('upgradeLater', [pv.tier_name, this.fmtDate(pv.counts_from)]) : this.t('upgrade', [pv.tier_name]);
    }
    const short = this.shortfall(pv.next);
    return short ? this.t('shortfall', [this.money.format(short), pv.next_tier_name]) : null;
  }

  notes() {
    const { v } = this;
    const out = [];
    const pv = v.preview;
    if (pv) {
      const text = [];
      if (pv.upgrade) text.push(this.stop(this.previewText()));
      else if (pv.next_tier >= 0) {
        text.push(this.t('closer', [this.fmtPct(pv.percent), pv.next_tier_name]));
        const short = this.previewText();
        if (short) text.push(this.stop(short));
      }
      if (pv.points_earned) text.push(this.t('earns', [this.fmtNum(pv.points_earned)], pv.points_earned));
      if (text.length) out.push(h('p', { part: 'preview', class: 'note preview', role: 'status' }, dom(text.flatMap((x, i) => (i ? [this.w.gap, x] : [x])))));
    }
    for (const p of v.pending.slice(0, 3))
      out.push(h('p', { part: 'pending', class: 'note' }, dom(this.t('pending', [this.fmtMoney(p.amount), this.fmtDate(p.placed_on), this.fmtDate(p.counts_from)]))));
    return out;
  }

  points() {
    const pts = this.v.points;
    if (!pts) return null;
    const ptsText = (n) => this.t('points', [this.fmtNum(n)], n);
    return h('div', { part: 'points', class: 'points', role: 'group', 'aria-label': this.w.s('rewards') },
      h('div', { class: 'row' },
        h('span', { class: 'balance' }, dom(ptsText(pts.balance))),
        pts.value ? h('span', { class: 'caption' }, dom(this.t('worth', [this.fmtMoney(pts.value)]))) : null),
      pts.rewards?.length ? h('ul', { part: 'rewards', class: 'rewards' }, pts.rewards.map((r) => h('li', { part: 'reward', class: 'reward' },
        h('span', null, r.name, ' · ', dom(ptsText(r.points))),
        r.available ? h('span', { class: 'ok' }, this.w.s('available'), ' ', this.redeem(r))
          : h('span', { class: 'caption' }, dom(this.t('needMore', [this.fmtNum(r.points - pts.balance)], r.points - pts.balance)))))) : null,
      pts.next_expiry ? h('span', { class: 'caption' }, dom(this.t('expiring', [this.fmtNum(pts.next_expiry.points), this.fmtDate(pts.next_expiry.on)], pts.next_expiry.points))) : null);
  }

  redeem(r) {
    const b = h('button', { part: 'redeem-button', type: 'button', class: 'small', 'aria-label': `${this.w.s('redeem')}: ${r.name}` }, this.w.s('redeem'));
    b.addEventListener('click', () => this.host.fire('tierlab-redeem', { reward: r.name, points: r.points }));
    return b;
  }

  ladder() {
    const { v } = this;
    return h('ol', { part: 'ladder', class: 'ladder', 'aria-label': this.w.s('tiers') }, this.p.tiers.map((t, i) => {
      const state = !v ? 'locked' : i < v.tier ? 'reached' : i === v.tier ? 'current' : i === v.next_tier ? 'next' : 'locked';
      const benefits = this.benefitTexts(i);
      return h('li', { part: 'step', class: `step ${tierClass(i)}`, 'data-state': state, 'aria-current': state === 'current' ? 'step' : null },
        h('span', { part: 'badge', class: `badge ${tierClass(i)}`, 'aria-hidden': 'true' }, v && i <= v.tier ? '✓' : String(i + 1)),
        h('strong', null, t.name, state === 'current' ? h('span', { class: 'caption' }, ` · ${this.w.s('current')}`) : null),
        h('div', { class: 'caption' }, benefits.length ? dom(benefits.flatMap((b, k) => (k ? [' · ', b] : [b]))) : ' '),
        state === 'next' && v.next ? h('div', { class: 'wide' }, this.next(v.next, i)) : null);
    }));
  }

  // "Ways to earn": points per amount spent and, per engagement kind, the
  // engagement points and reward points it gives (program JSON, as designed).
  ways() {
    const pts = this.p.points;
    const lines = [];
    const per = Number(pts?.per_currency_unit ?? 0);
    if (per > 0) lines.push(this.t('perSpend', [this.fmtNum(per), this.fmtWhole(1)], per));
    const kinds = [...new Set([...Object.keys(this.p.engagement ?? {}), ...Object.keys(pts?.per_event ?? {})])];
    for (const kind of kinds) {
      const got = [];
      const e = Number(this.p.engagement?.[kind] ?? 0);
      const r = Number(pts?.per_event?.[kind] ?? 0);
      if (e) got.push(this.t('engagementDone', [this.fmtNum(e)], e));
      if (r) got.push(this.t('points', [this.fmtNum(r)], r));
      if (!got.length) continue;
      const label = `kind_${kind}` in this.w.table || `kind_${kind}` in this.w.over || ['review', 'referral', 'social_share'].includes(kind)
        ? this.t(`kind_${kind}`) : cap(kind.replace(/_/g, ' '));
      lines.push(this.t('earnKind', [label, this.w.list(got, 'all', false)]));
    }
    if (!lines.length) return null;
    return h('div', { part: 'ways', class: 'ways', role: 'group', 'aria-label': this.w.s('waysToEarn') },
      h('strong', null, this.w.s('waysToEarn')),
      h('ul', null, lines.map((l) => h('li', { part: 'way' }, dom(l)))));
  }

  // Guests and non-members: what the program offers, tier by tier, how to earn, and Join.
  guest() {
    const name = this.programName();
    const button = h('button', { part: 'join-button', type: 'button' }, this.w.s('join'));
    button.addEventListener('click', () => this.host.fire('tierlab-join', { program: this.p.name }));
    return h('div', { part: 'card join', class: 'card', role: 'group', 'aria-label': name },
      h('p', { class: 'lead' }, dom(this.t('notEnrolled', [name]))),
      h('ol', { part: 'ladder', class: 'ladder', 'aria-label': this.w.s('tiers') }, this.p.tiers.map((t, i) => {
        const benefits = this.benefitTexts(i);
        return h('li', { part: 'step', class: `step ${tierClass(i)}`, 'data-state': 'locked' },
          h('span', { part: 'badge', class: `badge ${tierClass(i)}`, 'aria-hidden': 'true' }, String(i + 1)),
          h('strong', null, t.name),
          h('div', { class: 'caption' }, benefits.length ? dom(benefits.flatMap((b, k) => (k ? [' · ', b] : [b]))) : ' '));
      })),
      this.ways(), button);
  }

  compact() {
    const { v } = this;
    const name = this.tierName(v.tier);
    const leaf = v.next ? this.deciding(v.next) : null;
    const pv = v.preview;
    const text = (pv?.upgrade ? this.t('upgrade', [pv.tier_name]) : this.previewText()) ?? (v.next ? this.t('forTier', [cap(this.leafPhrase(leaf)), v.next_tier_name]) : this.t('top', [name]));
    return h('div', { part: 'card compact', class: `card compact ${tierClass(v.tier)}`, role: 'group', 'aria-label': this.w.s('yourTier') },
      h('span', { part: 'badge', class: `badge ${tierClass(v.tier)}`, 'aria-hidden': 'true' }, [...name][0]?.toUpperCase() ?? ''),
      h('div', { class: 'grow' },
        h('div', { class: 'row' }, h('strong', { part: 'tier' }, name), h('span', { part: 'summary', class: 'caption line' }, dom(text))),
        v.next ? this.bar(v.percent, this.w.s('progressTo', [v.next_tier_name]), `${this.fmtPct(v.percent)}: ${plain(text)}`, 'overall') : null));
  }

  compactJoin() {
    const name = this.programName();
    const link = h('button', { part: 'join-button', type: 'button', class: 'link' }, this.w.s('joinShort'));
    link.addEventListener('click', () => this.host.fire('tierlab-join', { program: this.p.name }));
    return h('div', { part: 'card compact join', class: 'card compact', role: 'group', 'aria-label': name },
      h('div', { class: 'grow' }, h('span', { class: 'line' }, dom(this.t('joinLine', [name])))), link);
  }

  // The leaf that decides a node's progress: best child of any, worst of all.
  deciding(node) {
    if (node.op === 'leaf') return node;
    const kids = node.children.map((c) => this.deciding(c));
    return kids.reduce((a, b) => ((node.op === 'any' ? b.progress > a.progress : b.progress < a.progress) ? b : a));
  }
}

const flatFind = (parts) => [parts].flat(Infinity).find((p) => p && p.c !== undefined)?.c;

// The neutral, sized box shown while there is nothing to show (no shopper
// yet) or nothing usable (a program that fails): never a vanished widget.
export function placeholder(text, mode) {
  return h('div', { part: 'card placeholder', class: `card placeholder${mode === 'compact' ? ' compact' : ''}`, role: text ? 'note' : null, 'aria-hidden': text ? null : 'true' },
    text ? h('span', { class: 'muted' }, text) : null);
}
