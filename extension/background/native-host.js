// The one long-lived connection to kyso-host (runtime.connectNative). It is opened on
// the first request, proven with a `status` handshake (which also checks the protocol
// version), shared by every tab, and reopened on the next request after it drops.
import { HANDSHAKE_TIMEOUT_MS, HOST_NAME, PROTOCOL } from './constants.js';
import { ExtensionError } from './errors.js';

export class NativeHost {
  // connectNative(name) -> Port; lastErrorMessage() -> the browser's reason for a drop.
  // onFrame(frame) gets every host frame that is not the handshake's answer;
  // onDrop(reason) is called when an established connection goes away.
  constructor({ connectNative, lastErrorMessage, onFrame, onDrop, protocol = PROTOCOL }) {
    this.connectNative = connectNative;
    this.lastErrorMessage = lastErrorMessage;
    this.onFrame = onFrame;
    this.onDrop = onDrop;
    this.protocol = protocol;
    this.port = null;
    this.ready = null; // Promise of the handshake's status result
    this.handshakes = 0;
  }

  // Resolves with the host's status once the connection is usable.
  connect() {
    if (!this.ready) {
      this.ready = this.open();
      // A failed handshake is forgotten so the next request tries again (host installed,
      // host updated...).
      this.ready.catch(() => this.reset());
    }
    return this.ready;
  }

  post(frame) {
    if (!this.port) throw new ExtensionError('NATIVE_UNAVAILABLE', 'kyso-host is not connected');
    this.port.postMessage(frame);
  }

  reset() {
    const port = this.port;
    this.port = null;
    this.ready = null;
    if (port) {
      try {
        port.disconnect(); // does not fire our own onDisconnect
      } catch {
        /* already gone */
      }
    }
  }

  open() {
    return new Promise((resolve, reject) => {
      let port;
      try {
        port = this.connectNative(HOST_NAME);
      } catch (e) {
        reject(new ExtensionError('NATIVE_UNAVAILABLE', String(e?.message ?? e)));
        return;
      }
      this.port = port;
      const handshakeId = `handshake-${++this.handshakes}`;
      let settled = false;
      const settle = (fn, value) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn(value);
      };
      const timer = setTimeout(() => {
        settle(reject, new ExtensionError('NATIVE_UNAVAILABLE', 'kyso-host did not answer the handshake'));
      }, HANDSHAKE_TIMEOUT_MS);

      port.onMessage.addListener((frame) => {
        if (!settled && frame && frame.id === handshakeId) {
          const problem = this.handshakeProblem(frame);
          if (problem) settle(reject, problem);
          else settle(resolve, frame.result);
          return;
        }
        this.onFrame(frame);
      });
      port.onDisconnect.addListener((p) => {
        // Chromium reports why in runtime.lastError, Firefox in port.error.
        const reason = this.lastErrorMessage() || p?.error?.message || 'kyso-host exited';
        if (this.port === port) {
          this.port = null;
          this.ready = null;
        }
        if (!settled) settle(reject, new ExtensionError('NATIVE_UNAVAILABLE', reason));
        else this.onDrop(reason);
      });
      port.postMessage({ type: 'request', id: handshakeId, command: 'status', protocol: this.protocol });
    });
  }

  // The handshake answer is acceptable when the host speaks our protocol version.
  handshakeProblem(frame) {
    if (frame.type === 'error') {
      const code = frame.error?.code === 'VERSION_MISMATCH' ? 'VERSION_MISMATCH' : 'NATIVE_UNAVAILABLE';
      return new ExtensionError(code, frame.error?.message ?? 'handshake refused', {
        host: frame.error ?? null,
      });
    }
    const result = frame.result ?? {};
    const newest = Number(result.protocol);
    const oldest = Number(result.minProtocol ?? result.protocol);
    if (frame.type !== 'result' || !(oldest <= this.protocol && this.protocol <= newest)) {
      return new ExtensionError(
        'VERSION_MISMATCH',
        `kyso-host speaks protocol ${oldest}-${newest}, the extension ${this.protocol}`,
        { protocol: this.protocol, supported: [oldest, newest], hostVersion: result.version ?? null },
      );
    }
    return null;
  }
}
