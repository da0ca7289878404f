// Background entry point (Chromium service worker, Firefox background script).
import { NativeHost } from './native-host.js';
import { Router } from './router.js';

const api = globalThis.browser ?? globalThis.chrome;

// Off by default: lets http://localhost and http://127.0.0.1 pages use kyso while a
// portal is being developed (the host has its own allowInsecureLocalhost setting too).
async function allowInsecureLocalhost() {
  const { allowInsecureLocalhost: on } = await api.storage.local.get('allowInsecureLocalhost');
  return on === true;
}

let router = null;
const host = new NativeHost({
  connectNative: (name) => api.runtime.connectNative(name),
  lastErrorMessage: () => api.runtime.lastError?.message ?? null,
  onFrame: (frame) => router.fromHost(frame),
  onDrop: (reason) => router.hostDropped(reason),
});
router = new Router({ host, allowInsecureLocalhost });

api.runtime.onConnect.addListener((port) => {
  if (port.name !== 'kyso-page') return port.disconnect();
  router.attachPage(port);
});
