#!/usr/bin/env python3
"""A small HTTP proxy on 127.0.0.1 for tests of clients behind a corporate proxy.

  CONNECT host:port      a TCP tunnel (what HTTPS clients ask for)
  POST http://host/...   forwarded to the origin server (plain HTTP through a proxy)

Every request is logged as one line ("CONNECT host:port" / "POST http://...") to --log, so a
test can prove the client went through the proxy. Only 127.0.0.1 targets are allowed: this is
a test fixture, not an open proxy.

Usage: http-proxy.py [--port 0] [--port-file FILE] [--log FILE]
Prints "PORT <n>" on stdout; stops on SIGTERM or SIGINT.
"""

import argparse
import http.client
import http.server
import select
import socket
import sys
import threading
import urllib.parse

from local_server import Server, add_port_arguments, serve

MAX_BODY = 64 * 1024


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, fmt, *args):
        pass

    def note(self, line):
        log = self.server.log_path
        if log:
            with self.server.log_lock, open(log, "a") as out:
                out.write(line + "\n")

    def refuse(self, status, text):
        body = (text + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_CONNECT(self):
        host, _, port = self.path.rpartition(":")
        self.note("CONNECT " + self.path)
        if host not in ("127.0.0.1", "localhost") or not port.isdigit():
            self.refuse(403, "only 127.0.0.1 targets")
            return
        try:
            upstream = socket.create_connection((host, int(port)), timeout=10)
        except OSError as error:
            self.refuse(502, str(error))
            return
        self.send_response(200, "Connection established")
        self.end_headers()
        self.wfile.flush()
        sockets = [self.connection, upstream]
        try:
            while True:
                readable, _, _ = select.select(sockets, [], [], 30)
                if not readable:
                    break
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    (upstream if sock is self.connection else self.connection).sendall(data)
        except OSError:
            pass
        finally:
            upstream.close()

    def do_POST(self):
        self.note("POST " + self.path)
        url = urllib.parse.urlsplit(self.path)
        if url.scheme != "http" or url.hostname not in ("127.0.0.1", "localhost"):
            self.refuse(403, "only http://127.0.0.1 targets")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.refuse(413, "too large")
            return
        body = self.rfile.read(length)
        path = url.path + ("?" + url.query if url.query else "")
        try:
            origin = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=30)
            origin.request("POST", path or "/", body,
                           {"Content-Type": self.headers.get("Content-Type", "")})
            answer = origin.getresponse()
            data = answer.read()
        except OSError as error:
            self.refuse(502, str(error))
            return
        self.send_response(answer.status, answer.reason)
        self.send_header("Content-Type", answer.getheader("Content-Type", ""))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_port_arguments(parser)
    parser.add_argument("--log")
    args = parser.parse_args()

    server = Server(("127.0.0.1", args.port), Handler)
    server.log_path = args.log
    server.log_lock = threading.Lock()
    return serve(server, args.port_file)


if __name__ == "__main__":
    sys.exit(main())
