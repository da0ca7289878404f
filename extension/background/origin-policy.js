// Where the origin of a page comes from, and which origins may talk to the host.
// The origin is taken from the browser's MessageSender, never from anything the page
// sends: a page cannot claim to be another site.

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

// Returns "scheme://host[:port]" of the frame that opened the port, or null when the
// sender is not a content script in a tab or has an opaque origin.
export function senderOrigin(sender) {
  if (!sender || !sender.tab) return null;
  let origin = typeof sender.origin === 'string' ? sender.origin : null;
  if (!origin && typeof sender.url === 'string') {
    try {
      origin = new URL(sender.url).origin;
    } catch {
      return null;
    }
  }
  if (!origin || origin === 'null') return null;
  return origin;
}

// null when the origin may use kyso, otherwise the error code to answer with.
// https is always fine (the host applies its own policy on top); plain http only for
// the loopback host and only when the developer setting is on.
export function originRefusal(origin, allowInsecureLocalhost) {
  let url;
  try {
    url = new URL(origin);
  } catch {
    return 'CONTEXT_INSECURE';
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && allowInsecureLocalhost && LOOPBACK_HOSTS.has(url.hostname)) {
    return null;
  }
  return 'CONTEXT_INSECURE';
}
