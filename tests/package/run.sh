#!/usr/bin/env bash
# tests/package/run.sh — the installed-package test (issue #5). Debian 12, as root.
#
# Builds the .deb (installer/build-deb.sh), lints it, installs it with apt on THIS machine,
# checks the files, `kyso-host --version` and `kyso-host doctor`, runs real Chromium and
# Firefox ESR against the INSTALLED host found through the system manifest directories,
# checks dpkg's conffile handling, then removes and purges the package and checks that
# nothing is left and that browsers now report NATIVE_UNAVAILABLE.
# The package is purged on any exit (trap). Env: KYSO_PKG_BUILD (default build-pkg),
# KYSO_PKG_KEEP=1 keeps the work directory.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/tests/package
build=${KYSO_PKG_BUILD:-$root/build-pkg}
version=$(cat "$root/VERSION")
work=$(mktemp -d /tmp/kyso-pkgtest.XXXXXX)
chmod 755 "$work" # the host and browsers run as root anyway; keeps paths readable
installed=0
started=$SECONDS

step() { printf '\n==> [%3ds] %s\n' $((SECONDS - started)) "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
pass() { printf '  ok  %s\n' "$*"; }

# Everything the package may own on this machine; after purge none may exist.
owned=(
  /usr/bin/kyso-host /usr/share/kyso /usr/share/doc/kyso /usr/share/man/man1/kyso-host.1.gz
  /etc/kyso
  /etc/chromium/native-messaging-hosts/vn.kyso.host.json
  /etc/opt/chrome/native-messaging-hosts/vn.kyso.host.json
  /etc/opt/edge/native-messaging-hosts/vn.kyso.host.json
  /usr/lib/mozilla/native-messaging-hosts/vn.kyso.host.json
)

cleanup() {
  local rc=$?
  if [ "$installed" = 1 ] && dpkg-query -W kyso >/dev/null 2>&1; then
    echo "cleanup: purging kyso" >&2
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq kyso >/dev/null 2>&1 || dpkg --purge kyso >&2 || true
  fi
  if [ "${KYSO_PKG_KEEP:-0}" = 1 ]; then echo "work directory kept: $work" >&2; else rm -rf "$work"; fi
  if [ $rc -eq 0 ]; then
    printf '\npackage test passed in %ds\n' $((SECONDS - started))
  else
    printf '\npackage test FAILED (exit %d) after %ds\n' $rc $((SECONDS - started)) >&2
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" -eq 0 ] || fail "run as root: the test installs and purges a package"
# One package test per machine at a time: it installs system-wide.
exec 9>/run/lock/kyso-package-test.lock
flock -n 9 || fail "another tests/package/run.sh is running on this machine"
if dpkg-query -W -f='${Status}' kyso 2>/dev/null | grep -q installed; then
  fail "kyso is already installed here; this test installs and purges it: apt-get purge kyso"
fi
for p in "${owned[@]}"; do
  [ ! -e "$p" ] || fail "$p exists before the test: a manual install? remove it first"
done
# Directories the package creates: purge must remove them again, unless they were here before
# (a browser package may own them).
created_dirs=()
for d in /etc/opt/chrome /etc/opt/edge /etc/chromium/native-messaging-hosts /usr/lib/mozilla/native-messaging-hosts; do
  [ -e "$d" ] || created_dirs+=("$d")
done
for pkg in lintian dpkg-dev rsync chromium firefox-esr softhsm2 opensc python3 nodejs; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' ||
    fail "missing Debian package $pkg (apt-get install $pkg)"
done
for mod in playwright-core puppeteer-core; do
  [ -d "$root/node_modules/$mod" ] || fail "run npm ci at the top of the tree ($mod)"
done

step "build the .deb (installer/build-deb.sh $build)"
deb=$("$root/installer/build-deb.sh" "$build" 2>"$work/build.log" | tail -n1) ||
  { tail -n 30 "$work/build.log" >&2; fail "build-deb.sh failed"; }
pass "$deb ($(du -k "$deb" | cut -f1) KiB)"

step "lintian"
lintian --fail-on error --display-info "$deb" >"$work/lintian.txt" 2>&1 ||
  { cat "$work/lintian.txt"; fail "lintian reports errors"; }
grep -q '^E:' "$work/lintian.txt" && fail "lintian printed errors"
pass "no errors; $(grep -c '^W:' "$work/lintian.txt" || true) warning(s), $(grep -c '^I:' "$work/lintian.txt" || true) info tag(s):"
sed 's/^/      /' "$work/lintian.txt"

step "package metadata"
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = kyso ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$version-1" ] || fail "Version $(field Version), VERSION says $version"
depends=$(field Depends)
# Every shared library the packaged binary and the PDF module need must come from a package in Depends
# (dpkg-shlibdeps' job), plus the non-library dependencies named in packaging.cmake.
dpkg-deb -x "$deb" "$work/deb-root"
# The package names in Depends (alternatives included), one per line, for exact comparison
# (package names hold '+' and '.', which a regex would misread).
depends_names=$(tr ',|' '\n\n' <<<"$depends" | awk '{print $1}')
libs=0
for elf in "$work/deb-root/usr/bin/kyso-host" "$work"/deb-root/usr/lib/*/kyso/libkyso-pdf.so; do
  [ -f "$elf" ] || fail "the package lacks $elf"
  while read -r lib; do
    owner=$(dpkg -S "$lib" 2>/dev/null || dpkg -S "$(readlink -f "$lib")" 2>/dev/null) || fail "no package owns $lib"
    owner=${owner%%:*}
    grep -qxF -- "$owner" <<<"$depends_names" ||
      fail "${elf##*/} needs $lib from $owner, Depends lacks it: $depends"
    libs=$((libs + 1))
  # Direct dependencies only (NEEDED), as dpkg-shlibdeps sees them; ldd says where each is.
  done < <(ldd "$elf" | awk -v needed="$(objdump -p "$elf" | awk '$1 == "NEEDED" {print $2}' | tr '\n' ' ')" \
             'BEGIN {split(needed, n, " "); for (i in n) want[n[i]] = 1}
              $2 == "=>" && $3 ~ /^\// && ($1 in want) {print $3}')
done
[ "$libs" -ge 3 ] || fail "ldd found only $libs libraries"
# libp11-3: kyso-host dlopens libp11.so.3 on the first token command, which ldd cannot see.
for want in 'libp11-3' 'pinentry-gnome3 | pinentry-qt | pinentry-curses' 'p11-kit' 'fonts-liberation2'; do
  grep -qF -- "$want" <<<"$depends" || fail "Depends lacks $want: $depends"
done
pass "Depends covers the $libs shared libraries ldd lists: $depends"
dpkg-deb --ctrl-tarfile "$deb" | tar -x -O ./conffiles >"$work/conffiles"
diff -u "$root/installer/debian/conffiles" "$work/conffiles" || fail "conffiles differ"
pass "conffiles: $(tr '\n' ' ' <"$work/conffiles")"

step "install with apt"
installed=1
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" >"$work/apt.log" 2>&1 ||
  { cat "$work/apt.log"; fail "apt-get install"; }
dpkg-query -W -f='${Status}' kyso | grep -q 'install ok installed' || fail "dpkg does not list kyso as installed"
pass "installed $(dpkg-query -W -f='${Version}' kyso)"

step "installed files"
[ -x /usr/bin/kyso-host ] || fail "/usr/bin/kyso-host is not executable"
python3 "$here/check_manifests.py" "$version" || fail "manifests"
[ "$(cat /etc/kyso/policy.json)" = "{}" ] || fail "/etc/kyso/policy.json should be {}"
for f in copyright changelog.Debian.gz examples/policy.json policies/firefox/policies.json configuration.md; do
  [ -f "/usr/share/doc/kyso/$f" ] || fail "/usr/share/doc/kyso/$f missing"
done
pass "docs, examples and browser policies in /usr/share/doc/kyso"

step "kyso-host --version"
out=$(/usr/bin/kyso-host --version)
grep -qF "$version" <<<"$out" || fail "--version printed '$out'"
pass "$out"

step "fixtures: SoftHSM tokens, user config in a temporary HOME"
"$root/tests/fixtures/make-tokens.sh" "$work/fx" >"$work/fixtures.log" 2>&1 || { cat "$work/fixtures.log"; fail "make-tokens.sh"; }
export HOME=$work/home SOFTHSM2_CONF=$work/fx/softhsm2.conf
unset XDG_CONFIG_HOME KYSO_CONFIG KYSO_POLICY KYSO_PINENTRY DISPLAY WAYLAND_DISPLAY || true
mkdir -p "$HOME/.config/kyso"
cat >"$HOME/.config/kyso/config.json" <<EOF
{"pkcs11Modules": ["/usr/lib/softhsm/libsofthsm2.so"], "discoverModules": false,
 "pinentry": "$root/tests/fixtures/scripted-pinentry", "dialogTimeoutSeconds": 30,
 "logFile": "$work/host.log", "allowInsecureLocalhost": true}
EOF
export KYSO_PINENTRY_LOG=$work/pinentry.log
pass "config $HOME/.config/kyso/config.json"

step "kyso-host doctor (installed system)"
/usr/bin/kyso-host doctor >"$work/doctor.txt" 2>&1 || { cat "$work/doctor.txt"; fail "doctor found problems"; }
sed 's/^/      /' "$work/doctor.txt"
for line in "ok    read $HOME/.config/kyso/config.json" "ok    read /etc/kyso/policy.json" \
  "ok    Chromium: /etc/chromium/native-messaging-hosts/vn.kyso.host.json -> /usr/bin/kyso-host" \
  "ok    Google Chrome: /etc/opt/chrome/native-messaging-hosts/vn.kyso.host.json -> /usr/bin/kyso-host" \
  "ok    Microsoft Edge: /etc/opt/edge/native-messaging-hosts/vn.kyso.host.json -> /usr/bin/kyso-host" \
  "ok    Firefox: /usr/lib/mozilla/native-messaging-hosts/vn.kyso.host.json -> /usr/bin/kyso-host" \
  'token "kyso-ca-nhan"'; do
  grep -qF -- "$line" "$work/doctor.txt" || fail "doctor output lacks: $line"
done
pass "doctor sees the four system manifests, the policy and the tokens"

# A browser run: pinentry answers consent then PIN, in that order, for listCertificates
# and signHash. Output: one JSON line per run, kept for the report. The page is on
# https://localhost: signHash from there needs the developer setting allowInsecureLocalhost
# (set in the config above), as the packaged policy lists no hashSigningOrigins.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost \
  -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null
browser() { # BROWSER EXPECT EXTENSION
  printf 'ok\npin:%s\n' "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["tokens"][0]["userPin"])' "$work/fx/fixtures.json")" \
    >"$work/pinentry-$1.script"
  rm -f "$work/pinentry-$1.script.pos"
  KYSO_PINENTRY_SCRIPT=$work/pinentry-$1.script node "$here/browser-check.mjs" --browser "$1" --expect "$2" \
    --extension "$3" --work "$work" --fixtures "$work/fx/fixtures.json" --version "$version" |
    tee -a "$work/browsers.jsonl" | sed 's/^/      /'
  [ "${PIPESTATUS[0]}" -eq 0 ] || fail "$1 ($2)"
}

step "Chromium + installed extension + installed host (system manifest)"
browser chromium working /usr/share/kyso/extension
step "Firefox ESR + installed extension + installed host (system manifest)"
browser firefox working /usr/share/kyso/extension
grep -q "started by chrome-extension://oijnpmobckhjdjckckgimbcekkldpaka/" "$work/host.log" ||
  fail "host log lacks the Chromium start"
grep -q "started by kyso@kyso.vn" "$work/host.log" || fail "host log lacks the Firefox start"
[ "$(grep -c '"command": *"GETPIN"' "$work/pinentry.log")" -ge 2 ] || fail "two PIN dialogs expected"
pass "the installed host read the user's config (its log) and showed the scripted PIN dialogs"

step "conffile: an edited /etc/kyso/policy.json survives reinstall, upgrade and remove, not purge"
printf '{"deniedOrigins": ["https://bi-chan.example.vn"]}\n' >/etc/kyso/policy.json
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall "$deb" >>"$work/apt.log" 2>&1 || fail "reinstall"
grep -q bi-chan /etc/kyso/policy.json || fail "reinstall replaced the edited policy"

# The installed host reads IT's policy from /etc/kyso only: KYSO_POLICY (which any user can
# set) names an allow-all file here, and the origin /etc/kyso/policy.json denies stays denied.
step "the installed host ignores KYSO_POLICY (the user's environment cannot replace IT's policy)"
echo '{}' >"$work/allow-all.json"
status_origin() { # ORIGIN: the installed host's status answer about ORIGIN, as JSON
  KYSO_POLICY=$work/allow-all.json python3 - "$1" <<'PY'
import json, struct, subprocess, sys
request = json.dumps({"type": "request", "id": 1, "command": "status", "origin": sys.argv[1]}).encode()
out = subprocess.run(["/usr/bin/kyso-host", "chrome-extension://oijnpmobckhjdjckckgimbcekkldpaka/"],
                     input=struct.pack("<I", len(request)) + request, capture_output=True, timeout=30).stdout
print(json.dumps(json.loads(out[4:4 + struct.unpack("<I", out[:4])[0]])["result"]["origin"], sort_keys=True))
PY
}
denied=$(status_origin https://bi-chan.example.vn)
[ "$denied" = '{"allowed": false, "reason": "ORIGIN_NOT_ALLOWED", "value": "https://bi-chan.example.vn"}' ] ||
  fail "with KYSO_POLICY=allow-all the denied origin got: $denied"
other=$(status_origin https://dichvucong.example.vn)
[ "$other" = '{"allowed": true, "value": "https://dichvucong.example.vn"}' ] || fail "another origin got: $other"
KYSO_POLICY=$work/allow-all.json /usr/bin/kyso-host doctor >"$work/doctor-env.txt" 2>&1 || true
grep -qF "ok    read /etc/kyso/policy.json" "$work/doctor-env.txt" || fail "doctor did not read /etc/kyso/policy.json"
! grep -q "test build" "$work/doctor-env.txt" || fail "the package was built with KYSO_TEST_HOOKS"
pass "bi-chan.example.vn stays denied with KYSO_POLICY pointing at an allow-all policy"
# An upgrade: the same package repacked as revision -2. dpkg must keep the edited policy
# without asking (the packaged policy did not change) and postinst must still leave the
# /etc/opt copies in place (the old postrm runs with "upgrade" and must not delete them).
dpkg-deb -R "$deb" "$work/repack"
sed -i "s/^Version: .*/Version: $version-2/" "$work/repack/DEBIAN/control"
dpkg-deb --root-owner-group -b "$work/repack" "$work/kyso_$version-2.deb" >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$work/kyso_$version-2.deb" </dev/null >>"$work/apt.log" 2>&1 ||
  fail "upgrade to $version-2"
[ "$(dpkg-query -W -f='${Version}' kyso)" = "$version-2" ] || fail "upgrade did not happen"
grep -q bi-chan /etc/kyso/policy.json || fail "upgrade replaced the edited policy"
for b in chrome edge; do
  [ -f "/etc/opt/$b/native-messaging-hosts/vn.kyso.host.json" ] || fail "upgrade lost the $b manifest"
done
pass "upgrade to $version-2 kept the edited policy and the /etc/opt manifests"
cp -a /usr/share/kyso/extension "$work/extension-copy" # for the browser checks after purge
DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq kyso >>"$work/apt.log" 2>&1 || fail "apt-get remove"
[ ! -e /usr/bin/kyso-host ] || fail "remove left /usr/bin/kyso-host"
[ ! -e /etc/opt/chrome/native-messaging-hosts/vn.kyso.host.json ] || fail "remove left the Chrome manifest (postrm)"
[ ! -e /etc/opt/edge/native-messaging-hosts/vn.kyso.host.json ] || fail "remove left the Edge manifest (postrm)"
grep -q bi-chan /etc/kyso/policy.json || fail "remove should keep the edited conffile"
[ -f /etc/chromium/native-messaging-hosts/vn.kyso.host.json ] || fail "remove should keep the Chromium conffile"
pass "reinstall kept the edit; remove kept only the conffiles"

step "purge: nothing left"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq kyso >>"$work/apt.log" 2>&1 || fail "apt-get purge"
installed=0
! dpkg-query -W kyso >/dev/null 2>&1 || fail "dpkg still knows kyso"
for p in "${owned[@]}" "${created_dirs[@]}"; do
  [ ! -e "$p" ] || fail "purge left $p"
done
left=$(find /etc /usr /var/lib/dpkg/info -xdev \( -name 'vn.kyso.host.json' -o -name 'kyso.*' \) 2>/dev/null || true)
[ -z "$left" ] || fail "purge left: $left"
pass "no kyso file under /etc, /usr or dpkg's database"

step "after purge, the extension alone: portals see NATIVE_UNAVAILABLE; no extension: EXTENSION_UNAVAILABLE"
browser chromium native-missing "$work/extension-copy"
browser firefox native-missing "$work/extension-copy"
browser chromium extension-missing none
