"""The same store on a real PostgreSQL server: the same records as SQLite, the same guarantees."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from redline import api

from . import postgres
from .conftest import EXAMPLES

REASON = postgres.why_not()
pytestmark = pytest.mark.skipif(REASON is not None, reason=f"no PostgreSQL server can be started here: {REASON}")


def _rows(folder, name):
    rows = [json.loads(line) for line in (folder / name).read_text(encoding="utf-8").splitlines()]
    for row in rows:
        row.pop("id", None)
        if isinstance(row.get("evidence"), dict):
            row["evidence"].pop("id", None)
    return sorted(json.dumps(r, sort_keys=True) for r in rows)


def test_postgres_holds_what_sqlite_holds(pg_url, examples_db, tmp_path):
    report = api.ingest([EXAMPLES], db=pg_url)
    assert report.ok and report.new == 16
    api.export(tmp_path / "pg", pg_url)
    api.export(tmp_path / "lite", examples_db)
    for name in ("documents.jsonl", "statements.jsonl", "positions.jsonl", "events.jsonl", "claims.jsonl",
                 "tracker.jsonl"):
        assert _rows(tmp_path / "pg", name) == _rows(tmp_path / "lite", name), name
    again = api.ingest([EXAMPLES], db=pg_url)  # re-running is safe
    assert again.new == 0 and api.status(pg_url)["documents"] == 16


def test_bad_files_leave_nothing_on_postgres(pg_url, tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "cut.json").write_text('{"title": "Talks", "maintext": "Witkoff met', encoding="utf-8")
    before = api.status(pg_url)["documents"]
    report = api.ingest([tmp_path], db=pg_url)
    assert report.failed == 2 and report.new == 0
    assert api.status(pg_url)["documents"] == before


def test_views_models_and_web_on_postgres(pg_url):
    assert api.timeline(pg_url) and api.tracker(pg_url)
    api.contradictions(pg_url)
    result = api.run_model("compromise", pg_url)
    assert api.explain_model(pg_url)["run_id"] == result["run_id"]
    from redline.web.app import create_app

    client = TestClient(create_app(pg_url))
    assert client.get("/overview.json").status_code == 200
    assert client.get("/timeline.json").json()["total"] > 0
