"""Run every benchmark and print the figures: `python -m bench.run [--docs N] [--only NAME]`."""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import cluster, extraction, hostile, load, models, packs, picture, stages, web
from bench import watch as watch_bench
from bench.generate import generate
from redline import api
from redline.store import open_store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def dev_quality(work: Path) -> None:
    """Ingest ../shared/corpus/dev, export, and score with the evaluation kit."""
    corpus, gold, scorer = SHARED / "corpus" / "dev", SHARED / "eval" / "gold" / "dev", SHARED / "eval" / "score.py"
    print("== dev corpus quality (documents)")
    if not corpus.exists():
        print(f"skipped: {corpus} not found (the shared evaluation kit is not beside this checkout)")
        return
    db = str(work / "dev.db")
    report = api.ingest([corpus], db=db)
    api.export(work / "dev-export", db)
    result = json.loads(
        subprocess.run([sys.executable, str(scorer), str(work / "dev-export"), str(gold), "--json"],
                       check=True, capture_output=True, text=True).stdout
    )
    print(f"documents ingested {report.new}, failed {report.failed}, scored {result['documents_scored']}")
    print(f"published date accuracy {result['published_date_accuracy']}  (target >= 0.9)")
    print(f"language accuracy       {result['language_accuracy']}  (target >= 0.97)")
    for flag, prf in result["flags"].items():
        print(f"flag {flag:20} P {prf['p']:.3f}  R {prf['r']:.3f}  F1 {prf['f1']:.3f}  (target F1 >= 0.8)")


def baseline(folder: Path) -> float:
    """What any ingest must do at least: read every file, decode it and hash it."""
    t0 = time.perf_counter()
    for path in sorted(folder.iterdir()):
        hashlib.sha256(path.read_bytes().decode("utf-8").encode("utf-8")).hexdigest()
    return time.perf_counter() - t0


def ingest_speed(work: Path, n_docs: int) -> None:
    print(f"== ingest of {n_docs:,} generated documents (reading, cleaning, flags, dedupe, storing; no extraction)")
    folder = work / "generated"
    size = generate(folder, n_docs)
    base = baseline(folder)
    db = str(work / "load.db")
    store = open_store(db)
    t0 = time.perf_counter()
    report = api.ingest([folder], db=store, extract=False)  # the ingest stage; extraction is timed in `speed`
    elapsed = time.perf_counter() - t0
    mb = size / 1e6
    db_size = sum(p.stat().st_size for p in work.glob("load.db*"))
    print(f"input {mb:.1f} MB; stored {report.new:,} new, {report.failed} failed")
    print(f"redline ingest  {elapsed:8.1f} s  {report.new / elapsed:8.1f} docs/s  {mb / elapsed:6.2f} MB/s")
    print(f"baseline (read+decode+hash) {base:6.2f} s  {n_docs / base:8.0f} docs/s  -> redline takes {elapsed / base:.0f}x the baseline")
    print(f"store size on disk {db_size / 1e6:.1f} MB ({db_size / max(1, report.new) / 1e3:.1f} kB per document)")
    t0 = time.perf_counter()
    again = api.ingest([folder], db=store, extract=False)
    rerun = time.perf_counter() - t0
    print(f"re-run over the same files {rerun:6.1f} s ({again.skipped:,} files not read again, {again.new} new): "
          f"{rerun / elapsed:.2f} of the first run, {rerun / base:.1f}x the baseline")
    one_more(work, store)
    stages.stage_times(folder, work, limit=1000)


def one_more(work: Path, full_store) -> None:
    """Time to ingest one more document into the full store and into an empty one, alternating."""
    extra = work / "extra"
    generate(extra, 14, seed=99, start=10_000_000)
    files = sorted(extra.iterdir())
    empty = open_store(str(work / "empty.db"))
    full_t, empty_t = [], []
    for k, path in enumerate(files):
        target, times = (full_store, full_t) if k % 2 == 0 else (empty, empty_t)
        t0 = time.perf_counter()
        report = api.ingest([path], db=target, extract=False)
        times.append(time.perf_counter() - t0)
        assert report.new == 1, report.errors
    print(f"one more document: into the full store median {statistics.median(full_t) * 1e3:.1f} ms "
          f"(min {min(full_t) * 1e3:.1f}), into an empty store median {statistics.median(empty_t) * 1e3:.1f} ms "
          f"(min {min(empty_t) * 1e3:.1f}); ratio {statistics.median(full_t) / statistics.median(empty_t):.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=10_000, help="generated documents for the load benchmark")
    parser.add_argument("--only", choices=["dev", "ingest", "extraction", "polnear", "plover", "speed", "timeline",
                                           "tracker", "brief", "models", "model-speed", "backtest",
                                           "web", "cluster", "faults", "volume",
                                           "concurrent", "web-load", "packs", "hostile", "watch"],
                        help="run one benchmark")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="redline-bench-") as tmp:
        work = Path(tmp)
        if args.only in (None, "dev"):
            dev_quality(work)
        if args.only in (None, "extraction"):
            extraction.dev_extraction(work)
        if args.only in (None, "polnear"):
            extraction.polnear(work)
        if args.only in (None, "plover"):
            extraction.plover(work)
        if args.only in (None, "speed"):
            extraction.throughput(work)
        if args.only in (None, "timeline"):
            picture.timeline(work)
        if args.only in (None, "tracker"):
            picture.tracker(work)
        if args.only in (None, "brief"):
            picture.brief_speed(work, args.docs)
        if args.only in (None, "models"):
            models.bdm()
            models.compromise_pins()
            models.ktab()
        if args.only in (None, "model-speed"):
            models.speed()
        if args.only in (None, "backtest"):
            models.backtest_dev(work)
        if args.only in (None, "web"):
            web.latency(work, args.docs)
        if args.only in (None, "cluster"):
            cluster.scaling(work)
        if args.only in (None, "ingest"):
            ingest_speed(work, args.docs)
        if args.only in (None, "faults"):
            load.faults(work)
        if args.only in (None, "concurrent"):
            load.concurrent(work)
        if args.only in (None, "web-load"):
            load.web_load(work)
        if args.only in (None, "packs"):
            packs.load_speed()
        if args.only in (None, "hostile"):
            hostile.hostile(work)
        if args.only in (None, "watch"):
            watch_bench.watch_speed(work, args.docs)
        if args.only == "volume":  # 100,000 documents on two backends: about half an hour, run on its own
            load.volume(work, args.docs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
