#!/usr/bin/env python3
"""A real RFC 3161 time-stamping authority on 127.0.0.1 for kyso's tests.

Every good answer comes from `openssl ts -reply` with the test PKI's tsa.cnf (made by
tests/fixtures/make-pki.sh), so clients are tested against OpenSSL's TSA, not a mock.
Other paths misbehave on purpose, so clients can be tested against a flaky TSA:

  POST /  or /tsa      a real time-stamp response
  POST /slow/N         the same, after N seconds (a TSA that hangs; clients must time out)
  POST /garbage        HTTP 200, application/timestamp-reply, well-formed DER that is not a
                       TimeStampResp (SEQUENCE { INTEGER 7 })
  POST /junk           HTTP 200, application/timestamp-reply, an HTML page (not DER at all)
  POST /status/NNN     HTTP status NNN (500, 404, ...) with a short text body
  POST /replay         the previous good response again (its nonce belongs to another request)
  POST /huge           HTTP 200 with an 8 MiB body (clients must cap what they read)
  POST /wrong-type     a real response labelled text/html
  GET  /health         "ok"

Usage: tsa-server.py --config OUTDIR/tsa.cnf [--port 0] [--port-file FILE]
                     [--tls-cert CERT.pem --tls-key KEY.pem]   (HTTPS instead of HTTP)
The port (chosen by the OS unless --port is given) is printed on stdout as "PORT <n>" and,
with --port-file, written to FILE (atomically: a reader never sees half a number).
The server stops on SIGTERM or SIGINT.
"""

import argparse
import http.server
import os
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import time

from local_server import Server, add_port_arguments, serve

MAX_QUERY_BYTES = 64 * 1024


class TsaState:
    """The private copy of tsa.cnf and the last good response, shared by the handler threads."""

    def __init__(self, config_path):
        self.workdir = tempfile.mkdtemp(prefix="kyso-tsa-")
        # A private serial file: several test processes may run a TSA from the same fixtures
        # at once, and `openssl ts -reply` rewrites the serial file on every answer.
        serial = os.path.join(self.workdir, "tsa.serial")
        with open(serial, "w") as out:
            out.write("01\n")
        with open(config_path) as src:
            text = src.read()
        text = re.sub(r"(?m)^(\s*serial\s*=).*$", lambda m: m.group(1) + " " + serial, text)
        self.config = os.path.join(self.workdir, "tsa.cnf")
        with open(self.config, "w") as out:
            out.write(text)
        self.lock = threading.Lock()  # one openssl run at a time: the serial file is shared
        self.last_reply = None

    def reply(self, query):
        with self.lock:
            qfile = os.path.join(self.workdir, "query.tsq")
            rfile = os.path.join(self.workdir, "reply.tsr")
            with open(qfile, "wb") as out:
                out.write(query)
            if os.path.exists(rfile):
                os.unlink(rfile)
            run = subprocess.run(
                ["openssl", "ts", "-reply", "-config", self.config, "-queryfile", qfile,
                 "-out", rfile],
                capture_output=True, timeout=30)
            if run.returncode != 0 or not os.path.exists(rfile):
                raise RuntimeError("openssl ts -reply failed: " + run.stderr.decode(errors="replace"))
            with open(rfile, "rb") as src:
                data = src.read()
            self.last_reply = data
            return data

    def cleanup(self):
        shutil.rmtree(self.workdir, ignore_errors=True)


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "kyso-test-tsa/1"
    protocol_version = "HTTP/1.0"  # one request per connection, like most TSAs

    def log_message(self, fmt, *args):  # keep test output quiet
        pass

    def send(self, status, body, content_type="application/timestamp-reply"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test): nothing to do

    def do_GET(self):
        if self.path == "/health":
            self.send(200, b"ok\n", "text/plain")
        else:
            self.send(404, b"not found\n", "text/plain")

    def do_POST(self):
        state = self.server.state
        length = int(self.headers.get("Content-Length") or 0)
        if length <= 0 or length > MAX_QUERY_BYTES:
            self.send(400, b"bad request length\n", "text/plain")
            return
        query = self.rfile.read(length)
        path = self.path.split("?")[0].rstrip("/") or "/"

        if path in ("/", "/tsa"):
            self.answer(state, query)
        elif path.startswith("/slow/"):
            time.sleep(float(path[len("/slow/"):]))
            self.answer(state, query)
        elif path == "/garbage":
            self.send(200, b"\x30\x03\x02\x01\x07")
        elif path == "/junk":
            self.send(200, b"<html><body>Service temporarily unavailable</body></html>\n")
        elif path.startswith("/status/"):
            self.send(int(path[len("/status/"):]), b"the TSA is unwell\n", "text/plain")
        elif path == "/replay":
            if state.last_reply is None:
                self.send(409, b"nothing to replay yet\n", "text/plain")
            else:
                self.send(200, state.last_reply)
        elif path == "/huge":
            self.send(200, b"\x30" + b"\x00" * (8 * 1024 * 1024))
        elif path == "/wrong-type":
            self.answer(state, query, "text/html")
        else:
            self.send(404, b"not found\n", "text/plain")

    def answer(self, state, query, content_type="application/timestamp-reply"):
        try:
            reply = state.reply(query)
        except Exception as error:  # a broken query: say so, as a real TSA front end would
            self.send(400, (str(error) + "\n").encode(), "text/plain")
            return
        self.send(200, reply, content_type)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True, help="tsa.cnf from make-pki.sh")
    parser.add_argument("--host", default="127.0.0.1")
    add_port_arguments(parser)
    parser.add_argument("--tls-cert", help="serve HTTPS with this certificate (PEM)")
    parser.add_argument("--tls-key", help="and this key (PEM)")
    args = parser.parse_args()

    state = TsaState(args.config)
    server = Server((args.host, args.port), Handler)
    server.state = state
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    return serve(server, args.port_file, state.cleanup)


if __name__ == "__main__":
    sys.exit(main())
