"""A store of the bundled examples and the watch examples, built once for the red-line, commitment and
page tests."""

from __future__ import annotations

import pytest

from redline import api

from ..conftest import EXAMPLES, ROOT

WATCH_EXAMPLES = ROOT / "examples" / "russia_ukraine_watch"


@pytest.fixture(scope="session")
def watched_db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("watched") / "store.db")
    report = api.ingest([EXAMPLES, WATCH_EXAMPLES], db=path)
    assert report.ok, report.errors
    return path
