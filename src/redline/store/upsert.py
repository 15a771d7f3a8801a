"""One way to insert rows that another writer may have inserted first, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from sqlalchemy import Connection, Table


def insert_ignoring_conflicts(conn: Connection, table: Table, rows: list[dict] | dict,
                              index_elements: list[str] | None = None) -> None:
    """INSERT … ON CONFLICT DO NOTHING: a row whose key is already there (taken by a concurrent writer) is left."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    statement = dialect_insert(table).on_conflict_do_nothing(index_elements=index_elements)
    if isinstance(rows, dict):
        conn.execute(statement.values(rows))
    else:
        conn.execute(statement, rows)
