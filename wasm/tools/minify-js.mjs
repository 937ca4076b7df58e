// Minifies one of the widget's hand-written ES modules for dist/ with terser
// (an npm devDependency of wasm/, installed by wasm/CMakeLists.txt at
// configure time): comments and whitespace dropped, local names shortened.
// Exports and custom-element names are kept (module mode mangles only what
// the module does not export). The sources in widget/src and wasm/js stay
// readable; only dist/ is minified, because the widget's gzipped payload
// has a ceiling (docs/performance.md).
// usage: node minify-js.mjs IN OUT
import { readFileSync, writeFileSync } from 'node:fs';
import { minify } from 'terser';

const [input, output] = process.argv.slice(2);
const result = await minify(readFileSync(input, 'utf8'), {
  module: true,
  ecma: 2020,
  compress: { passes: 2 },
  mangle: true,
  format: { comments: false },
});
writeFileSync(output, result.code + '\n');
