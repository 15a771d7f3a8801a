"""Write rows to JSON Lines, CSV or Parquet, atomically (a temporary file renamed into place)."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

FORMATS = ("jsonl", "csv", "parquet")


def _atomic_path(path: Path):
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    return Path(tmp)


def write_rows(rows: Iterable[dict], path: Path, fmt: str, columns: Iterable[str] = ()) -> int:
    """Write rows to PATH in FORMAT; return how many were written. COLUMNS, when given, head a CSV or TSV
    file even when there are no rows."""
    rows = list(rows)
    try:
        return _write(rows, path, fmt, list(columns))
    except OSError as exc:  # named by the file meant, not its temporary twin
        raise OSError(exc.errno, exc.strerror, str(path)) from exc


def _write(rows: list[dict], path: Path, fmt: str, header: list[str]) -> int:
    tmp = _atomic_path(path)
    try:
        if fmt == "jsonl":
            with tmp.open("w", encoding="utf-8") as fh:
                for row in rows:
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        elif fmt in ("csv", "tsv"):
            names = header or list(dict.fromkeys(k for row in rows for k in row))
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=names, delimiter="\t" if fmt == "tsv" else ",")
                writer.writeheader()
                for row in rows:
                    writer.writerow({k: _cell(v) for k, v in row.items()})
        elif fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            nested = {k for row in rows for k, v in row.items() if _is_nested(v)}
            table = pa.Table.from_pylist(
                [{k: (json.dumps(v, ensure_ascii=False) if k in nested else v) for k, v in row.items()} for row in rows]
            )
            pq.write_table(table, tmp)
        else:
            raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
        tmp.replace(path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    return len(rows)


def _cell(value):
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _is_nested(value) -> bool:
    """Dicts and lists of dicts vary in shape between rows: Parquet gets them as JSON text."""
    return isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, dict) for v in value))
