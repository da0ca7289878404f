// Test-side helpers in the page: call the page API with JSON-friendly arguments and
// get JSON-friendly results back (bytes as base64), timings and progress included.
(() => {
  const b64 = (bytes) => {
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(s);
  };
  const unb64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
  // {$bytes: base64} -> Uint8Array; {$fill: n} -> n bytes of a pattern; '$progress' -> callback
  function revive(value, progress) {
    if (value === '$progress') return (p) => progress.push(p);
    if (Array.isArray(value)) return value.map((v) => revive(v, progress));
    if (value && typeof value === 'object') {
      if (typeof value.$bytes === 'string') return unb64(value.$bytes);
      if (typeof value.$fill === 'number') return new Uint8Array(value.$fill).map((_, i) => i % 251);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v, progress)]));
    }
    return value;
  }
  function plain(value) {
    if (value instanceof Uint8Array) return { $bytes: b64(value) };
    if (Array.isArray(value)) return value.map(plain);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
    return value;
  }
  // Every kyso answer that reaches this window, whoever asked (the forged-frame test).
  const seen = [];
  window.addEventListener('message', (e) => {
    if (e.data && e.data.kyso === 1 && e.data.dir === 'to-page') seen.push(e.data.id);
  });
  window.kysoTest = {
    seen,
    async run(method, args = []) {
      const progress = [];
      const started = performance.now();
      try {
        const value = await window.kyso[method](...revive(args, progress));
        return { ok: true, value: plain(value), progress, elapsed: performance.now() - started };
      } catch (e) {
        return {
          ok: false,
          error: { name: e.name, code: e.code, message: e.message, details: e.details, hostMessage: e.hostMessage, isKysoError: e instanceof window.kyso.KysoError },
          progress,
          elapsed: performance.now() - started,
        };
      }
    },
  };
})();
