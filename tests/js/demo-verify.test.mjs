// The demo server's checks can fail: wrong origin, wrong nonce, untrusted issuer, bad
// signature. Keys and certificates are made here with the openssl command line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, randomBytes, sign } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parsePemCertificates, verifyAuthToken, verifyDocumentSignature } from '../../extension/demo/verify-token.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'kyso-demo-pki-'));
const at = (f) => path.join(dir, f);
const openssl = (...args) => execFileSync('openssl', args, { stdio: 'pipe' });
function makeCa(name) {
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', `/CN=${name}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign', '-keyout', at(`${name}.key`), '-out', at(`${name}.pem`));
}
makeCa('root');
makeCa('other-root');
openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=Nguyễn Văn A', '-utf8', '-keyout', at('leaf.key'), '-out', at('leaf.csr'));
openssl('x509', '-req', '-in', at('leaf.csr'), '-CA', at('root.pem'), '-CAkey', at('root.key'), '-days', '1', '-set_serial', '7', '-out', at('leaf.pem'));
const leafDer = openssl('x509', '-in', at('leaf.pem'), '-outform', 'DER');
const leafKey = createPrivateKey(readFileSync(at('leaf.key')));
const roots = parsePemCertificates(readFileSync(at('root.pem'), 'utf8'));
const otherRoots = parsePemCertificates(readFileSync(at('other-root.pem'), 'utf8'));

const H = (s) => createHash('sha256').update(s, 'utf8').digest();
function token(origin, nonce) {
  const signature = sign('sha256', Buffer.concat([H(origin), H(nonce)]), { key: leafKey, dsaEncoding: 'ieee-p1363' });
  return { unverifiedCertificate: leafDer.toString('base64'), algorithm: 'ES256', signature: signature.toString('base64'), format: 'web-eid:1.0', appVersion: 'test' };
}

test('a token for this origin and nonce from a trusted chain is accepted', () => {
  const nonce = randomBytes(32).toString('base64');
  const who = verifyAuthToken(token('http://127.0.0.1:8089', nonce), { origin: 'http://127.0.0.1:8089', nonce, roots });
  assert.match(who.subject, /CN=Nguyễn Văn A/);
});

test('another origin, another nonce, another root, a changed signature: refused', () => {
  const nonce = randomBytes(32).toString('base64');
  const t = token('http://127.0.0.1:8089', nonce);
  assert.throws(() => verifyAuthToken(t, { origin: 'https://evil.example', nonce, roots }), /signature/);
  assert.throws(() => verifyAuthToken(t, { origin: 'http://127.0.0.1:8089', nonce: randomBytes(32).toString('base64'), roots }), /signature/);
  assert.throws(() => verifyAuthToken(t, { origin: 'http://127.0.0.1:8089', nonce, roots: otherRoots }), /chain/);
  const bad = Buffer.from(t.signature, 'base64');
  bad[5] ^= 1;
  assert.throws(() => verifyAuthToken({ ...t, signature: bad.toString('base64') }, { origin: 'http://127.0.0.1:8089', nonce, roots }), /signature/);
  assert.throws(() => verifyAuthToken({ ...t, format: 'other' }, { origin: 'http://127.0.0.1:8089', nonce, roots }), /web-eid/);
});

test('document signatures: raw and DER ECDSA, and a changed document fails', () => {
  const document = Buffer.from('TỜ KHAI ...');
  for (const ecdsaFormat of ['raw', 'der']) {
    const signature = sign('sha256', document, { key: leafKey, dsaEncoding: ecdsaFormat === 'raw' ? 'ieee-p1363' : 'der' });
    assert.equal(verifyDocumentSignature({ document, signature, certificate: leafDer, scheme: 'ECDSA', ecdsaFormat }).valid, true);
    assert.equal(verifyDocumentSignature({ document: Buffer.from('khác'), signature, certificate: leafDer, scheme: 'ECDSA', ecdsaFormat }).valid, false);
  }
});
