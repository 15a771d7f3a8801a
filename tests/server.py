"""`redline serve` in a subprocess on a free loopback port, for tests and benchmarks."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(db: str, *, timeout: float = 60, args: tuple[str, ...] = (), headers: dict | None = None
            ) -> Iterator[httpx.Client]:
    """`redline serve` on DB (with more ARGS) in a subprocess, a loopback client once it answers; stopped
    afterwards."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "redline", "serve", "--db", db, "--port", str(port), *args],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=timeout, headers=headers) as client:
            for _ in range(300):
                try:
                    client.get("/openapi.json")
                    break
                except httpx.TransportError:
                    if server.poll() is not None:
                        raise RuntimeError(f"redline serve exited: {server.stderr.read()[-500:]}") from None
                    time.sleep(0.1)
            yield client
    finally:
        server.terminate()
        server.wait(timeout=10)
