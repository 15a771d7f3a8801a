"""Shared fixtures: real SQLite stores in temporary directories, the bundled examples, ../shared."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from redline import api

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "russia_ukraine"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="module")
def pg_url():
    """A throwaway PostgreSQL server for one test module (modules that use it skip when none can start)."""
    from tests import postgres

    with postgres.server() as url:
        yield url


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A path for a fresh SQLite store."""
    return str(tmp_path / "store.db")


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store built once from examples/ (read-only for the tests that use it)."""
    path = tmp_path_factory.mktemp("examples") / "examples.db"
    report = api.ingest([EXAMPLES], db=str(path))
    assert report.ok, report.errors
    return str(path)


@pytest.fixture
def shared_dev() -> Path:
    corpus = SHARED / "corpus" / "dev"
    if not corpus.exists():
        pytest.skip(f"{corpus} not found: the shared evaluation kit is not beside this checkout")
    return corpus


@pytest.fixture
def examples_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "examples"
    shutil.copytree(EXAMPLES, dest)
    return dest
