// @ts-check
// The structured condition editor of the simulator page (issue 20 item 1,
// docs/simulator.md "Structure editor"): a tier's `qualify` as a tree of
// any/all groups and leaves (metric, ≥ or >, threshold), with conditions and
// groups added, removed and nested — spec §3 "Conditions". Like editor.js,
// every edit is a copy handed to `apply` (validated by the core, undoable);
// the pure functions are tested in node (test/editor.test.mjs).

const groupOp = (/** @type {any} */ n) => (Array.isArray(n?.any) ? 'any' : Array.isArray(n?.all) ? 'all' : null);
const leafOp = (/** @type {any} */ n) => ('above' in n ? 'above' : 'at_least');

/** The node at a JSON pointer ('' is the root). */
export function getAt(/** @type {any} */ obj, /** @type {string} */ ptr) {
  return ptr.split('/').slice(1).reduce((o, k) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], obj);
}

/** A copy of `program` with the node at `ptr` replaced by f(a copy of that node). */
export function updateAt(/** @type {any} */ program, /** @type {string} */ ptr, /** @type {(n: any) => any} */ f) {
  const p = structuredClone(program);
  const keys = ptr.split('/').slice(1);
  const last = /** @type {string} */ (keys.pop());
  const parent = getAt(p, keys.length ? `/${keys.join('/')}` : '');
  parent[last] = f(parent[last]);
  return p;
}

/** A copy with the group at `ptr` switched to `op` ('any' or 'all'), its children kept. */
export function setGroupOp(/** @type {any} */ program, /** @type {string} */ ptr, /** @type {'any' | 'all'} */ op) {
  return updateAt(program, ptr, (n) => ({ [op]: n[/** @type {string} */ (groupOp(n))] }));
}

/** A copy with the leaf at `ptr` changed: metric, comparison or threshold (key order: metric, comparison). */
export function setLeaf(/** @type {any} */ program, /** @type {string} */ ptr, /** @type {{ metric?: string, op?: string, value?: number }} */ o) {
  return updateAt(program, ptr, (n) => {
    const op = o.op ?? leafOp(n);
    return { metric: o.metric ?? n.metric, [op]: o.value ?? n[leafOp(n)] };
  });
}

/** A new leaf like `model` (the last leaf seen), or on the first metric. */
function newLeaf(/** @type {any} */ program, /** @type {any} */ model) {
  if (model?.metric) return structuredClone(model);
  return { metric: Object.keys(program.metrics)[0], at_least: 1 };
}

/** A copy with a child added to the group at `ptr`: a leaf, or an `op` group holding one leaf. */
export function addChild(/** @type {any} */ program, /** @type {string} */ ptr, /** @type {'leaf' | 'any' | 'all'} */ what) {
  return updateAt(program, ptr, (n) => {
    const list = n[/** @type {string} */ (groupOp(n))];
    const leaf = newLeaf(program, [...list].reverse().find((x) => x.metric));
    list.push(what === 'leaf' ? leaf : { [what]: [leaf] });
    return n;
  });
}

/** A copy with the node at `ptr` nested in a new `op` group beside a second condition like it. */
export function nest(/** @type {any} */ program, /** @type {string} */ ptr, /** @type {'any' | 'all'} */ op) {
  return updateAt(program, ptr, (n) => ({ [op]: [n, newLeaf(program, n.metric ? n : null)] }));
}

/** A copy without the child at `ptr` (a group's member); a group keeps at least one. */
export function removeChild(/** @type {any} */ program, /** @type {string} */ ptr) {
  const keys = ptr.split('/');
  const i = Number(keys.pop());
  const listPtr = keys.join('/');
  if (getAt(program, listPtr).length < 2) throw new Error(`${listPtr} keeps at least one condition`);
  return updateAt(program, listPtr, (list) => { list.splice(i, 1); return list; });
}

// ------------------------------------------------------------------ DOM

/** @param {string} tag @param {Record<string, any>} [props] @param {(Node | string)[]} [kids] */
function el(tag, props = {}, kids = []) {
  const e = /** @type {any} */ (document.createElement(tag));
  for (const [k, v] of Object.entries(props)) {
    if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k === 'on') for (const [ev, f] of Object.entries(v)) e.addEventListener(ev, f);
    else if (k in e) e[k] = v;
    else e.setAttribute(k, String(v));
  }
  for (const x of kids) e.append(x);
  return e;
}

/**
 * The condition trees of every tier above the floor, for editor.js's box.
 * @param {any} program @param {(p: any) => void} apply
 */
export function conditionsPart(program, apply) {
  const part = el('div', { className: 'ed-part ed-conditions' }, [el('h4', { textContent: 'Conditions' })]);
  program.tiers.forEach((/** @type {any} */ t, /** @type {number} */ i) => {
    if (i === 0 || !t.qualify) return;
    const ptr = `/tiers/${i}/qualify`;
    const tree = el('div', { className: 'ed-tree', role: 'group', 'aria-label': `${t.name} qualifies when` },
      [el('p', { className: 'ed-tier-name', textContent: `${t.name} qualifies when` }), node(program, t.qualify, ptr, false, apply, t.name)]);
    part.append(tree);
  });
  return part;
}

const slug = (/** @type {string} */ ptr) => `ed-c${ptr.replace(/\//g, '-')}`;

/**
 * @param {any} program @param {any} n @param {string} ptr @param {boolean} removable
 * @param {(p: any) => void} apply @param {string} tierName
 */
function node(program, n, ptr, removable, apply, tierName) {
  const id = slug(ptr);
  const button = (/** @type {string} */ text, /** @type {string} */ label, /** @type {() => any} */ make, /** @type {string} */ cls = '') =>
    el('button', { type: 'button', className: `quiet ${cls}`, textContent: text, 'aria-label': label, on: { click: () => apply(make()) } });
  const remove = removable ? [button('✕', `Remove this condition of ${tierName}`, () => removeChild(program, ptr), 'ed-remove')] : [];
  const op = groupOp(n);
  if (op) {
    const sel = el('select', { id: `${id}-op`, 'aria-label': `${tierName}: any or all`,
      on: { change: () => apply(setGroupOp(program, ptr, /** @type {any} */ (sel.value))) } },
      [['any', 'any of'], ['all', 'all of']].map(([v, text]) => el('option', { value: v, textContent: text, selected: v === op })));
    const list = n[op];
    const ul = el('ul', {}, list.map((/** @type {any} */ c, /** @type {number} */ k) =>
      el('li', {}, [node(program, c, `${ptr}/${op}/${k}`, list.length > 1, apply, tierName)])));
    return el('div', { className: 'ed-group', id, dataset: { ptr } }, [
      el('div', { className: 'ed-row' }, [sel, ...remove]), ul,
      el('div', { className: 'ed-row' }, [
        button('+ condition', `${tierName}: add a condition to this group`, () => addChild(program, ptr, 'leaf'), 'ed-add-leaf'),
        button('+ group', `${tierName}: add a group to this group`, () => addChild(program, ptr, op === 'any' ? 'all' : 'any'), 'ed-add-group')])]);
  }
  const metric = el('select', { id: `${id}-metric`, 'aria-label': `${tierName}: metric`,
    on: { change: () => apply(setLeaf(program, ptr, { metric: metric.value })) } },
    Object.keys(program.metrics).map((m) => el('option', { value: m, textContent: m, selected: m === n.metric })));
  const cmp = el('select', { id: `${id}-cmp`, 'aria-label': `${tierName}: comparison`,
    on: { change: () => apply(setLeaf(program, ptr, { op: cmp.value })) } },
    [['at_least', '≥'], ['above', '>']].map(([v, text]) => el('option', { value: v, textContent: text, selected: v === leafOp(n) })));
  const value = el('input', { id: `${id}-value`, type: 'number', step: 'any', className: 'short', value: n[leafOp(n)], 'aria-label': `${tierName}: threshold`,
    on: { change: () => {
      const v = Number(value.value);
      if (value.value === '' || !Number.isFinite(v)) { value.setAttribute('aria-invalid', 'true'); return; }
      apply(setLeaf(program, ptr, { value: v }));
    } } });
  return el('div', { className: 'ed-leaf ed-row', id, dataset: { ptr } }, [metric, cmp, value,
    button('nest', `${tierName}: put this condition in a group with another`, () => nest(program, ptr, 'all'), 'ed-nest'), ...remove]);
}
