// The demo portal's official document workflow (Nghị định 30/2020): the server drafts a PDF
// and kyso adds the clerk's empty number and date fields to it (preparePdfDraft, on hosts that
// have it); the head of department, head of office and head of agency sign it in turn, then
// the clerk gets the number and date from the system, fills them in and signs with the
// organisation's certificate, the red seal overlapping the head of agency's blue handwritten
// signature on its left. Each step
// signs with the certificate chosen in step 2 of the page (window.demoState.thumbprint); in a
// real office each person does it on their own computer with their own token.
(() => {
  const $ = (id) => document.getElementById(id);
  const text = () => window.DEMO_TEXT[window.demoState.lang];
  const state = { id: null, fields: false };
  // The clerk's fields, under the draft's "So:" line (points from the page's lower left).
  const CLERK_FIELDS = [
    { name: 'SoKyHieu', page: 1, rect: [84, 668, 200, 16], fontSize: 12 },
    { name: 'NgayBanHanh', page: 1, rect: [300, 668, 250, 16], fontSize: 12 },
  ];

  const b64 = (bytes) => {
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(s);
  };
  const pngOf = (canvas) => new Promise((resolve) => canvas.toBlob(async (blob) => resolve(new Uint8Array(await blob.arrayBuffer())), 'image/png'));

  // A blue handwritten-style signature on a transparent background.
  function handwriting() {
    const c = Object.assign(document.createElement('canvas'), { width: 240, height: 120 });
    const g = c.getContext('2d');
    g.strokeStyle = '#1030c0';
    g.lineWidth = 4;
    g.lineCap = 'round';
    g.beginPath();
    g.moveTo(15, 85);
    g.bezierCurveTo(40, 10, 70, 10, 60, 70);
    g.bezierCurveTo(55, 110, 100, 30, 120, 60);
    g.bezierCurveTo(135, 85, 160, 20, 185, 55);
    g.bezierCurveTo(200, 80, 215, 60, 230, 40);
    g.moveTo(30, 95);
    g.quadraticCurveTo(120, 80, 220, 92);
    g.stroke();
    return pngOf(c);
  }

  // The organisation's red round seal on a transparent background.
  function seal() {
    const c = Object.assign(document.createElement('canvas'), { width: 200, height: 200 });
    const g = c.getContext('2d');
    g.strokeStyle = g.fillStyle = 'rgba(208, 16, 16, 0.9)';
    g.lineWidth = 8;
    g.beginPath();
    g.arc(100, 100, 92, 0, 2 * Math.PI);
    g.stroke();
    g.lineWidth = 3;
    g.beginPath();
    g.arc(100, 100, 64, 0, 2 * Math.PI);
    g.stroke();
    g.beginPath(); // the star in the middle
    for (let i = 0; i < 10; i++) {
      const r = i % 2 ? 12 : 30;
      const a = -Math.PI / 2 + (i * Math.PI) / 5;
      g.lineTo(100 + r * Math.cos(a), 100 + r * Math.sin(a));
    }
    g.fill();
    return pngOf(c);
  }

  // Where and how each step's signature appears (points from the page's lower left corner).
  async function optionsFor(step, doc) {
    const t = text();
    switch (step) {
      case 2: return { fieldName: 'LanhDaoPhong', reason: t.wfReason[2], visible: { page: 1, rect: [40, 170, 190, 50] } };
      case 3: return { fieldName: 'LanhDaoVanPhong', reason: t.wfReason[3], visible: { page: 1, rect: [40, 110, 190, 50] } };
      case 4: return { fieldName: 'LanhDaoCoQuan', reason: t.wfReason[4], visible: { page: 1, rect: [330, 110, 220, 90], image: b64(await handwriting()) } };
      default: return {
        fieldName: 'VanThu', reason: `${t.wfReason[5]} ${doc.number}`,
        visible: { page: 1, rect: [258, 105, 100, 100], lines: [], image: b64(await seal()) },
        // The number and date go into the draft's fields in the clerk's own signed revision.
        ...(state.fields ? { fill: [{ field: 'SoKyHieu', value: doc.number }, { field: 'NgayBanHanh', value: doc.date }] } : {}),
      };
    }
  }

  function show(id, ok, message, data = {}) {
    const el = $(id);
    el.className = `result ${ok ? 'ok' : 'error'}`;
    el.textContent = message;
    Object.assign(el.dataset, data, { state: ok ? 'ok' : 'error' });
  }
  const showError = (id, e) => show(id, false, e instanceof window.kyso.KysoError ? `${e.message} [${e.code}]` : String(e.message ?? e));
  const post = async (url, body) => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) })).json();

  async function create() {
    try {
      const extraBytes = Math.round(Number($('wf-extra-mb').value || 0) * 1024 * 1024);
      const doc = await post('/api/workflow', { extraBytes });
      if (!doc.ok) throw new Error(doc.error);
      state.id = doc.id;
      state.fields = false;
      $('wf-download').href = `/api/workflow/${doc.id}/pdf`;
      // Step 1: the clerk's empty fields, added by kyso before anyone signs (no token, no PIN).
      const status = await window.kyso.status({ lang: window.demoState.lang });
      if (typeof window.kyso.preparePdfDraft === 'function' && status.host.commands.includes('preparePdfDraft')) {
        const pdf = new Uint8Array(await (await fetch(`/api/workflow/${doc.id}/pdf`)).arrayBuffer());
        const draft = await window.kyso.preparePdfDraft(pdf, { fields: CLERK_FIELDS, fileName: `du-thao-${doc.id.slice(0, 8)}.pdf`, lang: window.demoState.lang });
        const res = await fetch(`/api/workflow/${doc.id}/step/1`, { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: draft.document });
        const answer = await res.json();
        if (!answer.ok) throw new Error(answer.error);
        state.fields = true;
        doc.size = answer.size;
      }
      for (const b of document.querySelectorAll('.wf-step')) b.disabled = false;
      show('wf-create-result', true, text().wfCreated(doc.size, state.fields), { id: doc.id, size: String(doc.size), fields: String(state.fields) });
    } catch (e) {
      showError('wf-create-result', e);
    }
  }

  async function sign(step) {
    const result = `wf-step-${step}-result`;
    try {
      let doc = await (await fetch(`/api/workflow/${state.id}`)).json();
      if (step === 5) doc = await post(`/api/workflow/${state.id}/number`); // the system numbers it
      if (!doc.ok) throw new Error(doc.error);
      const pdf = new Uint8Array(await (await fetch(`/api/workflow/${state.id}/pdf`)).arrayBuffer());
      let parts = 0;
      const started = performance.now(); // kyso's part alone, without the portal's own transfers
      const signed = await window.kyso.signPdf(pdf, {
        thumbprint: window.demoState.thumbprint,
        fileName: `cong-van-${state.id.slice(0, 8)}.pdf`,
        location: 'Hà Nội',
        ...(await optionsFor(step, doc)),
        lang: window.demoState.lang,
        onProgress: (p) => {
          if (p.stage === 'upload') parts += 1;
          $('wf-progress').textContent = text().wfProgress(p);
        },
      });
      const signMs = Math.round(performance.now() - started);
      $('wf-progress').textContent = '';
      const res = await fetch(`/api/workflow/${state.id}/step/${step}`, { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: signed.document });
      const answer = await res.json();
      if (!answer.ok) return show(result, false, text().serverRefused(answer.error));
      const cert = window.demoState.certificates.find((c) => c.thumbprint === window.demoState.thumbprint);
      show(result, true, text().wfSigned(step, cert?.subject.commonName ?? '', answer.signatures, answer.number), {
        signatures: String(answer.signatures), size: String(answer.size), uploadParts: String(parts), signMs: String(signMs), level: signed.level,
      });
    } catch (e) {
      showError(result, e);
    }
  }

  $('wf-create').addEventListener('click', create);
  for (const b of document.querySelectorAll('.wf-step')) b.addEventListener('click', () => sign(Number(b.dataset.step)));
})();
