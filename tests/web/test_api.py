"""The JSON API and pages in process, over a real SQLite store built from examples/."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from redline import api
from redline.web.app import create_app

PAGES = ["/overview", "/timeline", "/parties/Russia", "/issues/territory", "/sources", "/model", "/search?q=Witkoff",
         "/documents/01_geneva_talks_seo.txt"]


@pytest.fixture(scope="module")
def client(examples_db):
    return TestClient(create_app(examples_db))


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_json_twin(client, path):
    html = client.get(path)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    base, _, query = path.partition("?")
    twin = client.get(base + ".json" + ("?" + query if query else ""))
    assert twin.status_code == 200 and twin.headers["content-type"] == "application/json"
    accept = client.get(path, headers={"Accept": "application/json"})
    assert accept.json() == twin.json()


def test_filters_and_pagination(client):
    everything = client.get("/timeline.json?per_page=500").json()
    consult = client.get("/timeline.json?type=consult&per_page=500").json()
    assert consult["total"] <= everything["total"] and all(e["type"] == "CONSULT" for e in consult["items"])
    russia = client.get("/timeline.json?party=Russia&per_page=500").json()
    assert all("Russia" in e["parties"] or "Russia" in e["actors"] for e in russia["items"])
    first = client.get("/timeline.json?per_page=3&page=1").json()
    second = client.get("/timeline.json?per_page=3&page=2").json()
    assert len(first["items"]) == 3 and first["items"] != second["items"] and first["pages"] >= 2
    assert client.get("/timeline.json?page=0").status_code == 422


def test_evidence_links_and_highlights(client):
    over = client.get("/overview.json").json()
    cell = next(c for row in over["matrix"].values() for c in row.values())
    ev = over["evidence"][cell["evidence"][-1]]
    page = client.get(f"/documents/{ev['id']}")
    assert page.status_code == 200 and f'id="at-{ev["start"]}"' in page.text or "<mark" in page.text
    doc = client.get("/documents/01_geneva_talks_seo.txt").text
    assert "x-statement" in doc and "x-removed" in doc  # extractions and removed SEO debris marked


def test_unknown_things_are_404(client):
    assert client.get("/parties/Atlantis").status_code == 404
    assert client.get("/issues/unicorns.json").status_code == 404
    assert client.get("/documents/nothing-here").status_code == 404
    assert client.get("/overview.xml").status_code == 404


def test_openapi_schema(client):
    schema = client.get("/openapi.json").json()
    assert {"/overview{suffix}", "/timeline{suffix}", "/upload", "/model/run"} <= set(schema["paths"])


def test_upload_ingests_and_rejects_with_the_cli_reasons(tmp_path):
    db = str(tmp_path / "up.db")
    client = TestClient(create_app(db))
    good = ("talks.txt", b"Witkoff meets Umerov in Miami\n\nUS envoy Steve Witkoff met Rustem Umerov in Miami on "
            b"Thursday, December 4, to discuss the peace plan.", "text/plain")
    empty = ("empty.txt", b"", "text/plain")
    binary = ("logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
    result = client.post("/upload", files=[("files", good), ("files", empty), ("files", binary)])
    assert result.status_code == 200, result.text
    report = result.json()
    assert report["new"] == 1 and report["failed"] == 2
    assert any(e.startswith("empty.txt:") for e in report["errors"]) and any("logo.png" in e for e in report["errors"])
    assert api.status(db)["documents"] == 1  # nothing of the bad files was stored
    again = client.post("/upload", files=[("files", good)]).json()
    assert again["new"] == 0 and again["duplicates"] == 1


def test_request_size_limit(tmp_path):
    client = TestClient(create_app(str(tmp_path / "s.db"), max_body=1000))
    big = ("big.txt", b"x" * 5000, "text/plain")
    assert client.post("/upload", files=[("files", big)]).status_code == 413


def test_token_guards_every_request(examples_db):
    client = TestClient(create_app(examples_db, token="s3cret"))
    assert client.get("/overview.json").status_code == 401
    assert client.get("/overview.json", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/overview.json", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    assert client.get("/openapi.json").status_code == 401


def test_article_markup_is_inert(tmp_path):
    db = str(tmp_path / "x.db")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil.json").write_text(json.dumps({
        "title": "Talks <script>alert(1)</script>", "date_publish": "2025-12-03 10:00:00", "language": "en",
        "maintext": "Russia rejected the US peace plan on Tuesday <script>alert(2)</script> "
                    "<img src=x onerror=alert(3)>, Peskov said."}), encoding="utf-8")
    assert api.ingest([folder], db=db).ok
    client = TestClient(create_app(db))
    for path in ("/documents/evil.json", "/overview", "/search?q=alert", "/parties/Russia"):
        text = client.get(path).text
        assert "<script>alert" not in text and "<img src=x" not in text, path


def test_model_run_from_the_web(tmp_path, examples_db):
    import sqlite3

    db = str(tmp_path / "m.db")
    with sqlite3.connect(examples_db) as src, sqlite3.connect(db) as dst:
        src.backup(dst)  # a copy of the file alone would miss the write-ahead log
    client = TestClient(create_app(db))
    result = client.post("/model/run", data={"method": "compromise", "runs": "0", "rounds": "10", "sets": ""},
                         headers={"Accept": "application/json"})
    assert result.status_code == 200 and result.json()["issues"]
    assert client.post("/model/run", data={"method": "magic"}).status_code == 422
    page = client.get("/model")
    assert "Run " in page.text
