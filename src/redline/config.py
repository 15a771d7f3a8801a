"""Where the store is and the limits every command shares."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = "redline.db"
ENV_DB = "REDLINE_DB"
MAX_INPUT_BYTES = 20 * 1024 * 1024  # a news article is kilobytes; larger files are refused


def resolve_db(db: str | os.PathLike[str] | None) -> str:
    """Return the database given, else $REDLINE_DB, else ./redline.db."""
    if db:
        return str(db)
    return os.environ.get(ENV_DB) or DEFAULT_DB


def db_url(db: str) -> str:
    """Turn a path or URL into an SQLAlchemy URL."""
    if "://" in db:
        if db.startswith("postgresql://"):
            return "postgresql+psycopg://" + db[len("postgresql://") :]
        return db
    return f"sqlite:///{Path(db).expanduser()}"
