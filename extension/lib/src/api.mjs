// The page API: what portal developers call. Binary values are Uint8Array (ArrayBuffer
// accepted) at this surface and base64 inside; every failure is a KysoError.
import { decode, encode, toBytes } from './base64.mjs';
import { Channel } from './channel.mjs';
import { KysoError } from './errors.mjs';

const HASH_LENGTHS = { 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

function pageLanguage(win) {
  const lang = win?.document?.documentElement?.lang ?? '';
  return /^en\b/i.test(lang) ? 'en' : 'vi';
}

// Options every call accepts: {lang: 'vi'|'en', timeout: ms, onProgress(p)}.
export function createKyso(win = globalThis.window, settings = {}) {
  let channel = null;
  const langOf = (options) => options?.lang ?? settings.lang ?? pageLanguage(win);

  function invalid(lang, field) {
    return new KysoError('INVALID_REQUEST', { lang, details: { field } });
  }

  // The parameters signHash and signHashes share, checked before anything is sent.
  function hashSigningParams({ thumbprint, hashAlgorithm = 'SHA-256', signatureScheme, ecdsaFormat, description }, lang) {
    if (typeof thumbprint !== 'string' || !/^[0-9a-f]{64}$/.test(thumbprint)) throw invalid(lang, 'thumbprint');
    if (!(hashAlgorithm in HASH_LENGTHS)) throw invalid(lang, 'hashAlgorithm');
    const params = { thumbprint, hashAlgorithm };
    if (signatureScheme) params.signatureScheme = signatureScheme;
    if (ecdsaFormat) params.ecdsaFormat = ecdsaFormat;
    if (description) params.description = String(description);
    return params;
  }

  function digestBytes(value, hashAlgorithm, lang, field) {
    let digest;
    try {
      digest = toBytes(value, field);
    } catch {
      throw invalid(lang, field);
    }
    if (digest.length !== HASH_LENGTHS[hashAlgorithm]) throw invalid(lang, field);
    return digest;
  }

  async function call(command, params, options = {}, blobs = {}) {
    const lang = langOf(options);
    // An http page on another host is not a secure context: refuse before anything else.
    if (!win || win.isSecureContext === false) throw new KysoError('CONTEXT_INSECURE', { lang });
    channel ??= new Channel(win, settings);
    return channel.call(command, params, {
      blobs,
      lang,
      onProgress: options.onProgress,
      timeoutMs: options.timeout ?? settings.timeout,
    });
  }

  return {
    // {extension: {version}, host: {name, version, protocol, commands, origin, ...}}
    async status(options = {}) {
      const host = await call('status', { modules: options.modules === true }, options);
      return { extension: channel.extension, host };
    },

    // The certificates on the user's tokens (the user confirms in kyso's own dialog).
    async getCertificates(options = {}) {
      const result = await call('listCertificates', { includeExpired: options.includeExpired === true }, options);
      return result.certificates.map((c) => ({ ...c, certificate: decode(c.certificate) }));
    },

    // Signs a digest computed elsewhere. Returns {signature, certificate} as bytes.
    async signHash({ hash, ...request } = {}, options = {}) {
      const lang = langOf(options);
      const params = hashSigningParams(request, lang);
      params.hash = encode(digestBytes(hash, params.hashAlgorithm, lang, 'hash'));
      const result = await call('signHash', params, options);
      return { ...result, signature: decode(result.signature), certificate: decode(result.certificate) };
    },

    // Many digests with one consent and one PIN (host command signHashes).
    // names: the site's names for the items, shown in kyso's dialog.
    async signHashes({ hashes, names, ...request } = {}, options = {}) {
      const lang = langOf(options);
      const params = hashSigningParams(request, lang);
      if (!Array.isArray(hashes) || hashes.length === 0 || hashes.length > 10000) throw invalid(lang, 'hashes');
      params.hashes = hashes.map((h, i) => encode(digestBytes(h, params.hashAlgorithm, lang, `hashes[${i}]`)));
      if (names !== undefined) {
        if (!Array.isArray(names) || names.length !== hashes.length) throw invalid(lang, 'names');
        params.names = names.map(String);
      }
      const result = await call('signHashes', params, options);
      return { ...result, signatures: result.signatures.map(decode), certificate: decode(result.certificate) };
    },

    // Signs what the site's server prepared for a CAdES/PAdES signature (host command
    // signPrepared): `data` is the DER of the CMS signed attributes (EU DSS's data to sign,
    // pyHanko's or iText's external signing), not their hash. kyso reads them and refuses
    // anything else; the dialog names documentName. Returns {signature, certificate} as bytes
    // (ECDSA as DER, what a CMS SignerInfo holds) with signatureScheme and hashAlgorithm.
    async signPrepared(
      { thumbprint, data, kind = 'cms-signed-attributes', hashAlgorithm = 'SHA-256', signatureScheme, description, documentName } = {},
      options = {},
    ) {
      const lang = langOf(options);
      if (typeof thumbprint !== 'string' || !/^[0-9a-f]{64}$/.test(thumbprint)) throw invalid(lang, 'thumbprint');
      if (typeof kind !== 'string') throw invalid(lang, 'kind');
      if (!(hashAlgorithm in HASH_LENGTHS)) throw invalid(lang, 'hashAlgorithm');
      let bytes;
      try {
        bytes = toBytes(data, 'data');
      } catch {
        throw invalid(lang, 'data');
      }
      if (bytes.length === 0) throw invalid(lang, 'data');
      const params = { thumbprint, kind, hashAlgorithm, data: encode(bytes) };
      if (signatureScheme) params.signatureScheme = signatureScheme;
      if (description) params.description = String(description);
      if (documentName) params.documentName = String(documentName);
      const result = await call('signPrepared', params, options);
      return { ...result, signature: decode(result.signature), certificate: decode(result.certificate) };
    },

    // A web-eid:1.0 login token over the server's nonce; send it to the server as is.
    async authenticate(challengeNonce, { thumbprint, ...options } = {}) {
      const lang = langOf(options);
      if (typeof challengeNonce !== 'string' || !/^[A-Za-z0-9+/=_-]{44,128}$/.test(challengeNonce)) {
        throw invalid(lang, 'challengeNonce');
      }
      const params = { challengeNonce };
      if (thumbprint !== undefined) params.thumbprint = thumbprint;
      return call('authenticate', params, options);
    },

    // Signs a PDF on the user's machine (host command signPdf; a host without it
    // answers UNKNOWN_COMMAND). options go to the host as they are, except callbacks.
    async signPdf(bytes, { onProgress, lang, timeout, ...pdfOptions } = {}) {
      let document;
      try {
        document = toBytes(bytes, 'document');
      } catch {
        throw invalid(langOf({ lang }), 'document');
      }
      return call('signPdf', { ...pdfOptions, document: { $blob: 'document' } }, { onProgress, lang, timeout }, {
        document,
      });
    },

    // Empty read-only text fields (the clerk's number and date, Nghị định 30/2020) added to a
    // PDF before anyone signs it (host command preparePdfDraft): no token and no dialog.
    // fields: [{name, page, rect: [x, y, w, h] | corner..., fontSize, align}].
    async preparePdfDraft(bytes, { fields, fileName, onProgress, lang, timeout } = {}) {
      let document;
      try {
        document = toBytes(bytes, 'document');
      } catch {
        throw invalid(langOf({ lang }), 'document');
      }
      if (!Array.isArray(fields) || fields.length === 0) throw invalid(langOf({ lang }), 'fields');
      const params = { fields, document: { $blob: 'document' } };
      if (fileName !== undefined) params.fileName = fileName;
      const result = await call('preparePdfDraft', params, { onProgress, lang, timeout }, { document });
      return result;
    },

    // items: [{document: bytes, fileName}] (`name` is accepted for fileName); one dialog and
    // one PIN for all. The host's own field is `items` (docs/protocol.md, signPdfBatch).
    async signPdfBatch(items, options = {}, onProgress = options.onProgress) {
      const { lang, timeout, onProgress: _ignored, ...batchOptions } = options;
      if (!Array.isArray(items) || items.length === 0) throw invalid(langOf({ lang }), 'items');
      const blobs = {};
      const hostItems = items.map((item, i) => {
        const { document, name, fileName, ...rest } = item ?? {};
        try {
          blobs[`document-${i}`] = toBytes(document, 'document');
        } catch {
          throw invalid(langOf({ lang }), `items[${i}].document`);
        }
        const entry = { ...rest, document: { $blob: `document-${i}` } };
        if (fileName ?? name) entry.fileName = fileName ?? name;
        return entry;
      });
      return call('signPdfBatch', { ...batchOptions, items: hostItems }, { onProgress, lang, timeout }, blobs);
    },
  };
}
