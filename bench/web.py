"""Web latency: `redline serve` on a store of 10,000 documents, requests from a client on loopback;
median and p95 of the overview, a party page and a document page. The server caches the picture
until the store changes; the first requests, which build it, are timed and printed apart."""

from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from bench.picture import big_store

ROOT = Path(__file__).resolve().parents[1]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(db: str, *, timeout: float = 60) -> Iterator[httpx.Client]:
    """`redline serve` on DB in a subprocess, a loopback client once it answers; stopped afterwards."""
    port = _port()
    server = subprocess.Popen([sys.executable, "-m", "redline", "serve", "--db", db, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=timeout) as client:
            for _ in range(200):
                try:
                    client.get("/openapi.json")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            yield client
    finally:
        server.terminate()
        server.wait(timeout=10)


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
