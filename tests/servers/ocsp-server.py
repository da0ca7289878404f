#!/usr/bin/env python3
"""The test PKI's online services on 127.0.0.1: a real OCSP responder and the CA files.

Each OCSP answer comes from `openssl ocsp -index OUTDIR/index.txt -reqin ... -respout ...`
signed by OUTDIR/ocsp.cert.pem (tests/fixtures/make-pki.sh), so it is OpenSSL's responder,
run once per request on 127.0.0.1 only (`openssl ocsp -port` listens on every interface).
index.txt is read on every request: a test can revoke a certificate with
`openssl ca -revoke` (pki.cnf, section intermediate_ca) and the next answer says "revoked".

  POST /ocsp  (or /)     OCSP response for the DER OCSPRequest in the body
  POST /slow/N/ocsp      the same after N seconds (clients must time out)
  POST /status/NNN       HTTP status NNN
  GET  /root.cer, /intermediate.cer, /ocsp.cer      certificates (DER), as named in AIA
  GET  /root.crl, /intermediate.crl                 CRLs (DER), as named in CRL DPs
  GET  /health           "ok"

The certificates name http://127.0.0.1:18089 (KYSO_PKI_URL in make-pki.sh) for these
services; run with --port 18089 to serve those URLs, or --port 0 for a free port.

Usage: ocsp-server.py --dir OUTDIR [--port 0] [--port-file FILE]
Prints "PORT <n>" on stdout; stops on SIGTERM or SIGINT.
"""

import argparse
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

from local_server import Server, add_port_arguments, serve

MAX_REQUEST_BYTES = 64 * 1024
FILES = {
    "/root.cer": ("root.pem", "application/pkix-cert", "x509"),
    "/intermediate.cer": ("intermediate.pem", "application/pkix-cert", "x509"),
    "/ocsp.cer": ("ocsp.cert.pem", "application/pkix-cert", "x509"),
    "/root.crl": ("root.crl.der", "application/pkix-crl", None),
    "/intermediate.crl": ("intermediate.crl.der", "application/pkix-crl", None),
}


class Responder:
    def __init__(self, pki_dir):
        self.pki = pki_dir
        self.workdir = tempfile.mkdtemp(prefix="kyso-ocsp-")
        self.lock = threading.Lock()
        self.counter = 0

    def answer(self, request):
        with self.lock:
            self.counter += 1
            n = self.counter
        req = os.path.join(self.workdir, "req-%d.der" % n)
        resp = os.path.join(self.workdir, "resp-%d.der" % n)
        with open(req, "wb") as out:
            out.write(request)
        try:
            run = subprocess.run(
                ["openssl", "ocsp", "-index", os.path.join(self.pki, "index.txt"),
                 "-CA", os.path.join(self.pki, "intermediate.pem"),
                 "-rsigner", os.path.join(self.pki, "ocsp.cert.pem"),
                 "-rkey", os.path.join(self.pki, "ocsp.key.pem"),
                 "-nmin", "10", "-reqin", req, "-respout", resp],
                capture_output=True, timeout=30)
            if run.returncode != 0 or not os.path.exists(resp):
                raise RuntimeError(run.stderr.decode(errors="replace"))
            with open(resp, "rb") as src:
                return src.read()
        finally:
            for f in (req, resp):
                if os.path.exists(f):
                    os.unlink(f)

    def file(self, path):
        name, content_type, convert = FILES[path]
        full = os.path.join(self.pki, name)
        if convert == "x509":
            data = subprocess.run(["openssl", "x509", "-in", full, "-outform", "DER"],
                                  capture_output=True, check=True).stdout
        else:
            with open(full, "rb") as src:
                data = src.read()
        return data, content_type

    def cleanup(self):
        shutil.rmtree(self.workdir, ignore_errors=True)


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "kyso-test-ocsp/1"
    protocol_version = "HTTP/1.0"

    def log_message(self, fmt, *args):
        pass

    def send(self, status, body, content_type="application/ocsp-response"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_GET(self):
        if self.path == "/health":
            self.send(200, b"ok\n", "text/plain")
        elif self.path in FILES:
            data, content_type = self.server.responder.file(self.path)
            self.send(200, data, content_type)
        else:
            self.send(404, b"not found\n", "text/plain")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length <= 0 or length > MAX_REQUEST_BYTES:
            self.send(400, b"bad request length\n", "text/plain")
            return
        body = self.rfile.read(length)
        path = self.path.split("?")[0]
        if path.startswith("/status/"):
            self.send(int(path.split("/")[2]), b"the responder is unwell\n", "text/plain")
            return
        if path.startswith("/slow/"):
            parts = path.split("/")
            time.sleep(float(parts[2]))
        try:
            self.send(200, self.server.responder.answer(body))
        except Exception as error:
            self.send(400, (str(error) + "\n").encode(), "text/plain")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True, help="OUTDIR of make-pki.sh")
    add_port_arguments(parser)
    args = parser.parse_args()

    responder = Responder(os.path.abspath(args.dir))
    server = Server(("127.0.0.1", args.port), Handler)
    server.responder = responder
    return serve(server, args.port_file, responder.cleanup)


if __name__ == "__main__":
    sys.exit(main())
