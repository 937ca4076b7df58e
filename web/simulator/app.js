// @ts-check
// The simulator page: state, the program editor and the results. Every heavy
// step (reading files, importing, simulating, sweeps, replays, the movers
// list) runs in worker.js; this file only sends typed messages (protocol.js)
// and draws what comes back. docs/simulator.md describes the page.
import { isReply } from './protocol.js';
import { esc, lineChart, niceTicks, rateLines, setChartWidth, stackedColumns, tierBars, tierColor } from './charts.js';
import { locatePointer, offsetOf } from './jsonpos.js';
import { initTune, prefill as prefillTune, renderTargetMix, resetTune } from './tune.js';
import { createNotifyPanel } from './notify.js';
import { createMapping } from './mapping.js';
import { applyPalette } from './palette.js';
import { createUndo } from './undo.js';
import { installPageSteps } from './keys.js';
import { renderEditor } from './editor.js';

/** @param {string} id */
const $ = (id) => /** @type {any} */ (document.getElementById(id));
applyPalette();

// ---------------------------------------------------------------- state

const state = {
  /** @type {any} */ baseline: null,   // the loaded program (object)
  /** @type {any} */ candidate: null,  // the edited program (object), always the last valid one
  /** @type {any} */ info: null,       // the core's summary of the candidate (metrics, money flags)
  baselineName: '',
  candidateValid: true,
  pendingBaseline: false,             // the JSON came from a bad program file: it becomes the baseline once valid
  /** @type {any} */ events: null,     // { name, info, report }
  importDigits: -1,                   // currency digits the events were read with
  asOf: '',
  /** @type {any} */ samples: null,
  dataset: '',                        // bundled sample id (for the share link), '' for the user's files
  /** @type {any} */ report: null,     // last simulation
  sweep: { tier: -1, metric: '', from: '', to: '', custom: false },
  sort: { key: 'change', dir: /** @type {1 | -1} */ (-1) },
  /** @type {any} */ movers: null,
  busyImport: false,
};

// ---------------------------------------------------------------- formatting

const nf = new Intl.NumberFormat(undefined);
const fmtInt = (/** @type {number} */ n) => nf.format(n);
const pctFmt = new Intl.NumberFormat(undefined, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const pct = (/** @type {number} */ x) => pctFmt.format(x);
/** @type {Map<string, Intl.NumberFormat>} */
const moneyFormats = new Map();
function money(/** @type {number} */ n, digits = currencyDigits(), whole = false) {
  const code = state.candidate?.currency ?? 'USD';
  const key = `${code}|${digits}|${whole}`;
  let f = moneyFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(undefined, { style: 'currency', currency: code, minimumFractionDigits: whole ? 0 : digits,
      maximumFractionDigits: whole ? 0 : digits });
    moneyFormats.set(key, f);
  }
  return f.format(n);
}
const currencyDigits = () => state.info?.currency_digits ?? 2;
const signed = (/** @type {number} */ n, /** @type {(n: number) => string} */ f) => (n > 0 ? '+' : n < 0 ? '−' : '±') + f(Math.abs(n));

const MEASURES = {
  net_spend: 'net spend', gross_spend: 'gross spend', purchase_count: 'purchases', engagement_points: 'engagement points',
  event_count: 'events', tenure_days: 'tenure',
};
function windowText(/** @type {any} */ w) {
  if (w === 'lifetime' || w === undefined) return 'lifetime';
  if (w.days) return `last ${w.days} days`;
  if (w.calendar) return `this calendar ${w.calendar}`;
  return '';
}
/** Unit of a metric's values, for labels. */
function unitOf(/** @type {any} */ m) {
  if (!m) return '';
  if (m.money) return state.candidate?.currency ?? '';
  return { purchase_count: 'purchases', engagement_points: 'points', tenure_days: 'days', event_count: `${m.kind ?? ''} events` }[
    /** @type {string} */ (m.measure)] ?? '';
}
const metricInfo = (/** @type {string} */ name) => state.info?.metrics.find((/** @type {any} */ m) => m.name === name);
function fmtMetric(/** @type {any} */ m, /** @type {number} */ v) {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return m?.money ? money(v) : `${fmtInt(v)} ${unitOf(m)}`;
}

// ---------------------------------------------------------------- worker

// Two workers (worker.js): the interactive one follows the sliders; the
// background one gets a copy of the events from it and runs the replays.
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'tierlab-interactive' });
const background = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'tierlab-background' });
const line = new MessageChannel();
let nextId = 1;
/** @type {Record<string, number>} */
const latest = {};
/** Sends a request; only the newest of each kind gets its reply drawn. */
function send(/** @type {string} */ type, /** @type {any} */ payload = {}, to = worker) {
  const id = nextId++;
  latest[type] = id;
  outstanding.add(type);
  to.postMessage({ type, id, ...payload });
  return id;
}
const current = (/** @type {string} */ type, /** @type {number} */ id) => latest[type] === id;

/** innerHTML, only when it changed: an unchanged chart costs no DOM work, layout or paint. */
function setHtml(/** @type {string} */ id, /** @type {string} */ html) {
  const el = $(id);
  if (el.__html === html) return;
  el.innerHTML = html;
  el.__html = html;
}

/** @type {Map<number, (m: any) => void>} */
const waiters = new Map();
/** Sends a request and waits for its reply (for one-off requests such as validation). */
function ask(/** @type {string} */ type, /** @type {any} */ payload = {}, /** @type {Transferable[]} */ transfer = []) {
  return new Promise((resolve) => {
    const id = nextId++;
    latest[type] = id;
    outstanding.add(type);
    waiters.set(id, resolve);
    worker.postMessage({ type, id, ...payload }, transfer);
  });
}

/** Request kinds sent and not answered yet (superseded requests are never answered). */
const outstanding = new Set();
const ANSWERS = /** @type {Record<string, string>} */ ({ ready: 'init', imported: 'import', 'import-failed': 'import', inspected: 'inspect', validated: 'validate',
  simulated: 'simulate', movers: 'movers', swept: 'sweep', replayed: 'replay', exported: 'export-movers',
  notified: 'notify', 'notify-csv': 'notify-csv', tuned: 'tune' });

worker.onmessage = (e) => {
  const m = e.data;
  if (!isReply(m)) return;
  const kind = m.type === 'failed' ? m.request : ANSWERS[m.type];
  if (kind && latest[kind] === m.id) outstanding.delete(kind);
  const waiter = waiters.get(m.id);
  if (waiter && m.type !== 'progress') { waiters.delete(m.id); waiter(m); return; }
  switch (m.type) {
    case 'progress': return onProgress(m);
    case 'imported': return onImported(m);
    case 'import-failed': return onImportFailed(m);
    case 'simulated': return onSimulated(m);
    case 'movers': return onMovers(m);
    case 'swept': return onSwept(m);
    case 'replayed': return onReplayed(m);
    case 'exported': return onExported(m);
    case 'notified': return notifyPanel.onCounts(m);
    case 'notify-csv': return notifyPanel.onCsv(m);
    case 'failed': return onFailed(m);
  }
};
worker.onerror = (e) => showBanner(`The worker stopped: ${e.message}`);
// The background worker answers replays only (its import replies are its own business).
/** @type {(v?: unknown) => void} */ let backgroundReady = () => {};
const backgroundStarted = new Promise((r) => { backgroundReady = r; });
background.onmessage = (e) => {
  const m = e.data;
  if (isReply(m) && m.type === 'ready') backgroundReady();
  if (!isReply(m) || !(m.type === 'replayed' || (m.type === 'failed' && m.request === 'replay'))) return;
  if (latest.replay === m.id) outstanding.delete('replay');
  if (m.type === 'replayed') onReplayed(m);
  else onFailed(m);
};
background.onerror = (e) => { if (state.events) state.events.background = false; console.warn('background worker:', e.message); };

function showBanner(/** @type {string} */ text) {
  $('report').innerHTML = `<p class="err" role="alert">${esc(text)}</p>`;
}

// ---------------------------------------------------------------- start

async function start() {
  background.postMessage({ type: 'init', id: 0, role: 'background', port: line.port2 }, [line.port2]);
  const ready = await ask('init', { role: 'interactive', port: line.port1 }, [line.port1]);
  await backgroundStarted; // both modules fetched before the page calls itself loaded
  $('version').textContent = ready.version;
  const res = await fetch('samples/index.json');
  state.samples = res.ok ? await res.json() : { datasets: [], programs: [] };
  $('sample').innerHTML = state.samples.datasets.map((/** @type {any} */ d) =>
    `<option value="${esc(d.id)}">${esc(d.title)}</option>`).join('');
  $('program-sample').innerHTML = state.samples.programs.map((/** @type {any} */ p) =>
    `<option value="${esc(p.file)}">${esc(p.name)} (${esc(p.currency)})</option>`).join('');
  $('load-sample').disabled = false;
  $('load-program').disabled = false;
  showSampleDetail();

  const hash = new URLSearchParams(location.hash.slice(1));
  const fromLink = hash.get('c');
  let loaded = false;
  if (fromLink) {
    try {
      const cand = JSON.parse(decode64(fromLink));
      const base = hash.get('b') ? JSON.parse(decode64(/** @type {string} */ (hash.get('b')))) : cand;
      loaded = await setPrograms(base, cand, 'the share link');
      if (loaded) $('program-note').textContent = 'Program from the share link (it carries no data: load your events).';
    } catch {
      $('json-status').innerHTML = '<p class="err">The share link holds no readable program.</p>';
    }
  }
  const sample = hash.get('sample');
  const dataset = state.samples.datasets.find((/** @type {any} */ d) => d.id === sample);
  if (dataset) {
    $('sample').value = dataset.id;
    showSampleDetail();
    await loadDataset(dataset, !loaded);
  } else if (!loaded) {
    const first = state.samples.datasets[0];
    if (first) await loadProgramFile(first.program);
  }
  document.body.dataset.ready = 'true';
}

// ---------------------------------------------------------------- samples and files

function showSampleDetail() {
  const d = state.samples?.datasets.find((/** @type {any} */ x) => x.id === $('sample').value);
  $('sample-detail').textContent = d ? `${d.detail} · ${(d.bytes / 1e6).toFixed(1)} MB · program: ${
    state.samples.programs.find((/** @type {any} */ p) => p.file === d.program)?.name ?? d.program}` : '';
}
$('sample').addEventListener('change', showSampleDetail);
$('load-sample').addEventListener('click', () => {
  const d = state.samples.datasets.find((/** @type {any} */ x) => x.id === $('sample').value);
  if (d) loadDataset(d, true);
});
$('load-program').addEventListener('click', () => loadProgramFile($('program-sample').value));

async function loadProgramFile(/** @type {string} */ file) {
  const res = await fetch(`samples/${file}`);
  return loadProgramText(await res.text(), file);
}

async function loadDataset(/** @type {any} */ d, /** @type {boolean} */ withProgram) {
  if (withProgram) await loadProgramFile(d.program);
  state.dataset = d.id;
  state.asOf = d.as_of ?? '';
  importEvents({ kind: 'url', url: `samples/${d.file}`, name: d.file });
}

// Drag and drop anywhere on the drop zone (and, forgivingly, on the page).
const drop = $('drop');
for (const target of [drop, document.body]) {
  target.addEventListener('dragover', (/** @type {DragEvent} */ e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  target.addEventListener('dragleave', () => drop.classList.remove('over'));
  target.addEventListener('drop', (/** @type {DragEvent} */ e) => {
    e.preventDefault();
    e.stopPropagation();
    drop.classList.remove('over');
    if (e.dataTransfer?.files.length) openFiles([...e.dataTransfer.files]);
  });
}
$('files').addEventListener('change', () => {
  openFiles([...$('files').files]);
  $('files').value = '';
});

/** Programs first (they set the currency), then one events file. */
async function openFiles(/** @type {File[]} */ files) {
  /** @type {File[]} */ const events = [];
  for (const f of files) {
    if (/\.json$/i.test(f.name) && f.size < 2e6) {
      const text = await f.text();
      let parsed = null;
      try { parsed = JSON.parse(text); } catch { /* a bad program: the core says where */ }
      if (Array.isArray(parsed)) events.push(f);
      else await loadProgramText(text, f.name);
    } else events.push(f);
  }
  if (events.length > 1) showBanner(`One events file at a time: loading ${events[0].name}, not ${events.slice(1).map((f) => f.name).join(', ')}.`);
  if (events.length) {
    state.dataset = '';
    state.asOf = '';
    importEvents({ kind: 'file', file: events[0] });
  }
}

// ---------------------------------------------------------------- import

let importStarted = 0;
/** @param {any} source @param {any} [mapping] @param {any} [formats] how the file is written (the mapping step's choices) */
function importEvents(source, mapping, formats) {
  if (!state.baseline) { showBanner('Load a program first (it sets the currency).'); return; }
  state.busyImport = true;
  importStarted = performance.now();
  $('mapping').hidden = true;
  $('progress-box').hidden = false;
  $('progress').value = 0;
  $('progress-note').textContent = 'Starting…';
  $('report').innerHTML = '';
  state.importDigits = currencyDigits();
  send('import', { source, program: JSON.stringify(state.baseline), skipBadRows: !$('strict').checked, mapping, formats });
}

function onProgress(/** @type {any} */ m) {
  if (!current('import', m.id)) return;
  const bar = $('progress');
  const secs = ((performance.now() - importStarted) / 1000).toFixed(1);
  if (m.phase === 'read') {
    const frac = m.total > 0 ? Math.min(1, m.loaded / m.total) : 0;
    bar.value = frac * 0.5;
    $('progress-note').textContent = `${m.note}: ${(m.loaded / 1e6).toFixed(1)}${m.total ? ` of ${(m.total / 1e6).toFixed(1)}` : ''} MB · ${secs} s`;
  } else {
    bar.removeAttribute('value'); // the core's import has no progress callback: indeterminate
    $('progress-note').textContent = `${m.note} (step 2 of 2) · ${secs} s`;
  }
}

function reportHtml(/** @type {any} */ r, /** @type {any} */ info, /** @type {string} */ name, /** @type {number} */ ms) {
  const reasons = r.first_skipped.slice(0, 8).map((/** @type {any} */ s) => `<li><span class="mono">line ${fmtInt(s.line)}</span> ${esc(s.message.replace(/^[^:]*:\d+: /, ''))}</li>`).join('');
  const more = r.skipped > 8 ? `<li class="hint">… and ${fmtInt(r.skipped - Math.min(8, r.first_skipped.length))} more skipped rows</li>` : '';
  return `<h3 class="report-title">${esc(name)} <span class="badge">${esc(r.format)}</span></h3>
    <dl class="report-grid" id="import-report">
      <div><dt>rows read</dt><dd data-k="rows_read">${fmtInt(r.rows_read)}</dd></div>
      <div><dt>used</dt><dd data-k="rows_used">${fmtInt(r.rows_used)}</dd></div>
      <div><dt>duplicates</dt><dd data-k="duplicates">${fmtInt(r.duplicates)}</dd></div>
      <div><dt>skipped</dt><dd data-k="skipped">${fmtInt(r.skipped)}</dd></div>
    </dl>
    <p class="hint">${fmtInt(info.customers)} customers · ${fmtInt(info.events)} events · ${esc(info.first_day ?? '—')} … ${esc(info.last_day ?? '—')}${
      r.left_out ? ` · ${fmtInt(r.left_out)} rows left out on purpose` : ''} · read in ${(ms / 1000).toFixed(2)} s</p>
    ${reasons ? `<details class="reasons" open><summary>First skipped rows and why</summary><ul>${reasons}${more}</ul></details>` : ''}`;
}

function onImported(/** @type {any} */ m) {
  if (!current('import', m.id)) return;
  state.busyImport = false;
  $('progress-box').hidden = true;
  state.events = { name: m.name, info: m.info, report: m.report, background: m.background };
  $('report').innerHTML = reportHtml(m.report, m.info, m.name, m.ms);
  if (!state.asOf || (m.info.last_day && state.asOf > m.info.last_day && !state.dataset)) state.asOf = m.info.last_day ?? '';
  $('as-of').value = state.asOf;
  $('as-of').disabled = false;
  if (m.info.first_day) $('as-of').min = m.info.first_day;
  changed({ all: true });
}

function onImportFailed(/** @type {any} */ m) {
  if (!current('import', m.id)) return;
  state.busyImport = false;
  $('progress-box').hidden = true;
  if (m.needsMapping && m.columns.length) {
    mappingStep.show(m);
    $('report').innerHTML = `<p class="warn">${esc(m.message)}</p>`;
    return;
  }
  $('report').innerHTML = `<p class="err" role="alert"><strong>${esc(m.name)} was not loaded.</strong> ${esc(m.message)}</p>
    ${$('strict').checked ? '<p class="hint">Untick “Stop at the first bad row” to skip bad rows and list them instead.</p>' : ''}`;
}

// ---------------------------------------------------------------- column mapping (mapping.js)

const mappingStep = createMapping({
  $,
  ask,
  importWith: (mapping, formats) => importEvents({ kind: 'same' }, mapping, formats),
  showError: (text) => { $('report').innerHTML = `<p class="err" role="alert">${esc(text)}</p>`; },
});

// ---------------------------------------------------------------- programs

/** A program from a file or a sample: the new baseline (and candidate) once the core accepts it. */
async function loadProgramText(/** @type {string} */ text, /** @type {string} */ name) {
  const v = await ask('validate', { text });
  if (!v.ok) {
    // Show the file in the editor with its located error; it becomes the baseline once fixed.
    state.pendingBaseline = true;
    $('json').value = text;
    showJsonError(v, `Program ${name} has an error; fix it here and it becomes the baseline.`);
    $('report').insertAdjacentHTML('afterbegin', `<p class="err" role="alert">Program ${esc(name)} was not loaded: ${esc(v.error)}</p>`);
    return false;
  }
  return setPrograms(JSON.parse(text), JSON.parse(text), name, v.info);
}

async function setPrograms(/** @type {any} */ base, /** @type {any} */ cand, /** @type {string} */ name, /** @type {any} */ info) {
  if (!info) {
    const vb = await ask('validate', { text: JSON.stringify(base) });
    const vc = await ask('validate', { text: JSON.stringify(cand) });
    if (!vb.ok || !vc.ok) {
      $('json').value = prettyJson(cand);
      showJsonError(vb.ok ? vc : vb, `The program from ${name} has an error.`);
      return false;
    }
    info = vc.info;
  }
  const newBaseline = base !== state.baseline;
  state.baseline = base;
  state.candidate = cand;
  state.info = info;
  state.baselineName = name;
  state.pendingBaseline = false;
  state.candidateValid = true;
  state.sweep = { tier: -1, metric: '', from: '', to: '', custom: false };
  $('program-note').textContent = `Baseline: “${base.name}” (${name}). Candidate: your edits.`;
  $('json').value = prettyJson(cand);
  showJsonOk();
  renderForm();
  resetTune();
  $('export').disabled = false;
  $('share').disabled = false;
  $('reset').disabled = false;
  if (newBaseline) undo.reset(); else undo.edited();
  // Money in events is read with the currency's digits: read again if they changed.
  if (state.events && state.importDigits !== currencyDigits()) importEvents({ kind: 'same' });
  else changed({ all: true });
  return true;
}

$('reset').addEventListener('click', () => {
  if (!state.baseline) return;
  setPrograms(state.baseline, structuredClone(state.baseline), state.baselineName);
});

/** JSON with short objects and arrays on one line, like the seed programs. */
function prettyJson(/** @type {any} */ value) {
  const out = (/** @type {any} */ v, /** @type {string} */ pad) => {
    const flat = JSON.stringify(v, null, 1)?.replace(/\n\s*/g, ' ').replace(/\[ /g, '[').replace(/ \]/g, ']') ?? 'null';
    if (v === null || typeof v !== 'object' || flat.length + pad.length <= 76) return flat.replace(/\{ /g, '{ ').replace(/ \}/g, ' }');
    const inner = pad + '  ';
    if (Array.isArray(v)) return `[\n${v.map((x) => inner + out(x, inner)).join(',\n')}\n${pad}]`;
    return `{\n${Object.entries(v).map(([k, x]) => `${inner}${JSON.stringify(k)}: ${out(x, inner)}`).join(',\n')}\n${pad}}`;
  };
  return out(value, '') + '\n';
}

// ---- the raw JSON, validated live ----

$('json').addEventListener('input', () => debounce('json', 120, validateJson));
async function validateJson() {
  const text = $('json').value;
  const v = await ask('validate', { text });
  if (text !== $('json').value) return; // typed on meanwhile
  if (!v.ok) {
    state.candidateValid = false;
    showJsonError(v, 'The form and the results show the last valid candidate.');
    return;
  }
  const program = JSON.parse(text);
  if (state.pendingBaseline) {
    await setPrograms(program, structuredClone(program), 'the editor', v.info);
    return;
  }
  state.candidate = program;
  state.info = v.info;
  state.candidateValid = true;
  showJsonOk();
  renderForm();
  undo.edited();
  changed({ all: true, t0: performance.now() });
}

function showJsonOk() {
  const c = state.candidate;
  $('json').removeAttribute('aria-invalid');
  $('json-status').innerHTML = `<p class="ok">✓ Valid program: ${c.tiers.length} tiers, ${Object.keys(c.metrics).length} metrics, ${esc(c.currency)}${
    c.points ? ', points' : ''}.</p>`;
  for (const el of document.querySelectorAll('#form [aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const el of document.querySelectorAll('#form .field-error')) el.remove();
  $('form').classList.remove('stale');
}

/** The core's message, where it points in the JSON, the line with a caret, and the form field flagged. */
function showJsonError(/** @type {any} */ v, /** @type {string} */ note) {
  const text = $('json').value;
  const message = String(v.error ?? v.message ?? 'invalid program');
  const pointer = v.pointer;
  const lc = /line (\d+) column (\d+)/.exec(message);
  /** @type {any} */ let at = null;
  if (pointer) at = locatePointer(text, pointer);
  else if (lc) {
    const start = offsetOf(text, Number(lc[1]), Number(lc[2]));
    at = { start, end: start + 1, line: Number(lc[1]), column: Number(lc[2]) };
  }
  let snippet = '';
  if (at) {
    const lines = text.split('\n');
    const lineText = lines[at.line - 1] ?? '';
    const width = Math.max(1, Math.min(at.end - at.start, lineText.length - at.column + 1));
    const num = String(at.line).padStart(4);
    snippet = `<pre class="snippet" aria-label="line ${at.line}">${esc(num)} │ ${esc(lineText)}\n${' '.repeat(num.length)} │ ${' '.repeat(at.column - 1)}<mark>${'^'.repeat(width)}</mark></pre>`;
  }
  const where = pointer ? `<code class="pointer">${esc(pointer)}</code>` : '';
  $('json-status').innerHTML = `<div class="err" role="alert" id="json-error"><p><strong>Error</strong> ${where}${
    at ? ` <span class="hint">line ${at.line}, column ${at.column}</span>` : ''}</p>
    <p class="message">${esc(message)}</p>${snippet}
    ${at ? '<p><button type="button" id="goto-error" class="quiet">Select it in the editor</button></p>' : ''}
    <p class="hint">${esc(note)}</p></div>`;
  $('json').setAttribute('aria-invalid', 'true');
  if (at) $('goto-error').addEventListener('click', () => {
    const ta = $('json');
    ta.focus();
    ta.setSelectionRange(at.start, at.end);
    const lineHeight = parseFloat(getComputedStyle(ta).lineHeight) || 18;
    ta.scrollTop = Math.max(0, (at.line - 4) * lineHeight);
  });
  // The same place in the form, when it has one.
  $('form').classList.add('stale');
  for (const el of document.querySelectorAll('#form .field-error')) el.remove();
  if (pointer && !state.pendingBaseline) {
    let best = null;
    for (const el of document.querySelectorAll('#form [data-ptr]')) {
      const p = /** @type {HTMLElement} */ (el).dataset.ptr ?? '';
      if ((pointer === p || pointer.startsWith(p + '/')) && (!best || p.length > (best.dataset.ptr ?? '').length)) best = /** @type {HTMLElement} */ (el);
    }
    if (best) {
      (best.querySelector('input.exact') ?? best.querySelector('input, select'))?.setAttribute('aria-invalid', 'true');
      best.insertAdjacentHTML('beforeend', `<p class="field-error">${esc(message.replace(/^(program|candidate): /, ''))}</p>`);
    }
  }
}

// ---- the form ----

/** Leaves of a condition, depth first, with their JSON pointers. */
function leavesOf(/** @type {any} */ c, /** @type {string} */ ptr) {
  /** @type {{ ptr: string, leaf: any }[]} */ const out = [];
  const walk = (/** @type {any} */ n, /** @type {string} */ p) => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n.any)) n.any.forEach((/** @type {any} */ x, /** @type {number} */ i) => walk(x, `${p}/any/${i}`));
    else if (Array.isArray(n.all)) n.all.forEach((/** @type {any} */ x, /** @type {number} */ i) => walk(x, `${p}/all/${i}`));
    else if (n.metric) out.push({ ptr: p, leaf: n });
  };
  walk(c, ptr);
  return out;
}
function at(/** @type {any} */ obj, /** @type {string} */ ptr) {
  let o = obj;
  for (const k of ptr.split('/').slice(1)) {
    if (o === null || o === undefined) return undefined;
    o = o[k];
  }
  return o;
}
const opOf = (/** @type {any} */ leaf) => ('above' in leaf ? 'above' : 'at_least');
const idOf = (/** @type {string} */ ptr) => 'f' + ptr.replace(/\//g, '-');

function niceUp(/** @type {number} */ x) {
  if (x <= 0) return 1;
  const mag = 10 ** Math.floor(Math.log10(x));
  return ([1, 2, 2.5, 5, 10].find((m) => m * mag >= x) ?? 10) * mag;
}
/** Slider range of a leaf: 0 to a round number well above both programs' values. */
function sliderRange(/** @type {any} */ m, /** @type {number} */ cur, /** @type {number | undefined} */ base) {
  const ref = Math.max(Math.abs(cur), Math.abs(base ?? 0), m?.money ? 10 : 4);
  const max = niceUp(ref * 2.5);
  const step = m?.money ? Math.max(10 ** -currencyDigits(), niceUp(max / 1000) / (niceUp(max / 1000) > max / 1000 * 2 ? 2 : 1)) : 1;
  const min = Math.min(0, cur, base ?? 0);
  return { min, max, step: m?.money ? step : 1 };
}

function leafHtml(/** @type {any} */ leaf, /** @type {string} */ ptr, /** @type {string} */ tierName) {
  const m = metricInfo(leaf.metric);
  const op = opOf(leaf);
  const value = Number(leaf[op]);
  const baseLeaf = at(state.baseline, ptr);
  const baseOp = baseLeaf && baseLeaf.metric ? opOf(baseLeaf) : null;
  const baseValue = baseOp ? Number(baseLeaf[baseOp]) : undefined;
  const r = sliderRange(m, value, baseValue);
  const id = idOf(ptr);
  const unit = unitOf(m);
  const was = baseOp === null ? 'new in the candidate'
    : `baseline ${baseOp === 'above' ? '>' : '≥'} ${m?.money ? money(/** @type {number} */ (baseValue)) : `${fmtInt(/** @type {number} */ (baseValue))} ${unit}`}${
      baseLeaf.metric !== leaf.metric ? ` on ${esc(baseLeaf.metric)}` : ''}`;
  const changedCls = baseOp !== op || baseValue !== value || baseLeaf?.metric !== leaf.metric ? ' changed' : '';
  return `<div class="leaf${changedCls}" data-ptr="${esc(ptr)}">
    <div class="leaf-head"><label for="${id}-n">${esc(leaf.metric)}</label>
      <span class="hint">${esc(MEASURES[/** @type {keyof MEASURES} */ (m?.measure)] ?? m?.measure ?? '')}${m?.kind ? ` “${esc(m.kind)}”` : ''} · ${esc(windowText(m?.window))}</span></div>
    <div class="leaf-row">
      <select id="${id}-op" data-op="${esc(ptr)}" aria-label="${esc(tierName)}: comparison on ${esc(leaf.metric)}">
        <option value="at_least"${op === 'at_least' ? ' selected' : ''}>≥</option>
        <option value="above"${op === 'above' ? ' selected' : ''}>&gt;</option></select>
      <input type="range" id="${id}-r" data-leaf="${esc(ptr)}" min="${r.min}" max="${r.max}" step="${r.step}" value="${value}"
        aria-label="${esc(tierName)}: ${esc(leaf.metric)} threshold (${esc(unit)})" aria-valuetext="${esc(m?.money ? money(value) : `${value} ${unit}`)}">
      <input type="number" id="${id}-n" data-leaf="${esc(ptr)}" class="exact" step="any" value="${value}"
        aria-describedby="${id}-was">
      <span class="unit">${esc(unit)}</span>
    </div>
    <p class="was" id="${id}-was">${was}</p>
  </div>`;
}

function condHtml(/** @type {any} */ c, /** @type {string} */ ptr, /** @type {string} */ tierName) {
  if (c && (Array.isArray(c.any) || Array.isArray(c.all))) {
    const op = c.any ? 'any' : 'all';
    const list = c[op];
    return `<div class="group" data-ptr="${esc(ptr)}"><p class="group-op">${op === 'any' ? 'Qualifies with <strong>any one</strong> of:' : 'Needs <strong>all</strong> of:'}</p>
      <ul>${list.map((/** @type {any} */ x, /** @type {number} */ i) => `<li>${condHtml(x, `${ptr}/${op}/${i}`, tierName)}</li>`).join('')}</ul></div>`;
  }
  return c?.metric ? leafHtml(c, ptr, tierName) : '';
}

function renderForm() {
  const c = state.candidate;
  if (!c) return;
  const html = c.tiers.map((/** @type {any} */ t, /** @type {number} */ i) => {
    const b = t.benefits ?? {};
    const base = state.baseline?.tiers[i];
    const id = `t${i}`;
    return `<fieldset class="tier" data-ptr="/tiers/${i}">
      <legend><span class="swatch t${i % 8}" aria-hidden="true"></span>Tier ${i + 1}${i === 0 ? ' · floor' : ''}${
        base && base.name !== t.name ? ` <span class="hint">(baseline: ${esc(base.name)})</span>` : !base ? ' <span class="hint">(new)</span>' : ''}</legend>
      <div class="tier-grid">
        <div class="field" data-ptr="/tiers/${i}/name"><label for="${id}-name">Name</label>
          <input id="${id}-name" data-path="/tiers/${i}/name" value="${esc(t.name)}" autocomplete="off"></div>
        <div class="field" data-ptr="/tiers/${i}/benefits/discount_percent"><label for="${id}-disc">Discount</label>
          <span class="with-unit"><input id="${id}-disc" type="number" min="0" max="100" step="0.01" class="short" data-path="/tiers/${i}/benefits/discount_percent"
            value="${b.discount_percent ?? 0}"><span class="unit">%</span></span></div>
        <div class="field check" data-ptr="/tiers/${i}/benefits/free_shipping"><label><input type="checkbox" data-path="/tiers/${i}/benefits/free_shipping"${
          b.free_shipping ? ' checked' : ''}> Free shipping</label></div>
        <div class="field wide" data-ptr="/tiers/${i}/benefits/perks"><label for="${id}-perks">Perks <span class="hint">comma-separated</span></label>
          <input id="${id}-perks" data-path="/tiers/${i}/benefits/perks" value="${esc((b.perks ?? []).join(', '))}" autocomplete="off"></div>
      </div>
      ${i === 0 ? '<p class="hint">Every enrolled customer starts here: no condition.</p>' : condHtml(t.qualify, `/tiers/${i}/qualify`, t.name)}
      ${i > 0 && c.tiers.length > 2 ? `<p class="tier-actions"><button type="button" class="quiet" data-remove="${i}">Remove ${esc(t.name)}</button></p>` : ''}
    </fieldset>`;
  }).join('');
  $('form').innerHTML = html + `<p class="tier-actions"><button type="button" class="quiet" id="add-tier">Add a tier above ${esc(c.tiers[c.tiers.length - 1].name)}</button></p>`;
  $('add-tier').addEventListener('click', addTier);
  // Structure editor (editor.js): its edits take the same path as a tune.
  renderEditor($('form'), c, (program) => { state.candidate = program; renderForm(); edited(performance.now(), true); });
  renderSweepOptions();
  renderTargetMix();
}

/** A form edit: the candidate object, then its JSON, then the results. */
function edited(/** @type {number} */ t0, structural = false) {
  undo.edited();
  if (structural) {
    $('json').value = prettyJson(state.candidate);
    validateJson();
    return;
  }
  // The JSON follows a moment later: rewriting a large textarea on every
  // slider step would cost a relayout in the frame that shows the results.
  debounce('json-text', 60, () => { if (state.candidateValid) $('json').value = prettyJson(state.candidate); });
  if (!state.candidateValid) showJsonOk();
  state.candidateValid = true;
  changed({ t0 });
}

function roundMoney(/** @type {number} */ v) {
  const d = currencyDigits();
  return Number(v.toFixed(d));
}

$('form').addEventListener('input', (/** @type {Event} */ e) => {
  const t0 = performance.now();
  const el = /** @type {HTMLInputElement} */ (e.target);
  if (el.dataset.leaf) {
    const ptr = el.dataset.leaf;
    const leaf = at(state.candidate, ptr);
    const m = metricInfo(leaf.metric);
    if (el.value === '' || !Number.isFinite(Number(el.value))) { el.setAttribute('aria-invalid', 'true'); return; }
    el.removeAttribute('aria-invalid');
    let v = Number(el.value);
    v = m?.money ? roundMoney(v) : Math.round(v);
    leaf[opOf(leaf)] = v;
    const id = idOf(ptr);
    const other = el.type === 'range' ? $(`${id}-n`) : $(`${id}-r`);
    if (other.type === 'range' && v > Number(other.max)) other.max = String(niceUp(v * 1.5));
    if (other.type === 'range' && v < Number(other.min)) other.min = String(-niceUp(-v * 1.5)); // a typed value is always taken
    other.value = String(v);
    $(`${id}-r`).setAttribute('aria-valuetext', m?.money ? money(v) : `${v} ${unitOf(m)}`);
    el.closest('.leaf')?.classList.toggle('changed', at(state.baseline, ptr)?.[opOf(leaf)] !== v);
    followSweep(ptr, leaf);
    edited(t0);
    return;
  }
  const path = el.dataset.path;
  if (!path) return;
  const [, , i, ...rest] = path.split('/');
  const tier = state.candidate.tiers[Number(i)];
  if (rest[0] === 'name') {
    if (!el.value.trim()) { el.setAttribute('aria-invalid', 'true'); return; }
    el.removeAttribute('aria-invalid');
    tier.name = el.value;
  } else if (rest[0] === 'benefits') {
    tier.benefits ??= {};
    if (rest[1] === 'discount_percent') {
      const v = Number(el.value);
      if (el.value === '' || !(v >= 0 && v <= 100)) { el.setAttribute('aria-invalid', 'true'); return; }
      el.removeAttribute('aria-invalid');
      tier.benefits.discount_percent = Number(v.toFixed(2));
    } else if (rest[1] === 'free_shipping') tier.benefits.free_shipping = el.checked;
    else if (rest[1] === 'perks') tier.benefits.perks = el.value.split(',').map((s) => s.trim()).filter(Boolean);
  }
  edited(t0);
});
$('form').addEventListener('change', (/** @type {Event} */ e) => {
  const el = /** @type {HTMLSelectElement} */ (e.target);
  if (!el.dataset.op) return;
  const leaf = at(state.candidate, el.dataset.op);
  const old = opOf(leaf);
  if (old === el.value) return;
  const v = leaf[old];
  // Keep the key order: metric first, then the comparison.
  const { metric, ...others } = leaf;
  delete others[old];
  for (const k of Object.keys(leaf)) delete leaf[k];
  Object.assign(leaf, { metric, [el.value]: v }, others);
  edited(performance.now());
});
$('form').addEventListener('click', (/** @type {Event} */ e) => {
  const el = /** @type {HTMLElement} */ (e.target);
  const i = el.dataset?.remove;
  if (i === undefined) return;
  state.candidate.tiers.splice(Number(i), 1);
  renderForm();
  edited(performance.now(), true);
});

function addTier() {
  const tiers = state.candidate.tiers;
  const top = structuredClone(tiers[tiers.length - 1]);
  top.name = uniqueName('New tier');
  if (!top.qualify) {
    const first = Object.entries(state.candidate.metrics)[0];
    top.qualify = { metric: first[0], at_least: 1 };
  }
  for (const { leaf } of leavesOf(top.qualify, '')) {
    const op = opOf(leaf);
    leaf[op] = metricInfo(leaf.metric)?.money ? roundMoney(Number(leaf[op]) * 2 || 100) : Math.max(1, Number(leaf[op]) * 2);
  }
  tiers.push(top);
  renderForm();
  edited(performance.now(), true);
}
function uniqueName(/** @type {string} */ base) {
  const names = new Set(state.candidate.tiers.map((/** @type {any} */ t) => t.name));
  let n = base, k = 2;
  while (names.has(n)) n = `${base} ${k++}`;
  return n;
}

$('as-of').addEventListener('change', () => {
  const v = $('as-of').value;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return;
  state.asOf = v;
  changed({ all: true });
});

// ---------------------------------------------------------------- simulation

let simInFlight = false;
/** @type {any} */ let simQueued = null;
/** @type {Record<string, number>} */
const timers = {};
const debounce = (/** @type {string} */ key, /** @type {number} */ ms, /** @type {() => void} */ f) => {
  clearTimeout(timers[key]);
  timers[key] = window.setTimeout(() => { delete timers[key]; f(); }, ms);
};
/** True when nothing is waiting: no request unanswered, no delayed request pending (used by the tests). */
/** @type {any} */ (window).__simulatorIdle = () => outstanding.size === 0 && !simInFlight && !simQueued && Object.keys(timers).length === 0 &&
  !undo.pending() && !drawPending;

/** Something changed: simulate now (one request in flight, the newest waiting), the rest after a pause. */
function changed(/** @type {{ all?: boolean, t0?: number }} */ o = {}) {
  if (!state.events || !state.baseline || !state.candidate || state.busyImport) return;
  const t0 = o.t0 ?? performance.now();
  const req = { baseline: JSON.stringify(state.baseline), candidate: JSON.stringify(state.candidate), asOf: state.asOf || undefined, t0 };
  if (simInFlight) simQueued = req;
  else {
    simInFlight = true;
    send('simulate', req);
  }
  const large = (state.events?.info.customers ?? 0) > 300000;
  debounce('movers', large ? 300 : 80, requestMovers);
  debounce('sweep', large ? 300 : 100, requestSweep);
  debounce('notify', large ? 1500 : 300, notifyPanel.request);
  // Replays run in the background worker after a pause; above 300,000
  // customers (seconds per replay) or for files too large to copy there, on request.
  if (state.events.background && !large) debounce('replay', o.all ? 0 : 400, requestReplay);
  else showReplayButton();
}

/** @type {{ t0: number, total: number, worker: number, toWorker: number, back: number, render: number, frame?: number }[]} */
const latencies = [];
/** @type {any} */ (window).__simulatorLatency = latencies;

function onSimulated(/** @type {any} */ m) {
  simInFlight = false;
  if (simQueued) {
    const q = simQueued;
    simQueued = null;
    simInFlight = true;
    send('simulate', q);
  }
  // Drawn at most once a frame: replies arriving within one frame (a fast
  // drag) draw only the newest; the others are dropped unseen.
  const first = !drawPending;
  drawPending = { m, received: performance.now() };
  state.report = m.report;
  if (first) requestAnimationFrame(drawSimulated);
}

/** @type {{ m: any, received: number } | null} */ let drawPending = null;
function drawSimulated() {
  if (!drawPending) return;
  const { m, received } = drawPending;
  drawPending = null;
  renderResults(m.report);
  prefillTune();
  const done = performance.now();
  const total = done - m.t0;
  const origin = performance.timeOrigin;
  const sample = { t0: m.t0, total, worker: m.ms, toWorker: m.startAt - (origin + m.t0), back: origin + received - m.endAt,
    render: done - received, frame: /** @type {number | undefined} */ (undefined) };
  latencies.push(sample);
  if (latencies.length > 500) latencies.shift();
  requestAnimationFrame(() => {
    sample.frame = performance.now() - m.t0;
    $('latency').textContent = `Last update: ${sample.total.toFixed(1)} ms from your input to the results on screen (the core took ${m.ms.toFixed(1)} ms; next frame at ${sample.frame.toFixed(1)} ms) · ${fmtInt(m.report.customers)} customers`;
  });
}

function onFailed(/** @type {any} */ m) {
  if (m.request === 'simulate') {
    simInFlight = false;
    if (simQueued) { const q = simQueued; simQueued = null; simInFlight = true; send('simulate', q); return; }
    state.candidateValid = false;
    showJsonError(m, 'The results show the last candidate that worked.');
    return;
  }
  if (m.request === 'notify' || m.request === 'notify-csv') return notifyPanel.onFailed(m);
  if (m.request === 'import') {
    state.busyImport = false;
    $('progress-box').hidden = true;
    $('report').innerHTML = `<p class="err" role="alert">${esc(m.message)}</p>`;
    return;
  }
  const target = { sweep: 'sweep-chart', replay: 'replay-chart', movers: 'movers-note', 'export-movers': 'movers-note' }[
    /** @type {string} */ (m.request)];
  if (target) setHtml(target, `<p class="err">${esc(m.message)}</p>`);
}

function renderResults(/** @type {any} */ r) {
  $('results-empty').hidden = true;
  $('results-body').hidden = false;
  setChartWidth(chartBoxWidth());
  $('results-asof').textContent = `as of ${r.as_of} · ${fmtInt(r.customers)} customers · ${r.currency}`;
  if (!state.asOf) { state.asOf = r.as_of; $('as-of').value = r.as_of; }
  const b = r.baseline, c = r.candidate;
  const n = r.customers;
  const costDelta = c.benefit_cost - b.benefit_cost;
  const nearDelta = c.near_misses - b.near_misses;
  const k = r.kpis;
  /** @param {string} key @param {string} title @param {string} big @param {string} sub @param {number} [value] @param {string} [cls] */
  const card = (key, title, big, sub, value, cls = '') =>
    `<div class="card ${cls}" data-k="${key}"${value !== undefined ? ` data-value="${value}"` : ''}><h3>${title}</h3><p class="big">${big}</p><p class="sub">${sub}</p></div>`;
  let cards = card('customers', 'Customers', fmtInt(n), `listed on ${esc(r.as_of)}${b.not_enrolled || c.not_enrolled
    ? ` · not enrolled ${fmtInt(b.not_enrolled)} → ${fmtInt(c.not_enrolled)}` : ''}`, n);
  cards += card('upgrades', 'Upgrades', fmtInt(r.upgrades), `customers move up · ${pct(r.upgrades / Math.max(1, n))}`, r.upgrades, r.upgrades ? 'up' : '');
  cards += card('downgrades', 'Downgrades', fmtInt(r.downgrades), `customers move down · ${pct(r.downgrades / Math.max(1, n))}`, r.downgrades, r.downgrades ? 'down' : '');
  cards += card('near_misses', 'Near misses', fmtInt(c.near_misses), `customers ≥ 80 % of the way to their next tier · baseline ${fmtInt(b.near_misses)} (${signed(nearDelta, fmtInt)})`, c.near_misses);
  cards += card('benefit_cost', 'Benefit cost per year', money(c.benefit_cost), `discounts on 365-day spend · baseline ${money(b.benefit_cost)} (${signed(costDelta, (x) => money(x))})`, c.benefit_cost,
    costDelta > 0 ? 'costlier' : costDelta < 0 ? 'cheaper' : '');
  if (c.points_liability !== undefined) {
    cards += card('points_liability', 'Points liability', money(c.points_liability), `${fmtInt(c.points_balance)} points outstanding · baseline ${money(b.points_liability ?? 0)}`, c.points_liability);
  }
  cards += `<div class="card kpis" data-k="kpis"><h3>Customer base <span class="hint">lifetime to ${esc(r.as_of)}</span></h3><dl>
    <div><dt>Repeat purchase rate</dt><dd>${pct(k.repeat_purchase_rate)} <span class="hint">of customers</span></dd></div>
    <div><dt>Purchase frequency</dt><dd>${k.average_purchase_frequency.toFixed(2)} <span class="hint">purchases per customer</span></dd></div>
    <div><dt>Lifetime net spend</dt><dd>${money(k.average_lifetime_net_spend)} <span class="hint">per customer</span></dd></div>
    <div><dt>Redemption rate</dt><dd>${k.redemption_rate === null ? '<span class="hint">no points block</span>' : `${pct(k.redemption_rate)} <span class="hint">of points earned</span>`}</dd></div>
  </dl></div>`;
  setHtml('cards', cards);

  // Tier counts: chart and exact table.
  const count = Math.max(b.tiers.length, c.tiers.length);
  const names = [...Array(count)].map((_, i) => c.tiers[i]?.name ?? b.tiers[i]?.name);
  setHtml('tier-chart', tierBars({
    tiers: names, baseline: names.map((_, i) => b.tiers[i]?.customers ?? 0), candidate: names.map((_, i) => c.tiers[i]?.customers ?? null),
    total: n, fmt: fmtInt, pct, axisLabel: `customers · share of ${fmtInt(n)}`, title: 'Customers per tier, baseline and candidate',
  }));
  setHtml('cost-chart', tierBars({
    tiers: names, baseline: names.map((_, i) => b.tiers[i]?.benefit_cost ?? 0), candidate: names.map((_, i) => c.tiers[i]?.benefit_cost ?? null),
    total: b.benefit_cost, fmt: (x) => money(x, 0, true), pct: null, axisLabel: `${r.currency} per year`,
    title: 'Benefit cost per tier per year, baseline and candidate',
  }));
  const cur = r.currency;
  let rows = '';
  for (let i = 0; i < count; i++) {
    const bt = b.tiers[i], ct = c.tiers[i];
    const d = (ct?.customers ?? 0) - (bt?.customers ?? 0);
    rows += `<tr data-tier="${esc(names[i])}" data-baseline="${bt?.customers ?? ''}" data-candidate="${ct?.customers ?? ''}">
      <th scope="row"><span class="swatch t${i % 8}" aria-hidden="true"></span>${esc(names[i])}${bt && ct && bt.name !== ct.name ? ` <span class="hint">(was ${esc(bt.name)})</span>` : ''}</th>
      <td>${bt ? fmtInt(bt.customers) : '—'}</td><td>${ct ? fmtInt(ct.customers) : '—'}</td>
      <td class="${d > 0 ? 'pos' : d < 0 ? 'neg' : ''}">${signed(d, fmtInt)}</td>
      <td>${ct ? pct(ct.share) : '—'}</td><td>${ct ? fmtInt(ct.near_misses) : '—'}</td>
      <td>${bt ? money(bt.benefit_cost) : '—'}</td><td>${ct ? money(ct.benefit_cost) : '—'}</td></tr>`;
  }
  if (b.not_enrolled || c.not_enrolled) rows += `<tr data-tier="(not enrolled)" data-baseline="${b.not_enrolled}" data-candidate="${c.not_enrolled}"><th scope="row">not enrolled</th><td>${fmtInt(b.not_enrolled)}</td><td>${fmtInt(c.not_enrolled)}</td><td>${signed(c.not_enrolled - b.not_enrolled, fmtInt)}</td><td>${pct(c.not_enrolled / Math.max(1, n))}</td><td></td><td></td><td></td></tr>`;
  setHtml('tier-table', `<caption class="visually-hidden">Customers per tier and benefit cost, baseline and candidate</caption>
    <thead><tr><th scope="col">Tier</th><th scope="col">Baseline <span class="unit">customers</span></th><th scope="col">Candidate <span class="unit">customers</span></th>
    <th scope="col">Change</th><th scope="col">Share</th><th scope="col">Near misses</th><th scope="col">Cost/yr baseline <span class="unit">${esc(cur)}</span></th>
    <th scope="col">Cost/yr candidate <span class="unit">${esc(cur)}</span></th></tr></thead><tbody>${rows}</tbody>
    <tfoot><tr><th scope="row">All</th><td>${fmtInt(n - b.not_enrolled)}</td><td>${fmtInt(n - c.not_enrolled)}</td><td></td><td></td><td>${fmtInt(c.near_misses)}</td>
    <td>${money(b.benefit_cost)}</td><td>${money(c.benefit_cost)}</td></tr></tfoot>`);

  renderMigration(r);
  renderStrip(r);
  updateSweepMarker();
}

function level(/** @type {number} */ v, /** @type {number} */ max) {
  if (v <= 0) return 0;
  return Math.min(4, 1 + Math.floor((3.999 * Math.log1p(v)) / Math.log1p(Math.max(1, max))));
}
function renderMigration(/** @type {any} */ r) {
  const { from, to, counts } = r.migration;
  const max = Math.max(1, ...counts.flat());
  const head = `<thead><tr><th scope="col" class="corner">baseline ↓ · candidate →</th>${to.map((/** @type {string} */ t, /** @type {number} */ j) =>
    `<th scope="col"><span class="swatch t${j % 8}" aria-hidden="true"></span>${esc(t)}</th>`).join('')}<th scope="col">moving</th></tr></thead>`;
  const body = from.map((/** @type {string} */ f, /** @type {number} */ i) => {
    const row = counts[i];
    const moving = row.reduce((/** @type {number} */ a, /** @type {number} */ v, /** @type {number} */ j) => a + (j !== i ? v : 0), 0);
    return `<tr><th scope="row"><span class="swatch t${i % 8}" aria-hidden="true"></span>${esc(f)}</th>${row.map((/** @type {number} */ v, /** @type {number} */ j) => {
      const kind = j > i ? 'up' : j < i ? 'down' : 'same';
      const label = `${fmtInt(v)} customers ${kind === 'same' ? `stay in ${f}` : `move from ${f} to ${to[j]}`}`;
      return `<td class="hm ${kind} l${level(v, max)}" data-from="${i}" data-to="${j}" data-value="${v}" title="${esc(label)}">${fmtInt(v)}</td>`;
    }).join('')}<td class="moving">${fmtInt(moving)}</td></tr>`;
  }).join('');
  setHtml('migration', `<caption class="visually-hidden">Migration matrix: customers by baseline tier and candidate tier</caption>${head}<tbody>${body}</tbody>`);
}

function renderStrip(/** @type {any} */ r) {
  const b = r.baseline, c = r.candidate;
  const tiers = c.tiers.map((/** @type {any} */ t, /** @type {number} */ i) => {
    const d = t.customers - (b.tiers[i]?.customers ?? 0);
    return `<span class="chip"><span class="swatch t${i % 8}" aria-hidden="true"></span>${esc(t.name)} <strong>${fmtInt(t.customers)}</strong>${d ? ` <span class="${d > 0 ? 'pos' : 'neg'}">${signed(d, fmtInt)}</span>` : ''}</span>`;
  }).join('');
  const cost = c.benefit_cost - b.benefit_cost;
  $('strip').hidden = false;
  setHtml('strip', `<span class="strip-label">Candidate</span>${tiers}<span class="chip">↑ ${fmtInt(r.upgrades)} ↓ ${fmtInt(r.downgrades)} customers</span>
    <span class="chip">near misses ${fmtInt(c.near_misses)}</span><span class="chip">cost/yr ${money(c.benefit_cost)} <span class="${cost > 0 ? 'neg' : cost < 0 ? 'pos' : ''}">${signed(cost, (x) => money(x))}</span></span>`);
}

// ---------------------------------------------------------------- sweep

/** The sweepable thresholds of the candidate: the first leaf on each metric of each tier. */
function sweepLeaves() {
  /** @type {{ tier: number, metric: string, ptr: string, leaf: any }[]} */ const out = [];
  state.candidate?.tiers.forEach((/** @type {any} */ t, /** @type {number} */ i) => {
    if (i === 0 || !t.qualify) return;
    const seen = new Set();
    for (const l of leavesOf(t.qualify, `/tiers/${i}/qualify`)) {
      if (seen.has(l.leaf.metric)) continue;
      seen.add(l.leaf.metric);
      out.push({ tier: i, metric: l.leaf.metric, ptr: l.ptr, leaf: l.leaf });
    }
  });
  return out;
}
function renderSweepOptions() {
  const leaves = sweepLeaves();
  const s = state.sweep;
  if (!leaves.some((l) => l.tier === s.tier && l.metric === s.metric)) {
    const pick = leaves.find((l) => l.tier === Math.min(2, state.candidate.tiers.length - 1)) ?? leaves[0];
    s.tier = pick?.tier ?? -1;
    s.metric = pick?.metric ?? '';
    s.custom = false;
  }
  $('sweep-leaf').innerHTML = leaves.map((l) => `<option value="${l.tier}|${esc(l.metric)}"${l.tier === s.tier && l.metric === s.metric ? ' selected' : ''}>${
    esc(state.candidate.tiers[l.tier].name)} · ${esc(l.metric)}</option>`).join('');
  setSweepRange();
}
function setSweepRange() {
  const s = state.sweep;
  const l = sweepLeaves().find((x) => x.tier === s.tier && x.metric === s.metric);
  if (!l) return;
  const m = metricInfo(l.metric);
  if (!s.custom) {
    const r = sliderRange(m, Number(l.leaf[opOf(l.leaf)]), Number(at(state.baseline, l.ptr)?.[opOf(l.leaf)] ?? 0));
    s.from = String(Math.max(0, r.min));
    s.to = String(r.max);
  }
  $('sweep-from').value = s.from;
  $('sweep-to').value = s.to;
  $('sweep-unit').textContent = unitOf(m);
}
/** Moving a slider points the sweep at that threshold. */
function followSweep(/** @type {string} */ ptr, /** @type {any} */ leaf) {
  const tier = Number(ptr.split('/')[2]);
  const first = sweepLeaves().find((l) => l.tier === tier && l.metric === leaf.metric);
  if (first?.ptr !== ptr || (state.sweep.tier === tier && state.sweep.metric === leaf.metric)) return;
  state.sweep = { tier, metric: leaf.metric, from: '', to: '', custom: false };
  $('sweep-leaf').value = `${tier}|${leaf.metric}`;
  setSweepRange();
}
$('sweep-leaf').addEventListener('change', () => {
  const [t, metric] = $('sweep-leaf').value.split('|');
  state.sweep = { tier: Number(t), metric, from: '', to: '', custom: false };
  setSweepRange();
  requestSweep();
});
for (const id of ['sweep-from', 'sweep-to']) $(id).addEventListener('change', () => {
  const from = Number($('sweep-from').value), to = Number($('sweep-to').value);
  if (!(to > from)) { $(id).setAttribute('aria-invalid', 'true'); return; }
  $('sweep-from').removeAttribute('aria-invalid');
  $('sweep-to').removeAttribute('aria-invalid');
  Object.assign(state.sweep, { from: String(from), to: String(to), custom: true });
  requestSweep();
});

function requestSweep() {
  const s = state.sweep;
  if (!state.events || s.tier < 0 || !state.candidateValid) return;
  const m = metricInfo(s.metric);
  const from = Number(s.from), to = Number(s.to);
  const whole = !m?.money;
  const steps = whole && to - from <= 60 ? Math.round(to - from) + 1 : 41;
  send('sweep', { program: JSON.stringify(state.candidate), tier: state.candidate.tiers[s.tier].name, metric: s.metric,
    from: String(from), to: String(to), steps, asOf: state.asOf || undefined });
}

/** @type {any} */ let lastSweep = null;
function onSwept(/** @type {any} */ m) {
  if (!current('sweep', m.id)) return;
  lastSweep = m.sweep;
  drawSweep();
}
function updateSweepMarker() { if (lastSweep) drawSweep(); }
function drawSweep() {
  const sw = lastSweep;
  const mi = metricInfo(sw.metric);
  const tierIdx = state.candidate.tiers.findIndex((/** @type {any} */ t) => t.name === sw.tier);
  const l = sweepLeaves().find((x) => x.tier === tierIdx && x.metric === sw.metric);
  const cur = l ? Number(l.leaf[opOf(l.leaf)]) : null;
  const unit = unitOf(mi);
  const fmtX = mi?.money ? (/** @type {number} */ v) => money(v, 0, true) : (/** @type {number} */ v) => fmtInt(v);
  setHtml('sweep-chart', lineChart({
    x: sw.steps.map((/** @type {any} */ s) => Number(s.threshold)),
    series: sw.tiers.map((/** @type {string} */ name, /** @type {number} */ k) => ({ name, color: tierColor(k), values: sw.steps.map((/** @type {any} */ s) => s.counts[k]) })),
    marker: cur, markerLabel: cur === null ? '' : `candidate ${l && opOf(l.leaf) === 'above' ? '>' : '≥'} ${mi?.money ? money(cur) : fmtInt(cur)}`,
    xLabel: `${sw.tier} threshold on ${sw.metric} (${unit})`, yLabel: 'customers', fmtX, fmtY: fmtInt,
    title: `Customers per tier as the ${sw.tier} threshold on ${sw.metric} runs from ${fmtX(Number(sw.steps[0]?.threshold))} to ${fmtX(Number(sw.steps[sw.steps.length - 1]?.threshold))}`,
  }));
}

// ---------------------------------------------------------------- replay

function showReplayButton() {
  $('run-replay').hidden = false;
  $('replay-range').textContent = state.events.background
    ? 'with this many customers a replay takes seconds: it runs on request, in the background worker (the sliders stay live)'
    : 'this file is too large for a second copy in the background worker: the replay runs on request (seconds; the sliders wait meanwhile)';
  if (lastReplayKey && lastReplayKey !== replayKey()) {
    $('replay-chart').classList.add('stale');
    $('replay-range').textContent += ' · the chart shows an earlier candidate';
  }
}
$('run-replay').addEventListener('click', () => {
  setHtml('replay-chart', '<p class="hint">Replaying…</p>');
  requestReplay();
});
let lastReplayKey = '';
let pendingReplayKey = '';
const replayKey = () => JSON.stringify([state.baseline, state.candidate, state.asOf, $('replay-step').value]);
function requestReplay() {
  const info = state.events?.info;
  if (!info?.first_day || !state.candidateValid) return;
  const to = state.asOf || info.last_day;
  const from = info.first_day;
  if (from > to) return;
  if (state.events.background) $('replay-range').textContent = `${from} … ${to}`;
  pendingReplayKey = replayKey();
  send('replay', { baseline: JSON.stringify(state.baseline), candidate: JSON.stringify(state.candidate), from, to, step: $('replay-step').value },
    state.events.background ? background : worker);
}
$('replay-step').addEventListener('change', requestReplay);

function onReplayed(/** @type {any} */ m) {
  if (!current('replay', m.id)) return;
  lastReplayKey = pendingReplayKey;
  $('replay-chart').classList.remove('stale');
  const c = m.candidate, b = m.baseline;
  const step = $('replay-step').value;
  const labels = c.steps.map((/** @type {any} */ s) => (step === 'month' ? s.date.slice(0, 7) : s.date.slice(5)));
  setHtml('replay-chart', stackedColumns({
    labels, tiers: c.tiers, counts: c.steps.map((/** @type {any} */ s) => s.counts), yLabel: 'customers', fmtY: fmtInt,
    title: `Candidate tier counts on each ${step} step from ${c.steps[0]?.date} to ${c.steps[c.steps.length - 1]?.date}`,
  }));
  setHtml('replay-rate', `<p class="chart-sub">Advancement rate <span class="hint">upgrades ÷ customers below the top tier at the step before</span></p>` + rateLines({
    labels, baseline: b.steps.map((/** @type {any} */ s) => Number(s.advancement_rate)), candidate: c.steps.map((/** @type {any} */ s) => Number(s.advancement_rate)),
    title: 'Advancement rate per step, baseline and candidate', fmtY: pct,
  }));
}

// ---------------------------------------------------------------- movers

const MOVERS_SHOWN = 200;
function requestMovers() {
  if (!state.events || !state.candidateValid) return;
  send('movers', { baseline: JSON.stringify(state.baseline), candidate: JSON.stringify(state.candidate), asOf: state.asOf || undefined,
    sort: state.sort, limit: MOVERS_SHOWN });
}
function onMovers(/** @type {any} */ m) {
  if (!current('movers', m.id)) return;
  state.movers = m;
  const cols = [['customer_id', 'Customer'], ['from', 'Baseline tier'], ['to', 'Candidate tier'], ['change', 'Change'],
    ...(m.metrics ?? []).map((/** @type {any} */ x, /** @type {number} */ k) => [`metric:${k}`, x.name])];
  const sortAttr = (/** @type {string} */ key) => (state.sort.key === key ? ` aria-sort="${state.sort.dir > 0 ? 'ascending' : 'descending'}"` : '');
  const head = `<thead><tr>${cols.map(([key, label], i) => {
    const mi = i >= 4 ? metricInfo(label) : null;
    return `<th scope="col"${sortAttr(key)}><button type="button" data-sort="${esc(key)}">${esc(label)}${mi ? ` <span class="unit">${esc(unitOf(mi))}</span>` : ''}${
      state.sort.key === key ? (state.sort.dir > 0 ? ' ▲' : ' ▼') : ''}</button></th>`;
  }).join('')}</tr></thead>`;
  const body = m.rows.map((/** @type {any} */ r) => `<tr><th scope="row" class="mono">${esc(r.customer_id)}</th>
    <td>${r.from < 0 ? '<span class="hint">not enrolled</span>' : `<span class="swatch t${r.from % 8}" aria-hidden="true"></span>${esc(r.from_name)}`}</td>
    <td>${r.to < 0 ? '<span class="hint">not enrolled</span>' : `<span class="swatch t${r.to % 8}" aria-hidden="true"></span>${esc(r.to_name)}`}</td>
    <td class="${r.change > 0 ? 'pos' : r.change < 0 ? 'neg' : ''}">${r.change > 0 ? `↑ ${r.change}` : r.change < 0 ? `↓ ${-r.change}` : '·'}</td>
    ${(r.metrics ?? []).map((/** @type {number} */ v, /** @type {number} */ k) => `<td>${fmtMetric(metricInfo(m.metrics[k].name), v).replace(/ [a-z ]+ events$| purchases$| points$| days$/, '')}</td>`).join('')}</tr>`).join('');
  setHtml('movers-table', m.total ? `<caption class="visually-hidden">Customers whose tier differs between baseline and candidate</caption>${head}<tbody>${body}</tbody>` : '');
  $('movers-note').textContent = m.total
    ? `${fmtInt(m.total)} customers change tier${m.total > m.rows.length ? ` · showing the first ${fmtInt(m.rows.length)}` : ''} · metric values on ${state.report?.as_of ?? state.asOf}${m.metricsNote ? ` · ${m.metricsNote}` : ''}`
    : 'Nobody changes tier: the candidate tiers everyone as the baseline does.';
  $('movers-csv').disabled = !m.total;
}
$('movers-table').addEventListener('click', (/** @type {Event} */ e) => {
  const key = /** @type {HTMLElement} */ (e.target).closest('button')?.dataset.sort;
  if (!key) return;
  state.sort = state.sort.key === key ? { key, dir: /** @type {1 | -1} */ (-state.sort.dir) } : { key, dir: key === 'customer_id' ? 1 : -1 };
  requestMovers();
});
$('movers-csv').addEventListener('click', () => {
  send('export-movers', { baseline: JSON.stringify(state.baseline), candidate: JSON.stringify(state.candidate), asOf: state.asOf || undefined, sort: state.sort });
});
function onExported(/** @type {any} */ m) {
  download(`${slug(state.candidate.name)}-movers-${state.report?.as_of ?? 'asof'}.csv`, m.csv, 'text/csv');
}

// ---------------------------------------------------------------- export and share

const slug = (/** @type {string} */ s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'program';
function download(/** @type {string} */ name, /** @type {string} */ text, /** @type {string} */ type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
const notifyPanel = createNotifyPanel({ root: $('notify'), send, download, slug, getState: () => state });
$('export').addEventListener('click', () => {
  if (state.candidate) download(`${slug(state.candidate.name)}-candidate.json`, prettyJson(state.candidate), 'application/json');
});

function encode64(/** @type {string} */ s) {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
function decode64(/** @type {string} */ s) {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}
/** The programs (never the data) in the URL hash; a bundled sample by its name. */
function shareLink() {
  const p = new URLSearchParams();
  const cand = JSON.stringify(state.candidate);
  const base = JSON.stringify(state.baseline);
  p.set('c', encode64(cand));
  if (base !== cand) p.set('b', encode64(base));
  if (state.dataset) p.set('sample', state.dataset);
  return `${location.origin}${location.pathname}#${p}`;
}
$('share').addEventListener('click', async () => {
  const link = shareLink();
  history.replaceState(null, '', link);
  let copied = false;
  try { await navigator.clipboard.writeText(link); copied = true; } catch { /* shown below instead */ }
  let box = document.getElementById('share-box');
  if (!box) {
    document.querySelector('.top-actions')?.insertAdjacentHTML('beforeend',
      '<div id="share-box" class="share-box"><label for="share-link">Share link <span class="hint" id="share-state"></span></label><input id="share-link" readonly></div>');
    box = document.getElementById('share-box');
  }
  $('share-link').value = link;
  $('share-state').textContent = copied ? '(copied: programs only, no data)' : '(programs only, no data: copy it from here)';
  $('share-link').select();
});

// Target mix (tune.js): a tune is an edit of the candidate's thresholds.
initTune({ ask, state: () => state, apply: (candidate) => { state.candidate = candidate; renderForm(); edited(performance.now(), true); } });

start().catch((e) => showBanner(`The simulator could not start: ${e?.message ?? e}`));

// ---------------------------------------------------------------- undo, keys, chart width (issue 20)

const undo = createUndo({
  read: () => state.candidate,
  apply: (program) => {
    const focused = document.activeElement?.id;
    state.candidate = program;
    $('json').value = prettyJson(program);
    renderForm();
    if (focused && $(focused)) $(focused).focus();
    validateJson();
  },
  undoButton: $('undo'), redoButton: $('redo'),
});
installPageSteps($('form'));
// Phones: charts are drawn at their container's width (charts.js); redraw when it changes.
// Measured on the #results panel, laid out from the start (results-body is
// hidden until the first results; the figures may skip layout off-screen:
// content-visibility), less its padding and a figure's padding and border.
function chartBoxWidth() {
  const panel = getComputedStyle($('results'));
  const fig = getComputedStyle($('tier-chart').parentElement);
  const px = (/** @type {string} */ v) => parseFloat(v) || 0;
  return $('results').clientWidth - px(panel.paddingLeft) - px(panel.paddingRight) -
    px(fig.paddingLeft) - px(fig.paddingRight) - px(fig.borderLeftWidth) - px(fig.borderRightWidth);
}
new ResizeObserver(() => { if (setChartWidth(chartBoxWidth()) && state.report) changed({ all: true }); }).observe($('results'));
