// kyso page API. Use the default functions, or createKyso(window, {lang, timeout}).
import { createKyso } from './api.mjs';
import { ERROR_CODES, KysoError } from './errors.mjs';

const instance = typeof window !== 'undefined' ? createKyso(window) : null;
const unavailable = () => Promise.reject(new KysoError('CONTEXT_INSECURE'));

export const status = instance ? instance.status : unavailable;
export const getCertificates = instance ? instance.getCertificates : unavailable;
export const signHash = instance ? instance.signHash : unavailable;
export const signHashes = instance ? instance.signHashes : unavailable;
export const signPrepared = instance ? instance.signPrepared : unavailable;
export const authenticate = instance ? instance.authenticate : unavailable;
export const signPdf = instance ? instance.signPdf : unavailable;
export const signPdfBatch = instance ? instance.signPdfBatch : unavailable;
export const preparePdfDraft = instance ? instance.preparePdfDraft : unavailable;
export const version = '0.1.0';
export { createKyso, KysoError, ERROR_CODES };
