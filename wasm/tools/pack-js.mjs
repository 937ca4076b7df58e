// Shrinks a hand-written ES module for dist/ without a bundler: drops lines
// that are only a // comment or part of a /** ... */ block, a line's
// trailing // comment (where that is safe to tell), leading indentation and
// blank lines. Safe for files written by this project's
// convention: comments on their own lines are whole-line; no multi-line
// string but CSS (whose indentation is insignificant).
// usage: node pack-js.mjs IN OUT
import { readFileSync, writeFileSync } from 'node:fs';

// `code; // why` -> `code;`, only where the code before ' // ' has no
// slash, no backtick and whole quotes (so the ' // ' is not in a string,
// template or regex).
function withoutTrailingComment(line) {
  const at = line.indexOf(' // ');
  if (at < 0) return line;
  const code = line.slice(0, at);
  const count = (c) => code.split(c).length - 1;
  if (/[/`]/.test(code) || count("'") % 2 || count('"') % 2) return line;
  return code.trimEnd();
}

const [input, output] = process.argv.slice(2);
const out = [];
let inDoc = false;
for (const raw of readFileSync(input, 'utf8').split('\n')) {
  const line = raw.trim();
  if (inDoc) {
    if (line.endsWith('*/')) inDoc = false;
    continue;
  }
  if (line.startsWith('/**') || line.startsWith('/*')) {
    if (!line.endsWith('*/')) inDoc = true;
    continue;
  }
  if (line === '' || line.startsWith('//')) continue;
  out.push(withoutTrailingComment(line));
}
writeFileSync(output, `// ${input.split('/').pop()} (packed; source in the Tierlab repository)\n${out.join('\n')}\n`);
