"""`redline watch` over a folder files are dropped into and over feeds from a loopback server: each
expected alert fires once and nothing else, across passes, re-extraction and a kill -9."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time

from sqlalchemy import text
from typer.testing import CliRunner

from redline import api
from redline.cli import app
from redline.scenario import load_scenario
from redline.store import open_store

from .helpers import ARTICLES, EXPECTED, SIGNALS, article_json, feed, loopback


def _fired(alerts: list[dict]) -> set[tuple[str, str]]:
    return {(a["rule"], a["evidence"][-1]["doc"].split(".")[0].split("#")[0]) for a in alerts}


def _expected(names) -> set[tuple[str, str]]:
    return {(rule, name) for name in names for rule in EXPECTED[name]}


def test_a_folder_fires_each_alert_once_across_passes_and_reextraction(tmp_path, db):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    rules = tmp_path / "signals.yaml"
    rules.write_text(SIGNALS, encoding="utf-8")
    out = tmp_path / "alerts.jsonl"
    for name in ("geneva", "lavrov"):
        (inbox / f"{name}.json").write_text(article_json(name), encoding="utf-8")
    [first] = api.watch([inbox], db, signals_file=rules, jsonl=out)
    assert first.new == 2 and first.changed == 2 and not first.errors
    assert _fired(first.fired) == _expected(["geneva", "lavrov"])
    (inbox / "moscow.json").write_text(article_json("moscow"), encoding="utf-8")  # dropped in between passes
    [second] = api.watch([inbox], db, signals_file=rules, jsonl=out)
    assert second.new == 1 and _fired(second.fired) == _expected(["moscow"])
    [third] = api.watch([inbox], db, signals_file=rules, jsonl=out)
    assert third.new == 0 and third.changed == 0 and third.fired == []
    # re-extracted with other code (here: another pack fingerprint): new rows, the same evidence
    pack = tmp_path / "pack"
    shutil.copytree(load_scenario().path, pack)
    with (pack / "scenario.yaml").open("a", encoding="utf-8") as f:
        f.write("\n# edited\n")
    [fourth] = api.watch([inbox], db, signals_file=rules, jsonl=out, scenario=str(pack))
    assert fourth.extracted == 3 and fourth.changed == 3 and fourth.fired == []
    stored = api.alerts(db)
    assert _fired(stored) == _expected(ARTICLES) and len(stored) == len(_expected(ARTICLES))
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(a["key"] for a in lines) == sorted(a["key"] for a in stored)
    for a in stored:  # each alert carries its rule, its time and evidence spans into the original text
        assert a["fired_at"] and a["evidence"]
        for ev in a["evidence"]:
            doc = api.get_document(ev["id"], db)
            assert " ".join(doc["text"][ev["start"]:ev["end"]].split()) in ev["text"] or ev["text"]


def test_a_rule_added_later_looks_at_what_the_store_holds(tmp_path, db):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "lavrov.json").write_text(article_json("lavrov"), encoding="utf-8")
    few = tmp_path / "few.yaml"
    few.write_text("signals:\n  - {name: lavrov-speaks, kind: statement, person: Sergei Lavrov}\n", encoding="utf-8")
    [first] = api.watch([inbox], db, signals_file=few)
    assert _fired(first.fired) == {("lavrov-speaks", "lavrov")}
    every = tmp_path / "all.yaml"
    every.write_text(SIGNALS, encoding="utf-8")
    [second] = api.watch([inbox], db, signals_file=every)  # nothing new, but a new rule
    assert second.changed == 0 and _fired(second.fired) == {("army-cap-under-800k", "lavrov")}


def test_feeds_from_a_loopback_server_and_a_webhook_get_each_alert_once(tmp_path, db):
    rules = tmp_path / "signals.yaml"
    rules.write_text(SIGNALS, encoding="utf-8")
    with loopback() as server:
        server.pages["/one.xml"] = feed(["geneva"])
        server.pages["/two.xml"] = feed(["lavrov"])
        sources = [f"{server.url}/one.xml", f"{server.url}/gone.xml", f"{server.url}/two.xml"]
        runner = CliRunner()
        first = runner.invoke(app, ["watch", *sources, "--once", "--signals", str(rules), "--db", db,
                                    "--webhook", f"{server.url}/hook"])
        assert first.exit_code == 1  # the feed that failed
        errors = [line for line in first.output.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and "gone.xml" in errors[0] and "404" in errors[0]
        assert "pass 1" in first.output and "3 alerts" in first.output
        assert {(p["rule"], p["evidence"][-1]["doc"].split("#")[0]) for p in server.posts} == {
            ("us-ukraine-talks", "one.xml"), ("army-cap-under-800k", "two.xml"), ("lavrov-speaks", "two.xml")}
        server.pages["/one.xml"] = feed(["geneva", "moscow"])  # the feed grows
        second = runner.invoke(app, ["watch", sources[0], sources[2], "--once", "--json", "--signals", str(rules),
                                     "--db", db, "--webhook", f"{server.url}/hook"])
        assert second.exit_code == 0, second.output
        report = json.loads(second.stdout)
        assert report["new"] == 1 and [a["rule"] for a in report["fired"]] == ["us-russia-talks"]
        assert len(server.posts) == 4 and len({p["key"] for p in server.posts}) == 4
        third = runner.invoke(app, ["watch", sources[0], sources[2], "--once", "--json", "--signals", str(rules),
                                    "--db", db, "--webhook", f"{server.url}/hook"])
        assert json.loads(third.stdout)["fired"] == [] and len(server.posts) == 4
    listed = runner.invoke(app, ["alerts", "--db", db, "--json"])
    assert len(json.loads(listed.stdout)) == 4


def test_an_unreachable_webhook_keeps_the_alerts_for_the_next_pass(tmp_path, db):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "moscow.json").write_text(article_json("moscow"), encoding="utf-8")
    rules = tmp_path / "signals.yaml"
    rules.write_text(SIGNALS, encoding="utf-8")
    with loopback() as server:
        dead = server.url
    [first] = api.watch([inbox], db, signals_file=rules, webhook=f"{dead}/hook")
    assert first.fired == [] and [e for e in first.errors if "webhook unreachable" in e] == [first.errors[-1]]
    assert len(api.alerts(db)) == 1  # stored, waiting to be posted
    with loopback() as server:
        [second] = api.watch([inbox], db, signals_file=rules, webhook=f"{server.url}/hook")
        assert [p["rule"] for p in server.posts] == ["us-russia-talks"] and len(second.fired) == 1


def _folder(tmp_path, n: int):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for k in range(n):
        day = 1 + k % 28
        (inbox / f"lavrov-{k:02d}.json").write_text(json.dumps({
            "url": f"https://beta.example/news/{k}", "title": f"Lavrov on round {k}",
            "date_publish": f"2025-08-{day:02d} 10:00:00", "source_domain": "beta.example", "language": "en",
            "maintext": f"Sergei Lavrov said on August {day} that round number {k + 1} of the talks with "
                        f"Washington had been useful."}), encoding="utf-8")
    return inbox


def test_a_killed_watch_loses_and_doubles_nothing(tmp_path, db):
    inbox = _folder(tmp_path, 16)
    rules = tmp_path / "signals.yaml"
    rules.write_text("signals:\n  - {name: lavrov-speaks, kind: statement, person: Sergei Lavrov}\n", encoding="utf-8")
    out = tmp_path / "alerts.jsonl"
    command = [sys.executable, "-m", "redline", "watch", str(inbox), "--once", "--signals", str(rules), "--db", db,
               "--jsonl", str(out)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    store = open_store(db)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        with store.engine.connect() as conn:
            if conn.execute(text("SELECT count(*) FROM documents WHERE extracted_with IS NOT NULL")).scalar() >= 3:
                break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    [again] = api.watch([inbox], db, signals_file=rules, jsonl=out)
    assert again.fired == [] and again.changed == 0
    stored = api.alerts(db, limit=None)
    assert api.status(db)["documents"] == 16
    assert len(stored) == 16 and len({a["key"] for a in stored}) == 16
    assert len({a["evidence"][0]["doc"] for a in stored}) == 16
    lines = out.read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["key"] for line in lines) == sorted(a["key"] for a in stored)


def test_watch_every_repeats_passes_with_a_line_each(tmp_path, db):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "moscow.json").write_text(article_json("moscow"), encoding="utf-8")
    rules = tmp_path / "signals.yaml"
    rules.write_text(SIGNALS, encoding="utf-8")
    result = CliRunner().invoke(app, ["watch", str(inbox), "--every", "1s", "--passes", "2", "--signals", str(rules),
                                      "--db", db])
    assert result.exit_code == 0, result.output
    passes = [line for line in result.output.splitlines() if line.startswith("pass ")]
    assert len(passes) == 2 and "1 alerts" in passes[0] and "0 alerts" in passes[1]
    assert result.output.count("alert us-russia-talks") == 1
    wrong = CliRunner().invoke(app, ["watch", str(inbox), "--every", "soon", "--db", db])
    assert wrong.exit_code == 2 and "--every takes a duration" in wrong.output


def test_a_feed_file_that_grows_fires_for_its_new_items_only(tmp_path, db):
    wire = tmp_path / "wire.xml"
    wire.write_text(feed(["lavrov"]), encoding="utf-8")
    rules = tmp_path / "signals.yaml"
    rules.write_text(SIGNALS, encoding="utf-8")
    [first] = api.watch([wire], db, signals_file=rules)
    assert _fired(first.fired) == {(rule, "wire") for rule in EXPECTED["lavrov"]}
    wire.write_text(feed(["lavrov", "geneva"]), encoding="utf-8")
    [second] = api.watch([wire], db, signals_file=rules)
    assert second.new == 1 and [a["rule"] for a in second.fired] == ["us-ukraine-talks"]
