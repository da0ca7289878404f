// End to end in Debian's Firefox ESR, headless over WebDriver BiDi, with the real
// extension installed as a temporary add-on and the real kyso-host.
import { after, before, describe, test as nodeTest } from 'node:test';
import { launchFirefox } from './browsers.mjs';
import { createContext } from './context.mjs';
import { scenarios } from './scenarios.mjs';
import { sharedTests } from './suite.mjs';

// Every scenario gets a minute at most (unless the list says more), so a stuck dialog fails
// one test, not the run.
const test = (name, fn, { timeout = 60000 } = {}) => nodeTest(name, { timeout }, fn);
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

  for (const [name, fn, options] of sharedTests(s)) test(name, fn, options);
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
