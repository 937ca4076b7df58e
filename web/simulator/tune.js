// @ts-check
// "Target mix": auto-tune the candidate's thresholds (spec §5b, the core's
// tune() through the worker's session.tune). One share per tier above the
// first, prefilled with today's shares of enrolled customers at that tier or
// above; Tune moves the tuned leaves of the candidate (operators kept), says
// which targets were unreachable and why, and Undo puts the thresholds back.
// Built with DOM calls only (no HTML strings).

/**
 * @typedef {{
 *   ask: (type: string, payload: any) => Promise<any>,
 *   state: () => any,
 *   apply: (candidate: any) => void,
 * }} TuneHooks
 */

/** @type {TuneHooks | null} */
let hooks = null;
/** @type {any[]} */ const undoStack = []; // the reports of the tunes applied, newest last
let typed = false; // the user changed a share: stop prefilling
let shownKey = ''; // the tiers and metrics the rows were built for

const el = (/** @type {string} */ tag, /** @type {Record<string, string>} */ attrs = {}, /** @type {string} */ text = '') => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text) e.textContent = text;
  return e;
};
const $ = (/** @type {string} */ id) => /** @type {any} */ (document.getElementById(id));

/** The i-th leaf, depth first (the core's leaf index), of a condition. */
function nthLeaf(/** @type {any} */ c, /** @type {{ i: number }} */ k) {
  if (!c) return null;
  if (!c.any && !c.all) return k.i-- === 0 ? c : null;
  for (const child of c.any ?? c.all) {
    const found = nthLeaf(child, k);
    if (found) return found;
  }
  return null;
}

/**
 * Moves each tuned leaf of `candidate` to the report's new threshold (in
 * place), or back to its old one: other edits made since stay.
 */
export function applyTune(/** @type {any} */ candidate, /** @type {any} */ report, back = false) {
  for (const t of report.tiers) {
    if (!t.reachable || candidate.tiers[t.tier_index]?.name !== t.tier) continue;
    const leaf = nthLeaf(candidate.tiers[t.tier_index].qualify, { i: t.leaf });
    if (leaf && t.operator in leaf) leaf[t.operator] = back ? t.old_threshold : t.new_threshold;
  }
  return candidate;
}

/** Share (0..1) of enrolled customers at tier i or above in a simulation's candidate. */
function sharesOf(/** @type {any} */ report) {
  const counts = report.candidate.tiers.map((/** @type {any} */ t) => t.customers);
  const enrolled = counts.reduce((/** @type {number} */ a, /** @type {number} */ b) => a + b, 0);
  let above = 0;
  const out = new Array(counts.length);
  for (let i = counts.length - 1; i >= 0; --i) {
    above += counts[i];
    out[i] = enrolled ? above / enrolled : 0;
  }
  return out;
}

/** Builds the control in its section once (index.html: #tune). */
export function initTune(/** @type {TuneHooks} */ h) {
  hooks = h;
  $('tune-go').addEventListener('click', runTune);
  $('tune-undo').addEventListener('click', undoTune);
  $('tune-shares').addEventListener('input', () => { typed = true; });
}

/** The tiers changed (a program was loaded, a tier added or removed): one row per tier above the first. */
export function renderTargetMix() {
  const s = hooks?.state();
  const box = $('tune-shares');
  if (!s?.candidate || !box) return;
  // Rebuilt only when the tiers change (a tune re-renders the form, and the
  // targets the user typed stay).
  const key = JSON.stringify(s.candidate.tiers.map((/** @type {any} */ t) => t.name)) + JSON.stringify(Object.keys(s.candidate.metrics ?? {}));
  if (key === shownKey) return;
  shownKey = key;
  typed = false;
  box.replaceChildren();
  s.candidate.tiers.forEach((/** @type {any} */ t, /** @type {number} */ i) => {
    if (i === 0) return;
    const row = el('div', { class: 'tune-row' });
    const id = `tune-share-${i}`;
    row.append(el('label', { for: id }, `${t.name} or above`));
    const input = el('input', { id, type: 'number', min: '0', max: '100', step: '0.1', inputmode: 'decimal',
      'data-tier': t.name, 'aria-describedby': 'tune-unit' });
    row.append(input, el('span', { class: 'unit' }, '%'));
    box.append(row);
  });
  const metric = $('tune-metric');
  metric.replaceChildren(el('option', { value: '' }, "each tier's first condition"));
  for (const m of Object.keys(s.candidate.metrics ?? {})) metric.append(el('option', { value: m }, m));
  prefill();
}

/** A new simulation: prefill the shares with today's (the candidate's) until the user types. */
export function prefill() {
  const s = hooks?.state();
  if (typed || !s?.report) return;
  const shares = sharesOf(s.report);
  document.querySelectorAll('#tune-shares input').forEach((input, j) => {
    const v = shares[j + 1];
    if (v !== undefined) /** @type {HTMLInputElement} */ (input).value = (Math.round(v * 1000) / 10).toString();
  });
}

function say(/** @type {string} */ text, /** @type {string[]} */ lines = [], bad = false) {
  const out = $('tune-result');
  out.replaceChildren(el('p', bad ? { class: 'tune-error' } : {}, text));
  if (lines.length) {
    const ul = el('ul');
    for (const l of lines) ul.append(el('li', {}, l));
    out.append(ul);
  }
}

async function runTune() {
  const s = hooks?.state();
  if (!hooks || !s?.candidate || !s.events) return say('Load events and a program first.', [], true);
  /** @type {string[]} */ const targets = [];
  for (const input of /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('#tune-shares input'))) {
    if (input.value.trim() === '') continue;
    targets.push(`${input.dataset.tier}=${input.value.trim()}%`);
  }
  const budget = $('tune-budget').value.trim();
  if (!targets.length && !budget) return say('Give a share for at least one tier, or a budget.', [], true);
  $('tune-go').disabled = true;
  say('Tuning…');
  const program = structuredClone(s.candidate);
  delete program.points; // tiers and cost only
  const reply = await hooks.ask('tune', { program: JSON.stringify(program), targets: targets.join(','),
    metric: $('tune-metric').value, budget, asOf: s.asOf || undefined });
  $('tune-go').disabled = false;
  if (reply.type === 'failed') return say(reply.message, [], true);
  const r = reply.report;
  undoStack.push(r);
  $('tune-undo').disabled = false;
  hooks.apply(applyTune(structuredClone(s.candidate), r));
  typed = true; // keep the targets the user asked for on screen
  const fmt = (/** @type {any} */ t) => `${t.tier}: ${t.metric} ${t.operator === 'above' ? 'above' : 'at least'} ` +
    `${t.old_threshold} → ${t.new_threshold} (${t.before.customers} → ${t.after.customers} at ${t.tier} or above)`;
  const lines = [];
  for (const t of r.tiers) {
    if (!t.reachable) lines.push(`${t.tier}: ${t.target.text} is unreachable, left at ${t.old_threshold}: ${t.reason}.`);
    else lines.push(fmt(t));
    if (t.retain_note) lines.push(`${t.tier}: ${t.retain_note}.`);
  }
  if (r.budget)
    lines.push(r.budget.met ? `Budget ${r.budget.budget} met: thresholds × ${r.budget.factor}, benefit cost ${r.budget.cost_after}.`
      : `Budget ${r.budget.budget} not met even at × 1000; thresholds left at the targets' answer (cost ${r.budget.cost_after}).`);
  const unreachable = r.tiers.filter((/** @type {any} */ t) => !t.reachable).length;
  say(`Tuned in ${reply.ms.toFixed(0)} ms: ${r.movers} customers change tier` +
      (unreachable ? `; ${unreachable} target${unreachable > 1 ? 's' : ''} unreachable.` : '.'), lines, unreachable > 0);
}

function undoTune() {
  const last = undoStack.pop();
  const s = hooks?.state();
  if (!last || !hooks || !s?.candidate) return;
  hooks.apply(applyTune(structuredClone(s.candidate), last, true));
  $('tune-undo').disabled = undoStack.length === 0;
  say('The thresholds the last tune moved are back where they were.');
}

/** A new program was loaded: nothing to undo any more. */
export function resetTune() {
  undoStack.length = 0;
  shownKey = '';
  const u = $('tune-undo');
  if (u) u.disabled = true;
  const out = $('tune-result');
  if (out) out.replaceChildren();
  renderTargetMix();
}
