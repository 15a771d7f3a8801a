"""Walk the paths a user gives and read each file's bytes, with one-line reasons on failure."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from redline.config import MAX_INPUT_BYTES
from redline.errors import EmptyInput, InputError, TooLarge, Unreadable

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


def read_source(path: Path, *, max_bytes: int = MAX_INPUT_BYTES) -> Source:
    """Read one file's bytes, or describe in one line why it cannot be read."""
    src = Source(location=str(path), name=path.name)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise TooLarge(f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for one article file",
                           source=str(path))
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
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
