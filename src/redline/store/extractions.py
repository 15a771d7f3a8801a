"""Store one document's extraction (replacing the last one) and read the records back."""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlalchemy import Connection, delete, select, update

from redline.clean.cleantext import CleanText, RemovedSpan, build_clean_text
from redline.nlp.extract import Extraction
from redline.scenario import Scenario
from redline.store.schema import (
    EXTRACTION_TABLES,
    actors,
    claims,
    documents,
    events,
    extraction_errors,
    mentions,
    positions,
    removed_spans,
    statements,
)


def clean_text_of(conn: Connection, doc_id: str, original: str) -> CleanText:
    spans = [RemovedSpan(r.start, r.end, r.kind) for r in conn.execute(
        select(removed_spans.c.start, removed_spans.c.end, removed_spans.c.kind).where(removed_spans.c.doc_id == doc_id)
    )]
    return build_clean_text(original, spans)


def sync_actors(conn: Connection, scenario: Scenario) -> None:
    """The pack's actors in the actors table (new ones found in text are added as they come)."""
    names = [a.name for a in scenario.actors.values()]
    # the actors of a pack this store no longer belongs to go (those found in text stay)
    conn.execute(delete(actors).where(actors.c.origin == "scenario", actors.c.name.not_in(names)))
    known = set(conn.execute(select(actors.c.name)).scalars())
    rows = [{"name": a.name, "kind": a.kind, "party": scenario.party_of(a.name), "origin": "scenario"}
            for a in scenario.actors.values() if a.name not in known]
    if rows:
        conn.execute(actors.insert(), rows)


def save_extraction(conn: Connection, *, doc_id: str, clean: CleanText, extraction: Extraction,
                    published: str | None, key: str) -> None:
    """Replace the document's extraction records; offsets are mapped back to the original text."""
    for table in EXTRACTION_TABLES:
        conn.execute(delete(table).where(table.c.doc_id == doc_id))
    original = clean.original

    def span(a: int, b: int) -> tuple[int, int]:
        return clean.span_to_original(a, b)

    if extraction.mentions:
        new_actors = {m.actor: m for m in extraction.mentions if m.method == "ner"}
        if new_actors:
            known = set(conn.execute(select(actors.c.name).where(actors.c.name.in_(list(new_actors)))).scalars())
            rows = [{"name": n, "kind": "person", "party": m.party, "origin": "text"}
                    for n, m in new_actors.items() if n not in known]
            if rows:
                conn.execute(actors.insert(), rows)
        conn.execute(mentions.insert(), [
            {"doc_id": doc_id, "actor": m.actor, "party": m.party, "text": m.text, "method": m.method, "role": m.role,
             "start": span(m.start, m.end)[0], "end": span(m.start, m.end)[1], "confidence": m.confidence}
            for m in extraction.mentions
        ])
    if extraction.statements:
        rows = []
        for s in extraction.statements:
            a, b = span(s.start, s.end)
            sa, sb = span(s.speaker_start, s.speaker_end) if s.speaker_start is not None else (None, None)
            rows.append({"doc_id": doc_id, "speaker": s.speaker, "speaker_text": s.speaker_text, "party": s.party,
                         "kind": s.kind, "cue": s.cue, "text": original[a:b], "speaker_start": sa, "speaker_end": sb,
                         "date": published, "start": a, "end": b, "confidence": round(s.confidence, 3)})
        conn.execute(statements.insert(), rows)
    if extraction.positions:
        rows = []
        for p in extraction.positions:
            a, b = span(p.start, p.end)
            rows.append({"doc_id": doc_id, "actor": p.actor, "party": p.party, "issue": p.issue, "stance": p.stance,
                         "reported_by": p.reported_by, "cue": p.cue, "date": published, "evidence": original[a:b],
                         "start": a, "end": b, "confidence": p.confidence})
        conn.execute(positions.insert(), rows)
    if extraction.events:
        rows = []
        for e in extraction.events:
            a, b = span(e.start, e.end)
            da, db = span(*e.date_span) if e.date_span else (None, None)
            rows.append({"doc_id": doc_id, "type": e.type, "trigger": e.trigger, "actors": json.dumps(e.actors),
                         "parties": json.dumps(e.parties), "location": e.location, "date": e.date,
                         "date_precision": e.date_precision, "status": e.status,
                         "date_start": da, "date_end": db, "date_text": original[da:db] if da is not None else None,
                         "sources": json.dumps([span(x, y) for x, y in e.sources]), "evidence": original[a:b],
                         "start": a, "end": b, "confidence": e.confidence})
        conn.execute(events.insert(), rows)
    if extraction.claims:
        rows = []
        for c, issue, about in extraction.claims:
            a, b = span(c.start, c.end)
            rows.append({"doc_id": doc_id, "value": c.value, "unit": c.unit, "about": about, "issue": issue,
                         "text": original[a:b], "start": a, "end": b, "confidence": c.confidence})
        conn.execute(claims.insert(), rows)
    conn.execute(update(documents).where(documents.c.id == doc_id).values(extracted_with=key))
    conn.execute(delete(extraction_errors).where(extraction_errors.c.doc_id == doc_id))


def record_failure(conn: Connection, doc_id: str, key: str, error: str, at: str) -> None:
    """Keep why a document's extraction failed with `key`; it is not tried again until the key changes."""
    conn.execute(delete(extraction_errors).where(extraction_errors.c.doc_id == doc_id))
    conn.execute(extraction_errors.insert().values(doc_id=doc_id, extracted_with=key, error=error, failed_at=at))


def failed_with(key: str):
    """The documents whose extraction failed with `key`, as a subquery."""
    return select(extraction_errors.c.doc_id).where(extraction_errors.c.extracted_with == key)


def clear_failures(conn: Connection) -> None:
    conn.execute(delete(extraction_errors))


def failures(conn: Connection) -> list[dict]:
    """Every recorded extraction failure, with the document's file name."""
    q = (select(extraction_errors.c.doc_id, documents.c.doc_name, extraction_errors.c.error,
                extraction_errors.c.failed_at, extraction_errors.c.extracted_with)
         .join(documents, documents.c.id == extraction_errors.c.doc_id).order_by(documents.c.doc_name))
    return [dict(r._mapping) for r in conn.execute(q)]


TABLES = {"statements": statements, "positions": positions, "events": events, "claims": claims,
          "mentions": mentions}


def records(conn: Connection, table_name: str, doc_id: str | None = None) -> Iterator[dict]:
    """Rows of an extraction table with the document's file name, in document and text order."""
    table = TABLES[table_name]
    q = (select(table, documents.c.doc_name).join(documents, documents.c.id == table.c.doc_id)
         .order_by(documents.c.doc_name, table.c.start))
    if doc_id is not None:
        q = q.where(table.c.doc_id == doc_id)
    for r in conn.execute(q):
        row = dict(r._mapping)
        for key in ("actors", "parties", "sources"):
            if key in row and isinstance(row[key], str):
                row[key] = json.loads(row[key])
        yield row


def doc_actors(conn: Connection) -> dict[str, list[str]]:
    """Canonical actors mentioned per document: pack actors, and new actors who speak."""
    out: dict[str, list[str]] = {}
    speakers = {(r.doc_id, r.speaker) for r in conn.execute(select(statements.c.doc_id, statements.c.speaker))}
    for r in conn.execute(select(mentions.c.doc_id, mentions.c.actor, mentions.c.method).order_by(mentions.c.start)):
        if r.method == "ner" and (r.doc_id, r.actor) not in speakers:
            continue
        names = out.setdefault(r.doc_id, [])
        if r.actor not in names:
            names.append(r.actor)
    return out
