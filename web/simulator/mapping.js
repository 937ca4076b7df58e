// @ts-check
// The simulator's mapping step (issue 18, docs/importers.md "European files"):
// the first rows as a table, how the file is written (delimiter, decimal
// separator, date order, the shop's clock) as choices that re-read the
// preview at once, the columns mapped by dropdowns, and what the core worked
// out or found unclear, in words. Shown for any file the core cannot identify
// or whose dates or amounts are ambiguous. The core reads; this only asks.

/** @typedef {{ customer?: string, date?: string, order?: string, amount?: string, quantity?: string,
 *   unit_price?: string, strip_suffix?: string }} Mapping */
/** @typedef {{ delimiter?: string, decimal?: string, dateOrder?: string, timezone?: string }} Formats */

/** @type {[string, string, boolean, RegExp][]} */
const MAPPING_KEYS = [
  ['customer', 'Customer', true, /e-?mail|customer|client|buyer|member|kunde/i],
  ['date', 'Date', true, /date|time|created|day|datum/i],
  ['order', 'Order (groups rows)', false, /order|invoice|receipt|transaction|ticket|bestellung|commande|rechnung/i],
  ['amount', 'Amount (line or order total)', false, /amount|total|revenue|value|sum|betrag|montant|summe/i],
  ['quantity', 'Quantity', false, /qty|quantity|units|menge/i],
  ['unit_price', 'Unit price', false, /price|preis|prix/i],
];

/** The format choices: [option key, legend, [value, label][]]; '' is "as worked out". */
const FORMAT_CHOICES = /** @type {[keyof Formats, string, [string, string][]][]} */ ([
  ['delimiter', 'Columns separated by', [['', 'detect'], [',', 'comma ,'], [';', 'semicolon ;'], ['\t', 'tab'], ['|', 'bar |']]],
  ['decimal', 'Decimal separator', [['', 'detect'], ['.', 'point 12.50'], [',', 'comma 12,50']]],
  ['dateOrder', 'Dates like 03/12/2024 are', [['', 'detect'], ['dmy', 'day first (3 Dec)'], ['mdy', 'month first (Mar 12)'], ['ymd', 'year first']]],
]);

/**
 * @param {{ $: (id: string) => any, ask: (type: string, payload: any) => Promise<any>,
 *   importWith: (mapping: Mapping, formats: Formats) => void, showError: (text: string) => void }} page
 */
export function createMapping(page) {
  const form = page.$('mapping');
  /** @type {string[]} */ let columns = [];
  /** @type {Formats} */ let formats = {};
  let asked = 0;

  // The parts the step adds to the form once: choices, what was worked out, the timezone.
  const choices = document.createElement('div');
  choices.className = 'mapping-formats';
  choices.id = 'mapping-formats';
  const explain = document.createElement('div');
  explain.id = 'mapping-explain';
  explain.setAttribute('aria-live', 'polite');
  page.$('mapping-fields').before(choices, explain);
  for (const [key, legend, options] of FORMAT_CHOICES) {
    const set = document.createElement('fieldset');
    const l = document.createElement('legend');
    l.textContent = legend;
    set.append(l);
    for (const [value, label] of options) {
      const lab = document.createElement('label');
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = `format-${key}`;
      input.value = value;
      input.checked = value === '';
      input.addEventListener('change', () => { formats[key] = value || undefined; inspect(); });
      const text = document.createElement('span');
      text.textContent = label;
      lab.append(input, text);
      set.append(lab);
    }
    choices.append(set);
  }
  const zone = document.createElement('label');
  zone.className = 'mapping-zone';
  const zoneText = document.createElement('span');
  zoneText.textContent = 'Shop clock for times without a zone';
  const zoneInput = document.createElement('input');
  zoneInput.name = 'format-timezone';
  zoneInput.placeholder = 'e.g. +01:00';
  zoneInput.title = 'Blank: a date-time without a zone counts on its written date';
  zoneInput.addEventListener('change', () => { formats.timezone = zoneInput.value.trim() || undefined; inspect(); });
  zone.append(zoneText, zoneInput);
  choices.append(zone);

  /** The mapping as the dropdowns say. @returns {Mapping} */
  function mapping() {
    /** @type {Record<string, string>} */ const m = {};
    for (const [key] of MAPPING_KEYS) if (form.elements[key]?.value) m[key] = form.elements[key].value;
    if (form.elements.strip_suffix?.value) m.strip_suffix = form.elements.strip_suffix.value;
    return m;
  }

  /** The dropdowns for `cols`, keeping what was chosen where it still exists, else a guess. */
  function buildFields(/** @type {string[]} */ cols) {
    const before = mapping();
    const used = new Set();
    const fields = page.$('mapping-fields');
    fields.replaceChildren();
    for (const [key, label, required, re] of MAPPING_KEYS) {
      let pick = before[/** @type {keyof Mapping} */ (key)];
      if (!pick || !cols.includes(pick)) pick = cols.find((c) => re.test(c) && !used.has(c)) ?? '';
      if (pick) used.add(pick);
      const lab = document.createElement('label');
      const span = document.createElement('span');
      span.textContent = label;
      if (required) {
        const req = document.createElement('span');
        req.className = 'req';
        req.textContent = ' (required)';
        span.append(req);
      }
      const select = document.createElement('select');
      select.name = key;
      select.required = required;
      if (!required) select.append(new Option('(none)', ''));
      for (const c of cols) select.append(new Option(c, c, false, c === pick));
      select.value = pick;
      select.addEventListener('change', inspect);
      lab.append(span, select);
      fields.append(lab);
    }
    const strip = document.createElement('label');
    const s = document.createElement('span');
    s.textContent = 'Strip from customer ids';
    const input = document.createElement('input');
    input.name = 'strip_suffix';
    input.placeholder = 'e.g. .0';
    input.value = before.strip_suffix ?? '';
    strip.append(s, input);
    fields.append(strip);
    // With both an amount and quantity × unit price guessed, prefer quantity × price.
    if (!before.customer && form.elements.quantity.value && form.elements.unit_price.value) form.elements.amount.value = '';
  }

  /** The first rows, and under the mapped date and amount what the import would read. */
  function buildPreview(/** @type {any} */ seen) {
    const table = document.createElement('table');
    table.className = 'preview';
    const caption = document.createElement('caption');
    caption.textContent = 'First rows of the file, as split now';
    const head = document.createElement('tr');
    for (const c of seen.columns) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = c;
      head.append(th);
    }
    const read = seen.read ?? [];
    const extra = read.some((/** @type {any} */ r) => r.date !== undefined || r.amount !== undefined);
    if (extra) for (const t of ['read as date', 'read as amount']) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.className = 'read';
      th.textContent = t;
      head.append(th);
    }
    const thead = document.createElement('thead');
    thead.append(head);
    const body = document.createElement('tbody');
    seen.rows.forEach((/** @type {string[]} */ row, /** @type {number} */ i) => {
      const tr = document.createElement('tr');
      for (const f of row) {
        const td = document.createElement('td');
        td.textContent = f;
        tr.append(td);
      }
      if (extra) for (const v of [read[i]?.date, read[i]?.amount]) {
        const td = document.createElement('td');
        td.className = v?.startsWith('?') ? 'read bad' : 'read';
        td.textContent = v === undefined ? '—' : v.replace(/^\? /, '✗ ');
        tr.append(td);
      }
      body.append(tr);
    });
    table.append(caption, thead, body);
    page.$('mapping-preview').replaceChildren(table);
  }

  /** What was worked out and what is unclear, in words. */
  function buildExplain(/** @type {any} */ seen) {
    const out = [];
    const sep = seen.delimiter === '\t' ? 'tab' : `“${seen.delimiter}”`;
    const p = document.createElement('p');
    p.className = 'hint';
    p.textContent = `Columns split at ${sep}${seen.delimiter_given ? ' (your choice)' : ' (the one the header line uses)'}` +
      (seen.decimal ? `; amounts with a decimal ${seen.decimal === ',' ? 'comma' : 'point'}` : '') +
      (seen.date_order && seen.date_order !== 'auto' ? `; dates ${{ dmy: 'day first', mdy: 'month first', ymd: 'year first' }[/** @type {'dmy'} */ (seen.date_order)]}` : '') + '.';
    out.push(p);
    for (const n of (seen.notes ?? []).filter((/** @type {string} */ n) => !n.startsWith('delimiter '))) {
      const li = document.createElement('p');
      li.className = 'hint note';
      li.textContent = n.charAt(0).toUpperCase() + n.slice(1) + '.';
      out.push(li);
    }
    if (seen.problem) {
      const warn = document.createElement('p');
      warn.className = 'warn problem';
      warn.setAttribute('role', 'alert');
      const what = seen.problem.code === 'ambiguous_date'
        ? 'Choose the date order above: '
        : seen.problem.code === 'ambiguous_decimal' ? 'Choose the decimal separator above: ' : '';
      warn.textContent = `${what}line ${seen.problem.line}: ${seen.problem.message.replace(/: give the .*$/, '')}.`;
      out.push(warn);
    }
    explain.replaceChildren(...out);
  }

  /** Asks the core to read the top of the file again with the current choices. */
  async function inspect() {
    const id = ++asked;
    const m = await page.ask('inspect', { formats: { ...formats }, mapping: mapping() });
    if (id !== asked) return; // a newer choice is on its way
    if (m.type !== 'inspected') { page.showError(m.message ?? 'The file could not be read.'); return; }
    const seen = m.inspection;
    if (seen.columns.join('\u0000') !== columns.join('\u0000')) {
      columns = seen.columns;
      buildFields(columns);
      if (id === asked) return inspect(); // the new columns' guesses decide the date and amount read
    }
    buildPreview(seen);
    buildExplain(seen);
  }

  form.addEventListener('submit', (/** @type {Event} */ e) => {
    e.preventDefault();
    const m = mapping();
    if (!m.amount && !(m.quantity && m.unit_price)) {
      page.showError('Choose an amount column, or both quantity and unit price.');
      return;
    }
    page.importWith(m, { ...formats });
  });
  page.$('mapping-cancel').addEventListener('click', () => { form.hidden = true; });

  return {
    /** Shows the step for a file the import could not read as it is. @param {any} m the import-failed reply */
    show(m) {
      page.$('mapping-file').textContent = m.name;
      formats = {};
      zoneInput.value = '';
      for (const input of choices.querySelectorAll('input[type="radio"]')) {
        const radio = /** @type {HTMLInputElement} */ (input);
        radio.checked = radio.value === '';
      }
      columns = m.columns;
      page.$('mapping-fields').replaceChildren();
      buildFields(columns);
      buildPreview({ columns: m.columns, rows: m.preview, read: [] });
      explain.replaceChildren();
      form.hidden = false;
      form.elements.customer.focus();
      inspect();
    },
  };
}
