"""Issue 12.7, 12.8 and 12.10: text that starts with a brace or a bracket is text; metadata dates are
taken only when absolute and between 1990 and tomorrow, else null with the reason kept; UTF-16 without a
byte-order mark is text; a Markdown briefing runs no article markup; the OpenAPI schema says what the
server answers."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from redline import api
from redline.ingest.dates import metadata_date
from redline.web.app import create_app

# text of my own that opens with braces or brackets, as notes, tags and templates do
BRACED = [
    "{This sentence stands in braces} and the talks went on in the afternoon.",
    "[Editor's note] This report was updated after the ministry corrected its figures.",
    "[UPDATED] The delegations met again on Friday morning.",
    "[1/3] Officials said the first round had ended without a joint statement.",
    "{Draft} The committee will vote on the proposal next week.",
    "[Photo: staff] Negotiators leave the building after the meeting.",
    "{ Summary } Three rounds of talks, no agreement yet.",
    "[ Live ] The press conference has started in the main hall.",
    "[Exclusive] A senior diplomat said the text was nearly final.",
    "{{headline}} The minister arrived late for the second session.",
    "[Opinion] Why the deal may still fall apart, in five points.",
    "[Analysis]\n\nThe numbers in the draft do not add up, economists said.",
    "[\u2026] and so the envoys flew home without a date for the next round.",
]


@pytest.mark.parametrize("name", ["note.txt", "note"])
def test_text_that_starts_like_json_is_read_as_text(tmp_path, db, name):
    folder = tmp_path / "in"
    folder.mkdir()
    for k, text in enumerate(BRACED):
        (folder / f"{k:02d}-{name}").write_text(text, encoding="utf-8")
    report = api.ingest([folder], db=db, extract=name == "note")
    assert report.ok, report.errors
    assert report.new == len(BRACED)
    assert set(api.status(db)["by_format"]) == {"text"}
    if name == "note":  # and extracted: a subject that is only a bracket is no speaker, and no crash
        assert report.extracted == len(BRACED) and api.queue(db)["extraction_failed"] == []


def test_a_subject_of_punctuation_alone_does_not_stop_extraction(tmp_path, db):
    path = tmp_path / "bracket.txt"
    path.write_text("[1/3] Report 798\n\nThe committee confirmed on Friday that 1,200 prisoners had been exchanged "
                    "(report 798). The delegation told reporters that the talks had ended (report 798).\n",
                    encoding="utf-8")
    report = api.ingest([path], db=db)
    assert report.ok, report.errors
    assert report.extracted == 1


def test_json_meant_as_json_still_gets_the_json_error(tmp_path, db):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "cut.json").write_text('{"title": "x", "maintext": "cut', encoding="utf-8")
    (folder / "cut").write_text('{"title": "x", "maintext": "cut', encoding="utf-8")
    (folder / "rows.jsonl").write_text('[Editor\'s note] not rows', encoding="utf-8")
    (folder / "record.txt").write_text(json.dumps({"maintext": "A news-please record in a .txt file.",
                                                   "title": "Record"}), encoding="utf-8")
    report = api.ingest([folder], db=db, extract=False)
    errors = sorted(e.rsplit("/", 1)[-1] for e in report.errors)
    assert len(errors) == 3 and all("[E105]" in e for e in errors), errors
    assert api.status(db)["by_format"] == {"newsplease": 1}


TOMORROW = (datetime.now(UTC).date() + timedelta(days=1)).isoformat()
LATER = (datetime.now(UTC).date() + timedelta(days=3)).isoformat()


@pytest.mark.parametrize(("value", "why"), [
    ("yesterday", "not an absolute date"), ("now", "not an absolute date"), ("in 2 days", "not an absolute date"),
    ("1e309", "not an absolute date"), (float("inf"), "float"), (1733212800, "int"), ([2025, 1], "list"),
    ({"y": 2025}, "dict"), (True, "bool"), ("-0001-01-01", "outside"), ("0001-01-01", "outside"),
    ("1989-12-31", "outside"), ("2099-01-01", "outside"), (LATER, "outside"), ("2025-02-30", "calendar"),
    ("2025-13", "calendar"), ("x" * 500, "not an absolute date"),
])
def test_junk_metadata_dates_are_null_with_a_reason(value, why):
    iso, precision, reason = metadata_date(value)
    assert (iso, precision) == (None, None) and why in reason


@pytest.mark.parametrize(("value", "expected"), [
    ("2025-11-23", ("2025-11-23", "day")), ("2025-11-23T10:00:00+02:00", ("2025-11-23", "day")),
    ("1990-01-01", ("1990-01-01", "day")), (TOMORROW, (TOMORROW, "day")), ("2025-11", ("2025-11-01", "month")),
    ("Thu, 04 Dec 2025 20:30:00 GMT", ("2025-12-04", "day")), ("December 3, 2025", ("2025-12-03", "day")),
])
def test_absolute_dates_in_range_are_taken(value, expected):
    assert metadata_date(value) == (*expected, None)


def test_a_rejected_metadata_date_is_kept_as_a_reason_and_the_text_may_date_it(tmp_path, db):
    folder = tmp_path / "in"
    folder.mkdir()
    for k, value in enumerate(["yesterday", 1e309, [2025, 1], "-0001-01-01"]):
        (folder / f"{k}.json").write_text(json.dumps({
            "title": f"Item {k}", "date_publish": value, "language": "en",
            "maintext": f"Report {k}. The envoys met again, officials said; the next round is not yet set."}),
            encoding="utf-8")
    (folder / "dated.json").write_text(json.dumps({
        "title": "Dated", "date_publish": "yesterday", "language": "en",
        "maintext": "As of December 5, 2025, the envoys had met twice, officials said."}), encoding="utf-8")
    assert api.ingest([folder], db=db, extract=False).ok
    for k in range(4):
        doc = api.get_document(f"{k}.json", db=db)
        assert doc["published"] is None and doc["published_rejected"], doc["published_rejected"]
    dated = api.get_document("dated.json", db=db)
    assert (dated["published"], dated["published_from"]) == ("2025-12-05", "text")
    assert "yesterday" in dated["published_rejected"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", ["Officials said on Monday that the talks would resume next week.",
                                  "Офіційні особи заявили в понеділок, що переговори відновляться."])
def test_utf16_without_a_byte_order_mark_is_text(tmp_path, db, encoding, text):
    path = tmp_path / "u16.txt"
    path.write_bytes(text.encode(encoding))
    report = api.ingest([path], db=db, extract=False)
    assert report.ok, report.errors
    assert api.get_document("u16.txt", db=db)["text"] == text


def test_binary_with_nul_bytes_is_still_refused(tmp_path, db):
    path = tmp_path / "blob.txt"
    path.write_bytes(bytes(range(256)) * 16)
    [line] = api.ingest([path], db=db, extract=False).errors
    assert "[E102]" in line


def test_markdown_briefing_runs_no_article_markup(tmp_path, db):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil.json").write_text(json.dumps({
        "title": "Talks", "date_publish": "2025-12-03", "language": "en", "source_domain": "<b>paper</b>.example",
        "maintext": "Russia rejected the US peace plan on Tuesday <script>alert(2)</script> "
                    "<img src=x onerror=alert(3)> [a link](javascript:alert(4)), Peskov said."}), encoding="utf-8")
    assert api.ingest([folder], db=db).ok
    md = api.write_brief(tmp_path / "b.md", db, fmt="md")
    assert "<script" not in md and "<img" not in md and "](javascript:" not in md and "<b>" not in md
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in md  # shown as text


def test_the_schema_documents_the_errors_the_server_gives(tmp_path):
    client = TestClient(create_app(str(tmp_path / "s.db")))
    schema = client.get("/openapi.json").json()
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            if "{" in path:
                assert "404" in operation["responses"], path
    for response in (client.get("/timeline.json", params={"from": "soon"}),
                     client.post("/model/run", data={"method": "magic"}),
                     client.get("/timeline.json", params={"page": "0"})):
        assert response.status_code == 422
        detail = response.json()["detail"]
        assert isinstance(detail, list) and {"loc", "msg", "type"} <= set(detail[0]), detail
    missing = client.get("/parties/Nobody.json")
    assert missing.status_code == 404 and isinstance(missing.json()["detail"], str)


def test_json_nested_too_deeply_is_one_line(tmp_path, db):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (folder / "deep.jsonl").write_text('{"maintext": ' * 60_000, encoding="utf-8")
    report = api.ingest([folder], db=db, extract=False)
    assert sorted(e.rsplit("/", 1)[-1] for e in report.errors) == [
        "deep.json: JSON nested too deeply to be an article [E105]",
        "deep.jsonl: line 1: JSON nested too deeply to be an article [E105]"]
