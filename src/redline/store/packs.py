"""The scenario pack a store was extracted with (its files kept in the store), and the store's extraction
generation, which changes with every extraction run so that caches know the records changed."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import Connection, func, select, update

from redline.store.schema import documents, packs, store_meta
from redline.store.upsert import insert_ignoring_conflicts

GENERATION = "extraction_generation"


def active_pack(conn: Connection) -> dict | None:
    """The store's pack: id, name, version, fingerprint, its files, where it was read from; None before any."""
    row = conn.execute(select(packs).where(packs.c.active == 1)).first()
    if row is None:
        return None
    out = dict(row._mapping)
    out["files"] = json.loads(out["files"])
    return out


def record_pack(conn: Connection, *, fingerprint: str, pack_id: str, name: str, version: int,
                files: dict[str, str], origin: str | None) -> None:
    """Make this pack the store's (kept with its files); the others stay recorded, inactive."""
    conn.execute(update(packs).values(active=0))
    # another ingest may record the same pack at the same moment: the row is then its, and made active here
    insert_ignoring_conflicts(conn, packs, {
        "fingerprint": fingerprint, "pack_id": pack_id, "name": name, "version": version,
        "files": json.dumps(files, ensure_ascii=False), "origin": origin,
        "recorded_at": datetime.now(UTC).isoformat(timespec="seconds"), "active": 1}, index_elements=["fingerprint"])
    conn.execute(update(packs).where(packs.c.fingerprint == fingerprint).values(active=1, origin=origin))


def generation(conn: Connection) -> int:
    value = conn.execute(select(store_meta.c.value).where(store_meta.c.key == GENERATION)).scalar()
    return int(value or 0)


def next_generation(conn: Connection) -> None:
    """Say that extraction records changed (a run saved documents)."""
    now = generation(conn)
    if now:
        conn.execute(update(store_meta).where(store_meta.c.key == GENERATION).values(value=str(now + 1)))
    else:
        conn.execute(store_meta.insert().values(key=GENERATION, value="1"))


def extracted_documents(conn: Connection) -> int:
    """Documents that hold an extraction (of whatever pack and code)."""
    return int(conn.execute(select(func.count()).select_from(documents)
                            .where(documents.c.extracted_with.is_not(None))).scalar_one())
