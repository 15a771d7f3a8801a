"""End to end on the second bundled pack (the Armenia–Azerbaijan peace agreement of 2025) and its own example
articles: every command, the exports and the dashboard, and nothing of the Russia–Ukraine pack anywhere."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from redline.cli import app
from redline.scenario import load_scenario
from redline.web.app import create_app

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "examples" / "armenia_azerbaijan"
runner = CliRunner()
PACK = load_scenario("armenia_azerbaijan")
OTHER = load_scenario("russia_ukraine")
# what only the other pack knows: its title, its issues, its actors that are no actors of this pack
FOREIGN_NAMES = sorted(set(OTHER.actors) - set(PACK.actors))
FOREIGN_ISSUES = sorted(set(OTHER.issues) - set(PACK.issues))


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


def assert_nothing_foreign(text: str, where: str) -> None:
    assert OTHER.name not in text, where
    for name in FOREIGN_NAMES:
        assert not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text), (where, name)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("aa") / "aa.db")
    out = run("ingest", str(ARTICLES), "--scenario", "armenia_azerbaijan", "--db", db, "--json")
    report = json.loads(out)
    assert report["failed"] == 0 and report["extracted"] == len(list(ARTICLES.iterdir()))
    return db


def test_every_command_reads_the_stores_pack(store, tmp_path):
    db = ["--db", store]
    status = json.loads(run("status", *db, "--json"))
    assert status["pack"]["id"] == "armenia_azerbaijan" and status["queue"]["documents_to_extract"] == 0
    assert json.loads(run("extract", *db, "--json"))["extracted"] == 0  # a plain extract changes nothing
    outputs = {
        "status": run("status", *db),
        "docs": run("docs", *db),
        "show": run("show", "01_white_house_summit.json", *db),
        "timeline": run("timeline", *db, "--json"),
        "tracker": run("tracker", *db, "--json"),
        "contradictions": run("contradictions", *db, "--json"),
        "sources": run("sources", *db, "--json"),
        "brief": run("brief", *db, "--json"),
        "brief text": run("brief", *db),
        "brief md": run("brief", *db, "--format", "md"),
        "model inputs": run("model", "inputs", *db, "--json"),
        "model run": run("model", "run", *db, "--json"),
        "model explain": run("model", "explain", *db, "--json"),
        "scenario show": run("scenario", "show", *db, "--json"),
    }
    run("brief", *db, "--format", "html", "--out", str(tmp_path / "brief.html"))
    outputs["brief html"] = (tmp_path / "brief.html").read_text(encoding="utf-8")
    run("export", str(tmp_path / "export"), *db)
    for file in (tmp_path / "export").iterdir():
        outputs[file.name] = file.read_text(encoding="utf-8")
    for where, text in outputs.items():
        assert_nothing_foreign(text, where)
    brief = json.loads(outputs["brief"])
    assert brief["scenario"] == PACK.name and outputs["brief text"].startswith(PACK.name)
    issues = [i["id"] for i in brief["issues"]]
    assert len(issues) >= 5 and set(issues) <= set(PACK.issues)
    matrix_parties = set(brief["matrix"])
    assert {"Armenia", "Azerbaijan", "United States", "Iran", "Russia"} <= matrix_parties
    rows = json.loads(outputs["model inputs"])
    assert {"Armenia", "Azerbaijan", "United States", "Iran", "Russia", "Turkey"} <= {r["actor"] for r in rows}
    assert not {r["issue"] for r in rows} & set(FOREIGN_ISSUES)
    # the mediator and the observers sit at the table of the models, but are no side of a sticking point
    assert brief["roles"] == {"United States": "mediator", "Russia": "observer", "Iran": "observer"}
    for fmt in ("brief text", "brief md", "brief html"):
        assert "United States (mediator)" in outputs[fmt].replace('<span class="muted">', ""), fmt
    assert brief["sticking_points"] and all({s["high"]["party"], s["low"]["party"]} <= {"Armenia", "Azerbaijan",
                                                                                       "Turkey"}
                                            for s in brief["sticking_points"])
    tracker = json.loads(outputs["tracker"])
    assert ("Iran", "transit_route", "against") in {(r["party"], r["issue"], r["stance"]) for r in tracker}
    assert not {r["issue"] for r in tracker} - set(PACK.issues)


def test_the_dashboard_shows_the_pack(store):
    client = TestClient(create_app(store))
    pages = ["/overview", "/timeline", "/sources", "/model", "/search?q=Syunik",
             "/documents/02_constitution_condition.txt", "/parties/Armenia", "/parties/Azerbaijan"]
    over = client.get("/overview.json").json()
    pages += [f"/issues/{i['id']}" for i in over["issues"]]
    for path in pages:
        page = client.get(path)
        assert page.status_code == 200, path
        assert_nothing_foreign(page.text, path)
        base, _, query = path.partition("?")
        assert client.get(base + ".json" + ("?" + query if query else "")).status_code == 200, path
    assert PACK.name in client.get("/overview").text
    for issue in FOREIGN_ISSUES:
        assert client.get(f"/issues/{issue}").status_code == 404
    issue = client.get("/issues/transit_route.json").json()
    assert issue["label"] == PACK.issues["transit_route"].label and issue["stances"]


def test_agencies_are_sources_not_actors(store):
    doc = json.loads(run("show", "06_border_commissions.txt", "--db", store, "--json"))
    assert "Reuters" not in {m["actor"] for m in doc["mentions"]}
    assert all("Reuters" not in e["parties"] for e in doc["events"])
