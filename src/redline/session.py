"""One object under every face: a store, the pack it belongs to, and the picture read from it.

A store belongs to the pack its documents were extracted with: the pack is recorded in the store with its
files (`redline.store.packs`), and every command, the Python API and the web app read it from there. Only
an extraction takes another pack, and only when asked: a new version of the same pack (`--scenario DIR`
again after editing it), or another pack altogether with `replace=True`, which says what it replaces.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from redline.errors import PackMismatch
from redline.scenario import Scenario, _load, load_scenario, materialize
from redline.store import Store, open_store
from redline.store import packs as pq


def open_session_store(db: str | Store | None) -> Store:
    return db if isinstance(db, Store) else open_store(db)


def _describe(record: dict | Scenario) -> str:
    if isinstance(record, Scenario):
        return f"{record.id!r} v{record.version} ({record.name}, fingerprint {record.fingerprint})"
    return f"{record['pack_id']!r} v{record['version']} ({record['name']}, fingerprint {record['fingerprint']})"


def stored_pack(store: Store) -> Scenario | None:
    """The pack recorded in the store, loaded from the files the store keeps; None before any extraction."""
    with store.engine.connect() as conn:
        record = pq.active_pack(conn)
    if record is None:
        return None
    pack = _load(str(materialize(record["files"]).resolve()))
    return pack


def pack_for(store: Store, scenario: str | Scenario | None = None) -> Scenario:
    """The pack a reading command uses: the one given, else the store's, else the default bundled pack."""
    if isinstance(scenario, Scenario):
        return scenario
    if scenario is not None:
        return load_scenario(scenario)
    return stored_pack(store) or load_scenario(None)


@dataclass
class PackChoice:
    """The pack an extraction runs with, and what it replaces (said to the user)."""

    pack: Scenario
    notice: str | None = None
    record: bool = True


def choose_extraction_pack(store: Store, scenario: str | Scenario | None = None, *,
                           replace: bool = False) -> PackChoice:
    """The pack an extraction uses. None: the store's (or the default for a store without one). Another
    version of the store's pack (same id): taken, and said. Another pack: only with `replace`."""
    with store.engine.connect() as conn:
        record = pq.active_pack(conn)
        extracted = pq.extracted_documents(conn)
    if scenario is None:
        if record is None:
            pack = load_scenario(None)
            # a store extracted before packs were recorded: say which pack it now belongs to
            return PackChoice(pack, f"this store recorded no pack; its {extracted} extracted documents are "
                                    f"extracted again with the default pack {_describe(pack)} (give --scenario "
                                    f"DIR --replace-pack for another)" if extracted else None)
        return PackChoice(_load(str(materialize(record["files"]).resolve())), record=False)
    pack = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    if record is None or record["fingerprint"] == pack.fingerprint:
        return PackChoice(pack, record=record is None)
    if record["pack_id"] == pack.id:
        return PackChoice(pack, f"pack {pack.id!r} changed (fingerprint {record['fingerprint']} → {pack.fingerprint}):"
                                f" its {extracted} extracted documents are extracted again")
    if not replace:
        raise PackMismatch(
            f"this store belongs to pack {_describe(record)}, not {_describe(pack)}; to extract its {extracted} "
            f"documents again with the new pack, replacing the old pack's records, run "
            f"`redline extract --scenario {pack.path if isinstance(scenario, Scenario) else scenario} --replace-pack`")
    return PackChoice(pack, f"pack {_describe(pack)} replaces {_describe(record)}: the records of its "
                            f"{extracted} extracted documents are replaced")


def record_pack(conn, pack: Scenario) -> None:
    """Make `pack` the store's, inside the caller's transaction."""
    pq.record_pack(conn, fingerprint=pack.fingerprint, pack_id=pack.id, name=pack.name, version=pack.version,
                   files=pack.files, origin=pack.path)


@dataclass
class Redline:
    """A store with its pack, for the CLI, the web app, the benchmarks and the tests.

    `Redline(db)` opens the store; `.pack` is the store's pack (read once); `.picture()` the records the
    cross-document views read; `.generation()` changes whenever an extraction run saved records."""

    db: str | Store | None = None
    scenario: str | Scenario | None = None  # another pack to read with, given explicitly
    store: Store = field(init=False)

    def __post_init__(self) -> None:
        self.store = open_session_store(self.db)

    @property
    def pack(self) -> Scenario:
        """The store's pack as it is now (another extraction may have replaced it); loaded once per fingerprint."""
        return pack_for(self.store, self.scenario)

    def generation(self) -> int:
        with self.store.engine.connect() as conn:
            return pq.generation(conn)

    def picture(self):
        from redline.picture.reports import load

        with self.store.engine.connect() as conn:
            return load(conn, self.pack)
