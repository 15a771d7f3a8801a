"""Run extraction over many documents: spaCy's nlp.pipe in batches, on several processes when asked."""

from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, fields, replace
from datetime import date
from functools import cache

from threadpoolctl import threadpool_limits

from redline.nlp.extract import Extraction, extract
from redline.nlp.models import pipeline_for
from redline.scenario import load_scenario

BATCH = 32


@dataclass
class DocInput:
    doc_id: str
    text: str  # the cleaned text
    language: str | None
    published: str | None


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@cache
def _one_blas_thread() -> None:
    """Parallelism comes from processes: a second BLAS thread per process only competes for the same cores
    (measured: 44 s against 38 s for the 168 PolNeAR texts in one process on 2 cores)."""
    threadpool_limits(limits=1)


# spaCy refuses texts over 1,000,000 characters, and some extractors look across the whole text: a longer
# document is read in paragraph-bounded pieces of at most this many characters, its offsets kept
PIECE_CHARS = 50_000
BREAKS = ("\n\n", "\n", ". ", " ")


def pieces(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces covering `text`, each at most `limit` characters, cut after a
    paragraph break when there is one in the second half of the window, else a line, a sentence, a space."""
    out, start = [], 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = next((k + len(b) for b in BREAKS if (k := window.rfind(b)) >= limit // 2), limit)
        out.append((start, start + cut))
        start += cut
    out.append((start, len(text)))
    return out


def _shifted(record, offset: int):
    """A record found in a piece, with its offsets moved into the whole text."""
    changes = {f.name: getattr(record, f.name) + offset for f in fields(record)
               if (f.name in ("start", "end") or f.name.endswith(("_start", "_end")))
               and isinstance(getattr(record, f.name), int)}
    if isinstance(getattr(record, "sources", None), list):
        changes["sources"] = [(a + offset, b + offset) for a, b in record.sources]
    return replace(record, **changes)


def _merge(parts: list[tuple[int, Extraction]]) -> Extraction:
    whole = Extraction()
    for offset, part in parts:
        whole.mentions += [_shifted(m, offset) for m in part.mentions]
        whole.statements += [_shifted(x, offset) for x in part.statements]
        whole.positions += [_shifted(x, offset) for x in part.positions]
        whole.events += [_shifted(x, offset) for x in part.events]
        whole.claims += [(_shifted(c, offset), issue, about) for c, issue, about in part.claims]
    return whole


def _parse_all(nlp, texts: list[str]) -> list:
    """One spaCy doc per text, in batches; a text spaCy refuses gives its exception, not the batch's."""
    try:
        return list(nlp.pipe(texts, batch_size=BATCH))
    except Exception:  # noqa: BLE001 - find the text that failed, keep the others
        out = []
        for text in texts:
            try:
                out.append(nlp(text))
            except Exception as exc:  # noqa: BLE001
                out.append(exc)
        return out


def _run_batch(items: list[DocInput], scenario_path: str | None) -> list[tuple[str, Extraction | str]]:
    _one_blas_thread()
    scenario = load_scenario(scenario_path)
    out = []
    by_lang: dict[str, list[DocInput]] = {}
    for item in items:
        by_lang.setdefault((item.language or "en")[:2], []).append(item)
    for lang, group in by_lang.items():
        nlp = pipeline_for(lang)
        cuts = [pieces(item.text) for item in group]
        # short documents parsed in batches; a long one piece by piece, so only one piece is in memory
        short = iter(_parse_all(nlp, [item.text for item, spans in zip(group, cuts, strict=True) if len(spans) == 1]))
        for item, spans in zip(group, cuts, strict=True):
            first = next(short) if len(spans) == 1 else None
            try:
                parts = []
                for a, b in spans:
                    doc = first if first is not None else nlp(item.text[a:b])
                    if isinstance(doc, Exception):
                        raise doc
                    parts.append((a, extract(item.text[a:b], language=lang, published=_day(item.published),
                                             scenario=scenario, doc=doc)))
                result: Extraction | str = parts[0][1] if len(parts) == 1 else _merge(parts)
            except Exception as exc:  # noqa: BLE001 - report on the document, go on with the batch
                result = f"{type(exc).__name__}: {exc}"
            out.append((item.doc_id, result))
    order = {item.doc_id: k for k, item in enumerate(items)}
    return sorted(out, key=lambda pair: order[pair[0]])


def run(items: list[DocInput], *, scenario_path: str | None = None, workers: int = 1, cluster: str | None = None
        ) -> Iterator[tuple[str, Extraction | str]]:
    """Yield (doc_id, extraction or error message) in input order; `workers` > 1 uses that many processes,
    `cluster` a Dask cluster (`tcp://scheduler:8786`, or `local:N` for N local worker processes)."""
    batches = (items[k : k + BATCH] for k in range(0, len(items), BATCH))
    yield from run_stream(batches, scenario_path=scenario_path, workers=workers, cluster=cluster)


def run_stream(batches: Iterable[list[DocInput]], *, scenario_path: str | None = None, workers: int = 1,
               cluster: str | None = None) -> Iterator[tuple[str, Extraction | str]]:
    """Like `run`, over batches drawn one at a time as workers free up (the caller may claim them lazily);
    at most two batches per worker are in flight, and results come back in the order the batches came."""
    batches = iter(batches)
    first = next(batches, None)
    if first is None:
        return
    if cluster:
        yield from _run_on_dask(first, batches, scenario_path, cluster)
        return
    second = next(batches, None) if workers > 1 else None
    if second is None:
        yield from _run_batch(first, scenario_path)
        for batch in batches:
            yield from _run_batch(batch, scenario_path)
        return
    workers = min(workers, os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from _in_order(lambda batch: pool.submit(_run_batch, batch, scenario_path),
                             itertools.chain([first, second], batches), ahead=2 * workers)


def _in_order(submit: Callable, batches: Iterator[list[DocInput]], ahead: int
              ) -> Iterator[tuple[str, Extraction | str]]:
    """Keep `ahead` batches submitted; yield each one's results in submission order."""
    flight: deque = deque()
    for batch in batches:
        flight.append(submit(batch))
        while len(flight) >= ahead:
            yield from flight.popleft().result()
    while flight:
        yield from flight.popleft().result()


def _run_on_dask(first: list[DocInput], batches: Iterator[list[DocInput]], scenario_path: str | None, cluster: str
                 ) -> Iterator[tuple[str, Extraction | str]]:
    """Batches farmed out to a Dask cluster; results come back (and are stored) in input order."""
    from redline.errors import ClusterError

    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError("Dask is not installed: pip install 'dask[distributed]'", source=cluster) from None
    local = None
    try:
        if cluster.startswith("local:"):
            n = int(cluster.split(":", 1)[1] or 1)
            local = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(local)
        else:
            client = Client(cluster, timeout="5s")
    except (OSError, ValueError, TimeoutError) as exc:
        if local is not None:
            local.close()
        raise ClusterError(f"cannot reach the cluster ({type(exc).__name__}: {exc})".replace("\n", " "),
                           source=cluster) from None
    try:
        # the scenario pack travels by path: the workers must see the same folder (bundled packs always do)
        slots = sum(w.get("nthreads", 1) for w in client.scheduler_info().get("workers", {}).values()) or 1

        def submit(batch: list[DocInput]):
            return client.submit(_run_batch, batch, scenario_path, pure=False)

        yield from _in_order(submit, itertools.chain([first], batches), ahead=2 * slots)
    finally:
        client.close()
        if local is not None:
            local.close()
