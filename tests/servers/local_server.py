"""What every test server here does the same way: listen on 127.0.0.1 (a free port unless one
is given), announce the port, serve until SIGTERM or SIGINT.

The port is announced twice: "PORT <n>" on stdout for a person or a pipe, and in --port-file,
written to a temporary name and renamed, so a test polling for the file never reads half a
number.
"""

import http.server
import os
import signal
import threading


class Server(http.server.ThreadingHTTPServer):
    # A handler sleeping on purpose (/slow/N) must not keep the process alive at shutdown.
    daemon_threads = True


def add_port_arguments(parser):
    parser.add_argument("--port", type=int, default=0, help="0: let the OS choose")
    parser.add_argument("--port-file", help="write the port here once listening")


def serve(server, port_file=None, cleanup=None):
    """Announces the port, serves until a signal asks to stop, then closes and cleans up."""
    port = server.server_address[1]

    def stop(_signum, _frame):
        # shutdown() waits for serve_forever to return, so it must run on another thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if port_file:
        tmp = port_file + ".tmp"
        with open(tmp, "w") as out:
            out.write("%d\n" % port)
        os.replace(tmp, port_file)
    print("PORT %d" % port, flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    finally:
        server.server_close()
        if cleanup:
            cleanup()
    return 0
