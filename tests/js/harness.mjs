// Small stand-ins for the browser pieces around the code under test, so that the real
// page library, the real content script (run in a vm context) and the real background
// router can be exercised together in node. The e2e tests do the same in real browsers.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { Router } from '../../extension/background/router.js';
import { NativeHost } from '../../extension/background/native-host.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tick = () => new Promise((r) => setImmediate(r));

// A runtime.Port pair: what one side posts, the other receives (as a JSON copy, like
// the browsers' message serialization).
export function portPair(senderOfA = null) {
  const make = () => ({
    listeners: [],
    dropListeners: [],
    onMessage: { addListener(fn) { this.owner.listeners.push(fn); } },
    onDisconnect: { addListener(fn) { this.owner.dropListeners.push(fn); } },
  });
  const a = make();
  const b = make();
  for (const [self, other] of [[a, b], [b, a]]) {
    self.onMessage.owner = self;
    self.onDisconnect.owner = self;
    self.sent = [];
    self.closed = false;
    self.postMessage = (m) => {
      if (self.closed) throw new Error('Attempting to use a disconnected port object');
      self.sent.push(m);
      const copy = JSON.parse(JSON.stringify(m));
      setImmediate(() => !other.closed && other.listeners.forEach((fn) => fn(copy)));
    };
    self.disconnect = () => {
      if (self.closed) return;
      self.closed = other.closed = true;
      setImmediate(() => other.dropListeners.forEach((fn) => fn(other)));
    };
  }
  b.sender = senderOfA; // the receiving side sees who opened the port
  return [a, b];
}

// A window: postMessage delivers a MessageEvent-like object asynchronously.
export class FakeWindow {
  constructor(origin, { secure = true } = {}) {
    this.location = { origin };
    this.isSecureContext = secure;
    this.listeners = [];
    this.posted = [];
  }
  addEventListener(type, fn) {
    if (type === 'message') this.listeners.push(fn);
  }
  postMessage(data, targetOrigin) {
    this.posted.push({ data, targetOrigin });
    if (targetOrigin !== '*' && targetOrigin !== this.location.origin) return; // browsers drop it
    this.deliver(this, this.location.origin, data);
  }
  // What another frame or window posting into this one looks like.
  deliver(source, origin, data) {
    const event = { source, origin, data: structuredClone(data) };
    setImmediate(() => this.listeners.forEach((fn) => fn(event)));
  }
}

// Runs the real extension/content/bridge.js for `win`, its runtime.connect wired to `router`.
export function installContentScript(win, router, { tabId = 1, version = '0.1.0' } = {}) {
  const code = readFileSync(`${root}extension/content/bridge.js`, 'utf8');
  const chrome = {
    runtime: {
      getManifest: () => ({ version }),
      connect: () => {
        const [mine, theirs] = portPair({ tab: { id: tabId }, origin: win.location.origin, url: `${win.location.origin}/page` });
        router.attachPage(theirs);
        (win.contentPorts ??= []).push(mine);
        return mine;
      },
    },
  };
  vm.runInNewContext(code, { window: win, location: win.location, chrome, JSON });
}

// A scriptable kyso-host: handler(frame, send) answers requests (blob frames are only
// recorded, as the real host keeps them for their request); records every frame.
export class FakeHostProcess {
  constructor({ handler, handshake } = {}) {
    this.frames = [];
    this.handler = handler ?? (() => {});
    this.handshake = handshake ?? ((frame, send) =>
      send({ type: 'result', id: frame.id, result: { name: 'kyso-host', version: '0.1.0', protocol: 1, minProtocol: 1, commands: ['status'] } }));
    this.connects = 0;
    this.missing = false;
  }
  connectNative() {
    this.connects++;
    const [extensionSide, hostSide] = portPair();
    this.port = hostSide;
    if (this.missing) {
      setImmediate(() => extensionSide.disconnect && hostSide.disconnect());
      this.lastError = 'Specified native messaging host not found.';
      return extensionSide;
    }
    const send = (m) => hostSide.postMessage(m);
    hostSide.onMessage.addListener((frame) => {
      this.frames.push(frame);
      if (String(frame.id).startsWith('handshake-')) this.handshake(frame, send);
      else if (frame.type === 'request') this.handler(frame, send);
    });
    return extensionSide;
  }
}

// Page library + content script + router + fake host, for one or more pages.
export function extensionWith(hostProcess, { allowInsecureLocalhost = false, idleMs = 200 } = {}) {
  let router;
  const host = new NativeHost({
    connectNative: () => hostProcess.connectNative(),
    lastErrorMessage: () => hostProcess.lastError ?? null,
    onFrame: (f) => router.fromHost(f),
    onDrop: (r) => router.hostDropped(r),
  });
  router = new Router({ host, allowInsecureLocalhost: async () => allowInsecureLocalhost, idleMs });
  return { router, host };
}

export { tick };
