"""Each kind of bad input gets one line naming the file and the reason; the batch goes on."""

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import text

from redline import api
from redline.store import open_store

GOOD = {
    "title": "Talks in Geneva",
    "maintext": "Negotiators from Ukraine and the United States met in Geneva on Sunday.",
    "date_publish": "2025-11-23",
    "url": "https://paper.example/geneva",
    "source_domain": "paper.example",
    "language": "en",
}


def make_bad_files(folder: Path) -> dict[str, str]:
    """Write one file of each bad kind; return file name -> words the error must contain."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.json").write_text(json.dumps(GOOD), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (folder / "cut.html").write_text("<!DOCTYPE html><html><head><title>T</title></head><body><p>Half of", encoding="utf-8")
    (folder / "cut.json").write_text(json.dumps(GOOD)[:60], encoding="utf-8")
    with (folder / "huge.txt").open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    (folder / "noise.txt").write_bytes(bytes(range(128, 256)) * 40)
    os.symlink(folder / "gone.txt", folder / "dangling.txt")
    return {
        "empty.txt": "empty",
        "image.txt": "PNG",
        "cut.html": "truncated HTML",
        "cut.json": "truncated JSON",
        "huge.txt": "MB",
        "noise.txt": "encoding",
        "dangling.txt": "cannot read",
    }


def test_every_bad_file_gets_one_line_and_the_batch_goes_on(tmp_path, db):
    expected = make_bad_files(tmp_path / "in")
    report = api.ingest([tmp_path / "in"], db=db)
    assert report.new == 1 and report.failed == len(expected)
    assert not report.ok
    for name, words in expected.items():
        [line] = [e for e in report.errors if f"/{name}:" in e]
        assert "\n" not in line
        assert words.lower() in line.lower(), line


def test_failed_files_leave_the_store_unchanged(tmp_path, db):
    make_bad_files(tmp_path / "in")
    api.ingest([tmp_path / "in" / "good.json"], db=db)
    engine = open_store(db).engine

    def snapshot():
        with engine.connect() as conn:
            return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                    for t in ("documents", "removed_spans", "doc_flags", "doc_sources", "minhashes", "lsh_bands")}

    before = snapshot()
    report = api.ingest([tmp_path / "in"], db=db)
    assert report.duplicate == 1 and report.new == 0
    assert snapshot() == before


def test_jsonl_with_one_bad_line_stores_nothing_of_that_file(tmp_path, db):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps(GOOD) + "\n" + '{"title": "broken"\n', encoding="utf-8")
    report = api.ingest([path], db=db)
    assert report.failed == 1 and "line 2" in report.errors[0]
    assert api.status(db)["documents"] == 0


def test_missing_path_is_reported(db, tmp_path):
    report = api.ingest([tmp_path / "nope"], db=db)
    assert report.failed == 1 and "no such file" in report.errors[0]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_denied(tmp_path, db):
    path = tmp_path / "secret.txt"
    path.write_text("Some article text about talks.", encoding="utf-8")
    path.chmod(0)
    report = api.ingest([path], db=db)
    assert "permission denied" in report.errors[0]
