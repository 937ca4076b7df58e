// @ts-check
// Undo/redo of the candidate program on the simulator page, as in the desktop
// tuner (docs/simulator.md "Undo and redo"). Every edit — a slider, a typed
// value, a name, a removed or added tier, the raw JSON, Reset — is noted
// here; a burst of edits (one slider drag, one typed word) becomes one step
// once the page has been quiet for `settleMs`.

/**
 * Snapshot history of JSON texts. Pure (no DOM): test/undo.test.mjs drives it.
 * @param {{ limit?: number }} [o]
 */
export function createHistory({ limit = 200 } = {}) {
  /** @type {string[]} */ let undo = [];
  /** @type {string[]} */ let redo = [];
  /** @type {string | null} */ let committed = null; // the state the stacks are relative to
  return {
    /** A new starting point (a new baseline was loaded): no undo across it. */
    reset(/** @type {string} */ snapshot) { undo = []; redo = []; committed = snapshot; },
    /** The candidate now reads `snapshot`; a change from the committed state is one undo step. */
    commit(/** @type {string} */ snapshot) {
      if (committed === null) { committed = snapshot; return false; }
      if (snapshot === committed) return false;
      undo.push(committed);
      if (undo.length > limit) undo.shift();
      redo = [];
      committed = snapshot;
      return true;
    },
    /** The snapshot to go back to, or null. */
    undo() {
      const prev = undo.pop();
      if (prev === undefined || committed === null) return null;
      redo.push(committed);
      committed = prev;
      return prev;
    },
    redo() {
      const next = redo.pop();
      if (next === undefined || committed === null) return null;
      undo.push(committed);
      committed = next;
      return next;
    },
    canUndo: () => undo.length > 0,
    canRedo: () => redo.length > 0,
    depth: () => ({ undo: undo.length, redo: redo.length }),
  };
}

/**
 * The page's undo/redo: buttons, Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y, and a
 * quiet-time commit of edits.
 * @param {{ read: () => any, apply: (program: any) => void, undoButton: HTMLButtonElement,
 *   redoButton: HTMLButtonElement, settleMs?: number }} o
 *   read: the candidate now (null when none); apply: make a program the candidate (form, JSON, results).
 */
export function createUndo({ read, apply, undoButton, redoButton, settleMs = 400 }) {
  const history = createHistory();
  /** @type {number | undefined} */ let timer;
  const snap = () => { const c = read(); return c ? JSON.stringify(c) : null; };
  const refresh = () => {
    undoButton.disabled = !history.canUndo() && timer === undefined;
    redoButton.disabled = !history.canRedo();
  };
  const flush = () => {
    if (timer !== undefined) { clearTimeout(timer); timer = undefined; }
    const s = snap();
    if (s !== null) history.commit(s);
    refresh();
  };
  const go = (/** @type {'undo' | 'redo'} */ way) => {
    flush();
    const s = way === 'undo' ? history.undo() : history.redo();
    if (s !== null) apply(JSON.parse(s));
    refresh();
  };
  undoButton.addEventListener('click', () => go('undo'));
  redoButton.addEventListener('click', () => go('redo'));
  document.addEventListener('keydown', (e) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
    const key = e.key.toLowerCase();
    const isUndo = key === 'z' && !e.shiftKey;
    const isRedo = (key === 'z' && e.shiftKey) || (key === 'y' && !e.shiftKey);
    if (!isUndo && !isRedo) return;
    // The raw JSON keeps the text editor's own undo (character by character).
    if (/** @type {HTMLElement} */ (e.target)?.id === 'json') return;
    e.preventDefault();
    go(isUndo ? 'undo' : 'redo');
  });
  return {
    /** The candidate changed by an edit: one step once the page is quiet. */
    edited() {
      if (timer !== undefined) clearTimeout(timer);
      timer = window.setTimeout(() => { timer = undefined; flush(); }, settleMs);
      refresh();
    },
    /** A new baseline: history starts again. */
    reset() {
      if (timer !== undefined) { clearTimeout(timer); timer = undefined; }
      history.reset(snap() ?? '');
      refresh();
    },
    /** Pending commit (for the page's idle check). */
    pending: () => timer !== undefined,
    history,
  };
}
