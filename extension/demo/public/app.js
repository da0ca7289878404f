// The demo portal's page: detect kyso, pick a certificate, log in with the token (the
// server issues the challenge and verifies the token), sign the server's document hash
// (the server verifies the signature). Everything the page shows about errors comes from
// KysoError.code and .message (already in the chosen language).
(() => {
  const $ = (id) => document.getElementById(id);
  // Shared with workflow.js: the language and the certificate chosen in step 2.
  const state = (window.demoState = { lang: 'vi', certificates: [], thumbprint: null, document: null });
  const text = () => window.DEMO_TEXT[state.lang];
  const role = () => document.querySelector('input[name=role]:checked').value;
  const b64 = (bytes) => btoa(String.fromCharCode(...bytes));

  function show(id, ok, message) {
    const el = $(id);
    el.className = `result ${ok ? 'ok' : 'error'}`;
    el.textContent = message;
    el.dataset.state = ok ? 'ok' : 'error';
  }
  const showError = (id, e) => show(id, false, e instanceof window.kyso.KysoError ? `${e.message} [${e.code}]` : String(e.message ?? e));

  async function post(url, body) {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
    return res.json();
  }

  function setLanguage(lang) {
    state.lang = lang;
    document.documentElement.lang = lang;
    for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = text()[el.dataset.i18n];
    $('lang-vi').setAttribute('aria-pressed', String(lang === 'vi'));
    $('lang-en').setAttribute('aria-pressed', String(lang === 'en'));
  }

  async function detect() {
    try {
      const status = await window.kyso.status({ lang: state.lang });
      show('detect-result', true, text().detected(status));
    } catch (e) {
      showError('detect-result', e);
    }
  }

  async function loadCertificates() {
    try {
      const all = await window.kyso.getCertificates({ lang: state.lang });
      state.certificates = all.filter((c) => c.hasPrivateKey && !c.expired);
      const list = $('cert-list');
      list.replaceChildren(...state.certificates.map((c, i) => {
        const li = document.createElement('li');
        const label = document.createElement('label');
        const input = Object.assign(document.createElement('input'), { type: 'radio', name: 'cert', value: c.thumbprint, checked: i === 0 });
        input.dataset.commonName = c.subject.commonName ?? '';
        input.addEventListener('change', () => { state.thumbprint = c.thumbprint; });
        label.append(input, ` ${c.subject.commonName} — ${c.issuer.commonName} (${c.key.type} ${c.key.bits}, ${text().validUntil} ${c.notAfter.slice(0, 10)}) [${c.token.label}]`);
        li.append(label);
        return li;
      }));
      state.thumbprint = state.certificates[0]?.thumbprint ?? null;
      show('certs-result', true, text().certsLoaded(state.certificates.length));
      $('login').disabled = !state.thumbprint;
    } catch (e) {
      showError('certs-result', e);
    }
  }

  async function login() {
    try {
      const { nonce } = await post('/api/challenge');
      const token = await window.kyso.authenticate(nonce, { thumbprint: state.thumbprint, lang: state.lang });
      const answer = await post('/api/login', { token, nonce });
      if (!answer.ok) return show('login-result', false, text().serverRefused(answer.error));
      const cn = /CN=([^\n]+)/.exec(answer.subject)?.[1] ?? answer.subject;
      show('login-result', true, text().loggedIn(cn));
      $('sign').disabled = false;
    } catch (e) {
      showError('login-result', e);
    }
  }

  async function sign() {
    try {
      const doc = await post('/api/document', { role: role() });
      $('document').textContent = doc.text;
      const hash = Uint8Array.from(atob(doc.hash), (c) => c.charCodeAt(0));
      const cert = state.certificates.find((c) => c.thumbprint === state.thumbprint);
      const result = await window.kyso.signHash({
        thumbprint: state.thumbprint,
        hash,
        hashAlgorithm: 'SHA-256',
        ecdsaFormat: cert?.key.type === 'EC' ? 'der' : undefined,
        description: text().describe[role()],
      }, { lang: state.lang });
      const answer = await post('/api/submit', {
        id: doc.id,
        signature: b64(result.signature),
        certificate: b64(result.certificate),
        signatureScheme: result.signatureScheme,
        ecdsaFormat: result.ecdsaFormat,
      });
      if (answer.ok) show('sign-result', true, text().signed);
      else show('sign-result', false, text().serverRefused(answer.error ?? 'invalid'));
    } catch (e) {
      showError('sign-result', e);
    }
  }

  // The document workflow (section 5) is the official's: shown only for that role.
  const showRole = () => { $('step-workflow').hidden = role() !== 'official'; };
  for (const input of document.querySelectorAll('input[name=role]')) input.addEventListener('change', showRole);
  showRole();
  $('lang-vi').addEventListener('click', () => setLanguage('vi'));
  $('lang-en').addEventListener('click', () => setLanguage('en'));
  $('detect').addEventListener('click', detect);
  $('load-certs').addEventListener('click', loadCertificates);
  $('login').addEventListener('click', login);
  $('sign').addEventListener('click', sign);
  if (new URLSearchParams(location.search).get('lang') === 'en') setLanguage('en');
})();
