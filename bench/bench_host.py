#!/usr/bin/env python3
"""kyso-host benchmarks (docs/performance.md). Not a test: it measures and prints.

1. Cold start: time from starting the process to the first reply of a status request, for
   kyso-host and for a floor (bench/floor_host.c: reads one frame, writes one reply), started
   the same way in the same run. Target: kyso-host within 2x the floor.
2. listCertificates + signHash on SoftHSM through one long-lived host, PIN dialog excluded
   (an instant pinentry answers: bench/instant_pinentry.c). Target: median under 40 ms.

Usage: bench/bench_host.py [--host build/kyso-host] [--fixtures build/test-fixtures] [--runs N]
"""
import argparse
import base64
import hashlib
import json
import os
import statistics
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def frame(message):
    data = json.dumps(message).encode()
    return struct.pack("=I", len(data)) + data


def read_reply(stream):
    while True:
        header = stream.read(4)
        if len(header) < 4:
            raise RuntimeError("host closed the port")
        (length,) = struct.unpack("=I", header)
        reply = json.loads(stream.read(length))
        if reply["type"] != "progress":
            return reply


def cold_start(argv, env):
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    proc.stdin.write(frame({"type": "request", "id": "b", "command": "status"}))
    proc.stdin.flush()
    read_reply(proc.stdout)
    elapsed = time.perf_counter() - start
    proc.stdin.close()
    proc.wait()
    return elapsed


def compile_c(source, output):
    subprocess.run(["cc", "-O2", "-o", output, source], check=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default=os.path.join(ROOT, "build/kyso-host"))
    parser.add_argument("--fixtures", default=os.path.join(ROOT, "build/test-fixtures"))
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()

    if not os.path.exists(os.path.join(args.fixtures, "fixtures.json")):
        subprocess.run([os.path.join(ROOT, "tests/fixtures/make-tokens.sh"), args.fixtures],
                       check=True, stdout=subprocess.DEVNULL)
    fixtures = json.load(open(os.path.join(args.fixtures, "fixtures.json")))
    work = tempfile.mkdtemp(prefix="kyso-bench-")
    floor = os.path.join(work, "floor_host")
    pinentry = os.path.join(work, "instant_pinentry")
    compile_c(os.path.join(ROOT, "bench/floor_host.c"), floor)
    compile_c(os.path.join(ROOT, "bench/instant_pinentry.c"), pinentry)

    person = next(i for i in fixtures["identities"] if i["name"] == "person-rsa2048")
    pin = next(t["userPin"] for t in fixtures["tokens"] if t["label"] == person["token"])
    config = os.path.join(work, "config.json")
    with open(config, "w") as f:
        json.dump({"pkcs11Modules": [fixtures["module"]], "discoverModules": False,
                   "pinentry": pinentry}, f)
    env = dict(os.environ, KYSO_CONFIG=config, KYSO_POLICY=os.path.join(work, "none.json"),
               SOFTHSM2_CONF=fixtures["softhsm2Conf"], KYSO_BENCH_PIN=pin)
    env.pop("KYSO_PINENTRY", None)
    caller = "chrome-extension://kysobenchextension/"

    # 1. cold start, interleaved so both see the same machine state
    host_times, floor_times = [], []
    for _ in range(args.runs):
        floor_times.append(cold_start([floor, caller], env))
        host_times.append(cold_start([args.host, caller], env))
    floor_median = statistics.median(floor_times) * 1000
    host_median = statistics.median(host_times) * 1000

    # 2. list + sign on one long-lived host
    proc = subprocess.Popen([args.host, caller], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            env=env)
    digest = base64.b64encode(hashlib.sha256(b"kyso bench").digest()).decode()
    origin = "https://dichvucong.kyso.test"
    rounds = []
    for i in range(args.runs + 1):
        start = time.perf_counter()
        proc.stdin.write(frame({"type": "request", "id": f"l{i}", "command": "listCertificates",
                                "origin": origin}))
        proc.stdin.flush()
        listed = read_reply(proc.stdout)
        proc.stdin.write(frame({"type": "request", "id": f"s{i}", "command": "signHash",
                                "origin": origin,
                                "params": {"thumbprint": person["sha256"], "hashAlgorithm": "SHA-256",
                                           "hash": digest}}))
        proc.stdin.flush()
        signed = read_reply(proc.stdout)
        if listed["type"] != "result" or signed["type"] != "result":
            sys.exit(f"benchmark request failed: {listed} {signed}")
        rounds.append(time.perf_counter() - start)
    proc.stdin.close()
    proc.wait()
    first = rounds[0] * 1000
    warm = statistics.median(rounds[1:]) * 1000

    ratio = host_median / floor_median
    print("| measure | kyso-host | floor | ratio | target |")
    print("|---|---|---|---|---|")
    print(f"| cold start to status reply (median of {args.runs}) | {host_median:.2f} ms | "
          f"{floor_median:.2f} ms | {ratio:.2f}x | <= 2x {'PASS' if ratio <= 2 else 'FAIL'} |")
    print(f"| listCertificates + signHash, first (loads SoftHSM) | {first:.1f} ms | | | |")
    print(f"| listCertificates + signHash, median of {args.runs} | {warm:.1f} ms | | | "
          f"< 40 ms {'PASS' if warm < 40 else 'FAIL'} |")


if __name__ == "__main__":
    main()
