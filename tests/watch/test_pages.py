"""/alerts, /redlines and /commitments with their JSON twins, in process over a real store."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from redline import api
from redline.store import alerts as aq
from redline.store import open_store
from redline.web.app import create_app

PAGES = ["/alerts", "/redlines", "/commitments"]


@pytest.fixture(scope="module")
def client(watched_db):
    api.watch([], watched_db)  # the pack's watch list over the examples
    return TestClient(create_app(watched_db))


@pytest.mark.parametrize("path", PAGES)
def test_each_page_has_a_json_twin(client, path):
    html = client.get(path)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    twin = client.get(path + ".json")
    assert twin.status_code == 200 and twin.headers["content-type"] == "application/json"
    assert client.get(path, headers={"Accept": "application/json"}).json() == twin.json()
    assert client.get(path + ".xml").status_code == 404


def test_the_pages_show_the_findings(client):
    alerts = client.get("/alerts.json").json()["alerts"]
    assert alerts and all(a["evidence"] for a in alerts)
    page = client.get("/alerts").text
    assert alerts[0]["rule"] in page and f'/documents/{alerts[0]["evidence"][0]["id"]}#at-' in page
    assert "military_cap" in client.get("/redlines").text
    kept = client.get("/commitments.json?status=fulfilled").json()["commitments"]
    assert [c["issues"] for c in kept] == [["prisoner_exchange"]]
    assert client.get("/commitments?status=bogus").status_code == 422


def test_alert_text_is_escaped(client, watched_db):
    store = open_store(watched_db)
    with store.engine.begin() as conn:
        aq.insert_alerts(conn, [{"key": "x" * 64, "rule": "<b>rule</b>", "kind": "statement", "fired_at": "2026-01-01",
                                 "day": "2025-01-01", "summary": "<script>alert(1)</script>",
                                 "evidence": [{"doc": "<i>d</i>", "id": "abc", "start": 0, "end": 1,
                                               "text": "<img src=x onerror=alert(1)>"}], "data": {}}])
    page = client.get("/alerts").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<img src=x" not in page and "<b>rule</b>" not in page


def test_the_brief_has_the_watch_list_red_lines_and_commitments(client, watched_db):
    brief = api.brief(watched_db)
    assert brief["watch_list"] and all(k in brief["evidence"] for a in brief["watch_list"] for k in a["evidence"])
    assert ("Ukraine", "military_cap", "against") in {(r["party"], r["issue"], r["stance"]) for r in brief["red_lines"]}
    assert {c["proposal"] for c in brief["red_lines_crossed"]} == {"the 28-point plan"}
    assert "fulfilled" in {c["status"] for c in brief["commitments"]}
    text = api.write_brief(None, watched_db)
    for heading in ("WHAT MOVED ON YOUR WATCH LIST", "RED LINES", "COMMITMENTS"):
        assert heading in text
    html = api.write_brief(None, watched_db, fmt="html")
    assert 'id="watch-list"' in html and 'id="red-lines"' in html and 'id="commitments"' in html
    later = api.brief(watched_db, since=__import__("datetime").date(2030, 1, 1))
    assert later["watch_list"] == []
