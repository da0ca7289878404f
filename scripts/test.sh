#!/usr/bin/env bash
# Installs what kyso needs on a Debian 12 machine and runs the whole test suite:
# formatting, C++ unit and integration tests (normal build, then AddressSanitizer + UBSan),
# clang-tidy, the extension's tests and linter, end-to-end tests in real Chromium and Firefox
# ESR, and the installed .deb package.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$KYSO_ROOT"

install_packages "${KYSO_BUILD_PACKAGES[@]}" "${KYSO_TEST_PACKAGES[@]}" "${KYSO_BROWSER_PACKAGES[@]}"

log "formatting (clang-format)"
mapfile -t sources < <(git ls-files 'host/*.cpp' 'host/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp' 'bench/*.c')
clang-format --dry-run -Werror "${sources[@]}"

log "build"
build build
log "tests"
(cd build && ctest --output-on-failure -j2 --timeout 600)

log "static analysis (clang-tidy with .clang-tidy, host sources)"
# Findings are errors (.clang-tidy: WarningsAsErrors). Uses the build's compile_commands.json.
run-clang-tidy -p build -j"$(nproc)" -quiet "$KYSO_ROOT/host/src/" >build/clang-tidy.log 2>&1 ||
  { sed 's/\x1b\[[0-9;]*m//g' build/clang-tidy.log | grep -E "(error|warning):" >&2 ||
      tail -30 build/clang-tidy.log >&2
    exit 1; }

log "build with AddressSanitizer + UndefinedBehaviorSanitizer"
build build-asan -DKYSO_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
log "tests under sanitizers"
(cd build-asan &&
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  LSAN_OPTIONS=suppressions=$KYSO_ROOT/tests/lsan.supp:print_suppressions=0 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --output-on-failure -j2 --timeout 900)

if [ -f package.json ]; then
  require_node
  log "extension: npm ci, unit tests, addons-linter"
  npm ci --no-audit --no-fund --loglevel=error
  npm test
  log "end-to-end in Chromium and Firefox ESR"
  KYSO_HOST="$KYSO_ROOT/build/kyso-host" npm run test:e2e
fi

log "installed package: .deb, lintian, apt install, real browsers, purge"
if [ "$(id -u)" -eq 0 ]; then tests/package/run.sh; else sudo tests/package/run.sh; fi

log "all tests passed"
