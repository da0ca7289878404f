// kyso page API 0.1.0 — generated from extension/lib/src by build.mjs; edit src/, not this file.

// extension/lib/src/base64.mjs
function toBytes(value, what = "value") {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError(`${what} must be a Uint8Array or an ArrayBuffer`);
}
function encode(bytes) {
  let text = "";
  const step = 32768;
  for (let i = 0; i < bytes.length; i += step) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + step));
  }
  return btoa(text);
}
function decode(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
function concat(parts) {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// extension/lib/src/errors.mjs
var MESSAGES = {
  EXTENSION_UNAVAILABLE: [
    "Ch\u01B0a c\xE0i ho\u1EB7c ch\u01B0a b\u1EADt ti\u1EC7n \xEDch kyso tr\xEAn tr\xECnh duy\u1EC7t n\xE0y.",
    "The kyso browser extension is not installed or not enabled."
  ],
  NATIVE_UNAVAILABLE: [
    "Ch\u01B0a c\xE0i ph\u1EA7n m\u1EC1m kyso tr\xEAn m\xE1y t\xEDnh (ho\u1EB7c ph\u1EA7n m\u1EC1m \u0111\xE3 d\u1EEBng).",
    "The kyso application is not installed on this computer (or it stopped)."
  ],
  VERSION_MISMATCH: [
    "Phi\xEAn b\u1EA3n kyso kh\xF4ng t\u01B0\u01A1ng th\xEDch: vui l\xF2ng c\u1EADp nh\u1EADt kyso.",
    "The kyso versions do not match: please update kyso."
  ],
  USER_CANCELLED: ["Ng\u01B0\u1EDDi d\xF9ng \u0111\xE3 h\u1EE7y thao t\xE1c.", "The user cancelled."],
  PIN_INCORRECT: ["M\xE3 PIN kh\xF4ng \u0111\xFAng.", "The PIN is incorrect."],
  PIN_LOCKED: [
    "M\xE3 PIN c\u1EE7a thi\u1EBFt b\u1ECB k\xFD s\u1ED1 \u0111\xE3 b\u1ECB kh\xF3a. Li\xEAn h\u1EC7 nh\xE0 cung c\u1EA5p ch\u1EE9ng th\u01B0 s\u1ED1.",
    "The token PIN is locked. Contact your certificate provider."
  ],
  TIMEOUT: ["H\u1EBFt th\u1EDDi gian ch\u1EDD.", "The operation timed out."],
  BUSY: ["kyso \u0111ang b\u1EADn v\u1EDBi c\xE1c y\xEAu c\u1EA7u kh\xE1c, vui l\xF2ng th\u1EED l\u1EA1i.", "kyso is busy with other requests, try again."],
  ORIGIN_NOT_ALLOWED: ["Trang n\xE0y kh\xF4ng \u0111\u01B0\u1EE3c ph\xE9p d\xF9ng kyso.", "This site is not allowed to use kyso."],
  CONTEXT_INSECURE: [
    "kyso ch\u1EC9 ho\u1EA1t \u0111\u1ED9ng tr\xEAn trang https.",
    "kyso only works on https pages."
  ],
  INVALID_REQUEST: ["Y\xEAu c\u1EA7u kh\xF4ng h\u1EE3p l\u1EC7.", "The request is invalid."],
  UNKNOWN_COMMAND: [
    "Phi\xEAn b\u1EA3n kyso \u0111ang c\xE0i ch\u01B0a h\u1ED7 tr\u1EE3 ch\u1EE9c n\u0103ng n\xE0y.",
    "The installed kyso does not support this function yet."
  ],
  NOT_SUPPORTED: ["Ch\u1EE9c n\u0103ng n\xE0y ch\u01B0a \u0111\u01B0\u1EE3c h\u1ED7 tr\u1EE3.", "This function is not supported."],
  TOO_LARGE: ["D\u1EEF li\u1EC7u qu\xE1 l\u1EDBn.", "The data is too large."],
  TOKEN_NOT_FOUND: ["Kh\xF4ng t\xECm th\u1EA5y thi\u1EBFt b\u1ECB k\xFD s\u1ED1 (USB token).", "No signing token (USB token) was found."],
  TOKEN_REMOVED: ["Thi\u1EBFt b\u1ECB k\xFD s\u1ED1 \u0111\xE3 b\u1ECB r\xFAt ra.", "The token was removed."],
  TOKEN_ERROR: ["Thi\u1EBFt b\u1ECB k\xFD s\u1ED1 b\xE1o l\u1ED7i.", "The token reported an error."],
  CERTIFICATE_NOT_FOUND: ["Kh\xF4ng t\xECm th\u1EA5y ch\u1EE9ng th\u01B0 s\u1ED1 \u0111\xE3 ch\u1ECDn.", "The chosen certificate was not found."],
  CERTIFICATE_EXPIRED: [
    "Ch\u1EE9ng th\u01B0 s\u1ED1 \u0111\xE3 ch\u1ECDn \u0111\xE3 h\u1EBFt h\u1EA1n ho\u1EB7c ch\u01B0a \u0111\u1EBFn ng\xE0y c\xF3 hi\u1EC7u l\u1EF1c.",
    "The chosen certificate has expired or is not yet valid."
  ],
  UNSUPPORTED_ALGORITHM: ["Kh\xF3a kh\xF4ng h\u1ED7 tr\u1EE3 thu\u1EADt to\xE1n n\xE0y.", "The key does not support this algorithm."],
  PROMPT_FAILED: ["Kh\xF4ng m\u1EDF \u0111\u01B0\u1EE3c h\u1ED9p tho\u1EA1i nh\u1EADp PIN.", "The PIN dialog could not be opened."],
  INVALID_PDF: ["T\u1EC7p PDF kh\xF4ng h\u1EE3p l\u1EC7.", "The PDF file is invalid."],
  ENCRYPTED_PDF: ["T\u1EC7p PDF \u0111\xE3 \u0111\u01B0\u1EE3c m\xE3 h\xF3a.", "The PDF file is encrypted."],
  TSA_UNAVAILABLE: ["Kh\xF4ng k\u1EBFt n\u1ED1i \u0111\u01B0\u1EE3c m\xE1y ch\u1EE7 c\u1EA5p d\u1EA5u th\u1EDDi gian.", "The timestamp server is unavailable."],
  OPERATION_NOT_ALLOWED: [
    "Trang web n\xE0y kh\xF4ng \u0111\u01B0\u1EE3c ph\xE9p d\xF9ng ch\u1EE9c n\u0103ng n\xE0y c\u1EE7a kyso (qu\u1EA3n tr\u1ECB ch\u01B0a cho ph\xE9p).",
    "This website may not use this kyso function (IT has not allowed it)."
  ],
  POLICY_ERROR: [
    "Kh\xF4ng \u0111\u1ECDc \u0111\u01B0\u1EE3c ch\xEDnh s\xE1ch do qu\u1EA3n tr\u1ECB c\xE0i \u0111\u1EB7t n\xEAn kyso t\u1EEB ch\u1ED1i m\u1ECDi y\xEAu c\u1EA7u; h\xE3y li\xEAn h\u1EC7 b\u1ED9 ph\u1EADn CNTT.",
    "kyso cannot read the policy set by IT, so it refuses every request; contact your IT department."
  ],
  RATE_LIMITED: [
    "B\u1EA1n \u0111\xE3 h\u1EE7y nhi\u1EC1u y\xEAu c\u1EA7u li\xEAn ti\u1EBFp c\u1EE7a trang web n\xE0y; h\xE3y ch\u1EDD m\u1ED9t l\xE1t r\u1ED3i th\u1EED l\u1EA1i.",
    "You cancelled several requests from this website in a row; wait a moment and try again."
  ],
  DOCUMENT_REFUSED: [
    "T\xE0i li\u1EC7u ch\u1EE9a m\xE3 l\u1EC7nh ho\u1EB7c h\xE0nh \u0111\u1ED9ng t\u1EF1 \u0111\u1ED9ng m\xE0 ch\xEDnh s\xE1ch c\u1EE7a \u0111\u01A1n v\u1ECB kh\xF4ng cho ph\xE9p k\xFD.",
    "The document contains scripts or automatic actions that your organisation's policy does not allow to be signed."
  ],
  INTERNAL: ["L\u1ED7i n\u1ED9i b\u1ED9 c\u1EE7a kyso.", "kyso internal error."],
  UNKNOWN_ERROR: ["L\u1ED7i kh\xF4ng x\xE1c \u0111\u1ECBnh.", "Unknown error."]
};
var ERROR_CODES = Object.freeze(Object.keys(MESSAGES));
function messageFor(code, lang) {
  const pair = MESSAGES[code] ?? MESSAGES.UNKNOWN_ERROR;
  return lang === "en" ? pair[1] : pair[0];
}
var KysoError = class extends Error {
  // details: what the host or extension added (triesLeft, field, origin, ...);
  // hostMessage: the host's or extension's own wording, for logs.
  constructor(code, { lang = "vi", details = {}, hostMessage = null } = {}) {
    super(messageFor(code, lang));
    this.name = "KysoError";
    this.code = code;
    this.details = details;
    this.hostMessage = hostMessage;
  }
};
function fromErrorObject(error, lang) {
  const { code, message, ...details } = error && typeof error === "object" ? error : {};
  const known = typeof code === "string" && /^[A-Z_]{1,64}$/.test(code);
  return new KysoError(known ? code : "UNKNOWN_ERROR", {
    lang,
    details,
    hostMessage: typeof message === "string" ? message : null
  });
}

// extension/lib/src/channel.mjs
var NAMESPACE = 1;
var DETECT_TIMEOUT_MS = 600;
var BLOB_PART_BYTES = 524288;
var DEFAULT_TIMEOUT_MS = 5 * 60 * 1e3;
function randomId() {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
var Channel = class {
  // win: the page's window (or anything with postMessage/addEventListener/location).
  constructor(win, { detectTimeoutMs = DETECT_TIMEOUT_MS } = {}) {
    this.win = win;
    this.detectTimeoutMs = detectTimeoutMs;
    this.waiting = /* @__PURE__ */ new Map();
    this.extension = null;
    win.addEventListener("message", (event) => this.onMessage(event));
  }
  onMessage(event) {
    if (event.source !== this.win) return;
    const m = event.data;
    if (!m || typeof m !== "object" || m.kyso !== NAMESPACE || m.dir !== "to-page") return;
    const handler = this.waiting.get(m.id);
    if (handler) handler(m);
  }
  post(message) {
    this.win.postMessage({ ...message, kyso: NAMESPACE, dir: "to-extension" }, this.win.location.origin);
  }
  // Resolves with {version} of the extension, or rejects with EXTENSION_UNAVAILABLE
  // within detectTimeoutMs. Asked before every call (a round trip inside the page, well
  // under a millisecond), so an extension disabled or removed since the last call is
  // noticed at once instead of after the call's timeout.
  detect(lang) {
    return new Promise((resolve, reject) => {
      const id = randomId();
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new KysoError("EXTENSION_UNAVAILABLE", { lang }));
      }, this.detectTimeoutMs);
      this.waiting.set(id, (m) => {
        if (m.type !== "hello") return;
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(m.extension ?? {});
      });
      this.post({ type: "hello", id });
    });
  }
  // Sends one command and resolves with its result, blob references replaced by bytes.
  // blobs: {name: Uint8Array}; onProgress({stage, done, total}).
  async call(command, params, { blobs = {}, onProgress, lang = "vi", timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    this.extension = await this.detect(lang);
    const id = randomId();
    const received = /* @__PURE__ */ new Map();
    let chunks = [];
    let ackWaiter = null;
    let fail;
    let succeed;
    const done = new Promise((resolve, reject) => {
      succeed = resolve;
      fail = reject;
    });
    const timer = setTimeout(() => fail(new KysoError("TIMEOUT", { lang })), timeoutMs);
    const progress = (p) => {
      try {
        onProgress?.(p);
      } catch {
      }
    };
    const finish = (m) => {
      if (m.type === "result") succeed(replaceBlobs(m.result, received));
      else fail(fromErrorObject(m.error, lang));
    };
    this.waiting.set(id, (m) => {
      switch (m.type) {
        case "ack":
          ackWaiter?.(m);
          break;
        case "progress":
          progress({ stage: m.stage, done: m.done, total: m.total });
          break;
        case "blob": {
          const parts = received.get(m.blob) ?? [];
          parts[m.seq] = decode(m.data);
          received.set(m.blob, parts);
          break;
        }
        case "chunk":
          chunks[m.seq] = m.data;
          if (m.last) {
            const text = chunks.join("");
            chunks = [];
            try {
              finish(JSON.parse(text));
            } catch {
              fail(new KysoError("INTERNAL", { lang, hostMessage: "unreadable chunked answer" }));
            }
          }
          break;
        case "result":
        case "error":
          finish(m);
          break;
        default:
          break;
      }
    });
    try {
      const upload = this.upload(id, blobs, progress, (waiter) => {
        ackWaiter = waiter;
      });
      await Promise.race([upload, done]);
      this.post({ type: "request", id, command, params, lang });
      return await done;
    } finally {
      clearTimeout(timer);
      this.waiting.delete(id);
    }
  }
  async upload(id, blobs, progress, setAckWaiter) {
    const entries = Object.entries(blobs);
    const total = entries.reduce((n, [, bytes]) => n + bytes.length, 0);
    let sent = 0;
    for (const [name, bytes] of entries) {
      const count = Math.max(1, Math.ceil(bytes.length / BLOB_PART_BYTES));
      for (let seq = 0; seq < count; seq++) {
        const part = bytes.subarray(seq * BLOB_PART_BYTES, (seq + 1) * BLOB_PART_BYTES);
        const acked = new Promise((resolve) => {
          setAckWaiter((m) => {
            if (m.blob === name && m.seq === seq) resolve();
          });
        });
        this.post({ type: "blob", id, blob: name, seq, last: seq === count - 1, data: encode(part) });
        await acked;
        sent += part.length;
        progress({ stage: "upload", done: sent, total });
      }
    }
  }
};
function replaceBlobs(value, received) {
  if (Array.isArray(value)) return value.map((v) => replaceBlobs(v, received));
  if (value && typeof value === "object") {
    if (typeof value.$blob === "string" && Object.keys(value).every((k) => k === "$blob" || k === "size")) {
      return concat(received.get(value.$blob) ?? []);
    }
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = replaceBlobs(v, received);
    return out;
  }
  return value;
}

// extension/lib/src/api.mjs
var HASH_LENGTHS = { "SHA-256": 32, "SHA-384": 48, "SHA-512": 64 };
function pageLanguage(win) {
  const lang = win?.document?.documentElement?.lang ?? "";
  return /^en\b/i.test(lang) ? "en" : "vi";
}
function createKyso(win = globalThis.window, settings = {}) {
  let channel = null;
  const langOf = (options) => options?.lang ?? settings.lang ?? pageLanguage(win);
  function invalid(lang, field) {
    return new KysoError("INVALID_REQUEST", { lang, details: { field } });
  }
  function hashSigningParams({ thumbprint, hashAlgorithm = "SHA-256", signatureScheme, ecdsaFormat, description }, lang) {
    if (typeof thumbprint !== "string" || !/^[0-9a-f]{64}$/.test(thumbprint)) throw invalid(lang, "thumbprint");
    if (!(hashAlgorithm in HASH_LENGTHS)) throw invalid(lang, "hashAlgorithm");
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
    if (!win || win.isSecureContext === false) throw new KysoError("CONTEXT_INSECURE", { lang });
    channel ?? (channel = new Channel(win, settings));
    return channel.call(command, params, {
      blobs,
      lang,
      onProgress: options.onProgress,
      timeoutMs: options.timeout ?? settings.timeout
    });
  }
  return {
    // {extension: {version}, host: {name, version, protocol, commands, origin, ...}}
    async status(options = {}) {
      const host = await call("status", { modules: options.modules === true }, options);
      return { extension: channel.extension, host };
    },
    // The certificates on the user's tokens (the user confirms in kyso's own dialog).
    async getCertificates(options = {}) {
      const result = await call("listCertificates", { includeExpired: options.includeExpired === true }, options);
      return result.certificates.map((c) => ({ ...c, certificate: decode(c.certificate) }));
    },
    // Signs a digest computed elsewhere. Returns {signature, certificate} as bytes.
    async signHash({ hash, ...request } = {}, options = {}) {
      const lang = langOf(options);
      const params = hashSigningParams(request, lang);
      params.hash = encode(digestBytes(hash, params.hashAlgorithm, lang, "hash"));
      const result = await call("signHash", params, options);
      return { ...result, signature: decode(result.signature), certificate: decode(result.certificate) };
    },
    // Many digests with one consent and one PIN (host command signHashes).
    // names: the site's names for the items, shown in kyso's dialog.
    async signHashes({ hashes, names, ...request } = {}, options = {}) {
      const lang = langOf(options);
      const params = hashSigningParams(request, lang);
      if (!Array.isArray(hashes) || hashes.length === 0 || hashes.length > 1e4) throw invalid(lang, "hashes");
      params.hashes = hashes.map((h, i) => encode(digestBytes(h, params.hashAlgorithm, lang, `hashes[${i}]`)));
      if (names !== void 0) {
        if (!Array.isArray(names) || names.length !== hashes.length) throw invalid(lang, "names");
        params.names = names.map(String);
      }
      const result = await call("signHashes", params, options);
      return { ...result, signatures: result.signatures.map(decode), certificate: decode(result.certificate) };
    },
    // Signs what the site's server prepared for a CAdES/PAdES signature (host command
    // signPrepared): `data` is the DER of the CMS signed attributes (EU DSS's data to sign,
    // pyHanko's or iText's external signing), not their hash. kyso reads them and refuses
    // anything else; the dialog names documentName. Returns {signature, certificate} as bytes
    // (ECDSA as DER, what a CMS SignerInfo holds) with signatureScheme and hashAlgorithm.
    async signPrepared({ thumbprint, data, kind = "cms-signed-attributes", hashAlgorithm = "SHA-256", signatureScheme, description, documentName } = {}, options = {}) {
      const lang = langOf(options);
      if (typeof thumbprint !== "string" || !/^[0-9a-f]{64}$/.test(thumbprint)) throw invalid(lang, "thumbprint");
      if (typeof kind !== "string") throw invalid(lang, "kind");
      if (!(hashAlgorithm in HASH_LENGTHS)) throw invalid(lang, "hashAlgorithm");
      let bytes;
      try {
        bytes = toBytes(data, "data");
      } catch {
        throw invalid(lang, "data");
      }
      if (bytes.length === 0) throw invalid(lang, "data");
      const params = { thumbprint, kind, hashAlgorithm, data: encode(bytes) };
      if (signatureScheme) params.signatureScheme = signatureScheme;
      if (description) params.description = String(description);
      if (documentName) params.documentName = String(documentName);
      const result = await call("signPrepared", params, options);
      return { ...result, signature: decode(result.signature), certificate: decode(result.certificate) };
    },
    // A web-eid:1.0 login token over the server's nonce; send it to the server as is.
    async authenticate(challengeNonce, { thumbprint, ...options } = {}) {
      const lang = langOf(options);
      if (typeof challengeNonce !== "string" || !/^[A-Za-z0-9+/=_-]{44,128}$/.test(challengeNonce)) {
        throw invalid(lang, "challengeNonce");
      }
      const params = { challengeNonce };
      if (thumbprint !== void 0) params.thumbprint = thumbprint;
      return call("authenticate", params, options);
    },
    // Signs a PDF on the user's machine (host command signPdf; a host without it
    // answers UNKNOWN_COMMAND). options go to the host as they are, except callbacks.
    async signPdf(bytes, { onProgress, lang, timeout, ...pdfOptions } = {}) {
      let document;
      try {
        document = toBytes(bytes, "document");
      } catch {
        throw invalid(langOf({ lang }), "document");
      }
      return call("signPdf", { ...pdfOptions, document: { $blob: "document" } }, { onProgress, lang, timeout }, {
        document
      });
    },
    // Empty read-only text fields (the clerk's number and date, Nghị định 30/2020) added to a
    // PDF before anyone signs it (host command preparePdfDraft): no token and no dialog.
    // fields: [{name, page, rect: [x, y, w, h] | corner..., fontSize, align}].
    async preparePdfDraft(bytes, { fields, fileName, onProgress, lang, timeout } = {}) {
      let document;
      try {
        document = toBytes(bytes, "document");
      } catch {
        throw invalid(langOf({ lang }), "document");
      }
      if (!Array.isArray(fields) || fields.length === 0) throw invalid(langOf({ lang }), "fields");
      const params = { fields, document: { $blob: "document" } };
      if (fileName !== void 0) params.fileName = fileName;
      const result = await call("preparePdfDraft", params, { onProgress, lang, timeout }, { document });
      return result;
    },
    // items: [{document: bytes, fileName}] (`name` is accepted for fileName); one dialog and
    // one PIN for all. The host's own field is `items` (docs/protocol.md, signPdfBatch).
    async signPdfBatch(items, options = {}, onProgress = options.onProgress) {
      const { lang, timeout, onProgress: _ignored, ...batchOptions } = options;
      if (!Array.isArray(items) || items.length === 0) throw invalid(langOf({ lang }), "items");
      const blobs = {};
      const hostItems = items.map((item, i) => {
        const { document, name, fileName, ...rest } = item ?? {};
        try {
          blobs[`document-${i}`] = toBytes(document, "document");
        } catch {
          throw invalid(langOf({ lang }), `items[${i}].document`);
        }
        const entry = { ...rest, document: { $blob: `document-${i}` } };
        if (fileName ?? name) entry.fileName = fileName ?? name;
        return entry;
      });
      return call("signPdfBatch", { ...batchOptions, items: hostItems }, { onProgress, lang, timeout }, blobs);
    }
  };
}

// extension/lib/src/index.mjs
var instance = typeof window !== "undefined" ? createKyso(window) : null;
var unavailable = () => Promise.reject(new KysoError("CONTEXT_INSECURE"));
var status = instance ? instance.status : unavailable;
var getCertificates = instance ? instance.getCertificates : unavailable;
var signHash = instance ? instance.signHash : unavailable;
var signHashes = instance ? instance.signHashes : unavailable;
var signPrepared = instance ? instance.signPrepared : unavailable;
var authenticate = instance ? instance.authenticate : unavailable;
var signPdf = instance ? instance.signPdf : unavailable;
var signPdfBatch = instance ? instance.signPdfBatch : unavailable;
var preparePdfDraft = instance ? instance.preparePdfDraft : unavailable;
var version = "0.1.0";
export {
  ERROR_CODES,
  KysoError,
  authenticate,
  createKyso,
  getCertificates,
  preparePdfDraft,
  signHash,
  signHashes,
  signPdf,
  signPdfBatch,
  signPrepared,
  status,
  version
};
