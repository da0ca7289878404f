// Real browsers from Debian packages, headless, with the real extension loaded
// (facts: /work/shared/reference/browser-e2e.md). Both launchers return the same
// small interface so the scenarios do not care which browser runs them.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ids, writeHostManifest } from './setup.mjs';

const FIREFOX_UUID = '6b1f3c2e-8d4a-4e59-9a7b-0c5d2e1f3a4b'; // fixed moz-extension:// host for the tests

function requireBrowser(executable, apt) {
  if (!existsSync(executable)) {
    throw new Error(`${executable} is missing: apt-get install -y ${apt} (or point KYSO_CHROMIUM / KYSO_FIREFOX at it)`);
  }
}

function wrapPage(page, kind) {
  return {
    raw: page,
    goto: (url) => page.goto(url, { waitUntil: 'load' }),
    // fn runs in the page with one argument.
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    run: (method, ...args) => page.evaluate(([m, a]) => window.kysoTest.run(m, a), [method, args]),
    screenshot: (file) => page.screenshot({ path: file, fullPage: true }),
    close: () => page.close(),
    kind,
  };
}

// options: {extension: dir|null, hostManifest: true|false, wrapper, work}
export async function launchChromium(s, { extension, hostManifest = true, wrapper, label = 'chromium' }) {
  requireBrowser(s.chromium, 'chromium');
  const { chromium } = await import('playwright-core');
  const userDataDir = mkdtempSync(path.join(s.work, `${label}-`));
  const manifestDir = path.join(userDataDir, 'NativeMessagingHosts');
  mkdirSync(manifestDir, { recursive: true });
  const installManifest = (hostPath = wrapper) => writeHostManifest('chromium', manifestDir, hostPath);
  const removeManifest = () => rmSync(path.join(manifestDir, 'vn.kyso.host.json'), { force: true });
  if (hostManifest) installManifest();
  const args = ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP *.kyso.test 127.0.0.1, MAP kyso-insecure.test 127.0.0.1'];
  if (extension) args.push(`--load-extension=${extension}`, `--disable-extensions-except=${extension}`);
  const started = Date.now();
  const context = await chromium.launchPersistentContext(userDataDir, {
    headless: false,
    executablePath: s.chromium,
    ignoreDefaultArgs: ['--disable-extensions'],
    ignoreHTTPSErrors: true,
    args,
  });
  let worker = null;
  if (extension) {
    worker = context.serviceWorkers().find((w) => w.url().includes(ids.chromium)) ??
      (await context.waitForEvent('serviceworker', { timeout: 10000 }));
  }
  const launchMs = Date.now() - started;
  return {
    name: 'chromium',
    launchMs,
    extensionBase: `chrome-extension://${ids.chromium}`,
    worker,
    installManifest,
    removeManifest,
    async newPage(url) {
      const page = wrapPage(await context.newPage(), 'playwright');
      if (url) await page.goto(url);
      return page;
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export async function launchFirefox(s, { extension, hostManifest = true, wrapper }) {
  requireBrowser(s.firefox, 'firefox-esr');
  const puppeteer = (await import('puppeteer-core')).default;
  const home = mkdtempSync(path.join(tmpdir(), 'kyso-firefox-home-'));
  const manifestDir = path.join(home, '.mozilla/native-messaging-hosts');
  mkdirSync(manifestDir, { recursive: true });
  const installManifest = (hostPath = wrapper) => writeHostManifest('firefox', manifestDir, hostPath);
  const removeManifest = () => rmSync(path.join(manifestDir, 'vn.kyso.host.json'), { force: true });
  if (hostManifest) installManifest();
  const started = Date.now();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    headless: true,
    executablePath: s.firefox,
    acceptInsecureCerts: true,
    env: { ...process.env, HOME: home },
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [ids.firefox]: FIREFOX_UUID }),
      // Every host name resolves to 127.0.0.1: http://kyso-insecure.test reaches the test server.
      'network.dns.forceResolve': '127.0.0.1',
    },
  });
  const launchMs = Date.now() - started;
  let installed = null;
  const api = {
    name: 'firefox',
    launchMs,
    extensionBase: `moz-extension://${FIREFOX_UUID}`,
    installManifest,
    removeManifest,
    async installExtension(dir) {
      installed = await browser.installExtension(dir);
      return installed;
    },
    async uninstallExtension() {
      if (installed) await browser.uninstallExtension(installed);
      installed = null;
    },
    async newPage(url) {
      const page = wrapPage(await browser.newPage(), 'puppeteer');
      if (url) await page.goto(url);
      return page;
    },
    async close() {
      await browser.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
  if (extension) await api.installExtension(extension);
  return api;
}

// Turns the extension's developer setting (http://localhost pages) on or off through
// its real options page.
export async function setDeveloperSetting(browser, on) {
  const page = await browser.newPage(`${browser.extensionBase}/options/options.html`);
  await page.evaluate(async (wanted) => {
    const box = document.getElementById('allowInsecureLocalhost');
    const saved = document.getElementById('saved');
    const until = async (ok) => {
      for (let i = 0; i < 250 && !ok(); i++) await new Promise((r) => setTimeout(r, 20));
      if (!ok()) throw new Error('the options page did not respond');
    };
    await until(() => box.dataset.loaded === 'true');
    if (box.checked === wanted) return;
    box.click();
    await until(() => !saved.hidden);
  }, on);
  await page.close();
}
