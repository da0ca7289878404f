# Shared by scripts/test.sh, scripts/demo.sh and .ci/run. Source it; do not run it.
# shellcheck shell=bash

KYSO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export KYSO_ROOT

log() { printf '\n==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Debian 12 packages kyso needs to build, test and demo. Everything comes from Debian's own
# archive; README.md names each dependency.
KYSO_BUILD_PACKAGES=(
  build-essential cmake pkg-config
  libssl-dev libp11-dev libp11-kit-dev zlib1g-dev nlohmann-json3-dev catch2 libpodofo-dev
  libboost-dev libboost-filesystem-dev libboost-program-options-dev
)
KYSO_TEST_PACKAGES=(
  openssl softhsm2 opensc p11-kit python3 tzdata
  pinentry-tty pinentry-curses
  poppler-utils qpdf mupdf-tools libnss3-tools fonts-liberation2 libreoffice-writer-nogui
  clang-format clang-tidy
  lintian dpkg-dev rsync git
)
KYSO_BROWSER_PACKAGES=(chromium firefox-esr)

# Installs what is missing (only what is missing: a warm machine pays nothing).
install_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

require_node() {
  command -v node >/dev/null && command -v npm >/dev/null ||
    die "node and npm are needed for the extension's tests (Node.js 20 or newer)"
}

# build DIR [cmake args...]: configure and build kyso-host and the tests.
build() {
  local dir=$1; shift
  cmake -S "$KYSO_ROOT" -B "$dir" -DKYSO_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j"$(nproc)"
}
