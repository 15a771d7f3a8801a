"""The work queue shared by every process on a store.

- Each ingest run lists its files in `ingest_queue` before it reads any; a file is marked done in the same
  transaction that stores its documents. A run whose process died (same host: the process is gone; any host:
  no heartbeat for `LEASE`) is adopted by the next ingest, which finishes its pending files.
- `prepared_sources` remembers which bytes at which location were prepared with which code, so a re-run skips
  them unless the cleaning code or its lexicons changed.
- `leases` let several processes extract at once without taking the same document; a lease ends when the
  document is saved, when it expires, or when its holder is found dead.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import TypeVar

import psutil
from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from redline.store.schema import documents, ingest_queue, ingest_runs, leases, prepared_sources
from redline.store.upsert import insert_ignoring_conflicts

LEASE = timedelta(minutes=15)
HEARTBEAT = timedelta(seconds=30)
RETRIES = 8
T = TypeVar("T")


def _now() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime | None = None) -> str:
    return (moment or _now()).isoformat(timespec="seconds")


def _transient(exc: Exception) -> bool:
    """A conflict another attempt resolves: SQLite busy or locked, a PostgreSQL deadlock or serialization
    failure, or a unique key another writer just took (the retry then finds its row)."""
    if isinstance(exc, IntegrityError):
        return "unique" in str(exc.orig).lower() or "duplicate key" in str(exc.orig).lower()
    if isinstance(exc, OperationalError):
        text = str(exc.orig).lower()
        return any(word in text for word in ("locked", "busy", "deadlock", "could not serialize"))
    return False


def retrying(store, work: Callable[[Connection], T]) -> T:
    """Run `work` in one transaction, again (with a growing pause) while it meets a transient conflict."""
    for attempt in range(RETRIES):
        try:
            with store.engine.begin() as conn:
                return work(conn)
        except (IntegrityError, OperationalError) as exc:
            if attempt == RETRIES - 1 or not _transient(exc):
                raise
            time.sleep(min(0.05 * 2 ** attempt, 2.0))
    raise AssertionError("unreachable")


@cache
def owner_id() -> str:
    """This process: host, process id and start time (so a recycled process id is not taken for us)."""
    return f"{socket.gethostname()}:{os.getpid()}:{int(psutil.Process().create_time())}"


def is_dead(owner: str | None) -> bool:
    """True when the owner ran on this host and its process is gone; other hosts rely on expiry."""
    if not owner:
        return True
    try:
        host, pid, started = owner.rsplit(":", 2)
        if host != socket.gethostname():
            return False
        return int(psutil.Process(int(pid)).create_time()) != int(started)
    except psutil.NoSuchProcess:
        return True
    except (ValueError, psutil.Error):
        return False


# --- ingest runs and their files ---------------------------------------------------------------------------

def start_run(conn: Connection, items: Iterable[str], failed: Iterable[tuple[str, str]] = ()) -> tuple[int, list[int]]:
    """Open a run owned by this process with its files pending (and paths that failed at once); the queue ids."""
    run_id = conn.execute(insert(ingest_runs).values(
        started_at=stamp(), n_new=0, n_duplicate=0, n_failed=0, owner=owner_id(), heartbeat_at=stamp(),
    )).inserted_primary_key[0]
    rows = [{"run_id": run_id, "item": item, "status": "pending"} for item in items]
    ids = list(conn.execute(insert(ingest_queue).returning(ingest_queue.c.id, sort_by_parameter_order=True),
                            rows).scalars()) if rows else []
    failed = [{"run_id": run_id, "item": item, "status": "failed", "error": error, "done_at": stamp()}
              for item, error in failed]
    if failed:
        conn.execute(insert(ingest_queue), failed)
    return run_id, ids


def _interrupted(owner: str | None, heartbeat_at: str | None) -> bool:
    """A run whose process is gone (this host) or has shown no sign of life for LEASE (any host)."""
    return is_dead(owner) or (heartbeat_at or "") < stamp(_now() - LEASE)


def adopt_interrupted(conn: Connection) -> tuple[list[int], list[tuple[int, int, str]]]:
    """Take over runs whose process died: their ids, and their pending files as (run id, queue id, item)."""
    adopted = []
    for run in conn.execute(select(ingest_runs.c.id, ingest_runs.c.owner, ingest_runs.c.heartbeat_at)
                            .where(ingest_runs.c.finished_at.is_(None), ingest_runs.c.owner.is_not(None),
                                   ingest_runs.c.owner != owner_id())).all():
        if not _interrupted(run.owner, run.heartbeat_at):
            continue
        taken = conn.execute(update(ingest_runs).where(ingest_runs.c.id == run.id, ingest_runs.c.owner == run.owner)
                             .values(owner=owner_id(), heartbeat_at=stamp())).rowcount
        if taken:  # another process may have adopted it first
            adopted.append(run.id)
    if not adopted:
        return [], []
    rows = conn.execute(select(ingest_queue.c.run_id, ingest_queue.c.id, ingest_queue.c.item)
                        .where(ingest_queue.c.run_id.in_(adopted), ingest_queue.c.status == "pending")
                        .order_by(ingest_queue.c.id)).all()
    return adopted, [(r.run_id, r.id, r.item) for r in rows]


def finish_item(conn: Connection, queue_id: int, run_id: int, *, error: str | None = None, n_documents: int = 0) -> None:
    """Mark one file done (or failed) and show the run is alive; call inside the file's transaction."""
    conn.execute(update(ingest_queue).where(ingest_queue.c.id == queue_id).values(
        status="failed" if error else "done", error=error, n_documents=n_documents, done_at=stamp()))
    # a sign of life at most every HEARTBEAT: no write to the run's row for most files
    conn.execute(update(ingest_runs).where(ingest_runs.c.id == run_id,
                                           ingest_runs.c.heartbeat_at < stamp(_now() - HEARTBEAT))
                 .values(heartbeat_at=stamp()))


def finish_run(conn: Connection, run_id: int) -> None:
    """Close a run with counts taken from its queue."""
    counts = dict(conn.execute(select(ingest_queue.c.status, func.count()).where(ingest_queue.c.run_id == run_id)
                               .group_by(ingest_queue.c.status)).all())
    docs = conn.execute(select(func.coalesce(func.sum(ingest_queue.c.n_documents), 0))
                        .where(ingest_queue.c.run_id == run_id)).scalar_one()
    conn.execute(update(ingest_runs).where(ingest_runs.c.id == run_id).values(
        finished_at=stamp(), heartbeat_at=stamp(), n_new=int(docs), n_failed=int(counts.get("failed", 0))))


def queue_summary(conn: Connection) -> dict:
    """Files waiting in unfinished runs (and whether their process is alive), documents waiting for extraction."""
    runs = []
    for run in conn.execute(select(ingest_runs.c.id, ingest_runs.c.owner, ingest_runs.c.started_at,
                                   ingest_runs.c.heartbeat_at).where(ingest_runs.c.finished_at.is_(None),
                                                                     ingest_runs.c.owner.is_not(None))
                            .order_by(ingest_runs.c.id)).all():
        pending = conn.execute(select(func.count()).where(ingest_queue.c.run_id == run.id,
                                                          ingest_queue.c.status == "pending")).scalar_one()
        runs.append({"run": run.id, "started_at": run.started_at, "heartbeat_at": run.heartbeat_at,
                     "pending_files": int(pending),
                     "state": "interrupted" if _interrupted(run.owner, run.heartbeat_at) else "running"})
    held = conn.execute(select(func.count()).select_from(leases).where(leases.c.kind == "extract",
                                                                       leases.c.until >= stamp())).scalar_one()
    return {"runs": runs, "extracting_now": int(held)}


# --- sources already prepared ------------------------------------------------------------------------------

def prepared_before(conn: Connection, location: str, sha256: str, key: str) -> list[str] | None:
    """The documents these bytes at this location gave when prepared with `key`, if all are still stored."""
    row = conn.execute(select(prepared_sources.c.doc_ids).where(
        prepared_sources.c.location == location, prepared_sources.c.sha256 == sha256,
        prepared_sources.c.prepared_with == key)).first()
    if row is None:
        return None
    ids = json.loads(row.doc_ids)
    found = conn.execute(select(func.count()).select_from(documents).where(documents.c.id.in_(ids))).scalar_one()
    return ids if found == len(set(ids)) else None


def remember_prepared(conn: Connection, location: str, sha256: str, key: str, doc_ids: list[str]) -> None:
    conn.execute(delete(prepared_sources).where(prepared_sources.c.location == location,
                                                prepared_sources.c.sha256 == sha256))
    conn.execute(insert(prepared_sources).values(location=location, sha256=sha256, prepared_with=key,
                                                 doc_ids=json.dumps(doc_ids), seen_at=stamp()))


# --- leases ------------------------------------------------------------------------------------------------


def clear_stale(conn: Connection, kind: str) -> int:
    """Drop leases that expired or whose holder died; how many."""
    now = stamp()
    dropped = 0
    for row in conn.execute(select(leases.c.key, leases.c.owner, leases.c.until).where(leases.c.kind == kind)).all():
        if row.owner != owner_id() and (row.until < now or is_dead(row.owner)):
            dropped += conn.execute(delete(leases).where(leases.c.kind == kind, leases.c.key == row.key,
                                                         leases.c.owner == row.owner,
                                                         leases.c.until == row.until)).rowcount
    return dropped


def claim(conn: Connection, kind: str, keys: list[str]) -> list[str]:
    """Lease whichever of `keys` no other live process holds; the keys now ours, in the order given."""
    if not keys:
        return []
    until = stamp(_now() + LEASE)
    insert_ignoring_conflicts(conn, leases, [{"kind": kind, "key": k, "owner": owner_id(), "until": until} for k in keys])
    ours = set(conn.execute(select(leases.c.key).where(leases.c.kind == kind, leases.c.key.in_(keys),
                                                       leases.c.owner == owner_id())).scalars())
    return [k for k in keys if k in ours]


def release(conn: Connection, kind: str, keys: Iterable[str]) -> None:
    keys = list(keys)
    if keys:
        conn.execute(delete(leases).where(leases.c.kind == kind, leases.c.key.in_(keys),
                                          leases.c.owner == owner_id()))


def release_all(conn: Connection, kind: str) -> None:
    """Give up every lease of this process (at the end of a run, whatever happened)."""
    conn.execute(delete(leases).where(leases.c.kind == kind, leases.c.owner == owner_id()))


def leased_now(kind: str):
    """The keys any process holds a live lease on, as a subquery."""
    return select(leases.c.key).where(leases.c.kind == kind, leases.c.until >= stamp())
