"""Queries of the watch list: which documents changed since the signals last looked, the records of those
documents, the history a signal compares them with, and the alerts with their delivery outbox."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date

from sqlalchemy import Connection, and_, func, select, update

from redline.store.schema import (
    alerts,
    claims,
    documents,
    events,
    positions,
    statements,
    watch_rules,
    watch_seen,
)
from redline.store.upsert import insert_ignoring_conflicts

CHUNK = 500  # ids per IN (...) list
DOC_FIELDS = (documents.c.content_hash, documents.c.doc_name, documents.c.published, documents.c.language,
              documents.c.outlet)


def changed_documents(conn: Connection) -> list[str]:
    """Documents extracted since the signals last saw them (new ones, and re-extracted ones)."""
    seen = and_(watch_seen.c.doc_id == documents.c.id, watch_seen.c.extracted_with == documents.c.extracted_with)
    query = (select(documents.c.id).where(documents.c.extracted_with.is_not(None))
             .where(~select(watch_seen.c.doc_id).where(seen).exists()).order_by(documents.c.id))
    return list(conn.execute(query).scalars())


def all_documents(conn: Connection) -> list[str]:
    return list(conn.execute(select(documents.c.id).where(documents.c.extracted_with.is_not(None))
                             .order_by(documents.c.id)).scalars())


def mark_seen(conn: Connection, doc_ids: list[str], when: str) -> None:
    """Remember the extraction of each document the signals have now evaluated."""
    for part in _chunks(doc_ids):
        current = dict(conn.execute(select(documents.c.id, documents.c.extracted_with)
                                    .where(documents.c.id.in_(part))).all())
        rows = [{"doc_id": d, "extracted_with": k, "seen_at": when} for d, k in current.items() if k]
        conn.execute(watch_seen.delete().where(watch_seen.c.doc_id.in_(part)))
        if rows:
            conn.execute(watch_seen.insert(), rows)


def known_rules(conn: Connection) -> set[tuple[str, str]]:
    return {(r.name, r.fingerprint) for r in conn.execute(select(watch_rules.c.name, watch_rules.c.fingerprint))}


def remember_rules(conn: Connection, rules: Iterable[tuple[str, str]], when: str) -> None:
    rows = [{"name": n, "fingerprint": f, "added_at": when} for n, f in rules]
    if rows:
        conn.execute(watch_rules.insert(), rows)


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def _rows(conn: Connection, query) -> Iterator[dict]:
    for r in conn.execute(query):
        row = dict(r._mapping)
        for key in ("actors", "parties", "sources"):
            if isinstance(row.get(key), str):
                row[key] = json.loads(row[key])
        yield row


TABLES = {"positions": positions, "statements": statements, "events": events, "claims": claims}


def records_of(conn: Connection, table_name: str, doc_ids: list[str]) -> list[dict]:
    """Records of the given documents, each with its document's hash, name, date, language and outlet."""
    table = TABLES[table_name]
    out: list[dict] = []
    for part in _chunks(doc_ids):
        out += _rows(conn, select(table, *DOC_FIELDS).join(documents, documents.c.id == table.c.doc_id)
                     .where(table.c.doc_id.in_(part)).order_by(table.c.doc_id, table.c.start))
    return out


def positions_on(conn: Connection, party: str, issue: str) -> list[dict]:
    """Every position of a party on an issue, with its document's date (the history a change is read from)."""
    return list(_rows(conn, select(positions, *DOC_FIELDS).join(documents, documents.c.id == positions.c.doc_id)
                      .where(func.coalesce(positions.c.party, positions.c.actor) == party)
                      .where(positions.c.issue == issue)))


def claims_on(conn: Connection, issue: str, unit: str | None = None) -> list[dict]:
    """Every number reported on an issue (in a unit), with its document's date."""
    query = select(claims, *DOC_FIELDS).join(documents, documents.c.id == claims.c.doc_id).where(claims.c.issue == issue)
    if unit:
        query = query.where(claims.c.unit == unit)
    return list(_rows(conn, query))


def latest_day(conn: Connection) -> str | None:
    """The newest full publication day in the store: the clock a silence is measured on."""
    return conn.execute(select(func.max(documents.c.published)).where(func.length(documents.c.published) == 10)
                        ).scalar()


def insert_alerts(conn: Connection, rows: list[dict]) -> list[str]:
    """Store alerts whose key is new; return the keys stored (one evidence never fires one rule twice)."""
    if not rows:
        return []
    existing = set()
    keys = [r["key"] for r in rows]
    for part in _chunks(keys):
        existing |= set(conn.execute(select(alerts.c.key).where(alerts.c.key.in_(part))).scalars())
    fresh = [r for r in {r["key"]: r for r in rows}.values() if r["key"] not in existing]
    if not fresh:
        return []
    values = [{**r, "evidence": json.dumps(r["evidence"], ensure_ascii=False),
               "data": json.dumps(r["data"], ensure_ascii=False)} for r in fresh]
    # a concurrent watch may store the same key first: that alert is then its to deliver
    insert_ignoring_conflicts(conn, alerts, values, index_elements=["key"])
    return [r["key"] for r in fresh]


def _alert(row) -> dict:
    alert = dict(row._mapping)
    alert["evidence"] = json.loads(alert["evidence"])
    alert["data"] = json.loads(alert["data"])
    return alert


def list_alerts(conn: Connection, *, rule: str | None = None, since: str | None = None,
                limit: int | None = None) -> list[dict]:
    """Alerts, newest first."""
    query = select(alerts).order_by(alerts.c.id.desc())
    if rule:
        query = query.where(alerts.c.rule == rule)
    if since:
        query = query.where(func.coalesce(alerts.c.day, alerts.c.fired_at) >= since)
    if limit:
        query = query.limit(limit)
    return [_alert(r) for r in conn.execute(query)]


def count_alerts(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(alerts)).scalar_one())


def undelivered(conn: Connection) -> list[dict]:
    """Alerts stored but not yet printed, appended and posted, oldest first."""
    return [_alert(r) for r in conn.execute(select(alerts).where(alerts.c.delivered_at.is_(None))
                                            .order_by(alerts.c.id))]


def mark_delivered(conn: Connection, keys: list[str], when: str) -> None:
    for part in _chunks(keys):
        conn.execute(update(alerts).where(alerts.c.key.in_(part)).values(delivered_at=when))


def doc_texts(conn: Connection, doc_ids: list[str]) -> dict[str, str]:
    """The original text of each given document."""
    out: dict[str, str] = {}
    for part in _chunks(doc_ids):
        out.update(conn.execute(select(documents.c.id, documents.c.text).where(documents.c.id.in_(part))).all())
    return out


def content_hashes(conn: Connection, doc_ids: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in _chunks(doc_ids):
        out.update(conn.execute(select(documents.c.id, documents.c.content_hash)
                                .where(documents.c.id.in_(part))).all())
    return out


def published_days(conn: Connection, doc_ids: list[str]) -> dict[str, date | None]:
    """The full publication day of each given document (None when undated or coarser)."""
    out: dict[str, date | None] = {}
    for part in _chunks(doc_ids):
        for doc_id, day in conn.execute(select(documents.c.id, documents.c.published).where(documents.c.id.in_(part))):
            try:
                out[doc_id] = date.fromisoformat(day[:10]) if day and len(day) >= 10 else None
            except ValueError:
                out[doc_id] = None
    return out
