// The kyso demo portal: a citizen's and an official's flow on a local site, and the official
// document workflow of Nghị định 30/2020 (workflow.mjs: a PDF signed by three leaders and the
// clerk, each with their own token). No dependencies. It issues login challenges and verifies
// the web-eid:1.0 tokens and the document signatures the browser brings back, with node's crypto.
//
//   node extension/demo/server.mjs --trust ROOT.pem [--intermediates CHAIN.pem]
//        [--port 8089] [--tls-key KEY --tls-cert CERT]
//
// Over plain http on 127.0.0.1, kyso's developer setting must be on (extension options)
// and kyso-host's allowInsecureLocalhost too. With --tls-* it serves https instead.
import { createServer as createHttp } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parsePemCertificates, verifyAuthToken, verifyDocumentSignature } from './verify-token.mjs';
import { workflowRoutes } from './workflow.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const STATIC = {
  '/': ['public/index.html', 'text/html; charset=utf-8'],
  '/app.js': ['public/app.js', 'text/javascript; charset=utf-8'],
  '/i18n.js': ['public/i18n.js', 'text/javascript; charset=utf-8'],
  '/workflow.js': ['public/workflow.js', 'text/javascript; charset=utf-8'],
  '/style.css': ['public/style.css', 'text/css; charset=utf-8'],
  '/kyso.js': ['../lib/kyso.js', 'text/javascript; charset=utf-8'],
};
const CHALLENGE_LIFETIME_MS = 5 * 60 * 1000;

// Vietnam time (UTC+07:00, no daylight saving), written with its offset.
const vietnamTime = () => new Date(Date.now() + 7 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, '+07:00');

// The documents each role signs (what a portal's server would prepare).
const DOCUMENTS = {
  citizen: (name) => `TỜ KHAI ĐĂNG KÝ THƯỜNG TRÚ\nNgười khai: ${name}\nNgày khai: ${vietnamTime()}\nMã hồ sơ: ${randomUUID()}\n`,
  official: (name) => `CÔNG VĂN SỐ ${Math.floor(Math.random() * 900) + 100}/STTTT-VP\nV/v triển khai chữ ký số chuyên dùng\nNgười ký: ${name}\nNgày ký: ${vietnamTime()}\n`,
};

export async function startDemoServer({ port = 8089, host = '127.0.0.1', trust, intermediates, tls } = {}) {
  const roots = parsePemCertificates(readFileSync(trust, 'utf8'));
  const chain = intermediates ? parsePemCertificates(readFileSync(intermediates, 'utf8')) : [];
  const challenges = new Map(); // nonce -> expiry time
  const sessions = new Map(); // session id -> {subject}
  const documents = new Map(); // document id -> Buffer
  let origin = null; // set once listening: the server knows its own origin, never asks the browser

  const json = (res, status, body) => res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  const readBody = async (req, limit) => {
    let size = 0;
    const parts = [];
    for await (const part of req) {
      size += part.length;
      if (size > limit) throw new Error('too large');
      parts.push(part);
    }
    return Buffer.concat(parts);
  };
  const readJson = async (req) => JSON.parse((await readBody(req, 256 * 1024)).toString('utf8') || '{}');
  const sessionOf = (req) => sessions.get(/kyso_demo=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1]);

  const api = {
    // A fresh single-use nonce: 32 random bytes, base64 (44 characters).
    'POST /api/challenge': async (req, res) => {
      const nonce = randomBytes(32).toString('base64');
      challenges.set(nonce, Date.now() + CHALLENGE_LIFETIME_MS);
      json(res, 200, { nonce });
    },
    'POST /api/login': async (req, res) => {
      const { token, nonce } = await readJson(req);
      const expiry = challenges.get(nonce);
      challenges.delete(nonce); // single use, whatever happens next
      if (!expiry || expiry < Date.now()) return json(res, 400, { ok: false, error: 'unknown or expired challenge' });
      try {
        const who = verifyAuthToken(token, { origin, nonce, roots, intermediates: chain });
        const id = randomUUID();
        sessions.set(id, who);
        res.setHeader('set-cookie', `kyso_demo=${id}; HttpOnly; SameSite=Strict; Path=/`);
        json(res, 200, { ok: true, origin, ...who });
      } catch (e) {
        json(res, 401, { ok: false, error: e.message });
      }
    },
    // The server prepares the document and its SHA-256; the browser signs the hash.
    'POST /api/document': async (req, res) => {
      const who = sessionOf(req);
      if (!who) return json(res, 401, { ok: false, error: 'log in first' });
      const { role } = await readJson(req);
      const name = /CN=([^\n]+)/.exec(who.subject)?.[1] ?? '';
      const document = Buffer.from((DOCUMENTS[role] ?? DOCUMENTS.citizen)(name), 'utf8');
      const id = randomUUID();
      documents.set(id, document);
      json(res, 200, { id, text: document.toString('utf8'), hash: createHash('sha256').update(document).digest('base64') });
    },
    'POST /api/submit': async (req, res) => {
      if (!sessionOf(req)) return json(res, 401, { ok: false, error: 'log in first' });
      const { id, signature, certificate, signatureScheme, ecdsaFormat } = await readJson(req);
      const document = documents.get(id);
      if (!document) return json(res, 404, { ok: false, error: 'unknown document' });
      try {
        const result = verifyDocumentSignature({ document, signature: Buffer.from(signature, 'base64'), certificate: Buffer.from(certificate, 'base64'), scheme: signatureScheme, ecdsaFormat });
        json(res, result.valid ? 200 : 400, { ok: result.valid, ...result });
      } catch (e) {
        json(res, 400, { ok: false, error: e.message });
      }
    },
  };

  Object.assign(api, workflowRoutes({ json, readJson, readBody }));
  // 'GET /api/workflow/:id/pdf' matches any id; the handler reads it from the URL.
  const patterns = Object.keys(api).map((key) => [new RegExp(`^${key.replace(/:\w+/g, '[\\w-]+')}$`), api[key]]);
  const routeOf = (method, pathname) => patterns.find(([re]) => re.test(`${method} ${pathname}`))?.[1];

  const handler = async (req, res) => {
    try {
      const { pathname } = new URL(req.url, 'http://x');
      const route = routeOf(req.method, pathname);
      if (route) return await route(req, res);
      const file = STATIC[pathname];
      if (req.method !== 'GET' || !file) return res.writeHead(404).end('not found');
      res.writeHead(200, { 'content-type': file[1], 'cache-control': 'no-store' }).end(await readFile(path.join(here, file[0])));
    } catch (e) {
      json(res, 500, { ok: false, error: String(e.message ?? e) });
    }
  };
  const server = tls ? createHttps({ key: readFileSync(tls.key), cert: readFileSync(tls.cert) }, handler) : createHttp(handler);
  await new Promise((resolve) => server.listen(port, host, resolve));
  origin = `${tls ? 'https' : 'http'}://${host}:${server.address().port}`;
  return { origin, url: `${origin}/`, close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }) };
}

// Command line.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const trust = arg('trust') ?? process.env.KYSO_DEMO_TRUST;
  if (!trust) {
    console.error('usage: server.mjs --trust ROOT.pem [--intermediates CHAIN.pem] [--port 8089] [--tls-key KEY --tls-cert CERT]');
    process.exit(2);
  }
  const tls = arg('tls-key') ? { key: arg('tls-key'), cert: arg('tls-cert') } : null;
  const demo = await startDemoServer({ port: Number(arg('port') ?? 8089), trust, intermediates: arg('intermediates'), tls });
  console.log(`kyso demo portal: ${demo.url}`);
}
