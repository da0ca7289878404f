// manifests/fill.sh writes valid native messaging host manifests for every browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const fill = fileURLToPath(new URL('../../manifests/fill.sh', import.meta.url));

function run(browser, hostPath) {
  const out = mkdtempSync(path.join(tmpdir(), 'kyso-mf-'));
  execFileSync(fill, [browser, hostPath, out], { stdio: 'pipe' });
  return JSON.parse(readFileSync(path.join(out, 'vn.kyso.host.json'), 'utf8'));
}

for (const browser of ['chromium', 'chrome', 'edge']) {
  test(`${browser}: allowed_origins with the trailing slash`, () => {
    const m = run(browser, '/usr/lib/kyso/kyso-host');
    assert.equal(m.name, 'vn.kyso.host');
    assert.equal(m.type, 'stdio');
    assert.equal(m.path, '/usr/lib/kyso/kyso-host');
    assert.deepEqual(m.allowed_origins, ['chrome-extension://oijnpmobckhjdjckckgimbcekkldpaka/']);
    assert.equal(m.allowed_extensions, undefined);
  });
}

test('firefox: allowed_extensions with the gecko id', () => {
  const m = run('firefox', '/opt/kyso dir/kyso-host');
  assert.deepEqual(m.allowed_extensions, ['kyso@kyso.vn']);
  assert.equal(m.path, '/opt/kyso dir/kyso-host');
  assert.equal(m.allowed_origins, undefined);
});

test('relative paths, odd characters and unknown browsers are refused', () => {
  for (const [browser, p] of [['chromium', 'kyso-host'], ['chromium', '/a"b'], ['safari', '/x']]) {
    assert.throws(() => run(browser, p), /status 2|Command failed/);
  }
});
