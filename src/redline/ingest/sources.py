"""Walk the paths a user gives and read each file's bytes, with one-line reasons on failure."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from redline.config import MAX_INPUT_BYTES
from redline.errors import EmptyInput, InputError, NotRegular, TooLarge, Unreadable

SKIP_NAMES = {".DS_Store", "Thumbs.db"}


@dataclass
class Source:
    """A file (or fetched page) to ingest: where it came from and its bytes, or the error."""

    location: str
    name: str
    data: bytes | None = None
    error: InputError | None = None


def iter_files(paths: list[str | os.PathLike[str]]) -> Iterator[Path | InputError]:
    """Yield files under the given paths, recursively and in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            try:
                children = sorted(p for p in path.rglob("*") if not p.is_dir())
            except OSError as exc:
                yield Unreadable(f"cannot list directory ({exc.strerror})", source=str(path))
                continue
            for child in children:
                if child.name in SKIP_NAMES or any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                yield child
        elif path.exists():
            yield path
        else:
            yield Unreadable("no such file or directory", source=str(path))


KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
         (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a directory"))


def _kind(mode: int) -> str:
    return next((what for test, what in KINDS if test(mode)), "not a regular file")


def too_large(size: int, max_bytes: int, source: str) -> TooLarge:
    """The one message for a file over the limit, in the binary megabytes the limit is set in."""
    return TooLarge(f"file is {size / 2**20:.1f} MB, over the {max_bytes / 2**20:.0f} MB limit for one article file",
                    source=source)


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file, at most `max_bytes`: opened without blocking (a FIFO put in its place
    after the check cannot hang the read), checked again on the open file, read in one bounded call."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(f"not a regular file: {_kind(info.st_mode)}", source=str(path))
        if info.st_size > max_bytes:
            raise too_large(info.st_size, max_bytes, str(path))
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(max_bytes + 1)
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # grew while being read
        raise too_large(len(data), max_bytes, str(path))
    return data


def read_source(path: Path, *, max_bytes: int = MAX_INPUT_BYTES) -> Source:
    """Read one file's bytes, or describe in one line why it cannot be read."""
    src = Source(location=str(path), name=path.name)
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):  # never opened: a FIFO would block, a device never end
            raise NotRegular(f"not a regular file: {_kind(mode)}", source=str(path))
        data = read_bounded(path, max_bytes)
    except InputError as exc:
        src.error = exc
        return src
    except PermissionError:
        src.error = Unreadable("permission denied", source=str(path))
        return src
    except OSError as exc:
        src.error = Unreadable(f"cannot read ({exc.strerror or exc})", source=str(path))
        return src
    if not data.strip():
        src.error = EmptyInput("file is empty", source=str(path))
        return src
    src.data = data
    return src
