"""Open a store: make the engine, set SQLite up for WAL, bring the schema to head."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError

from redline.config import db_url, resolve_db
from redline.errors import DiskFull, StoreDamaged, StoreError, StoreReadOnly, from_os_error

# what SQLite and PostgreSQL say, and the error each becomes (busy and locked are retried, never translated)
STORE_ERRORS = (
    (("file is not a database", "malformed", "not a database", "file is encrypted"), StoreDamaged,
     "not an SQLite database, or damaged"),
    (("readonly", "read-only", "unable to open database file", "permission denied"), StoreReadOnly,
     "cannot be written here"),
    (("disk is full", "no space left", "could not extend file"), DiskFull, "no space left on the device"),
)

MIGRATIONS = Path(__file__).parent / "migrations"


@dataclass
class Store:
    """An open store: the engine and where it points."""

    engine: Engine
    location: str

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest revision; a no-op when already there."""
    cfg = _alembic_config()
    head = ScriptDirectory.from_config(cfg).get_current_head()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current == head:
        return
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def store_error(exc: BaseException, location: str) -> StoreError | None:
    """The one-line error for a database error that no retry mends, or None (busy, locked: retried)."""
    text = " ".join(str(getattr(exc, "orig", None) or exc).split()).lower()
    for words, cls, what in STORE_ERRORS:
        if any(w in text for w in words):
            return cls(f"{what} ({text[:160]})", source=location)
    return None


def _translating(location: str):
    def handle_error(context) -> StoreError | None:
        return store_error(context.sqlalchemy_exception or context.original_exception, location)

    return handle_error


def open_store(db: str | None = None, *, create: bool = True) -> Store:
    """Open the store at a path or URL (default: $REDLINE_DB or ./redline.db). A damaged, read-only or full
    store raises one StoreError naming it, here or on any later statement."""
    location = resolve_db(db)
    url = db_url(location)
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///") :])
        if not create and not path.exists():
            from redline.errors import NotFound

            raise NotFound(f"no store at {path}; run `redline ingest` first")
        if path.is_dir():
            raise StoreDamaged("is a folder, not a store file", source=location)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise from_os_error(exc, path.parent, output=False) from None
    engine = create_engine(url, future=True)
    event.listen(engine, "handle_error", _translating(location))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        migrate(engine)
    except StoreError:
        engine.dispose()
        raise
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(f"cannot open the store ({' '.join(str(exc.orig if hasattr(exc, 'orig') else exc).split())[:160]})",
                         source=location) from None
    return Store(engine=engine, location=location)
