// End to end in Debian's Chromium, headless, with the real extension and kyso-host.
import { after, before, describe, test as nodeTest } from 'node:test';
import { launchChromium, setDeveloperSetting } from './browsers.mjs';
import { createContext } from './context.mjs';
import { scenarios } from './scenarios.mjs';
import { sharedTests } from './suite.mjs';

// Every scenario gets a minute at most (unless the list says more), so a stuck dialog fails
// one test, not the run.
const test = (name, fn, { timeout = 60000 } = {}) => nodeTest(name, { timeout }, fn);
const ctx = await createContext();
const s = scenarios(ctx);

describe('chromium with kyso', () => {
  before(async () => {
    ctx.browser = await launchChromium(ctx.env, { extension: ctx.env.extensionDir, wrapper: ctx.env.wrapper });
    ctx.timings.launch = ctx.browser.launchMs;
    ctx.page = await ctx.browser.newPage(ctx.urls.https); // loading a page starts no host
  });
  after(async () => {
    await ctx.page?.close().catch(() => {});
    await ctx.browser?.close();
  });

  for (const [name, fn, options] of sharedTests(s)) test(name, fn, options);
  test('service worker stopped by the browser: the next call wakes it', s.serviceWorkerStopped);
  test('http://127.0.0.1 only with the developer setting', () => s.localhostNeedsDeveloperSetting(setDeveloperSetting));
});

describe('chromium without kyso', () => {
  test('no extension: EXTENSION_UNAVAILABLE within a second', async () => {
    const browser = await launchChromium(ctx.env, { extension: null, wrapper: ctx.env.wrapper, label: 'chromium-bare' });
    try {
      await s.extensionMissing(browser);
    } finally {
      await browser.close();
    }
  });
  test('extension speaking another protocol: VERSION_MISMATCH', async () => {
    const browser = await launchChromium(ctx.env, { extension: ctx.env.protocol2, wrapper: ctx.env.wrapper, label: 'chromium-v2' });
    try {
      await s.versionMismatch(browser);
    } finally {
      await browser.close();
    }
  });
});

after(async () => {
  await ctx.server.close();
  console.log(`# chromium timings (ms): ${JSON.stringify(ctx.timings)}`);
});
