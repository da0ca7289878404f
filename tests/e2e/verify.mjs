// Independent checks with the openssl command line: never with kyso's own code.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';

function inTemp(files, fn) {
  const dir = mkdtempSync(path.join(tmpdir(), 'kyso-verify-'));
  try {
    for (const [name, data] of Object.entries(files)) writeFileSync(path.join(dir, name), data);
    return fn((name) => path.join(dir, name));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function ok(cmd, args) {
  try {
    execFileSync(cmd, args, { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

function publicKey(certDer, at) {
  const pem = execFileSync('openssl', ['x509', '-inform', 'DER', '-in', at('cert.der'), '-pubkey', '-noout']);
  writeFileSync(at('pub.pem'), pem);
}

// A signature over a digest (signHash). scheme: RSA-PKCS1-v1_5, RSA-PSS or ECDSA (DER).
export function verifyDigestSignature({ certDer, digest, signature, hashAlgorithm = 'SHA-256', scheme }) {
  const md = hashAlgorithm.replace('-', '').toLowerCase();
  return inTemp({ 'cert.der': certDer, 'digest.bin': digest, 'sig.bin': signature }, (at) => {
    publicKey(certDer, at);
    const opts = ['-pkeyopt', `digest:${md}`];
    if (scheme === 'RSA-PSS') opts.push('-pkeyopt', 'rsa_padding_mode:pss', '-pkeyopt', 'rsa_pss_saltlen:digest');
    return ok('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', at('pub.pem'), '-in', at('digest.bin'), '-sigfile', at('sig.bin'), ...opts]);
  });
}

// A web-eid:1.0 token: signature over H(H(origin) || H(nonce)), as a server checks it.
export function verifyAuthToken(token, { origin, nonce }) {
  const alg = { RS256: 'sha256', PS256: 'sha256', ES256: 'sha256', ES384: 'sha384', ES512: 'sha512' }[token.algorithm];
  if (!alg || token.format !== 'web-eid:1.0') return false;
  const H = (s) => createHash(alg).update(s, 'utf8').digest();
  let signature = Buffer.from(token.signature, 'base64');
  if (token.algorithm.startsWith('ES')) signature = rawToDer(signature);
  return inTemp({ 'cert.der': Buffer.from(token.unverifiedCertificate, 'base64'), 'data.bin': Buffer.concat([H(origin), H(nonce)]), 'sig.bin': signature }, (at) => {
    publicKey(null, at);
    const opts = token.algorithm === 'PS256' ? ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:digest'] : [];
    return ok('openssl', ['dgst', `-${alg}`, '-verify', at('pub.pem'), '-signature', at('sig.bin'), ...opts, at('data.bin')]);
  });
}

// The certificate chains to the test root through the test intermediate.
export function verifyChain(certDer, { root, intermediate }) {
  return inTemp({ 'cert.der': certDer }, (at) => {
    writeFileSync(at('cert.pem'), execFileSync('openssl', ['x509', '-inform', 'DER', '-in', at('cert.der')]));
    return ok('openssl', ['verify', '-CAfile', root, '-untrusted', intermediate, at('cert.pem')]);
  });
}

// ECDSA r||s (JWS, Web eID) to the DER ECDSA-Sig-Value openssl reads.
function rawToDer(raw) {
  const half = raw.length / 2;
  const int = (b) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    b = b.subarray(i);
    if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
    return Buffer.concat([Buffer.from([0x02, b.length]), b]);
  };
  const body = Buffer.concat([int(raw.subarray(0, half)), int(raw.subarray(half))]);
  const len = body.length < 128 ? Buffer.from([body.length]) : Buffer.from([0x81, body.length]);
  return Buffer.concat([Buffer.from([0x30]), len, body]);
}
