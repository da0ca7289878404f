// The demo portal's document workflow (Nghị định 30/2020, outgoing official document): the
// server drafts a PDF, the specialist's browser adds the clerk's empty number and date fields
// (step 1, kyso's preparePdfDraft, when the host has it), then the head of department, the head
// of office and the head of agency sign it in turn, and the clerk fills in the number and date
// the system gives and signs with the organisation's certificate. Each signature is made in the browser through kyso; the server
// keeps every revision and accepts a new one only if the previous is its exact prefix and it
// adds one signature (what a document-management system must check before it moves a document
// on). Verifying the signatures themselves is the receiver's job: tests/e2e does it with
// pdfsig, mutool, qpdf and openssl.
import { randomBytes, randomUUID } from 'node:crypto';

// Step 1 (the specialist's draft, with the clerk's fields) adds no signature; 2-5 add one each.
export const STEPS = [
  { step: 1, role: 'specialist' },
  { step: 2, role: 'head-of-department' },
  { step: 3, role: 'head-of-office' },
  { step: 4, role: 'head-of-agency' },
  { step: 5, role: 'clerk' },
];
const MAX_UPLOAD = 64 * 1024 * 1024;

// A one-page A4 draft. The standard PDF fonts cannot show Vietnamese, so the draft's own text
// is without diacritics; the signatures kyso draws embed a font that has them. `extraBytes`
// adds an incompressible attachment-like stream (an appendix of scans), for large documents.
export function makeDraftPdf({ title, extraBytes = 0 }) {
  const lines = [
    'UY BAN NHAN DAN TINH KYSO', 'SO THONG TIN VA TRUYEN THONG', '',
    'CONG HOA XA HOI CHU NGHIA VIET NAM', 'Doc lap - Tu do - Hanh phuc', '',
    'So:', '', title, '',
    'Kinh gui: Cac co quan, don vi thuoc tinh.', '',
    'Thuc hien Nghi dinh so 30/2020/ND-CP ve cong tac van thu, So Thong tin va',
    'Truyen thong de nghi cac co quan, don vi su dung chu ky so trong gui, nhan van ban.',
  ];
  const text = lines.map((l, i) => `BT /F1 12 Tf 60 ${780 - i * 18} Td (${l}) Tj ET`).join('\n');
  const objects = [
    `<< /Type /Catalog /Pages 2 0 R${extraBytes > 0 ? ' /KysoPhuLuc 6 0 R' : ''} >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    Buffer.concat([Buffer.from(`<< /Length ${Buffer.byteLength(text)} >>\nstream\n`), Buffer.from(text), Buffer.from('\nendstream')]),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>',
  ];
  if (extraBytes > 0) {
    objects.push(Buffer.concat([Buffer.from(`<< /Length ${extraBytes} >>\nstream\n`), randomBytes(extraBytes), Buffer.from('\nendstream')]));
  }
  const parts = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let size = parts[0].length;
  const offsets = objects.map((body, i) => {
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), Buffer.from(body), Buffer.from('\nendobj\n')]);
    parts.push(obj);
    const at = size;
    size += obj.length;
    return at;
  });
  parts.push(Buffer.from([`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`,
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`),
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${size}\n%%EOF\n`].join('')));
  return Buffer.concat(parts);
}

// Signature dictionaries in a file: one /ByteRange each.
const countSignatures = (pdf) => pdf.toString('latin1').split('/ByteRange').length - 1;

// Routes for server.mjs: {'METHOD /path': handler}; ids in the path are matched by route().
export function workflowRoutes({ json, readJson, readBody }) {
  const documents = new Map(); // id -> {revisions: [Buffer], steps: [{step, size}], number, date}
  let lastNumber = 0; // numbers are unique within the year (Đ15), given by the system
  const find = (req, res) => {
    const id = /^\/api\/workflow\/([\w-]+)/.exec(new URL(req.url, 'http://x').pathname)?.[1];
    const doc = documents.get(id);
    if (!doc) json(res, 404, { ok: false, error: 'unknown document' });
    return doc && { id, doc };
  };
  const summary = (id, doc) => ({
    ok: true, id, size: doc.revisions.at(-1).length, signatures: countSignatures(doc.revisions.at(-1)),
    steps: doc.steps, number: doc.number, date: doc.date,
  });
  return {
    'POST /api/workflow': async (req, res) => {
      const { extraBytes = 0 } = await readJson(req);
      if (!Number.isInteger(extraBytes) || extraBytes < 0 || extraBytes > 48 * 1024 * 1024) {
        return json(res, 400, { ok: false, error: 'extraBytes' });
      }
      const id = randomUUID();
      const draft = makeDraftPdf({ title: 'V/v trien khai chu ky so chuyen dung Chinh phu', extraBytes });
      documents.set(id, { revisions: [draft], steps: [], number: null, date: null });
      json(res, 200, summary(id, documents.get(id)));
    },
    'GET /api/workflow/:id': async (req, res) => {
      const found = find(req, res);
      if (found) json(res, 200, summary(found.id, found.doc));
    },
    'GET /api/workflow/:id/pdf': async (req, res) => {
      const found = find(req, res);
      if (!found) return;
      const pdf = found.doc.revisions.at(-1);
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length, 'cache-control': 'no-store' }).end(pdf);
    },
    // The clerk's number and date, assigned by the system before the clerk signs.
    'POST /api/workflow/:id/number': async (req, res) => {
      const found = find(req, res);
      if (!found) return;
      const { doc } = found;
      if (doc.steps.at(-1)?.step !== 4) return json(res, 409, { ok: false, error: 'the three leaders sign first' });
      if (!doc.number) {
        lastNumber += 1;
        doc.number = `${lastNumber}/STTTT-VP`;
        const now = new Date(Date.now() + 7 * 3600 * 1000); // Vietnam time, no daylight saving
        doc.date = `Hà Nội, ngày ${now.getUTCDate()} tháng ${now.getUTCMonth() + 1} năm ${now.getUTCFullYear()}`;
      }
      json(res, 200, summary(found.id, doc));
    },
    // A revision for step N: it must extend the current revision and add one signature (none
    // for step 1, which only adds the clerk's fields and may be left out).
    'PUT /api/workflow/:id/step/:n': async (req, res) => {
      const found = find(req, res);
      if (!found) return;
      const { doc } = found;
      const step = Number(/\/step\/(\d+)$/.exec(req.url)?.[1]);
      const last = doc.steps.at(-1)?.step ?? 0;
      if (!(step === last + 1 || (last === 0 && step === 2)) || step > 5) return json(res, 409, { ok: false, error: `step ${last + 1} is next` });
      if (step === 5 && !doc.number) return json(res, 409, { ok: false, error: 'no number yet' });
      const body = await readBody(req, MAX_UPLOAD);
      const previous = doc.revisions.at(-1);
      if (body.length <= previous.length || !body.subarray(0, previous.length).equals(previous)) {
        return json(res, 400, { ok: false, error: 'not an incremental update of the current revision' });
      }
      const added = step === 1 ? 0 : 1;
      if (countSignatures(body) !== countSignatures(previous) + added) return json(res, 400, { ok: false, error: `not exactly ${added} new signature(s)` });
      doc.revisions.push(body);
      doc.steps.push({ step, size: body.length });
      json(res, 200, summary(found.id, doc));
    },
  };
}
