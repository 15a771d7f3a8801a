"""Extraction through the store: evidence spans point into the original text; re-runs are idempotent."""

import json

from sqlalchemy import text

from redline import api
from redline.store import open_store

from .conftest import EXAMPLES


def test_every_record_has_an_evidence_span_into_the_original(examples_db):
    doc = api.get_document("02_kremlin_meeting_citations.txt", examples_db)
    assert doc["statements"] and doc["events"] and doc["mentions"]
    for st in doc["statements"]:
        assert doc["text"][st["start"] : st["end"]] == st["text"]
        assert 0 < st["confidence"] <= 1
    for m in doc["mentions"]:
        assert doc["text"][m["start"] : m["end"]] == m["text"]
    ushakov = [s for s in doc["statements"] if s["speaker"] == "Yuri Ushakov"]
    assert any("no compromise" in s["text"] for s in ushakov)


def test_extract_again_changes_nothing_and_all_redoes(examples_copy, db):
    api.ingest([examples_copy], db=db)
    engine = open_store(db).engine

    def snapshot():
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(
                "SELECT doc_id, speaker, kind, start, [end] FROM statements ORDER BY doc_id, start"))]

    before = snapshot()
    assert api.run_extraction(db) == 0  # nothing pending
    assert api.run_extraction(db, redo=True) == 16
    assert snapshot() == before


def test_two_workers_give_the_same_output(examples_copy, tmp_path):
    one, two = str(tmp_path / "one.db"), str(tmp_path / "two.db")
    api.ingest([examples_copy], db=one, workers=1)
    api.ingest([examples_copy], db=two, workers=2)
    out1, out2 = tmp_path / "o1", tmp_path / "o2"
    api.export(out1, one)
    api.export(out2, two)
    for name in ("statements", "positions", "events", "claims"):
        assert (out1 / f"{name}.jsonl").read_text() == (out2 / f"{name}.jsonl").read_text(), name


def test_export_has_the_evaluation_fields(examples_db, tmp_path):
    api.export(tmp_path, examples_db)
    rows = {k: [json.loads(line) for line in (tmp_path / f"{k}.jsonl").read_text().splitlines()]
            for k in ("documents", "statements", "positions", "events", "claims")}
    assert {"doc", "speaker", "speaker_text", "kind", "text", "evidence", "confidence"} <= rows["statements"][0].keys()
    assert {"doc", "actor", "issue", "stance", "evidence"} <= rows["positions"][0].keys()
    assert {"doc", "type", "date", "actors", "location", "status"} <= rows["events"][0].keys()
    assert {"doc", "value", "unit", "about"} <= rows["claims"][0].keys()
    docs = {d["doc"]: d for d in rows["documents"]}
    assert "Yuri Ushakov" in docs["02_kremlin_meeting_citations.txt"]["actors"]


def test_a_custom_scenario_pack(tmp_path, db):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "scenario.yaml").write_text("id: toy\nname: Toy talks\nplaces: {Oslo: [Oslo]}\n", encoding="utf-8")
    (pack / "actors.yaml").write_text(
        "parties:\n  - {name: Norway, kind: state, aliases: {en: [Norway, Norwegian]}}\n"
        "persons:\n  - {name: Jonas Store, party: Norway, aliases: {en: [Jonas Store, Store]}}\n", encoding="utf-8")
    (pack / "issues.yaml").write_text(
        "issues:\n  fishing:\n    proposition: fishing quotas\n    lexicon: {en: 'fishing|quotas'}\n",
        encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Jonas Store said Norway supports new fishing quotas agreed in Oslo on Monday.", encoding="utf-8")
    report = api.ingest([article], db=db, scenario=str(pack))
    assert report.ok and report.extracted == 1
    doc = api.get_document("a.txt", db)
    assert [s["speaker"] for s in doc["statements"]] == ["Jonas Store"]
    assert {(p["party"], p["issue"], p["stance"]) for p in doc["positions"]} == {("Norway", "fishing", "for")}


def test_cli_extract(db):
    from typer.testing import CliRunner

    from redline.cli import app

    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(EXAMPLES), "--db", db, "--no-extract"]).exit_code == 0
    result = runner.invoke(app, ["extract", "--db", db, "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["extracted"] == 16
