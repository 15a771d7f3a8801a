"""The picture across documents on real stores: timeline, tracker, contradictions, sources, briefing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from redline import api
from redline.cli import app
from redline.nlp.dates import ARTICLE_PRECISION
from redline.picture.reports import Doc, Evidence, Store
from redline.picture.timeline import build_timeline


def _article(folder: Path, name: str, published: str, text: str, outlet: str = "example.org") -> Path:
    path = folder / name
    path.write_text(json.dumps({"title": text.split(".")[0], "maintext": text, "date_publish": f"{published} 09:00:00",
                                "language": "en", "source_domain": outlet, "url": f"https://{outlet}/{name}"}),
                    encoding="utf-8")
    return path


def test_reports_of_one_meeting_become_one_event_with_their_disagreements(tmp_path, db):
    folder = tmp_path / "in"
    folder.mkdir()
    _article(folder, "a.json", "2025-12-03", "US envoy Steve Witkoff met Vladimir Putin in Moscow on Tuesday "
             "for five hours, Yuri Ushakov said.", "one.example")
    _article(folder, "b.json", "2025-12-03", "Vladimir Putin met Steve Witkoff at the Kremlin in Moscow on "
             "Tuesday for four hours.", "two.example")
    _article(folder, "c.json", "2025-12-10", "Ukrainian and Russian delegations met in Istanbul on Monday.",
             "three.example")
    assert api.ingest([folder], db=db).ok
    events = [e for e in api.timeline(db) if e["type"] == "CONSULT"]
    kremlin = next(e for e in events if e["location"] == "Moscow")
    assert set(kremlin["sources"]) == {"a.json", "b.json"} and kremlin["date"] == "2025-12-02"
    assert {"Russia", "United States"} <= set(kremlin["parties"])
    # every merge says why: the distance and its terms
    joined = [r for r in kremlin["reports"] if r["match"]]
    assert joined and {"distance", "parties", "days", "place", "text"} <= joined[0]["match"].keys()
    # "five hours" against "four hours" in the same sentences
    numbers = [d for d in kremlin["disagreements"] if d["field"] == "number"]
    assert numbers and {v["value"] for v in numbers[0]["values"]} == {4.0, 5.0}
    assert not any(e["location"] == "Istanbul" and "a.json" in e["sources"] for e in events)
    # --as-of replays the past: the Istanbul report did not exist yet
    assert all("c.json" not in e["sources"] for e in api.timeline(db, as_of=date(2025, 12, 5)))


def test_tracker_history_as_of_and_since(tmp_path, db):
    folder = tmp_path / "in"
    folder.mkdir()
    _article(folder, "early.json", "2025-11-20", "Russia rejected the deployment of European troops in Ukraine.")
    _article(folder, "late.json", "2025-12-04", "Moscow is open to European troops in Ukraine if a ceasefire holds, "
             "Lavrov said.")
    assert api.ingest([folder], db=db).ok
    row = next(r for r in api.tracker(db) if r["party"] == "Russia" and r["issue"] == "foreign_troops")
    assert [h["stance"] for h in row["history"]] == ["against", "conditional"]
    assert row["stance"] == "conditional" and 0 < row["position"] < 100
    assert all(h["evidence"]["doc"] in ("early.json", "late.json") for h in row["history"])
    past = next(r for r in api.tracker(db, as_of=date(2025, 11, 30)) if r["issue"] == "foreign_troops")
    assert past["stance"] == "against" and past["position"] == 0
    moved = next(r for r in api.tracker(db, since=date(2025, 11, 30)) if r["issue"] == "foreign_troops")
    assert moved["moved"] and moved["before"]["stance"] == "against" and "Sergey Lavrov" in moved["moved_by"]


def test_contradictions_dated_facts_and_numbers_inside_one_article(tmp_path, db):
    folder = tmp_path / "in"
    folder.mkdir()
    _article(folder, "former.json", "2025-12-03", "Former President Donald Trump said the talks went well.")
    _article(folder, "yermak.json", "2025-12-05", "Head of the Presidential Office Andriy Yermak flew to Miami.")
    _article(folder, "cap.json", "2025-11-22", "Before the war Ukraine's army numbered 250,000 troops. "
             "The plan would cap Ukraine's armed forces at 600,000 troops.")
    assert api.ingest([folder], db=db).ok
    found = api.contradictions(db)
    kinds = {(c["kind"], c["evidence"][0]["doc"]) for c in found}
    assert ("dated_fact", "former.json") in kinds  # he is the sitting president
    assert ("dated_fact", "yermak.json") in kinds  # he left that office on 28 November
    assert ("inside", "cap.json") in kinds  # a cap above the size it limits
    for c in found:
        assert c["summary"] and all({"doc", "start", "end", "text"} <= e.keys() for e in c["evidence"])


def test_sources_and_brief_in_three_formats(examples_db, tmp_path):
    data = api.sources(examples_db)
    assert sum(p["documents"] for p in data["outlets"].values()) == 16
    assert any(len(s["documents"]) > 1 for s in data["stories"])  # the republished Kremlin story
    text = api.write_brief(tmp_path / "b.txt", examples_db, fmt="text")
    assert "POSITIONS" in text and "TIMELINE" in text and "EVIDENCE" in text
    md = api.write_brief(tmp_path / "b.md", examples_db, fmt="md", since=date(2025, 11, 30))
    assert "## What moved since 2025-11-30" in md and "](#ev-" in md
    html = api.write_brief(tmp_path / "b.html", examples_db, fmt="html")
    assert html.startswith("<!doctype html>") and "<svg" in html
    assert "<script" not in html and "http-equiv" not in html  # one file, nothing to fetch or run
    assert (tmp_path / "b.html").read_text(encoding="utf-8") == html
    brief = api.brief(examples_db)
    # every evidence key a section points to is in the evidence list
    keys = {k for cell in brief["matrix"].values() for c in cell.values() for k in c["evidence"]}
    keys |= {k for e in brief["timeline"] for k in e["evidence"]}
    assert keys and keys <= set(brief["evidence"])


def test_article_text_is_escaped_in_the_html_brief(tmp_path, db):
    folder = tmp_path / "in"
    folder.mkdir()
    _article(folder, "x.json", "2025-12-03", "Russia rejected the US peace plan <script>alert(1)</script> "
             "<img src=x onerror=alert(2)> on Tuesday, Peskov said.")
    assert api.ingest([folder], db=db).ok
    html = api.write_brief(None, db, fmt="html")
    assert "<script>alert(1)" not in html and "<img src=x" not in html and "&lt;script&gt;" in html


def test_cli_brief_and_export_of_the_picture(examples_db, tmp_path):
    runner = CliRunner()
    out = tmp_path / "brief.html"
    result = runner.invoke(app, ["brief", "--db", examples_db, "--format", "html", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and not (tmp_path / "brief.html.part").exists()
    result = runner.invoke(app, ["tracker", "--db", examples_db, "--as-of", "2025-12-31", "--json"])
    assert result.exit_code == 0 and json.loads(result.output)
    result = runner.invoke(app, ["brief", "--db", examples_db, "--since", "yesterday"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
    written = api.export(tmp_path / "x", examples_db)
    assert {"timeline.jsonl", "tracker.jsonl", "contradictions.jsonl"} <= set(written)
    row = json.loads((tmp_path / "x" / "timeline.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert {"type", "date", "actors", "location", "sources", "disagreements"} <= row.keys()
    row = json.loads((tmp_path / "x" / "tracker.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert {"party", "issue", "stance", "as_of", "history"} <= row.keys()


def test_an_article_dated_report_joins_by_its_publication_and_an_unplaced_one_stays_apart(tmp_path, db):
    folder = tmp_path / "in"
    folder.mkdir()
    _article(folder, "dated.json", "2025-12-03", "Steve Witkoff met Vladimir Putin in Moscow on Tuesday.", "one.example")
    # no date in the text: the event carries its article's day (precision "article"), which is no day of its own
    _article(folder, "undated.json", "2025-12-04", "Steve Witkoff and Vladimir Putin held long talks in Moscow.",
             "two.example")
    # neither a date in the text nor a publication date: nothing places it in time
    (folder / "nowhen.txt").write_text("Vladimir Putin received Steve Witkoff for a meeting in Moscow.\n", encoding="utf-8")
    assert api.ingest([folder], db=db).ok
    events = [e for e in api.timeline(db) if e["type"] == "CONSULT"]
    joined = next(e for e in events if "dated.json" in e["sources"])
    assert set(joined["sources"]) == {"dated.json", "undated.json"} and joined["date"] == "2025-12-02"
    assert all("nowhen.txt" not in e["sources"] or len(e["sources"]) == 1 for e in events)


def _store(*rows: dict) -> Store:
    """A picture store holding the event reports given (doc name, language, publication, type, date, precision,
    parties, actors, location, text), as the store would load them."""
    docs, events = {}, []
    for i, r in enumerate(rows):
        doc = docs.setdefault(r["doc"], Doc(f"id-{r['doc']}", r["doc"], "example.org", r.get("language", "en"),
                                            r.get("published"), None, None, None, None))
        text = r.get("text", "The delegations met.")
        events.append({"id": i, "doc": doc, "type": r.get("type", "CONSULT"), "date": r.get("date"),
                       "date_precision": r.get("precision", "day" if r.get("date") else None),
                       "parties": r["parties"], "actors": r["parties"] + r.get("people", []),
                       "location": r.get("location"), "status": r.get("status", "happened"),
                       "evidence": Evidence(doc, 0, len(text), text), "sources": []})
    return Store(None, docs, events=events)


def _where(events, doc: str) -> set[str]:
    return next(set(e.docs) for e in events if doc in e.docs)


def test_a_report_joins_across_languages_by_the_people_it_names_and_not_by_its_parties_alone():
    parties = ["Arland", "Borovia"]
    store = _store(
        {"doc": "dated.json", "published": date(2030, 3, 5), "date": "2030-03-04", "parties": parties,
         "people": ["Ann Example", "Bo Sample"], "text": "Ann Example met Bo Sample on Monday."},
        # in another language, dated by its article only, no place: the two persons it names are the event's
        {"doc": "named.json", "language": "fr", "published": date(2030, 3, 5), "date": "2030-03-05",
         "precision": ARTICLE_PRECISION, "parties": parties, "people": ["Bo Sample", "Ann Example"],
         "text": "Ann Example a rencontré Bo Sample."},
        # the same parties and window, but no place, no person and no wording in common: it stays apart
        {"doc": "bare.json", "language": "de", "published": date(2030, 3, 5), "date": "2030-03-05",
         "precision": ARTICLE_PRECISION, "parties": parties, "text": "Die Delegationen trafen sich."},
    )
    events = build_timeline(store)
    assert _where(events, "dated.json") == {"dated.json", "named.json"}
    assert _where(events, "bare.json") == {"bare.json"}
    joined = next(r for e in events for r in e.reports if r.evidence.doc.name == "named.json")
    assert joined.match["people"] == -0.25 and joined.match["text"] == 0.25


def test_an_undated_report_joins_the_event_nearest_its_publication():
    parties = ["Arland", "Borovia"]
    store = _store(
        {"doc": "first.json", "published": date(2030, 3, 3), "date": "2030-03-02", "parties": parties,
         "location": "Eastport", "text": "The delegations met in Eastport."},
        {"doc": "second.json", "published": date(2030, 3, 11), "date": "2030-03-10", "parties": parties,
         "location": "Eastport", "text": "The delegations met in Eastport."},
        # published the day after the second meeting and nine days after the first: it tells of the second
        {"doc": "later.json", "published": date(2030, 3, 11), "date": "2030-03-11", "precision": ARTICLE_PRECISION,
         "parties": parties, "location": "Eastport", "text": "The delegations met in Eastport."},
    )
    events = build_timeline(store)
    assert _where(events, "later.json") == {"second.json", "later.json"}
    assert _where(events, "first.json") == {"first.json"}
    joined = next(r for e in events for r in e.reports if r.evidence.doc.name == "later.json")
    assert 0.25 < joined.match["days"] < 0.5
