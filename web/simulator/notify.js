// @ts-check
// The "Notify" panel: how many customers each notification list holds
// (tierlab notify, docs/notify.md) with the baseline program and with the
// candidate, each list downloadable as the CLI's CSV. The counts and the CSV
// come from the core in the worker (Session.notifyCounts / notifyCsv); this
// file only builds the DOM (createElement / textContent, never HTML strings).

/** The lists in reading order, with their label. */
export const NOTIFY_REASONS = /** @type {const} */ ([
  ['upgraded', 'Upgrade email'],
  ['downgraded', 'Downgrade email'],
  ['near_next', 'Almost at the next tier'],
  ['points_expiring', 'Points expiring'],
  ['reward_available', 'Reward now available'],
]);
export const SINCE_DAYS = 7; // the core's default D0 = D - 7
export const WITHIN_DAYS = 30; // and its default points horizon

const fmt = new Intl.NumberFormat('en-US');

/** "2026-03-31" minus n days. */
export function daysBefore(/** @type {string} */ iso, /** @type {number} */ n) {
  return new Date(Date.parse(`${iso}T00:00:00Z`) - n * 86400000).toISOString().slice(0, 10);
}

/** The headline: what launching the candidate means for the upgrade list. */
export function headline(/** @type {Record<string, number>} */ base, /** @type {Record<string, number>} */ cand) {
  const n = cand.upgraded;
  const who = n === 1 ? '1 customer gets' : `${fmt.format(n)} customers get`;
  return `If you launch the candidate, ${who} an upgrade email this week (with the current program: ${fmt.format(base.upgraded)}).`;
}

/**
 * @param {{ root: HTMLElement, send: (type: string, payload: any) => number,
 *   download: (name: string, text: string, type: string) => void, slug: (s: string) => string,
 *   getState: () => any }} app
 */
export function createNotifyPanel(app) {
  const el = (/** @type {string} */ tag, /** @type {Record<string, string>} */ attrs = {}, /** @type {string} */ text = '') => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text) e.textContent = text;
    return e;
  };
  const head = el('h3', { id: 'notify-h' }, 'Notify');
  const note = el('p', { class: 'hint', id: 'notify-note' }, 'Who gets which email, once events and a program are loaded.');
  const lead = el('p', { id: 'notify-headline', class: 'notify-headline', 'aria-live': 'polite' });
  const table = el('table', { id: 'notify-table', class: 'num' });
  const thead = el('thead');
  const hr = el('tr');
  hr.append(el('th', { scope: 'col' }, 'List'), el('th', { scope: 'col' }, 'Baseline'), el('th', { scope: 'col' }, 'Candidate'));
  thead.append(hr);
  const tbody = el('tbody');
  /** @type {Record<string, Record<string, { count: HTMLElement, button: HTMLButtonElement }>>} */
  const cells = {};
  for (const [reason, label] of NOTIFY_REASONS) {
    const tr = el('tr', { 'data-reason': reason });
    tr.append(el('th', { scope: 'row' }, label));
    cells[reason] = {};
    for (const side of ['baseline', 'candidate']) {
      const td = el('td');
      const count = el('span', { class: 'notify-count' }, '…');
      const button = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'quiet notify-csv', disabled: '',
        'data-side': side, 'data-reason': reason, 'aria-label': `Download the ${side} ${label.toLowerCase()} list as CSV` }, 'CSV'));
      button.addEventListener('click', () => requestCsv(side, reason));
      td.append(count, ' ', button);
      cells[reason][side] = { count, button };
      tr.append(td);
    }
    tbody.append(tr);
  }
  table.append(thead, tbody);
  const wrap = el('div', { class: 'table-wrap' });
  wrap.append(table);
  app.root.replaceChildren(head, lead, wrap, note);

  const asOfOf = () => {
    const s = app.getState();
    return s.asOf || s.report?.as_of || undefined;
  };

  function request() {
    const s = app.getState();
    if (!s.events || !s.baseline || !s.candidate) return;
    app.send('notify', { baseline: JSON.stringify(s.baseline), candidate: JSON.stringify(s.candidate), asOf: asOfOf() });
  }

  function requestCsv(/** @type {string} */ side, /** @type {string} */ reason) {
    const s = app.getState();
    const program = side === 'baseline' ? s.baseline : s.candidate;
    if (!program) return;
    app.send('notify-csv', { program: JSON.stringify(program), side, reason, asOf: asOfOf() });
  }

  function onCounts(/** @type {any} */ m) {
    for (const [reason] of NOTIFY_REASONS)
      for (const side of ['baseline', 'candidate']) {
        const n = m[side][reason];
        const c = cells[reason][side];
        c.count.textContent = fmt.format(n);
        c.button.disabled = !n;
      }
    lead.textContent = headline(m.baseline, m.candidate);
    $note().classList.remove('err');
    const asOf = asOfOf();
    const note = app.getState().report;
    const launch = note ? ` At launch itself, ${fmt.format(note.upgrades)} move up and ${fmt.format(note.downgrades)} move down (the migration above).` : '';
    $note().textContent = asOf
      ? `On ${asOf}, compared with ${daysBefore(asOf, SINCE_DAYS)} (customers listed on both days); points expiring in the next ${WITHIN_DAYS} days; near the next tier = progress of 80% or more.${launch}`
      : '';
  }
  const $note = () => note;

  function onCsv(/** @type {any} */ m) {
    const s = app.getState();
    const program = m.side === 'baseline' ? s.baseline : s.candidate;
    app.download(`${app.slug(program?.name ?? 'program')}-notify-${m.reason}-${asOfOf() ?? 'asof'}.csv`, m.csv, 'text/csv');
  }

  function onFailed(/** @type {any} */ m) {
    $note().textContent = m.message;
    $note().classList.add('err');
  }

  return { request, onCounts, onCsv, onFailed };
}
