"""`redline datasette-metadata` served by the real Datasette, in process through its test client."""

from __future__ import annotations

import asyncio
import html
import json
import sqlite3

import pytest
from typer.testing import CliRunner

from redline.cli import app
from redline.store.datasette import undescribed

datasette_app = pytest.importorskip("datasette.app", reason="the datasette extra is not installed")


def test_every_table_and_column_of_the_schema_is_described():
    assert undescribed() == []


@pytest.fixture(scope="module")
def served(examples_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("datasette")
    db = folder / "redline.db"
    with sqlite3.connect(examples_db) as source, sqlite3.connect(db) as copy:
        source.backup(copy)  # the whole store, with what is still in its write-ahead log
    meta = folder / "metadata.json"
    result = CliRunner().invoke(app, ["datasette-metadata", "--db", str(db), "--out", str(meta), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["database"] == "redline"
    return db, json.loads(meta.read_text(encoding="utf-8"))


def get(db, metadata, *paths):
    async def run():
        ds = datasette_app.Datasette([str(db)], metadata=metadata, immutables=[])
        await ds.invoke_startup()
        return [await ds.client.get(p) for p in paths]

    return asyncio.run(run())


def test_the_metadata_describes_every_table_and_column_of_a_real_store(served):
    db, metadata = served
    tables = metadata["databases"]["redline"]["tables"]
    with sqlite3.connect(db) as conn:
        for (table,) in conn.execute("select name from sqlite_master where type = 'table'"):
            columns = {r[1] for r in conn.execute(f'pragma table_info("{table}")')}
            assert table in tables, table
            assert columns == set(tables[table]["columns"]), table


def test_datasette_serves_the_store_with_titles_facets_and_labels(served):
    db, metadata = served
    positions, docs, events, statements = get(
        db, metadata, "/redline/positions.json?_extra=facet_results", "/redline/documents.json?_extra=facet_results",
        "/redline/events.json?_extra=facet_results", "/redline/positions")
    assert positions.status_code == 200
    facets = positions.json()["facet_results"]
    facets = facets.get("results", facets)
    assert {"stance", "party", "issue"} <= set(facets)
    doc_facets = docs.json()["facet_results"]
    doc_facets = doc_facets.get("results", doc_facets)
    assert {"language", "outlet", "flags"} <= set(doc_facets)
    event_facets = events.json()["facet_results"]
    assert "type" in event_facets.get("results", event_facets)
    assert all(len(f["results"]) > 0 for f in (facets["stance"], doc_facets["language"], event_facets.get(
        "results", event_facets)["type"]))
    page = statements.text
    description = metadata["databases"]["redline"]["tables"]["positions"]["description"]
    assert "<h1>Positions</h1>" in page and description in html.unescape(page)
    assert "data-column-description=\"for, against or conditional\"" in page
    with sqlite3.connect(db) as conn:  # a document is labelled by its title where a record points to it
        title = conn.execute("select d.title from positions p join documents d on d.id = p.doc_id "
                             "order by p.id limit 1").fetchone()[0]
    assert html.escape(title, quote=False) in page or title in html.unescape(page)


def test_the_canned_queries_answer(served):
    db, metadata = served
    with sqlite3.connect(db) as conn:
        party, issue = conn.execute("select party, issue from positions where party is not null limit 1").fetchone()
        day = conn.execute("select date from events where date is not null order by date limit 1").fetchone()[0]
        in_week = conn.execute("select count(*) from events where date >= date(?, '-6 days', 'weekday 1') "
                               "and date < date(?, '-6 days', 'weekday 1', '+7 days')", (day, day)).fetchone()[0]
    stances, said, week = get(db, metadata,
                              f"/redline/stances_of_a_party_over_time.json?party={party}&_shape=objects",
                              f"/redline/who_said_what_about_an_issue.json?issue={issue}&_shape=objects",
                              f"/redline/events_of_a_week.json?day={day}&_shape=objects")
    rows = stances.json()["rows"]
    assert rows and {r["issue"] for r in rows} and all(r["stance"] in ("for", "against", "conditional") for r in rows)
    assert said.json()["rows"] and all(r["said"] for r in said.json()["rows"])
    assert len(week.json()["rows"]) == in_week >= 1
