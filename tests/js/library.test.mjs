// The page library end to end through the real content script and background router,
// with a scripted host process standing in for kyso-host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createKyso, KysoError } from '../../extension/lib/src/index.mjs';
import { FakeHostProcess, FakeWindow, extensionWith, installContentScript } from './harness.mjs';

const THUMB = 'ab'.repeat(32);

function setup(handler, options = {}) {
  const hostProcess = new FakeHostProcess({ handler, ...options.host });
  const { router } = extensionWith(hostProcess, options);
  const win = new FakeWindow(options.origin ?? 'https://dichvucong.example.vn');
  installContentScript(win, router);
  return { hostProcess, router, win, kyso: createKyso(win, { lang: 'en', ...options.settings }) };
}

test('status reports extension and host, and the origin comes from the sender', async () => {
  const { kyso, hostProcess } = setup((f, send) =>
    send({ type: 'result', id: f.id, result: { name: 'kyso-host', protocol: 1, commands: ['status'], origin: { value: f.origin, allowed: true } } }));
  const s = await kyso.status();
  assert.equal(s.extension.version, '0.1.0');
  assert.equal(s.host.origin.value, 'https://dichvucong.example.vn');
  const request = hostProcess.frames.find((f) => f.type === 'request' && f.id.startsWith('k'));
  assert.equal(request.origin, 'https://dichvucong.example.vn');
  assert.equal(request.protocol, 1);
});

test('a page cannot choose the origin the host sees', async () => {
  const { win, hostProcess } = setup((f, send) => send({ type: 'result', id: f.id, result: {} }));
  win.postMessage({ kyso: 1, dir: 'to-extension', type: 'request', id: 'x1', command: 'status', origin: 'https://evil.example', params: { origin: 'https://evil.example' } }, win.location.origin);
  await new Promise((r) => setTimeout(r, 50));
  const request = hostProcess.frames.find((f) => f.type === 'request' && f.id.startsWith('k'));
  assert.equal(request.origin, 'https://dichvucong.example.vn');
});

test('no extension: EXTENSION_UNAVAILABLE within about a second', async () => {
  const win = new FakeWindow('https://portal.example.vn');
  const kyso = createKyso(win, { lang: 'vi' });
  const started = Date.now();
  await assert.rejects(kyso.status(), (e) => e instanceof KysoError && e.code === 'EXTENSION_UNAVAILABLE' && /tiện ích/.test(e.message));
  const took = Date.now() - started;
  // It waits out the detection timeout (600 ms), then says so well within the promised second.
  assert.ok(took >= 550 && took < 1000, `took ${took} ms`);
});

test('an insecure page is refused before anything is sent', async () => {
  const win = new FakeWindow('http://portal.example.vn', { secure: false });
  const kyso = createKyso(win, { lang: 'en' });
  await assert.rejects(kyso.status(), { code: 'CONTEXT_INSECURE', message: 'kyso only works on https pages.' });
  assert.equal(win.posted.length, 0);
});

test('http://127.0.0.1 needs the developer setting', async () => {
  const answer = (f, send) => send({ type: 'result', id: f.id, result: { protocol: 1 } });
  const off = setup(answer, { origin: 'http://127.0.0.1:8080' });
  await assert.rejects(off.kyso.status(), { code: 'CONTEXT_INSECURE' });
  assert.equal(off.hostProcess.connects, 0, 'the host is not even started');
  const on = setup(answer, { origin: 'http://127.0.0.1:8080', allowInsecureLocalhost: true });
  assert.equal((await on.kyso.status()).host.protocol, 1);
});

test('signHash sends base64 and returns bytes; bad arguments fail locally', async () => {
  const digest = createHash('sha256').update('tờ khai').digest();
  const { kyso, hostProcess } = setup((f, send) => send({ type: 'result', id: f.id, result: {
    signature: Buffer.from('sig').toString('base64'), certificate: Buffer.from('cert').toString('base64'), signatureScheme: 'RSA-PKCS1-v1_5', hashAlgorithm: 'SHA-256', ecdsaFormat: null } }));
  const r = await kyso.signHash({ thumbprint: THUMB, hash: digest.buffer.slice(digest.byteOffset, digest.byteOffset + 32) });
  assert.deepEqual(Buffer.from(r.signature), Buffer.from('sig'));
  assert.ok(r.certificate instanceof Uint8Array);
  const sent = hostProcess.frames.find((f) => f.command === 'signHash');
  assert.equal(sent.params.hash, digest.toString('base64'));
  await assert.rejects(kyso.signHash({ thumbprint: THUMB, hash: new Uint8Array(31) }), { code: 'INVALID_REQUEST', details: { field: 'hash' } });
  await assert.rejects(kyso.signHash({ thumbprint: 'nope', hash: digest }), { code: 'INVALID_REQUEST' });
});

test('host errors pass through with their details, in the chosen language', async () => {
  const { kyso } = setup((f, send) => send({ type: 'error', id: f.id, error: { code: 'PIN_INCORRECT', message: 'Sai PIN', triesLeft: 1, pinCountLow: true } }));
  await assert.rejects(kyso.authenticate('A'.repeat(44), { thumbprint: THUMB, lang: 'vi' }), (e) =>
    e.code === 'PIN_INCORRECT' && e.details.triesLeft === 1 && e.message === 'Mã PIN không đúng.' && e.hostMessage === 'Sai PIN');
});

test('an expired certificate has its own code; its dates come with it', async () => {
  const error = { code: 'CERTIFICATE_EXPIRED', message: 'the certificate expired', thumbprint: THUMB, expired: true, notBefore: '2025-01-01T08:00:00+07:00', notAfter: '2025-12-31T08:00:00+07:00' };
  const { kyso } = setup((f, send) => send({ type: 'error', id: f.id, error }));
  await assert.rejects(kyso.signHash({ thumbprint: THUMB, hash: new Uint8Array(32) }, { lang: 'en' }), (e) =>
    e.code === 'CERTIFICATE_EXPIRED' && e.message === 'The chosen certificate has expired or is not yet valid.' &&
    e.details.expired === true && e.details.notAfter === error.notAfter && e.details.notBefore === error.notBefore);
  await assert.rejects(kyso.signHash({ thumbprint: THUMB, hash: new Uint8Array(32) }, { lang: 'vi' }), (e) =>
    e.code === 'CERTIFICATE_EXPIRED' && /hết hạn/.test(e.message));
});

test('large documents go up in blob parts of at most 512 KiB, each acknowledged', async () => {
  const size = 2 * 524288 + 1000;
  const { kyso, hostProcess } = setup((f, send) => send({ type: 'error', id: f.id, error: { code: 'UNKNOWN_COMMAND', message: 'no', command: f.command } }));
  const progress = [];
  const doc = new Uint8Array(size).map((_, i) => i % 251);
  await assert.rejects(kyso.signPdf(doc, { onProgress: (p) => progress.push(p), reason: 'duyệt' }), { code: 'UNKNOWN_COMMAND' });
  const blobs = hostProcess.frames.filter((f) => f.type === 'blob');
  assert.deepEqual(blobs.map((b) => [b.seq, b.last]), [[0, false], [1, false], [2, true]]);
  assert.ok(blobs.every((b) => Buffer.from(b.data, 'base64').length <= 524288));
  assert.deepEqual(Buffer.concat(blobs.map((b) => Buffer.from(b.data, 'base64'))), Buffer.from(doc));
  const request = hostProcess.frames.find((f) => f.type === 'request' && f.id.startsWith('k'));
  assert.deepEqual(request.params, { reason: 'duyệt', document: { $blob: 'document' } });
  assert.ok(blobs.every((b) => b.id === request.id), 'blobs belong to their request');
  assert.deepEqual(progress.map((p) => p.done), [524288, 1048576, size]);
});

test('chunked answers and blob results are put back together', async () => {
  const pdf = Buffer.alloc(700000, 7);
  const { kyso } = setup((f, send) => {
    send({ type: 'progress', id: f.id, stage: 'signing', done: 0, total: 1 });
    send({ type: 'blob', id: f.id, blob: 'signed', seq: 0, last: false, data: pdf.subarray(0, 400000).toString('base64') });
    send({ type: 'blob', id: f.id, blob: 'signed', seq: 1, last: true, data: pdf.subarray(400000).toString('base64') });
    const text = JSON.stringify({ type: 'result', id: f.id, result: { pdf: { $blob: 'signed', size: pdf.length }, note: 'x'.repeat(3000) } });
    const cut = [0, 1000, 2000, text.length];
    for (let i = 0; i < 3; i++) send({ type: 'chunk', id: f.id, seq: i, last: i === 2, data: text.slice(cut[i], cut[i + 1]) });
  });
  const stages = [];
  const r = await kyso.signPdfBatch([{ document: new Uint8Array(10), name: 'a.pdf' }], {}, (p) => stages.push(p.stage));
  assert.deepEqual(Buffer.from(r.pdf), pdf);
  assert.equal(r.note.length, 3000);
  assert.deepEqual(stages, ['upload', 'signing']);
});

test('messages from another frame are ignored by the content script', async () => {
  const { win, hostProcess } = setup((f, send) => send({ type: 'result', id: f.id, result: {} }));
  const otherFrame = new FakeWindow('https://attacker.example');
  win.deliver(otherFrame, 'https://attacker.example', { kyso: 1, dir: 'to-extension', type: 'request', id: 'evil', command: 'status' });
  win.deliver(otherFrame, 'https://attacker.example', { kyso: 1, dir: 'to-extension', type: 'hello', id: 'evil2' });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(hostProcess.frames.length, 0);
  assert.ok(win.posted.every((p) => p.data.dir !== 'to-page'), 'nothing was answered');
});

test('answers go only to the page origin', async () => {
  const { kyso, win } = setup((f, send) => send({ type: 'result', id: f.id, result: {} }));
  await kyso.status();
  const answers = win.posted.filter((p) => p.data.dir === 'to-page');
  assert.ok(answers.length >= 2);
  assert.ok(answers.every((p) => p.targetOrigin === 'https://dichvucong.example.vn'));
});

test('two tabs at once never get each other\'s answers', async () => {
  const hostProcess = new FakeHostProcess({
    handler: (f, send) => setTimeout(() => send({ type: 'result', id: f.id, result: { signature: Buffer.from(f.params.hash, 'base64').toString('base64'), certificate: '' } }), Math.random() * 20),
  });
  const { router } = extensionWith(hostProcess);
  const tabs = ['https://a.example.vn', 'https://b.example.vn'].map((origin, i) => {
    const win = new FakeWindow(origin);
    installContentScript(win, router, { tabId: i + 1 });
    return createKyso(win);
  });
  const calls = [];
  for (let i = 0; i < 12; i++) {
    const hash = new Uint8Array(32).fill(i);
    calls.push(tabs[i % 2].signHash({ thumbprint: THUMB, hash }).then((r) => assert.deepEqual(r.signature, hash)));
  }
  await Promise.all(calls);
  assert.equal(hostProcess.connects, 1, 'one native port for everyone');
  const ids = hostProcess.frames.filter((f) => f.type === 'request' && f.id.startsWith('k')).map((f) => f.id);
  assert.equal(new Set(ids).size, 12);
});

test('too many requests from one page: BUSY', async () => {
  const { kyso } = setup(() => {}); // the host never answers
  const calls = Array.from({ length: 9 }, () => kyso.status({ timeout: 300 }).catch((e) => e.code));
  const codes = await Promise.all(calls);
  assert.equal(codes.filter((c) => c === 'BUSY').length, 1);
  assert.equal(codes.filter((c) => c === 'TIMEOUT').length, 8);
});

test('host missing: NATIVE_UNAVAILABLE; host back: works again', async () => {
  const { kyso, hostProcess } = setup((f, send) => send({ type: 'result', id: f.id, result: { ok: true } }));
  hostProcess.missing = true;
  await assert.rejects(kyso.status(), (e) => e.code === 'NATIVE_UNAVAILABLE' && /not found/.test(e.hostMessage));
  hostProcess.missing = false;
  assert.equal((await kyso.status()).host.ok, true);
});

test('host too old or too new: VERSION_MISMATCH', async () => {
  const { kyso } = setup(() => {}, { host: { handshake: (f, send) => send({ type: 'result', id: f.id, result: { protocol: 2, minProtocol: 2 } }) } });
  await assert.rejects(kyso.status(), (e) => e.code === 'VERSION_MISMATCH' && e.message.includes('update'));
});

test('host crash during a request fails it instead of hanging', async () => {
  const { kyso, hostProcess } = setup(() => setImmediate(() => hostProcess.port.disconnect()));
  await assert.rejects(kyso.status({ timeout: 2000 }), { code: 'NATIVE_UNAVAILABLE' });
});

test('signHashes: every digest checked locally, signatures decoded in order', async () => {
  const { kyso, hostProcess } = setup((f, send) => send({ type: 'result', id: f.id, result: {
    signatures: f.params.hashes.map((h) => Buffer.from(h, 'base64').reverse().toString('base64')), certificate: 'AA==' } }));
  const hashes = [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)];
  hashes[1][0] = 9;
  const r = await kyso.signHashes({ thumbprint: THUMB, hashes, names: ['Tờ khai 1', 'Tờ khai 2'] });
  assert.deepEqual(r.signatures.map((s) => Buffer.from(s).reverse()), hashes.map((h) => Buffer.from(h)));
  const sent = hostProcess.frames.find((f) => f.command === 'signHashes');
  assert.deepEqual(sent.params.names, ['Tờ khai 1', 'Tờ khai 2']);
  await assert.rejects(kyso.signHashes({ thumbprint: THUMB, hashes: [hashes[0], new Uint8Array(20)] }), { code: 'INVALID_REQUEST', details: { field: 'hashes[1]' } });
  await assert.rejects(kyso.signHashes({ thumbprint: THUMB, hashes: [] }), { code: 'INVALID_REQUEST' });
  await assert.rejects(kyso.signHashes({ thumbprint: THUMB, hashes, names: ['one'] }), { code: 'INVALID_REQUEST', details: { field: 'names' } });
});

test('an extension that goes away between calls is noticed within a second', async () => {
  const { kyso, win } = setup((f, send) => send({ type: 'result', id: f.id, result: {} }));
  await kyso.status();
  win.listeners.splice(0, win.listeners.length - 1); // the content script's listener is gone, the library's stays
  const started = Date.now();
  await assert.rejects(kyso.status(), { code: 'EXTENSION_UNAVAILABLE' });
  assert.ok(Date.now() - started < 1500);
});

test('an idle host is closed, and started again by the next call', async () => {
  const { kyso, hostProcess } = setup((f, send) => send({ type: 'result', id: f.id, result: {} }));
  await kyso.status();
  await kyso.status();
  assert.equal(hostProcess.connects, 1, 'one host for calls close together');
  const firstHostPort = hostProcess.port;
  await new Promise((r) => setTimeout(r, 400)); // idleMs is 200 in the harness
  assert.equal(firstHostPort.closed, true, 'the idle host was let go');
  await kyso.status();
  assert.equal(hostProcess.connects, 2);
});

test('a request over 1 MiB is refused with TOO_LARGE before it reaches the host', async () => {
  const { kyso, hostProcess } = setup((f, send) => send({ type: 'result', id: f.id, result: {} }));
  const hashes = Array.from({ length: 10000 }, () => new Uint8Array(64));
  const names = hashes.map(() => 'x'.repeat(100));
  await assert.rejects(kyso.signHashes({ thumbprint: THUMB, hashes, hashAlgorithm: 'SHA-512', names }), (e) => e.code === 'TOO_LARGE' && e.details.limit === 1048576);
  assert.equal(hostProcess.frames.filter((f) => f.command === 'signHashes').length, 0);
  // and the host's blobs for it, if any, are released: nothing is left in flight
  assert.equal((await kyso.status()).host !== undefined, true);
});

test('a hostile page gets INVALID_REQUEST for commands and blobs kyso does not allow', async () => {
  const { win, hostProcess } = setup((f, send) => send({ type: 'result', id: f.id, result: {} }));
  const answers = [];
  win.addEventListener('message', (e) => e.data?.dir === 'to-page' && answers.push(e.data));
  const post = (m) => win.postMessage({ kyso: 1, dir: 'to-extension', ...m }, win.location.origin);
  post({ type: 'request', id: 'a1', command: 'readFile', params: { path: '/etc/passwd' } });
  post({ type: 'blob', id: 'a2', blob: '../../etc/passwd', seq: 0, last: true, data: '' });
  post({ type: 'blob', id: 'a3', blob: 'document', seq: 0, last: true, data: 'A'.repeat(700000) });
  post({ type: 'request', id: 'a4', command: 'status', params: [] });
  await new Promise((r) => setTimeout(r, 100));
  const codes = Object.fromEntries(answers.map((a) => [a.id, a.error?.code]));
  assert.deepEqual(codes, { a1: 'INVALID_REQUEST', a2: 'INVALID_REQUEST', a3: 'INVALID_REQUEST', a4: 'INVALID_REQUEST' });
  assert.equal(hostProcess.frames.filter((f) => f.type !== 'request' || !f.id.startsWith('handshake')).length, 0, 'nothing reached the host');
});

test('a port that died unnoticed is replaced once; its late disconnect fails nothing new', async () => {
  const { kyso, win } = setup((f, send) => setTimeout(() => send({ type: 'result', id: f.id, result: { n: 1 } }), 30));
  await kyso.status();
  const old = win.contentPorts[0];
  old.closed = true; // the worker stopped; onDisconnect has not fired yet
  const pending = kyso.status();
  await new Promise((r) => setTimeout(r, 5));
  old.dropListeners.forEach((fn) => fn(old)); // now it fires
  assert.equal((await pending).host.n, 1);
  assert.equal(win.contentPorts.length, 2, 'one fresh port');
});

test('preparePdfDraft sends the document as a blob with the fields and returns the draft bytes', async () => {
  const draft = Buffer.from('%PDF-1.7 draft with fields');
  const { kyso, hostProcess } = setup((f, send) => {
    if (f.command !== 'preparePdfDraft') return send({ type: 'error', id: f.id, error: { code: 'UNKNOWN_COMMAND', message: 'no' } });
    send({ type: 'blob', id: f.id, blob: 'document', seq: 0, last: true, data: draft.toString('base64') });
    send({ type: 'result', id: f.id, result: { document: { $blob: 'document', size: draft.length }, fileName: f.params.fileName, fields: f.params.fields.map((x) => x.name) } });
  });
  const fields = [{ name: 'SoKyHieu', page: 1, rect: [60, 760, 180, 22], align: 'center' }];
  const r = await kyso.preparePdfDraft(new Uint8Array([37, 80, 68, 70]), { fields, fileName: 'du-thao.pdf' });
  assert.deepEqual(Buffer.from(r.document), draft);
  assert.deepEqual(r.fields, ['SoKyHieu']);
  const request = hostProcess.frames.find((f) => f.type === 'request' && f.command === 'preparePdfDraft');
  assert.deepEqual(request.params, { fields, fileName: 'du-thao.pdf', document: { $blob: 'document' } });
  await assert.rejects(kyso.preparePdfDraft(new Uint8Array(4), { fields: [] }), { code: 'INVALID_REQUEST', details: { field: 'fields' } });
  await assert.rejects(kyso.preparePdfDraft('not bytes', { fields }), { code: 'INVALID_REQUEST', details: { field: 'document' } });
});

test('signPdf passes fill and copyMark to the host unchanged', async () => {
  const { kyso, hostProcess } = setup((f, send) => send({ type: 'error', id: f.id, error: { code: 'INVALID_REQUEST', message: 'x', field: 'params.fill[0].value' } }));
  const fill = [{ field: 'SoKyHieu', value: '125/QĐ-UBND' }];
  await assert.rejects(kyso.signPdf(new Uint8Array(4), { thumbprint: THUMB, fill, copyMark: { lines: ['SAO Y'] } }),
    (e) => e.code === 'INVALID_REQUEST' && e.details.field === 'params.fill[0].value');
  const request = hostProcess.frames.find((f) => f.type === 'request' && f.command === 'signPdf');
  assert.deepEqual(request.params.fill, fill);
  assert.deepEqual(request.params.copyMark, { lines: ['SAO Y'] });
});

test('signPrepared sends the signed attributes themselves (base64) with kind and names, and returns bytes', async () => {
  // A DER SET OF Attribute as a server would make it (its content does not matter here: the
  // host reads it; the library only carries it).
  const attributes = new Uint8Array([0x31, 0x03, 0x02, 0x01, 0x01]);
  const { kyso, hostProcess } = setup((f, send) => send({ type: 'result', id: f.id, result: {
    signature: Buffer.from('sig').toString('base64'), certificate: Buffer.from('cert').toString('base64'),
    signatureScheme: 'ECDSA', hashAlgorithm: 'SHA-256', ecdsaFormat: 'der' } }));
  const r = await kyso.signPrepared({ thumbprint: THUMB, data: attributes.buffer, documentName: 'Tờ khai.pdf', description: 'Quý I' });
  assert.deepEqual(Buffer.from(r.signature), Buffer.from('sig'));
  assert.deepEqual(Buffer.from(r.certificate), Buffer.from('cert'));
  assert.equal(r.ecdsaFormat, 'der');
  const sent = hostProcess.frames.find((f) => f.command === 'signPrepared');
  assert.deepEqual(sent.params, {
    thumbprint: THUMB, kind: 'cms-signed-attributes', hashAlgorithm: 'SHA-256',
    data: Buffer.from(attributes).toString('base64'), documentName: 'Tờ khai.pdf', description: 'Quý I',
  });
  await assert.rejects(kyso.signPrepared({ thumbprint: THUMB }), { code: 'INVALID_REQUEST', details: { field: 'data' } });
  await assert.rejects(kyso.signPrepared({ thumbprint: THUMB, data: new Uint8Array(0) }), { code: 'INVALID_REQUEST', details: { field: 'data' } });
  await assert.rejects(kyso.signPrepared({ thumbprint: THUMB, data: attributes, hashAlgorithm: 'MD5' }), { code: 'INVALID_REQUEST', details: { field: 'hashAlgorithm' } });
  assert.equal(hostProcess.frames.filter((f) => f.command === 'signPrepared').length, 1);
});
