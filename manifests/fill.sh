#!/bin/sh
# fill.sh BROWSER HOST_PATH OUTDIR — writes OUTDIR/vn.kyso.host.json, the native messaging
# host manifest for BROWSER (chromium, chrome, edge or firefox) pointing at HOST_PATH.
# The extension ids come from ids.env next to this script (override them with
# KYSO_CHROMIUM_EXTENSION_ID_OVERRIDE / KYSO_FIREFOX_EXTENSION_ID_OVERRIDE in the environment).
# Where OUTDIR should be on Linux (system-wide):
#   chromium /etc/chromium/native-messaging-hosts   chrome /etc/opt/chrome/native-messaging-hosts
#   edge     /etc/opt/edge/native-messaging-hosts   firefox /usr/lib/mozilla/native-messaging-hosts
# (per user: <chromium user-data-dir>/NativeMessagingHosts, ~/.mozilla/native-messaging-hosts)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 3 ] || { echo "usage: fill.sh chromium|chrome|edge|firefox HOST_PATH OUTDIR" >&2; exit 2; }
browser=$1 host_path=$2 outdir=$3
template="$here/$browser.json.in"
[ -f "$template" ] || { echo "fill.sh: unknown browser '$browser'" >&2; exit 2; }
case $host_path in
  /*) ;;
  *) echo "fill.sh: HOST_PATH must be absolute (browsers require it on Linux)" >&2; exit 2 ;;
esac
# Keep JSON and sed simple and safe: refuse characters that would need escaping.
case $host_path in
  *[\"\\\|\&]*|*"
"*) echo "fill.sh: HOST_PATH contains a character kyso does not accept: $host_path" >&2; exit 2 ;;
esac
. "$here/ids.env"
chromium_id=${KYSO_CHROMIUM_EXTENSION_ID_OVERRIDE:-$KYSO_CHROMIUM_EXTENSION_ID}
firefox_id=${KYSO_FIREFOX_EXTENSION_ID_OVERRIDE:-$KYSO_FIREFOX_EXTENSION_ID}
mkdir -p "$outdir"
sed -e "s|@KYSO_HOST_PATH@|$host_path|" \
    -e "s|@KYSO_CHROMIUM_EXTENSION_ID@|$chromium_id|" \
    -e "s|@KYSO_FIREFOX_EXTENSION_ID@|$firefox_id|" \
    "$template" >"$outdir/vn.kyso.host.json.tmp"
mv "$outdir/vn.kyso.host.json.tmp" "$outdir/vn.kyso.host.json"
echo "$outdir/vn.kyso.host.json"
