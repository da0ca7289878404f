// Compiled (not run) by `npm run lint:types`: the declarations describe the API as the docs use it.
import { KysoError, authenticate, getCertificates, preparePdfDraft, signHash, signHashes, signPdf, status } from '../../../extension/lib/kyso.mjs';
import type { AuthToken, Certificate, Progress } from '../../../extension/lib/kyso.mjs';

export async function flow(nonce: string, digest: Uint8Array): Promise<[AuthToken, Uint8Array, number]> {
  const s = await status({ lang: 'en' });
  if (!s.host.commands.includes('signHash')) throw new Error('old host');
  if (s.host.origin?.reason === 'POLICY_ERROR') throw new Error('ask IT to fix the kyso policy');
  const withToken = await status({ modules: true });
  if (withToken.host.tokenPresent === false) console.log('insert your token');
  const certs: Certificate[] = await getCertificates({ includeExpired: false });
  const thumbprint = certs.filter((c) => c.hasPrivateKey)[0].thumbprint;
  const token = await authenticate(nonce, { thumbprint, timeout: 60000 });
  const onProgress = (p: Progress) => console.log(p.stage, p.done, p.total);
  const { signature } = await signHash({ thumbprint, hash: digest, description: 'Tờ khai' }, { onProgress });
  const many = await signHashes({ thumbprint, hashes: [digest, digest.buffer as ArrayBuffer], names: ['a', 'b'] });
  return [token, signature, many.signatures.length];
}

export function describe(e: unknown): string {
  if (e instanceof KysoError && e.code === 'CERTIFICATE_EXPIRED') return `expired on ${String(e.details.notAfter)}`;
  if (e instanceof KysoError) return `${e.code}: ${e.message} ${String(e.details.triesLeft ?? '')}`;
  return String(e);
}

export async function viaWindow(): Promise<string> {
  const s = await window.kyso.status();
  return `${window.kyso.version} ${s.extension.version}`;
}

export async function clerk(pdf: Uint8Array, thumbprint: string): Promise<number> {
  const draft = await preparePdfDraft(pdf, { fields: [{ name: 'SoKyHieu', page: 1, rect: [60, 760, 180, 22], align: 'center' }] });
  await signPdf(draft.document, { thumbprint, fill: [{ field: 'SoKyHieu', value: '125/QĐ-UBND' }] });
  await signPdf(pdf, { thumbprint, copyMark: { lines: ['SAO Y'] } });
  return draft.fields.length;
}
