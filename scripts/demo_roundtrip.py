#!/usr/bin/env python3
"""Drives kyso-host the way the browser extension does, for scripts/demo.sh.

Starts the host with a browser's command line, speaks native messaging frames (uint32
length in native byte order + UTF-8 JSON), and walks the main flow: status, list the
certificates (the user confirms), sign a hash (the user types the PIN), log in with a
Web eID token. Every signature is then checked with the openssl command line, not by kyso.
"""
import argparse
import base64
import hashlib
import json
import os
import secrets
import struct
import subprocess
import sys
import tempfile

ORIGIN = "https://dichvucong.kyso.test"


class Host:
    def __init__(self, binary, env):
        self.proc = subprocess.Popen([binary, "chrome-extension://kysodemoextension/"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self.next_id = 1

    def call(self, command, params=None, origin=ORIGIN):
        rid = f"demo-{self.next_id}"
        self.next_id += 1
        message = {"type": "request", "id": rid, "command": command, "origin": origin,
                   "params": params or {}}
        data = json.dumps(message).encode()
        self.proc.stdin.write(struct.pack("=I", len(data)) + data)
        self.proc.stdin.flush()
        text = ""
        while True:
            header = self.proc.stdout.read(4)
            if len(header) < 4:
                sys.exit("kyso-host closed the port")
            (length,) = struct.unpack("=I", header)
            reply = json.loads(self.proc.stdout.read(length))
            if reply["type"] == "progress":
                print(f"   … {reply.get('stage')}")
            elif reply["type"] == "chunk":
                text += reply["data"]
                if reply["last"]:
                    return json.loads(text)
            else:
                return reply

    def close(self):
        self.proc.stdin.close()
        return self.proc.wait(timeout=10)


def openssl_verify(cert_pem, digest, signature, extra, workdir):
    paths = {}
    for name, data in (("digest", digest), ("sig", signature)):
        paths[name] = os.path.join(workdir, name)
        with open(paths[name], "wb") as f:
            f.write(data)
    result = subprocess.run(["openssl", "pkeyutl", "-verify", "-certin", "-inkey", cert_pem,
                             "-in", paths["digest"], "-sigfile", paths["sig"], *extra],
                            capture_output=True, text=True)
    return result.returncode == 0 and "Signature Verified Successfully" in result.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    os.makedirs(args.out, exist_ok=True)
    fixtures = json.load(open(os.path.join(args.fixtures, "fixtures.json")))
    person = next(i for i in fixtures["identities"] if i["name"] == "person-rsa2048")
    pin = next(t["userPin"] for t in fixtures["tokens"] if t["label"] == person["token"])
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

    config = {"pkcs11Modules": [fixtures["module"]], "discoverModules": False,
              "logFile": os.path.join(args.out, "kyso-host.log")}
    # Times are shown in the user's local time; the demo plays a user in Vietnam (+07:00).
    env = dict(os.environ, SOFTHSM2_CONF=fixtures["softhsm2Conf"],
               TZ=os.environ.get("TZ", "Asia/Ho_Chi_Minh"),
               KYSO_CONFIG=os.path.join(args.out, "config.json"),
               KYSO_POLICY=os.path.join(args.out, "policy.json"))
    interactive = os.environ.get("KYSO_DEMO_INTERACTIVE") == "1" and os.environ.get("DISPLAY")
    if not interactive:
        config["pinentry"] = os.path.join(root, "tests/fixtures/scripted-pinentry")
        script = os.path.join(args.out, "pinentry-script")
        with open(script, "w") as f:
            f.write("ok\n" + f"pin:{pin}\n" * 2)
        env["KYSO_PINENTRY_SCRIPT"] = script
        env["KYSO_PINENTRY_LOG"] = os.path.join(args.out, "dialogs.jsonl")
    else:
        print(f"The PIN dialog will open: the demo PIN is {pin}")
    with open(env["KYSO_CONFIG"], "w") as f:
        json.dump(config, f)
    # The demo portal signs digests its server computed: IT lists it for that (signHash
    # from an unlisted site is refused, since a digest can be another site's login).
    with open(env["KYSO_POLICY"], "w") as f:
        json.dump({"hashSigningOrigins": [ORIGIN]}, f)

    host = Host(args.host, env)
    status = host.call("status")["result"]
    print(f"1. kyso-host {status['version']}, protocol {status['protocol']}, "
          f"origin allowed: {status['origin']['allowed']}")

    reply = host.call("listCertificates")
    if reply["type"] != "result":
        sys.exit(f"listCertificates failed: {reply['error']}")
    certificates = reply["result"]["certificates"]
    print(f"2. {len(certificates)} certificates on the tokens:")
    for cert in certificates:
        print(f"   - {cert['subject']['commonName']} ({cert['key']['type']} {cert['key']['bits']}, "
              f"token {cert['token']['label']}, valid until {cert['notAfter']})")
    chosen = next(c for c in certificates if c["thumbprint"] == person["sha256"])

    document = "Quyết định số 123/QĐ-UBND về việc phê duyệt kế hoạch ký số".encode()
    digest = hashlib.sha256(document).digest()
    reply = host.call("signHash", {"thumbprint": chosen["thumbprint"], "hashAlgorithm": "SHA-256",
                                   "hash": base64.b64encode(digest).decode(),
                                   "description": "Quyết định số 123/QĐ-UBND"})
    if reply["type"] != "result":
        sys.exit(f"signHash failed: {reply['error']}")
    signature = base64.b64decode(reply["result"]["signature"])
    with tempfile.TemporaryDirectory() as work:
        ok = openssl_verify(person["cert"], digest, signature, ["-pkeyopt", "digest:sha256"], work)
    print(f"3. signed the hash of the document as {chosen['subject']['commonName']}: "
          f"openssl says {'VALID' if ok else 'INVALID'}")
    with open(os.path.join(args.out, "signature.bin"), "wb") as f:
        f.write(signature)

    nonce = base64.b64encode(secrets.token_bytes(32)).decode()
    reply = host.call("authenticate", {"challengeNonce": nonce, "thumbprint": chosen["thumbprint"]})
    if reply["type"] != "result":
        sys.exit(f"authenticate failed: {reply['error']}")
    token = reply["result"]
    signed = hashlib.sha256(hashlib.sha256(ORIGIN.encode()).digest() +
                            hashlib.sha256(nonce.encode()).digest()).digest()
    with tempfile.TemporaryDirectory() as work:
        auth_ok = openssl_verify(person["cert"], signed, base64.b64decode(token["signature"]),
                                 ["-pkeyopt", "digest:sha256"], work)
    print(f"4. login token {token['format']} ({token['algorithm']}) for {ORIGIN}: "
          f"server-side check {'VALID' if auth_ok else 'INVALID'}")
    with open(os.path.join(args.out, "auth-token.json"), "w") as f:
        json.dump(token, f, indent=2)

    exit_code = host.close()
    print(f"5. kyso-host exited with status {exit_code} when the port closed")
    if not (ok and auth_ok and exit_code == 0):
        sys.exit("demo FAILED")


if __name__ == "__main__":
    main()
