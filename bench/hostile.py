"""The hostile corpus: well over 1,000 malformed files of every kind issue 12 lists (and some more), mixed with
good files, ingested with extraction by a real `redline ingest` process, then ingested again.

Prints the files, the one-line errors by code, tracebacks (must be 0), good files lost (0), documents left
unextracted (0), what the re-run changed (nothing), the time and the peak memory of the ingest process, and
beside them the same good files alone in a fresh store (the baseline of this run) with the ratio.

    python -m bench.run --only hostile        or        python -m bench.hostile [--scale N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from redline import api
from redline.config import MAX_INPUT_BYTES

SUBJECTS = ["The delegation", "The finance ministry", "A senior negotiator", "The committee", "The envoy",
            "Officials", "The spokeswoman", "The mediators"]
VERBS = ["said on Monday that", "told reporters that", "confirmed on Friday that", "announced that"]
CLAUSES = ["the next round of talks would take place in the spring", "1,200 prisoners had been exchanged",
           "the draft had 14 points", "the talks had ended without a joint statement",
           "the ceasefire line would be monitored by observers", "40 trucks of aid had crossed the border"]


def _sentence(rng: random.Random, n: int) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(CLAUSES)} (report {n})."


def _article(rng: random.Random, n: int) -> str:
    return f"Report {n}\n\n" + " ".join(_sentence(rng, n) for _ in range(2)) + "\n"


class Corpus:
    """Writes the files; remembers which good files must end up stored, and which kind each file is."""

    def __init__(self, folder: Path, seed: int = 12):
        self.folder, self.rng = folder, random.Random(seed)
        self.kinds: Counter = Counter()
        self.good: list[Path] = []
        self.n = 0
        folder.mkdir(parents=True)

    def _path(self, kind: str, suffix: str, name: str | None = None) -> Path:
        self.n += 1
        self.kinds[kind] += 1
        return self.folder / (name or f"{kind}-{self.n:05d}{suffix}")

    def bad(self, kind: str, suffix: str, data: bytes, name: str | None = None) -> None:
        self._path(kind, suffix, name).write_bytes(data)

    def good_file(self, kind: str, suffix: str, data: bytes, name: str | None = None) -> None:
        path = self._path(kind, suffix, name)
        path.write_bytes(data)
        self.good.append(path)

    def text(self) -> str:
        return _article(self.rng, self.n + 1)


def build(folder: Path, scale: int = 1) -> Corpus:
    c = Corpus(folder)
    rng = c.rng
    for _ in range(80 * scale):
        c.bad("empty", ".txt", b"")
    for _ in range(40 * scale):
        c.bad("whitespace", ".txt", b" \n\t\r\n " * rng.randint(1, 50))
    for _ in range(40 * scale):
        c.bad("png", ".txt", b"\x89PNG\r\n\x1a\n" + rng.randbytes(2000))
    for _ in range(20 * scale):
        c.bad("pdf", ".html", b"%PDF-1.7\n" + rng.randbytes(2000))
    for _ in range(40 * scale):
        c.bad("random", ".txt", rng.randbytes(rng.randint(100, 5000)))
    for _ in range(40 * scale):
        c.bad("nul", ".txt", c.text().encode()[:40] + b"\x00\x01\x00\x02" + c.text().encode())
    for _ in range(40 * scale):
        c.bad("high-bytes", ".txt", bytes(rng.randrange(128, 256) for _ in range(3000)))
    for _ in range(80 * scale):
        record = json.dumps({"title": "T", "maintext": c.text(), "date_publish": "2025-11-23"})
        c.bad("truncated-json", ".json", record[: rng.randint(5, len(record) - 5)].encode())
    for _ in range(40 * scale):
        c.bad("json-no-text", ".json", json.dumps({"title": "only a title", "n": rng.random()}).encode())
    for _ in range(40 * scale):
        good_line = json.dumps({"maintext": c.text()})
        c.bad("jsonl-bad-line", ".jsonl", f"{good_line}\n{{\"maintext\": \"cut\n{good_line}\n".encode())
    for _ in range(20 * scale):
        depth = rng.randint(20_000, 200_000)
        c.bad("deep-json", ".json", b"[" * depth + b"]" * depth)
    for _ in range(80 * scale):
        page = f"<!DOCTYPE html><html><head><title>T</title></head><body><article><p>{c.text()}</p>"
        c.bad("truncated-html", ".html", page[: rng.randint(60, len(page))].encode())
    for _ in range(40 * scale):
        c.bad("broken-feed", ".xml", b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</title>"
              + rng.randbytes(50).hex().encode())
    for _ in range(20 * scale):
        c.bad("entities", ".xml", b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
              + b"".join(f'<!ENTITY a{k} "{("&a" + str(k - 1) + ";") * 10 if k else "&a;" * 10}">'.encode()
                         for k in range(12))
              + b']><rss version="2.0"><channel><item><title>&a11;</title><description>&a11;</description>'
              b"</item></channel></rss>")
    for _ in range(10 * scale):
        path = c._path("too-large", ".txt")
        with path.open("wb") as fh:
            fh.truncate(MAX_INPUT_BYTES + rng.randint(1, 10_000_000))
    for _ in range(30 * scale):
        os.mkfifo(c._path("fifo", ".txt"))
    for _ in range(10 * scale):
        os.symlink("/dev/zero", c._path("device", ".txt"))
    for _ in range(20 * scale):
        os.symlink(folder / f"gone-{rng.random()}", c._path("dangling", ".txt"))
    for k in range(5 * scale):
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(c._path("socket", ".txt", name=f"socket-{k}.txt")))
        sock.close()
    for k in range(60 * scale):  # names that try to forge or recolour a terminal line
        forged = f"x{k}.txt: ok\nfine.txt: forged [E999]\x1b[2K\x1b[31m\r.txt"
        c.bad("forged-name", ".txt", b"", name=forged)
    # malformed, but text that must be read: each of these is a good file
    for k in range(40 * scale):
        c.good_file("forged-name-good", ".txt", c.text().encode(), name=f"good{k}\n\x1b[32mname\u2028.txt")
    for _ in range(60 * scale):
        opener = rng.choice(["[Editor's note] ", "{Draft} ", "[UPDATED] ", "{ Summary } ", "[1/3] "])
        c.good_file("brace-text", rng.choice([".txt", ""]), (opener + c.text()).encode())
    for _ in range(100 * scale):
        junk = rng.choice(["yesterday", 1e309, [2025, 1], "-0001-01-01", "2099-01-01", True, "now", {"y": 1}])
        c.good_file("junk-date", ".json", json.dumps({"title": "T", "maintext": c.text(),
                                                      "date_publish": junk}).encode())
    for _ in range(40 * scale):
        c.good_file("utf16-no-bom", ".txt", c.text().encode(rng.choice(["utf-16-le", "utf-16-be"])))
    for _ in range(40 * scale):
        c.good_file("script-text", ".txt", (c.text() + "<script>alert(1)</script><img src=x onerror=alert(2)>")
                    .encode())
    # one document longer than spaCy takes at once (1,000,000 characters), in short paragraphs
    long_text = "\n\n".join(_sentence(rng, k) for k in range(11_000))
    c.good_file("long", ".txt", long_text.encode())
    for _ in range(100 * scale):
        c.good_file("plain", ".txt", c.text().encode())
    return c


def _ingest(folder: Path, db: Path) -> tuple[dict, str, float, float]:
    """A real `redline ingest` process: its JSON report, its stderr, wall time and peak memory (MB)."""
    code = ("import resource, subprocess, sys, json; t = __import__('time').perf_counter();"
            "p = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
            "r = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss;"
            "print(json.dumps({'rc': p.returncode, 'out': p.stdout, 'err': p.stderr, 'maxrss': r,"
            " 'time': __import__('time').perf_counter() - t}))")
    done = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "redline", "ingest", str(folder),
                           "--db", str(db), "--json"], capture_output=True, text=True, timeout=3600)
    result = json.loads(done.stdout)
    report = json.loads(result["out"]) if result["out"].strip().startswith("{") else {}
    return report, result["err"], result["time"], result["maxrss"] / 1024


def _snapshot(db: Path) -> tuple:
    from sqlalchemy import func, select

    from redline.store import open_store
    from redline.store.schema import EXTRACTION_TABLES, documents

    store = open_store(str(db))
    with store.engine.connect() as conn:
        ids = tuple(conn.execute(select(documents.c.id, documents.c.extracted_with).order_by(documents.c.id)).all())
        counts = tuple(conn.execute(select(func.count()).select_from(t)).scalar_one() for t in EXTRACTION_TABLES)
    store.close()
    return ids, counts


def hostile(work: Path, scale: int = 1) -> dict:
    print("== hostile corpus: malformed files of every kind in issue 12, with good ones, one `redline ingest`")
    corpus = build(work / "hostile", scale)
    malformed = sum(n for kind, n in corpus.kinds.items() if kind != "plain")
    files = sum(corpus.kinds.values())
    print(f"files {files:,}: {malformed:,} malformed of {len(corpus.kinds) - 1} kinds "
          f"({len(corpus.good) - corpus.kinds['plain']} of them still readable text), "
          f"{corpus.kinds['plain']} plain good files; good files in all {len(corpus.good)}")
    db = work / "hostile.db"
    report, stderr, elapsed, peak = _ingest(corpus.folder, db)
    codes = Counter(m[1] for e in report.get("errors", []) if (m := re.search(r"\[(E\d{3})\]$", e)))
    multi_line = sum(1 for e in report.get("errors", []) if "\n" in e or "\x1b" in e)
    tracebacks = stderr.count("Traceback")
    stored = {d["doc_name"] for d in api.list_documents(str(db), limit=None)["documents"]}
    lost = [p.name for p in corpus.good if p.name not in stored]
    queue = api.queue(str(db))
    unextracted = queue["documents_to_extract"] + len(queue["extraction_failed"])
    print(f"one-line errors {sum(codes.values()):,} by code: " + ", ".join(f"{k} {v}" for k, v in sorted(codes.items())))
    print(f"error lines with a newline or an escape code {multi_line}")
    print(f"tracebacks {tracebacks}  (must be 0)")
    print(f"good files lost {len(lost)}  (must be 0){': ' + ', '.join(map(repr, lost[:5])) if lost else ''}")
    print(f"documents stored {len(stored):,}, extracted {report.get('extracted', 0):,}, left unextracted {unextracted}"
          "  (must be 0)")
    for failed in queue["extraction_failed"][:5]:
        print(f"  extraction failed: {failed['doc_name']!r}: {failed['error']}")
    print(f"ingest with extraction {elapsed:7.1f} s, peak memory {peak:6.0f} MB")
    before = _snapshot(db)
    again, stderr2, elapsed2, _ = _ingest(corpus.folder, db)
    unchanged = _snapshot(db) == before
    print(f"re-run: {again.get('new', '?')} new, {again.get('skipped', '?')} files not read again, "
          f"{again.get('failed', '?')} failed again, tracebacks {stderr2.count('Traceback')}, "
          f"store unchanged: {'yes' if unchanged else 'NO'} ({elapsed2:.1f} s)")
    good_only = work / "good-only"
    good_only.mkdir()
    for k, path in enumerate(corpus.good):
        (good_only / f"{k:05d}-{re.sub(r'[^A-Za-z0-9._-]', '_', path.name)}").write_bytes(path.read_bytes())
    base_report, _, base_time, base_peak = _ingest(good_only, work / "good-only.db")
    print(f"baseline in this run, the {len(corpus.good)} good files alone in a fresh store: {base_time:7.1f} s, "
          f"peak {base_peak:6.0f} MB, {base_report.get('new', '?')} new -> the hostile corpus takes "
          f"{elapsed / base_time:.2f}x the time and {peak / base_peak:.2f}x the memory")
    return {"files": files, "malformed": malformed, "codes": dict(codes), "tracebacks": tracebacks, "lost": len(lost),
            "unextracted": unextracted, "time": elapsed, "peak_mb": peak, "unchanged": unchanged}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="multiply the number of files of each kind")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="redline-hostile-") as tmp:
        started = time.perf_counter()
        result = hostile(Path(tmp), args.scale)
        print(f"(benchmark {time.perf_counter() - started:.0f} s)")
    ok = result["tracebacks"] == 0 and result["lost"] == 0 and result["unextracted"] == 0 and result["unchanged"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
