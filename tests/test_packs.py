"""The pack belongs to the store: recorded with its files, used by every command, replaced only when asked;
pack tooling (check, init, suggest) and cue words a pack adds."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from redline import api
from redline.cli import app
from redline.scenario import load_scenario, merge_cues
from redline.web.app import create_app

runner = CliRunner()

SCENARIO = """\
name: Harbour talks 2031
id: harbour
version: 1
sides:
  Northland: [Northland]
  Southmark: [Southmark]
  Lakeland: {members: [Lakeland], role: mediator}
places: {Port Ellis: [Port Ellis]}
capability: {Northland: 0.6, Southmark: 0.5}
"""
ACTORS = """\
parties:
  - {name: Northland, kind: state, aliases: {en: [Northland, Northlanders]}}
  - {name: Southmark, kind: state, aliases: {en: [Southmark]}}
  - {name: Lakeland, kind: state, aliases: {en: [Lakeland]}}
persons:
  - {name: Ida Vark, party: Northland, aliases: {en: [Ida Vark, Vark]}}
  - {name: Tomas Reel, party: Southmark, aliases: {en: [Tomas Reel, Reel]}}
"""
ISSUES = """\
issues:
  harbour_access:
    label: harbour access
    proposition: ships of both sides may use the harbour
    scale: {0: "closed", 100: "open to both"}
    lexicon: {en: "\\\\b(?:harbour|harbor|port access)\\\\b"}
"""
ARTICLE = ("Ida Vark said on Monday that Northland supports opening the harbour to Southmark ships.\n\n"
           "Tomas Reel said Southmark rejects the harbour plan, according to Reuters.\n\n"
           "Marta Quell, a port engineer, said the harbour could be ready within a year.\n")


def write_pack(folder: Path, scenario: str = SCENARIO, actors: str = ACTORS, issues: str = ISSUES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scenario.yaml").write_text(scenario, encoding="utf-8")
    (folder / "actors.yaml").write_text(actors, encoding="utf-8")
    (folder / "issues.yaml").write_text(issues, encoding="utf-8")
    return folder


@pytest.fixture
def harbour(tmp_path: Path) -> tuple[Path, Path, str]:
    pack = write_pack(tmp_path / "harbour")
    article = tmp_path / "docs" / "harbour.txt"
    article.parent.mkdir()
    article.write_text(ARTICLE, encoding="utf-8")
    db = str(tmp_path / "store.db")
    result = runner.invoke(app, ["ingest", str(article.parent), "--scenario", str(pack), "--db", db])
    assert result.exit_code == 0, result.output
    return pack, article.parent, db


def test_the_store_keeps_its_pack_and_every_command_reads_it(harbour, tmp_path):
    pack, docs, db = harbour
    status = api.status(db)
    assert status["queue"]["documents_to_extract"] == 0
    assert status["pack"]["id"] == "harbour" and status["pack"]["name"] == "Harbour talks 2031"
    # a plain ingest or extract changes nothing
    again = runner.invoke(app, ["ingest", str(docs), "--db", db, "--json"])
    assert again.exit_code == 0 and json.loads(again.stdout)["extracted"] == 0
    extract = runner.invoke(app, ["extract", "--db", db, "--json"])
    assert json.loads(extract.stdout)["extracted"] == 0
    # the store copied elsewhere, the pack folder gone: it still knows its pack
    copy = tmp_path / "copy.db"
    with sqlite3.connect(db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    shutil.rmtree(pack)
    brief = api.brief(str(copy))
    assert brief["scenario"] == "Harbour talks 2031"
    assert [i["id"] for i in brief["issues"]] == ["harbour_access"]
    rows = api.tracker(str(copy))
    assert {(r["party"], r["issue"], r["stance"]) for r in rows} >= {("Northland", "harbour_access", "for")}
    assert api.pending_count(str(copy)) == 0
    model = api.model_inputs(str(copy))
    assert set(model.issues) == {"harbour_access"} and "Northland" in model.actors
    text = runner.invoke(app, ["brief", "--db", str(copy)]).stdout
    assert text.startswith("Harbour talks 2031")


def test_another_pack_is_refused_unless_it_replaces_the_old_one(harbour):
    _pack, docs, db = harbour
    refused = runner.invoke(app, ["extract", "--scenario", "generic", "--db", db])
    assert refused.exit_code == 1
    message = refused.output.strip()
    assert len(message.splitlines()) == 1 and "[E302]" in message and "--replace-pack" in message
    assert "Traceback" not in refused.output
    refused = runner.invoke(app, ["ingest", str(docs), "--scenario", "generic", "--db", db])
    assert refused.exit_code == 1 and "[E302]" in refused.output
    assert api.status(db)["pack"]["id"] == "harbour"
    replaced = runner.invoke(app, ["extract", "--scenario", "generic", "--replace-pack", "--db", db, "--json"])
    assert replaced.exit_code == 0, replaced.output
    data = json.loads(replaced.stdout)
    assert data["extracted"] == 1
    assert "replaces 'harbour'" in data["notices"][0] and "1 extracted documents" in data["notices"][0]
    assert api.status(db)["pack"]["id"] == "generic"
    assert api.brief(db)["scenario"] == "Generic"
    assert api.tracker(db) == []


def test_a_new_version_of_the_same_pack_is_taken_and_said(harbour):
    pack, _docs, db = harbour
    assert api.status(db)["pack"]["origin_changed"] is False
    write_pack(pack, issues=ISSUES + """\
  sanctions:
    proposition: sanctions on Southmark are lifted
    lexicon: {en: "\\\\bsanctions?\\\\b"}
""")
    assert api.status(db)["pack"]["origin_changed"] is True  # said by `status`; a plain extract keeps the old
    assert "takes it" in runner.invoke(app, ["status", "--db", db]).stdout
    result = runner.invoke(app, ["extract", "--scenario", str(pack), "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["extracted"] == 1 and "pack 'harbour' changed" in data["notices"][0]
    assert api.status(db)["pack"]["origin_changed"] is False
    assert "sanctions" in api.pack_info(db)["issues"]


def test_the_dashboard_follows_a_re_extraction(harbour):
    _pack, _docs, db = harbour
    client = TestClient(create_app(db))
    assert client.get("/overview.json").json()["scenario"] == "Harbour talks 2031"
    issue = client.get("/issues/harbour_access.json")
    assert issue.status_code == 200 and issue.json()["label"] == "harbour access"
    api.run_extraction(db, scenario="generic", replace_pack=True)
    assert client.get("/overview.json").json()["scenario"] == "Generic"
    assert client.get("/issues/harbour_access.json").status_code == 404


def test_media_are_sources_never_actors(harbour):
    _pack, _docs, db = harbour
    doc = api.get_document("harbour.txt", db)
    actors = {m["actor"] for m in doc["mentions"]}
    assert "Marta Quell" in actors and "Reuters" not in actors
    assert all("Reuters" not in e["actors"] for e in doc["events"])


def test_suggest_lists_the_names_the_pack_does_not_know(harbour):
    _pack, _docs, db = harbour
    found = {s["name"]: s for s in api.suggest_names(db)}
    assert "Marta Quell" in found and found["Marta Quell"]["count"] == 1
    assert "port engineer" in found["Marta Quell"]["example"]
    assert not {"Ida Vark", "Northland", "Reuters", "Port Ellis"} & set(found)
    cli = runner.invoke(app, ["scenario", "suggest", "--db", db, "--json"])
    assert cli.exit_code == 0 and any(s["name"] == "Marta Quell" for s in json.loads(cli.stdout))
    import yaml

    entries = yaml.safe_load(runner.invoke(app, ["scenario", "suggest", "--db", db, "--yaml"]).stdout)
    assert {"name": "Marta Quell", "aliases": {"en": ["Marta Quell"]}} in entries["persons"]


BROKEN = {
    "a typo key": ("actors.yaml", ACTORS.replace("aliases: {en: [Southmark]}", "alias: {en: [Southmark]}"),
                   "actors.yaml:3: unknown key 'alias'", "did you mean 'aliases'"),
    "an unknown party": ("actors.yaml", ACTORS.replace("party: Southmark", "party: Southmarq"),
                         "actors.yaml:7: party of persons entry 2 names 'Southmarq'", "did you mean 'Southmark'"),
    "a wrong type": ("issues.yaml", ISSUES.replace('{0: "closed", 100: "open to both"}', "[0, 100]"),
                     "issues.yaml:5: scale of issue 'harbour_access' must be a mapping", ""),
    "a missing name": ("actors.yaml", ACTORS.replace("{name: Ida Vark, ", "{"), "actors.yaml:6: persons entry 1 has no name",
                       ""),
    "a bad regex": ("issues.yaml", ISSUES.replace("port access)", "port access"),
                    "issues.yaml:6: lexicon of issue 'harbour_access', language en is not a valid regular expression",
                    ""),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_check_gives_one_line_per_problem_and_loading_stops_on_it(case, tmp_path):
    name, text, expected, hint = BROKEN[case]
    pack = write_pack(tmp_path / "p")
    (pack / name).write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["scenario", "check", str(pack)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, lines
    assert expected in lines[0] and hint in lines[0] and lines[0].endswith("[E300]")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    loaded = runner.invoke(app, ["ingest", str(article), "--scenario", str(pack), "--db", str(tmp_path / "s.db")])
    assert loaded.exit_code == 1 and "Traceback" not in loaded.output
    assert len(loaded.output.strip().splitlines()) == 1 and expected.split(":")[0] in loaded.output


def test_init_writes_a_skeleton_that_checks_clean(tmp_path):
    result = runner.invoke(app, ["scenario", "init", str(tmp_path / "new")])
    assert result.exit_code == 0
    assert {p.name for p in (tmp_path / "new").iterdir()} == {"scenario.yaml", "actors.yaml", "issues.yaml",
                                                                "cues.yaml"}
    assert "#" in (tmp_path / "new" / "actors.yaml").read_text(encoding="utf-8")  # commented
    assert runner.invoke(app, ["scenario", "check", str(tmp_path / "new")]).exit_code == 0
    again = runner.invoke(app, ["scenario", "init", str(tmp_path / "new")])
    assert again.exit_code == 1 and "[E300]" in again.output


def test_bundled_packs_check_clean():
    for name in ("russia_ukraine", "armenia_azerbaijan", "generic"):
        assert api.check_pack(name) == [], name


def test_a_pack_adds_or_replaces_cue_words_per_language(tmp_path):
    pack = write_pack(tmp_path / "p")
    (pack / "cues.yaml").write_text(
        'speech:\n  en: [reaffirm]\n  hy: "(?:ասաց)"\n  ru: {replace: "(?:молвил)"}\n'
        'stance:\n  en: {against: {lemmas: [spurn]}}\nnegation:\n  de: "(?:keineswegs)"\n', encoding="utf-8")
    scenario = load_scenario(pack)
    assert scenario.cues("speech", "en", ["say", "tell"]) == ["say", "tell", "reaffirm"]
    assert scenario.cues("speech", "hy") == "(?:ասաց)"
    assert scenario.cues("speech", "ru", "(?:сказал)") == "(?:молвил)"
    assert scenario.cues("negation", "de", "(?:nicht)") == "(?:(?:nicht))|(?:(?:keineswegs))"
    merged = scenario.cues("stance", "en", {"against": {"lemmas": ["reject"], "phrases": ["never"]}})
    assert merged == {"against": {"lemmas": ["reject", "spurn"], "phrases": ["never"]}}
    assert scenario.cues("events", "fr", "(?:x)") == "(?:x)"  # nothing of its own: the shared entry
    assert merge_cues(None, None) is None


def test_a_one_word_english_alias_names_the_actor_only_capitalised(tmp_path):
    from redline.nlp.actors import find_mentions

    scenario = load_scenario(write_pack(tmp_path / "p"))
    text = "NORTHLANDERS CHEER THE DEAL. Northlanders cheered; the northlanders-only lane stayed shut."
    found = [(m.text, m.actor) for m in find_mentions(text, scenario)]
    assert found == [("NORTHLANDERS", "Northland"), ("Northlanders", "Northland")]


def test_speech_and_event_words_a_pack_adds_are_read(tmp_path):
    from redline.nlp.extract import extract

    plain = load_scenario(write_pack(tmp_path / "plain"))
    own = write_pack(tmp_path / "own")
    (own / "cues.yaml").write_text("speech:\n  en: [opine]\n  de: [meinte sinngemäß]\n"
                                   "events:\n  en: {AGREE: {verbs: [ink]}}\n", encoding="utf-8")
    grown = load_scenario(own)
    text = "Ida Vark opined that the harbour must open to every ship.\n\nNorthland and Southmark inked a harbour accord."
    before, after = (extract(text, language="en", published=None, scenario=s) for s in (plain, grown))
    assert not any(st.speaker == "Ida Vark" for st in before.statements)
    assert any(st.speaker == "Ida Vark" and st.cue.lower().startswith("opine") for st in after.statements)
    assert not any(e.type == "AGREE" for e in before.events)
    assert any(e.type == "AGREE" and {"Northland", "Southmark"} <= set(e.parties) for e in after.events)


def test_a_store_from_before_packs_were_recorded_is_told_which_pack_it_gets(harbour):
    _pack, _docs, db = harbour
    with sqlite3.connect(db) as conn:  # as a store extracted before migration 0005 left it
        conn.execute("DELETE FROM packs")
    result = runner.invoke(app, ["extract", "--db", db, "--json"])
    data = json.loads(result.stdout)
    assert "recorded no pack" in data["notices"][0] and "'russia_ukraine'" in data["notices"][0]
    assert api.status(db)["pack"]["id"] == "russia_ukraine"


def test_an_ingest_without_extraction_records_the_pack_it_names(tmp_path):
    pack = write_pack(tmp_path / "harbour")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    db = str(tmp_path / "s.db")
    report = api.ingest([article], db=db, scenario=str(pack), extract=False)
    assert report.ok and report.extracted == 0
    status = api.status(db)
    assert status["pack"]["id"] == "harbour" and status["queue"]["documents_to_extract"] == 1
    assert api.run_extraction(db) == 1  # the plain extraction later uses it
    assert api.brief(db)["scenario"] == "Harbour talks 2031"


def test_an_upload_to_the_dashboard_is_extracted_with_the_stores_pack(harbour):
    _pack, _docs, db = harbour
    client = TestClient(create_app(db))
    body = b"Tomas Reel said on Tuesday that Southmark now supports opening the harbour."
    answer = client.post("/upload", files=[("files", ("later.txt", body, "text/plain"))])
    assert answer.status_code == 200 and answer.json()["extracted"] == 1
    assert api.status(db)["pack"]["id"] == "harbour" and api.pending_count(db) == 0
    doc = api.get_document("later.txt", db)
    assert {(p["party"], p["issue"], p["stance"]) for p in doc["positions"]} == {("Southmark", "harbour_access", "for")}
