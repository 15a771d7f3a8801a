"""Issue 12.2 and 12.10: only regular files are read (a FIFO or a device is refused at once, and a FIFO left
queued by a killed run does not hang the next one); the size message gives the limit the README gives."""

import json
import os
import subprocess
import sys
from pathlib import Path

from redline import api
from redline.config import MAX_INPUT_BYTES
from redline.store import open_store, work

GOOD = "The finance ministry said on Monday that the talks would resume next week.\n"


def _redline(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "redline", *args], capture_output=True, text=True, timeout=timeout)


def test_a_fifo_in_a_folder_is_refused_and_the_rest_ingested(tmp_path, db):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    done = _redline("ingest", str(folder), "--db", db, "--no-extract", "--json")  # a hang is a timeout here
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["new"] == 1 and report["failed"] == 1
    [line] = report["errors"]
    assert "pipe.txt: not a regular file: a named pipe (FIFO) [E111]" in line
    assert "Traceback" not in done.stderr


def test_a_fifo_left_queued_by_a_killed_run_does_not_hang_the_next(tmp_path, db):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    open_store(db).close()
    # a run that queued the FIFO and died before reading it (its process is gone)
    code = ("import sys; from redline.store import open_store, work; s = open_store(sys.argv[1]);\n"
            "with s.engine.begin() as c: work.start_run(c, [sys.argv[2]])")
    subprocess.run([sys.executable, "-c", code, db, str(fifo)], check=True, timeout=60)
    assert api.interrupted_runs(db)
    done = _redline("ingest", "--db", db, "--no-extract", "--json")
    report = json.loads(done.stdout)
    assert report["resumed"] == 1 and report["failed"] == 1 and "[E111]" in report["errors"][0]
    assert api.interrupted_runs(db) == []
    with open_store(db).engine.connect() as conn:
        assert work.queue_summary(conn)["runs"] == []


def test_a_device_behind_a_symlink_is_not_read(tmp_path, db):
    folder = tmp_path / "in"
    folder.mkdir()
    os.symlink("/dev/zero", folder / "zero.txt")
    report = api.ingest([folder], db=db, extract=False)
    [line] = report.errors
    assert line.endswith("zero.txt: not a regular file: a character device [E111]")


def test_the_size_limit_is_named_as_the_readme_names_it(tmp_path, db):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(MAX_INPUT_BYTES + 1)
    [line] = api.ingest([big], db=db, extract=False).errors
    assert "over the 20 MB limit" in line and "[E103]" in line
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "over 20 MB" in readme


def test_a_page_that_drips_is_cut_at_the_deadline():
    """A real local server that sends one byte every 0.2 s: each read is quick, the page never ends."""
    import socket
    import threading
    import time

    from redline.ingest.fetch import fetch

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    stop = threading.Event()

    def drip():
        conn, _ = listener.accept()
        conn.recv(4096)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")
        while not stop.is_set():
            try:
                conn.sendall(b"a")
            except OSError:
                break
            time.sleep(0.2)
        conn.close()

    thread = threading.Thread(target=drip, daemon=True)
    thread.start()
    started = time.monotonic()
    try:
        source = fetch(f"http://127.0.0.1:{listener.getsockname()[1]}/slow", timeout=2, total=1.5)
    finally:
        stop.set()
        listener.close()
    assert time.monotonic() - started < 10
    assert source.data is None and "took too long" in str(source.error) and "[E110]" in str(source.error)
