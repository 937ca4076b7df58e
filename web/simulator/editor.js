// @ts-check
// The structure editor of the simulator page (issue 20 item 1, docs/simulator.md
// "Structure editor"): insert a tier anywhere, reorder tiers, add, remove and
// re-window metrics (with names that follow their window), and the program
// settings (qualify delay, retention, enrollment) — without JSON.
// Every edit goes through `apply(program)`, the page's ordinary edit path: the
// core validates the new candidate, a located error shows next to the field
// (each field carries its JSON pointer in data-ptr) and Ctrl+Z undoes it.
// The pure functions below work on a copy and are tested in node.

import { conditionsPart } from './conditions.js';
import { pointsPart } from './points-editor.js';

export const MEASURES = ['net_spend', 'gross_spend', 'purchase_count', 'engagement_points', 'event_count', 'tenure_days'];
export const CALENDARS = ['year', 'quarter', 'month'];

/** A window's short token, as metric names spell it: 365d, lifetime, year... */
export function windowToken(/** @type {any} */ w) {
  if (w === 'lifetime') return 'lifetime';
  if (w && typeof w === 'object' && 'days' in w) return `${w.days}d`;
  if (w && typeof w === 'object' && 'calendar' in w) return String(w.calendar);
  return '';
}

/**
 * The name a metric should take when its window changes from `from` to `to`,
 * or null when its name does not end in the old window's token (spend_365d
 * → spend_year; "big_spenders" stays).
 */
export function suggestName(/** @type {string} */ name, /** @type {any} */ from, /** @type {any} */ to) {
  const old = windowToken(from), neu = windowToken(to);
  if (!old || !neu || old === neu || !name.endsWith(`_${old}`)) return null;
  return `${name.slice(0, -old.length)}${neu}`;
}

/** Calls f(node, pointer) on every condition leaf ({metric: ...}) outside `metrics`. */
function eachLeaf(/** @type {any} */ v, /** @type {string} */ ptr, /** @type {(n: any, p: string) => void} */ f) {
  if (Array.isArray(v)) v.forEach((x, i) => eachLeaf(x, `${ptr}/${i}`, f));
  else if (v && typeof v === 'object') {
    if (typeof v.metric === 'string') f(v, ptr);
    for (const [k, x] of Object.entries(v)) if (!(ptr === '' && k === 'metrics')) eachLeaf(x, `${ptr}/${k}`, f);
  }
}

/** JSON pointers of the conditions that use metric `name`. */
export function usesOf(/** @type {any} */ program, /** @type {string} */ name) {
  /** @type {string[]} */ const out = [];
  eachLeaf(program, '', (n, p) => { if (n.metric === name) out.push(p); });
  return out;
}

/** A copy with metric `from` renamed `to`, in place in `metrics` and in every condition. */
export function renameMetric(/** @type {any} */ program, /** @type {string} */ from, /** @type {string} */ to) {
  const p = structuredClone(program);
  p.metrics = Object.fromEntries(Object.entries(p.metrics).map(([k, v]) => [k === from ? to : k, v]));
  eachLeaf(p, '', (n) => { if (n.metric === from) n.metric = to; });
  return p;
}

/** A copy with metric `name`'s window set (the name unchanged: see suggestName). */
export function setWindow(/** @type {any} */ program, /** @type {string} */ name, /** @type {any} */ window) {
  const p = structuredClone(program);
  p.metrics[name].window = window;
  return p;
}

/** A copy with metric `name` defined as `def` (added at the end, or replaced in place). */
export function putMetric(/** @type {any} */ program, /** @type {string} */ name, /** @type {any} */ def) {
  const p = structuredClone(program);
  p.metrics[name] = def;
  return p;
}

/** A copy without metric `name`; throws, naming the conditions, while any uses it. */
export function removeMetric(/** @type {any} */ program, /** @type {string} */ name) {
  const uses = usesOf(program, name);
  if (uses.length) throw new Error(`${name} is used by ${uses.join(', ')}`);
  const p = structuredClone(program);
  delete p.metrics[name];
  return p;
}

/** A name not yet used among `taken`: base, base 2, base 3... (sep between). */
export function uniqueIn(/** @type {Iterable<string>} */ taken, /** @type {string} */ base, sep = ' ') {
  const names = new Set(taken);
  let n = base, k = 2;
  while (names.has(n)) n = `${base}${sep}${k++}`;
  return n;
}

/**
 * A copy with a new tier at index `at` (1 ≤ at ≤ tiers.length: the floor stays
 * first). It starts as a copy of the tier below's condition (the one above's
 * when the tier below is the floor), with no benefits, so it is valid at once
 * and the designer moves its thresholds from there.
 */
export function insertTier(/** @type {any} */ program, /** @type {number} */ at) {
  const p = structuredClone(program);
  if (!(at >= 1 && at <= p.tiers.length)) throw new RangeError(`a tier can go at 1..${p.tiers.length}, not ${at}`);
  const model = p.tiers[at - 1].qualify ?? p.tiers[at]?.qualify ??
    { metric: Object.keys(p.metrics)[0], at_least: 1 };
  p.tiers.splice(at, 0, { name: uniqueIn(p.tiers.map((/** @type {any} */ t) => t.name), 'New tier'), qualify: structuredClone(model) });
  return p;
}

/** A copy with tier i swapped with tier i+dir; the floor (tier 0) never moves. */
export function moveTier(/** @type {any} */ program, /** @type {number} */ i, /** @type {number} */ dir) {
  const j = i + dir;
  if (i < 1 || j < 1 || i >= program.tiers.length || j >= program.tiers.length) throw new RangeError(`tier ${i} cannot move to ${j}`);
  const p = structuredClone(program);
  [p.tiers[i], p.tiers[j]] = [p.tiers[j], p.tiers[i]];
  return p;
}

/** A copy with a top-level setting set; `undefined` removes it (the spec's default). */
export function setSetting(/** @type {any} */ program, /** @type {string} */ key, /** @type {any} */ value) {
  const p = structuredClone(program);
  if (value === undefined) delete p[key]; else p[key] = value;
  return p;
}

// ------------------------------------------------------------------ DOM

/**
 * @param {string} tag
 * @param {Record<string, any>} [props]
 * @param {(Node | string)[]} [kids]
 */
function el(tag, props = {}, kids = []) {
  const e = /** @type {any} */ (document.createElement(tag));
  for (const [k, v] of Object.entries(props)) {
    if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k === 'on') for (const [ev, f] of Object.entries(v)) e.addEventListener(ev, f);
    else if (k in e && k !== 'list') e[k] = v;
    else e.setAttribute(k, String(v));
  }
  for (const x of kids) e.append(x);
  return e;
}

const windowKind = (/** @type {any} */ w) => (w === 'lifetime' ? 'lifetime' : w?.calendar ? w.calendar : 'days');

/**
 * Appends the structure editor to `host` (after the page's tier form).
 * @param {HTMLElement} host
 * @param {any} program the candidate (read only: edits make copies)
 * @param {(program: any) => void} apply make a program the candidate (validated, undoable)
 */
export function renderEditor(host, program, apply) {
  if (!program) return;
  const box = el('section', { className: 'editor', id: 'structure', 'aria-label': 'Program structure' });
  box.append(el('h3', { textContent: 'Structure' }));
  box.append(tiersPart(program, apply), metricsPart(program, apply), conditionsPart(program, apply), settingsPart(program, apply), pointsPart(program, apply));
  host.append(box);
}

function tiersPart(/** @type {any} */ program, /** @type {(p: any) => void} */ apply) {
  const list = el('ol', { className: 'ed-tiers' });
  program.tiers.forEach((/** @type {any} */ t, /** @type {number} */ i) => {
    const n = program.tiers.length;
    const li = el('li', { dataset: { ptr: `/tiers/${i}` } }, [el('span', { className: 'ed-name', textContent: t.name + (i === 0 ? ' (floor)' : '') })]);
    const btn = (/** @type {string} */ text, /** @type {string} */ label, /** @type {() => any} */ make, ok = true) =>
      el('button', { type: 'button', className: 'quiet', textContent: text, disabled: !ok, 'aria-label': label, on: { click: () => apply(make()) } });
    li.append(
      btn('↑', `Move ${t.name} up`, () => moveTier(program, i, -1), i > 1),
      btn('↓', `Move ${t.name} down`, () => moveTier(program, i, 1), i >= 1 && i < n - 1),
      btn('+ below', `Insert a tier below ${t.name}`, () => insertTier(program, i), i >= 1),
      btn('+ above', `Insert a tier above ${t.name}`, () => insertTier(program, i + 1)));
    list.append(li);
  });
  return el('div', { className: 'ed-part' }, [el('h4', { textContent: 'Tiers (lowest first; rename them above)' }), list]);
}

function metricsPart(/** @type {any} */ program, /** @type {(p: any) => void} */ apply) {
  const part = el('div', { className: 'ed-part' }, [el('h4', { textContent: 'Metrics' })]);
  for (const [name, def] of Object.entries(/** @type {Record<string, any>} */ (program.metrics))) {
    const ptr = `/metrics/${name}`;
    const row = el('div', { className: 'ed-metric field', dataset: { ptr } });
    const id = `ed-m-${name}`;
    const nameIn = el('input', { id: `${id}-name`, value: name, className: 'ed-mname', autocomplete: 'off', 'aria-label': `Metric ${name}: name`,
      on: { change: () => { const v = nameIn.value.trim(); if (v && v !== name) apply(renameMetric(program, name, v)); } } });
    const measure = el('select', { id: `${id}-measure`, 'aria-label': `${name}: measure`,
      on: { change: () => {
        const d = { ...def, measure: measure.value };
        if (measure.value === 'event_count') d.kind ??= 'visit'; else delete d.kind;
        apply(putMetric(program, name, d));
      } } }, MEASURES.map((m) => el('option', { value: m, textContent: m.replace('_', ' '), selected: m === def.measure })));
    const kind = windowKind(def.window);
    const wsel = el('select', { id: `${id}-window`, 'aria-label': `${name}: window` },
      [['days', 'last N days'], ['lifetime', 'lifetime'], ['year', 'calendar year'], ['quarter', 'calendar quarter'], ['month', 'calendar month']]
        .map(([v, t]) => el('option', { value: v, textContent: t, selected: v === kind })));
    const days = el('input', { id: `${id}-days`, type: 'number', min: 1, step: 1, className: 'short', 'aria-label': `${name}: days`,
      value: def.window?.days ?? 365, hidden: kind !== 'days' });
    const offer = el('p', { className: 'ed-offer', role: 'status' });
    const windowChanged = () => {
      const w = wsel.value === 'days' ? { days: Math.round(Number(days.value)) } : wsel.value === 'lifetime' ? 'lifetime' : { calendar: wsel.value };
      if (wsel.value === 'days' && !(Number(days.value) >= 1)) { days.setAttribute('aria-invalid', 'true'); return; }
      const next = setWindow(program, name, w);
      const better = suggestName(name, def.window, w);
      if (!better || better in program.metrics) { apply(next); return; }
      // Offer the rename before applying: the conditions follow the new name.
      offer.replaceChildren(`${name} now counts ${wsel.selectedOptions[0].textContent}${wsel.value === 'days' ? ` (${/** @type {any} */ (w).days})` : ''}. Rename it ${better}? `,
        el('button', { type: 'button', className: 'ed-rename', textContent: `Rename to ${better}`, on: { click: () => apply(renameMetric(next, name, better)) } }), ' ',
        el('button', { type: 'button', className: 'quiet', textContent: `Keep ${name}`, on: { click: () => apply(next) } }));
    };
    wsel.addEventListener('change', () => { days.hidden = wsel.value !== 'days'; windowChanged(); });
    days.addEventListener('change', windowChanged);
    row.append(nameIn, measure);
    if (def.measure === 'event_count') {
      const k = el('input', { id: `${id}-kind`, value: def.kind ?? '', className: 'short', 'aria-label': `${name}: event kind`, placeholder: 'kind',
        on: { change: () => apply(putMetric(program, name, { ...def, kind: k.value.trim() })) } });
      row.append(k);
    }
    const uses = usesOf(program, name);
    row.append(wsel, days, el('button', { type: 'button', className: 'quiet', textContent: 'Remove', disabled: uses.length > 0,
      title: uses.length ? `Used by ${uses.length} condition(s)` : '', 'aria-label': `Remove metric ${name}`,
      on: { click: () => apply(removeMetric(program, name)) } }), offer);
    part.append(row);
  }
  part.append(el('button', { type: 'button', className: 'quiet', id: 'ed-add-metric', textContent: 'Add a metric',
    on: { click: () => apply(putMetric(program, uniqueIn(Object.keys(program.metrics), 'orders_365d', '_'), { measure: 'purchase_count', window: { days: 365 } })) } }));
  return part;
}

function settingsPart(/** @type {any} */ program, /** @type {(p: any) => void} */ apply) {
  const part = el('div', { className: 'ed-part ed-settings' }, [el('h4', { textContent: 'Settings' })]);
  for (const [key, label] of [['qualify_delay_days', 'Qualify delay (days)'], ['retention_days', 'Retention (days)']]) {
    const input = el('input', { id: `ed-${key}`, type: 'number', min: 0, step: 1, className: 'short', value: program[key] ?? 0,
      on: { change: () => {
        const v = Number(input.value);
        if (input.value === '' || !Number.isInteger(v)) { input.setAttribute('aria-invalid', 'true'); return; }
        apply(setSetting(program, key, v === 0 && !(key in program) ? undefined : v));
      } } });
    part.append(el('div', { className: 'field', dataset: { ptr: `/${key}` } }, [el('label', { htmlFor: `ed-${key}`, textContent: label }), input]));
  }
  const enr = el('select', { id: 'ed-enrollment', on: { change: () => apply(setSetting(program, 'enrollment', enr.value)) } },
    ['automatic', 'required'].map((v) => el('option', { value: v, textContent: v, selected: (program.enrollment ?? 'automatic') === v })));
  part.append(el('div', { className: 'field', dataset: { ptr: '/enrollment' } }, [el('label', { htmlFor: 'ed-enrollment', textContent: 'Enrollment' }), enr]));
  return part;
}
