#!/bin/sh
# build-deb.sh [BUILD_DIR] — builds kyso-host with Debian's hardening flags and packages
# kyso_<VERSION>-1_<arch>.deb with CPack; prints the .deb's path on the last line.
# Default BUILD_DIR: build-pkg at the top of the tree. Also builds the extension's store
# archives into BUILD_DIR/extension (installer/build-extension.py).
# Needs: build-essential cmake pkg-config, the -dev packages in README.md, dpkg-dev
# (dpkg-buildflags, dpkg-shlibdeps), python3; fakeroot is not needed (CPack writes root:root).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-pkg}

# The flags a Debian package is built with (hardening: stack protector, fortify, relro,
# bindnow, PIE). Passed explicitly: CMake reads them from the environment only when it first
# configures a directory, and has no CPPFLAGS.
DEB_BUILD_MAINT_OPTIONS=hardening=+all
export DEB_BUILD_MAINT_OPTIONS
eval "$(dpkg-buildflags --export=sh)"
# The build globs host/src: a package made from a tree with uncommitted sources is not a
# release. Say so (releases come from a clean checkout, e.g. `git worktree add`).
if dirty=$(git -C "$root" status --porcelain -- host extension VERSION 2>/dev/null) && [ -n "$dirty" ]; then
  echo "build-deb.sh: warning: uncommitted changes under host/, extension/ or VERSION go into this package" >&2
fi

cmake -S "$root" -B "$build" -DKYSO_WERROR=ON -DKYSO_BUILD_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr \
  -DCMAKE_C_FLAGS="$CFLAGS $CPPFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS $CPPFLAGS" \
  -DCMAKE_EXE_LINKER_FLAGS="$LDFLAGS" >/dev/null
cmake --build "$build" -j2 --target kyso-host
python3 "$root/installer/build-extension.py" "$build/extension" >/dev/null
(cd "$build" && cpack --config CPackConfig.cmake >&2)
version=$(cat "$root/VERSION")
deb="$build/kyso_${version}-1_$(dpkg --print-architecture).deb"
[ -f "$deb" ] || { echo "build-deb.sh: $deb was not made" >&2; exit 1; }
echo "$deb"
