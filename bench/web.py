"""Web latency: `redline serve` on a store of 10,000 documents, requests from a client on loopback;
median and p95 of the overview, a party page and a document page. The server caches the picture
until the store changes; the first requests, which build it, are timed and printed apart."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from tests.server import serving

from bench.picture import big_store

ROOT = Path(__file__).resolve().parents[1]


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[int(0.95 * (len(ordered) - 1))]


def latency(work: Path, n_docs: int = 10_000, requests: int = 40) -> None:
    print(f"== web latency on a store of {n_docs:,} documents, client on loopback ({requests} requests a page)")
    big = big_store(work, n_docs, "web-10k.db")
    if big is None:
        return
    with serving(big, timeout=120) as client:
        doc_id = client.get("/search.json", params={"q": "Witkoff", "per_page": 1}).json()["documents"]["items"][0]["id"]
        t0 = time.perf_counter()
        party = client.get("/overview.json").json()["parties"][0]
        print(f"first overview on a fresh server (builds the cached picture): {time.perf_counter() - t0:.1f} s")
        for name, path in (("overview", "/overview"), ("party page", f"/parties/{party}"),
                           ("document page", f"/documents/{doc_id}")):
            t0 = time.perf_counter()
            first = client.get(path)
            cold = time.perf_counter() - t0
            assert first.status_code == 200, (path, first.status_code)
            times = []
            for _ in range(requests):
                t0 = time.perf_counter()
                r = client.get(path)
                times.append(time.perf_counter() - t0)
                assert r.status_code == 200
            print(f"{name:14} median {statistics.median(times) * 1e3:7.1f} ms   p95 {p95(times) * 1e3:7.1f} ms   "
                  f"its first request {cold * 1e3:7.0f} ms   ({len(first.content) / 1e3:.0f} kB)")
