// One real browser against whatever kyso is installed on this machine: the host is found
// only through the browsers' system-wide manifest directories (a fresh profile and a
// temporary HOME hold none), the extension is loaded from the directory given.
//
//   node browser-check.mjs --browser chromium|firefox --expect working|native-missing|extension-missing
//        --extension DIR|none --work DIR --fixtures fixtures.json --version V
//
// working:           page -> content script -> background -> /usr/bin/kyso-host: status,
//                    listCertificates and a signHash verified against the token's certificate;
//                    the running host process is /usr/bin/kyso-host started the browser's way.
// native-missing:    the extension answers but status fails with NATIVE_UNAVAILABLE.
// extension-missing: nobody answers the page's hello (what a portal sees without kyso).
// Prints one JSON line with timings; exits 1 with the reason on the first failed check.
// Uses playwright-core (Chromium) and puppeteer-core (Firefox) from the root package.json.
import { createHash, verify } from 'node:crypto';
import { readFileSync, readdirSync, readlinkSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:https';
import path from 'node:path';
import { parseArgs } from 'node:util';

const CHROMIUM_ID = 'oijnpmobckhjdjckckgimbcekkldpaka';
const FIREFOX_ID = 'kyso@kyso.vn';
const HOST = '/usr/bin/kyso-host';

const { values: opt } = parseArgs({
  options: {
    browser: { type: 'string' }, expect: { type: 'string' }, extension: { type: 'string' },
    work: { type: 'string' }, fixtures: { type: 'string' }, version: { type: 'string' },
  },
});
const timings = {};
const t0 = Date.now();
const mark = (name) => { timings[name] = Date.now() - t0; };

function check(ok, what, detail) {
  if (!ok) throw new Error(`${what}${detail === undefined ? '' : `: ${JSON.stringify(detail).slice(0, 600)}`}`);
}

// The portal page: https (the extension serves only secure pages), certificate made by run.sh.
function startServer() {
  const server = createServer({
    key: readFileSync(path.join(opt.work, 'tls.key')),
    cert: readFileSync(path.join(opt.work, 'tls.crt')),
  }, (req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html lang="vi"><title>Cổng thử</title><p>kyso package test</p></html>');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// Speaks the content script's window.postMessage protocol (extension/content/bridge.js);
// resolves with the final frame for the id, or {timeout: true}.
function pageCall({ message, timeoutMs }) {
  return new Promise((resolve) => {
    const id = `pkg${Math.random().toString(36).slice(2, 10)}`;
    const timer = setTimeout(() => { window.removeEventListener('message', on); resolve({ timeout: true }); }, timeoutMs);
    function on(event) {
      const d = event.data;
      if (event.source !== window || !d || d.kyso !== 1 || d.dir !== 'to-page' || d.id !== id) return;
      if (d.type === 'progress' || d.type === 'ack') return;
      clearTimeout(timer);
      window.removeEventListener('message', on);
      resolve(d);
    }
    window.addEventListener('message', on);
    window.postMessage({ ...message, kyso: 1, dir: 'to-extension', id }, location.origin);
  });
}

// Every running /usr/bin/kyso-host with its argv (the browser starts it).
function runningHosts() {
  const found = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readlinkSync(`/proc/${pid}/exe`) !== HOST) continue;
      found.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean));
    } catch { /* gone, or not ours to read */ }
  }
  return found;
}

async function launch() {
  const ext = opt.extension === 'none' ? null : opt.extension;
  if (opt.browser === 'chromium') {
    const { chromium } = await import('playwright-core');
    const profile = mkdtempSync(path.join(opt.work, 'chromium-'));
    const args = ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'];
    if (ext) args.push(`--load-extension=${ext}`, `--disable-extensions-except=${ext}`);
    const context = await chromium.launchPersistentContext(profile, {
      headless: false, executablePath: '/usr/bin/chromium', ignoreDefaultArgs: ['--disable-extensions'],
      ignoreHTTPSErrors: true, args,
    });
    if (ext && !context.serviceWorkers().some((w) => w.url().includes(CHROMIUM_ID))) {
      await context.waitForEvent('serviceworker', { timeout: 15000 });
    }
    return { newPage: () => context.newPage(), close: () => context.close() };
  }
  const puppeteer = (await import('puppeteer-core')).default;
  const browser = await puppeteer.launch({
    browser: 'firefox', protocol: 'webDriverBiDi', headless: true, executablePath: '/usr/bin/firefox-esr',
    acceptInsecureCerts: true, env: { ...process.env },
  });
  if (ext) await browser.installExtension(ext);
  return { newPage: () => browser.newPage(), close: () => browser.close() };
}

async function main() {
  const fixtures = JSON.parse(readFileSync(opt.fixtures, 'utf8'));
  const signer = fixtures.identities.find((i) => i.name === 'person-rsa2048');
  const server = await startServer();
  const origin = `https://localhost:${server.address().port}`;
  const browser = await launch();
  mark('launched');
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    const call = (message, timeoutMs = 20000) => page.evaluate(pageCall, { message, timeoutMs });

    const hello = await call({ type: 'hello' }, opt.expect === 'extension-missing' ? 3000 : 10000);
    mark('hello');
    if (opt.expect === 'extension-missing') {
      check(hello.timeout === true, 'no extension is loaded, yet the page got an answer', hello);
      return { result: 'EXTENSION_UNAVAILABLE (no answer to hello within 3 s)' };
    }
    check(hello.type === 'hello' && hello.extension?.version === opt.version,
      `the installed extension should say version ${opt.version}`, hello);

    const status = await call({ type: 'request', command: 'status', params: {} });
    mark('status');
    if (opt.expect === 'native-missing') {
      check(status.type === 'error' && status.error?.code === 'NATIVE_UNAVAILABLE',
        'without the package, status should fail with NATIVE_UNAVAILABLE', status);
      return { result: `NATIVE_UNAVAILABLE (${status.error.message})` };
    }
    check(status.type === 'result' && status.result.version === opt.version,
      `status should come from kyso-host ${opt.version}`, status);
    check(status.result.origin?.value === origin && status.result.origin.allowed === true,
      'the host should see and allow the page origin', status.result.origin);

    // The extension keeps one host process per browser (connectNative): it must be the
    // installed binary, started with the browser's own arguments.
    const hosts = runningHosts();
    const wanted = opt.browser === 'chromium'
      ? (argv) => argv[1] === `chrome-extension://${CHROMIUM_ID}/`
      : (argv) => argv[1] === '/usr/lib/mozilla/native-messaging-hosts/vn.kyso.host.json' && argv[2] === FIREFOX_ID;
    check(hosts.some(wanted), `a running ${HOST} started by ${opt.browser} through its system manifest`, hosts);

    const list = await call({ type: 'request', command: 'listCertificates', params: {} });
    mark('listCertificates');
    check(list.type === 'result', 'listCertificates (consent dialog answered "ok")', list);
    const cert = list.result.certificates.find((c) => c.thumbprint === signer.sha256);
    check(cert?.hasPrivateKey === true, `the token's certificate ${signer.name} with its private key`,
      list.result.certificates.map((c) => c.subject?.commonName));

    const message = Buffer.from(`Tờ khai thử nghiệm ${opt.browser} ${Date.now()}`);
    const hash = createHash('sha256').update(message).digest('base64');
    const signed = await call({
      type: 'request', command: 'signHash',
      params: { thumbprint: signer.sha256, hash, hashAlgorithm: 'SHA-256', description: 'kiểm thử gói cài đặt' },
    });
    mark('signHash');
    check(signed.type === 'result', 'signHash (PIN dialog answered with the PIN)', signed);
    const ok = verify('sha256', message, readFileSync(signer.cert), Buffer.from(signed.result.signature, 'base64'));
    check(ok, "the signature verifies with the token certificate's public key");
    return { result: 'signed and verified', hosts: hosts.length };
  } finally {
    await browser.close();
    server.close();
    mark('closed');
  }
}

main().then((summary) => {
  console.log(JSON.stringify({ browser: opt.browser, expect: opt.expect, ok: true, ...summary, timingsMs: timings }));
  process.exit(0);
}, (error) => {
  console.log(JSON.stringify({ browser: opt.browser, expect: opt.expect, ok: false, error: error.message, timingsMs: timings }));
  process.exit(1);
});
