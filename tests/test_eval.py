"""`redline eval GOLD_DIR`: the scoring rules on records written for these tests, and the store scored
against gold made from its own export."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from redline import api
from redline.cli import app
from redline.evaluation.score import Scorer, content_words, evaluate, unit
from redline.evaluation.vocabulary import Vocabulary, fold
from redline.scenario import load_scenario


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary.of(load_scenario(None))


def score_one(vocab, gold: dict, records: dict, doc: dict | None = None) -> dict:
    scorer = Scorer(vocab)
    full = {"statements": [], "positions": [], "events": [], "claims": [], **records}
    scorer.document({"doc": "a.txt", "language": "en", **gold}, doc or {"doc": "a.txt", "language": "en"}, full)
    return scorer.result()


def test_names_fold_case_accents_and_a_title_in_front(vocab):
    assert fold("The  Élysée’s") == "elysee's"
    assert vocab.name("special envoy STEVE WITKOFF") == vocab.name("Steve Witkoff") == "Steve Witkoff"
    assert vocab.party("Vladimir Putin") == "Russia"
    assert vocab.name("Someone Unknown") == "someone unknown"


def test_a_statement_matches_when_the_speaker_is_the_same_and_most_content_words_are_covered(vocab):
    gold = {"statements": [{"speaker": "Vladimir Putin", "kind": "direct",
                            "text": "our delegation will travel to the capital next week for new talks"}]}
    covered = {"speaker": "President Vladimir Putin", "text": "our delegation will travel to the capital next week"}
    too_little = {"speaker": "Vladimir Putin", "text": "our delegation will travel"}
    other = {"speaker": "Dmitry Peskov", "text": gold["statements"][0]["text"]}
    assert score_one(vocab, gold, {"statements": [covered]})["kinds"]["statements"]["f1"] == 1.0
    assert score_one(vocab, gold, {"statements": [too_little]})["kinds"]["statements"]["matched"] == 0
    assert score_one(vocab, gold, {"statements": [other]})["kinds"]["statements"]["matched"] == 0
    assert "the" not in content_words("the delegation", "en") and "delegation" in content_words("the delegation", "en")
    assert content_words("双方会谈", "zh") == {"双", "方", "会", "谈"}


def test_positions_count_for_the_party_and_events_need_their_parties_and_close_dates(vocab):
    positions = {"positions": [{"actor": "Russia", "issue": "ceasefire", "stance": "against"}]}
    by_person = {"positions": [{"actor": "Sergey Lavrov", "issue": "ceasefire", "stance": "against"}]}
    assert score_one(vocab, positions, by_person)["kinds"]["positions"]["f1"] == 1.0
    gold = {"events": [{"type": "CONSULT", "date": "2025-03-10", "actors": ["Russia", "Ukraine"]}]}
    next_day = {"type": "consult", "date": "2025-03-11", "actors": ["Sergey Lavrov", "Ukraine"]}
    week_later = {**next_day, "date": "2025-03-17"}
    one_side = {**next_day, "actors": ["Russia"]}
    assert score_one(vocab, gold, {"events": [next_day]})["kinds"]["events"]["matched"] == 1
    assert score_one(vocab, gold, {"events": [week_later]})["kinds"]["events"]["matched"] == 0
    assert score_one(vocab, gold, {"events": [one_side]})["kinds"]["events"]["matched"] == 0
    undated = score_one(vocab, gold, {"events": [{**next_day, "date": None}]})
    assert undated["kinds"]["events"]["matched"] == 1 and undated["event_dates_missing"] == 1


def test_claims_match_on_value_within_half_a_percent_and_the_unit(vocab):
    gold = {"claims": [{"value": 2000, "unit": "troops", "about": "soldiers sent"}]}
    assert unit("per cent") == unit("%") == "percent" and unit("troops") == "people"
    assert score_one(vocab, gold, {"claims": [{"value": 2009, "unit": "people"}]})["kinds"]["claims"]["matched"] == 1
    assert score_one(vocab, gold, {"claims": [{"value": 2011, "unit": "people"}]})["kinds"]["claims"]["matched"] == 0
    assert score_one(vocab, gold, {"claims": [{"value": 2000, "unit": "km"}]})["kinds"]["claims"]["matched"] == 0


def _gold_from_export(examples_db) -> list[dict]:
    """Gold documents that say exactly what the store extracted."""
    rows = {k: api.export_rows(k, examples_db) for k in ("documents", "statements", "positions", "events", "claims")}
    gold = []
    for d in rows["documents"]:
        gold.append({"doc": d["doc"], "published": d["published"], "language": d["language"], "flags": d["flags"],
                     "actors": d["actors"],
                     **{k: [r for r in rows[k] if r["doc"] == d["doc"]] for k in ("statements", "positions", "events",
                                                                                   "claims")}})
    return gold


def test_the_store_scored_against_its_own_export_is_perfect_and_a_missing_gold_record_costs_precision(
        examples_db, tmp_path):
    gold = _gold_from_export(examples_db)
    for g in gold:
        (tmp_path / (g["doc"].replace("#", "_") + ".json")).write_text(json.dumps(g), encoding="utf-8")
    result = api.evaluate(tmp_path, examples_db)
    assert result["documents_scored"] == len(gold) and result["errors"] == []
    assert result["overall_f1"] == 1.0
    assert all(result["by_language"][lang]["overall_f1"] == 1.0 for lang in result["by_language"])
    # take one gold statement away: every prediction still exported, one fewer matched
    doc = next(g for g in gold if g["statements"])
    doc["statements"] = doc["statements"][1:]
    rows = {k: api.export_rows(k, examples_db) for k in ("documents", "statements", "positions", "events", "claims")}
    partial = evaluate(gold, rows, Vocabulary.of(load_scenario(None)))["kinds"]["statements"]
    n = len(rows["statements"])
    assert (partial["matched"], partial["predicted"], partial["gold"]) == (n - 1, n, n - 1)
    assert partial["p"] == round((n - 1) / n, 3) and partial["r"] == 1.0


def test_cli_reports_a_broken_gold_file_and_scores_the_rest(examples_db, tmp_path):
    gold = _gold_from_export(examples_db)[:2]
    for i, g in enumerate(gold):
        (tmp_path / f"{i}.json").write_text(json.dumps(g), encoding="utf-8")
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(tmp_path), "--db", examples_db, "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["documents_scored"] == 2 and len(data["errors"]) == 1 and "broken.json" in data["errors"][0]
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(app, ["eval", str(empty), "--db", examples_db])
    assert result.exit_code == 1 and "no gold documents" in result.output and "Traceback" not in result.output
