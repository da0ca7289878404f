import { test } from 'node:test';
import assert from 'node:assert/strict';
import { originRefusal, senderOrigin } from '../../extension/background/origin-policy.js';

test('origin comes from the sender: origin first, else the url; tabs only', () => {
  assert.equal(senderOrigin({ tab: { id: 1 }, origin: 'https://a.vn', url: 'https://b.vn/x' }), 'https://a.vn');
  assert.equal(senderOrigin({ tab: { id: 1 }, url: 'https://b.vn:8443/x?y#z' }), 'https://b.vn:8443');
  assert.equal(senderOrigin({ url: 'https://b.vn/' }), null, 'not from a tab');
  assert.equal(senderOrigin({ tab: { id: 1 }, origin: 'null' }), null);
  assert.equal(senderOrigin({ tab: { id: 1 }, url: 'data:text/html,x' }), null);
});

test('https always; http only on loopback with the developer setting', () => {
  assert.equal(originRefusal('https://dichvucong.gov.vn', false), null);
  assert.equal(originRefusal('http://dichvucong.gov.vn', true), 'CONTEXT_INSECURE');
  assert.equal(originRefusal('http://127.0.0.1:8080', false), 'CONTEXT_INSECURE');
  assert.equal(originRefusal('http://127.0.0.1:8080', true), null);
  assert.equal(originRefusal('http://localhost:3000', true), null);
  assert.equal(originRefusal('http://localhost.evil.vn', true), 'CONTEXT_INSECURE');
  assert.equal(originRefusal('ftp://127.0.0.1', true), 'CONTEXT_INSECURE');
  assert.equal(originRefusal('garbage', true), 'CONTEXT_INSECURE');
});
