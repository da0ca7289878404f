// Routes messages between pages (one runtime port per tab, opened by the content
// script) and the single native host connection. Page request ids are replaced by
// unique host ids, so answers go back to the tab that asked and calls from several tabs
// never mix. The origin sent to the host is the one the browser gave for the port; it goes
// on blob frames too, so the host can keep each site's pending blobs on its own budget.
import {
  BLOB_EXPIRY_MS,
  HOST_IDLE_MS,
  ID_PATTERN,
  MAX_BLOB_DATA_CHARS,
  MAX_BLOBS_PER_REQUEST,
  MAX_FRAME_BYTES,
  MAX_PAGE_BLOB_BYTES,
  MAX_PENDING_PER_PAGE,
  PAGE_COMMANDS,
  PROTOCOL,
} from './constants.js';
import { errorFrame } from './errors.js';
import { originRefusal, senderOrigin } from './origin-policy.js';

// Frames that end a request: the answer itself or the last slice of a chunked answer.
function isFinal(frame) {
  return frame.type === 'result' || frame.type === 'error' || (frame.type === 'chunk' && frame.last === true);
}

export class Router {
  // host: a NativeHost; allowInsecureLocalhost(): Promise<boolean> (the developer setting).
  // pageBlobBytes and blobExpiryMs are there for tests (constants.js has the real values).
  constructor({
    host,
    allowInsecureLocalhost,
    protocol = PROTOCOL,
    idleMs = HOST_IDLE_MS,
    pageBlobBytes = MAX_PAGE_BLOB_BYTES,
    blobExpiryMs = BLOB_EXPIRY_MS,
  }) {
    this.host = host;
    this.allowInsecureLocalhost = allowInsecureLocalhost;
    this.protocol = protocol;
    this.idleMs = idleMs;
    this.pageBlobBytes = pageBlobBytes;
    this.blobExpiryMs = blobExpiryMs;
    this.idleTimer = null;
    this.nextHostId = 0;
    this.inFlight = new Map(); // host id -> { page, pageId }
  }

  // Called whenever the set of requests in flight changes.
  watchIdle() {
    clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (this.inFlight.size === 0) this.idleTimer = setTimeout(() => this.host.reset(), this.idleMs);
  }

  // A content script connected: remember who it is, as the browser says.
  attachPage(port) {
    const page = {
      port,
      origin: senderOrigin(port.sender),
      ids: new Map(), // page id -> { hostId, requested, blobBytes, blobNames, expiry }
      blobBytes: 0, // decoded blob bytes of this page's unfinished requests
      closed: false,
      queue: Promise.resolve(),
    };
    // Handle one message at a time so blob parts reach the host before their request.
    port.onMessage.addListener((message) => {
      page.queue = page.queue.then(() => this.fromPage(page, message)).catch(() => {});
    });
    port.onDisconnect.addListener(() => {
      page.closed = true;
      this.releaseUnrequested(page);
    });
    return page;
  }

  reply(page, frame) {
    if (page.closed) return;
    try {
      page.port.postMessage(frame);
    } catch {
      page.closed = true;
    }
  }

  async fromPage(page, message) {
    if (!message || typeof message !== 'object') return;
    const { type, id } = message;
    if ((type !== 'blob' && type !== 'request') || typeof id !== 'string' || !ID_PATTERN.test(id)) return;

    const known = page.ids.get(id);
    if (known?.requested) return; // an id is used for one request only
    const refusal = await this.refusal(page);
    if (refusal) return this.fail(page, id, refusal.code, refusal.message);
    if (!known && page.ids.size >= MAX_PENDING_PER_PAGE) {
      return this.reply(page, errorFrame(id, 'BUSY', 'too many requests in flight from this page'));
    }
    const invalid = type === 'blob' ? this.invalidBlob(message) : this.invalidRequest(message);
    if (invalid) return this.fail(page, id, 'INVALID_REQUEST', invalid);

    try {
      await this.host.connect();
    } catch (e) {
      return this.fail(page, id, e.code ?? 'NATIVE_UNAVAILABLE', e.message, e.details);
    }
    let entry = page.ids.get(id);
    if (!entry) {
      entry = { hostId: `k${++this.nextHostId}`, requested: false, blobBytes: 0, blobNames: new Set(), expiry: null };
      page.ids.set(id, entry);
      this.inFlight.set(entry.hostId, { page, pageId: id });
      this.watchIdle();
    }
    try {
      if (type === 'blob') {
        const { blob, seq, last, data } = message;
        const over = this.overBudget(page, entry, blob, data);
        if (over) return this.fail(page, id, 'TOO_LARGE', over.message, { limit: over.limit });
        entry.blobNames.add(blob);
        const bytes = Math.floor(data.length / 4) * 3;
        entry.blobBytes += bytes;
        page.blobBytes += bytes;
        this.host.post({ type: 'blob', id: entry.hostId, origin: page.origin, blob, seq, last, data });
        this.reply(page, { type: 'ack', id, blob, seq });
        this.expireLater(page, id, entry);
      } else {
        const request = {
          type: 'request',
          id: entry.hostId,
          command: message.command,
          origin: page.origin,
          lang: message.lang === 'en' ? 'en' : 'vi',
          protocol: this.protocol,
          params: message.params ?? {},
        };
        if (new TextEncoder().encode(JSON.stringify(request)).length > MAX_FRAME_BYTES) {
          return this.fail(page, id, 'TOO_LARGE', 'the request is over 1 MiB: send large values as blobs', { limit: MAX_FRAME_BYTES });
        }
        entry.requested = true;
        clearTimeout(entry.expiry);
        this.host.post(request);
      }
    } catch (e) {
      this.fail(page, id, 'NATIVE_UNAVAILABLE', String(e?.message ?? e));
    }
  }

  async refusal(page) {
    if (!page.origin) return { code: 'CONTEXT_INSECURE', message: 'the page has no usable origin' };
    const code = originRefusal(page.origin, await this.allowInsecureLocalhost());
    return code ? { code, message: `kyso only serves https pages (not ${page.origin})` } : null;
  }

  invalidBlob({ blob, seq, last, data }) {
    if (typeof blob !== 'string' || !ID_PATTERN.test(blob)) return 'blob name';
    if (!Number.isInteger(seq) || seq < 0) return 'blob seq';
    if (typeof last !== 'boolean') return 'blob last';
    if (typeof data !== 'string' || data.length > MAX_BLOB_DATA_CHARS) return 'blob data';
    return null;
  }

  // Why one more blob part would take the page over what it may park, or null.
  overBudget(page, entry, blob, data) {
    if (!entry.blobNames.has(blob) && entry.blobNames.size >= MAX_BLOBS_PER_REQUEST) {
      return { message: `more than ${MAX_BLOBS_PER_REQUEST} blobs in one request`, limit: MAX_BLOBS_PER_REQUEST };
    }
    if (page.blobBytes + Math.floor(data.length / 4) * 3 > this.pageBlobBytes) {
      return { message: 'the page has sent more blob data than kyso holds for one page', limit: this.pageBlobBytes };
    }
    return null;
  }

  // Blobs whose request does not follow in time are released (the host would drop them).
  expireLater(page, id, entry) {
    clearTimeout(entry.expiry);
    entry.expiry = setTimeout(() => {
      if (page.ids.get(id) !== entry || entry.requested) return;
      this.fail(page, id, 'INVALID_REQUEST', `the blobs expired: no request came within ${this.blobExpiryMs / 1000} s of their last part`);
    }, this.blobExpiryMs);
  }

  // The page's id is finished: its blob bytes no longer count against the page.
  forget(page, id) {
    const entry = page.ids.get(id);
    if (!entry) return null;
    page.ids.delete(id);
    page.blobBytes -= entry.blobBytes;
    clearTimeout(entry.expiry);
    return entry;
  }

  invalidRequest({ command, params }) {
    if (typeof command !== 'string' || !PAGE_COMMANDS.has(command)) return `command ${String(command)}`;
    if (params !== undefined && (params === null || typeof params !== 'object' || Array.isArray(params))) {
      return 'params';
    }
    return null;
  }

  // Answers the page with an error and forgets the id (freeing the host's blobs if any).
  fail(page, id, code, message, details) {
    this.reply(page, errorFrame(id, code, message, details));
    const entry = this.forget(page, id);
    if (!entry) return;
    if (!entry.requested) this.releaseBlobs(entry.hostId);
    else this.inFlight.delete(entry.hostId);
    this.watchIdle();
  }

  // A frame from the host: hand it to the page that asked, under the page's own id.
  fromHost(frame) {
    if (!frame || typeof frame !== 'object') return;
    const route = this.inFlight.get(frame.id);
    if (!route) return; // the handshake, a released id, or an error with id null
    if (isFinal(frame)) {
      this.inFlight.delete(frame.id);
      this.forget(route.page, route.pageId);
      this.watchIdle();
    }
    this.reply(route.page, { ...frame, id: route.pageId });
  }

  // The host went away: every request still waiting fails now instead of hanging.
  hostDropped(reason) {
    for (const [hostId, route] of this.inFlight) {
      this.inFlight.delete(hostId);
      this.forget(route.page, route.pageId);
      this.reply(route.page, errorFrame(route.pageId, 'NATIVE_UNAVAILABLE', `kyso-host stopped: ${reason}`));
    }
    this.watchIdle();
  }

  // Blobs the host holds are freed when their request finishes. If a page leaves after
  // sending blobs but before the request, finish that id with a harmless status request.
  releaseUnrequested(page) {
    for (const [id, entry] of page.ids) {
      if (entry.requested) continue;
      this.forget(page, id);
      this.releaseBlobs(entry.hostId);
    }
    this.watchIdle();
  }

  releaseBlobs(hostId) {
    this.inFlight.delete(hostId);
    try {
      this.host.post({ type: 'request', id: hostId, command: 'status', protocol: this.protocol });
    } catch {
      /* no host, nothing held */
    }
  }
}
