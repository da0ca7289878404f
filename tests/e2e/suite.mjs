// The scenarios every browser runs, in order: one list for chromium.test.mjs and
// firefox.test.mjs, which add only what their browser alone can do. `timeout` (ms) where a
// scenario needs more than the default minute.
export function sharedTests(s) {
  return [
    ['host missing: NATIVE_UNAVAILABLE, then works once installed', s.hostMissing],
    ['status handshake, origin from the browser', s.status],
    ['getCertificates after the user confirms', s.certificates],
    ['signHash RSA PKCS#1 v1.5 and PSS, verified with openssl', s.signHashRsa],
    ['signHash ECDSA P-256, verified with openssl', s.signHashEcdsa],
    ['signHashes: 120 digests, one PIN, progress', s.signHashesBatch],
    ['authenticate: web-eid:1.0 token verified with openssl', s.authenticate],
    ['user cancels: USER_CANCELLED', s.userCancels],
    ['a PIN dialog open for 33 s (past the background idle limit) still completes', s.longDialog],
    ['wrong PIN, then the user gives up: PIN_INCORRECT', s.wrongPinThenGiveUp],
    ['locked PIN (faultp11): PIN_LOCKED without asking', s.pinLocked],
    ['dialog not answered in time: TIMEOUT', s.dialogTimesOut],
    ['wrong PIN, then the right one', s.wrongPinThenRight],
    ['host dies mid-request: NATIVE_UNAVAILABLE, next call starts a new host', s.hostDiesMidRequest],
    ['a result over 1 MiB arrives in chunks', s.resultOverOneMebibyte],
    ['signPdf: a 1.6 MB PDF signed with a visible signature, checked by pdfsig', s.signPdfRoundTrip],
    ['demo portal: a 20 MB PDF signed (512 KiB parts), checked by pdfsig, mutool, qpdf, openssl', s.demoLargePdf, { timeout: 180000 }],
    ['demo portal: the 5-step workflow, 4 people on 4 tokens, every signature checked', s.demoWorkflow, { timeout: 120000 }],
    ['a document over 1 MiB goes up in blob parts (signPdf: UNKNOWN_COMMAND, or INVALID_PDF once the host has it)', s.uploadOverOneMebibyte],
    ['two tabs at once never mix', s.twoTabsAtOnce],
    ['messages from another frame/origin are ignored', s.forgedFrameIgnored],
    ['origin denied by kyso-host policy: ORIGIN_NOT_ALLOWED, no dialog', s.originDeniedByPolicy],
    ['another site cannot get a login for the portal signed: OPERATION_NOT_ALLOWED / INVALID_REQUEST, no dialog, no token details', s.loginOracleRefused],
    ['http page on another host: CONTEXT_INSECURE', s.insecurePageRefused],
  ];
}
