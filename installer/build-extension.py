#!/usr/bin/env python3
"""Packages the kyso WebExtension (extension/) for deployment.

  build-extension.py OUTDIR          unpacked copy + store archives:
      OUTDIR/kyso-extension-V/            what /usr/share/kyso/extension holds
      OUTDIR/kyso-extension-V-chrome.zip  upload to the Chrome Web Store / Edge Add-ons
      OUTDIR/kyso-extension-V.xpi         submit to addons.mozilla.org for signing
  build-extension.py --stage DIR     only the unpacked copy, into DIR (used by `cmake --install`)
  build-extension.py OUTDIR --crx KEY.pem   also a self-hosted CRX signed with KEY.pem

Only what the browser loads is packaged (manifest.json and the directories it uses), not the
page library sources, the demo portal or tooling. The extension's version must equal the VERSION
file: the version lives in one place and this refuses to package a disagreeing manifest.
The store archives drop the manifest's "key": stores assign the id from their own key, and the
private key behind "key" is never in git (docs/deployment.md, "Extension ids and keys").
"""
import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXTENSION = ROOT / "extension"
# Top-level entries of extension/ that a browser loads. lib/ (the page library for portals)
# and demo/ are not part of the installed extension.
ENTRIES = ["manifest.json", "background", "content", "options", "icons", "_locales"]


def fail(message):
    print(f"build-extension: {message}", file=sys.stderr)
    sys.exit(1)


def source_files():
    files = []
    for entry in ENTRIES:
        path = EXTENSION / entry
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
    return [f.relative_to(EXTENSION) for f in files]


def referenced(manifest):
    """Every file the manifest names, so a missing one fails here and not in a browser."""
    refs = []
    background = manifest.get("background", {})
    refs += [background["service_worker"]] if "service_worker" in background else []
    refs += background.get("scripts", [])
    for script in manifest.get("content_scripts", []):
        refs += script.get("js", []) + script.get("css", [])
    refs += [manifest[k]["page"] for k in ("options_ui",) if k in manifest]
    refs += [manifest["action"]["default_popup"]] if "default_popup" in manifest.get("action", {}) else []
    refs += list(manifest.get("icons", {}).values())
    return refs


def check(manifest, files):
    version = (ROOT / "VERSION").read_text().strip()
    if manifest.get("version") != version:
        fail(f"extension/manifest.json has version {manifest.get('version')!r} but VERSION says "
             f"{version!r}: set the manifest's version to {version}")
    have = {f.as_posix() for f in files}
    missing = [r for r in referenced(manifest) if r.lstrip("/") not in have]
    if missing:
        fail(f"manifest.json names files that are not packaged: {', '.join(missing)}")
    return version


def stage(files, target):
    if target.exists():
        shutil.rmtree(target)
    for rel in files:
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(EXTENSION / rel, dest)
        dest.chmod(0o644)
    for d in [target, *[p for p in target.rglob("*") if p.is_dir()]]:
        d.chmod(0o755)


def archive_time():
    """Reproducible archives: entries dated by SOURCE_DATE_EPOCH or the last commit."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        out = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%ct"],
                             capture_output=True, text=True)
        epoch = out.stdout.strip() or "315532800"
    import time
    t = time.gmtime(max(int(epoch), 315532800))  # zip cannot date before 1980
    return (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)


def store_zip(files, manifest, out):
    store_manifest = {k: v for k, v in manifest.items() if k != "key"}
    when = archive_time()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for rel in sorted(files, key=lambda p: p.as_posix()):
            info = zipfile.ZipInfo(rel.as_posix(), when)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            if rel.as_posix() == "manifest.json":
                data = (json.dumps(store_manifest, indent=2, ensure_ascii=False) + "\n").encode()
            else:
                data = (EXTENSION / rel).read_bytes()
            z.writestr(info, data)


def pack_crx(unpacked, key, version):
    # Chromium signs with the private key given; the CRX's id follows from that key. It
    # writes DIR.crx next to DIR; a throwaway profile keeps it out of the user's own.
    browser = shutil.which("chromium") or fail("--crx needs chromium (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([browser, "--no-sandbox", "--headless=new", f"--user-data-dir={profile}",
                        f"--pack-extension={unpacked}", f"--pack-extension-key={key}"],
                       check=True, capture_output=True)
    crx = unpacked.parent / f"{unpacked.name}.crx"
    if not crx.exists():
        fail("chromium did not write a .crx")
    crx.chmod(0o644)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("outdir", nargs="?")
    parser.add_argument("--stage", metavar="DIR")
    parser.add_argument("--crx", metavar="KEY.pem")
    args = parser.parse_args()
    if bool(args.outdir) == bool(args.stage):
        parser.error("give either OUTDIR or --stage DIR")
    manifest = json.loads((EXTENSION / "manifest.json").read_text(encoding="utf-8"))
    files = source_files()
    version = check(manifest, files)
    if args.stage:
        stage(files, Path(args.stage))
        return
    outdir = Path(args.outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    unpacked = outdir / f"kyso-extension-{version}"
    stage(files, unpacked)
    store_zip(files, manifest, outdir / f"kyso-extension-{version}-chrome.zip")
    store_zip(files, manifest, outdir / f"kyso-extension-{version}.xpi")
    if args.crx:
        pack_crx(unpacked, Path(args.crx).resolve(), version)
    for p in sorted(outdir.glob(f"kyso-extension-{version}*")):
        print(p)


if __name__ == "__main__":
    main()
