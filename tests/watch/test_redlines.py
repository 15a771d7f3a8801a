"""Red lines per party against the proposals' terms, and commitments against later reports, on the bundled
examples and on sentences written for these tests."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from redline import api
from redline.cli import app
from redline.watch.text import find

from .helpers import write_articles


def _checkable(ev: dict, db: str) -> None:
    """The span of an evidence item lies in its document's original text, inside the sentence quoted."""
    doc = api.get_document(ev["id"], db)
    span = " ".join(doc["text"][ev["start"]:ev["end"]].split())
    assert span and span in ev["text"]


def test_the_examples_show_a_red_line_a_proposal_crosses(watched_db):
    data = api.redlines(watched_db)
    lines = data["red_lines"]["Ukraine"]
    [cap] = [line for line in lines if line["issue"] == "military_cap"]
    assert cap["stance"] == "against" and cap["date"] == "2025-11-25" and "never" in cap["cues"]
    crossing = data["matrix"]["the 28-point plan"]["Ukraine"]
    assert {(c["issue"], c["term"]) for c in crossing} >= {("military_cap", "for"), ("military_cap", "number")}
    numbers = [n["value"] for c in crossing for n in c["numbers"]]
    assert 600000 in numbers
    for c in crossing:
        for ev in c["term_evidence"] + c["red_line_evidence"]:
            _checkable(ev, watched_db)
    names = [p["name"] for p in data["proposals"]]
    assert names == ["the 28-point plan", "the European counter-proposal", "the 20-point plan"]
    assert "United States" not in data["matrix"]["the 28-point plan"]  # a drafter's own terms cross nothing of it


def test_the_examples_show_a_commitment_kept_by_later_reports(watched_db):
    rows = api.commitments(watched_db)
    [swap] = [r for r in rows if r["issues"] == ["prisoner_exchange"]]
    assert swap["status"] == "fulfilled" and {"Russia", "Ukraine"} <= set(swap["parties"])
    assert [t["value"] for t in swap["terms"]] == [1000]
    assert [e["doc"] for e in swap["fulfilled"]] == ["02_exchange_completed.json"]
    assert [e["doc"] for e in swap["partly"]] == ["01_exchange_first_stage.json"]  # 390 of 1,000
    for ev in swap["evidence"] + swap["fulfilled"] + swap["partly"]:
        _checkable(ev, watched_db)
    assert all(r["status"] in ("open", "fulfilled", "partly", "violated", "disputed") for r in rows)


def test_the_commands_print_and_export(watched_db):
    runner = CliRunner()
    shown = runner.invoke(app, ["redlines", "--db", watched_db])
    assert shown.exit_code == 0 and "military_cap" in shown.output and "28-point" in shown.output
    assert max(len(line) for line in shown.output.splitlines()) <= 80
    as_json = json.loads(runner.invoke(app, ["redlines", "--db", watched_db, "--json", "--party", "Ukraine"]).stdout)
    assert list(as_json["red_lines"]) == ["Ukraine"]
    kept = runner.invoke(app, ["commitments", "--db", watched_db, "--status", "fulfilled"])
    assert kept.exit_code == 0 and "fulfilled: 02_exchange_completed.json" in kept.output
    assert json.loads(runner.invoke(app, ["commitments", "--db", watched_db, "--json"]).stdout)


@pytest.mark.parametrize(("language", "sentence", "cue"), [
    ("en", "Kyiv will never give up the east, the minister said.", "never"),
    ("en", "The president called the demand unacceptable.", "unacceptable"),
    ("en", "Neutrality is a red line for us.", "red line"),
    ("de", "Der Kanzler nannte eine Obergrenze für die Armee inakzeptabel.", "inakzeptabel"),
    ("de", "Das ist für uns eine rote Linie.", "rote Linie"),
    ("fr", "Le ministre a dit que la neutralité n'était pas négociable.", "pas négociable"),
    ("fr", "La France n'acceptera jamais ce plan.", "n'acceptera jamais"),
    ("ru", "Министр назвал это требование неприемлемым.", "неприемлемым"),
    ("uk", "Це червона лінія для нашої країни.", "червона лінія"),
    ("es", "El ministro dijo que la cesión de territorio es inaceptable.", "inaceptable"),
    ("pl", "Premier powiedział, że Polska nigdy nie uzna aneksji.", "nigdy"),
    ("zh", "外交部表示，这是绝不能跨越的红线。", "绝不"),
    ("ar", "وقال الوزير ولن نقبل بأي تنازل عن الأرض.", "ولن نقبل"),  # with its proclitic "and"
])
def test_red_line_cues_in_the_pack_languages(language, sentence, cue):
    assert find("redlines", language, sentence) == cue


@pytest.mark.parametrize(("language", "sentence"), [
    ("de", "Die Niederlande und Belgien stimmten zu."),  # "nie" inside a word
    ("en", "Nevertheless, the talks went on."),  # "never" inside a word
    ("fr", "Les ministres se sont rencontrés mardi."),
    ("ru", "Министр встретился с послом."),
])
def test_red_line_cues_are_whole_words(language, sentence):
    assert find("redlines", language, sentence) is None


@pytest.mark.parametrize(("language", "part", "sentence", "cue"), [
    ("en", "agreed", "The two sides agreed to a ceasefire from Monday.", "agreed to"),
    ("en", "fulfilled", "The exchange was carried out at the border on Friday.", "carried out"),
    ("en", "violated", "Kyiv said Moscow had violated the truce within hours.", "violated"),
    ("en", "denied", "The ministry denied the claim.", "denied"),
    ("ru", "violated", "Москва заявила, что Киев нарушил перемирие.", "нарушил"),
    ("de", "agreed", "Beide Seiten haben eine Waffenruhe vereinbart.", "vereinbart"),
])
def test_commitment_cues(language, part, sentence, cue):
    assert find("commitments", language, sentence, part) == cue


def test_an_accused_and_denied_commitment_is_disputed_with_both_sides(tmp_path, db):
    articles = {
        "agreed": ("2025-03-18", "wire.example", "Russia and Ukraine agreed to an energy ceasefire on Tuesday, March 18, "
                   "Kremlin spokesman Dmitry Peskov said."),
        "accused": ("2025-03-20", "news.example.ua", "Ukraine accused Russia of violating the energy ceasefire on "
                    "Thursday, March 20, with drone strikes on a power plant."),
        "denied": ("2025-03-21", "news.example.ru", "The Kremlin denied the accusation and said Russian forces had "
                   "respected the ceasefire since Tuesday."),
        "before": ("2025-03-10", "wire.example", "Ukraine accused Russia of violating an earlier ceasefire on March 10."),
    }
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_articles(inbox, articles)
    assert api.ingest([inbox], db=db).ok
    [truce] = [c for c in api.commitments(db) if c["date"] == "2025-03-18"]
    assert truce["issues"] == ["ceasefire"] and {"Russia", "Ukraine"} <= set(truce["parties"])
    assert truce["status"] == "disputed"
    assert [(e["doc"], e["side"]) for e in truce["violated"]] == [("accused.json", "Ukraine")]
    assert [(e["doc"], e["side"]) for e in truce["denied"]] == [("denied.json", "Russia")]
    [accusation] = truce["accusations"]  # the ACCUSE event links to the commitment it names
    assert accusation["evidence"]["doc"] == "accused.json" and set(accusation["parties"]) == {"Russia", "Ukraine"}
    for ev in truce["violated"] + truce["denied"]:
        _checkable(ev, db)
