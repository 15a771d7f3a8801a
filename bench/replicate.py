"""A large store made from a small extracted one: every document and its records copied under new ids,
with publication dates shifted so the copies spread over four months. The cross-document views read
it as they would read a store of real articles of the same density."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import text

from redline.store import open_store
from redline.store.schema import EXTRACTION_TABLES, doc_flags, documents


def _columns(table) -> list[str]:
    return [c.name for c in table.columns]


def replicate(source_db: str, target_db: str, n_docs: int) -> int:
    """Copy `source_db` to `target_db` and grow it to about `n_docs` documents; return the count."""
    for suffix in ("", "-wal", "-shm"):
        Path(target_db + suffix).unlink(missing_ok=True)
    # SQLite's backup API: a copy of the file alone would miss what is still in the write-ahead log
    with sqlite3.connect(source_db) as src, sqlite3.connect(target_db) as dst:
        src.backup(dst)
    store = open_store(target_db)
    with store.engine.begin() as conn:
        base = conn.execute(text("SELECT count(*) FROM documents")).scalar_one()
        copies = max(0, (n_docs - base) // max(1, base))
        doc_cols = _columns(documents)
        special = {
            "id": "substr(id, 1, 9) || printf('%07d', :k)",
            "content_hash": "content_hash || :k",
            "doc_name": "printf('%05d_', :k) || doc_name",
            "published": "CASE WHEN published IS NULL THEN NULL ELSE date(published, printf('%+d days', (:k % 120) - 60)) END",
            "cluster_id": "substr(id, 1, 9) || printf('%07d', :k)",
        }
        select_docs = ", ".join(special.get(c, f'"{c}"') for c in doc_cols)
        new_id = "substr(doc_id, 1, 9) || printf('%07d', :k)"
        conn.execute(text("CREATE TEMP TABLE originals AS SELECT id FROM documents"))
        for k in range(1, copies + 1):
            conn.execute(text(f"INSERT INTO documents ({', '.join(f'{chr(34)}{c}{chr(34)}' for c in doc_cols)}) SELECT {select_docs} FROM documents "
                              f"WHERE id IN (SELECT id FROM originals)"), {"k": k})
            for table in (*EXTRACTION_TABLES, doc_flags):
                cols = [c for c in _columns(table) if c != "id" or table is doc_flags]
                select_cols = ", ".join(new_id if c == "doc_id" else f'"{c}"' for c in cols)
                names = ", ".join(f'"{c}"' for c in cols)
                conn.execute(text(f"INSERT INTO {table.name} ({names}) SELECT {select_cols} FROM {table.name} "
                                  f"WHERE doc_id IN (SELECT id FROM originals)"), {"k": k})
        return conn.execute(text("SELECT count(*) FROM documents")).scalar_one()
