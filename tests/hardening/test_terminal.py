"""Issue 12.5: a file name with a newline or a terminal escape code cannot forge or recolour a line."""

import json
import subprocess
import sys

from redline.errors import InputError, terminal_safe


def test_control_characters_are_shown_escaped():
    assert terminal_safe("a\nb\x1b[31mc\rd\te\u2028f\x7f") == "a\\nb\\x1b[31mc\\rd\\te\\u2028f\\x7f"
    assert "\n" not in str(InputError("bad", source="x\n/y: forged [E999]"))


def test_a_forged_file_name_gives_one_escaped_error_line(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    forged = folder / "x.txt: fine\nevil.txt: forged line [E999]\x1b[2K\x1b[32m.txt"
    forged.write_bytes(b"")
    (folder / "good.txt").write_text("Officials said on Monday that the talks would resume.", encoding="utf-8")
    db = tmp_path / "s.db"
    done = subprocess.run([sys.executable, "-m", "redline", "ingest", str(folder), "--db", str(db), "--no-extract"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "\x1b" not in done.stderr, done.stderr
    assert lines[0].startswith("error: ") and lines[0].endswith("file is empty [E101]")
    assert "\\nevil.txt: forged line [E999]\\x1b[2K" in lines[0]
    report = subprocess.run([sys.executable, "-m", "redline", "ingest", str(folder), "--db", str(db), "--json",
                             "--no-extract"], capture_output=True, text=True, timeout=120)
    [error] = json.loads(report.stdout)["errors"]
    assert "\n" not in error and "\x1b" not in error


def test_titles_names_and_text_from_articles_print_no_escape_codes(tmp_path):
    from typer.testing import CliRunner

    from redline.cli import app

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil\x1b[31m.json").write_text(json.dumps({
        "title": "Title \x1b]0;owned\x07 \x1b[2J", "source_domain": "paper\x1b[5m.example", "language": "en",
        "maintext": "Officials said on Monday \x1b[31mthat 40 soldiers\x1b[0m had been moved.\nSecond line."}),
        encoding="utf-8")
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(folder), "--db", db]).exit_code == 0
    for args in (["docs"], ["show", "evil\x1b[31m.json"], ["status"]):
        done = runner.invoke(app, [*args, "--db", db])
        assert done.exit_code == 0, done.output
        assert "\x1b" not in done.stdout and "\x07" not in done.stdout, (args, done.stdout[:500])
    shown = runner.invoke(app, ["show", "evil\x1b[31m.json", "--db", db]).stdout
    assert "Second line." in shown and "moved.\nSecond" in shown  # the body keeps its lines
