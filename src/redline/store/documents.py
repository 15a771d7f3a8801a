"""Queries on documents: store a prepared document once, cluster near-duplicates, list and count."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from redline.ingest import dedupe, prepare_key
from redline.ingest.prepare import Prepared
from redline.store.schema import doc_flags, doc_sources, documents, lsh_bands, minhashes, removed_spans


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class StoredResult:
    """What happened to one prepared document: new, duplicate (same text seen) and its cluster."""

    doc_id: str
    status: str  # "new" or "duplicate"
    cluster_id: str | None


def find_cluster(conn: Connection, prepared: Prepared) -> str:
    """The cluster of the most similar stored document over the threshold, else a new one."""
    keys = dedupe.band_keys(prepared.minhash)
    candidates = select(lsh_bands.c.doc_id).where(lsh_bands.c.bucket.in_(keys)).distinct().subquery()
    rows = conn.execute(
        select(minhashes.c.signature, documents.c.cluster_id, documents.c.id)
        .join(documents, documents.c.id == minhashes.c.doc_id)
        .where(minhashes.c.doc_id.in_(select(candidates.c.doc_id)))
        .order_by(documents.c.id)
    ).all()
    best, best_sim = None, dedupe.THRESHOLD
    for row in rows:
        sim = dedupe.similarity(prepared.minhash, row.signature)
        if sim >= best_sim:
            best, best_sim = row.cluster_id, sim
    return best or prepared.doc_id


def store_prepared(conn: Connection, prepared: Prepared, *, key: str | None = None) -> StoredResult:
    """Insert one document with its spans, flags, source and index rows; the caller holds the transaction.
    A document already stored by other cleaning code (`key`, default: this code's) is brought up to date."""
    key = key or prepare_key()
    art = prepared.article
    existing = conn.execute(
        select(documents.c.id, documents.c.cluster_id, documents.c.prepared_with)
        .where(documents.c.content_hash == prepared.content_hash)
    ).first()
    if existing is not None:
        seen = conn.execute(
            select(doc_sources.c.source).where(
                doc_sources.c.doc_id == existing.id, doc_sources.c.source == art.source
            )
        ).first()
        if seen is None:
            conn.execute(doc_sources.insert().values(doc_id=existing.id, source=art.source, seen_at=now()))
        if existing.prepared_with != key:
            refresh_prepared(conn, existing.id, prepared, key)
        return StoredResult(existing.id, "duplicate", existing.cluster_id)
    doc_id = prepared.doc_id
    cluster = find_cluster(conn, prepared)
    conn.execute(
        documents.insert().values(
            id=doc_id,
            content_hash=prepared.content_hash,
            doc_name=art.doc_name,
            source=art.source,
            format=art.format,
            url=art.url,
            outlet=art.outlet,
            title=art.title,
            author=art.author,
            published=prepared.published,
            published_precision=prepared.published_precision,
            published_from=prepared.published_from,
            published_rejected=prepared.published_rejected,
            language=prepared.language,
            language_score=prepared.language_score,
            text=art.text,
            clean_text=prepared.clean.text,
            flags=json.dumps(prepared.flag_names),
            cluster_id=cluster,
            n_chars=len(art.text),
            ingested_at=now(),
            prepared_with=key,
        )
    )
    _insert_derived(conn, doc_id, prepared)
    conn.execute(doc_sources.insert().values(doc_id=doc_id, source=art.source, seen_at=now()))
    return StoredResult(doc_id, "new", cluster)


def _insert_derived(conn: Connection, doc_id: str, prepared: Prepared) -> None:
    """The rows cleaning and flagging make for one document: removed spans, flags, near-duplicate index."""
    art = prepared.article
    if prepared.clean.removed:
        conn.execute(
            removed_spans.insert(),
            [
                {"doc_id": doc_id, "start": s.start, "end": s.end, "kind": s.kind, "text": s.text_in(art.text)}
                for s in prepared.clean.removed
            ],
        )
    conn.execute(
        doc_flags.insert(),
        [
            {"doc_id": doc_id, "flag": f.flag, "score": f.score, "set": int(f.set), "reason": f.reason}
            for f in prepared.flags
        ],
    )
    conn.execute(minhashes.insert().values(doc_id=doc_id, signature=dedupe.to_bytes(prepared.minhash)))
    conn.execute(
        lsh_bands.insert(),
        [{"bucket": k, "doc_id": doc_id} for k in dedupe.band_keys(prepared.minhash)],
    )


def refresh_prepared(conn: Connection, doc_id: str, prepared: Prepared, key: str) -> None:
    """Replace what older cleaning code made of a stored document; its extraction is redone if the clean
    text changed. The document keeps its id, sources and story."""
    old = conn.execute(select(documents.c.clean_text, documents.c.language).where(documents.c.id == doc_id)).one()
    values = dict(
        published=prepared.published, published_precision=prepared.published_precision,
        published_from=prepared.published_from, published_rejected=prepared.published_rejected,
        language=prepared.language, language_score=prepared.language_score,
        clean_text=prepared.clean.text, flags=json.dumps(prepared.flag_names), prepared_with=key,
    )
    if (old.clean_text, old.language) != (prepared.clean.text, prepared.language):
        values["extracted_with"] = None
    conn.execute(documents.update().where(documents.c.id == doc_id).values(**values))
    for table in (removed_spans, doc_flags, minhashes, lsh_bands):
        conn.execute(table.delete().where(table.c.doc_id == doc_id))
    _insert_derived(conn, doc_id, prepared)


def doc_filter(search: str | None = None, flag: str | None = None, language: str | None = None,
               outlet: str | None = None):
    """WHERE clauses shared by listing and counting."""
    conds = []
    if search:
        like = f"%{search}%"
        conds.append(or_(documents.c.title.ilike(like), documents.c.clean_text.ilike(like)))
    if flag:
        conds.append(documents.c.flags.like(f'%"{flag}"%'))
    if language:
        conds.append(documents.c.language == language)
    if outlet:
        conds.append(documents.c.outlet == outlet)
    return and_(*conds) if conds else None


def list_documents(conn: Connection, *, limit: int | None = 50, offset: int = 0, **filters: Any) -> list[dict]:
    cluster_size = (
        select(documents.c.cluster_id, func.count().label("n"))
        .group_by(documents.c.cluster_id)
        .subquery()
    )
    q = (
        select(
            documents.c.id, documents.c.doc_name, documents.c.title, documents.c.outlet, documents.c.published,
            documents.c.language, documents.c.flags, documents.c.cluster_id, documents.c.n_chars,
            documents.c.format, cluster_size.c.n.label("cluster_size"),
        )
        .join(cluster_size, cluster_size.c.cluster_id == documents.c.cluster_id)
        .order_by(documents.c.published.desc(), documents.c.doc_name)
    )
    where = doc_filter(**filters)
    if where is not None:
        q = q.where(where)
    if limit is not None:
        q = q.limit(limit).offset(offset)
    return [dict(r._mapping) | {"flags": json.loads(r.flags)} for r in conn.execute(q)]


def count_documents(conn: Connection, **filters: Any) -> int:
    q = select(func.count()).select_from(documents)
    where = doc_filter(**filters)
    if where is not None:
        q = q.where(where)
    return int(conn.execute(q).scalar_one())


def get_document(conn: Connection, ref: str) -> dict | None:
    """A document by id, id prefix or file name, with its removed spans, flags and sources."""
    row = conn.execute(select(documents).where(documents.c.id == ref)).first()
    if row is None:
        row = conn.execute(select(documents).where(documents.c.doc_name == ref).order_by(documents.c.id)).first()
    if row is None and len(ref) >= 4:
        rows = conn.execute(select(documents).where(documents.c.id.like(f"{ref}%")).limit(2)).all()
        row = rows[0] if len(rows) == 1 else None
    if row is None:
        return None
    doc = dict(row._mapping)
    doc["flags"] = json.loads(doc["flags"])
    doc["removed"] = [
        dict(r._mapping)
        for r in conn.execute(
            select(removed_spans.c.start, removed_spans.c.end, removed_spans.c.kind, removed_spans.c.text)
            .where(removed_spans.c.doc_id == doc["id"])
            .order_by(removed_spans.c.start)
        )
    ]
    doc["flag_scores"] = [
        dict(r._mapping)
        for r in conn.execute(
            select(doc_flags.c.flag, doc_flags.c.score, doc_flags.c.set, doc_flags.c.reason)
            .where(doc_flags.c.doc_id == doc["id"])
            .order_by(doc_flags.c.flag)
        )
    ]
    doc["sources"] = conn.execute(
        select(doc_sources.c.source).where(doc_sources.c.doc_id == doc["id"]).order_by(doc_sources.c.source)
    ).scalars().all()
    doc["cluster"] = conn.execute(
        select(documents.c.id, documents.c.doc_name, documents.c.outlet)
        .where(documents.c.cluster_id == doc["cluster_id"], documents.c.id != doc["id"])
        .order_by(documents.c.doc_name)
    ).all()
    doc["cluster"] = [dict(r._mapping) for r in doc["cluster"]]
    return doc


def counts_by(conn: Connection, column: str) -> list[tuple[Any, int]]:
    col = documents.c[column]
    q = select(col, func.count()).group_by(col).order_by(func.count().desc(), col)
    return [(r[0], int(r[1])) for r in conn.execute(q)]


def flag_counts(conn: Connection) -> list[tuple[str, int]]:
    q = (
        select(doc_flags.c.flag, func.sum(doc_flags.c.set))
        .group_by(doc_flags.c.flag)
        .order_by(doc_flags.c.flag)
    )
    return [(r[0], int(r[1] or 0)) for r in conn.execute(q)]


def iter_all(conn: Connection):
    """Every document with its removed spans, in a stable order, for export."""
    spans: dict[str, list[dict]] = {}
    for r in conn.execute(select(removed_spans).order_by(removed_spans.c.doc_id, removed_spans.c.start)):
        spans.setdefault(r.doc_id, []).append({"start": r.start, "end": r.end, "kind": r.kind, "text": r.text})
    for r in conn.execute(select(documents).order_by(documents.c.doc_name, documents.c.id)):
        doc = dict(r._mapping)
        doc["flags"] = json.loads(doc["flags"])
        doc["removed"] = spans.get(doc["id"], [])
        yield doc


def original_texts(conn: Connection, ids: list[str]) -> dict[str, str]:
    """The original text of each document named, by id."""
    if not ids:
        return {}
    return {r.id: r.text for r in conn.execute(select(documents.c.id, documents.c.text).where(documents.c.id.in_(ids)))}
def iter_texts(conn: Connection):
    """(id, doc_name, language, clean_text) of every document, in a stable order."""
    yield from conn.execute(select(documents.c.id, documents.c.doc_name, documents.c.language, documents.c.clean_text)
                            .order_by(documents.c.doc_name, documents.c.id))
