"""Each kind of signal on articles written for it, and watch lists that are wrong."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from redline import api
from redline.cli import app
from redline.errors import SignalError
from redline.scenario import load_scenario
from redline.watch.signals import parse_signals

from .helpers import write_articles

# day, outlet, text: a stance that moves and moves back, and a meeting only Russian media carry
ARTICLES = {
    "r1": ("2025-07-01", "news.example.ru", "Russia rejected the peace plan on Tuesday, July 1, Kremlin spokesman "
           "Dmitry Peskov said."),
    "r2": ("2025-07-10", "wire.example", "Russia is ready to accept the peace plan as a basis for talks, Dmitry "
           "Peskov said on Thursday, July 10."),
    "r3": ("2025-07-11", "other.example", "Russia rejected the peace plan again on Friday, July 11, Sergei Lavrov "
           "said."),
    "v1": ("2025-07-15", "news.example.ru", "Sergei Lavrov met Hakan Fidan in Ankara on Tuesday, July 15."),
}
RULES = """
signals:
  - {name: moved, kind: stance_change, party: Moscow, issue: peace_plan}
  - {name: moved-to-for, kind: stance_change, party: Russia, issue: peace_plan, from: against, to: for}
  - {name: disagree, kind: contradiction, kinds: [stances, reports]}
  - {name: russian-only, kind: coverage, side: Russia}
  - {name: ukrainian-only, kind: coverage, side: Ukraine}
  - {name: quiet, kind: silence, party: Russia, issue: peace_plan, days: 3}
  - {name: quiet-long, kind: silence, party: Russia, issue: peace_plan, days: 30}
  - {name: plan-words, kind: statement, party: Russia, words: [peace plan]}
"""


@pytest.fixture(scope="module")
def fired(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kinds")
    inbox = folder / "inbox"
    inbox.mkdir()
    write_articles(inbox, ARTICLES)
    rules = folder / "signals.yaml"
    rules.write_text(RULES, encoding="utf-8")
    db = str(folder / "store.db")
    [report] = api.watch([inbox], db, signals_file=rules)
    assert not report.errors
    by_rule: dict[str, list[dict]] = {}
    for a in report.fired:
        by_rule.setdefault(a["rule"], []).append(a)
    return by_rule


def _docs(alert: dict) -> list[str]:
    return [e["doc"].removesuffix(".json") for e in alert["evidence"]]


def test_a_stance_change_names_both_sentences(fired):
    moves = sorted(fired["moved"], key=lambda a: a["day"])
    assert [(a["data"]["from"], a["data"]["to"], a["day"]) for a in moves] == [
        ("against", "for", "2025-07-10"), ("for", "against", "2025-07-11")]
    assert _docs(moves[0]) == ["r1", "r2"] and _docs(moves[1]) == ["r2", "r3"]
    assert [a["day"] for a in fired["moved-to-for"]] == ["2025-07-10"]  # from and to filter


def test_a_contradiction_of_a_kind(fired):
    [found] = fired["disagree"]
    assert {"r2"} <= set(_docs(found)) and found["data"]["contradiction"] in ("stances", "reports")


def test_coverage_by_one_side_only(fired):
    [found] = fired["russian-only"]
    assert _docs(found) == ["v1"] and found["data"]["side"] == "Russia"
    assert "ukrainian-only" not in fired


def test_silence_counts_days_on_the_store_clock(fired):
    [found] = fired["quiet"]
    assert found["data"]["days"] == 4 and _docs(found) == ["r3"]
    assert "quiet-long" not in fired


def test_a_statement_with_words(fired):
    docs = sorted(d for a in fired["plan-words"] for d in _docs(a))
    assert docs and set(docs) <= {"r1", "r2", "r3"}


@pytest.mark.parametrize(("text", "reason"), [
    ("signals: [", "not valid YAML"),
    ("rules: []", "a `signals:` list"),
    ("signals:\n  - {name: a, kind: rumour}", "kind 'rumour' is not one of"),
    ("signals:\n  - {name: a, kind: silence, party: Russia, issue: peace_plan}", "silence needs days"),
    ("signals:\n  - {name: a, kind: threshold, issue: peace_plan, above: many}", "needs a number"),
    ("signals:\n  - {name: a, kind: stance_change, party: Russia, to: maybe}", "to is one of"),
    ("signals:\n  - {name: a, kind: event, types: [CONSULT], colour: red}", "not colour"),
    ("signals:\n  - {name: a, kind: statement, issue: weather}", "has no issue 'weather'"),
    ("signals:\n  - {name: a, kind: contradiction, kinds: [gossip]}", "kinds is a list of"),
    ("signals:\n  - {name: a, kind: coverage, side: Mars}", "no media of side 'Mars'"),
    ("signals:\n  - {name: a, kind: event, types: [AID]}\n  - {name: a, kind: event, types: [AID]}", "used twice"),
])
def test_a_wrong_watch_list_is_one_line_naming_the_file(text, reason):
    with pytest.raises(SignalError) as caught:
        parse_signals(text, "mine.yaml", load_scenario())
    message = str(caught.value)
    assert message.startswith("mine.yaml: ") and reason in message and "\n" not in message


def test_the_cli_refuses_a_wrong_watch_list_before_any_work(tmp_path, db):
    bad = tmp_path / "bad.yaml"
    bad.write_text("signals:\n  - {name: a, kind: rumour}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["watch", str(tmp_path), "--once", "--signals", str(bad), "--db", db])
    assert result.exit_code == 1 and result.output.count("\n") == 1 and "bad.yaml" in result.output
    assert "Traceback" not in result.output
    listed = CliRunner().invoke(app, ["signals", "--json"])
    assert listed.exit_code == 0 and len(json.loads(listed.stdout)) >= 10  # the pack's own watch list


def test_the_bundled_watch_list_is_valid_and_names_known_parties(tmp_path):
    pack = load_scenario()
    rules = api.signals(None, str(tmp_path / "new.db"))
    assert {r["kind"] for r in rules} == {"stance_change", "statement", "event", "contradiction", "threshold",
                                         "silence", "coverage"}
    for r in rules:
        for who in [r.get("party"), r.get("person"), *(r.get("parties") or [])]:
            assert who is None or who in pack.actors, who
