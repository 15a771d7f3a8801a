"""Ingest of the bundled examples: formats, metadata, debris, flags, clusters, idempotence."""

import json
import subprocess
import sys

from sqlalchemy import text

from redline import api
from redline.store import open_store

from .conftest import EXAMPLES


def by_name(db):
    return {d["doc_name"]: d for d in api.list_documents(db, limit=None)["documents"]}


def test_examples_ingest_with_metadata(examples_db):
    docs = by_name(examples_db)
    assert len(docs) == 16
    assert {d["format"] for d in docs.values()} == {"text", "newsplease", "jsonl", "html", "feed"}
    assert docs["09_miami_talks_ru.json"]["language"] == "ru"
    assert docs["13_genf_gespraeche_de.txt"]["language"] == "de"
    assert docs["13_genf_gespraeche_de.txt"]["published"] == "2025-11-23"
    assert docs["04_commentary_opinion.txt"]["published"] is None
    assert docs["14_talks_feed.xml#2"]["published"] == "2025-05-16"


def test_debris_is_removed_and_flagged(examples_db):
    seo = api.get_document("01_geneva_talks_seo.txt", examples_db)
    assert "seo_spam" in seo["flags"]
    assert "Find out more" not in seo["clean_text"]
    assert all(seo["text"][s["start"] : s["end"]] == s["text"] for s in seo["removed"])
    cites = api.get_document("02_kremlin_meeting_citations.txt", examples_db)
    assert "citation_artifact" in cites["flags"]
    assert "[cite" not in cites["clean_text"] and "provided context" not in cites["clean_text"]
    assert "opinion" in api.get_document("04_commentary_opinion.txt", examples_db)["flags"]


def test_near_duplicates_share_a_cluster(examples_db):
    a = api.get_document("02_kremlin_meeting_citations.txt", examples_db)
    b = api.get_document("08_kremlin_meeting_republished.json", examples_db)
    assert a["id"] != b["id"] and a["cluster_id"] == b["cluster_id"]
    assert [c["doc_name"] for c in a["cluster"]] == ["08_kremlin_meeting_republished.json"]
    assert api.status(examples_db)["stories"] == 15


def test_reingest_changes_nothing(examples_copy, db):
    first = api.ingest([examples_copy], db=db)
    engine = open_store(db).engine
    with engine.connect() as conn:
        before = [tuple(r) for r in conn.execute(text("SELECT id, cluster_id, flags FROM documents ORDER BY id"))]
    again = api.ingest([examples_copy], db=db)
    assert (again.new, again.duplicate) == (0, first.new)
    with engine.connect() as conn:
        after = [tuple(r) for r in conn.execute(text("SELECT id, cluster_id, flags FROM documents ORDER BY id"))]
    assert before == after


def test_same_text_from_two_files_is_stored_once(tmp_path, db):
    body = (EXAMPLES / "03_yermak_resigns.txt").read_bytes()
    (tmp_path / "a.txt").write_bytes(body)
    (tmp_path / "b.txt").write_bytes(body.replace(b"\n", b"\r\n"))
    report = api.ingest([tmp_path], db=db)
    assert (report.new, report.duplicate) == (1, 1)
    [doc] = api.list_documents(db)["documents"]
    assert len(api.get_document(doc["id"], db)["sources"]) == 2


def test_killed_ingest_leaves_only_whole_documents(tmp_path, db):
    """Kill an ingest with SIGKILL while it writes; every stored document must be complete."""
    folder = tmp_path / "many"
    folder.mkdir()
    base = json.loads((EXAMPLES / "05_us_plan_leaked.json").read_text(encoding="utf-8"))
    for i in range(400):
        item = dict(base, maintext=f"Report number {i}. " + base["maintext"], url=f"https://x.example/{i}")
        (folder / f"{i:04d}.json").write_text(json.dumps(item), encoding="utf-8")
    code = f"from redline import api; api.ingest([{str(folder)!r}], db={db!r})"
    proc = subprocess.Popen([sys.executable, "-c", code])
    engine = open_store(db).engine
    import time

    deadline = time.time() + 60
    while time.time() < deadline:
        with engine.connect() as conn:
            if conn.execute(text("SELECT count(*) FROM documents")).scalar() >= 20:
                break
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    with engine.connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM documents")).scalar()
        assert 20 <= n < 400
        for table, per_doc in (("doc_flags", 4), ("minhashes", 1), ("doc_sources", 1)):
            incomplete = conn.execute(text(
                f"SELECT count(*) FROM documents d WHERE (SELECT count(*) FROM {table} t WHERE t.doc_id = d.id) != {per_doc}"
            )).scalar()
            assert incomplete == 0, table
    report = api.ingest([folder], db=db)
    assert report.new + report.duplicate == 400 and report.duplicate == n
    assert report.resumed == 400 - n and report.skipped == n  # the killed run's files finished, the rest not re-read
    assert api.queue(db)["runs"] == []
