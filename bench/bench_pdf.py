#!/usr/bin/env python3
"""PDF signing benchmarks (docs/performance.md, PDF section). Not a test: it measures and prints.

Inputs are generated here, deterministically (same bytes on every run and machine):
  big.pdf    one page drawing a 10240x10240 grey image: one 100 MiB stream of bytes from a
             SHA-256 counter chain (incompressible, so no tool can take a shortcut)
  p50k.pdf   50,000 pages (500 intermediate nodes of 100), each with a small content stream,
             classic cross-reference table; p50k-objstm.pdf: the same rewritten by
             `qpdf --object-streams=generate` (object streams + cross-reference stream)
  p100k-flat.pdf  100,000 pages in one flat /Kids array (what reportlab writes)
  batch-NN.pdf  100 one-page documents, each a different text

Measured, each in the same run as its peers, medians of --runs:
1. 100 MiB: kyso-host sign-pdf --in-place and to a copy (--out), and signPdf through a
   long-lived host (blob frames in and out, as the extension sends them), against
   `sha256sum` of the same file and `pdfsig -add-signature` (poppler, NSS db with the same
   key). Targets: within 1.5x of sha256sum, at least 2x faster than pdfsig.
2. Peak RSS (wait4 of the child; VmHWM for the long-lived host) for the 100 MiB file
   (target < 64 MB), for 50,000 pages signed visibly on the last page (target < 150 MB) and
   for 100,000 flat pages signed on the last page (target < 64 MB: flat in the page count).
3. signPdfBatch of the 100 one-page PDFs on SoftHSM through the host: target >= 30 docs/s.

The PIN dialog is excluded: bench/instant_pinentry.c answers the Assuan protocol at once;
the CLI reads the PIN from stdin (--pin-stdin). The token is SoftHSM (tests/fixtures).

Usage: bench/bench_pdf.py [--host build/kyso-host] [--fixtures build/test-fixtures]
                          [--work DIR] [--runs N]
"""
import argparse
import base64
import hashlib
import json
import os
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CALLER = "chrome-extension://kysobenchextension/"
ORIGIN = "https://dichvucong.kyso.test"
BLOB_CHUNK = 524288  # docs/protocol.md: data of at most 512 KiB per blob frame


# ---------------------------------------------------------------- inputs

def classic_pdf(objects, root=1):
    """objects: list of bytes bodies (object i+1). Returns a PDF with a classic xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, xref)
    return bytes(out)


def write_big_pdf(path, side=10240):
    """One page, one side x side grey image (side^2 bytes: 100 MiB for 10240)."""
    size = side * side
    head = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
    ]
    content = b"q 595 0 0 842 0 0 cm /Im1 Do Q"
    objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    with open(path, "wb") as f:
        f.write(head)
        offsets = []
        for number, body in enumerate(objects, 1):
            offsets.append(f.tell())
            f.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
        offsets.append(f.tell())
        f.write(b"5 0 obj\n<< /Type /XObject /Subtype /Image /Width %d /Height %d "
                b"/ColorSpace /DeviceGray /BitsPerComponent 8 /Length %d >>\nstream\n"
                % (side, side, size))
        block = bytearray()
        counter = 0
        written = 0
        while written < size:
            while len(block) < (1 << 20):
                block += hashlib.sha256(b"kyso-bench-%d" % counter).digest()
                counter += 1
            piece = bytes(block[: min(len(block), size - written)])
            f.write(piece)
            written += len(piece)
            block = bytearray()
        f.write(b"\nendstream\nendobj\n")
        xref = f.tell()
        f.write(b"xref\n0 6\n0000000000 65535 f \n")
        for offset in offsets:
            f.write(b"%010d 00000 n \n" % offset)
        f.write(b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref)


def write_pages_pdf(path, pages, flat=False):
    """A page tree of intermediate nodes of 100 pages, or (flat) one /Kids array of every page,
    as reportlab and many generators write it."""
    if flat:
        write_flat_pages_pdf(path, pages)
        return
    leaves = (pages + 99) // 100
    first_page = 3 + leaves
    font = first_page + 2 * pages
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
                   b" ".join(b"%d 0 R" % (3 + i) for i in range(leaves)), pages)]
    for leaf in range(leaves):
        kids = range(leaf * 100, min(pages, leaf * 100 + 100))
        objects.append(b"<< /Type /Pages /Parent 2 0 R /Kids [%s] /Count %d >>" % (
            b" ".join(b"%d 0 R" % (first_page + 2 * k) for k in kids), len(kids)))
    for k in range(pages):
        number = first_page + 2 * k
        objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (3 + k // 100, number + 1,
                                                                       font))
        text = b"BT /F1 24 Tf 72 720 Td (Trang %d) Tj ET" % (k + 1)
        objects.append(b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    with open(path, "wb") as f:
        f.write(classic_pdf(objects))


def write_flat_pages_pdf(path, pages):
    first_page = 3
    font = first_page + 2 * pages
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
                   b" ".join(b"%d 0 R" % (first_page + 2 * k) for k in range(pages)), pages)]
    for k in range(pages):
        number = first_page + 2 * k
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (number + 1, font))
        text = b"BT /F1 24 Tf 72 720 Td (Trang %d) Tj ET" % (k + 1)
        objects.append(b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    with open(path, "wb") as f:
        f.write(classic_pdf(objects))


def one_page_pdf(index):
    text = b"BT /F1 18 Tf 72 760 Td (Cong van so %d/UBND-VP) Tj ET" % index
    return classic_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


# ---------------------------------------------------------------- running things

def run_rusage(argv, env=None, stdin_data=b""):
    """Runs argv under GNU time (a small process forks it, so the peak RSS is the command's own,
    not that of this Python process it was forked from). Returns (seconds, peak RSS in MB,
    stdout). Dirty pages of earlier runs are written out first, so that no run's fsync pays
    for another's output."""
    os.sync()
    with tempfile.NamedTemporaryFile() as report:
        start = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name] + argv,
                              input=stdin_data, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(f"{argv[0]} failed: {proc.stderr[:500]!r} {proc.stdout[:500]!r}")
        peak_kb = int(open(report.name).read().split()[-1])
    return elapsed, peak_kb / 1024.0, proc.stdout


def frame(message):
    data = json.dumps(message).encode()
    return struct.pack("=I", len(data)) + data


def read_message(stream):
    header = stream.read(4)
    if len(header) < 4:
        raise RuntimeError("host closed the port")
    (length,) = struct.unpack("=I", header)
    return json.loads(stream.read(length))


def blob_frames(rid, name, data):
    """The blob frames of `data`, made ahead of timing: the browser's base64 work is not the
    host's."""
    frames = max(1, (len(data) + BLOB_CHUNK - 1) // BLOB_CHUNK)
    return b"".join(frame({"type": "blob", "id": rid, "blob": name, "seq": seq,
                           "last": seq == frames - 1,
                           "data": base64.b64encode(data[seq * BLOB_CHUNK:
                                                         (seq + 1) * BLOB_CHUNK]).decode()})
                    for seq in range(frames))


class Host:
    """A long-lived kyso-host spoken to as the browser does. Requests carry fixed ids, so
    their blob frames can be made before the clock starts (blob_frames)."""

    def __init__(self, host, env):
        self.proc = subprocess.Popen([host, CALLER], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=env, bufsize=1 << 20)

    def request(self, rid, command, params, frames=b""):
        """Sends the pre-made blob `frames` and the request; returns (the final message,
        [raw frames received before it]). Large frames are kept raw until the result is in:
        decoding them is the browser's work, not the host's."""
        self.proc.stdin.write(frames)
        self.proc.stdin.write(frame({"type": "request", "id": rid, "command": command,
                                     "origin": ORIGIN, "params": params}))
        self.proc.stdin.flush()
        raw, chunks = [], []
        while True:
            header = self.proc.stdout.read(4)
            if len(header) < 4:
                raise RuntimeError("host closed the port")
            (length,) = struct.unpack("=I", header)
            payload = self.proc.stdout.read(length)
            if payload.startswith(b'{"type":"blob"'):  # how the host writes blob frames
                raw.append(payload)
                continue
            message = json.loads(payload)
            kind = message.get("type")
            if kind == "progress":
                continue
            if kind == "blob":
                raw.append(payload)
                continue
            if kind == "chunk":  # a result over 1 MiB, in slices of its JSON text
                chunks.append(message["data"])
                if not message.get("last"):
                    continue
                message = json.loads("".join(chunks))
                kind = message.get("type")
            if kind == "error":
                sys.exit(f"{command} failed: {message}")
            return message, raw

    @staticmethod
    def blobs(raw):
        """{blob name: bytes} from the raw frames request() returned."""
        parts = {}
        for payload in raw:
            message = json.loads(payload)
            if message.get("type") == "blob":
                parts.setdefault(message["blob"], []).append(base64.b64decode(message["data"]))
        return {name: b"".join(p) for name, p in parts.items()}

    def cpu_seconds(self):
        """User + system CPU the host has used so far."""
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
        return 0.0

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


# ---------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default=os.path.join(ROOT, "build/kyso-host"))
    parser.add_argument("--fixtures", default=os.path.join(ROOT, "build/test-fixtures"))
    parser.add_argument("--work", default=None, help="keep inputs here (default: temporary)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    if not os.path.exists(os.path.join(args.fixtures, "fixtures.json")):
        subprocess.run([os.path.join(ROOT, "tests/fixtures/make-tokens.sh"), args.fixtures],
                       check=True, stdout=subprocess.DEVNULL)
    fixtures = json.load(open(os.path.join(args.fixtures, "fixtures.json")))
    work = args.work or tempfile.mkdtemp(prefix="kyso-bench-pdf-")
    os.makedirs(work, exist_ok=True)
    person = next(i for i in fixtures["identities"] if i["name"] == "person-rsa2048")
    pin = next(t["userPin"] for t in fixtures["tokens"] if t["label"] == person["token"])

    # Inputs (made once per work directory).
    big = os.path.join(work, "big.pdf")
    if not os.path.exists(big):
        write_big_pdf(big + ".tmp")
        os.rename(big + ".tmp", big)
    p50k = os.path.join(work, "p50k.pdf")
    if not os.path.exists(p50k):
        write_pages_pdf(p50k, 50000)
    p50k_objstm = os.path.join(work, "p50k-objstm.pdf")
    if not os.path.exists(p50k_objstm):
        subprocess.run(["qpdf", "--object-streams=generate", p50k, p50k_objstm], check=True)
    p100k_flat = os.path.join(work, "p100k-flat.pdf")
    if not os.path.exists(p100k_flat):
        write_pages_pdf(p100k_flat, 100000, flat=True)
    batch = [one_page_pdf(i) for i in range(100)]

    pinentry = os.path.join(work, "instant_pinentry")
    subprocess.run(["cc", "-O2", "-o", pinentry, os.path.join(ROOT, "bench/instant_pinentry.c")],
                   check=True)
    config = os.path.join(work, "config.json")
    with open(config, "w") as f:
        json.dump({"pkcs11Modules": [fixtures["module"]], "discoverModules": False,
                   "pinentry": pinentry}, f)
    env = dict(os.environ, KYSO_CONFIG=config, KYSO_POLICY=os.path.join(work, "none.json"),
               SOFTHSM2_CONF=fixtures["softhsm2Conf"], KYSO_BENCH_PIN=pin, TZ="Asia/Ho_Chi_Minh")
    env.pop("KYSO_PINENTRY", None)

    # pdfsig's NSS database holding the same key and certificate (PKCS#12 from the test PKI).
    nss = os.path.join(work, "nss")
    if not os.path.exists(os.path.join(nss, "cert9.db")):
        os.makedirs(nss, exist_ok=True)
        p12 = os.path.join(work, "signer.p12")
        subprocess.run(["openssl", "pkcs12", "-export", "-inkey", person["key"], "-in",
                        person["cert"], "-certfile", fixtures["pki"]["chain"], "-name", "kyso",
                        "-passout", "pass:kyso", "-out", p12], check=True)
        subprocess.run(["certutil", "-N", "-d", f"sql:{nss}", "--empty-password"], check=True)
        subprocess.run(["pk12util", "-i", p12, "-d", f"sql:{nss}", "-W", "kyso"], check=True,
                       stdout=subprocess.DEVNULL)

    cli = [args.host, "--lang", "en", "--pin-stdin", "sign-pdf", "--cert", person["sha256"]]
    pin_line = (pin + "\n").encode()
    size_mb = os.path.getsize(big) / 1e6
    subprocess.run(["cat", big], stdout=subprocess.DEVNULL, check=True)  # warm the page cache

    # 1. 100 MiB, interleaved runs so every contender sees the same machine state.
    times = {k: [] for k in ("sha256sum", "pdfsig", "copy", "inplace", "protocol")}
    rss = {k: [] for k in ("sha256sum", "pdfsig", "copy", "inplace", "protocol")}
    host_cpu = []  # the long-lived host's own CPU time per signPdf (the rest is the client's)
    host = Host(args.host, env)
    document = open(big, "rb").read()
    for run in range(args.runs):
        t, m, _ = run_rusage(["sha256sum", big])
        times["sha256sum"].append(t), rss["sha256sum"].append(m)
        out = os.path.join(work, "pdfsig-out.pdf")
        t, m, _ = run_rusage(["pdfsig", "-add-signature", "-nssdir", f"sql:{nss}", "-nick", "kyso",
                              "-reason", "bench", big, out])
        times["pdfsig"].append(t), rss["pdfsig"].append(m)
        out = os.path.join(work, "kyso-out.pdf")
        t, m, _ = run_rusage(cli + ["--in", big, "--out", out], env, pin_line)
        times["copy"].append(t), rss["copy"].append(m)
        inplace = os.path.join(work, "inplace.pdf")
        shutil.copyfile(big, inplace)
        t, m, _ = run_rusage(cli + ["--in", inplace, "--in-place"], env, pin_line)
        times["inplace"].append(t), rss["inplace"].append(m)
        document_frames = blob_frames(f"big{run}", "document", document)
        os.sync()
        cpu_before = host.cpu_seconds()
        start = time.perf_counter()
        result, raw = host.request(f"big{run}", "signPdf",
                                   {"document": {"$blob": "document"}, "fileName": "big.pdf",
                                    "thumbprint": person["sha256"]}, document_frames)
        times["protocol"].append(time.perf_counter() - start)
        host_cpu.append(host.cpu_seconds() - cpu_before)
        del document_frames
        signed = Host.blobs(raw)["document"]
        if signed[:len(document)] != document or result["result"]["document"]["size"] != len(
                signed):
            sys.exit("signPdf returned a document that does not start with the input")
    rss["protocol"].append(host.peak_rss_mb())
    host.close()
    # The outputs are checked once, by pdfsig (the test suites check them in depth).
    for name in ("kyso-out.pdf", "inplace.pdf"):
        check = subprocess.run(["pdfsig", "-no-ocsp", os.path.join(work, name)],
                               capture_output=True, text=True)
        if "Signature is Valid." not in check.stdout:
            sys.exit(f"{name}: pdfsig does not say valid:\n{check.stdout}")
    with open(os.path.join(work, "protocol-out.pdf"), "wb") as f:
        f.write(signed)

    med = {k: statistics.median(v) for k, v in times.items()}
    peak = {k: max(v) for k, v in rss.items()}

    # 2. 50,000 pages, visible on the last page.
    pages = {}
    for name, path in (("classic", p50k), ("object streams", p50k_objstm),
                       ("flat, 100,000 pages", p100k_flat)):
        samples = []
        for _ in range(args.runs):
            samples.append(run_rusage(cli + ["--in", path, "--out", os.path.join(work, "p.pdf"),
                                             "--corner", "bottom-right", "--page", "-1"],
                                      env, pin_line)[:2])
        pages[name] = (statistics.median(s[0] for s in samples), max(s[1] for s in samples))

    # 3. Batch of 100 on one long-lived host (the first request loads SoftHSM and logs in).
    host = Host(args.host, env)
    items = [{"document": {"$blob": f"d{i}"}, "fileName": f"cong-van-{i:02d}.pdf"}
             for i in range(len(batch))]
    rates = []
    for run in range(args.runs + 1):
        rid = f"batch{run}"
        frames = b"".join(blob_frames(rid, f"d{i}", d) for i, d in enumerate(batch))
        start = time.perf_counter()
        result, raw = host.request(rid, "signPdfBatch", {"items": items,
                                                         "thumbprint": person["sha256"]}, frames)
        elapsed = time.perf_counter() - start
        if len(Host.blobs(raw)) != len(batch):
            sys.exit("batch: not every signed document came back")
        if result["result"]["signed"] != len(batch):
            sys.exit(f"batch: {result['result']['failed']} failed")
        if run > 0:
            rates.append(len(batch) / elapsed)
        else:
            first_rate = len(batch) / elapsed
    host.close()
    rate = statistics.median(rates)

    def verdict(ok):
        return "PASS" if ok else "MISS"

    print(f"100 MiB input ({size_mb:.1f} MB), medians of {args.runs}, peak RSS the largest seen\n")
    print("| 100 MiB PDF | time | / sha256sum | pdfsig / this | peak RSS | targets |")
    print("|---|---|---|---|---|---|")
    print(f"| sha256sum (floor) | {med['sha256sum']:.3f} s | 1.00x | | {peak['sha256sum']:.1f} MB | |")
    print(f"| pdfsig -add-signature (peer) | {med['pdfsig']:.3f} s | "
          f"{med['pdfsig'] / med['sha256sum']:.2f}x | 1.00x | {peak['pdfsig']:.1f} MB | |")
    for key, label in (("inplace", "kyso-host sign-pdf --in-place"),
                       ("copy", "kyso-host sign-pdf --out (copy)"),
                       ("protocol", "signPdf through the host (blob frames)")):
        r_sha = med[key] / med["sha256sum"]
        r_peer = med["pdfsig"] / med[key]
        memory = (f"< 64 MB {verdict(peak[key] < 64)}" if key != "protocol"
                  else "holds the document: see docs")
        print(f"| {label} | {med[key]:.3f} s | {r_sha:.2f}x | {r_peer:.2f}x | {peak[key]:.1f} MB | "
              f"<= 1.5x {verdict(r_sha <= 1.5)}, >= 2x {verdict(r_peer >= 2)}, {memory} |")
    print(f"\nsignPdf through the host: the host's own CPU time, median {statistics.median(host_cpu):.3f} s "
          f"({statistics.median(host_cpu) / med['sha256sum']:.2f}x sha256sum's wall time); the rest "
          "of its wall time is the client's base64 and the pipes (2 x 140 MB of JSON).")
    print()
    print("| many pages, visible signature on the last page | time | peak RSS | target |")
    print("|---|---|---|---|")
    inputs = {"classic": p50k, "object streams": p50k_objstm, "flat, 100,000 pages": p100k_flat}
    for name, (t, m) in pages.items():
        limit = 64 if name.startswith("flat") else 150
        print(f"| {name} ({os.path.getsize(inputs[name]) / 1e6:.1f} MB) "
              f"| {t:.3f} s | {m:.1f} MB | < {limit} MB {verdict(m < limit)} |")
    print()
    print("| signPdfBatch, 100 one-page PDFs, SoftHSM | documents/s | target |")
    print("|---|---|---|")
    print(f"| first batch (loads SoftHSM, logs in) | {first_rate:.1f} | |")
    print(f"| median of {args.runs} further batches | {rate:.1f} | >= 30 {verdict(rate >= 30)} |")
    if not args.work:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
