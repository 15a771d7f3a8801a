"""Back-tests: forecasts made from the store as of a date, scored against the evidence published later."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import numpy as np
import pytest
from typer.testing import CliRunner

from redline import api
from redline.cli import app
from redline.models import backtest as bt


def _copy(src: str, dst) -> str:
    """A copy of a SQLite store, its write-ahead log included (the backup API, not a file copy)."""
    with sqlite3.connect(src) as a, sqlite3.connect(str(dst)) as b:
        a.backup(b)
    return str(dst)


def test_cutoffs_classes_and_brier():
    assert bt.cutoffs(date(2025, 1, 1), date(2025, 1, 15), 7) == [date(2025, 1, 1), date(2025, 1, 8), date(2025, 1, 15)]
    with pytest.raises(ValueError):
        bt.cutoffs(date(2025, 1, 1), date(2025, 1, 2), 0)
    assert [bt._class(d) for d in (-30, -10, -9.9, 0, 9.9, 10, 40)] == [0, 0, 1, 1, 1, 2, 2]
    assert bt._brier(np.array([0.0, 1.0, 0.0]), 1) == 0.0  # sure and right
    assert bt._brier(np.array([0.0, 1.0, 0.0]), 2) == 2.0  # sure and wrong
    assert bt._brier(np.full(3, 1 / 3), 0) == pytest.approx(2 / 3)
    assert "Not back-tested" in bt.score_line(None)


def test_backtest_on_a_store_scores_the_model_beside_the_baselines(examples_db, tmp_path):
    db = _copy(examples_db, tmp_path / "copy.db")
    result = api.backtest(db, step=7, method="compromise", runs=20, seed=1)
    assert result["cutoffs"] and result["baselines"] == ["no_move", "capability_mean"]
    overall = result["overall"]
    assert overall["outcomes"] > 0 and overall["directions"] > 0  # the examples have later evidence to score
    for name in ("compromise", "no_move", "capability_mean"):
        assert 0 <= overall["mae"][name] <= 100
        assert 0 <= overall["brier"][name] <= 2
    # the cut-offs that scored something add up to the overall counts
    assert sum(c["outcomes"] for c in result["cutoffs"]) == overall["outcomes"]
    # saved, found again by method, and not mistaken for a model run
    assert api.latest_backtest(db, method="compromise")["overall"] == overall
    assert api.latest_backtest(db, method="smp") is None
    with pytest.raises(Exception, match="no model run"):
        api.explain_model(db)
    again = api.backtest(db, step=7, method="compromise", runs=20, seed=1, save=False)
    assert again["overall"] == overall  # the same seed, the same scores


def test_backtest_command(examples_db, tmp_path):
    db = _copy(examples_db, tmp_path / "copy.db")
    runner = CliRunner()
    result = runner.invoke(app, ["backtest", "--step", "2w", "--method", "compromise", "--runs", "0", "--db", db,
                                 "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["step"] == 14 and data["runs"] == 0
    table = runner.invoke(app, ["backtest", "--step", "14d", "--method", "compromise", "--runs", "0", "--db", db])
    assert table.exit_code == 0 and "all" in table.output and "Back-tested on this store" in table.output
    forecast = runner.invoke(app, ["model", "run", "--method", "compromise", "--db", db])
    assert forecast.exit_code == 0 and "Back-tested on this store" in forecast.output
    bad = runner.invoke(app, ["backtest", "--step", "weekly", "--db", db])
    assert bad.exit_code == 2 and "--step" in bad.output and "Traceback" not in bad.output
    backwards = runner.invoke(app, ["backtest", "--from", "2025-12-01", "--to", "2025-01-01", "--db", db])
    assert backwards.exit_code == 2 and "before" in backwards.output


def test_forecasts_shown_say_how_such_forecasts_scored(examples_db, tmp_path):
    from fastapi.testclient import TestClient

    from redline.web.app import create_app

    db = _copy(examples_db, tmp_path / "copy.db")
    client = TestClient(create_app(db))
    assert "Not back-tested on this store yet" in client.get("/model").text
    api.run_model("compromise", db, runs=0)
    api.backtest(db, step=7, method="compromise", runs=0)
    page = client.get("/model").text
    assert "How such forecasts scored" in page and "Back-tested on this store" in page and "<svg" in page
    run = api.explain_model(db)  # the latest model run, not the back-test
    issue = next(iter(run["issues"]))
    assert "Back-tested on this store" in client.get(f"/issues/{issue}").text
    brief = api.write_brief(None, db, fmt="html")
    assert "Forecasts back-tested" in brief and "Back-tested on this store" in brief
    assert "FORECASTS BACK-TESTED" in api.write_brief(None, db, fmt="text")
