"""CLI output rendered at 80 and 160 columns: no line too long, no word broken across lines; model runs
fold still rounds; progress bars show rate and time left; -q and NO_COLOR are respected."""

from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import subprocess
import sys

import pytest
from rich.console import Console
from typer.testing import CliRunner

from redline import api
from redline.cli import app
from redline.report.tables import FitTable, collapse_rounds, progress_bar

from .conftest import ROOT

WORD = re.compile(r"\w+…?")
SOURCES = [ROOT / "src" / "redline" / "cli.py", ROOT / "src" / "redline" / "report" / "tables.py",
           ROOT / "src" / "redline" / "scenarios" / "russia_ukraine" / "short.yaml",
           ROOT / "src" / "redline" / "models" / "backtest.py"]  # the score line under a forecast


def broken_words(rendered: str, known: set[str]) -> list[str]:
    """Words of the rendered output that are neither known whole words nor cut with an ellipsis: the
    pieces of a word broken across lines."""
    return [w for w in WORD.findall(rendered) if not w.endswith("…") and not w.isdigit() and w not in known]


def known_words(*texts: str) -> set[str]:
    words = set()
    for text in [*texts, *(p.read_text(encoding="utf-8") for p in SOURCES)]:
        words.update(re.findall(r"\w+", text))
    return words | {w[:8] for w in words if re.fullmatch(r"[0-9a-f]{16}", w)}  # short references


def run(args: list[str], columns: int) -> str:
    result = CliRunner().invoke(app, args, env={"COLUMNS": str(columns), "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_checker_finds_a_word_broken_across_lines():
    known = {"frozen_assets", "Russia"}
    assert broken_words("Russia │ frozen_as\n       │ sets", known) == ["frozen_as", "sets"]
    assert broken_words("Russia │ frozen_a…", known) == []


@pytest.fixture(scope="module")
def with_run(examples_db, tmp_path_factory) -> str:
    """A copy of the examples store with a model run in it (the session's store stays without one)."""
    copy = str(tmp_path_factory.mktemp("terminal") / "examples.db")
    with sqlite3.connect(examples_db) as a, sqlite3.connect(copy) as b:
        a.backup(b)
    api.run_model("eum", copy)
    return copy


_KNOWN: dict[tuple, set[str]] = {}


def _known_for(args: tuple) -> set[str]:
    """The words of a command's --json output (read once for both widths)."""
    if args not in _KNOWN:
        data = CliRunner().invoke(app, [*args, "--json"])
        _KNOWN[args] = known_words(data.stdout) if data.exit_code == 0 else known_words()
    return _KNOWN[args]


COMMANDS = [["status"], ["docs"], ["timeline", "--limit", "0"], ["tracker"], ["tracker", "--since", "2025-11-25"],
            ["contradictions"], ["sources"], ["show", "02_kremlin_meeting_citations.txt"], ["model", "inputs"],
            ["model", "run"], ["model", "explain"]]


@pytest.mark.parametrize("columns", [80, 160])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c[:3]))
def test_tables_fit_and_keep_their_words_whole(with_run, command, columns):
    args = [*command, "--db", with_run]
    rendered = run(args, columns)
    assert max(len(line) for line in rendered.splitlines()) <= columns
    known = _known_for(tuple(args))
    if command[0] == "show":
        known |= known_words(json.dumps(api.get_document(command[1], with_run), ensure_ascii=False))
    assert broken_words(rendered, known) == [], rendered


def test_evidence_is_a_short_reference_unless_wide(examples_db):
    narrow = run(["tracker", "--db", examples_db], 80)
    wide = run(["tracker", "--wide", "--db", examples_db], 160)
    first = api.tracker(examples_db)[0]["history"][-1]["evidence"]
    assert f"{first['id'][:8]}:{first['start']}" in narrow
    assert f"{first['doc']}:{first['start']}-{first['end']}" in wide


def test_a_model_run_folds_the_rounds_in_which_nothing_moved():
    rounds = [{"round": i, "positions": {"A": p, "B": 10.0}}
              for i, p in enumerate([50.0, 60.0, 60.0, 60.04, 70.0, 70.0])]
    folded = list(collapse_rounds(rounds))
    assert [r.get("round", r.get("still")) for r in folded] == [0, 1, (2, 3), 4, (5, 5)]
    table = FitTable(["round", "A"])
    table.add_row("1–9", "·")
    console = Console(file=io.StringIO(), width=80)
    console.print(table)
    assert "1–9" in console.file.getvalue()


def test_model_run_output_shows_one_line_for_still_rounds(with_run):
    rendered = run(["model", "run", "--rounds", "10", "--db", with_run], 80)
    result = api.run_model("eum", with_run, save=False)
    still = [issue for issue, data in result["issues"].items()
             if all(r["positions"] == data["rounds"][0]["positions"] for r in data["rounds"])]
    assert still, "the example store has an issue on which no one moves"
    assert "1–10" in rendered and "no position moved" in rendered


def test_progress_bar_shows_count_rate_and_time_left():
    console = Console(file=io.StringIO(), force_terminal=True, width=80, color_system=None)
    with progress_bar("extract", console) as bar:
        task = bar.add_task("", total=10)
        for _ in range(4):
            bar.advance(task)
        bar.refresh()
    shown = console.file.getvalue()
    assert "4/10" in shown and "/s" in shown and re.search(r"\d:\d\d:\d\d", shown)
    quiet = Console(file=io.StringIO(), force_terminal=True, width=80)
    with progress_bar("extract", quiet, disable=True) as bar:
        bar.add_task("", total=3)
    assert quiet.file.getvalue() == ""


def test_quiet_drops_notes_and_keeps_results(examples_db):
    loud = CliRunner().invoke(app, ["timeline", "--db", examples_db], env={"COLUMNS": "80"})
    quiet = CliRunner().invoke(app, ["-q", "timeline", "--db", examples_db], env={"COLUMNS": "80"})
    assert "placed at its first report" in loud.stdout
    assert "placed at its first report" not in quiet.stdout and "events" in quiet.stdout


def test_no_color_is_respected_in_a_real_terminal_session(examples_db):
    """FORCE_COLOR makes a terminal session of a pipe (the tracker colours its stances there); NO_COLOR
    must leave the styles (bold headers) and drop every colour."""
    env = {**os.environ, "FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "80"}
    args = [sys.executable, "-c", "from redline.cli import main; main()", "tracker", "--db", examples_db]
    plain = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    assert plain.returncode == 0, plain.stderr
    assert "\x1b[1m" in plain.stdout  # styled: a terminal session
    assert not re.search(r"\x1b\[(?:3|9)\dm", plain.stdout)
