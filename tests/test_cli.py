"""The CLI in process with Typer's runner: every command, tables and --json."""

import json

from typer.testing import CliRunner

from redline.cli import app

from .conftest import EXAMPLES

runner = CliRunner()


def run(*args, env=None):
    return runner.invoke(app, [str(a) for a in args], env=env)


def test_ingest_status_docs_show_export(db, tmp_path):
    result = run("ingest", EXAMPLES, "--db", db)
    assert result.exit_code == 0, result.output
    assert "16 new" in result.output
    status = json.loads(run("status", "--db", db, "--json").stdout)
    assert status["documents"] == 16 and status["by_flag"]["seo_spam"] == 1
    table = run("status", "--db", db).stdout
    assert "By language" in table and "By flag" in table
    listed = json.loads(run("docs", "--db", db, "--flag", "opinion", "--json").stdout)
    assert [d["doc_name"] for d in listed["documents"]] == ["04_commentary_opinion.txt"]
    assert json.loads(run("docs", "--db", db, "--lang", "de", "--json").stdout)["total"] == 1
    assert json.loads(run("docs", "--db", db, "--search", "Euroclear", "--json").stdout)["total"] == 1
    shown = run("show", "01_geneva_talks_seo.txt", "--db", db).stdout
    assert "⟦seo:" in shown and "seo_spam" in shown
    assert json.loads(run("show", "01_geneva_talks_seo.txt", "--db", db, "--json").stdout)["removed"]
    assert run("export", tmp_path / "out", "--db", db, "--format", "csv").exit_code == 0
    assert (tmp_path / "out" / "documents.csv").exists()


def test_redline_db_environment_variable(db):
    assert run("ingest", EXAMPLES / "03_yermak_resigns.txt", env={"REDLINE_DB": db}).exit_code == 0
    assert json.loads(run("status", "--json", env={"REDLINE_DB": db}).stdout)["documents"] == 1


def test_failed_file_sets_exit_code_and_prints_one_line(db, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"title": "x", "maintext": "cut', encoding="utf-8")
    result = run("ingest", bad, EXAMPLES / "03_yermak_resigns.txt", "--db", db)
    assert result.exit_code == 1
    assert "bad.json: truncated JSON" in result.stderr
    assert "1 new" in result.stdout


def test_unknown_document_is_a_clear_error(db):
    run("ingest", EXAMPLES / "03_yermak_resigns.txt", "--db", db)
    result = run("show", "nonexistent", "--db", db)
    assert result.exit_code == 1 and "no document 'nonexistent'" in result.stderr


def test_status_without_a_store_says_so(tmp_path):
    result = run("status", "--db", tmp_path / "missing.db")
    assert result.exit_code == 0  # an empty store is created: status of nothing is zero documents
    assert "0 documents" in result.stdout


def test_forced_language_and_bundled_scenario_by_name(db, tmp_path):
    path = tmp_path / "short.txt"
    path.write_text("Talks ended.", encoding="utf-8")
    result = run("ingest", path, "--db", db, "--lang", "en", "--scenario", "generic", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(run("docs", "--db", db, "--json").stdout)["documents"][0]["language"] == "en"
