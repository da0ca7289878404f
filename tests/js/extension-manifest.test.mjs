// The extension's manifest keeps its promises: fixed ids, least privileges, narrow
// content-script matches; and the built page library is what its sources build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const manifest = JSON.parse(readFileSync(`${root}extension/manifest.json`, 'utf8'));
const ids = Object.fromEntries(
  readFileSync(`${root}manifests/ids.env`, 'utf8').split('\n').filter((l) => /^\w+=/.test(l)).map((l) => l.split('=')),
);

// Chromium derives an unpacked extension's id from its key: first 32 hex digits of
// SHA-256 over the DER public key, digits 0-f written as letters a-p.
function chromiumId(keyBase64) {
  const hex = createHash('sha256').update(Buffer.from(keyBase64, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

test('the Chromium id in manifests/ids.env is the one the manifest key gives', () => {
  assert.equal(chromiumId(manifest.key), ids.KYSO_CHROMIUM_EXTENSION_ID);
});

test('the gecko id in manifests/ids.env is the manifest\'s', () => {
  assert.equal(manifest.browser_specific_settings.gecko.id, ids.KYSO_FIREFOX_EXTENSION_ID);
});

test('least privileges', () => {
  assert.deepEqual([...manifest.permissions].sort(), ['nativeMessaging', 'storage']);
  assert.equal(manifest.host_permissions, undefined);
  assert.equal(manifest.optional_permissions, undefined);
  assert.equal(manifest.web_accessible_resources, undefined);
  assert.equal(manifest.externally_connectable, undefined);
  const [cs] = manifest.content_scripts;
  assert.equal(manifest.content_scripts.length, 1);
  assert.deepEqual(cs.matches, ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*']);
});

test('one background for both browser families', () => {
  assert.equal(manifest.background.service_worker, 'background/main.js');
  assert.deepEqual(manifest.background.scripts, ['background/main.js']);
});

test('extension/lib/kyso.js and kyso.mjs are built from src/', () => {
  execFileSync(process.execPath, [`${root}extension/lib/build.mjs`, '--check'], { stdio: 'pipe' });
});
