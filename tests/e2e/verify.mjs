// Independent checks with the openssl command line and the PDF tools: never with kyso's own code.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

// A fresh NSS database in `dir` trusting the test root (and only it), for pdfsig.
export function nssTrusting(root, dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password'], { stdio: 'pipe' });
  execFileSync('certutil', ['-A', '-d', `sql:${dir}`, '-n', 'kyso-test-root', '-t', 'CT,C,C', '-a', '-i', root], { stdio: 'pipe' });
  return dir;
}

// Every signature of a PDF file checked by tools that share no code with kyso: pdfsig (NSS
// trusting the test root), mutool, qpdf --check, and for each signature `openssl cms -verify`
// over its own ByteRange with only the root trusted (so the CMS must carry the intermediate).
// Returns {signers, revisions: [byte length of each signed revision]}; throws on any failure.
export function verifyPdfSignatures(file, { root, nssDir, expected }) {
  const problems = [];
  const pdf = readFileSync(file);
  // stdout and stderr together (openssl says "Verification successful" on stderr); the tools
  // exit 0 on broken signatures too, so their words are what counts.
  const sh = (cmd, args) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
    return `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}`;
  };
  const pdfsig = sh('pdfsig', ['-no-ocsp', '-nssdir', `sql:${nssDir}`, file]);
  const blocks = pdfsig.split(/^Signature #\d+:/m).slice(1);
  if (blocks.length !== expected) problems.push(`pdfsig sees ${blocks.length} signatures, not ${expected}`);
  const signers = blocks.map((b) => /Signer Certificate Common Name: (.*)/.exec(b)?.[1]);
  blocks.forEach((b, i) => {
    if (!b.includes('Signature Validation: Signature is Valid.')) problems.push(`pdfsig: signature ${i + 1} not valid`);
    if (!b.includes('Certificate Validation: Certificate is Trusted.')) problems.push(`pdfsig: signature ${i + 1} not trusted`);
    if (b.includes('Total document signed') !== (i === blocks.length - 1)) problems.push(`pdfsig: signature ${i + 1} total-document flag`);
  });
  const mutool = sh('mutool', ['sign', '-v', file]);
  const unchanged = mutool.split('The document is unchanged since signing.').length - 1;
  const edited = mutool.split('there have been edits since signing').length - 1;
  if (unchanged !== 1 || edited !== expected - 1 || /nvalidated|Digest error/.test(mutool)) problems.push(`mutool: ${mutool}`);
  const qpdf = sh('qpdf', ['--check', file]);
  if (!qpdf.includes('No syntax or stream encoding errors found')) problems.push(`qpdf: ${qpdf}`);
  const ranges = [...pdf.toString('latin1').matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)].map((m) => m.slice(1).map(Number));
  if (ranges.length !== expected) problems.push(`${ranges.length} /ByteRange entries, not ${expected}`);
  const revisions = [];
  ranges.forEach(([a, b, c, d], i) => {
    revisions.push(c + d);
    let cms = Buffer.from(pdf.subarray(a + b + 1, c - 1).toString('latin1'), 'hex');
    // The DER SEQUENCE's own length says where the zero padding starts.
    const n = cms[1] & 0x7f;
    cms = cms.subarray(0, 2 + n + cms.subarray(2, 2 + n).reduce((len, byte) => len * 256 + byte, 0));
    const ok = inTemp({ 'content.bin': Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]), 'sig.der': cms }, (at) =>
      sh('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', at('sig.der'), '-content', at('content.bin'), '-CAfile', root, '-purpose', 'any', '-out', '/dev/null']));
    if (!ok.includes('Verification successful')) problems.push(`openssl cms: signature ${i + 1}: ${ok}`);
  });
  if (problems.length) throw new Error(`${file}:\n  ${problems.join('\n  ')}`);
  return { signers, revisions };
}
