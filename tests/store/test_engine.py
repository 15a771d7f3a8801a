from sqlalchemy import inspect, text

from redline.config import db_url, resolve_db
from redline.store import open_store


def test_open_creates_schema_and_uses_wal(db):
    store = open_store(db)
    names = set(inspect(store.engine).get_table_names())
    assert {"documents", "removed_spans", "doc_flags", "doc_sources", "minhashes", "lsh_bands"} <= names
    assert {"actors", "mentions", "statements", "positions", "events", "claims"} <= names
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0005"


def test_reopening_is_a_no_op(db):
    open_store(db).close()
    store = open_store(db)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1


def test_db_resolution_order(monkeypatch):
    monkeypatch.delenv("REDLINE_DB", raising=False)
    assert resolve_db(None) == "redline.db"
    monkeypatch.setenv("REDLINE_DB", "/tmp/elsewhere.db")
    assert resolve_db(None) == "/tmp/elsewhere.db"
    assert resolve_db("given.db") == "given.db"


def test_urls_pass_through():
    assert db_url("x.db").startswith("sqlite:///")
    assert db_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


def test_a_store_at_revision_0001_is_upgraded(db):
    """A store made before extraction existed gains the new tables, keeping its documents."""
    from alembic import command
    from sqlalchemy import create_engine

    from redline.store.engine import _alembic_config

    engine = create_engine(f"sqlite:///{db}")
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(text(
            "INSERT INTO documents (id, content_hash, doc_name, source, format, text, clean_text, flags, n_chars, "
            "ingested_at) VALUES ('a', 'h', 'a.txt', 'a.txt', 'text', 'x', 'x', '[]', 1, 'now')"
        ))
    store = open_store(db)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0005"
        assert conn.execute(text("SELECT extracted_with FROM documents")).scalar() is None


def test_migrations_make_the_tables_the_code_queries(db):
    """The schema the queries are written against (schema.py) is what the migrations build: no column,
    table or index missing or left over."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from redline.store.schema import metadata

    store = open_store(db)
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    # SQLite reports no server defaults or foreign-key actions reliably: compare tables, columns and indexes
    relevant = [d for d in diff if isinstance(d, tuple) and d[0] in
                {"add_table", "remove_table", "add_column", "remove_column", "add_index", "remove_index"}]
    assert relevant == []
