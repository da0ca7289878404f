// Constants the background shares. PROTOCOL is the host protocol major version this
// extension speaks (docs/protocol.md): it is sent in every request and checked in the
// status handshake. Tests build a variant with another value to provoke VERSION_MISMATCH.
export const PROTOCOL = 1;
export const HOST_NAME = 'vn.kyso.host';

// Commands a page may ask for. Anything else never reaches the host.
export const PAGE_COMMANDS = new Set([
  'status',
  'listCertificates',
  'signHash',
  'signHashes',
  'signPrepared',
  'authenticate',
  'signPdf',
  'signPdfBatch',
  'preparePdfDraft',
]);

// No native frame may exceed this many bytes of JSON (docs/protocol.md). A request over it
// would be answered with an error the host cannot tie to its id, so it is refused here.
export const MAX_FRAME_BYTES = 1048576;

// Requests one page may have in flight at once; more gives BUSY.
export const MAX_PENDING_PER_PAGE = 8;

// Blob data (decoded bytes) one page may have sent for requests that have not finished, so a
// tab cannot push more into the shared native port than one request may hold (the host's
// maxRequestBytes default, which the host enforces per origin). More gives TOO_LARGE.
export const MAX_PAGE_BLOB_BYTES = 256 * 1024 * 1024;

// Blob names one request may use (the host's limit too: signPdfBatch's 1,000 documents fit).
export const MAX_BLOBS_PER_REQUEST = 2048;

// Blobs whose request has not followed this long after their last part are released; the
// host drops them after the same time (docs/protocol.md, "Limits").
export const BLOB_EXPIRY_MS = 60 * 1000;

// A blob frame carries at most 524,288 bytes, i.e. this many base64 characters, so the
// native frame stays under 1 MiB (docs/protocol.md, "blob").
export const MAX_BLOB_DATA_CHARS = 4 * Math.ceil(524288 / 3);

// How long the host gets to answer the status handshake before it counts as missing.
export const HANDSHAKE_TIMEOUT_MS = 5000;

// kyso-host is closed after this long without requests: the process (and any token session
// it keeps) does not outlive its use, and Chromium may then let the service worker sleep.
// The next request starts a new host.
export const HOST_IDLE_MS = 5 * 60 * 1000;

// Request ids and blob names as the page may write them.
export const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
