// @ts-check
// Hand-written SVG charts (docs/simulator.md says why: four small chart
// shapes, exact labels, no dependency, CSP-clean, < 1 ms to redraw).
// Each function returns SVG markup for a container's innerHTML; every value
// passed in is a number or escaped text. Charts carry role="img", a <title>
// and a <desc>; the page shows the exact figures in tables beside them.

import { TIER_PALETTE, tierColor } from './palette.js';

/** Colours per tier index: the one palette of every face (palette.js). */
export const TIER_COLORS = TIER_PALETTE;
export { tierColor };

/**
 * The width, in SVG units, charts are drawn at: the container's CSS width
 * below 640 px (phones), so that 11–12.5 px text stays 11–12.5 px on screen;
 * 640 (scaled to fit) above.
 */
let layoutWidth = 640;
export function setChartWidth(/** @type {number} */ px) {
  if (!(px > 0)) return false; // hidden or not laid out (content-visibility): keep the last width
  const w = Math.round(Math.max(300, Math.min(640, px)));
  const changed = w !== layoutWidth;
  layoutWidth = w;
  return changed;
}
export const chartWidth = () => layoutWidth;
const narrow = () => layoutWidth < 480;

export const esc = (/** @type {any} */ s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * "Nice" axis ticks covering [lo, hi]. minStep 1 for whole-number data (counts,
 * purchases): a step below it would print the same label twice ("1 1 1 0 0").
 */
export function niceTicks(/** @type {number} */ lo, /** @type {number} */ hi, count = 5, minStep = 0) {
  if (!(hi > lo)) hi = lo + 1;
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(minStep, [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag);
  const first = Math.floor(lo / step) * step;
  const ticks = [];
  for (let v = first; v <= hi + step * 1e-9; v += step) ticks.push(Math.round(v / step) * step);
  if (ticks[ticks.length - 1] < hi) ticks.push(ticks[ticks.length - 1] + step);
  return ticks;
}

const whole = (/** @type {number[]} */ v) => v.every((x) => Number.isInteger(x));

/** A stable id per title, so that an unchanged chart renders to the same markup. */
function idOf(/** @type {string} */ s) {
  let h = 5381;
  for (let i = 0; i < s.length; i++) h = ((h * 33) ^ s.charCodeAt(i)) >>> 0;
  return `chart-${h.toString(36)}`;
}
function frame(/** @type {number} */ w, /** @type {number} */ h, /** @type {string} */ title, /** @type {string} */ desc,
  /** @type {string} */ body) {
  const id = idOf(title);
  return `<svg viewBox="0 0 ${w} ${h}" width="100%" role="img" aria-labelledby="${id}-t ${id}-d" preserveAspectRatio="xMidYMid meet">` +
    `<title id="${id}-t">${esc(title)}</title><desc id="${id}-d">${esc(desc)}</desc>${body}</svg>`;
}

/**
 * Tier counts, baseline vs candidate: one row per tier, two horizontal bars
 * with their counts and shares written at the end.
 * @param {{ tiers: string[], baseline: number[], candidate: (number | null)[], total: number,
 *   fmt: (n: number) => string, pct: ((x: number) => string) | null, axisLabel: string, title: string }} d
 */
export function tierBars(d) {
  const w = layoutWidth, rowH = 46, top = 8, left = narrow() ? 78 : 104, right = narrow() ? 132 : 150;
  const h = top + d.tiers.length * rowH + (narrow() ? 44 : 28);
  const max = Math.max(1, ...d.baseline, ...d.candidate.map((x) => x ?? 0));
  const scale = (/** @type {number} */ v) => ((w - left - right) * v) / max;
  let body = '';
  d.tiers.forEach((name, i) => {
    const y = top + i * rowH;
    const b = d.baseline[i] ?? 0, c = d.candidate[i];
    body += `<text x="${left - 10}" y="${y + 22}" text-anchor="end" class="lbl strong">${esc(name)}</text>`;
    body += `<rect x="${left}" y="${y + 4}" width="${Math.max(1, scale(b)).toFixed(1)}" height="16" class="bar-base"/>`;
    const share = (/** @type {number} */ v) => (d.pct ? ` · ${d.pct(v / Math.max(1, d.total))}` : '');
    body += `<text x="${left + scale(b) + 6}" y="${y + 16.5}" class="val">${esc(d.fmt(b))}${esc(share(b))} baseline</text>`;
    if (c !== null && c !== undefined) {
      body += `<rect x="${left}" y="${y + 22}" width="${Math.max(1, scale(c)).toFixed(1)}" height="16" fill="${tierColor(i)}"/>`;
      const delta = c - b;
      const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
      body += `<text x="${left + scale(c) + 6}" y="${y + 34.5}" class="val strong">${esc(d.fmt(c))}${esc(share(c))} (${sign}${esc(d.fmt(Math.abs(delta)))})</text>`;
    }
  });
  const axisY = top + d.tiers.length * rowH + 4;
  body += `<line x1="${left}" x2="${left}" y1="${top}" y2="${axisY}" class="axis"/>`;
  body += `<rect x="${left}" y="${axisY + 10}" width="12" height="10" class="bar-base"/><text x="${left + 17}" y="${axisY + 19}" class="val">baseline</text>`;
  body += `<rect x="${left + 90}" y="${axisY + 10}" width="12" height="10" fill="${tierColor(1)}"/><text x="${left + 107}" y="${axisY + 19}" class="val">candidate (bar colour = tier)</text>`;
  body += narrow() ? `<text x="${left}" y="${axisY + 36}" class="val">${esc(d.axisLabel)}</text>`
    : `<text x="${w - 4}" y="${axisY + 19}" text-anchor="end" class="val">${esc(d.axisLabel)}</text>`;
  const desc = d.tiers.map((n, i) => `${n}: ${d.fmt(d.baseline[i] ?? 0)} baseline, ${d.candidate[i] === null ? 'n/a' : d.fmt(d.candidate[i] ?? 0)} candidate`).join('; ');
  return frame(w, h, d.title, desc, body);
}

/**
 * Lines over a numeric x axis (the sweep): one series per tier, a marker at
 * the current value, labels at the right end of each line.
 * @param {{ x: number[], series: { name: string, values: number[], color: string }[], marker?: number | null,
 *   markerLabel?: string, xLabel: string, yLabel: string, fmtX: (n: number) => string, fmtY: (n: number) => string,
 *   title: string }} d
 */
export function lineChart(d) {
  const w = layoutWidth, h = 300, l = narrow() ? 60 : 64, r = narrow() ? 104 : 118, t = 14, b = 46;
  const x0 = d.x[0] ?? 0, x1 = d.x[d.x.length - 1] ?? 1;
  const ymax = Math.max(1, ...d.series.flatMap((s) => s.values));
  const yt = niceTicks(0, ymax, 5, d.series.every((s) => whole(s.values)) ? 1 : 0);
  const ytop = yt[yt.length - 1];
  const X = (/** @type {number} */ v) => l + ((w - l - r) * (v - x0)) / Math.max(1e-9, x1 - x0);
  const Y = (/** @type {number} */ v) => t + (h - t - b) * (1 - v / ytop);
  let body = '';
  for (const v of yt) body += `<line x1="${l}" x2="${w - r}" y1="${Y(v).toFixed(1)}" y2="${Y(v).toFixed(1)}" class="grid"/>` +
    `<text x="${l - 6}" y="${(Y(v) + 4).toFixed(1)}" text-anchor="end" class="tick">${esc(d.fmtY(v))}</text>`;
  const xCount = Math.max(2, Math.min(6, Math.floor((w - l - r) / 64)));
  const xt = niceTicks(x0, x1, xCount, whole(d.x) ? 1 : 0).filter((v) => v >= x0 - 1e-9 && v <= x1 + 1e-9);
  for (const v of xt) body += `<line x1="${X(v).toFixed(1)}" x2="${X(v).toFixed(1)}" y1="${h - b}" y2="${h - b + 5}" class="axis"/>` +
    `<text x="${X(v).toFixed(1)}" y="${h - b + 18}" text-anchor="middle" class="tick">${esc(d.fmtX(v))}</text>`;
  body += `<line x1="${l}" x2="${w - r}" y1="${h - b}" y2="${h - b}" class="axis"/>`;
  body += `<text x="${(l + w - r) / 2}" y="${h - 6}" text-anchor="middle" class="lbl">${esc(d.xLabel)}</text>`;
  body += `<text x="14" y="${(t + h - b) / 2}" text-anchor="middle" class="lbl" transform="rotate(-90 14 ${(t + h - b) / 2})">${esc(d.yLabel)}</text>`;
  if (d.marker !== null && d.marker !== undefined && d.marker >= x0 && d.marker <= x1) {
    const mx = X(d.marker).toFixed(1);
    body += `<line x1="${mx}" x2="${mx}" y1="${t}" y2="${h - b}" class="marker"/>` +
      `<text x="${mx}" y="${t + 10}" dx="4" class="val strong">${esc(d.markerLabel ?? '')}</text>`;
  }
  // Right-end labels, nudged apart so they never overlap.
  const ends = d.series.map((s) => ({ s, y: Y(s.values[s.values.length - 1] ?? 0) })).sort((a, c) => a.y - c.y);
  for (let i = 1; i < ends.length; i++) if (ends[i].y - ends[i - 1].y < 13) ends[i].y = ends[i - 1].y + 13;
  const floor = h - b - 4;
  for (let i = ends.length - 1; i >= 0; i--) {
    const limit = i === ends.length - 1 ? floor : ends[i + 1].y - 13;
    if (ends[i].y > limit) ends[i].y = limit;
  }
  for (const { s, y } of ends) {
    const pts = s.values.map((v, i) => `${X(d.x[i]).toFixed(1)},${Y(v).toFixed(1)}`).join(' ');
    body += `<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="2.2" stroke-linejoin="round"/>`;
    body += `<text x="${w - r + 6}" y="${(y + 4).toFixed(1)}" class="val strong" fill="${s.color}">${esc(s.name)} ${esc(d.fmtY(s.values[s.values.length - 1] ?? 0))}</text>`;
  }
  const desc = d.series.map((s) => `${s.name} from ${d.fmtY(s.values[0] ?? 0)} to ${d.fmtY(s.values[s.values.length - 1] ?? 0)}`).join('; ');
  return frame(w, h, d.title, desc, body);
}

/**
 * Stacked columns per step (the replay): customers per tier on each date.
 * @param {{ labels: string[], tiers: string[], counts: number[][], yLabel: string, fmtY: (n: number) => string,
 *   title: string }} d
 */
export function stackedColumns(d) {
  const w = layoutWidth, h = 280, l = narrow() ? 60 : 64, r = narrow() ? 96 : 110, t = 14, b = 44;
  const totals = d.counts.map((c) => c.reduce((a, v) => a + v, 0));
  const yt = niceTicks(0, Math.max(1, ...totals), 5, whole(totals) ? 1 : 0);
  const ytop = yt[yt.length - 1];
  const n = Math.max(1, d.labels.length);
  const slot = (w - l - r) / n;
  const bw = Math.max(2, Math.min(38, slot * 0.72));
  const Y = (/** @type {number} */ v) => t + (h - t - b) * (1 - v / ytop);
  let body = '';
  for (const v of yt) body += `<line x1="${l}" x2="${w - r}" y1="${Y(v).toFixed(1)}" y2="${Y(v).toFixed(1)}" class="grid"/>` +
    `<text x="${l - 6}" y="${(Y(v) + 4).toFixed(1)}" text-anchor="end" class="tick">${esc(d.fmtY(v))}</text>`;
  const every = Math.max(1, Math.ceil(52 / slot)); // a label per ~52 px, never overlapping
  d.counts.forEach((c, i) => {
    const x = l + slot * i + (slot - bw) / 2;
    let acc = 0;
    c.forEach((v, k) => {
      if (v <= 0) return;
      const y1 = Y(acc + v), y0 = Y(acc);
      body += `<rect x="${x.toFixed(1)}" y="${y1.toFixed(1)}" width="${bw.toFixed(1)}" height="${Math.max(0.5, y0 - y1).toFixed(1)}" fill="${tierColor(k)}"><title>${esc(d.labels[i])} · ${esc(d.tiers[k])}: ${esc(d.fmtY(v))}</title></rect>`;
      acc += v;
    });
    if (i % every === 0) body += `<text x="${(x + bw / 2).toFixed(1)}" y="${h - b + 16}" text-anchor="middle" class="tick">${esc(d.labels[i])}</text>`;
  });
  body += `<line x1="${l}" x2="${w - r}" y1="${h - b}" y2="${h - b}" class="axis"/>`;
  body += `<text x="14" y="${(t + h - b) / 2}" text-anchor="middle" class="lbl" transform="rotate(-90 14 ${(t + h - b) / 2})">${esc(d.yLabel)}</text>`;
  // Legend, top tier first (as stacked).
  d.tiers.slice().reverse().forEach((name, j) => {
    const k = d.tiers.length - 1 - j;
    body += `<rect x="${w - r + 12}" y="${t + j * 18}" width="11" height="11" fill="${tierColor(k)}"/>` +
      `<text x="${w - r + 28}" y="${t + j * 18 + 10}" class="val">${esc(name)}</text>`;
  });
  const last = d.counts.length - 1;
  const desc = last >= 0 ? `${d.labels[last]}: ` + d.tiers.map((name, k) => `${name} ${d.fmtY(d.counts[last][k] ?? 0)}`).join(', ') : 'no steps';
  return frame(w, h, d.title, desc, body);
}

/**
 * Rates over dates, two series (baseline dashed, candidate solid), 0–max %.
 * @param {{ labels: string[], baseline: number[], candidate: number[], title: string, fmtY: (n: number) => string }} d
 */
export function rateLines(d) {
  const w = layoutWidth, h = 200, l = narrow() ? 60 : 64, r = narrow() ? 96 : 110, t = 12, b = 40;
  const ymax = Math.max(0.01, ...d.baseline, ...d.candidate);
  const yt = niceTicks(0, ymax, 4);
  const ytop = yt[yt.length - 1];
  const n = Math.max(1, d.labels.length);
  const slot = (w - l - r) / n;
  const X = (/** @type {number} */ i) => l + slot * i + slot / 2;
  const Y = (/** @type {number} */ v) => t + (h - t - b) * (1 - v / ytop);
  let body = '';
  for (const v of yt) body += `<line x1="${l}" x2="${w - r}" y1="${Y(v).toFixed(1)}" y2="${Y(v).toFixed(1)}" class="grid"/>` +
    `<text x="${l - 6}" y="${(Y(v) + 4).toFixed(1)}" text-anchor="end" class="tick">${esc(d.fmtY(v))}</text>`;
  const every = Math.max(1, Math.ceil(52 / slot));
  d.labels.forEach((lab, i) => {
    if (i % every === 0) body += `<text x="${X(i).toFixed(1)}" y="${h - b + 16}" text-anchor="middle" class="tick">${esc(lab)}</text>`;
  });
  body += `<line x1="${l}" x2="${w - r}" y1="${h - b}" y2="${h - b}" class="axis"/>`;
  const line = (/** @type {number[]} */ v) => v.map((y, i) => `${X(i).toFixed(1)},${Y(y).toFixed(1)}`).join(' ');
  body += `<polyline points="${line(d.baseline)}" fill="none" class="line-base"/>`;
  body += `<polyline points="${line(d.candidate)}" fill="none" class="line-cand"/>`;
  d.candidate.forEach((v, i) => { body += `<circle cx="${X(i).toFixed(1)}" cy="${Y(v).toFixed(1)}" r="2.6" class="dot-cand"><title>${esc(d.labels[i])}: ${esc(d.fmtY(v))} candidate, ${esc(d.fmtY(d.baseline[i] ?? 0))} baseline</title></circle>`; });
  body += `<line x1="${w - r + 10}" x2="${w - r + 30}" y1="${t + 6}" y2="${t + 6}" class="line-cand"/><text x="${w - r + 35}" y="${t + 10}" class="val">candidate</text>`;
  body += `<line x1="${w - r + 10}" x2="${w - r + 30}" y1="${t + 24}" y2="${t + 24}" class="line-base"/><text x="${w - r + 35}" y="${t + 28}" class="val">baseline</text>`;
  body += `<text x="14" y="${(t + h - b) / 2}" text-anchor="middle" class="lbl" transform="rotate(-90 14 ${(t + h - b) / 2})">% advancing</text>`;
  const avg = (/** @type {number[]} */ v) => v.reduce((a, x) => a + x, 0) / Math.max(1, v.length);
  return frame(w, h, d.title, `mean ${d.fmtY(avg(d.candidate))} candidate, ${d.fmtY(avg(d.baseline))} baseline`, body);
}
