"""Issue 12.1: a document of any accepted size is extracted in paragraph-bounded pieces with its offsets
kept; a document the extractors fail on is recorded, shown by status, not retried, and stops no other."""

import json

from typer.testing import CliRunner

from redline import api
from redline.cli import app
from redline.nlp.models import pipeline_for
from redline.nlp.runner import PIECE_CHARS, pieces

SHORT = "The finance ministry said on Monday that 300 buses had been delivered to the northern towns.\n"
CLOSING = "Officials said later that 4,500 soldiers had been moved away from the border.\n"


def _long_text() -> str:
    """20,000 lines (over the 1,000,000 characters spaCy takes at once), a numeric claim at the very end."""
    lines = [f"Record {n:05d} reference {'x' * 40}{n:05d}." for n in range(20_000)]
    return "\n\n".join(lines) + "\n\n" + CLOSING


def test_pieces_cover_the_text_and_end_on_paragraphs():
    text = _long_text()
    cuts = pieces(text)
    assert cuts[0][0] == 0 and cuts[-1][1] == len(text)
    assert all(a == prev_b for (_, prev_b), (a, _) in zip(cuts, cuts[1:], strict=False))
    assert all(b - a <= PIECE_CHARS for a, b in cuts)
    assert all(text[b - 2 : b] == "\n\n" for _, b in cuts[:-1])
    assert pieces("one paragraph") == [(0, 13)]


def test_a_20000_line_file_is_extracted_next_to_a_short_one(tmp_path, db):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "long.txt").write_text(_long_text(), encoding="utf-8")
    (folder / "short.txt").write_text(SHORT, encoding="utf-8")
    report = api.ingest([folder], db=db, language="en")
    assert report.ok, report.errors
    assert report.new == 2 and report.extracted == 2
    assert api.pending_count(db) == 0
    doc = api.get_document("long.txt", db=db)
    assert len(doc["text"]) > 1_000_000
    far = [c for c in doc["claims"] if c["start"] > 1_000_000]
    assert far, doc["claims"][:3]
    for claim in doc["claims"]:  # offsets point into the whole original text
        assert doc["text"][claim["start"] : claim["end"]] == claim["text"]
    assert any(c["text"] == "4,500 soldiers" for c in far)


def test_a_failing_document_is_recorded_shown_and_not_retried(tmp_path, db):
    """spaCy's own refusal (E088), made to happen on a short text by lowering its limit for this test."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_long.txt").write_text(SHORT * 30, encoding="utf-8")
    (folder / "b_short.txt").write_text(SHORT, encoding="utf-8")
    nlp = pipeline_for("en")
    limit = nlp.max_length
    nlp.max_length = 1_000
    try:
        report = api.ingest([folder], db=db, language="en")
        assert report.new == 2 and report.extracted == 1
        [line] = [e for e in report.errors if "a_long" in e or "E088" in e]
        assert "[E902]" in line and "\n" not in line
        # not tried again by the next run: nothing pending, the failure kept
        assert api.pending_count(db) == 0
        assert api.run_extraction(db) == 0
        status = json.loads(CliRunner().invoke(app, ["status", "--db", db, "--json"]).stdout)
        [failed] = status["queue"]["extraction_failed"]
        assert failed["doc_name"] == "a_long.txt" and "E088" in failed["error"]
        table = CliRunner().invoke(app, ["status", "--db", db]).stdout
        assert "a_long.txt" in table and "extraction failed" in table
    finally:
        nlp.max_length = limit
    # `extract --all` tries again (the limit is back): extracted, the failure gone
    assert api.run_extraction(db, redo=True) == 2
    assert api.queue(db)["extraction_failed"] == []
