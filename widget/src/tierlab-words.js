// Words for <tierlab-progress>: the English messages (the default, inside the
// widget), the locale choice (BCP 47 fallback), the other languages' tables
// (locales/<lang>.json, fetched only for the language in use) and the filler
// that turns a message into text parts, with every value isolated in <bdi>.
//
// A message is a template ("spend {0} more") or plural forms chosen by
// Intl.PluralRules ({ "one": "…", "other": "…" }). el.messages may override
// any key with a string, plural forms or a function of the formatted values.

export const messages = {
  yourTier: 'Your tier',
  spend: 'spend {0} more',
  orders: { one: 'place {0} more order', other: 'place {0} more orders' },
  engagement: { one: 'earn {0} more engagement point', other: 'earn {0} more engagement points' },
  tenure: { one: 'stay a member {0} more day', other: 'stay a member {0} more days' },
  review: { one: 'write {0} more review', other: 'write {0} more reviews' },
  referral: { one: 'refer {0} more friend', other: 'refer {0} more friends' },
  social_share: { one: 'share {0} more time', other: 'share {0} more times' },
  events: { one: 'get {0} more {1} event', other: 'get {0} more {1} events' },
  toReach: 'To reach {0}:',
  of: '{0} of {1}',
  ofAbove: '{0} of more than {1}',
  goal: 'goal {0}',
  goalAbove: 'goal: more than {0}',
  spent: '{0} spent',
  ordersDone: { one: '{0} order placed', other: '{0} orders placed' },
  engagementDone: { one: '{0} engagement point', other: '{0} engagement points' },
  tenureDone: { one: 'member for {0} day', other: 'member for {0} days' },
  eventsDone: '{0} × {1}',
  window: { one: 'last {0} day', other: 'last {0} days' },
  year: 'this year',
  quarter: 'this quarter',
  month: 'this month',
  progressTo: 'Progress to {0}',
  top: "You've reached {0}, our top tier. Enjoy!",
  heldUntil: '{0} until {1}',
  keepRenews: 'You still qualify, so it renews while you do.',
  keepHow: 'To keep it after that: {0}.',
  keepBy: '{0} by {1} to keep {2}',
  kept: "You've kept {0} for another year",
  pending: 'Your {0} order of {1} counts toward your tier from {2}.',
  upgrade: 'This order takes you to {0}',
  upgradeLater: 'This order takes you to {0} once its return window ends ({1})',
  closer: "With this order you'd be {0} of the way to {1}.",
  shortfall: 'Add {0} more to reach {1}',
  earns: { one: 'This order earns {0} point.', other: 'This order earns {0} points.' },
  discount: '{0} off every order',
  freeShipping: 'Free shipping',
  pointsMultiplier: 'Earn {0}× points',
  points: { one: '{0} point', other: '{0} points' },
  worth: 'worth {0}',
  rewards: 'Rewards',
  available: 'Available now',
  redeem: 'Redeem',
  needMore: { one: '{0} more point', other: '{0} more points' },
  expiring: { one: '{0} point expires on {1}', other: '{0} points expire on {1}' },
  notEnrolled: 'Join {0} to earn tiers and rewards on every order.',
  join: 'Join now',
  joinShort: 'Join',
  joinLine: 'Earn rewards with {0}',
  forTier: '{0} for {1}',
  tiers: 'Tiers',
  current: 'Current',
  waysToEarn: 'Ways to earn',
  perSpend: { one: '{0} point for every {1} spent', other: '{0} points for every {1} spent' },
  earnKind: '{0}: {1}',
  kind_review: 'Write a review',
  kind_referral: 'Refer a friend',
  kind_social_share: 'Share on social media',
  unavailable: 'Rewards are not available right now.',
  stop: '.',
};

export const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pl', 'pt', 'sv', 'ja', 'zh', 'ar', 'he'];
const RTL = ['ar', 'he'];

// The first candidate whose language has messages: "en_US.UTF-8" reads as
// en-US, "de-AT" gets the German words with Austrian numbers. Candidates that
// are not BCP 47 or whose language has no table are passed over.
export function pickLocale(candidates) {
  const passed = [];
  for (const c of candidates) {
    if (!c) continue;
    let tag;
    try {
      [tag] = Intl.getCanonicalLocales(String(c).trim().replace(/[.@].*$/, '').replace(/_/g, '-'));
    } catch {
      tag = null;
    }
    const lang = tag?.split('-')[0];
    if (LANGUAGES.includes(lang)) return { tag, lang, dir: RTL.includes(lang) ? 'rtl' : 'ltr', passed };
    passed.push(String(c));
  }
  return { tag: 'en', lang: 'en', dir: 'ltr', passed };
}

const tables = new Map(); // lang -> Promise<table>, one fetch per page
export function loadTable(lang) {
  if (lang === 'en') return Promise.resolve({});
  if (!tables.has(lang)) {
    const p = fetch(new URL(`./locales/${lang}.json`, import.meta.url)).then((r) => {
      if (!r.ok) throw new Error(`locales/${lang}.json: HTTP ${r.status}`);
      return r.json();
    });
    p.catch(() => tables.delete(lang));
    tables.set(lang, p);
  }
  return tables.get(lang);
}

// Text parts: strings are literal text, { v } a value shown in <bdi>, { c } a
// list connector word (bold), nodes stay nodes; arrays nest.
export const plain = (parts) => flat(parts).map((p) => (typeof p === 'string' ? p : p.v ?? p.c ?? p.textContent)).join('');
export const dom = (parts) => flat(parts).map((p) => (typeof p === 'string' ? p
  : p.v !== undefined ? el('bdi', null, p.v) : p.c !== undefined ? el('strong', { part: 'connector', class: 'connector' }, p.c) : p));
const flat = (parts) => [parts].flat(Infinity).filter((p) => p !== null && p !== undefined && p !== false && p !== '');

// The first letter of a sentence that starts with a message's own word.
export function cap(parts) {
  const out = flat(parts);
  if (typeof out[0] === 'string') out[0] = out[0].charAt(0).toLocaleUpperCase() + out[0].slice(1);
  return out;
}

export class Words {
  constructor(locale, table, overrides) {
    this.lang = locale.lang;
    this.table = table ?? {};
    this.over = overrides ?? {};
    this.missing = new Set(); // keys this language's table lacks (English shown instead)
    this.plural = new Intl.PluralRules(locale.tag);
    this.gap = ['ja', 'zh'].includes(this.lang) ? '' : ' '; // between sentences
  }

  // t(key, values, count): values are strings (isolated) or parts (spliced in).
  t(key, values = [], count) {
    let m = this.over[key];
    if (m === undefined) {
      m = this.table[key];
      if (m === undefined) {
        if (this.lang !== 'en') this.missing.add(key);
        m = messages[key];
      }
    }
    if (typeof m === 'function') return [m(...values.map((v) => (typeof v === 'string' ? v : plain(v))))];
    if (m && typeof m === 'object') m = m[this.plural.select(count ?? 0)] ?? m.other;
    return String(m ?? key).split(/\{(\d)\}/).map((s, i) => (i % 2 ? wrap(values[Number(s)]) : s));
  }

  s(key, values, count) {
    return plain(this.t(key, values, count));
  }

  // "a, b or c" (any) / "a, b and c" (all), the connector word in bold (a
  // condition's) or not; an override of "or" / "and" (el.messages) replaces
  // the locale's own word.
  list(items, op, bold = true) {
    const type = op === 'any' ? 'disjunction' : 'conjunction';
    const own = this.over[op === 'any' ? 'or' : 'and'];
    if (items.length < 2) return items[0] ?? [];
    if (own !== undefined) return items.flatMap((x, i) => (i ? [' ', bold ? { c: String(own) } : String(own), ' ', x] : [x]));
    const marks = items.map((_, i) => `\u{E000}${i}\u{E001}`);
    return new Intl.ListFormat(this.lang, { type }).formatToParts(marks).map((p) => {
      if (p.type === 'element') return items[Number(p.value.slice(1, -1))];
      const [, pre, word, post] = /^([^\p{L}]*)(.*?)([^\p{L}]*)$/su.exec(p.value);
      return word && bold ? [pre, { c: word }, post] : p.value;
    });
  }
}

const wrap = (v) => (typeof v === 'string' || typeof v === 'number' ? { v: String(v) } : v ?? '');

// Element builder: strings become text nodes, so data can never be markup.
export function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v);
  for (const kid of kids.flat(Infinity)) if (kid !== null && kid !== undefined && kid !== false) e.append(kid);
  return e;
}
