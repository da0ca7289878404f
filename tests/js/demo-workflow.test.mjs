// The demo portal's workflow server (extension/demo/workflow.mjs) refuses what a document
// system must refuse: steps out of order, a revision that does not extend the current one or
// adds no signature, the clerk's number before the leaders signed, the clerk before the number.
// The signatures themselves are made and checked in tests/e2e (real browsers, tokens, tools).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDemoServer } from '../../extension/demo/server.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'kyso-demo-workflow-'));
let demo;
before(async () => {
  // The workflow needs no trust anchor, but the server reads one at start-up.
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', '/CN=root', '-keyout', path.join(dir, 'root.key'), '-out', path.join(dir, 'root.pem')], { stdio: 'pipe' });
  demo = await startDemoServer({ port: 0, trust: path.join(dir, 'root.pem') });
});
after(async () => {
  await demo.close();
  rmSync(dir, { recursive: true, force: true });
});

const api = async (method, url, body) => {
  const init = { method };
  if (Buffer.isBuffer(body)) Object.assign(init, { body, headers: { 'content-type': 'application/pdf' } });
  else if (body) Object.assign(init, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const res = await fetch(`${demo.url}${url.slice(1)}`, init);
  return { status: res.status, body: res.headers.get('content-type').startsWith('application/pdf') ? Buffer.from(await res.arrayBuffer()) : await res.json() };
};
// A stand-in for a signed revision: the current bytes plus an appended "signature".
const signedOver = (pdf) => Buffer.concat([pdf, Buffer.from('\n1000 0 obj\n<< /Type /Sig /ByteRange [0 0 0 0] >>\nendobj\n')]);

test('a draft is a PDF qpdf accepts, of the size asked for', async () => {
  const created = await api('POST', '/api/workflow', { extraBytes: 100000 });
  assert.equal(created.status, 200);
  const pdf = (await api('GET', `/api/workflow/${created.body.id}/pdf`)).body;
  assert.equal(pdf.length, created.body.size);
  assert.ok(pdf.length > 100000);
  const file = path.join(dir, 'draft.pdf');
  writeFileSync(file, pdf);
  assert.match(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' }), /No syntax or stream encoding errors found/);
  assert.equal((await api('POST', '/api/workflow', { extraBytes: -1 })).status, 400);
});

test('step 1 (the clerk\'s empty fields) adds no signature and comes first, or not at all', async () => {
  const { id } = (await api('POST', '/api/workflow', {})).body;
  const pdf = (await api('GET', `/api/workflow/${id}/pdf`)).body;
  assert.equal((await api('PUT', `/api/workflow/${id}/step/1`, signedOver(pdf))).status, 400, 'a signature in step 1');
  const fields = Buffer.concat([pdf, Buffer.from('\n1000 0 obj\n<< /FT /Tx /T (SoKyHieu) >>\nendobj\n')]);
  assert.equal((await api('PUT', `/api/workflow/${id}/step/1`, fields)).status, 200);
  assert.equal((await api('PUT', `/api/workflow/${id}/step/1`, Buffer.concat([fields, Buffer.from('\n')]))).status, 409, 'step 1 once');
  assert.equal((await api('PUT', `/api/workflow/${id}/step/2`, signedOver(fields))).status, 200);
  const late = (await api('POST', '/api/workflow', {})).body.id;
  const latePdf = signedOver((await api('GET', `/api/workflow/${late}/pdf`)).body);
  assert.equal((await api('PUT', `/api/workflow/${late}/step/2`, latePdf)).status, 200, 'step 1 may be left out');
  assert.equal((await api('PUT', `/api/workflow/${late}/step/1`, Buffer.concat([latePdf, Buffer.from('\n')]))).status, 409, 'but not done after step 2');
});

test('steps in order, each an incremental update adding one signature; the number before the clerk', async () => {
  const { id } = (await api('POST', '/api/workflow', {})).body;
  let pdf = (await api('GET', `/api/workflow/${id}/pdf`)).body;
  assert.equal((await api('PUT', `/api/workflow/${id}/step/3`, signedOver(pdf))).status, 409, 'step 3 before step 2');
  const rewritten = Buffer.from(signedOver(pdf));
  rewritten[20] ^= 1;
  assert.equal((await api('PUT', `/api/workflow/${id}/step/2`, rewritten)).status, 400, 'an earlier byte changed');
  assert.equal((await api('PUT', `/api/workflow/${id}/step/2`, Buffer.concat([pdf, Buffer.from('\n% nothing\n')]))).status, 400, 'no signature added');
  assert.equal((await api('POST', `/api/workflow/${id}/number`)).status, 409, 'no number before the leaders signed');
  for (const step of [2, 3, 4]) {
    pdf = signedOver(pdf);
    const r = await api('PUT', `/api/workflow/${id}/step/${step}`, pdf);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.signatures, step - 1);
  }
  assert.equal((await api('PUT', `/api/workflow/${id}/step/5`, signedOver(pdf))).status, 409, 'the clerk needs the number first');
  const numbered = (await api('POST', `/api/workflow/${id}/number`)).body;
  assert.match(numbered.number, /^\d+\/STTTT-VP$/);
  assert.equal((await api('POST', `/api/workflow/${id}/number`)).body.number, numbered.number, 'numbered once');
  const done = await api('PUT', `/api/workflow/${id}/step/5`, signedOver(pdf));
  assert.equal(done.status, 200);
  assert.deepEqual(done.body.steps.map((s) => s.step), [2, 3, 4, 5]);
  assert.equal((await api('PUT', `/api/workflow/${id}/step/6`, signedOver(signedOver(pdf)))).status, 409, 'nothing after the clerk');
  assert.equal((await api('GET', '/api/workflow/no-such-id')).status, 404);
});
