// @ts-check
// Where a JSON pointer (RFC 6901) points in JSON text: the core names a bad
// program's place as a pointer ("/tiers/2/qualify/any/0/above"); the editor
// turns it into a text range, a line and a column to select and show.

/**
 * @param {string} text @param {string} pointer
 * @returns {{ start: number, end: number, line: number, column: number } | null}
 *   the value at the pointer (or, for a missing key, the object that lacks it)
 */
export function locatePointer(text, pointer) {
  const path = pointer === '' || pointer === '/' ? [] : pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let i = 0;
  const ws = () => { while (i < text.length && /\s/.test(text[i])) i++; };
  const skipString = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
  };
  const readString = () => {
    const s = i;
    skipString();
    try { return JSON.parse(text.slice(s, i)); } catch { return text.slice(s + 1, i - 1); }
  };
  /** Skips one value; returns false on malformed text. */
  const skipValue = () => {
    ws();
    const c = text[i];
    if (c === '"') { skipString(); return true; }
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) { i++; return true; }
      for (;;) {
        if (c === '{') { ws(); if (text[i] !== '"') return false; skipString(); ws(); if (text[i] !== ':') return false; i++; }
        if (!skipValue()) return false;
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === close) { i++; return true; }
        return false;
      }
    }
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) return false;
    i += m[0].length;
    return true;
  };
  const at = (/** @type {number} */ s, /** @type {number} */ e) => {
    const before = text.slice(0, s).split('\n');
    return { start: s, end: e, line: before.length, column: before[before.length - 1].length + 1 };
  };

  ws();
  for (const key of path) {
    ws();
    const start = i;
    if (text[i] === '{') {
      i++;
      let found = false;
      for (;;) {
        ws();
        if (text[i] === '}') break;
        if (text[i] !== '"') return null;
        const k = readString();
        ws();
        if (text[i] !== ':') return null;
        i++;
        ws();
        if (k === key) { found = true; break; }
        if (!skipValue()) return null;
        ws();
        if (text[i] === ',') i++;
      }
      if (!found) { i = start; skipValue(); return at(start, i); }
    } else if (text[i] === '[') {
      i++;
      const want = Number(key);
      let n = 0;
      ws();
      while (n < want) {
        if (text[i] === ']') { i = start; skipValue(); return at(start, i); }
        if (!skipValue()) return null;
        ws();
        if (text[i] === ',') i++;
        ws();
        n++;
      }
      if (text[i] === ']') { i = start; skipValue(); return at(start, i); }
    } else {
      return null;
    }
  }
  ws();
  const s = i;
  if (!skipValue()) return null;
  return at(s, i);
}

/** Offset of a 1-based line and column. */
export function offsetOf(/** @type {string} */ text, /** @type {number} */ line, /** @type {number} */ column) {
  let off = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', off);
    if (nl < 0) return text.length;
    off = nl + 1;
  }
  return Math.min(text.length, off + Math.max(0, column - 1));
}
