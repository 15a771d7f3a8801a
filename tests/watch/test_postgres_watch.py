"""The watch list, red lines and commitments on a real PostgreSQL server: the same alerts, once."""

from __future__ import annotations

import pytest

from redline import api

from .. import postgres
from ..conftest import EXAMPLES
from .conftest import WATCH_EXAMPLES
from .helpers import ARTICLES, EXPECTED, SIGNALS, article_json

REASON = postgres.why_not()
pytestmark = pytest.mark.skipif(REASON is not None, reason=f"no PostgreSQL server can be started here: {REASON}")


def test_watch_fires_once_on_postgres(pg_url, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ARTICLES:
        (inbox / f"{name}.json").write_text(article_json(name), encoding="utf-8")
    rules = tmp_path / "signals.yaml"
    rules.write_text(SIGNALS, encoding="utf-8")
    [first] = api.watch([inbox], pg_url, signals_file=rules)
    expected = {(rule, name) for name in ARTICLES for rule in EXPECTED[name]}
    assert {(a["rule"], a["evidence"][-1]["doc"].removesuffix(".json")) for a in first.fired} == expected
    [again] = api.watch([inbox], pg_url, signals_file=rules)
    assert again.fired == [] and again.changed == 0
    assert len(api.alerts(pg_url)) == len(expected)


def test_red_lines_and_commitments_on_postgres(pg_url):
    assert api.ingest([EXAMPLES, WATCH_EXAMPLES], db=pg_url).ok
    data = api.redlines(pg_url)
    assert "Ukraine" in data["red_lines"] and data["matrix"]["the 28-point plan"]["Ukraine"]
    assert [c["status"] for c in api.commitments(pg_url) if c["issues"] == ["prisoner_exchange"]] == ["fulfilled"]
