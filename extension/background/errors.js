// Error frames the background writes itself, in the host's shape so that the page
// library treats them like the host's own (docs/protocol.md, "error").
export function errorFrame(id, code, message, details = {}) {
  return { type: 'error', id, error: { code, message, ...details } };
}

export class ExtensionError extends Error {
  constructor(code, message, details = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }
}
