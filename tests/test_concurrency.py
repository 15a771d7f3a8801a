"""Two ingests and a running server on one store at once: no lock errors, no lost or doubled documents."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

import pytest

from redline import api

from . import postgres
from .server import serving


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request, tmp_path):
    """A fresh store on SQLite, then on a throwaway PostgreSQL server (skipped with the reason when none starts)."""
    if request.param == "sqlite":
        yield str(tmp_path / "shared.db")
        return
    if postgres.why_not() is not None:
        pytest.skip(f"no PostgreSQL server: {postgres.why_not()}")
    with postgres.server() as url:
        yield url


def _articles(folder, prefix: str, n: int) -> None:
    folder.mkdir()
    for k in range(n):
        (folder / f"{prefix}{k:03d}.txt").write_text(
            f"Talks round {prefix}{k}\n\nUS envoy Steve Witkoff met Rustem Umerov in Miami on Thursday for round "
            f"{prefix}-{k} of talks on the peace plan, officials said. Reference {prefix}{k * 7919}.", encoding="utf-8")


def _run_together(db: str, tmp_path, n: int = 12) -> None:
    """Two `redline ingest` processes and a running `redline serve` with a client reading all along."""
    _articles(tmp_path / "a", "a", n)
    _articles(tmp_path / "b", "b", n)
    api.status(db)  # the schema exists before the writers race
    errors: list[str] = []
    seen: list[int] = []
    stop = threading.Event()
    with serving(db, timeout=120) as client:

        def read() -> None:
            while not stop.is_set():
                for path in ("/overview.json", "/search.json?q=round", "/timeline.json"):
                    try:
                        r = client.get(path)
                        if r.status_code != 200:
                            errors.append(f"{path}: {r.status_code} {r.text[:200]}")
                        elif path == "/overview.json":
                            seen.append(r.json()["corpus"]["documents"])
                    except Exception as exc:  # noqa: BLE001 - any failure of the reader is the finding
                        errors.append(f"{path}: {exc!r}")
                time.sleep(0.05)

        reader = threading.Thread(target=read)
        reader.start()
        procs = [subprocess.Popen([sys.executable, "-m", "redline", "ingest", str(tmp_path / name), "--db", db],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for name in ("a", "b")]
        outputs = [p.communicate(timeout=300) for p in procs]
        stop.set()
        reader.join()
        final = client.get("/overview.json").json()["corpus"]["documents"]
    for p, (_, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
        assert "locked" not in err.lower()
    assert not errors, errors[:3]
    assert len(seen) >= 2 and seen == sorted(seen)  # the server saw the store grow, never shrink
    assert final == 2 * n
    status = api.status(db)
    assert status["documents"] == 2 * n
    names = [d["doc_name"] for d in api.list_documents(db, limit=1000)["documents"]]
    assert len(names) == len(set(names)) == 2 * n
    assert api.pending_count(db) == 0


def test_two_ingests_and_a_server(any_db, tmp_path):
    _run_together(any_db, tmp_path)


def _same_folder_twice(db: str, tmp_path, n: int = 30) -> None:
    """Two ingests of the same folder at once race for every file: each text is stored once, both succeed."""
    _articles(tmp_path / "same", "s", n)
    api.status(db)
    procs = [subprocess.Popen([sys.executable, "-m", "redline", "ingest", str(tmp_path / "same"), "--db", db,
                               "--no-extract", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outputs = [p.communicate(timeout=300) for p in procs]
    for p, (_, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
    reports = [json.loads(out) for out, _ in outputs]
    assert sum(r["new"] for r in reports) == n  # each file new for exactly one of them
    assert api.status(db)["documents"] == n


def test_the_same_folder_twice_at_once(any_db, tmp_path):
    _same_folder_twice(any_db, tmp_path)
