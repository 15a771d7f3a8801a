"""Load and fault benchmarks, bounded in time and on loopback only:

- `faults`: ingest a generated corpus while `kill -9` strikes at random moments, re-run after each kill,
  then check the store: every document once, none lost, every one extracted;
- `volume`: ingest N generated documents (the ingest stage) into SQLite and into PostgreSQL: time and
  store size;
- `concurrent`: two writers and a reader on one store, on SQLite and PostgreSQL;
- `web-load`: concurrent clients against `redline serve`, a bounded number of requests, p95 latency.
"""

from __future__ import annotations

import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import func, select, text

from bench.generate import generate
from bench.web import p95
from redline import api
from redline.store import open_store
from redline.store.schema import documents, ingest_queue, ingest_runs, leases

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _postgres():
    from tests import postgres

    return postgres


def _check(db: str, expected: int) -> dict:
    store = open_store(db)
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(documents)).scalar_one()
        distinct = conn.execute(select(func.count(func.distinct(documents.c.content_hash)))).scalar_one()
        pending = conn.execute(select(func.count()).select_from(documents)
                               .where(documents.c.extracted_with.is_(None))).scalar_one()
        unfinished = conn.execute(select(func.count()).select_from(ingest_runs)
                                  .where(ingest_runs.c.finished_at.is_(None))).scalar_one()
        queued = conn.execute(select(func.count()).select_from(ingest_queue)
                              .where(ingest_queue.c.status == "pending")).scalar_one()
        held = conn.execute(select(func.count()).select_from(leases)).scalar_one()
    store.close()
    return {"documents": total, "distinct": distinct, "lost": expected - distinct, "doubled": total - distinct,
            "not_extracted": pending, "unfinished_runs": unfinished, "queued_files": queued, "leases": held}


def faults(work: Path, n_docs: int = 400, kills: int = 50, seed: int = 11) -> None:
    print(f"== {kills} random kill -9 during ingest of {n_docs} generated documents (with extraction), "
          f"each followed by a re-run, on SQLite and PostgreSQL")
    folder = work / "faults-in"
    generate(folder, n_docs, seed=seed)
    _faults_on(str(work / "faults.db"), folder, n_docs, kills, seed, "SQLite")
    pg = _postgres()
    if pg.why_not():
        print(f"PostgreSQL  skipped: {pg.why_not()}")
        return
    with pg.server() as url:
        _faults_on(url, folder, n_docs, kills, seed, "PostgreSQL")


def _faults_on(db: str, folder: Path, n_docs: int, kills: int, seed: int, name: str) -> None:
    rng = random.Random(seed)
    survived = left_total = left_max = 0
    watch = open_store(db)
    t_start = time.perf_counter()
    for k in range(kills):
        # every other run has no paths: it only finishes what the killed runs left
        args = [str(folder)] if k % 2 == 0 else []
        proc = subprocess.Popen([sys.executable, "-m", "redline", "ingest", *args, "--db", db, "--json"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rng.uniform(0.3, 4.0))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        left = sum(r["pending_files"] for r in api.queue(watch)["runs"])  # what the next run must take over
        left_total, left_max = left_total + left, max(left_max, left)
        survived += 1
    watch.close()
    final = subprocess.run([sys.executable, "-m", "redline", "ingest", str(folder), "--db", db, "--json"],
                           capture_output=True, text=True, timeout=1800)
    report = json.loads(final.stdout) if final.stdout.strip() else {}
    result = _check(db, n_docs)
    print(f"{name:10} kill/re-run cycles survived {survived} (files a killed run left queued for the next: "
          f"{left_total} in all, at most {left_max} at once); final re-run exit {final.returncode} "
          f"(files taken over from killed runs {report.get('resumed', 0)}, not read again {report.get('skipped', 0)}); "
          f"documents {result['documents']} of {n_docs}, lost {result['lost']}, doubled {result['doubled']}, "
          f"not extracted {result['not_extracted']}; unfinished runs {result['unfinished_runs']}, queued files "
          f"{result['queued_files']}, leases {result['leases']}  ({time.perf_counter() - t_start:.0f} s)")


def volume(work: Path, n_docs: int = 100_000) -> None:
    print(f"== ingest of {n_docs:,} generated documents (ingest stage, no extraction) into SQLite and PostgreSQL")
    folder = work / "volume-in"
    size = generate(folder, n_docs, seed=5)
    print(f"input {size / 1e6:.0f} MB")
    db = str(work / "volume.db")
    t0 = time.perf_counter()
    report = api.ingest([folder], db=db, extract=False)
    elapsed = time.perf_counter() - t0
    on_disk = sum(p.stat().st_size for p in work.glob("volume.db*"))
    print(f"SQLite      {elapsed:7.0f} s  {report.new / elapsed:6.0f} docs/s  store {on_disk / 1e6:6.0f} MB  "
          f"({report.new:,} new, {report.failed} failed)")
    pg = _postgres()
    if pg.why_not():
        print(f"PostgreSQL  skipped: {pg.why_not()}")
        return
    with pg.server() as url:
        t0 = time.perf_counter()
        report = api.ingest([folder], db=url, extract=False)
        elapsed = time.perf_counter() - t0
        store = open_store(url)
        with store.engine.connect() as conn:
            size_pg = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
        store.close()
        print(f"PostgreSQL  {elapsed:7.0f} s  {report.new / elapsed:6.0f} docs/s  store {size_pg / 1e6:6.0f} MB  "
              f"({report.new:,} new, {report.failed} failed)")


def concurrent(work: Path, n_docs: int = 300) -> None:
    print(f"== two writers ({n_docs} documents each, with extraction) and `redline serve` with a client on one store")
    for name in ("SQLite", "PostgreSQL"):
        halves = []
        for k in range(2):
            folder = work / f"conc-{name}-{k}"
            generate(folder, n_docs, seed=100 + k, start=k * 10_000_000)
            halves.append(folder)
        if name == "SQLite":
            _concurrent_on(str(work / "conc.db"), halves, n_docs, name)
        else:
            pg = _postgres()
            if pg.why_not():
                print(f"PostgreSQL skipped: {pg.why_not()}")
                continue
            with pg.server() as url:
                _concurrent_on(url, halves, n_docs, name)


def _concurrent_on(db: str, halves: list[Path], n_docs: int, name: str) -> None:
    from tests.server import serving

    api.status(db)
    reads, errors, stop = [], [], threading.Event()
    with serving(db, timeout=120) as client:

        def reader() -> None:
            while not stop.is_set():
                for path in ("/overview.json", "/search.json?q=talks", "/timeline.json"):
                    t0 = time.perf_counter()
                    try:
                        r = client.get(path)
                        if r.status_code == 200:
                            reads.append(time.perf_counter() - t0)
                        else:
                            errors.append(f"{path}: {r.status_code}")
                    except Exception as exc:  # noqa: BLE001 - a failed read is the finding
                        errors.append(repr(exc))

        thread = threading.Thread(target=reader)
        thread.start()
        t0 = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-m", "redline", "ingest", str(h), "--db", db, "--json"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for h in halves]
        outs = [p.communicate(timeout=1800) for p in procs]  # bounded: a hang fails the benchmark
        elapsed = time.perf_counter() - t0
        stop.set()
        thread.join()
    locked = sum("locked" in err.lower() for _, err in outs)
    extracted = [json.loads(out)["extracted"] if out.strip() else None for out, _ in outs]
    result = _check(db, 2 * n_docs)
    print(f"{name:10} {elapsed:5.0f} s; writers exit {[p.returncode for p in procs]}, 'locked' errors {locked}, "
          f"documents extracted by each {extracted}; server {len(reads)} answers, {len(errors)} failed, median "
          f"{statistics.median(reads) * 1e3 if reads else 0:.0f} ms, p95 {p95(reads) * 1e3 if reads else 0:.0f} ms; "
          f"documents {result['documents']}, lost {result['lost']}, doubled {result['doubled']}, "
          f"not extracted {result['not_extracted']}")


def web_load(work: Path, clients: int = 8, requests: int = 400) -> None:
    print(f"== web load: {clients} concurrent clients, {requests} requests over overview, timeline, party, "
          f"document and search pages (examples store)")
    import httpx
    from tests.server import serving

    db = str(work / "web-load.db")
    api.ingest([ROOT / "examples" / "russia_ukraine"], db=db)
    with serving(db) as warm:
        base = str(warm.base_url)
        doc = warm.get("/search.json", params={"q": "Witkoff"}).json()["documents"]["items"][0]["id"]
        paths = ["/overview", "/timeline", "/parties/Russia", f"/documents/{doc}", "/search?q=Kremlin",
                 "/overview.json"]
        times, statuses = [], []

        def hit(k: int) -> None:
            with httpx.Client(base_url=base, timeout=60) as c:
                t0 = time.perf_counter()
                r = c.get(paths[k % len(paths)])
                times.append(time.perf_counter() - t0)
                statuses.append(r.status_code)

        t0 = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            list(pool.map(hit, range(requests)))
        elapsed = time.perf_counter() - t0
        print(f"{requests} requests in {elapsed:.1f} s ({requests / elapsed:.0f}/s); median "
              f"{statistics.median(times) * 1e3:.0f} ms, p95 {p95(times) * 1e3:.0f} ms; "
              f"non-200 {sum(s != 200 for s in statuses)}")
