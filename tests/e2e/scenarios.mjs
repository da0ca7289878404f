// The end-to-end scenarios, the same for every browser: a page calls the page API, the
// real extension relays to the real kyso-host, which signs on SoftHSM while the scripted
// pinentry plays the user; results are checked with openssl.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyAuthToken, verifyChain, verifyDigestSignature, verifyPdfSignatures } from './verify.mjs';
import { SIGNERS, download, runWorkflow, signStep, startWorkflow } from './workflow-drive.mjs';

// Where a system-wide kyso install puts its host manifests (browser-e2e.md).
const SYSTEM_MANIFESTS = {
  chromium: ['/etc/chromium/native-messaging-hosts/vn.kyso.host.json'],
  firefox: ['/usr/lib/mozilla/native-messaging-hosts/vn.kyso.host.json', '/usr/lib64/mozilla/native-messaging-hosts/vn.kyso.host.json'],
};
const bytes = (b) => ({ $bytes: Buffer.from(b).toString('base64') });
const unbytes = (v) => Buffer.from(v.$bytes, 'base64');

function expectOk(r) {
  assert.ok(r.ok, `expected success, got ${JSON.stringify(r.error)}`);
  return r.value;
}
function expectError(r, code) {
  assert.equal(r.ok, false, `expected ${code}, got success`);
  assert.equal(r.error.isKysoError, true, 'a KysoError');
  assert.equal(r.error.code, code, `expected ${code}, got ${r.error.code}: ${r.error.hostMessage}`);
  assert.ok(r.error.message.length > 0);
  return r.error;
}

// A one-page PDF with a content stream of `padding` bytes, so its size is chosen by the test.
function makePdf(padding) {
  const content = Buffer.concat([Buffer.from('BT /F1 18 Tf 72 760 Td (Cong van so 15) Tj ET\n'), Buffer.alloc(padding, '%')]);
  const objects = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R ' +
      '/Resources << /Font << /F1 5 0 R >> >> >>'),
    Buffer.concat([Buffer.from(`<< /Length ${content.length} >>\nstream\n`), content, Buffer.from('\nendstream')]),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>'),
  ];
  const parts = [Buffer.from('%PDF-1.7\n')];
  const offsets = [];
  let size = parts[0].length;
  objects.forEach((body, i) => {
    offsets.push(size);
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    parts.push(obj);
    size += obj.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`,
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`),
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${size}\n%%EOF\n`].join('');
  parts.push(Buffer.from(xref));
  return Buffer.concat(parts);
}

// ctx: {browser, env, user (ScriptedUser), urls: {https, httpsOther, httpLocal, httpInsecure}, timings}
export function scenarios(ctx) {
  const identity = (name) => ctx.env.fx.identities.find((i) => i.name === name);
  const hostLaunches = () => readFileSync(ctx.env.launches, 'utf8').trim().split('\n').filter(Boolean);
  const page = () => ctx.page;

  return {
    async hostMissing() {
      const p = await ctx.browser.newPage(ctx.urls.https);
      // 1. The manifest is there but the program it names is not (kyso half uninstalled).
      ctx.browser.installManifest('/nonexistent/kyso-host');
      expectError(await p.run('status'), 'NATIVE_UNAVAILABLE');
      // 2. No manifest at all. A kyso installed system-wide (a package test, a developer's
      // install) would answer in place of the test host: say so rather than test the wrong host.
      ctx.browser.removeManifest();
      const system = SYSTEM_MANIFESTS[ctx.browser.name].filter((f) => existsSync(f));
      if (system.length === 0) expectError(await p.run('status'), 'NATIVE_UNAVAILABLE');
      // 3. Installed: the next call connects, no browser restart needed.
      ctx.browser.installManifest();
      const launched = hostLaunches().length;
      expectOk(await p.run('status'));
      assert.equal(hostLaunches().length, launched + 1, 'the test host (through its wrapper) answered');
      await p.close();
      assert.deepEqual(system, [], 'a system-wide vn.kyso.host manifest is installed: the no-manifest case needs a machine without kyso installed');
    },

    async status() {
      const r = await page().run('status');
      const s = expectOk(r);
      assert.equal(s.extension.version, '0.1.0');
      assert.equal(s.host.name, 'kyso-host');
      assert.equal(s.host.protocol, 1);
      assert.ok(s.host.commands.includes('signHash'));
      assert.deepEqual(s.host.origin, { value: ctx.urls.httpsOrigin, allowed: true });
      ctx.timings.status = Math.round(r.elapsed);
      const launches = readFileSync(ctx.env.launches, 'utf8').trim().split('\n').filter(Boolean);
      const expected = ctx.browser.name === 'chromium' ? `chrome-extension://${'oijnpmobckhjdjckckgimbcekkldpaka'}/` : 'kyso@kyso.vn';
      assert.ok(launches.at(-1).includes(expected), `host started with ${launches.at(-1)}`);
    },

    async certificates() {
      ctx.user.answers('ok');
      const certs = expectOk(await page().run('getCertificates'));
      const mine = identity('person-rsa2048');
      const found = certs.find((c) => c.thumbprint === mine.sha256);
      assert.ok(found, 'person-rsa2048 is listed');
      assert.equal(createHash('sha256').update(unbytes(found.certificate)).digest('hex'), found.thumbprint);
      assert.equal(found.subject.commonName, 'Nguyễn Thị Lấp Lánh Ánh');
      assert.equal(found.hasPrivateKey, true);
      const dialogs = ctx.user.dialogs();
      assert.ok(dialogs.some((d) => JSON.stringify(d).includes(ctx.urls.httpsHost)), 'the dialog names the site');
    },

    async signHashRsa() {
      const mine = identity('person-rsa2048');
      for (const scheme of ['RSA-PKCS1-v1_5', 'RSA-PSS']) {
        ctx.user.answers('pin:123456', 'pin:123456');
        const digest = createHash('sha256').update(`Tờ khai thuế 01/GTGT ${scheme}`).digest();
        const r = await page().run('signHash', { thumbprint: mine.sha256, hash: bytes(digest), hashAlgorithm: 'SHA-256', signatureScheme: scheme, description: 'Tờ khai thuế 01/GTGT' });
        const v = expectOk(r);
        ctx.timings[`signHash ${scheme}`] = Math.round(r.elapsed);
        const args = { certDer: unbytes(v.certificate), digest, signature: unbytes(v.signature), scheme };
        assert.ok(verifyDigestSignature(args), `${scheme} signature verifies with openssl`);
        const tampered = Buffer.from(digest);
        tampered[0] ^= 1;
        assert.equal(verifyDigestSignature({ ...args, digest: tampered }), false, 'and a changed digest does not');
        assert.ok(verifyChain(args.certDer, ctx.env.fx.pki), 'certificate chains to the test root');
      }
    },

    async signHashEcdsa() {
      const org = identity('org-ec256');
      ctx.user.answers('pin:654321', 'pin:654321');
      const digest = createHash('sha256').update('Công văn số 123/STTTT').digest();
      const v = expectOk(await page().run('signHash', { thumbprint: org.sha256, hash: bytes(digest), signatureScheme: 'ECDSA', ecdsaFormat: 'der' }));
      assert.ok(verifyDigestSignature({ certDer: unbytes(v.certificate), digest, signature: unbytes(v.signature), scheme: 'ECDSA' }));
    },

    async signHashesBatch() {
      const mine = identity('person-rsa2048');
      ctx.user.answers('pin:123456', 'pin:123456');
      const digests = Array.from({ length: 120 }, () => randomBytes(32));
      const names = digests.map((_, i) => `Hồ sơ ${i + 1}`);
      const r = await page().run('signHashes', { thumbprint: mine.sha256, hashes: digests.map(bytes), names }, { onProgress: '$progress' });
      const v = expectOk(r);
      ctx.timings['signHashes x120'] = Math.round(r.elapsed);
      assert.equal(v.signatures.length, 120);
      const certDer = unbytes(v.certificate);
      for (const i of [0, 1, 59, 118, 119]) {
        assert.ok(verifyDigestSignature({ certDer, digest: digests[i], signature: unbytes(v.signatures[i]) }), `signature ${i} verifies`);
      }
      assert.equal(verifyDigestSignature({ certDer, digest: digests[1], signature: unbytes(v.signatures[0]) }), false, 'in order');
      assert.ok(r.progress.some((p) => p.stage === 'signing' && p.total === 120), 'signing progress reached the page');
    },

    async authenticate() {
      const mine = identity('person-rsa2048');
      ctx.user.answers('pin:123456', 'pin:123456');
      const nonce = randomBytes(32).toString('base64');
      const r = await page().run('authenticate', nonce, { thumbprint: mine.sha256 });
      const token = expectOk(r);
      ctx.timings.authenticate = Math.round(r.elapsed);
      assert.equal(token.format, 'web-eid:1.0');
      assert.equal(token.algorithm, 'RS256');
      assert.ok(verifyAuthToken(token, { origin: ctx.urls.httpsOrigin, nonce }), 'token verifies for this origin and nonce');
      assert.equal(verifyAuthToken(token, { origin: 'https://evil.example', nonce }), false, 'not for another origin');
    },

    async userCancels() {
      ctx.user.answers('cancel', 'cancel');
      const mine = identity('person-rsa3072');
      const r = await page().run('signHash', { thumbprint: mine.sha256, hash: bytes(randomBytes(32)) });
      expectError(r, 'USER_CANCELLED');
    },

    // Users take time to find their token and PIN. Browsers stop idle extension
    // backgrounds after about 30 s; the open native port must keep ours alive.
    async longDialog() {
      ctx.user.answers('sleep:33000', 'pin:123456');
      const digest = randomBytes(32);
      const r = await page().run('signHash', { thumbprint: identity('person-rsa2048').sha256, hash: bytes(digest) });
      const v = expectOk(r);
      assert.ok(r.elapsed > 33000);
      assert.ok(verifyDigestSignature({ certDer: unbytes(v.certificate), digest, signature: unbytes(v.signature) }));
    },

    // A locked token PIN, as the real host sees it through tests/fixtures/faultp11 (a
    // pass-through PKCS#11 module over SoftHSM): the host is restarted with a configuration
    // naming that module, then restarted again with the normal one.
    async pinLocked() {
      assert.ok(existsSync(ctx.env.faultp11), `faultp11 not built: ${ctx.env.faultp11Built} (cmake --build build, or set KYSO_FAULTP11)`);
      const normal = readFileSync(ctx.env.config, 'utf8');
      const restartHost = async () => {
        const pid = Number(hostLaunches().at(-1).split(' ')[0]);
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          /* already gone */
        }
        await page().run('status').catch(() => {}); // sees the drop
      };
      expectOk(await page().run('status'));
      try {
        writeFileSync(ctx.env.config, JSON.stringify({ ...JSON.parse(normal), pkcs11Modules: [ctx.env.faultp11] }));
        writeFileSync(ctx.env.faultControl, 'slot_label=kyso-ca-nhan\npin=locked\n');
        await restartHost();
        ctx.user.answers('pin:123456', 'pin:123456');
        const r = await page().run('signHash', { thumbprint: identity('person-rsa2048').sha256, hash: bytes(randomBytes(32)) });
        expectError(r, 'PIN_LOCKED');
        assert.equal(ctx.user.dialogs().filter((d) => String(d.command).startsWith('GETPIN')).length, 0, 'no PIN asked');
      } finally {
        writeFileSync(ctx.env.config, normal);
        writeFileSync(ctx.env.faultControl, '');
        await restartHost();
      }
      expectOk(await page().run('status'));
    },

    // Chromium stops idle extension service workers (ours closes an idle host after 5 min,
    // then sleeps). Stopped here through the DevTools protocol: the next call must wake it,
    // reconnect the content script's port and start a new host.
    async serviceWorkerStopped() {
      expectOk(await page().run('status'));
      const cdp = await page().raw.context().newCDPSession(page().raw);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
      const launched = hostLaunches().length;
      const r = await page().run('status');
      expectOk(r);
      assert.equal(hostLaunches().length, launched + 1, 'the worker was stopped (its host went with it) and a new host started');
    },

    async wrongPinThenGiveUp() {
      ctx.user.answers('pin:000000', 'cancel');
      const r = await page().run('signHash', { thumbprint: identity('person-rsa3072').sha256, hash: bytes(randomBytes(32)) });
      const e = expectError(r, 'PIN_INCORRECT');
      assert.ok('triesLeft' in e.details, `details: ${JSON.stringify(e.details)}`);
    },

    async dialogTimesOut() {
      ctx.user.answers('timeout', 'timeout');
      const r = await page().run('signHash', { thumbprint: identity('person-rsa3072').sha256, hash: bytes(randomBytes(32)) });
      expectError(r, 'TIMEOUT');
    },

    // kyso-host dies in the middle of a request (the user's dialog is open): the call fails
    // at once with NATIVE_UNAVAILABLE and the next call starts a new host.
    async hostDiesMidRequest() {
      ctx.user.answers('hang');
      const before = hostLaunches();
      const pending = page().run('signHash', { thumbprint: identity('person-rsa2048').sha256, hash: bytes(randomBytes(32)) });
      for (let i = 0; i < 100 && ctx.user.dialogs().length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(ctx.user.dialogs().length > 0, 'the PIN dialog opened');
      const pid = Number(before.at(-1).split(' ')[0]); // the wrapper execs the host: same pid
      process.kill(pid, 'SIGKILL');
      const r = await pending;
      expectError(r, 'NATIVE_UNAVAILABLE');
      assert.ok(r.elapsed < 10000);
      expectOk(await page().run('status'));
      assert.equal(hostLaunches().length, before.length + 1, 'a new host process was started');
    },

    async wrongPinThenRight() {
      ctx.user.answers('pin:000000', 'pin:123456', 'pin:123456');
      const mine = identity('person-rsa3072');
      const digest = randomBytes(32);
      const v = expectOk(await page().run('signHash', { thumbprint: mine.sha256, hash: bytes(digest) }));
      assert.ok(verifyDigestSignature({ certDer: unbytes(v.certificate), digest, signature: unbytes(v.signature) }));
      const pins = ctx.user.dialogs().filter((d) => String(d.command).startsWith('GETPIN'));
      assert.ok(pins.length >= 2, 'asked again after the wrong PIN');
      assert.ok(pins[1].error, 'the second dialog says the PIN was wrong');
    },

    async resultOverOneMebibyte() {
      ctx.user.answers('ok');
      const r = await page().run('getCertificates');
      const certs = expectOk(r);
      ctx.timings['listCertificates over 1 MiB'] = Math.round(r.elapsed);
      const big = certs.find((c) => c.thumbprint === ctx.env.big.sha256);
      assert.ok(big, 'the 1 MB certificate came through');
      const der = unbytes(big.certificate);
      assert.equal(der.length, ctx.env.big.size);
      assert.ok(JSON.stringify(certs).length > 1048576, 'the answer was over 1 MiB');
      assert.equal(createHash('sha256').update(der).digest('hex'), big.thumbprint);
    },

    // 2.5 MiB of bytes that are not a PDF: kyso-host 0.1 has no signPdf and answers
    // UNKNOWN_COMMAND; a host with signPdf answers INVALID_PDF. Either answer comes after the
    // five blob frames went through (a frame over 1 MiB would have broken the connection).
    async uploadOverOneMebibyte() {
      const size = 2.5 * 1048576;
      const { host } = expectOk(await page().run('status'));
      const expected = host.commands.includes('signPdf') ? 'INVALID_PDF' : 'UNKNOWN_COMMAND';
      // A complete request (a certificate named), so that only the document itself is wrong.
      const thumbprint = identity('person-rsa2048').sha256;
      const r = await page().run('signPdf', { $fill: size }, { onProgress: '$progress', reason: 'Phê duyệt', thumbprint });
      expectError(r, expected);
      const uploads = r.progress.filter((p) => p.stage === 'upload');
      assert.equal(uploads.length, 5, '5 blob parts of at most 512 KiB');
      assert.equal(uploads.at(-1).done, size);
      expectOk(await page().run('status')); // the connection is still fine
    },

    // The main job: a PDF over 1 MiB goes up in blob parts, is signed on the token with a
    // visible Vietnamese signature, and comes back in blob frames; poppler checks it.
    async signPdfRoundTrip() {
      const mine = identity('person-rsa2048');
      ctx.user.answers('pin:123456');
      const pdf = makePdf(1600 * 1024);
      const r = await page().run('signPdf', bytes(pdf), {
        thumbprint: mine.sha256, fileName: 'cong-van-so-15.pdf', reason: 'Phê duyệt',
        visible: { corner: 'bottom-right' }, onProgress: '$progress',
      });
      const v = expectOk(r);
      ctx.timings['signPdf 1.6 MB'] = Math.round(r.elapsed);
      const signed = unbytes(v.document);
      assert.ok(signed.length > pdf.length, 'a revision was appended');
      assert.ok(signed.subarray(0, pdf.length).equals(pdf), 'every byte of the input is unchanged');
      const dir = mkdtempSync(path.join(tmpdir(), 'kyso-e2e-pdf-'));
      try {
        const file = path.join(dir, 'signed.pdf');
        writeFileSync(file, signed);
        const report = execFileSync('pdfsig', ['-no-ocsp', file], { encoding: 'utf8' });
        assert.match(report, /Signature is Valid\./);
        assert.match(report, /Total document signed/);
        assert.match(report, /ETSI\.CAdES\.detached/);
        const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
        assert.ok(text.includes('Nguyễn Thị Lấp Lánh Ánh'), 'the visible signature shows the signer');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      const pins = ctx.user.dialogs().filter((d) => String(d.command).startsWith('GETPIN'));
      assert.ok(pins.at(-1).desc.includes('cong-van-so-15.pdf'), 'the dialog names the document');
    },

    // The official document workflow (Nghị định 30/2020) through the demo portal: three leaders
    // and the clerk sign the same PDF in turn, each choosing their certificate by thumbprint and
    // typing their own token's PIN. The issued document's four signatures are checked by pdfsig,
    // mutool, qpdf and openssl cms (trusting only the root: the chain comes from the token).
    async demoWorkflow() {
      const p = await ctx.browser.newPage(ctx.urls.demo);
      const started = Date.now();
      try {
        // At step 3 the head of office first types the head of department's PIN: each token
        // has its own, and the host asks again on the right token.
        const r = await runWorkflow(p, ctx.user, { fx: ctx.env.fx, demoUrl: ctx.urls.demo, tls: ctx.env.tlsCert, mixUpAt: 3 });
        ctx.timings['workflow: 4 signatures'] = Date.now() - started;
        for (const s of r.steps) {
          assert.equal(s.data.signatures, String(s.step - 1), `step ${s.step}: the server holds ${s.step - 1} signature(s)`);
          const pins = s.dialogs.filter((d) => String(d.command).startsWith('GETPIN'));
          assert.equal(pins.length, s.step === 3 ? 2 : 1, `step ${s.step}: PIN dialogs`);
          for (const d of pins) assert.ok(d.desc.includes(s.identity.subjectCN), `step ${s.step}: the dialog names ${s.identity.subjectCN}`);
          if (s.step === 3) assert.ok(pins[1].error, 'the second dialog says the PIN was wrong');
        }
        assert.equal(r.clerkFields, true, 'step 1 added the clerk\'s number and date fields (preparePdfDraft)');
        const number = /(\d+\/STTTT-VP)/.exec(r.steps.at(-1).text)?.[1];
        assert.ok(number, 'the clerk issued it with a number');
        const dir = mkdtempSync(path.join(tmpdir(), 'kyso-e2e-workflow-'));
        try {
          const file = path.join(dir, 'issued.pdf');
          writeFileSync(file, r.pdf);
          const v = verifyPdfSignatures(file, { root: ctx.env.fx.pki.root, nssDir: ctx.env.nssDir, expected: 4 });
          assert.deepEqual(v.signers, r.steps.map((s) => s.identity.subjectCN));
          const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
          for (const shown of ['Hoàng Văn Phúc', 'Đặng Thị Hương', 'Ngô Quốc Việt', number, 'Hà Nội, ngày']) assert.ok(text.includes(shown), `${shown} is shown`);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      } finally {
        await p.close();
      }
    },

    // A 20 MB document (a letter with its scanned appendix) from the demo portal: up in 512 KiB
    // blob parts, signed by the head of department, back in blob frames, stored by the portal.
    async demoLargePdf() {
      const p = await ctx.browser.newPage(ctx.urls.demo);
      try {
        const { id, size } = await startWorkflow(p, ctx.user, { extraMb: 20 });
        assert.ok(size > 20 * 1048576, `a draft over 20 MiB (${size})`);
        const draft = await download(`${ctx.urls.demo}api/workflow/${id}/pdf`, ctx.env.tlsCert);
        const signer = SIGNERS[0];
        const identity = ctx.env.fx.identities.find((i) => i.name === signer.identity);
        const pin = ctx.env.fx.tokens.find((t) => t.label === identity.token).userPin;
        const started = Date.now();
        const r = await signStep(p, ctx.user, { step: signer.step, identity, pin, timeoutMs: 150000 });
        ctx.timings['portal step with a 20 MB PDF'] = Date.now() - started;
        ctx.timings['signPdf 20 MB (kyso.signPdf alone)'] = Number(r.data.signMs);
        assert.equal(Number(r.data.uploadParts), Math.ceil(size / 524288), 'uploaded in 512 KiB parts');
        const signed = await download(`${ctx.urls.demo}api/workflow/${id}/pdf`, ctx.env.tlsCert);
        assert.equal(signed.length, Number(r.data.size));
        assert.ok(signed.subarray(0, draft.length).equals(draft), 'every byte of the draft is unchanged');
        const dir = mkdtempSync(path.join(tmpdir(), 'kyso-e2e-large-'));
        try {
          const file = path.join(dir, 'signed.pdf');
          writeFileSync(file, signed);
          const v = verifyPdfSignatures(file, { root: ctx.env.fx.pki.root, nssDir: ctx.env.nssDir, expected: 1 });
          assert.deepEqual(v.signers, [identity.subjectCN]);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      } finally {
        await p.close();
      }
    },

    async twoTabsAtOnce() {
      const a = page();
      const b = await ctx.browser.newPage(ctx.urls.httpsOther);
      const mine = identity('person-rsa2048');
      ctx.user.answers(...Array(8).fill('pin:123456'));
      const digests = [randomBytes(32), randomBytes(32)];
      const statusBurst = (p) => Promise.all(Array.from({ length: 6 }, () => p.run('status')));
      const [sa, sb, ha, hb] = await Promise.all([
        statusBurst(a), statusBurst(b),
        a.run('signHash', { thumbprint: mine.sha256, hash: bytes(digests[0]) }),
        b.run('signHash', { thumbprint: mine.sha256, hash: bytes(digests[1]) }),
      ]);
      for (const s of sa) assert.equal(expectOk(s).host.origin.value, ctx.urls.httpsOrigin);
      for (const s of sb) assert.equal(expectOk(s).host.origin.value, ctx.urls.httpsOtherOrigin);
      for (const [h, digest] of [[ha, digests[0]], [hb, digests[1]]]) {
        const v = expectOk(h);
        assert.ok(verifyDigestSignature({ certDer: unbytes(v.certificate), digest, signature: unbytes(v.signature) }), 'each tab got its own signature');
      }
      await b.close();
    },

    async forgedFrameIgnored() {
      const p = await ctx.browser.newPage(ctx.urls.https);
      const seen = await p.evaluate(async (frameUrl) => {
        const frame = document.createElement('iframe');
        const ready = new Promise((resolve, reject) => {
          window.addEventListener('message', (e) => e.data === 'frame-ready' && resolve());
          setTimeout(() => reject(new Error('the other-origin frame did not load')), 10000);
        });
        frame.src = frameUrl;
        document.body.append(frame);
        await ready;
        frame.contentWindow.postMessage('go', '*');
        // Positive control: the same message from the page itself is answered.
        window.postMessage({ kyso: 1, dir: 'to-extension', type: 'hello', id: 'own-hello' }, location.origin);
        await new Promise((r) => setTimeout(r, 1500));
        return window.kysoTest.seen.slice();
      }, `${ctx.urls.httpsOtherOrigin}/frame.html`);
      assert.ok(seen.includes('own-hello'), 'the page itself is answered');
      assert.ok(!seen.includes('forged-hello') && !seen.includes('forged-status'), `forged messages ignored (${seen})`);
      await p.close();
    },

    async originDeniedByPolicy() {
      const p = await ctx.browser.newPage(ctx.urls.denied);
      const s = expectOk(await p.run('status'));
      assert.deepEqual(s.host.origin, { value: ctx.urls.deniedOrigin, allowed: false, reason: 'ORIGIN_NOT_ALLOWED' });
      ctx.user.answers('ok', 'pin:123456');
      const e = expectError(await p.run('getCertificates'), 'ORIGIN_NOT_ALLOWED');
      assert.ok(e.message.length > 0);
      assert.equal(ctx.user.dialogs().length, 0, 'refused before any dialog');
      await p.close();
    },

    // docs/security.md: another site computes the portal's login preimage for a nonce it
    // fetched from the portal and asks kyso to sign it. Every way in is refused before any
    // dialog; the portal's own login still works; the site learns nothing about the token.
    async loginOracleRefused() {
      const victim = ctx.urls.httpsOrigin;
      const nonce = randomBytes(32).toString('base64');
      const H = (text) => createHash('sha256').update(text, 'utf8').digest();
      const preimage = Buffer.concat([H(victim), H(nonce)]);
      const loginHash = createHash('sha256').update(preimage).digest();
      const mine = identity('person-rsa2048');
      const evil = await ctx.browser.newPage(ctx.urls.evil);
      ctx.user.answers('pin:123456', 'pin:123456', 'pin:123456'); // would be used if a dialog came
      const denied = expectError(await evil.run('signHash', { thumbprint: mine.sha256, hash: bytes(loginHash) }), 'OPERATION_NOT_ALLOWED');
      assert.equal(denied.details.origin, ctx.urls.evilOrigin);
      expectError(await evil.run('signHashes', { thumbprint: mine.sha256, hashes: [bytes(loginHash), bytes(loginHash)] }), 'OPERATION_NOT_ALLOWED');
      expectError(await evil.run('signPrepared', { thumbprint: mine.sha256, kind: 'cms-signed-attributes', data: bytes(preimage) }), 'INVALID_REQUEST');
      assert.equal(ctx.user.dialogs().length, 0, 'no dialog was shown for any of them');
      // status tells the site that kyso is there, not who the user is.
      const s = expectOk(await evil.run('status', { modules: true }));
      const said = JSON.stringify(s);
      for (const token of ctx.env.fx.tokens ?? []) {
        if (token.serial) assert.ok(!said.includes(token.serial), `token serial ${token.serial} not shown to a page`);
        if (token.label) assert.ok(!said.includes(`"${token.label}"`), `token label ${token.label} not shown to a page`);
      }
      assert.ok(!said.includes('softhsm'), 'no module path shown to a page');
      await evil.close();
      // The portal's own login with that nonce still verifies server-side.
      ctx.user.answers('pin:123456');
      const token = expectOk(await page().run('authenticate', nonce, { thumbprint: mine.sha256 }));
      assert.ok(verifyAuthToken(token, { origin: victim, nonce }));
    },

    async insecurePageRefused() {
      const p = await ctx.browser.newPage(ctx.urls.httpInsecure);
      const r = await p.run('status');
      expectError(r, 'CONTEXT_INSECURE');
      await p.close();
    },

    // setDeveloperSetting null: the browser's automation cannot open the options page
    // (Firefox's WebDriver BiDi refuses moz-extension:// navigation), so only the default
    // (off) is checked there.
    async localhostNeedsDeveloperSetting(setDeveloperSetting) {
      const p = await ctx.browser.newPage(ctx.urls.httpLocal);
      expectError(await p.run('status'), 'CONTEXT_INSECURE');
      if (!setDeveloperSetting) return p.close();
      await setDeveloperSetting(ctx.browser, true);
      const s = expectOk(await p.run('status'));
      assert.equal(s.host.origin.value, ctx.urls.httpLocalOrigin);
      await setDeveloperSetting(ctx.browser, false);
      expectError(await p.run('status'), 'CONTEXT_INSECURE');
      await p.close();
    },

    async extensionMissing(browser) {
      const p = await browser.newPage(ctx.urls.https);
      const r = await p.run('status');
      expectError(r, 'EXTENSION_UNAVAILABLE');
      assert.ok(r.elapsed < 1000, `detected in ${Math.round(r.elapsed)} ms`);
      ctx.timings['EXTENSION_UNAVAILABLE after'] = Math.round(r.elapsed);
      await p.close();
    },

    async versionMismatch(browser) {
      const p = await browser.newPage(ctx.urls.https);
      const e = expectError(await p.run('status', { lang: 'vi' }), 'VERSION_MISMATCH');
      assert.match(e.message, /cập nhật/);
      await p.close();
    },
  };
}
