"""Issue 12.9: a damaged store, a read-only place, a full disk, an export or a briefing onto the wrong kind
of path: one line naming the path and the reason, with a code; no traceback, no partial file."""

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

ARTICLE = "Officials said on Monday that 40 soldiers had been moved away from the border.\n"


def redline(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "redline", *map(str, args)], capture_output=True, text=True,
                          timeout=300)


def one_line(done: subprocess.CompletedProcess, path: object, code: str) -> str:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr[-2000:]
    [line] = lines
    assert str(path) in line and f"[{code}]" in line, line
    return line


@contextmanager
def mounted(folder: Path, *options: str):
    """A real small file system (tmpfs) at FOLDER: full when small, read-only when asked."""
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(("size=400k", *options)), "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()}): needs root in a container that allows it")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path, article) -> Path:
    db = tmp_path / "good.db"
    assert redline("ingest", article, "--db", db, "--no-extract").returncode == 0
    return db


@pytest.mark.parametrize("content", [b"hello, not a database\n", os.urandom(8192), b"SQLite format 3\x00" + bytes(4000)])
def test_a_file_that_is_no_store(tmp_path, article, content):
    db = tmp_path / "bad.db"
    db.write_bytes(content)
    for args in (("status",), ("ingest", article), ("export", tmp_path / "out")):
        line = one_line(redline(*args, "--db", db), db, "E202")
        assert "not an SQLite database, or damaged" in line
    assert db.read_bytes() == content and not (tmp_path / "out" / "documents.jsonl").exists()


def test_export_onto_a_file_or_a_folder_named_like_an_output(tmp_path, store):
    target = tmp_path / "taken"
    target.write_text("mine", encoding="utf-8")
    one_line(redline("export", target, "--db", store), target, "E210")
    assert target.read_text(encoding="utf-8") == "mine"
    out = tmp_path / "out"
    (out / "documents.jsonl").mkdir(parents=True)
    one_line(redline("export", out, "--db", store), out / "documents.jsonl", "E210")
    assert sorted(p.name for p in out.iterdir()) == ["documents.jsonl"]  # no temporary file left


def test_brief_out_a_folder_leaves_no_part_file(tmp_path, store):
    folder = tmp_path / "briefs"
    folder.mkdir()
    one_line(redline("brief", "--out", folder, "--db", store), folder, "E210")
    assert list(folder.iterdir()) == [] and not list(tmp_path.glob("*.part")) and not list(tmp_path.glob(".*.part"))


def test_a_full_disk(tmp_path, article, store):
    with mounted(tmp_path / "small") as small:
        big = tmp_path / "big"
        big.mkdir()
        for n in range(3):  # more text than the 400 kB file system holds
            (big / f"{n}.txt").write_text(ARTICLE.replace("40", str(n)) * 2000, encoding="utf-8")
        one_line(redline("ingest", big, "--db", small / "s.db", "--no-extract"), small / "s.db", "E204")
        one_line(redline("export", small / "out", "--db", store), small / "out", "E204")
        assert [p.name for p in (small / "out").iterdir() if p.name.startswith(".")] == []
        assert redline("ingest", article, "--db", store).returncode == 0  # the other store is unharmed


def test_a_read_only_place(tmp_path, store):
    with mounted(tmp_path / "ro", "ro") as ro:
        for args, path, code in ((("status", "--db", ro / "s.db"), ro / "s.db", "E203"),
                                 (("export", ro / "out", "--db", store), ro / "out", "E210"),
                                 (("brief", "--out", ro / "b.md", "--format", "md", "--db", store), ro / "b.md", "E210")):
            one_line(redline(*args), path, code)
