"""Extraction farmed out to a real Dask LocalCluster gives the same store as one process."""

from __future__ import annotations

import json

import pytest

from redline import api
from redline.errors import ClusterError

from .conftest import EXAMPLES

pytest.importorskip("dask.distributed")


def _records(folder):
    out = {}
    for name in ("statements.jsonl", "positions.jsonl", "events.jsonl", "claims.jsonl"):
        rows = [json.loads(line) for line in (folder / name).read_text(encoding="utf-8").splitlines()]
        out[name] = sorted(json.dumps(r, sort_keys=True) for r in rows)
    return out


def test_local_cluster_matches_a_single_process(tmp_path, examples_db):
    db = str(tmp_path / "cluster.db")
    report = api.ingest([EXAMPLES], db=db, cluster="local:2")
    assert report.ok and report.extracted == 16
    api.export(tmp_path / "cluster", db)
    api.export(tmp_path / "single", examples_db)
    assert _records(tmp_path / "cluster") == _records(tmp_path / "single")


def test_an_unreachable_cluster_is_one_clear_error(tmp_path):
    with pytest.raises(ClusterError, match="tcp://127.0.0.1:9"):
        api.ingest([EXAMPLES / "01_geneva_talks_seo.txt"], db=str(tmp_path / "x.db"), cluster="tcp://127.0.0.1:9")
