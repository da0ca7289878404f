// The e2e tests' web server: the same small site over https (self-signed certificate
// the browsers are told to accept) and over plain http, both on 127.0.0.1. Pages load
// the page library exactly as a portal would (/kyso.js).
import { createServer as createHttps } from 'node:https';
import { createServer as createHttp } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const lib = path.join(here, '../../extension/lib');
const FILES = {
  '/kyso.js': [path.join(lib, 'kyso.js'), 'text/javascript'],
  '/kyso.mjs': [path.join(lib, 'kyso.mjs'), 'text/javascript'],
  '/': [path.join(here, 'pages/index.html'), 'text/html; charset=utf-8'],
  '/index.html': [path.join(here, 'pages/index.html'), 'text/html; charset=utf-8'],
  '/helpers.js': [path.join(here, 'pages/helpers.js'), 'text/javascript'],
  '/frame.html': [path.join(here, 'pages/frame.html'), 'text/html; charset=utf-8'],
};

async function handle(req, res) {
  const { pathname } = new URL(req.url, 'http://x');
  const entry = FILES[pathname];
  if (!entry) {
    res.writeHead(404).end('not found');
    return;
  }
  const body = await readFile(entry[0]);
  res.writeHead(200, { 'content-type': entry[1], 'cache-control': 'no-store' }).end(body);
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

// tls: {key, cert} PEM. Resolves with {httpsPort, httpPort, close()}.
export async function startTestServer(tls) {
  const secure = createHttps(tls, (q, s) => handle(q, s).catch(() => s.writeHead(500).end()));
  const plain = createHttp((q, s) => handle(q, s).catch(() => s.writeHead(500).end()));
  const [httpsPort, httpPort] = [await listen(secure), await listen(plain)];
  return {
    httpsPort,
    httpPort,
    close: () => Promise.all([secure, plain].map((s) => new Promise((r) => { s.closeAllConnections?.(); s.close(r); }))),
  };
}
