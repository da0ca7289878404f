#!/bin/sh
# build-deb.sh [BUILD_DIR] — builds kyso-host with Debian's hardening flags and packages
# kyso_<VERSION>-1_<arch>.deb with CPack from the last commit; prints the .deb's path on the
# last line. Default BUILD_DIR: build-pkg at the top of the tree (src/ = the exported commit,
# obj/ = the CMake build and the .deb). Also builds the extension's store
# archives into BUILD_DIR/extension (installer/build-extension.py).
# Needs: build-essential cmake pkg-config, the -dev packages in README.md, dpkg-dev
# (dpkg-buildflags, dpkg-shlibdeps), python3, rsync, git; fakeroot is not needed (CPack writes root:root).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-pkg}

# The flags a Debian package is built with (hardening: stack protector, fortify, relro,
# bindnow, PIE). Passed explicitly: CMake reads them from the environment only when it first
# configures a directory, and has no CPPFLAGS.
DEB_BUILD_MAINT_OPTIONS=hardening=+all
export DEB_BUILD_MAINT_OPTIONS
eval "$(dpkg-buildflags --export=sh)"
# The package is built from a commit, not from the working tree: the build globs host/src,
# and a shared checkout holds other people's unfinished files. HEAD (or KYSO_DEB_REF) is
# exported to BUILD_DIR/src; rsync --checksum keeps unchanged files' times, so rebuilds are
# incremental. KYSO_DEB_FROM_WORKTREE=1 packages the working tree instead (development only).
if [ "${KYSO_DEB_FROM_WORKTREE:-0}" = 1 ]; then
  src=$root
  if [ -n "$(git -C "$root" status --porcelain -- host extension VERSION 2>/dev/null)" ]; then
    echo "build-deb.sh: warning: uncommitted changes under host/, extension/ or VERSION go into this package" >&2
  fi
else
  ref=${KYSO_DEB_REF:-HEAD}
  src=$build/src
  export_dir=$(mktemp -d)
  git -C "$root" archive --format=tar "$ref" | tar -x -C "$export_dir"
  mkdir -p "$src"
  rsync -rlpc --delete "$export_dir/" "$src/"
  rm -rf "$export_dir"
  SOURCE_DATE_EPOCH=$(git -C "$root" log -1 --format=%ct "$ref")
  export SOURCE_DATE_EPOCH
  echo "build-deb.sh: packaging $(git -C "$root" rev-parse --short "$ref") ($ref)" >&2
fi
obj=$build/obj

cmake -S "$src" -B "$obj" -DKYSO_WERROR=ON -DKYSO_BUILD_TESTS=OFF -DKYSO_TEST_HOOKS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr \
  -DCMAKE_C_FLAGS="$CFLAGS $CPPFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS $CPPFLAGS" \
  -DCMAKE_EXE_LINKER_FLAGS="$LDFLAGS" -DCMAKE_STRIP="$src/installer/strip.sh" >/dev/null
cmake --build "$obj" -j2 --target kyso-host >&2
python3 "$src/installer/build-extension.py" "$build/extension" >/dev/null
(cd "$obj" && cpack --config CPackConfig.cmake >&2)
version=$(cat "$src/VERSION")
deb="$obj/kyso_${version}-1_$(dpkg --print-architecture).deb"
[ -f "$deb" ] || { echo "build-deb.sh: $deb was not made" >&2; exit 1; }
echo "$deb"
