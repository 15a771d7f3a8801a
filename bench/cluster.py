"""Extraction on a Dask LocalCluster with 1 and 2 worker processes against a single process (and the local
process pool of `--workers 2`), on the same texts (PolNeAR's dev and test articles): documents per second and
the scaling ratios. Each run is a fresh `redline extract --all` process, start-up included."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from redline import api

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def scaling(work: Path) -> None:
    print("== extraction on a Dask LocalCluster against a single process (PolNeAR texts)")
    sources = [SHARED / "benchmarks" / "polnear" / split / "text" for split in ("dev", "test")]
    sources = [s for s in sources if s.exists()]
    if not sources:
        print("skipped: no PolNeAR texts found")
        return
    db = str(work / "cluster-base.db")
    api.ingest(sources, db=db, extract=False, language="en")
    rates = {}
    # each row is a fresh `redline extract --all` process, as a user runs it: imports, model loading and
    # cluster start-up included, nothing inherited from an earlier row
    for label, extra in (("single process", []), ("--workers 2", ["--workers", "2"]),
                         ("local:1", ["--cluster", "local:1"]), ("local:2", ["--cluster", "local:2"])):
        t0 = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "redline", "extract", "--all", "--db", db, "--json", *extra],
                             capture_output=True, text=True, timeout=1800)
        elapsed = time.perf_counter() - t0
        done = json.loads(run.stdout)["extracted"] if run.returncode == 0 else 0
        rates[label] = done / elapsed
        print(f"{label:15} {done} documents in {elapsed:6.1f} s  {rates[label]:6.2f} docs/s")
    print(f"scaling: local:2 / local:1 = {rates['local:2'] / rates['local:1']:.2f}; "
          f"local:2 / single process = {rates['local:2'] / rates['single process']:.2f}; "
          f"--workers 2 (process pool) / single process = {rates['--workers 2'] / rates['single process']:.2f}")
