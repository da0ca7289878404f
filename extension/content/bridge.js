// Content script: the bridge between the page (window.postMessage) and the background
// (one runtime port per page). It reads only messages the page posted to its own
// window, in kyso's namespace, and answers only to the page's own origin, so another
// frame or another site can neither talk to kyso through this page nor read answers.
(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const NAMESPACE = 1; // messages look like {kyso: 1, dir: 'to-extension' | 'to-page', type, id, ...}
  const version = api.runtime.getManifest().version;
  let port = null;
  const inFlight = new Map(); // request id -> the port it went through, until answered

  function toPage(message) {
    window.postMessage({ ...message, kyso: NAMESPACE, dir: 'to-page' }, location.origin);
  }

  function isFinal(m) {
    return m.type === 'result' || m.type === 'error' || (m.type === 'chunk' && m.last === true);
  }

  function backgroundPort() {
    if (port) return port;
    const mine = api.runtime.connect({ name: 'kyso-page' });
    port = mine;
    mine.onMessage.addListener((message) => {
      if (!message || typeof message.id !== 'string') return;
      if (isFinal(message)) inFlight.delete(message.id);
      toPage(message);
    });
    mine.onDisconnect.addListener(() => {
      // The background restarted or the extension was updated: nobody will answer what
      // went through this port.
      if (port === mine) port = null;
      for (const [id, via] of inFlight) {
        if (via !== mine) continue;
        inFlight.delete(id);
        toPage({ type: 'error', id, error: { code: 'EXTENSION_UNAVAILABLE', message: 'the kyso extension restarted' } });
      }
    });
    return mine;
  }

  // A port can die between two messages (the browser stopped the service worker) before
  // onDisconnect has told us: then one fresh port wakes the background.
  function send(message) {
    let via = backgroundPort();
    try {
      via.postMessage(message);
    } catch {
      port = null;
      via = backgroundPort();
      via.postMessage(message);
    }
    if (message.type === 'request') inFlight.set(message.id, via);
  }

  window.addEventListener('message', (event) => {
    if (event.source !== window || event.origin !== location.origin) return;
    const data = event.data;
    if (!data || typeof data !== 'object' || data.kyso !== NAMESPACE || data.dir !== 'to-extension') return;
    let message;
    try {
      message = JSON.parse(JSON.stringify(data)); // a plain copy: no page objects cross over
    } catch {
      return;
    }
    if (typeof message.id !== 'string' || message.id.length > 64) return;
    if (message.type === 'hello') {
      toPage({ type: 'hello', id: message.id, extension: { version } });
    } else if (message.type === 'request' || message.type === 'blob') {
      const { type, id, command, params, lang, blob, seq, last, data: part } = message;
      const forward = type === 'request' ? { type, id, command, params, lang } : { type, id, blob, seq, last, data: part };
      try {
        send(forward);
      } catch {
        port = null;
        inFlight.delete(id);
        toPage({ type: 'error', id, error: { code: 'EXTENSION_UNAVAILABLE', message: 'the kyso extension is not reachable' } });
      }
    }
  });
})();
