#!/usr/bin/env python3
"""check_manifests.py VERSION — checks the installed kyso package's browser registration.

Every native messaging manifest must name vn.kyso.host, point at /usr/bin/kyso-host and allow
exactly the installed extension: the Chromium id derived from the "key" in
/usr/share/kyso/extension/manifest.json (first 32 hex digits of SHA-256 of the DER key, 0-f
mapped to a-p) and its gecko id. The ids the host's doctor knows (host/src/platform/browsers.hpp)
and the example force-install policies must be the same. Prints what it checked; exit 1 on
the first disagreement.
"""
import base64
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
HOST = "/usr/bin/kyso-host"
CHROMIUM_DIRS = {
    "Chromium": "/etc/chromium/native-messaging-hosts",
    "Google Chrome": "/etc/opt/chrome/native-messaging-hosts",
    "Microsoft Edge": "/etc/opt/edge/native-messaging-hosts",
}
FIREFOX_DIR = "/usr/lib/mozilla/native-messaging-hosts"


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def chromium_id(key_b64):
    digest = hashlib.sha256(base64.b64decode(key_b64)).hexdigest()[:32]
    return "".join(chr(ord("a") + int(c, 16)) for c in digest)


def load(path):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        fail(f"{path}: {e}")


def main():
    version = sys.argv[1]
    ext = load("/usr/share/kyso/extension/manifest.json")
    if ext.get("version") != version:
        fail(f"installed extension version {ext.get('version')} != {version}")
    cid, gid = chromium_id(ext["key"]), ext["browser_specific_settings"]["gecko"]["id"]
    print(f"  ok  installed extension {version}: Chromium id {cid}, gecko id {gid}")

    source = (ROOT / "host/src/platform/browsers.hpp").read_text()
    doctor = dict(re.findall(r'k(Chromium|Firefox)ExtensionId = "([^"]+)"', source))
    if doctor != {"Chromium": cid, "Firefox": gid}:
        fail(f"browsers.hpp has {doctor}, the extension says Chromium {cid}, Firefox {gid}")
    print("  ok  host/src/platform/browsers.hpp (doctor) has the same ids")

    expected = {"name": "vn.kyso.host", "path": HOST, "type": "stdio"}
    for browser, directory in [*CHROMIUM_DIRS.items(), ("Firefox", FIREFOX_DIR)]:
        path = f"{directory}/vn.kyso.host.json"
        m = load(path)
        for field, value in expected.items():
            if m.get(field) != value:
                fail(f"{path}: {field} is {m.get(field)!r}, expected {value!r}")
        if browser == "Firefox":
            ok = m.get("allowed_extensions") == [gid] and "allowed_origins" not in m
        else:
            ok = m.get("allowed_origins") == [f"chrome-extension://{cid}/"] and "allowed_extensions" not in m
        if not ok:
            fail(f"{path} allows {m.get('allowed_origins', m.get('allowed_extensions'))}")
        print(f"  ok  {browser}: {path} -> {HOST}")

    docs = Path("/usr/share/doc/kyso/policies")
    for name in ("chromium/kyso.json", "chrome/kyso.json"):
        forced = load(docs / name)["ExtensionInstallForcelist"]
        if [entry.split(";")[0] for entry in forced] != [cid]:
            fail(f"{docs / name} force-installs {forced}")
    firefox = load(docs / "firefox/policies.json")["policies"]["ExtensionSettings"]
    if list(firefox) != [gid] or firefox[gid]["installation_mode"] != "force_installed":
        fail(f"{docs}/firefox/policies.json: {firefox}")
    print("  ok  example force-install policies name the same ids")


if __name__ == "__main__":
    main()
