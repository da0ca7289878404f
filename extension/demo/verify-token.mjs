// Server-side check of a web-eid:1.0 login token with node's crypto only, as a portal's
// server would do it (docs/protocol.md "authenticate", Web eID's token format):
// the certificate chains to a trusted root and is valid now, and its key signed
// H(origin) || H(nonce) with the token's algorithm, for THIS server's origin and nonce.
import { X509Certificate, createHash, constants, verify } from 'node:crypto';

const ALGORITHMS = {
  RS256: { hash: 'sha256' },
  PS256: { hash: 'sha256', padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
  ES256: { hash: 'sha256', dsaEncoding: 'ieee-p1363' },
  ES384: { hash: 'sha384', dsaEncoding: 'ieee-p1363' },
  ES512: { hash: 'sha512', dsaEncoding: 'ieee-p1363' },
};

// PEM text with one or more certificates -> X509Certificate[]
export function parsePemCertificates(pem) {
  return (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((p) => new X509Certificate(p));
}

// Walks from the certificate up through `intermediates` to one of `roots`.
export function chainsTo(cert, { roots, intermediates = [], now = new Date() }) {
  let current = cert;
  for (let depth = 0; depth < 5; depth++) {
    if (new Date(current.validFrom) > now || new Date(current.validTo) < now) return false;
    const root = roots.find((r) => current.checkIssued(r) && current.verify(r.publicKey));
    if (root) return true;
    const next = intermediates.find((i) => current.checkIssued(i) && current.verify(i.publicKey) && i.ca);
    if (!next) return false;
    current = next;
  }
  return false;
}

// Throws with a reason, or returns the certificate's subject.
export function verifyAuthToken(token, { origin, nonce, roots, intermediates }) {
  if (!token || token.format !== 'web-eid:1.0') throw new Error('not a web-eid:1.0 token');
  const alg = ALGORITHMS[token.algorithm];
  if (!alg) throw new Error(`algorithm ${token.algorithm} is not accepted`);
  const cert = new X509Certificate(Buffer.from(String(token.unverifiedCertificate), 'base64'));
  if (!chainsTo(cert, { roots, intermediates })) throw new Error('the certificate does not chain to a trusted root or is not valid now');
  const H = (text) => createHash(alg.hash).update(text, 'utf8').digest();
  const signed = Buffer.concat([H(origin), H(nonce)]);
  const key = { key: cert.publicKey, padding: alg.padding, saltLength: alg.saltLength, dsaEncoding: alg.dsaEncoding };
  if (!verify(alg.hash, signed, key, Buffer.from(String(token.signature), 'base64'))) {
    throw new Error('the signature does not match this site and challenge');
  }
  return { subject: cert.subject, issuer: cert.issuer, serialNumber: cert.serialNumber, validTo: cert.validTo };
}

// A signature over SHA-256(document) made with signHash is a plain SHA256withRSA /
// SHA256withECDSA signature of the document itself.
export function verifyDocumentSignature({ document, signature, certificate, scheme, ecdsaFormat }) {
  const cert = new X509Certificate(certificate);
  const key = { key: cert.publicKey };
  if (scheme === 'RSA-PSS') Object.assign(key, { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
  if (scheme === 'ECDSA') key.dsaEncoding = ecdsaFormat === 'der' ? 'der' : 'ieee-p1363';
  return { valid: verify('sha256', document, key, signature), subject: cert.subject };
}
