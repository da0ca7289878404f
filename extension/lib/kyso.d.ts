// Type declarations for the kyso page API: window.kyso from kyso.js, and the ES module
// kyso.mjs (kyso.d.mts re-exports these).

export type Lang = 'vi' | 'en';
export type Bytes = Uint8Array | ArrayBuffer;
export type HashAlgorithm = 'SHA-256' | 'SHA-384' | 'SHA-512';
export type SignatureScheme = 'RSA-PKCS1-v1_5' | 'RSA-PSS' | 'ECDSA';

/** Stable error codes. Host codes from docs/protocol.md pass through unchanged. */
export type KysoErrorCode =
  | 'EXTENSION_UNAVAILABLE' | 'NATIVE_UNAVAILABLE' | 'VERSION_MISMATCH' | 'USER_CANCELLED'
  | 'PIN_INCORRECT' | 'PIN_LOCKED' | 'TIMEOUT' | 'BUSY' | 'ORIGIN_NOT_ALLOWED' | 'CONTEXT_INSECURE'
  | 'INVALID_REQUEST' | 'UNKNOWN_COMMAND' | 'NOT_SUPPORTED' | 'TOO_LARGE' | 'TOKEN_NOT_FOUND'
  | 'TOKEN_REMOVED' | 'TOKEN_ERROR' | 'CERTIFICATE_NOT_FOUND' | 'CERTIFICATE_EXPIRED'
  | 'UNSUPPORTED_ALGORITHM' | 'PROMPT_FAILED' | 'INVALID_PDF' | 'ENCRYPTED_PDF' | 'TSA_UNAVAILABLE'
  | 'OPERATION_NOT_ALLOWED' | 'POLICY_ERROR' | 'RATE_LIMITED' | 'DOCUMENT_REFUSED' | 'INTERNAL' | 'UNKNOWN_ERROR';

export declare class KysoError extends Error {
  readonly name: 'KysoError';
  /** Branch on this, never on the message. */
  readonly code: KysoErrorCode | string;
  /** Vietnamese or English, per the call's `lang`. */
  readonly message: string;
  /** What the host or extension added: triesLeft, pinCountLow, field, origin, ... */
  readonly details: Record<string, unknown>;
  /** The host's or extension's own wording, for logs. */
  readonly hostMessage: string | null;
}
export declare const ERROR_CODES: readonly string[];

export interface Progress {
  /** 'upload' (bytes sent to kyso), 'waiting-for-user', 'signing', 'timestamping', 'document'. */
  stage: string;
  done?: number;
  total?: number;
}
export interface CallOptions {
  lang?: Lang;
  /** Milliseconds before TIMEOUT; default 5 minutes (the user may be typing a PIN). */
  timeout?: number;
  onProgress?: (progress: Progress) => void;
}

export interface Name {
  dn: string;
  commonName: string | null;
  organization?: string | null;
  serialNumber?: string | null;
  [attribute: string]: unknown;
}
export interface Certificate {
  /** Lowercase hex SHA-256 of the DER certificate: how kyso names a certificate. */
  thumbprint: string;
  /** X.509 DER. */
  certificate: Uint8Array;
  subject: Name;
  issuer: Name;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  expired: boolean;
  key: { type: 'RSA' | 'EC'; bits: number; curve?: string };
  keyUsage: string[];
  extendedKeyUsage: string[];
  /** True when the certificate can be chosen for signing (privateKey is not "none"). */
  hasPrivateKey: boolean;
  /**
   * "present": the key (or its public key) is seen on the token; "after-login": only the
   * certificate is visible before the PIN, the key is found by CKA_ID after login (a missing
   * key is then CERTIFICATE_NOT_FOUND, after the PIN was asked); "none": it cannot sign.
   */
  privateKey: "present" | "after-login" | "none";
  alwaysAuthenticate: boolean;
  signatureSchemes: SignatureScheme[];
  token: { label: string; serial: string; manufacturer: string; model: string; module: string; protectedAuthPath: boolean };
}

export interface Status {
  extension: { version: string };
  host: {
    name: string;
    version: string;
    protocol: number;
    minProtocol: number;
    commands: string[];
    /** reason: why not allowed: 'ORIGIN_NOT_ALLOWED', or 'POLICY_ERROR' when IT's policy cannot be read. */
    origin?: { value: string; allowed: boolean; reason?: 'ORIGIN_NOT_ALLOWED' | 'POLICY_ERROR' };
    /** With status({modules: true}) and only for an allowed origin: whether any token is inserted. Which token, never. */
    tokenPresent?: boolean;
  };
}

export interface SignHashRequest {
  thumbprint: string;
  /** 32, 48 or 64 bytes for SHA-256, SHA-384, SHA-512. */
  hash: Bytes;
  hashAlgorithm?: HashAlgorithm;
  signatureScheme?: SignatureScheme;
  ecdsaFormat?: 'raw' | 'der';
  /** Shown in kyso's dialog as the site's description (at most 200 characters). */
  description?: string;
}
export interface SignHashResult {
  signature: Uint8Array;
  certificate: Uint8Array;
  signatureScheme: SignatureScheme;
  hashAlgorithm: HashAlgorithm;
  ecdsaFormat: 'raw' | 'der' | null;
}

export interface SignHashesRequest extends Omit<SignHashRequest, 'hash'> {
  /** 1 to 10,000 digests, all of hashAlgorithm's length. */
  hashes: Bytes[];
  /** The site's names for the items, shown in kyso's dialog (at most 200 characters each). */
  names?: string[];
}
export interface SignHashesResult extends Omit<SignHashResult, 'signature'> {
  /** In the order of `hashes`. */
  signatures: Uint8Array[];
}

/** What signPrepared signs: the DER of CMS signed attributes a server made for a CAdES or
 * PAdES signature (a SET OF Attribute with content-type id-data, message-digest and
 * signing-certificate-v2 naming the chosen certificate). */
export interface SignPreparedRequest {
  thumbprint: string;
  /** The signed attributes' DER (at most 64 KiB), not their hash. */
  data: Bytes;
  /** Only 'cms-signed-attributes' for now (the default). */
  kind?: 'cms-signed-attributes';
  /** The hash of the signature: message-digest must have its length. Default SHA-256. */
  hashAlgorithm?: HashAlgorithm;
  signatureScheme?: SignatureScheme;
  /** Shown in kyso's dialog as the site's description (at most 200 characters). */
  description?: string;
  /** The document's name, shown in kyso's dialog. */
  documentName?: string;
}
export interface SignPreparedResult {
  /** Over hashAlgorithm(data); for ECDSA the DER ECDSA-Sig-Value a SignerInfo holds. */
  signature: Uint8Array;
  certificate: Uint8Array;
  signatureScheme: SignatureScheme;
  hashAlgorithm: HashAlgorithm;
  ecdsaFormat: 'der' | null;
}

/** Web eID web-eid:1.0 token: post it to your server unchanged. */
export interface AuthToken {
  unverifiedCertificate: string;
  algorithm: string;
  signature: string;
  format: 'web-eid:1.0';
  appVersion: string;
}

export interface PdfBatchItem {
  document: Bytes;
  /** The name shown in the consent dialog (a display name, never a path). */
  fileName?: string;
  /** Older spelling of fileName. */
  name?: string;
  [option: string]: unknown;
}

/** Where a box goes on a page as displayed (points): `rect` or `corner` with offsets. */
export interface PdfPlacement {
  /** 1 is the first page, -1 the last (default 1). */
  page?: number;
  /** [x, y, width, height] from the lower left corner of the displayed page. */
  rect?: [number, number, number, number];
  corner?: 'bottom-left' | 'bottom-right' | 'top-left' | 'top-right';
  offsetX?: number;
  offsetY?: number;
  width?: number;
  height?: number;
}

/** An empty read-only text field of a draft (the clerk's number or date). */
export interface PdfDraftField extends PdfPlacement {
  /** 1 to 100 bytes, no '.'; not already a field of the document. */
  name: string;
  /** 4 to 72 points (default 13). */
  fontSize?: number;
  align?: 'left' | 'center' | 'right';
}

/** A value the signature adds in its own revision: fills the text field `field`, or, when the
 * document has none and a placement is given, is stamped there. */
export interface PdfFill extends PdfPlacement {
  field: string;
  /** One line, shown in kyso's dialog before the user signs. */
  value: string;
  fontSize?: number;
  align?: 'left' | 'center' | 'right';
}

/** Options of signPdf / signPdfBatch (host params, docs/protocol.md). */
export interface PdfSignOptions {
  thumbprint: string;
  fileName?: string;
  fieldName?: string;
  reason?: string;
  location?: string;
  signerName?: string;
  signatureScheme?: SignatureScheme;
  visible?: PdfPlacement & { lines?: string[]; image?: string | { $blob: string }; fontSize?: number };
  /** The clerk's number and date (at most 20 entries). */
  fill?: PdfFill[];
  /** Copy/attachment mark: these lines and the signing time, top right of page 1, 10 pt.
   * Excludes `visible`. */
  copyMark?: { lines: string[] };
  timestamp?: boolean;
  [option: string]: unknown;
}

export interface PdfDraftResult {
  /** The input unchanged, followed by the fields' incremental update. */
  document: Uint8Array;
  fileName: string;
  fields: string[];
}

export interface Kyso {
  /** modules: also look for tokens (loads the PKCS#11 modules) and report host.tokenPresent. */
  status(options?: CallOptions & { modules?: boolean }): Promise<Status>;
  getCertificates(options?: CallOptions & { includeExpired?: boolean }): Promise<Certificate[]>;
  /** Signs a digest the page chose: only for origins IT lists in hashSigningOrigins (others get
   * OPERATION_NOT_ALLOWED); other sites use signPrepared. */
  signHash(request: SignHashRequest, options?: CallOptions): Promise<SignHashResult>;
  /** One consent and one PIN for many digests; progress stage 'signing' every 50 signatures. */
  signHashes(request: SignHashesRequest, options?: CallOptions): Promise<SignHashesResult>;
  /** Signs the CMS signed attributes a site's server prepared (CAdES/PAdES), any allowed site. */
  signPrepared(request: SignPreparedRequest, options?: CallOptions): Promise<SignPreparedResult>;
  authenticate(challengeNonce: string, options?: CallOptions & { thumbprint?: string }): Promise<AuthToken>;
  /** PAdES signature of a PDF (host command signPdf, docs/protocol.md). */
  signPdf(document: Bytes, options?: CallOptions & PdfSignOptions): Promise<Record<string, unknown>>;
  /** Empty read-only text fields for the clerk's number and date, before anyone signs (host
   * command preparePdfDraft): no token, no dialog. */
  preparePdfDraft(
    document: Bytes,
    options: CallOptions & { fields: PdfDraftField[]; fileName?: string },
  ): Promise<PdfDraftResult>;
  /** Many PDFs, one dialog and one PIN (host command signPdfBatch). */
  signPdfBatch(
    items: PdfBatchItem[],
    options?: CallOptions & Record<string, unknown>,
    onProgress?: (progress: Progress) => void,
  ): Promise<Record<string, unknown>>;
}

export declare function createKyso(win?: Window, settings?: { lang?: Lang; timeout?: number; detectTimeoutMs?: number }): Kyso;
export declare const status: Kyso['status'];
export declare const getCertificates: Kyso['getCertificates'];
export declare const signHash: Kyso['signHash'];
export declare const signHashes: Kyso['signHashes'];
export declare const signPrepared: Kyso['signPrepared'];
export declare const authenticate: Kyso['authenticate'];
export declare const signPdf: Kyso['signPdf'];
export declare const signPdfBatch: Kyso['signPdfBatch'];
export declare const preparePdfDraft: Kyso['preparePdfDraft'];
export declare const version: string;

/** What kyso.js (the plain script) puts on window.kyso. */
export interface KysoGlobal extends Kyso {
  createKyso: typeof createKyso;
  KysoError: typeof KysoError;
  ERROR_CODES: readonly string[];
  version: string;
}

declare global {
  interface Window {
    kyso: KysoGlobal;
  }
}
