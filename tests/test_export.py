import csv
import json

import pyarrow.parquet as pq
import pytest

from redline import api


def test_jsonl_has_the_evaluation_fields_and_richer_ones(examples_db, tmp_path):
    written = api.export(tmp_path, examples_db)
    assert written["documents.jsonl"] == 16
    assert set(written) == {f"{k}.jsonl" for k in ("documents", "statements", "positions", "events", "claims",
                                                   "timeline", "tracker", "contradictions")}
    rows = [json.loads(line) for line in (tmp_path / "documents.jsonl").read_text().splitlines()]
    row = next(r for r in rows if r["doc"] == "01_geneva_talks_seo.txt")
    assert {"doc", "published", "language", "flags", "actors"} <= row.keys()
    assert {"id", "url", "outlet", "title", "cluster", "removed"} <= row.keys()
    assert row["published"] == "2025-11-24" and row["flags"] == ["seo_spam"]
    assert {s["kind"] for s in row["removed"]} == {"seo"}


def test_csv_and_parquet(examples_db, tmp_path):
    api.export(tmp_path, examples_db, fmt="csv")
    with (tmp_path / "documents.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 16 and json.loads(rows[0]["flags"]) is not None
    api.export(tmp_path, examples_db, fmt="parquet")
    table = pq.read_table(tmp_path / "documents.parquet")
    assert table.num_rows == 16 and "published" in table.column_names
    assert pq.read_table(tmp_path / "statements.parquet").num_rows > 0


def test_unknown_format_is_refused(examples_db, tmp_path):
    with pytest.raises(ValueError, match="unknown export format"):
        api.export(tmp_path, examples_db, fmt="xml")
