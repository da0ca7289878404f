#!/usr/bin/env bash
# The main job on a demo token: builds kyso, makes a demo SoftHSM token with a Vietnamese test
# PKI, runs a real signing round trip through kyso-host exactly as the browser extension talks
# to it, then drives the demo portal in headless Chromium with the real extension. Results
# (signature, login token, dialogs shown, screenshots) land in the folder it prints.
#
# The PIN dialog: with a display and KYSO_DEMO_INTERACTIVE=1 you get the real pinentry and
# type the demo PIN yourself (123456); otherwise a scripted pinentry answers, speaking the
# same Assuan protocol.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$KYSO_ROOT"

install_packages "${KYSO_BUILD_PACKAGES[@]}" "${KYSO_TEST_PACKAGES[@]}"
log "build"
build build

out=${KYSO_DEMO_OUT:-$KYSO_ROOT/out/demo}
rm -rf "$out"
mkdir -p "$out"
log "demo token (SoftHSM) and test PKI in $out/token"
tests/fixtures/make-tokens.sh "$out/token" >/dev/null

log "signing round trip through kyso-host (native messaging, as the extension speaks it)"
python3 scripts/demo_roundtrip.py --host build/kyso-host --fixtures "$out/token" --out "$out"

# The same flow from a web page: the demo portal in headless Chromium with the real extension,
# which starts the real host. It logs in (the demo server checks the web-eid:1.0 token) and
# signs, then leaves results.json and screenshots.
install_packages "${KYSO_BROWSER_PACKAGES[@]}"
require_node
npm ci --no-audit --no-fund --loglevel=error
log "demo portal in headless Chromium with the kyso extension"
KYSO_HOST="$KYSO_ROOT/build/kyso-host" KYSO_E2E_FIXTURES="$out/token" KYSO_E2E_WORK="$out/browser-work" \
  node tests/e2e/demo-drive.mjs --out "$out/browser"
printf '\nDemo results are in %s (browser run: %s/browser)\n' "$out" "$out"
