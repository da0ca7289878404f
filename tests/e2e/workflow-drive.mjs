// Drives the demo portal's official document workflow (extension/demo, section 5) the way its
// users would: read the certificates once, create the draft, then for each step choose that
// person's certificate by thumbprint and press their button while the scripted pinentry types
// that token's PIN. Only page.evaluate is used, so the same driver serves Chromium (Playwright)
// and Firefox (puppeteer over WebDriver BiDi), the e2e tests and tests/e2e/demo-drive.mjs.
import { get } from 'node:https';
import { get as getHttp } from 'node:http';

// The workflow's four signers: fixture identity and the step they sign.
export const SIGNERS = [
  { step: 2, identity: 'head-dept-rsa2048' },
  { step: 3, identity: 'head-office-rsa2048' },
  { step: 4, identity: 'head-agency-rsa2048' },
  { step: 5, identity: 'org-rsa2048' },
];

// Clicks a button of the page and waits until `resultId` says how it went (data-state).
export async function press(page, buttonId, resultId, timeoutMs = 60000) {
  return page.evaluate(async ([button, result, timeout]) => {
    const el = document.getElementById(result);
    delete el.dataset.state;
    document.getElementById(button).click();
    const until = Date.now() + timeout;
    while (!el.dataset.state && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    return { state: el.dataset.state ?? 'timeout', text: el.textContent, data: { ...el.dataset } };
  }, [buttonId, resultId, timeoutMs]);
}

async function expectPressed(page, buttonId, resultId, timeoutMs) {
  const r = await press(page, buttonId, resultId, timeoutMs);
  if (r.state !== 'ok') throw new Error(`${buttonId}: ${r.state}: ${r.text}`);
  return r;
}

// GET from the demo server as a receiving system would; tls: the server's certificate (PEM).
export function download(url, tls) {
  return new Promise((resolve, reject) => {
    const request = url.startsWith('https:') ? get(url, { ca: tls }) : getHttp(url);
    request.on('response', (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(parts)) : reject(new Error(`${url}: ${res.statusCode}`))));
    }).on('error', reject);
  });
}

// Chooses the official's role, reads the certificates (the user confirms) and creates a draft
// with `extraMb` of appendix.
export async function startWorkflow(page, user, { extraMb = 0 } = {}) {
  // The official's flow: its section of the portal appears once that role is chosen.
  const shown = await page.evaluate(() => {
    document.querySelector('input[name=role][value=official]').click();
    return !document.getElementById('step-workflow').hidden;
  });
  if (!shown) throw new Error('the workflow section did not appear for the official role');
  user.answers('ok');
  await expectPressed(page, 'load-certs', 'certs-result');
  await page.evaluate((mb) => { document.getElementById('wf-extra-mb').value = String(mb); }, extraMb);
  const created = await expectPressed(page, 'wf-create', 'wf-create-result');
  return { id: created.data.id, size: Number(created.data.size), clerkFields: created.data.fields === 'true' };
}

// One step: choose the signer's certificate by its thumbprint, answer its token's PIN (after
// `wrongPins`, if given: PINs of other tokens the user types first).
export async function signStep(page, user, { step, identity, pin, wrongPins = [], timeoutMs }) {
  const chosen = await page.evaluate((thumbprint) => {
    const radio = document.querySelector(`input[name=cert][value="${thumbprint}"]`);
    radio?.click();
    return Boolean(radio?.checked);
  }, identity.sha256);
  if (!chosen) throw new Error(`the portal does not list ${identity.name} (${identity.sha256})`);
  user.answers(...wrongPins.map((p) => `pin:${p}`), `pin:${pin}`);
  const r = await expectPressed(page, `wf-step-${step}`, `wf-step-${step}-result`, timeoutMs);
  return { ...r, dialogs: user.dialogs() };
}

// The whole workflow; returns the issued document's bytes and what each step showed. At step
// `mixUpAt` the signer first types the previous signer's PIN (another token's).
export async function runWorkflow(page, user, { fx, demoUrl, tls, mixUpAt = null }) {
  const { id, clerkFields } = await startWorkflow(page, user);
  const steps = [];
  const pinOf = (identity) => fx.tokens.find((t) => t.label === identity.token).userPin;
  let previous = null;
  for (const s of SIGNERS) {
    const identity = fx.identities.find((i) => i.name === s.identity);
    const wrongPins = s.step === mixUpAt && previous ? [pinOf(previous)] : [];
    steps.push({ ...s, identity, ...(await signStep(page, user, { step: s.step, identity, pin: pinOf(identity), wrongPins })) });
    previous = identity;
  }
  return { id, clerkFields, steps, pdf: await download(`${demoUrl}api/workflow/${id}/pdf`, tls) };
}
