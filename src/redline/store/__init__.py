"""The store: schema, migrations and queries, on SQLite by default."""

from redline.store.engine import Store, open_store

__all__ = ["Store", "open_store"]
