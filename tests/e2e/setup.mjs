// Prepares everything the e2e tests need around the real browsers and the real host:
// SoftHSM tokens (tests/fixtures/make-tokens.sh) plus one token holding a ~1 MB
// certificate, the host's configuration, the wrapper script the host manifests point
// at (a browser starts the host with its own environment), a TLS certificate for the
// test server, and an extension variant that speaks another protocol version.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
export const extensionDir = path.join(repo, 'extension');
export const ids = { chromium: 'oijnpmobckhjdjckckgimbcekkldpaka', firefox: 'kyso@kyso.vn' };

// Environment variables (documented in docs/integration.md):
//   KYSO_HOST          the built host (default <repo>/build/kyso-host)
//   KYSO_E2E_WORK      scratch directory (default /tmp/kyso-e2e)
//   KYSO_E2E_FIXTURES  a make-tokens.sh OUTDIR (alias KYSO_FIXTURES; default $KYSO_E2E_WORK/fixtures).
//                      Given: made only if it has no fixtures.json yet; the default one is
//                      remade each run (make-tokens.sh is cheap). The tests never touch its tokens:
//                      they run on a private copy (PIN counters, the extra token).
export function settings() {
  const work = process.env.KYSO_E2E_WORK || '/tmp/kyso-e2e';
  return {
    work,
    host: process.env.KYSO_HOST || path.join(repo, 'build/kyso-host'),
    fixtures: process.env.KYSO_E2E_FIXTURES || process.env.KYSO_FIXTURES || path.join(work, 'fixtures'),
    ownFixtures: !(process.env.KYSO_E2E_FIXTURES || process.env.KYSO_FIXTURES),
    chromium: process.env.KYSO_CHROMIUM || '/usr/bin/chromium',
    firefox: process.env.KYSO_FIREFOX || '/usr/bin/firefox-esr',
    module: process.env.KYSO_SOFTHSM_MODULE || '/usr/lib/softhsm/libsofthsm2.so',
    // tests/fixtures/faultp11, built with the host: a pass-through module over SoftHSM that
    // can report a locked PIN (used by one test only, see scenarios.mjs pinLocked).
    faultp11: process.env.KYSO_FAULTP11 || path.join(path.dirname(process.env.KYSO_HOST || path.join(repo, 'build/kyso-host')), 'faultp11/libkyso-faultp11.so'),
  };
}

const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });

// The token with a certificate of about 1 MB: its listCertificates answer is over the
// 1 MiB native messaging frame limit, so the host must send it in chunk frames.
function addBigCertificateToken(s, fx) {
  const dir = path.join(s.work, 'big');
  mkdirSync(dir, { recursive: true });
  const tool = path.join(dir, 'put-certificate');
  run('gcc', ['-O1', '-I/usr/include/p11-kit-1', '-o', tool, path.join(repo, 'tests/e2e/put-certificate.c'), '-ldl', '-lcrypto']);
  const pki = fx.pki;
  const rsa = fx.identities.find((i) => i.name === 'person-rsa2048');
  writeFileSync(path.join(dir, 'big.ext'),
    `[big]\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n1.3.6.1.4.1.57264.9.1=ASN1:UTF8String:${'kyso-'.repeat(200000)}\n`);
  run('openssl', ['req', '-new', '-key', rsa.key, '-subj', '/C=VN/CN=Chứng thư rất lớn', '-utf8', '-out', path.join(dir, 'big.csr')]);
  run('openssl', ['x509', '-req', '-in', path.join(dir, 'big.csr'), '-CA', pki.intermediate, '-CAkey', pki.intermediateKey,
    '-set_serial', `0x${createHash('sha256').update(String(Date.now())).digest('hex').slice(0, 16)}`, '-days', '30',
    '-extfile', path.join(dir, 'big.ext'), '-extensions', 'big', '-outform', 'DER', '-out', path.join(dir, 'big.der')]);
  const env = { ...process.env, SOFTHSM2_CONF: fx.softhsm2Conf };
  run('softhsm2-util', ['--init-token', '--free', '--label', 'kyso-lon', '--pin', '111111', '--so-pin', '11111111'], { env });
  run(tool, [s.module, 'kyso-lon', '111111', path.join(dir, 'big.der'), '09', 'big-certificate'], { env });
  const der = readFileSync(path.join(dir, 'big.der'));
  return { der: path.join(dir, 'big.der'), size: der.length, sha256: createHash('sha256').update(der).digest('hex') };
}

// bigToken: add the ~1 MB certificate token (the e2e tests need it, the demo does not).
export function prepare({ bigToken = true } = {}) {
  const s = settings();
  mkdirSync(s.work, { recursive: true });
  if (!existsSync(s.host)) throw new Error(`kyso-host not found at ${s.host}: build it (cmake --build build) or set KYSO_HOST`);
  if (s.ownFixtures || !existsSync(path.join(s.fixtures, 'fixtures.json'))) run(path.join(repo, 'tests/fixtures/make-tokens.sh'), [s.fixtures]);
  const fx = JSON.parse(readFileSync(path.join(s.fixtures, 'fixtures.json'), 'utf8'));
  // A private copy of the tokens, with its own SoftHSM configuration.
  const tokens = path.join(s.work, 'tokens');
  rmSync(tokens, { recursive: true, force: true });
  cpSync(path.join(fx.dir, 'tokens'), tokens, { recursive: true });
  fx.softhsm2Conf = path.join(s.work, 'softhsm2.conf');
  writeFileSync(fx.softhsm2Conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  const big = bigToken ? addBigCertificateToken(s, fx) : null;

  const pinentry = {
    script: path.join(s.work, 'pinentry.script'),
    log: path.join(s.work, 'pinentry.log'),
  };
  const config = path.join(s.work, 'host-config.json');
  writeFileSync(config, JSON.stringify({
    pkcs11Modules: [s.module],
    discoverModules: false,
    pinentry: path.join(repo, 'tests/fixtures/scripted-pinentry'),
    allowInsecureLocalhost: true,
  }, null, 2));
  // A snapshot of the host binary: on a shared machine build/kyso-host may be relinked while
  // the tests run, and a browser starting a half-written file sees "Native host has exited".
  const hostCopy = path.join(s.work, 'kyso-host');
  cpSync(s.host, hostCopy);
  chmodSync(hostCopy, 0o755);
  run(hostCopy, ['--help']); // a whole, runnable binary
  // The PDF room is a module the host loads from its own directory on the first PDF command.
  const pdfModule = path.join(path.dirname(s.host), 'libkyso-pdf.so');
  if (existsSync(pdfModule)) cpSync(pdfModule, path.join(s.work, 'libkyso-pdf.so'));
  const faultp11 = path.join(s.work, 'libkyso-faultp11.so');
  rmSync(faultp11, { force: true });
  if (existsSync(s.faultp11)) cpSync(s.faultp11, faultp11);
  const launches = path.join(s.work, 'host-launches.log');
  writeFileSync(launches, '');
  const wrapper = path.join(s.work, 'kyso-host-wrapper.sh');
  writeFileSync(wrapper, [
    '#!/bin/sh',
    '# Generated by tests/e2e/setup.mjs: the host manifests point here so that the host the',
    '# browser starts sees the test tokens, configuration and scripted pinentry.',
    `export KYSO_CONFIG='${config}'`,
    `export SOFTHSM2_CONF='${fx.softhsm2Conf}'`,
    `export KYSO_PINENTRY_SCRIPT='${pinentry.script}'`,
    `export KYSO_PINENTRY_LOG='${pinentry.log}'`,
    `export KYSO_FAULT_TARGET='${s.module}'`,
    `export KYSO_FAULT_CONTROL='${path.join(s.work, 'fault-control')}'`,
    `echo "$$ $*" >> '${launches}'`,
    `exec '${hostCopy}' "$@"`,
    '',
  ].join('\n'));
  chmodSync(wrapper, 0o755);

  const tls = { key: path.join(s.work, 'tls.key'), cert: path.join(s.work, 'tls.crt') };
  if (!existsSync(tls.cert)) {
    run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '7',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', tls.key, '-out', tls.cert]);
  }

  // The same extension speaking protocol 2, which kyso-host 0.1 does not: VERSION_MISMATCH.
  const protocol2 = path.join(s.work, 'extension-protocol-2');
  rmSync(protocol2, { recursive: true, force: true });
  // Without extension/demo (the demo portal, not part of the extension). Judged on the path
  // inside extension/, so a checkout under a folder named demo* is copied whole.
  const inExtension = (src) => path.relative(extensionDir, src).split(path.sep);
  cpSync(extensionDir, protocol2, { recursive: true, filter: (src) => inExtension(src)[0] !== 'demo' });
  const constants = path.join(protocol2, 'background/constants.js');
  const text = readFileSync(constants, 'utf8');
  if (!text.includes('export const PROTOCOL = 1;')) throw new Error('constants.js changed: update setup.mjs');
  writeFileSync(constants, text.replace('export const PROTOCOL = 1;', 'export const PROTOCOL = 2;'));

  rmSync(path.join(s.work, 'fault-control'), { force: true });
  rmSync(path.join(s.work, 'fault-control.state'), { force: true });
  return { ...s, faultp11, faultp11Built: s.faultp11, faultControl: path.join(s.work, 'fault-control'), extensionDir, fx, big, pinentry, config, wrapper, launches, tls, protocol2 };
}

// Host manifest for a browser family, filled by manifests/fill.sh as packaging will.
export function writeHostManifest(browser, dir, wrapper) {
  run(path.join(repo, 'manifests/fill.sh'), [browser, wrapper, dir]);
  return path.join(dir, 'vn.kyso.host.json');
}

// The scripted user at the PIN dialog: what they answer, and what the dialogs said.
export class ScriptedUser {
  constructor({ script, log }) {
    this.script = script;
    this.logFile = log;
  }
  answers(...lines) {
    rmSync(`${this.script}.pos`, { force: true });
    writeFileSync(this.script, `${lines.join('\n')}\n`);
    writeFileSync(this.logFile, '');
  }
  dialogs() {
    if (!existsSync(this.logFile)) return [];
    return readFileSync(this.logFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  }
}
