"""The work queue: files queued per run and finished after a kill, stages not redone unless the code changed,
extraction leases shared by processes and taken over from dead ones."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time

from sqlalchemy import insert, select, text

from redline import api, ingest
from redline.store import open_store, work
from redline.store.schema import documents, leases

from .conftest import EXAMPLES


def _folder(tmp_path, n: int, name: str = "many"):
    folder = tmp_path / name
    folder.mkdir()
    base = json.loads((EXAMPLES / "05_us_plan_leaked.json").read_text(encoding="utf-8"))
    for i in range(n):
        item = dict(base, maintext=f"Report number {i} from {name}. " + base["maintext"],
                    url=f"https://x.example/{name}/{i}")
        (folder / f"{i:04d}.json").write_text(json.dumps(item), encoding="utf-8")
    return folder


def test_a_re_run_does_not_read_again_what_this_code_already_read(tmp_path, db):
    first = api.ingest([EXAMPLES], db=db, extract=False)
    again = api.ingest([EXAMPLES], db=db, extract=False)
    assert first.new == 16 and first.skipped == 0
    assert again.skipped == again.files == first.files and again.new == 0 and again.duplicate == 16
    # a file edited in place is read again; its new text is a new document
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "a.txt").write_bytes((EXAMPLES / "03_yermak_resigns.txt").read_bytes())
    api.ingest([copy], db=db, extract=False)
    (copy / "a.txt").write_bytes((EXAMPLES / "03_yermak_resigns.txt").read_bytes() + b"\n\nAn update.")
    edited = api.ingest([copy], db=db, extract=False)
    assert edited.skipped == 0 and edited.new == 1


def test_new_cleaning_code_prepares_again_and_updates_in_place(db, monkeypatch):
    api.ingest([EXAMPLES], db=db)
    store = open_store(db)
    with store.engine.connect() as conn:
        before = dict(conn.execute(select(documents.c.id, documents.c.prepared_with)).all())
    assert set(before.values()) == {ingest.prepare_key()}
    monkeypatch.setattr(ingest, "PREPARE_VERSION", "test-new-code")
    ingest.prepare_key.cache_clear()
    try:
        report = api.ingest([EXAMPLES], db=db)
        with store.engine.connect() as conn:
            after = dict(conn.execute(select(documents.c.id, documents.c.prepared_with)).all())
            flags = conn.execute(text("SELECT count(*) FROM doc_flags")).scalar()
        assert report.skipped == 0 and report.new == 0 and report.duplicate == 16  # read again, nothing doubled
        assert after.keys() == before.keys() and set(after.values()) == {ingest.prepare_key()} != set(before.values())
        assert flags == 16 * 4  # flags replaced, not added
        # the same cleaning gives the same clean text: extraction is not redone
        assert report.extracted == 0
    finally:
        monkeypatch.undo()
        ingest.prepare_key.cache_clear()


def test_ingest_with_no_paths_finishes_a_killed_ingest(tmp_path, db):
    folder = _folder(tmp_path, 150)
    proc = subprocess.Popen([sys.executable, "-m", "redline", "ingest", str(folder), "--db", db, "--no-extract"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    store = open_store(db)
    deadline = time.time() + 60
    while time.time() < deadline:
        with store.engine.connect() as conn:
            if conn.execute(text("SELECT count(*) FROM documents")).scalar() >= 10:
                break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    waiting = api.queue(db)
    [run] = waiting["runs"]
    assert run["state"] == "interrupted" and 0 < run["pending_files"] < 150
    status = subprocess.run([sys.executable, "-m", "redline", "status", "--db", db], capture_output=True, text=True)
    assert "interrupted ingest run" in status.stdout
    done = subprocess.run([sys.executable, "-m", "redline", "ingest", "--db", db, "--json"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["resumed"] == run["pending_files"] and report["failed"] == 0
    assert api.status(db)["documents"] == 150
    assert api.queue(db) == {"runs": [], "extracting_now": 0, "documents_to_extract": 0, "extraction_failed": []}
    nothing = subprocess.run([sys.executable, "-m", "redline", "ingest", "--db", db], capture_output=True, text=True)
    assert nothing.returncode == 2 and "no interrupted ingest" in nothing.stderr


def test_two_extractions_share_the_documents(tmp_path, db):
    """Two `redline extract` at once: every document extracted by exactly one of them."""
    api.ingest([_folder(tmp_path, 120)], db=db, extract=False)
    procs = [subprocess.Popen([sys.executable, "-m", "redline", "extract", "--db", db, "--json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (_, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
    counts = [json.loads(out)["extracted"] for out, _ in outs]
    assert sum(counts) == 120 and min(counts) > 0, counts
    assert api.pending_count(db) == 0
    with open_store(db).engine.connect() as conn:
        assert conn.execute(select(leases)).all() == []


def _lease(db: str, doc_id: str, owner: str, until: str) -> None:
    with open_store(db).engine.begin() as conn:
        conn.execute(insert(leases).values(kind="extract", key=doc_id, owner=owner, until=until))


def test_leases_of_dead_or_expired_holders_are_taken_over_and_live_ones_respected(db):
    api.ingest([EXAMPLES], db=db, extract=False)
    with open_store(db).engine.connect() as conn:
        ids = list(conn.execute(select(documents.c.id).order_by(documents.c.id)).scalars())
    host = socket.gethostname()
    _lease(db, ids[0], f"{host}:999999999:0", work.stamp(work._now() + work.LEASE))  # dead process on this host
    _lease(db, ids[1], "elsewhere:42:0", "2000-01-01T00:00:00+00:00")  # another host, expired
    _lease(db, ids[2], "elsewhere:43:0", work.stamp(work._now() + work.LEASE))  # another host, live
    assert api.run_extraction(db) == 15
    with open_store(db).engine.connect() as conn:
        left = conn.execute(select(documents.c.id).where(documents.c.extracted_with.is_(None))).scalars().all()
        held = conn.execute(select(leases.c.key, leases.c.owner)).all()
    assert left == [ids[2]] and [tuple(h) for h in held] == [(ids[2], "elsewhere:43:0")]


def test_is_dead_knows_this_process_and_a_finished_one():
    assert not work.is_dead(work.owner_id())
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert work.is_dead(f"{socket.gethostname()}:{child.pid}:0")
    assert not work.is_dead("another-host:1:0")  # other hosts: only expiry tells


def test_files_of_a_killed_run_that_are_gone_are_not_errors_of_the_next(tmp_path, db):
    """An upload's temporary copies vanish with the server that was killed: the next ingest closes that run."""
    gone = tmp_path / "upload-tmp.txt"
    store = open_store(db)
    dead = f"{socket.gethostname()}:999999999:0"
    with store.engine.begin() as conn:
        run_id, _ = work.start_run(conn, [str(gone)])
        empty_run, _ = work.start_run(conn, [])  # killed after taking over a run, before finishing anything
        conn.execute(text("UPDATE ingest_runs SET owner = :o WHERE id IN (:r, :e)"),
                     {"o": dead, "r": run_id, "e": empty_run})
    report = api.ingest([EXAMPLES / "03_yermak_resigns.txt"], db=db, extract=False)
    assert report.ok and report.vanished == 1 and report.new == 1
    assert api.queue(db)["runs"] == []
