// @ts-check
// Points rules and engagement scores in the simulator's structure editor
// (issue 20 item 1, docs/simulator.md "Structure editor"; spec §4): rate per
// currency unit, points per event kind, point value, expiry, rewards. Every
// field carries its JSON pointer (data-ptr) so the core's located error shows
// beside it; edits are copies handed to `apply` (validated, undoable).

/** The block a program gets when points are switched on (every key optional in spec §4). */
export const DEFAULT_POINTS = { per_currency_unit: 1, value: { points: 100, money: 1 } };

/** A copy with points.<path...> set to `value` (undefined removes the key); the block is created if missing. */
export function setPoints(/** @type {any} */ program, /** @type {string[]} */ path, /** @type {any} */ value) {
  const p = structuredClone(program);
  let o = (p.points ??= {});
  for (const k of path.slice(0, -1)) o = (o[k] ??= {});
  const last = /** @type {string} */ (path[path.length - 1]);
  if (value === undefined) delete o[last]; else o[last] = value;
  return p;
}

/** A copy with points switched on (DEFAULT_POINTS) or off (the block removed). */
export function togglePoints(/** @type {any} */ program, /** @type {boolean} */ on) {
  const p = structuredClone(program);
  if (on) p.points ??= structuredClone(DEFAULT_POINTS); else delete p.points;
  return p;
}

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

/** A number field; `set(n | undefined)` gets the typed number (empty = undefined when `optional`). */
function numberField(/** @type {string} */ id, /** @type {string} */ label, /** @type {string} */ ptr, /** @type {any} */ value,
  /** @type {(v: number | undefined) => void} */ set, optional = false) {
  const input = el('input', { id, type: 'number', step: 'any', min: 0, className: 'short', value: value ?? '', placeholder: optional ? 'none' : '',
    on: { change: () => {
      if (input.value === '' && optional) { set(undefined); return; }
      const v = Number(input.value);
      if (input.value === '' || !Number.isFinite(v)) { input.setAttribute('aria-invalid', 'true'); return; }
      set(v);
    } } });
  return el('div', { className: 'field', dataset: { ptr } }, [el('label', { htmlFor: id, textContent: label }), input]);
}

/**
 * Rows of name → points (engagement scores, per-event points): each row a
 * name and a number, with remove; plus an add button.
 * @param {string} id @param {string} title @param {string} ptr
 * @param {Record<string, number>} map @param {(m: Record<string, number> | undefined) => void} set
 */
function mapPart(id, title, ptr, map, set) {
  const rows = Object.entries(map ?? {});
  const box = el('div', { className: 'ed-map', id }, [el('p', { className: 'ed-tier-name', textContent: title })]);
  rows.forEach(([k, v], i) => {
    const put = (/** @type {string} */ key, /** @type {number} */ val) =>
      set(Object.fromEntries(rows.map(([k2, v2], j) => (j === i ? [key, val] : [k2, v2]))));
    const name = el('input', { id: `${id}-${i}-kind`, value: k, className: 'short', 'aria-label': `${title}: kind ${i + 1}`,
      on: { change: () => { if (name.value.trim()) put(name.value.trim(), v); } } });
    const pts = el('input', { id: `${id}-${i}-points`, type: 'number', step: 1, className: 'short', value: v, 'aria-label': `${title}: points for ${k}`,
      on: { change: () => { if (pts.value !== '') put(k, Number(pts.value)); } } });
    const rm = el('button', { type: 'button', className: 'quiet', textContent: '✕', 'aria-label': `${title}: remove ${k}`,
      on: { click: () => { const m = Object.fromEntries(rows.filter((_, j) => j !== i)); set(Object.keys(m).length ? m : undefined); } } });
    box.append(el('div', { className: 'ed-row field', dataset: { ptr: `${ptr}/${k}` } }, [name, pts, rm]));
  });
  let fresh = 'visit', n = 2;
  while (rows.some(([k]) => k === fresh)) fresh = `visit_${n++}`;
  box.append(el('button', { type: 'button', className: 'quiet', id: `${id}-add`, textContent: '+ kind',
    on: { click: () => set({ ...(map ?? {}), [fresh]: 1 }) } }));
  return box;
}

/** The points rules and engagement scores, for editor.js's box. @param {any} program @param {(p: any) => void} apply */
export function pointsPart(program, apply) {
  const part = el('div', { className: 'ed-part ed-points' }, [el('h4', { textContent: 'Points and engagement' })]);
  part.append(mapPart('ed-engagement', 'Engagement scores (for engagement_points)', '/engagement', program.engagement,
    (m) => { const p = structuredClone(program); if (m) p.engagement = m; else delete p.engagement; apply(p); }));
  const on = el('input', { type: 'checkbox', id: 'ed-points-on', checked: !!program.points,
    on: { change: () => apply(togglePoints(program, on.checked)) } });
  part.append(el('div', { className: 'field check' }, [el('label', {}, [on, ' Points program'])]));
  const pts = program.points;
  if (!pts) return part;
  const grid = el('div', { className: 'ed-row' }, [
    numberField('ed-points-rate', `Points per 1 ${program.currency ?? ''} spent`, '/points/per_currency_unit', pts.per_currency_unit,
      (v) => apply(setPoints(program, ['per_currency_unit'], v))),
    numberField('ed-points-value-points', 'Value: points', '/points/value/points', pts.value?.points,
      (v) => apply(setPoints(program, ['value'], { points: v, money: pts.value?.money ?? 1 }))),
    numberField('ed-points-value-money', `… are worth (${program.currency ?? 'money'})`, '/points/value/money', pts.value?.money,
      (v) => apply(setPoints(program, ['value'], { points: pts.value?.points ?? 100, money: v }))),
    numberField('ed-points-expiry', 'Expire after (days)', '/points/expire_after_days', pts.expire_after_days,
      (v) => apply(setPoints(program, ['expire_after_days'], v)), true)]);
  part.append(grid);
  part.append(mapPart('ed-per-event', 'Points per event', '/points/per_event', pts.per_event,
    (m) => apply(setPoints(program, ['per_event'], m))));
  const rewards = el('div', { className: 'ed-map', id: 'ed-rewards' }, [el('p', { className: 'ed-tier-name', textContent: 'Rewards' })]);
  const list = pts.rewards ?? [];
  const setRewards = (/** @type {any[]} */ r) => apply(setPoints(program, ['rewards'], r.length ? r : undefined));
  list.forEach((/** @type {any} */ r, /** @type {number} */ i) => {
    const name = el('input', { id: `ed-reward-${i}-name`, value: r.name, 'aria-label': `Reward ${i + 1}: name`,
      on: { change: () => setRewards(list.map((/** @type {any} */ x, /** @type {number} */ j) => (j === i ? { ...x, name: name.value } : x))) } });
    const cost = el('input', { id: `ed-reward-${i}-points`, type: 'number', step: 1, className: 'short', value: r.points, 'aria-label': `Reward ${i + 1}: points`,
      on: { change: () => setRewards(list.map((/** @type {any} */ x, /** @type {number} */ j) => (j === i ? { ...x, points: Number(cost.value) } : x))) } });
    const rm = el('button', { type: 'button', className: 'quiet', textContent: '✕', 'aria-label': `Remove reward ${r.name}`,
      on: { click: () => setRewards(list.filter((/** @type {any} */ _, /** @type {number} */ j) => j !== i)) } });
    rewards.append(el('div', { className: 'ed-row field', dataset: { ptr: `/points/rewards/${i}` } }, [name, cost, el('span', { className: 'unit', textContent: 'points' }), rm]));
  });
  rewards.append(el('button', { type: 'button', className: 'quiet', id: 'ed-reward-add', textContent: '+ reward',
    on: { click: () => setRewards([...list, { name: 'New reward', points: 500 }]) } }));
  part.append(rewards);
  return part;
}
