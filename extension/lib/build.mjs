// Builds the two files portals load from src/: kyso.mjs (ES module) and kyso.js (plain
// script exposing window.kyso). `node extension/lib/build.mjs --check` fails when the
// committed files are not what src/ builds (the unit tests run it).
import { build } from 'esbuild';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const banner = '// kyso page API 0.1.0 — generated from extension/lib/src by build.mjs; edit src/, not this file.';
const outputs = [
  { file: 'kyso.mjs', format: 'esm' },
  { file: 'kyso.js', format: 'iife', globalName: 'kyso' },
];

const check = process.argv.includes('--check');
let stale = [];
for (const { file, format, globalName } of outputs) {
  const result = await build({
    entryPoints: [path.join(here, 'src/index.mjs')],
    bundle: true,
    format,
    globalName,
    target: 'es2020',
    banner: { js: banner },
    write: false,
    logLevel: 'error',
  });
  const text = result.outputFiles[0].text;
  const target = path.join(here, file);
  if (check) {
    const current = await readFile(target, 'utf8').catch(() => '');
    if (current !== text) stale.push(file);
  } else {
    await writeFile(target, text);
  }
}
if (stale.length) {
  console.error(`out of date: ${stale.join(', ')} (run: npm run build)`);
  process.exit(1);
}
