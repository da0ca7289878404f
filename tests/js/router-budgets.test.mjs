// The background router's part in keeping one site from starving the others (issue 9, §6):
// blob frames carry the page's origin as the browser reported it, one page cannot park more
// than its budget, and blobs whose request never comes are released.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeHostProcess, extensionWith, portPair } from './harness.mjs';

const wait = (ms) => new Promise((r) => setTimeout(r, ms));
// Waits until check() holds (the router handles a page's messages one after another).
async function until(check, ms = 3000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${check}`);
    await wait(5);
  }
}

// A page's port into the router, as the content script would open it.
function openPage(router, origin, tabId = 1) {
  const [page, background] = portPair({ tab: { id: tabId }, origin, url: `${origin}/page` });
  router.attachPage(background);
  const answers = [];
  page.onMessage.addListener((m) => answers.push(m));
  return { page, answers, post: (m) => page.postMessage(m) };
}

function setup(options = {}) {
  const hostProcess = new FakeHostProcess({ handler: (f, send) => send({ type: 'result', id: f.id, result: {} }) });
  const { router } = extensionWith(hostProcess, options);
  // Short expiry so that blobs left parked by a test do not keep node running for a minute.
  Object.assign(router, { blobExpiryMs: 1000 }, options.router ?? {});
  return { hostProcess, router };
}

const hostFrames = (hostProcess, type) => hostProcess.frames.filter((f) => f.type === type && !String(f.id).startsWith('handshake'));

test('blob frames carry the origin the browser reported, not one the page wrote', async () => {
  const { hostProcess, router } = setup();
  const tab = openPage(router, 'https://a.example.vn');
  tab.post({ type: 'blob', id: 'r1', blob: 'document', seq: 0, last: true, data: 'AAAA', origin: 'https://victim.gov.vn' });
  tab.post({ type: 'request', id: 'r1', command: 'signPdf', params: { document: { $blob: 'document' } } });
  await until(() => tab.answers.some((m) => m.type === 'result'));
  const [blob] = hostFrames(hostProcess, 'blob');
  assert.equal(blob.origin, 'https://a.example.vn');
  const [request] = hostFrames(hostProcess, 'request');
  assert.equal(request.origin, 'https://a.example.vn');
  assert.equal(blob.id, request.id);
});

test('a page over its blob budget gets TOO_LARGE and its blobs are released; other pages go on', async () => {
  const { hostProcess, router } = setup({ router: { pageBlobBytes: 6000 } });
  const greedy = openPage(router, 'https://greedy.example.vn', 1);
  const other = openPage(router, 'https://other.example.vn', 2);
  const part = 'A'.repeat(4000); // 3,000 bytes
  greedy.post({ type: 'blob', id: 'g1', blob: 'a', seq: 0, last: true, data: part });
  greedy.post({ type: 'blob', id: 'g2', blob: 'a', seq: 0, last: true, data: part });
  greedy.post({ type: 'blob', id: 'g3', blob: 'a', seq: 0, last: true, data: part });
  other.post({ type: 'blob', id: 'o1', blob: 'a', seq: 0, last: true, data: part });
  await until(() => greedy.answers.length === 3 && other.answers.length === 1);
  const refused = greedy.answers.find((m) => m.id === 'g3');
  assert.equal(refused.type, 'error');
  assert.equal(refused.error.code, 'TOO_LARGE');
  assert.equal(refused.error.limit, 6000);
  assert.equal(hostFrames(hostProcess, 'blob').length, 3, 'g3 never reached the host');
  assert.ok(other.answers.some((m) => m.type === 'ack' && m.id === 'o1'), 'the other page is not affected');
  // A finished request gives its bytes back
  greedy.post({ type: 'request', id: 'g1', command: 'status' });
  await until(() => greedy.answers.some((m) => m.type === 'result'));
  greedy.post({ type: 'blob', id: 'g4', blob: 'a', seq: 0, last: true, data: part });
  await until(() => greedy.answers.length === 5);
  assert.ok(greedy.answers.some((m) => m.type === 'ack' && m.id === 'g4'));
});

test('one request may name at most 2,048 blobs', async () => {
  const { hostProcess, router } = setup();
  const tab = openPage(router, 'https://a.example.vn');
  for (let i = 0; i <= 2048; i++) tab.post({ type: 'blob', id: 'many', blob: `n${i}`, seq: 0, last: true, data: '' });
  await until(() => tab.answers.length === 2049);
  const refused = tab.answers.find((m) => m.type === 'error');
  assert.equal(refused.error.code, 'TOO_LARGE');
  assert.equal(refused.error.limit, 2048);
  assert.equal(hostFrames(hostProcess, 'blob').length, 2048);
  // and what the host held for it is released
  const blobId = hostFrames(hostProcess, 'blob')[0].id;
  assert.ok(hostFrames(hostProcess, 'request').some((f) => f.id === blobId && f.command === 'status'));
});

test('blobs whose request does not follow in time are released and the page is told', async () => {
  const { hostProcess, router } = setup({ router: { blobExpiryMs: 80 } });
  const tab = openPage(router, 'https://a.example.vn');
  tab.post({ type: 'blob', id: 'slow', blob: 'doc', seq: 0, last: false, data: 'AAAA' });
  await wait(50);
  tab.post({ type: 'blob', id: 'slow', blob: 'doc', seq: 1, last: true, data: 'AAAA' }); // a part: fresh again
  tab.post({ type: 'blob', id: 'late', blob: 'doc', seq: 0, last: true, data: 'AAAA' });
  await wait(50);
  tab.post({ type: 'request', id: 'slow', command: 'status' });
  await wait(100);
  const slowHostId = hostFrames(hostProcess, 'blob').find((f) => f.seq === 1).id;
  assert.equal(tab.answers.find((m) => m.id === 'slow' && m.type !== 'ack').type, 'result');
  const expired = tab.answers.find((m) => m.id === 'late' && m.type === 'error');
  assert.equal(expired.error.code, 'INVALID_REQUEST');
  assert.match(expired.error.message, /expired/);
  const lateHostId = hostFrames(hostProcess, 'blob').find((f) => f.id !== slowHostId).id;
  assert.ok(hostFrames(hostProcess, 'request').some((f) => f.id === lateHostId && f.command === 'status'), 'released at the host');
  assert.equal(router.inFlight.size, 0);
  // the late request is a new one for the host: its blob is not there
  tab.post({ type: 'request', id: 'late', command: 'signPdf', params: { document: { $blob: 'doc' } } });
  await wait(50);
  const lateRequest = hostFrames(hostProcess, 'request').find((f) => f.command === 'signPdf');
  assert.notEqual(lateRequest.id, lateHostId);
});

test('a page that goes away releases the blobs it parked', async () => {
  const { hostProcess, router } = setup();
  const tab = openPage(router, 'https://a.example.vn');
  tab.post({ type: 'blob', id: 'p', blob: 'doc', seq: 0, last: true, data: 'AAAA' });
  await wait(30);
  tab.page.disconnect();
  await wait(30);
  const [blob] = hostFrames(hostProcess, 'blob');
  assert.ok(hostFrames(hostProcess, 'request').some((f) => f.id === blob.id && f.command === 'status'));
  assert.equal(router.inFlight.size, 0);
});
