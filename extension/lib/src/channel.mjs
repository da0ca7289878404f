// The page side of the bridge: talks to the kyso content script with window.postMessage
// in kyso's namespace, detects the extension, sends binary parameters as blob parts
// (each acknowledged before the next, so memory stays bounded and progress is real),
// and puts answers back together (blob frames, chunked messages).
import { concat, decode, encode } from './base64.mjs';
import { KysoError, fromErrorObject } from './errors.mjs';

export const NAMESPACE = 1;
// The content script answers "hello" in a few milliseconds (it runs in the page's own
// renderer), so silence this long means no extension: reported within 1 s, with room to spare
// for a busy machine's late timers.
export const DETECT_TIMEOUT_MS = 600;
export const BLOB_PART_BYTES = 524288; // the host's limit per blob frame (docs/protocol.md)
export const DEFAULT_TIMEOUT_MS = 5 * 60 * 1000; // user dialogs included

function randomId() {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class Channel {
  // win: the page's window (or anything with postMessage/addEventListener/location).
  constructor(win, { detectTimeoutMs = DETECT_TIMEOUT_MS } = {}) {
    this.win = win;
    this.detectTimeoutMs = detectTimeoutMs;
    this.waiting = new Map(); // id -> function(frame)
    this.extension = null; // {version} from the last detection
    win.addEventListener('message', (event) => this.onMessage(event));
  }

  onMessage(event) {
    // Only what the content script posted to this very window.
    if (event.source !== this.win) return;
    const m = event.data;
    if (!m || typeof m !== 'object' || m.kyso !== NAMESPACE || m.dir !== 'to-page') return;
    const handler = this.waiting.get(m.id);
    if (handler) handler(m);
  }

  post(message) {
    this.win.postMessage({ ...message, kyso: NAMESPACE, dir: 'to-extension' }, this.win.location.origin);
  }

  // Resolves with {version} of the extension, or rejects with EXTENSION_UNAVAILABLE
  // within detectTimeoutMs. Asked before every call (a round trip inside the page, well
  // under a millisecond), so an extension disabled or removed since the last call is
  // noticed at once instead of after the call's timeout.
  detect(lang) {
    return new Promise((resolve, reject) => {
      const id = randomId();
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new KysoError('EXTENSION_UNAVAILABLE', { lang }));
      }, this.detectTimeoutMs);
      this.waiting.set(id, (m) => {
        if (m.type !== 'hello') return;
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(m.extension ?? {});
      });
      this.post({ type: 'hello', id });
    });
  }

  // Sends one command and resolves with its result, blob references replaced by bytes.
  // blobs: {name: Uint8Array}; onProgress({stage, done, total}).
  async call(command, params, { blobs = {}, onProgress, lang = 'vi', timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    this.extension = await this.detect(lang);
    const id = randomId();
    const received = new Map(); // blob name -> [Uint8Array parts]
    let chunks = [];
    let ackWaiter = null;
    let fail;
    let succeed;
    const done = new Promise((resolve, reject) => {
      succeed = resolve;
      fail = reject;
    });
    const timer = setTimeout(() => fail(new KysoError('TIMEOUT', { lang })), timeoutMs);
    const progress = (p) => {
      try {
        onProgress?.(p);
      } catch {
        /* a portal's callback must not break the call */
      }
    };
    const finish = (m) => {
      if (m.type === 'result') succeed(replaceBlobs(m.result, received));
      else fail(fromErrorObject(m.error, lang));
    };

    this.waiting.set(id, (m) => {
      switch (m.type) {
        case 'ack':
          ackWaiter?.(m);
          break;
        case 'progress':
          progress({ stage: m.stage, done: m.done, total: m.total });
          break;
        case 'blob': {
          const parts = received.get(m.blob) ?? [];
          parts[m.seq] = decode(m.data);
          received.set(m.blob, parts);
          break;
        }
        case 'chunk':
          chunks[m.seq] = m.data;
          if (m.last) {
            const text = chunks.join('');
            chunks = [];
            try {
              finish(JSON.parse(text));
            } catch {
              fail(new KysoError('INTERNAL', { lang, hostMessage: 'unreadable chunked answer' }));
            }
          }
          break;
        case 'result':
        case 'error':
          finish(m);
          break;
        default:
          break;
      }
    });

    try {
      const upload = this.upload(id, blobs, progress, (waiter) => {
        ackWaiter = waiter;
      });
      // An error frame (no host, refused origin...) may end the call during the upload.
      await Promise.race([upload, done]);
      this.post({ type: 'request', id, command, params, lang });
      return await done;
    } finally {
      clearTimeout(timer);
      this.waiting.delete(id);
    }
  }

  async upload(id, blobs, progress, setAckWaiter) {
    const entries = Object.entries(blobs);
    const total = entries.reduce((n, [, bytes]) => n + bytes.length, 0);
    let sent = 0;
    for (const [name, bytes] of entries) {
      const count = Math.max(1, Math.ceil(bytes.length / BLOB_PART_BYTES));
      for (let seq = 0; seq < count; seq++) {
        const part = bytes.subarray(seq * BLOB_PART_BYTES, (seq + 1) * BLOB_PART_BYTES);
        const acked = new Promise((resolve) => {
          setAckWaiter((m) => {
            if (m.blob === name && m.seq === seq) resolve();
          });
        });
        this.post({ type: 'blob', id, blob: name, seq, last: seq === count - 1, data: encode(part) });
        await acked;
        sent += part.length;
        progress({ stage: 'upload', done: sent, total });
      }
    }
  }
}

// Host results name large binary values {"$blob": name, "size": n}: swap in the bytes.
function replaceBlobs(value, received) {
  if (Array.isArray(value)) return value.map((v) => replaceBlobs(v, received));
  if (value && typeof value === 'object') {
    if (typeof value.$blob === 'string' && Object.keys(value).every((k) => k === '$blob' || k === 'size')) {
      return concat(received.get(value.$blob) ?? []);
    }
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = replaceBlobs(v, received);
    return out;
  }
  return value;
}
