"""What the store holds, read once for the cross-document views: documents with their outlet, side
and date, and the records extracted from them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from sqlalchemy import or_, select
from sqlalchemy.engine import Connection

from redline.scenario import Scenario
from redline.store.schema import claims, doc_flags, documents, events, positions, statements


@dataclass(frozen=True)
class Doc:
    id: str
    name: str
    outlet: str | None
    language: str | None
    published: date | None
    cluster: str | None
    title: str | None
    url: str | None
    side: str | None  # whose media the outlet is, where the scenario says


@dataclass(frozen=True)
class Evidence:
    """Where a record stands in the original text of its document."""

    doc: Doc
    start: int
    end: int
    text: str

    @property
    def key(self) -> str:
        return f"{self.doc.id}-{self.start}"

    def as_dict(self) -> dict:
        return {"doc": self.doc.name, "id": self.doc.id, "start": self.start, "end": self.end, "text": self.text,
                "outlet": self.doc.outlet, "published": _iso(self.doc.published)}


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def parse_day(value: str | None) -> date | None:
    """A full ISO day, or None for a missing or coarser date ("2025-08")."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


@dataclass
class Store:
    """Documents and records of a store, with the indexes the views need."""

    scenario: Scenario
    docs: dict[str, Doc]
    events: list[dict] = field(default_factory=list)
    positions: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    statements: list[dict] = field(default_factory=list)
    flags: dict[str, list[str]] = field(default_factory=dict)

    @cached_property
    def latest(self) -> date | None:
        days = [d.published for d in self.docs.values() if d.published]
        return max(days) if days else None


def media_side(outlet: str | None, scenario: Scenario) -> str | None:
    """The side whose media an outlet is, from the scenario's `media` table (domains and endings)."""
    if not outlet:
        return None
    host = outlet.lower()
    for side, patterns in (scenario.media or {}).items():
        for p in patterns:
            p = p.lower()
            if host == p or host.endswith("." + p.lstrip(".")) or (p.startswith(".") and host.endswith(p)):
                return side
    return None


def load(conn: Connection, scenario: Scenario, *,
         within: tuple[list[tuple[str, str]], list[str]] | None = None) -> Store:
    """Everything the cross-document views read, in a handful of queries; with `within` (stretches of days
    as first and last day, and ids of undated documents to add), only the documents published then."""
    docs = {}
    chosen = select(documents.c.id)
    if within is not None:
        stretches, undated = within
        chosen = chosen.where(or_(documents.c.id.in_(undated),
                                  *(documents.c.published.between(a, b + "~") for a, b in stretches)))
    query = select(documents.c.id, documents.c.doc_name, documents.c.outlet, documents.c.language,
                   documents.c.published, documents.c.cluster_id, documents.c.title, documents.c.url)
    for r in conn.execute(query if within is None else query.where(documents.c.id.in_(chosen))):
        docs[r.id] = Doc(r.id, r.doc_name, r.outlet, r.language, parse_day(r.published), r.cluster_id, r.title, r.url,
                         media_side(r.outlet, scenario))
    store = Store(scenario, docs)
    for r in conn.execute(select(doc_flags.c.doc_id, doc_flags.c.flag).where(doc_flags.c.set == 1)):
        if r.doc_id in docs:
            store.flags.setdefault(r.doc_id, []).append(r.flag)
    for table, target in ((events, store.events), (positions, store.positions), (claims, store.claims),
                          (statements, store.statements)):
        result = conn.execute(select(table) if within is None else select(table).where(table.c.doc_id.in_(chosen)))
        keys = list(result.keys())
        for values in result:
            row = dict(zip(keys, values, strict=True))
            doc = docs.get(row["doc_id"])
            if doc is None:
                continue
            for key in ("actors", "parties", "sources"):
                if isinstance(row.get(key), str):
                    row[key] = json.loads(row[key])
            row["doc"] = doc
            text = row.get("evidence") if isinstance(row.get("evidence"), str) else row.get("text", "")
            row["evidence"] = Evidence(doc, row["start"], row["end"], _one_line(text or ""))
            target.append(row)
    return store


def _one_line(text: str) -> str:
    return " ".join(text.split())
