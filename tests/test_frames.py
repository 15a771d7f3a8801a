"""The DataFrame API on a real store: row counts equal the export's, columns are typed, filters are the CLI's."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from redline import api
from redline.cli import app

pd = pytest.importorskip("pandas", reason="the pandas extra is not installed")

from redline.frames import EVIDENCE, Redline, sentence_around  # noqa: E402


@pytest.fixture(scope="module")
def rl(examples_db) -> Redline:
    return Redline(examples_db)


@pytest.mark.parametrize("kind", api.EXPORT_KINDS)
def test_row_counts_equal_the_export(rl, examples_db, tmp_path, kind):
    written = api.export(tmp_path, examples_db)
    assert len(getattr(rl, kind)()) == written[f"{kind}.jsonl"]


@pytest.mark.parametrize("kind", ["statements", "positions", "events", "claims", "timeline", "tracker"])
def test_every_row_carries_its_evidence(rl, examples_db, kind):
    frame = getattr(rl, kind)()
    assert len(frame) > 0
    assert set(EVIDENCE) <= set(frame.columns)
    assert frame[["doc", "doc_id", "start", "end", "sentence"]].notna().all().all()
    assert str(frame["start"].dtype) == "Int64" and (frame["end"] > frame["start"]).all()
    # the span points at the sentence in the document's original text
    row = frame.iloc[0]
    text = api.get_document(row["doc_id"], examples_db)["text"]
    if kind == "claims":  # the span is the number as written, inside the sentence
        assert text[row["start"]:row["end"]] == row["text"] and row["text"] in row["sentence"]
    else:
        assert text[row["start"]:row["end"]].strip() == row["sentence"].strip()


def test_the_sentence_around_a_span():
    text = "Talks ended at 3.30 p.m. on Friday. The fund holds 2.5 billion euros now! 双方同意。下周再谈。"
    start = text.index("2.5")
    assert sentence_around(text, start, start + 3) == "The fund holds 2.5 billion euros now!"
    start = text.index("下周")
    assert sentence_around(text, start, start + 2) == "下周再谈。"


def test_columns_are_typed(rl):
    positions = rl.positions()
    assert isinstance(positions["stance"].dtype, pd.CategoricalDtype)
    assert list(positions["stance"].cat.categories[:3]) == ["for", "against", "conditional"]
    assert pd.api.types.is_datetime64_any_dtype(positions["date"])
    events = rl.events()
    assert isinstance(events["type"].dtype, pd.CategoricalDtype) and "CONSULT" in events["type"].cat.categories
    assert pd.api.types.is_datetime64_any_dtype(rl.documents()["published"])
    assert pd.api.types.is_datetime64_any_dtype(rl.tracker()["last_date"])


def _cli_json(*args: str) -> list:
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_filters_match_the_cli(rl, examples_db):
    assert len(rl.tracker(party="Russia")) == len(_cli_json("tracker", "--party", "Russia", "--db", examples_db))
    assert len(rl.tracker(since="2025-12-01")) == len(_cli_json("tracker", "--since", "2025-12-01", "--db", examples_db))
    assert len(rl.timeline(etype="consult")) == len(_cli_json("timeline", "--type", "consult", "--limit", "0",
                                                               "--db", examples_db))
    docs = _cli_json("docs", "--lang", "de", "--limit", "1000", "--db", examples_db)
    assert len(rl.documents(lang="de")) == docs["total"] > 0
    russia = rl.positions(party="Russia")
    assert len(russia) > 0 and set(russia["party"].astype(str)) == {"Russia"}


def test_brief_and_tracker_show_in_a_notebook(rl):
    page = rl.brief()._repr_html_()
    assert page.startswith("<iframe srcdoc=") and "&lt;html" in page
    grid = rl.tracker_view()._repr_html_()
    first = rl.tracker().iloc[0]
    assert f"<th>{first['party']}</th>" in grid and str(first["stance"]) in grid


def test_model_runs_frame(rl, examples_db, tmp_path):
    runs_before = len(rl.model_runs())
    api.run_model("compromise", examples_db)
    runs = rl.model_runs()
    assert len(runs) == runs_before + 1
    assert pd.api.types.is_datetime64_any_dtype(runs["created_at"])
    rounds = rl.model_rounds()
    assert set(rounds["run_id"]) == {runs["run_id"].iloc[-1]}
    assert {"issue", "round", "actor", "position"} <= set(rounds.columns)
