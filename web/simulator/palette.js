// @ts-check
// The tier palette of the simulator page. The same colours, in the same
// order, are the storefront widget's defaults (--tierlab-tier-0 … 4 in
// widget/src/tierlab-progress.js) and the desktop tuner's kTierPalette
// (desktop/src/tuner_state.hpp); test/palette.test.mjs fails when any of the
// three drifts. Tier i takes colour i mod 5 (docs/desktop.md "Tier colours").

/** Colours per tier position: dark enough for white text (≥ 4.5:1) and for lines on white. */
export const TIER_PALETTE = Object.freeze(['#80522a', '#55606f', '#7a5d00', '#4a3d8f', '#1d6b58']);
/** Not enrolled (tables and the tuner). */
export const NOT_ENROLLED = '#969696';

export const tierColor = (/** @type {number} */ i) => TIER_PALETTE[((i % TIER_PALETTE.length) + TIER_PALETTE.length) % TIER_PALETTE.length];

/** The CSS custom properties --t0 … --t7 (swatches) from the palette, so the stylesheet holds no second copy. */
export function applyPalette(/** @type {HTMLElement} */ root = document.documentElement) {
  for (let i = 0; i < 8; i++) root.style.setProperty(`--t${i}`, tierColor(i));
}
