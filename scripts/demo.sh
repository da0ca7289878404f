#!/usr/bin/env bash
# The main job on a demo token: builds kyso, makes a demo SoftHSM token with a Vietnamese test
# PKI, and runs a real signing round trip through kyso-host exactly as a browser extension
# talks to it (native messaging frames on stdin/stdout). Results land in the folder it prints.
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

log "signing round trip through kyso-host"
python3 scripts/demo_roundtrip.py --host build/kyso-host --fixtures "$out/token" --out "$out"
printf '\nDemo results are in %s\n' "$out"
