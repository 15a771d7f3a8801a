"""Metadata that Datasette reads (`datasette redline.db -m metadata.json`): titles and descriptions of
every table and column, labels, facets, and canned queries over the store."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

from redline.store.schema import metadata as schema

# columns to facet on, per table (JSON arrays as array facets)
FACETS = {
    "documents": ["language", "outlet", {"array": "flags"}, "format"],
    "doc_flags": ["flag", "set"],
    "removed_spans": ["kind"],
    "actors": ["kind", "party", "origin"],
    "mentions": ["party", "method"],
    "statements": ["party", "kind", "speaker"],
    "positions": ["party", "issue", "stance"],
    "events": ["type", "status", {"array": "parties"}, "location"],
    "claims": ["unit", "issue"],
    "model_runs": ["method"],
    "ingest_queue": ["status"],
}
LABELS = {"documents": "title", "actors": "name", "ingest_runs": "started_at"}
SORT_DESC = {"documents": "published", "model_runs": "created_at", "ingest_runs": "id"}

QUERIES = {
    "stances_of_a_party_over_time": {
        "title": "Stances of a party over time",
        "description": "Every stance of one party (e.g. a state of the pack), oldest first, with its sentence.",
        "sql": """select p.date, p.issue, p.stance, p.actor, p.reported_by, p.evidence as sentence,
  d.doc_name, d.outlet, p.doc_id, p.start, p."end"
from positions p join documents d on d.id = p.doc_id
where p.party = :party
order by p.date, p.issue""",
    },
    "who_said_what_about_an_issue": {
        "title": "Who said what about an issue",
        "description": "Stances taken on one issue (its id), with the statement that carries each where there is one.",
        "sql": """select d.published, p.actor as who, p.party, p.stance, coalesce(s.text, p.evidence) as said,
  s.kind, d.doc_name, d.outlet, p.doc_id, p.start, p."end"
from positions p join documents d on d.id = p.doc_id
left join statements s on s.doc_id = p.doc_id and s.start < p."end" and s."end" > p.start
where p.issue = :issue
order by d.published, p.party""",
    },
    "events_of_a_week": {
        "title": "Events of a week",
        "description": "Events dated in the week (Monday to Sunday) of a day given as YYYY-MM-DD.",
        "sql": """select e.date, e.type, e.actors, e.location, e.status, e.evidence as sentence,
  d.doc_name, d.outlet, e.doc_id, e.start, e."end"
from events e join documents d on d.id = e.doc_id
where e.date >= date(:day, '-6 days', 'weekday 1') and e.date < date(:day, '-6 days', 'weekday 1', '+7 days')
order by e.date, e.type""",
    },
}


@cache
def descriptions() -> dict:
    """Titles and descriptions of the store's tables and columns (store/datasette.yaml)."""
    return yaml.safe_load(resources.files("redline.store").joinpath("datasette.yaml").read_text(encoding="utf-8"))


def undescribed() -> list[str]:
    """table.column of the schema with no description (the tests keep this empty)."""
    tables = descriptions()["tables"]
    return [f"{t.name}.{c.name}" for t in schema.sorted_tables for c in t.columns
            if c.name not in (tables.get(t.name) or {}).get("columns", {})]


def datasette_metadata(database: str, *, scenario_name: str | None = None) -> dict:
    """Datasette's metadata for a store served under the name DATABASE (the file name without .db)."""
    data = descriptions()
    tables = {}
    for name, info in data["tables"].items():
        table = {"title": info["title"], "description": info["description"], "columns": dict(info["columns"])}
        if name in FACETS:
            table["facets"] = FACETS[name]
        if name in LABELS:
            table["label_column"] = LABELS[name]
        if name in SORT_DESC:
            table["sort_desc"] = SORT_DESC[name]
        tables[name] = table
    title = f"{data['title']}: {scenario_name}" if scenario_name else data["title"]
    return {"title": title, "description": data["description"],
            "databases": {database: {"title": title, "description": data["description"], "tables": tables,
                                     "queries": QUERIES}}}
