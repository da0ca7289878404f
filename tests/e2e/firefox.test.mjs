// End to end in Debian's Firefox ESR, headless over WebDriver BiDi, with the real
// extension installed as a temporary add-on and the real kyso-host.
import { after, before, describe, test as nodeTest } from 'node:test';
import { launchFirefox } from './browsers.mjs';
import { createContext } from './context.mjs';
import { scenarios } from './scenarios.mjs';

// Every scenario gets a minute at most, so a stuck dialog fails one test, not the run.
const test = (name, fn) => nodeTest(name, { timeout: 60000 }, fn);
const ctx = await createContext();
const s = scenarios(ctx);

describe('firefox-esr with kyso', () => {
  before(async () => {
    ctx.browser = await launchFirefox(ctx.env, { extension: ctx.env.extensionDir, wrapper: ctx.env.wrapper });
    ctx.timings.launch = ctx.browser.launchMs;
    ctx.page = await ctx.browser.newPage(ctx.urls.https); // loading a page starts no host
  });
  after(async () => {
    await ctx.page?.close().catch(() => {});
    await ctx.browser?.close();
  });

  test('host missing: NATIVE_UNAVAILABLE, then works once installed', s.hostMissing);
  test('status handshake, origin from the browser', s.status);
  test('getCertificates after the user confirms', s.certificates);
  test('signHash RSA PKCS#1 v1.5 and PSS, verified with openssl', s.signHashRsa);
  test('signHash ECDSA P-256, verified with openssl', s.signHashEcdsa);
  test('signHashes: 120 digests, one PIN, progress', s.signHashesBatch);
  test('authenticate: web-eid:1.0 token verified with openssl', s.authenticate);
  test('user cancels: USER_CANCELLED', s.userCancels);
  test('a PIN dialog open for 33 s (past the background idle limit) still completes', s.longDialog);
  test('wrong PIN, then the user gives up: PIN_INCORRECT', s.wrongPinThenGiveUp);
  test('locked PIN (faultp11): PIN_LOCKED without asking', s.pinLocked);
  test('dialog not answered in time: TIMEOUT', s.dialogTimesOut);
  test('wrong PIN, then the right one', s.wrongPinThenRight);
  test('host dies mid-request: NATIVE_UNAVAILABLE, next call starts a new host', s.hostDiesMidRequest);
  test('a result over 1 MiB arrives in chunks', s.resultOverOneMebibyte);
  test('signPdf: a 1.6 MB PDF signed with a visible signature, checked by pdfsig', s.signPdfRoundTrip);
  test('a document over 1 MiB goes up in blob parts (signPdf: UNKNOWN_COMMAND, or INVALID_PDF once the host has it)', s.uploadOverOneMebibyte);
  test('two tabs at once never mix', s.twoTabsAtOnce);
  test('messages from another frame/origin are ignored', s.forgedFrameIgnored);
  test('origin denied by kyso-host policy: ORIGIN_NOT_ALLOWED, no dialog', s.originDeniedByPolicy);
  test('http page on another host: CONTEXT_INSECURE', s.insecurePageRefused);
  test('http://127.0.0.1 refused while the developer setting is off (the default)', () => s.localhostNeedsDeveloperSetting(null));
  test('extension removed: EXTENSION_UNAVAILABLE within a second', async () => {
    await ctx.page?.close();
    ctx.page = null;
    await ctx.browser.uninstallExtension();
    await s.extensionMissing(ctx.browser);
  });
  test('extension speaking another protocol: VERSION_MISMATCH', async () => {
    await ctx.browser.installExtension(ctx.env.protocol2);
    await s.versionMismatch(ctx.browser);
  });
});

after(async () => {
  await ctx.server.close();
  console.log(`# firefox timings (ms): ${JSON.stringify(ctx.timings)}`);
});
