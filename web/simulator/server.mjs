// A tiny static file server for build/wasm/dist, on 127.0.0.1 only: used by
// scripts/serve (the demo) and by the simulator's browser tests. No
// dependencies. Every response says `Cache-Control: no-cache` so a rebuilt
// page is picked up; .wasm is served as application/wasm (streaming compile).
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8', '.md': 'text/plain; charset=utf-8', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.gz': 'application/gzip', '.ts': 'text/plain; charset=utf-8',
};

/**
 * Serves `root` on 127.0.0.1:`port` (0 = any free port).
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export function serve(root, { port = 0, log = false } = {}) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let file = normalize(join(base, decodeURIComponent(url.pathname)));
      if (file !== base && !file.startsWith(base + sep)) return void res.writeHead(403).end('forbidden');
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        if (!url.pathname.endsWith('/')) return void res.writeHead(301, { location: url.pathname + '/' + url.search }).end();
        file = join(file, 'index.html');
        info = await stat(file).catch(() => null);
      }
      if (!info?.isFile() && url.pathname === '/') {
        // No index at the root of dist: point at the two pages.
        return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' }).end(
          '<!doctype html><html lang="en"><meta charset="utf-8"><title>Tierlab</title><h1>Tierlab</h1><ul>' +
          '<li><a href="simulator/">What-if simulator</a></li><li><a href="storefront/">Storefront demo</a></li></ul></html>');
      }
      if (!info?.isFile()) {
        if (log) console.log(`404 ${req.method} ${url.pathname}`);
        return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-length': info.size,
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
      if (req.method === 'HEAD') return void res.end();
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(500).end();
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      const p = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
      ok({ url: `http://127.0.0.1:${p}`, port: p, close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }) });
    });
  });
}

// `node web/simulator/server.mjs ROOT [PORT]`: serve until Ctrl-C (scripts/serve).
if (import.meta.url === `file://${process.argv[1]}`) {
  const [root = 'build/wasm/dist', wanted = '8080'] = process.argv.slice(2);
  let server = null;
  for (let port = Number(wanted); !server && port < Number(wanted) + 20; port++) {
    server = await serve(root, { port }).catch((e) => (e.code === 'EADDRINUSE' ? null : Promise.reject(e)));
  }
  if (!server) server = await serve(root, { port: 0 });
  const { url } = server;
  console.log(`Serving ${resolve(root)} on ${url} (127.0.0.1 only)`);
  console.log(`  What-if simulator:  ${url}/simulator/`);
  console.log(`  Storefront demo:    ${url}/storefront/`);
  console.log('Press Ctrl-C to stop.');
  const stop = () => server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
