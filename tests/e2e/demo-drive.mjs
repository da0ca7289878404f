// Drives the demo portal (extension/demo) in headless Chromium with the real extension,
// the real kyso-host and the SoftHSM demo tokens, through both flows: a citizen (in
// Vietnamese) and an official (in English), then the official document workflow (in
// Vietnamese: three leaders and the clerk sign one PDF, each with their own token). Leaves
// results.json, screenshots and the issued PDF (cong-van-ban-hanh.pdf) in the folder it
// prints. Exit status 0 only if every step succeeded, the demo server verified the login
// token and the signature, and pdfsig, mutool, qpdf and openssl accept the issued PDF.
//
//   node tests/e2e/demo-drive.mjs [--out DIR]      (npm run demo:drive -- --out DIR)
//   env: KYSO_HOST, KYSO_E2E_WORK (default /tmp/kyso-demo-work), KYSO_CHROMIUM
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

process.env.KYSO_E2E_WORK ||= '/tmp/kyso-demo-work';
const { prepare, ScriptedUser } = await import('./setup.mjs');
const { launchChromium, setDeveloperSetting } = await import('./browsers.mjs');
const { startDemoServer } = await import('../../extension/demo/server.mjs');
const { runWorkflow } = await import('./workflow-drive.mjs');
const { nssTrusting, verifyPdfSignatures } = await import('./verify.mjs');

const outArg = process.argv.indexOf('--out');
const out = path.resolve(outArg > 0 ? process.argv[outArg + 1] : `/tmp/kyso-demo-${new Date().toISOString().replace(/[:.]/g, '-')}`);
mkdirSync(out, { recursive: true });

const env = prepare({ bigToken: false });
const user = new ScriptedUser(env.pinentry);
const identity = (name) => env.fx.identities.find((i) => i.name === name);
const flows = [
  { role: 'citizen', lang: 'vi', identity: identity('person-rsa2048'), pin: '123456' },
  { role: 'official', lang: 'en', identity: identity('org-ec256'), pin: '654321' },
];

const demo = await startDemoServer({ port: 0, trust: env.fx.pki.root, intermediates: env.fx.pki.chain });
const browser = await launchChromium(env, { extension: env.extensionDir, wrapper: env.wrapper, label: 'demo' });
const results = { demo: demo.url, started: new Date().toISOString(), browserLaunchMs: browser.launchMs, flows: [] };
let failed = false;
try {
  // The demo runs on http://127.0.0.1: the developer setting must be on (it is off by default).
  await setDeveloperSetting(browser, true);
  for (const flow of flows) {
    const page = await browser.newPage(`${demo.url}${flow.lang === 'en' ? '?lang=en' : ''}`);
    const raw = page.raw;
    const record = { role: flow.role, lang: flow.lang, certificate: flow.identity.subjectCN, steps: {} };
    const step = async (name, button, resultId, answers) => {
      if (answers) user.answers(...answers);
      const started = Date.now();
      await raw.click(`#${button}`);
      await raw.waitForSelector(`#${resultId}[data-state]`, { timeout: 60000 });
      const state = await raw.getAttribute(`#${resultId}`, 'data-state');
      const shown = await raw.textContent(`#${resultId}`);
      record.steps[name] = { ok: state === 'ok', text: shown, ms: Date.now() - started };
      if (state !== 'ok') throw new Error(`${flow.role}: ${name} failed: ${shown}`);
    };
    try {
      await raw.check(`input[name=role][value=${flow.role}]`);
      await step('detect', 'detect', 'detect-result');
      await step('certificates', 'load-certs', 'certs-result', ['ok']);
      await raw.check(`input[name=cert][value="${flow.identity.sha256}"]`);
      await step('login', 'login', 'login-result', [`pin:${flow.pin}`, `pin:${flow.pin}`]);
      await step('sign', 'sign', 'sign-result', [`pin:${flow.pin}`, `pin:${flow.pin}`]);
      record.dialogs = user.dialogs().map((d) => ({ command: d.command, desc: d.desc, answer: d.answer }));
    } catch (e) {
      failed = true;
      record.error = e.message;
    }
    await page.screenshot(path.join(out, `${flow.role}-${flow.lang}.png`));
    results.flows.push(record);
    await page.close();
  }
  // The official document workflow: four people, four tokens, one PDF.
  const page = await browser.newPage(demo.url);
  const record = { started: new Date().toISOString() };
  try {
    const started = Date.now();
    const wf = await runWorkflow(page, user, { fx: env.fx, demoUrl: demo.url });
    record.ms = Date.now() - started;
    record.clerkFields = wf.clerkFields;
    record.steps = wf.steps.map((s) => ({ step: s.step, signer: s.identity.subjectCN, token: s.identity.token, text: s.text }));
    const file = path.join(out, 'cong-van-ban-hanh.pdf');
    writeFileSync(file, wf.pdf);
    const nssDir = nssTrusting(env.fx.pki.root, path.join(env.work, 'nss'));
    record.verified = verifyPdfSignatures(file, { root: env.fx.pki.root, nssDir, expected: 4 });
    record.ok = true;
  } catch (e) {
    failed = true;
    record.error = e.message;
  }
  await page.screenshot(path.join(out, 'workflow-vi.png'));
  results.workflow = record;
  await page.close();
} finally {
  await browser.close();
  await demo.close();
}
results.ok = !failed;
writeFileSync(path.join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`demo ${failed ? 'FAILED' : 'passed'}: results and screenshots in ${out}`);
process.exit(failed ? 1 : 0);
