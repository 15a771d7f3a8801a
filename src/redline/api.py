"""The Python API of redline: the CLI, the web app and the tests all call these functions."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date
from pathlib import Path

from sqlalchemy import func, select, update

from redline.errors import (
    ExtractionFailed,
    InputError,
    NotFound,
    OutputError,
    RedlineError,
    StoreError,
    from_os_error,
    internal_error,
)
from redline.export.documents import claim_row, document_rows, event_row, position_row, statement_row
from redline.export.writers import FORMATS, write_rows
from redline.ingest import prepare_key
from redline.ingest.fetch import fetch
from redline.ingest.prepare import prepare_source
from redline.ingest.sources import Source, iter_files, read_source
from redline.nlp import extraction_key
from redline.nlp.runner import BATCH, DocInput, run_stream
from redline.scenario import Scenario
from redline.session import choose_extraction_pack, pack_for, record_pack, stored_pack
from redline.store import Store, open_store, work
from redline.store import documents as q
from redline.store import extractions as xq
from redline.store import packs as pq
from redline.store.schema import documents

Progress = Callable[[str], None]


@dataclass
class IngestReport:
    """What one ingest did: documents new and already known, and the files that failed."""

    files: int = 0
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)
    extracted: int = 0
    skipped: int = 0  # files whose bytes were already prepared by this code: not read again
    resumed: int = 0  # files taken over from ingests that were killed
    vanished: int = 0  # files of killed ingests that no longer exist
    notices: list[str] = field(default_factory=list)  # what the run replaced (another version of the pack)

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def as_dict(self) -> dict:
        return {
            "files": self.files, "new": self.new, "duplicate": self.duplicate,
            "failed": self.failed, "extracted": self.extracted,
            "skipped": self.skipped, "resumed": self.resumed, "vanished": self.vanished, "errors": self.errors, "doc_ids": self.doc_ids,
            "notices": self.notices,
        }


def _store(db: str | Store | None) -> Store:
    return db if isinstance(db, Store) else open_store(db)


def collect_sources(paths: Iterable[str | os.PathLike[str]]) -> list[Path | InputError]:
    """The files an ingest will read, in order, with errors for paths that do not exist."""
    return list(iter_files(list(paths)))


def _record_failure(report: IngestReport, message: str, on_error: Progress | None) -> None:
    report.failed += 1
    report.errors.append(message)
    if on_error:
        on_error(message)


def _is_url(item: str) -> bool:
    return "://" in item


def _queue_location(item: str) -> str:
    """How the queue and the read-before ledger name an item: a URL as it is, a file by its absolute path, so that
    a run started elsewhere can finish it."""
    return item if _is_url(item) else str(Path(item).absolute())


def _mark_failed(store: Store, run_id: int, queue_id: int, message: str) -> None:
    work.retrying(store, lambda conn: work.finish_item(conn, queue_id, run_id, error=message))


def ingest(paths: Iterable[str | os.PathLike[str]] = (), *, urls: Iterable[str] = (), db: str | Store | None = None,
           on_file: Progress | None = None, on_error: Progress | None = None, extract: bool = True,
           scenario: str | None = None, workers: int = 1, on_extract: Progress | None = None,
           language: str | None = None, cluster: str | None = None, resume: bool = True,
           on_start: Callable[[int], None] | None = None, replace_pack: bool = False) -> IngestReport:
    """Read, clean and store articles from files, directories and URLs, then extract what they say.

    The files are queued first; each is stored in one transaction that also marks it done, and each
    document's extraction in another. With `resume`, files left pending by an ingest that was killed are
    finished too. Files whose bytes were already prepared by this code are not read again.

    The store keeps the pack it is extracted with: without `scenario` its own; with another pack, an
    error (nothing is read) unless `replace_pack`.
    """
    store = _store(db)
    report = IngestReport()
    if scenario is not None:  # another pack than the store's fails before anything is stored
        choice = choose_extraction_pack(store, scenario, replace=replace_pack)
        if not extract and (choice.record or choice.notice):  # extracted later, with this pack
            with store.engine.begin() as conn:
                record_pack(conn, choice.pack)
            if choice.notice:
                report.notices.append(choice.notice)
    items, failed = [], []
    for item in [*collect_sources(paths), *urls]:
        if isinstance(item, InputError):
            failed.append((item.source or "?", str(item)))
        else:
            items.append(str(item))
    where = {item: _queue_location(item) for item in items}  # messages keep the path as given
    with store.engine.begin() as conn:
        adopted_runs, adopted = work.adopt_interrupted(conn) if resume else ([], [])
        taken_over = {item for _, _, item in adopted}
        items = [item for item in dict.fromkeys(items) if where[item] not in taken_over]  # each file once
        run_id, queue_ids = work.start_run(conn, [where[item] for item in items], failed)
    report.resumed = len(adopted)
    if on_start:
        on_start(len(adopted) + len(items) + len(failed))
    for _item, message in failed:
        report.files += 1
        _record_failure(report, message, on_error)
        if on_file:
            on_file(_item)
    todo = [*adopted, *((run_id, qid, item) for qid, item in zip(queue_ids, items, strict=True))]
    for owner_run, queue_id, item in todo:
        if owner_run != run_id and not _is_url(item) and not Path(item).exists():
            # a killed run's file that is gone since (an upload's temporary copy, a moved folder): not an error now
            report.vanished += 1
            _mark_failed(store, owner_run, queue_id, f"{item}: gone before the interrupted ingest was finished [E104]")
            continue
        report.files += 1
        try:
            _ingest_one(store, item, owner_run, queue_id, language, report)
        except StoreError:  # the store itself (full, read-only): no later file would fare better
            raise
        except Exception as exc:  # noqa: BLE001 - one broken file must not stop the batch
            message = str(exc) if isinstance(exc, RedlineError) else str(internal_error(exc, item))
            _record_failure(report, message, on_error)
            _mark_failed(store, owner_run, queue_id, message)
        finally:
            if on_file:
                on_file(item)
    with store.engine.begin() as conn:
        for owned in sorted({run_id, *adopted_runs}):
            work.finish_run(conn, owned)
    if extract:
        # also finishes documents whose extraction an earlier, interrupted run did not reach
        report.extracted = run_extraction(db=store, scenario=scenario, workers=workers, on_doc=on_extract,
                                          on_error=lambda message: _record_failure(report, message, on_error),
                                          cluster=cluster, replace_pack=replace_pack,
                                          on_notice=report.notices.append)
    return report


def _ingest_one(store: Store, item: str, run_id: int, queue_id: int, language: str | None,
                report: IngestReport) -> None:
    """Read, prepare and store one queued file or URL, unless these very bytes were prepared by this code."""
    source: Source = fetch(item) if _is_url(item) else read_source(Path(item))
    if source.error:
        raise source.error
    sha = hashlib.sha256(source.data or b"").hexdigest()
    key = prepare_key(language)
    location = _queue_location(item)
    with store.engine.connect() as conn:
        known = work.prepared_before(conn, location, sha, key)
    if known is not None:
        work.retrying(store, lambda conn: work.finish_item(conn, queue_id, run_id))
        report.skipped += 1
        report.duplicate += len(known)
        report.doc_ids.extend(known)
        return
    prepared = prepare_source(source, url=item if _is_url(item) else None, language=language)

    def store_all(conn) -> list:  # the whole file, or nothing of it
        results = [q.store_prepared(conn, p, key=key) for p in prepared]
        work.remember_prepared(conn, location, sha, key, [r.doc_id for r in results])
        work.finish_item(conn, queue_id, run_id, n_documents=sum(r.status == "new" for r in results))
        return results

    for r in work.retrying(store, store_all):
        report.doc_ids.append(r.doc_id)
        if r.status == "new":
            report.new += 1
        else:
            report.duplicate += 1


def _pending(query, key: str, redo: bool = False):
    """Restrict a documents query to those whose extraction is missing or made with another key."""
    if redo:
        return query
    return query.where((documents.c.extracted_with.is_(None)) | (documents.c.extracted_with != key),
                       documents.c.id.not_in(xq.failed_with(key)))  # a failure is not retried with the same code


def pending_count(db: str | Store | None = None, *, scenario: str | None = None, redo: bool = False) -> int:
    """How many documents an extraction run would process (with the store's pack, or with `scenario`)."""
    store = _store(db)
    key = extraction_key(pack_for(store, scenario).fingerprint)
    with store.engine.connect() as conn:
        return int(conn.execute(_pending(select(func.count()).select_from(documents), key, redo)).scalar_one())


def run_extraction(db: str | Store | None = None, *, redo: bool = False, scenario: str | None = None,
                   workers: int = 1, on_doc: Progress | None = None, on_error: Progress | None = None,
                   cluster: str | None = None, replace_pack: bool = False,
                   on_notice: Progress | None = None) -> int:
    """Extract actors, statements, positions, events and claims for documents not yet done (all with redo);
    on a Dask cluster with `cluster` (`tcp://host:8786` or `local:N`).

    The store's pack is used, unless `scenario` names another: a new version of the same pack is taken (and
    `on_notice` told), another pack only with `replace_pack` (else PackMismatch, E302). The pack is recorded
    in the store with its files before the first document.

    Documents are leased a batch at a time, so several processes can extract from one store without taking
    the same document, and documents leased by a process that died are taken over."""
    store = _store(db)
    choice = choose_extraction_pack(store, scenario, replace=replace_pack)
    pack = choice.pack
    if choice.notice and on_notice:
        on_notice(choice.notice)
    key = extraction_key(pack.fingerprint)
    with store.engine.begin() as conn:
        if choice.record or choice.notice:
            record_pack(conn, pack)
        xq.sync_actors(conn, pack)
        if redo:  # everything becomes pending work, so that an interrupted redo is finished by a plain re-run
            conn.execute(update(documents).values(extracted_with=None))
            xq.clear_failures(conn)
    published: dict[str, str | None] = {}

    def claimed_batches():
        while True:
            def claim_next(conn) -> tuple[list[str], list[str]]:
                work.clear_stale(conn, "extract")
                candidates = list(conn.execute(_pending(select(documents.c.id), key)
                                               .where(documents.c.id.not_in(work.leased_now("extract")))
                                               .order_by(documents.c.id).limit(BATCH)).scalars())
                return candidates, work.claim(conn, "extract", candidates)

            candidates, ids = work.retrying(store, claim_next)
            if not candidates:
                return
            if not ids:
                continue  # another process took them first: look again
            with store.engine.connect() as conn:
                rows = {r.id: r for r in conn.execute(
                    select(documents.c.id, documents.c.clean_text, documents.c.language, documents.c.published)
                    .where(documents.c.id.in_(ids)))}
            batch = [DocInput(i, rows[i].clean_text, rows[i].language, rows[i].published) for i in ids]
            published.update((item.doc_id, item.published) for item in batch)
            yield batch

    done = 0
    try:
        for doc_id, extraction in run_stream(claimed_batches(), scenario_path=pack.path, workers=workers,
                                             cluster=cluster):
            if isinstance(extraction, str):  # recorded on the document: shown by status, not tried again
                reason = " ".join(extraction.split())[:300]

                def fail(conn, doc_id=doc_id, reason=reason) -> None:
                    xq.record_failure(conn, doc_id, key, reason, work.stamp())
                    work.release(conn, "extract", [doc_id])

                work.retrying(store, fail)
                if on_error:
                    on_error(str(ExtractionFailed(f"extraction failed ({reason})", source=f"document {doc_id}")))
                continue

            def save(conn, doc_id=doc_id, extraction=extraction) -> None:
                original = conn.execute(select(documents.c.text).where(documents.c.id == doc_id)).scalar_one()
                clean = xq.clean_text_of(conn, doc_id, original)
                xq.save_extraction(conn, doc_id=doc_id, clean=clean, extraction=extraction,
                                   published=published[doc_id], key=key)
                work.release(conn, "extract", [doc_id])

            work.retrying(store, save)
            done += 1
            if on_doc:
                on_doc(doc_id)
    finally:
        with store.engine.begin() as conn:
            work.release_all(conn, "extract")
            if done:
                pq.next_generation(conn)  # caches of the picture see the new records
    return done


def queue(db: str | Store | None = None) -> dict:
    """Work not finished: files of interrupted or running ingests, documents waiting for extraction."""
    store = _store(db)
    with store.engine.connect() as conn:
        summary = work.queue_summary(conn)
    summary["documents_to_extract"] = pending_count(store)
    with store.engine.connect() as conn:
        summary["extraction_failed"] = xq.failures(conn)
    return summary


def interrupted_runs(db: str | Store | None = None) -> list[int]:
    """Ingest runs whose process died with files still pending (none when there is no store yet)."""
    try:
        store = db if isinstance(db, Store) else open_store(db, create=False)
    except NotFound:
        return []
    with store.engine.connect() as conn:
        return [r["run"] for r in work.queue_summary(conn)["runs"] if r["state"] == "interrupted"]


def status(db: str | Store | None = None) -> dict:
    """Counts of documents by language, outlet, flag, month and format."""
    store = _store(db)
    with store.engine.connect() as conn:
        total = q.count_documents(conn)
        clusters = conn.execute(select(func.count(func.distinct(documents.c.cluster_id)))).scalar_one()
        by_month: dict[str, int] = {}
        for day, n in q.counts_by(conn, "published"):
            key = day[:7] if day else "undated"
            by_month[key] = by_month.get(key, 0) + n
        return {
            "store": store.location,
            "documents": total,
            "stories": int(clusters),
            "by_language": dict(q.counts_by(conn, "language")),
            "by_outlet": dict(q.counts_by(conn, "outlet")),
            "by_format": dict(q.counts_by(conn, "format")),
            "by_flag": dict(q.flag_counts(conn)),
            "by_month": dict(sorted(by_month.items())),
            "pack": {k: v for k, v in (pack_info(store) or {}).items() if k in
                     ("id", "name", "version", "fingerprint", "origin", "origin_changed")} or None,
            "queue": queue(store),
        }


def list_documents(db: str | Store | None = None, *, search: str | None = None, flag: str | None = None,
                   language: str | None = None, outlet: str | None = None, limit: int | None = 50,
                   offset: int = 0) -> dict:
    """Documents matching the filters, newest first, with the total count."""
    store = _store(db)
    filters = {"search": search, "flag": flag, "language": language, "outlet": outlet}
    with store.engine.connect() as conn:
        return {
            "total": q.count_documents(conn, **filters),
            "offset": offset,
            "documents": q.list_documents(conn, limit=limit, offset=offset, **filters),
        }


def get_document(ref: str, db: str | Store | None = None) -> dict:
    """One document by id, id prefix or file name; raises NotFound."""
    store = _store(db)
    with store.engine.connect() as conn:
        doc = q.get_document(conn, ref)
        if doc is not None:
            for table in xq.TABLES:
                doc[table] = list(xq.records(conn, table, doc["id"]))
    if doc is None:
        raise NotFound(f"no document {ref!r} (give an id, an id prefix or a file name)")
    return doc


EXPORT_KINDS = ("documents", "statements", "positions", "events", "claims", "timeline", "tracker", "contradictions")


def export_rows(kind: str, db: str | Store | None = None) -> list[dict]:
    """The rows `redline export` writes to KIND.jsonl: documents, the four record kinds, or the picture."""
    store = _store(db)
    if kind == "timeline":
        return timeline(store)
    if kind == "tracker":
        return tracker(store)
    if kind == "contradictions":
        return contradictions(store)
    if kind not in EXPORT_KINDS:
        raise ValueError(f"unknown kind {kind!r}; choose one of {', '.join(EXPORT_KINDS)}")
    with store.engine.connect() as conn:
        if kind == "documents":
            docs = list(q.iter_all(conn))
            by_doc = xq.doc_actors(conn)
            for d in docs:
                d["actors"] = by_doc.get(d["id"], [])
            return document_rows(docs)
        shape = {"statements": statement_row, "positions": position_row, "events": event_row, "claims": claim_row}[kind]
        return [shape(r) for r in xq.records(conn, kind)]


def export(out_dir: str | os.PathLike[str], db: str | Store | None = None, *, fmt: str = "jsonl",
           scenario: str | None = None) -> dict[str, int]:
    """Write documents.(jsonl|csv|parquet) and the other kinds to OUT_DIR, or with an event-data format
    (plover, cameo, acled) the timeline's events in that layout; return rows written per file."""
    from redline.export.eventdata import EVENT_FORMATS, columns, event_rows

    if fmt not in FORMATS and fmt not in EVENT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join([*FORMATS, *EVENT_FORMATS])}")
    store = _store(db)
    out = Path(out_dir)
    try:  # each file is written whole or not at all (writers.write_rows)
        out.mkdir(parents=True, exist_ok=True)
        if fmt in EVENT_FORMATS:
            name = EVENT_FORMATS[fmt]
            rows = event_rows(fmt, timeline(store, scenario=scenario), pack_for(store, scenario),
                              export_rows("documents", store), export_rows("positions", store))
            return {name: write_rows(rows, out / name, name.rsplit(".", 1)[1], columns(fmt))}
        return {f"{kind}.{fmt}": write_rows(export_rows(kind, store), out / f"{kind}.{fmt}", fmt)
                for kind in EXPORT_KINDS}
    except OSError as exc:
        raise from_os_error(exc, exc.filename or out) from None


def _picture(db: str | Store | None, scenario: str | Scenario | None = None):
    from redline.session import Redline

    return Redline(_store(db), scenario).picture()


def pack(db: str | Store | None = None) -> Scenario:
    """The store's pack (the default bundled pack for a store not extracted yet)."""
    return pack_for(_store(db))


def pack_info(db: str | Store | None = None) -> dict | None:
    """The pack recorded in the store: id, name, version, fingerprint, its files and where it came from."""
    store = _store(db)
    with store.engine.connect() as conn:
        record = pq.active_pack(conn)
    if record is None:
        return None
    recorded = stored_pack(store)
    from redline.scenario import fingerprint_of, read_pack_files

    origin = Path(record["origin"] or "")
    # the folder it was read from holds another version now: `extract --scenario` would take it
    changed = bool(record["origin"]) and origin.is_dir() and \
        fingerprint_of(read_pack_files(origin)) != record["fingerprint"]
    return {"id": record["pack_id"], "name": record["name"], "version": record["version"],
            "fingerprint": record["fingerprint"], "origin": record["origin"], "recorded_at": record["recorded_at"],
            "origin_changed": changed,
            "files": sorted(record["files"]), "issues": list(recorded.issues) if recorded else [],
            "parties": recorded.parties() if recorded else []}


def check_pack(folder: str | os.PathLike[str]) -> list:
    """Every problem of a pack folder (or bundled pack), as `Problem(file, line, message)`; [] when valid."""
    from redline.scenario import ScenarioError, bundled_folder, read_pack_files
    from redline.scenario_check import check_files

    path = Path(folder)
    if not path.is_dir():
        path = bundled_folder(str(folder)) or path
    if not path.is_dir():
        raise ScenarioError("scenario folder not found", source=str(folder))
    return check_files(read_pack_files(path))


def init_pack(folder: str | os.PathLike[str]) -> list[Path]:
    """Write a commented skeleton pack to a new (or empty) folder; return the files written."""
    from importlib import resources

    from redline.scenario import ScenarioError

    path = Path(folder)
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise ScenarioError("is not an empty folder: a skeleton is written only to a new one", source=str(path))
    path.mkdir(parents=True, exist_ok=True)
    skeleton = resources.files("redline.templates").joinpath("pack")
    written = []
    for name in ("scenario.yaml", "actors.yaml", "issues.yaml", "cues.yaml"):
        target = path / name
        target.write_text(skeleton.joinpath(name).read_text(encoding="utf-8"), encoding="utf-8")
        written.append(target)
    return written


def suggest_names(db: str | Store | None = None, *, scenario: str | None = None, limit: int = 40,
                  on_doc: Progress | None = None) -> list[dict]:
    """Names in the store's documents that the pack (the store's, or `scenario`) does not know, most frequent
    first, with counts and an example sentence."""
    from redline.pack_suggest import suggest

    store = _store(db)
    pack = pack_for(store, scenario)
    with store.engine.connect() as conn:
        texts = [(r.doc_name, r.language, r.clean_text) for r in q.iter_texts(conn)]
    return suggest(texts, pack, limit=limit, on_doc=on_doc)


def timeline(db: str | Store | None = None, *, as_of: date | None = None, since: date | None = None,
             scenario: str | None = None, party: str | None = None, etype: str | None = None) -> list[dict]:
    """Events merged across documents and languages, each with its sources and their disagreements; with
    `party`, only events it took part in; with `etype`, only events of that PLOVER type."""
    from redline.picture.timeline import build_timeline, claims_by_doc

    picture = _picture(db, scenario)
    numbers = claims_by_doc(picture)
    events = [e.as_dict(numbers) for e in build_timeline(picture, as_of)]
    if since:
        events = [e for e in events if (e["date"] or "") >= since.isoformat()
                  or any((r["published"] or "") >= since.isoformat() for r in e["reports"])]
    return [e for e in events if (not party or party in e["parties"] or party in e["actors"])
            and (not etype or e["type"] == etype.upper())]


def tracker(db: str | Store | None = None, *, as_of: date | None = None, since: date | None = None,
            scenario: str | None = None, party: str | None = None, issue: str | None = None,
            moved_only: bool = False) -> list[dict]:
    """Per party and issue: the stance as of a date, its dated history with sources, its position on the
    issue's 0–100 scale; with `since`, whether it moved and who moved it (`moved_only`: only those)."""
    from redline.picture.tracker import tracker_rows

    rows = tracker_rows(_picture(db, scenario), as_of=as_of, since=since)
    return [r for r in rows if (not party or r["party"] == party) and (not issue or r["issue"] == issue)
            and (not moved_only or r.get("moved"))]


def contradictions(db: str | Store | None = None, *, scenario: str | None = None) -> list[dict]:
    """Numbers that disagree, reports the party contradicts, opposite stances, inconsistent numbers in
    one article, and facts wrong for their date; each with its evidence spans."""
    from redline.picture.contradictions import find_contradictions

    store = _store(db)
    picture = _picture(store, scenario)
    with store.engine.connect() as conn:
        return find_contradictions(conn, picture)


def sources(db: str | Store | None = None, *, scenario: str | None = None) -> dict:
    """Coverage per outlet and language, events covered by one side's media only, near-duplicate stories."""
    from redline.picture.sources import compare_sources
    from redline.picture.timeline import build_timeline

    picture = _picture(db, scenario)
    return compare_sources(picture, build_timeline(picture))


def brief(db: str | Store | None = None, *, as_of: date | None = None, since: date | None = None,
          scenario: str | None = None) -> dict:
    """The briefing as data: top line, position matrix, what moved, timeline, sticking points,
    contradictions, sources, and the evidence every item links to."""
    from redline.models.backtest import score_line
    from redline.picture.brief import build_brief

    store = _store(db)
    picture = _picture(store, scenario)
    with store.engine.connect() as conn:
        data = build_brief(conn, picture, as_of=as_of, since=since)
    data["backtest"] = latest_backtest(store)  # how forecasts like the model's scored on this store
    data["forecast_score"] = score_line(data["backtest"])
    return data


def write_brief(out: str | os.PathLike[str] | None = None, db: str | Store | None = None, *, fmt: str = "text",
                as_of: date | None = None, since: date | None = None, scenario: str | None = None) -> str:
    """Render the briefing as text, Markdown or one self-contained HTML file; write it to `out` if given."""
    from redline.picture.render import render

    text = render(brief(db, as_of=as_of, since=since, scenario=scenario), fmt)
    if out is not None:
        path = Path(out)
        if path.is_dir():
            raise OutputError("is a folder: give a file name for the briefing", source=str(path))
        tmp = path.with_name(f".{path.name}.part")
        try:
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)  # never a half-written briefing
        except OSError as exc:
            raise from_os_error(exc, path) from None
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
    return text


# --- negotiation models ------------------------------------------------------------------------------


def model_inputs(db: str | Store | None = None, *, input_file: str | os.PathLike[str] | None = None,
                 overrides: str | os.PathLike[str] | None = None, sets: Iterable[str] = (),
                 as_of: date | None = None, scenario: str | None = None):
    """The actors × issues table the models read: from a file (BDM CSV, KTAB CSV, decide, YAML) or
    from the store's tracker; then overrides from a file, then `--set` what-ifs."""
    from redline.models.inputs import apply_overrides, from_tracker, read_input

    if input_file is not None:
        model = read_input(input_file)
    else:
        store = _store(db)
        model = from_tracker(tracker(store, as_of=as_of, scenario=scenario), pack_for(store, scenario), as_of=as_of)
    if overrides is not None:
        model = apply_overrides(model, overrides)
    for assignment in sets:
        model.set(assignment)
    return model


def run_model(method: str = "eum", db: str | Store | None = None, *, input_file: str | os.PathLike[str] | None = None,
              overrides: str | os.PathLike[str] | None = None, sets: Iterable[str] = (), rounds: int = 10,
              runs: int = 0, seed: int = 0, as_of: date | None = None, scenario: str | None = None,
              save: bool = True) -> dict:
    """Run a model: round-by-round results, why positions moved, bargaining ranges, the blocking issue,
    sensitivity, and with `runs` the Monte Carlo distribution of outcomes per issue. Saved in the store."""
    import json
    from datetime import datetime

    from redline.models import runner
    from redline.store.schema import model_runs

    if method not in runner.METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(runner.METHODS)}")
    sets = list(sets)
    model = model_inputs(db, input_file=input_file, overrides=overrides, sets=sets, as_of=as_of, scenario=scenario)
    result = runner.run_deterministic(model, method, rounds if method != "smp" else max(rounds, 100))
    result["inputs"] = model.rows()
    result["bargaining_range"] = runner.bargaining_ranges(model)
    result["blocking_issue"] = runner.blocking_issue(model)
    result["sensitivity"] = runner.sensitivity(model, method, rounds)
    if runs:
        result["monte_carlo"] = runner.monte_carlo(model, method, runs=runs, rounds=rounds, seed=seed)
    params = {"method": method, "rounds": rounds, "runs": runs, "seed": seed, "sets": sets,
              "input": str(input_file) if input_file else None, "overrides": str(overrides) if overrides else None,
              "as_of": as_of.isoformat() if as_of else None}
    result["params"] = params
    if save and (db is not None or input_file is None):
        store = _store(db)
        with store.engine.begin() as conn:
            result["run_id"] = conn.execute(model_runs.insert().values(
                created_at=datetime.now(UTC).isoformat(timespec="seconds"), method=method,
                params=json.dumps(params), inputs=json.dumps(result["inputs"]),
                result=json.dumps({k: v for k, v in result.items() if k != "inputs"}))).inserted_primary_key[0]
    return result


BACKTEST = "backtest"  # the method under which back-tests are kept in model_runs


def backtest(db: str | Store | None = None, *, start: date | None = None, end: date | None = None, step: int = 7,
             method: str = "eum", rounds: int = 10, runs: int = 100, seed: int = 0, horizon: int | None = None,
             scenario: str | None = None, save: bool = True, progress=None) -> dict:
    """Replay the store as of each date from `start` to `end` every `step` days, run the model on what was
    known then, and score its calls (outcome per issue, direction of each party's move) against the
    evidence published later, beside the no-move and capability-weighted-mean forecasts. Saved in the
    store, so that wherever a forecast is shown it can say how such forecasts scored."""
    import json
    from datetime import datetime

    from redline.models.backtest import backtest as run_backtest
    from redline.store.schema import model_runs

    store = _store(db)
    picture = _picture(store, scenario)
    days = sorted(d.published for d in picture.docs.values() if d.published)
    if not days:
        raise NotFound("no dated documents in this store: nothing to replay")
    start = start or days[0]
    end = end or days[-1]
    if end < start:
        raise ValueError(f"--to {end} is before --from {start}")
    result = run_backtest(picture, start, end, step, method=method, rounds=rounds, runs=runs, seed=seed,
                          horizon=horizon, progress=progress)
    if save:
        with store.engine.begin() as conn:
            result["run_id"] = conn.execute(model_runs.insert().values(
                created_at=datetime.now(UTC).isoformat(timespec="seconds"), method=BACKTEST,
                params=json.dumps({k: result[k] for k in ("method", "from", "to", "step", "rounds", "runs", "seed",
                                                          "horizon")}),
                inputs="[]", result=json.dumps(result))).inserted_primary_key[0]
    return result


def latest_backtest(db: str | Store | None = None, *, method: str | None = None) -> dict | None:
    """The latest saved back-test (of `method`'s forecasts when given), or None."""
    import json

    from redline.store.schema import model_runs

    store = _store(db)
    with store.engine.connect() as conn:
        rows = conn.execute(select(model_runs.c.result).where(model_runs.c.method == BACKTEST)
                            .order_by(model_runs.c.id.desc())).fetchall()
    for row in rows:
        result = json.loads(row.result)
        if method is None or result.get("method") == method:
            return result
    return None


def explain_model(db: str | Store | None = None, *, run_id: int | None = None) -> dict:
    """Why each position moved in a saved run (the latest by default): which challenge or bargain, with whom."""
    import json

    from redline.store.schema import model_runs

    store = _store(db)
    with store.engine.connect() as conn:
        query = select(model_runs).where(model_runs.c.method != BACKTEST).order_by(model_runs.c.id.desc()).limit(1)
        if run_id is not None:
            query = select(model_runs).where(model_runs.c.id == run_id)
        row = conn.execute(query).first()
    if row is None:
        raise NotFound("no model run in this store yet (run `redline model run` first)"
                       if run_id is None else f"no model run {run_id}")
    result = json.loads(row.result)
    return {"run_id": row.id, "method": row.method, "created_at": row.created_at, "params": json.loads(row.params),
            "issues": {issue: {"outcome": data.get("outcome"), "moves": data.get("moves", [])}
                       for issue, data in result["issues"].items()}}


def model_runs(db: str | Store | None = None) -> list[dict]:
    """Every saved model run, oldest first: its parameters, inputs and result."""
    from redline.store.runs import saved_runs

    store = _store(db)
    with store.engine.connect() as conn:
        return saved_runs(conn)


# --- where analysts work: Datasette and evaluation on their own gold ------------------------------------


def datasette_metadata(db: str | Store | None = None, *, out: str | os.PathLike[str] | None = None,
                       scenario: str | None = None) -> dict:
    """Datasette's metadata for the store (titles, descriptions, labels, facets, canned queries); written
    to `out` as JSON if given. Datasette reads SQLite stores only."""
    import json

    from redline.errors import StoreError
    from redline.store.datasette import datasette_metadata as build

    store = _store(db)
    if not store.is_sqlite:
        raise StoreError(f"{store.location}: Datasette reads SQLite stores only")
    name = Path(store.engine.url.database or "redline").stem
    data = build(name, scenario_name=pack_for(store, scenario).name)
    if out is not None:
        path = Path(out)
        tmp = path.with_name(path.name + ".part")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)
    return data


def evaluate(gold_dir: str | os.PathLike[str], db: str | Store | None = None, *, scenario: str | None = None,
             vocab: str | os.PathLike[str] | None = None) -> dict:
    """Score the store's extraction against a folder of gold annotations in the project's evaluation format
    (one JSON file per document), whole, per record kind and per language. Actor names are mapped through
    the folder's actors.json when it has one (or the `vocab` file), then the pack's actors."""
    from redline.evaluation.score import KINDS, read_gold
    from redline.evaluation.score import evaluate as score
    from redline.evaluation.vocabulary import Vocabulary

    folder = Path(gold_dir)
    gold, errors = read_gold(folder)
    if not gold:
        raise InputError("no gold documents (*.json) in this folder" + (f"; {len(errors)} unreadable" if errors else ""),
                         source=str(folder))
    if vocab is not None and not Path(vocab).is_file():
        raise InputError("no such vocabulary file", source=str(vocab))
    store = _store(db)
    names = Vocabulary.of(pack_for(store, scenario), Path(vocab) if vocab else folder / "actors.json")
    rows = {kind: export_rows(kind, store) for kind in ("documents", *KINDS)}
    return {**score(gold, rows, names), "errors": errors}


def document_texts(ids: Iterable[str], db: str | Store | None = None) -> dict[str, str]:
    """The original text of each document id given (what evidence spans point into)."""
    store = _store(db)
    with store.engine.connect() as conn:
        return q.original_texts(conn, sorted(set(ids)))
# --- the watch list, red lines and commitments -------------------------------------------------------


def watch(sources: Iterable[str], db: str | Store | None = None, *, every: float | None = None, passes: int = 0,
          signals_file: str | os.PathLike[str] | None = None, scenario: str | None = None,
          jsonl: str | os.PathLike[str] | None = None, webhook: str | None = None, workers: int = 1,
          on_pass: Callable | None = None, on_alert: Callable[[dict], None] | None = None,
          on_error: Progress | None = None) -> list:
    """Poll folders, feed files and feed URLs: ingest what is new, extract it, fire the signals on what changed,
    deliver the alerts; one pass, or one every `every` seconds (`passes` at most, 0: until stopped)."""
    from redline.watch.poll import watch as run_watch

    return run_watch([str(s) for s in sources], _store(db), every=every, passes=passes, on_pass=on_pass,
                     signals_file=signals_file, scenario=scenario, jsonl=jsonl, webhook=webhook, workers=workers,
                     on_alert=on_alert, on_error=on_error)


def alerts(db: str | Store | None = None, *, rule: str | None = None, since: date | None = None,
           limit: int | None = None) -> list[dict]:
    """The alerts the signals fired, newest first, each with its rule, time and evidence spans."""
    from redline.store import alerts as aq

    store = _store(db)
    with store.engine.connect() as conn:
        return aq.list_alerts(conn, rule=rule, since=since.isoformat() if since else None, limit=limit)


def signals(signals_file: str | os.PathLike[str] | None = None, db: str | Store | None = None, *,
            scenario: str | None = None) -> list[dict]:
    """The rules of a watch list (the store's pack's own by default), checked against the store's pack."""
    from redline.watch.signals import load_signals

    return [s.as_dict() for s in load_signals(signals_file, pack_for(_store(db), scenario))]


def redlines(db: str | Store | None = None, *, scenario: str | None = None) -> dict:
    """Each party's red lines with evidence and date, the proposals' terms, and which terms cross which
    party's red lines (the proposal × party matrix)."""
    from redline.store import alerts as aq
    from redline.watch.redlines import matrix

    store = _store(db)
    picture = _picture(store, scenario)
    with store.engine.connect() as conn:
        texts = aq.doc_texts(conn, list(picture.docs))
    return matrix(picture, texts)


def commitments(db: str | Store | None = None, *, scenario: str | None = None) -> list[dict]:
    """The terms of agreements reached, each fulfilled, partly, violated, disputed or open by later reports,
    with the sources on each side."""
    from redline.store import alerts as aq
    from redline.watch.commitments import track

    store = _store(db)
    picture = _picture(store, scenario)
    with store.engine.connect() as conn:
        texts = aq.doc_texts(conn, list(picture.docs))
    return track(picture, texts)
