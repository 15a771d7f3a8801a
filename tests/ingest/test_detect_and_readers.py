import json
from pathlib import Path

import pytest

from redline.errors import BadFeed, BadHTML, BadJSON, NoArticle
from redline.ingest import readers
from redline.ingest.detect import sniff

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "russia_ukraine"


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("01_geneva_talks_seo.txt", "text"),
        ("05_us_plan_leaked.json", "newsplease"),
        ("10_wire_digest.jsonl", "jsonl"),
        ("11_eu_reparations_loan.html", "html"),
        ("14_talks_feed.xml", "feed"),
    ],
)
def test_formats_are_told_from_content_not_extension(name, fmt):
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    assert sniff(text, name="renamed.dat") == fmt


def test_newsplease_metadata():
    text = (EXAMPLES / "07_florida_talks.json").read_text(encoding="utf-8")
    [art] = readers.read_newsplease(text, path=Path("07.json"), source="07.json")
    assert art.published == "2025-11-30" and art.published_precision == "day"
    assert art.outlet == "kyivledger.example"
    assert art.title.startswith("Ukrainian delegation")
    assert art.author == "Olena K."


def test_jsonl_items_are_named_by_line():
    text = (EXAMPLES / "10_wire_digest.jsonl").read_text(encoding="utf-8")
    arts = readers.read_jsonl(text, path=Path("w.jsonl"), source="w.jsonl")
    assert [a.doc_name for a in arts] == ["w.jsonl#1", "w.jsonl#2"]


def test_html_main_text_without_navigation():
    text = (EXAMPLES / "11_eu_reparations_loan.html").read_text(encoding="utf-8")
    [art] = readers.read_html(text, path=Path("11.html"), source="11.html")
    assert "Euroclear holds about €185 billion" in art.text
    assert "Most read" not in art.text and "Subscribe" not in art.text
    assert art.published == "2025-12-03"
    assert art.outlet == "brusselsledger.example"


def test_feed_items_become_articles():
    text = (EXAMPLES / "14_talks_feed.xml").read_text(encoding="utf-8")
    arts = readers.read_feed(text, path=Path("f.xml"), source="f.xml")
    assert len(arts) == 2
    assert arts[0].published == "2025-12-04"
    assert "Hnatov" in arts[0].text and "<p>" not in arts[0].text
    assert arts[1].outlet == "kyivledger.example"


def test_reader_errors_are_one_line():
    with pytest.raises(BadJSON, match="truncated JSON"):
        readers.read_newsplease('{"title": "x", "maintext": "abc', path=Path("a.json"), source="a.json")
    with pytest.raises(NoArticle, match="no article text"):
        readers.read_newsplease(json.dumps({"title": "x"}), path=Path("a.json"), source="a.json")
    with pytest.raises(BadHTML, match="truncated HTML"):
        readers.read_html("<html><body><p>Half a page", path=Path("a.html"), source="a.html")
    with pytest.raises(BadFeed):
        readers.read_feed("<rss><channel><title>x</title></channel></rss>", path=Path("f.xml"), source="f.xml")
