// npm run test:e2e — every end-to-end test, one browser at a time (the machine is shared).
// Fails at once, saying what to install, when a browser or the host is missing: a
// missing browser is a failure, never a skip.
//   KYSO_HOST           built host (default <repo>/build/kyso-host)
//   KYSO_E2E_BROWSERS   comma-separated subset of "chromium,firefox" (default both)
//   KYSO_E2E_WORK       scratch directory (default /tmp/kyso-e2e)
//   KYSO_E2E_FIXTURES   token fixtures directory (default $KYSO_E2E_WORK/fixtures)
//   KYSO_CHROMIUM, KYSO_FIREFOX  browser executables (default /usr/bin/chromium, /usr/bin/firefox-esr)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repo, settings } from './setup.mjs';

const s = settings();
const browsers = (process.env.KYSO_E2E_BROWSERS || 'chromium,firefox').split(',').map((b) => b.trim()).filter(Boolean);
const problems = [];
if (!existsSync(s.host)) problems.push(`kyso-host not built: ${s.host} (cmake -S . -B build && cmake --build build, or set KYSO_HOST)`);
for (const b of browsers) {
  if (b === 'chromium' && !existsSync(s.chromium)) problems.push(`Chromium missing: ${s.chromium} (apt-get install -y chromium)`);
  else if (b === 'firefox' && !existsSync(s.firefox)) problems.push(`Firefox ESR missing: ${s.firefox} (apt-get install -y firefox-esr)`);
  else if (b !== 'chromium' && b !== 'firefox') problems.push(`unknown browser in KYSO_E2E_BROWSERS: ${b}`);
}
for (const tool of ['openssl', 'softhsm2-util', 'pkcs11-tool', 'gcc']) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) problems.push(`${tool} missing (apt-get install -y openssl softhsm2 opensc gcc libp11-kit-dev libssl-dev)`);
}
if (problems.length) {
  console.error(`e2e cannot run:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}

const started = Date.now();
const files = browsers.map((b) => path.join(repo, `tests/e2e/${b}.test.mjs`));
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files], { stdio: 'inherit' });
console.log(`e2e: ${browsers.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(result.status ?? 1);
