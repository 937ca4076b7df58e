// @ts-check
// Keyboard steps for the threshold sliders (issue 20): PageUp / PageDown move
// a slider by a tenth of its range (Chromium's own page step is the arrow
// step), snapped to the slider's step and kept inside its range. The change
// goes through the page's normal 'input' handler.

/** The value after a page step: a tenth of (max − min), on the step grid, clamped. */
export function pageStep(/** @type {{ min: number, max: number, step: number, value: number }} */ r, /** @type {1 | -1} */ dir) {
  const span = r.max - r.min;
  const step = r.step > 0 ? r.step : 1;
  const jump = Math.max(step, Math.round(span / 10 / step) * step);
  const raw = r.value + dir * jump;
  const snapped = r.min + Math.round((raw - r.min) / step) * step;
  const digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return Number(Math.min(r.max, Math.max(r.min, snapped)).toFixed(digits));
}

/** PageUp/PageDown on every range input inside `root`. */
export function installPageSteps(/** @type {HTMLElement} */ root) {
  root.addEventListener('keydown', (e) => {
    const el = /** @type {HTMLInputElement} */ (e.target);
    if (el.type !== 'range' || (e.key !== 'PageUp' && e.key !== 'PageDown')) return;
    e.preventDefault();
    const v = pageStep({ min: Number(el.min), max: Number(el.max), step: Number(el.step) || 1, value: Number(el.value) },
      e.key === 'PageUp' ? 1 : -1);
    if (v === Number(el.value)) return;
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
