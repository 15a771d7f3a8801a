"""Where the ingest stage's time goes: each step of preparing a document timed apart, in one process,
over the same generated files (read and decode, reader, debris and clean text, language id, date,
flags, content hash, MinHash), beside the whole ingest of those files into a fresh store (the rest:
queue, transactions, near-duplicate search, writing)."""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path

from redline import api
from redline.clean import build_clean_text, find_debris
from redline.clean.flags import compute_flags
from redline.ingest.dates import date_in_text
from redline.ingest.dedupe import content_hash, signature
from redline.ingest.language import detect_language
from redline.ingest.prepare import read_articles
from redline.ingest.sources import iter_files, read_source
from redline.store import open_store


def stage_times(folder: Path, work: Path, limit: int = 1000) -> None:
    files = sorted(iter_files([folder]))[:limit]
    spent: dict[str, float] = defaultdict(float)

    def timed(name: str, fn, *args, **kwargs):
        t0 = time.perf_counter()
        value = fn(*args, **kwargs)
        spent[name] += time.perf_counter() - t0
        return value

    docs = 0
    for path in files:
        source = timed("read file", read_source, path)
        for article in timed("decode and reader", read_articles, source):
            docs += 1
            removed = timed("debris", find_debris, article.text)
            clean = timed("clean text", build_clean_text, article.text, removed)
            language, _score = timed("language id", detect_language, clean.text, declared=article.language)
            if not article.published:
                timed("date in text", date_in_text, clean.text)
            timed("flags", compute_flags, original=article.text, clean=clean.text, removed=clean.removed,
                  language=language, url=article.url, title=article.title)
            timed("content hash", content_hash, article.text)
            timed("MinHash", signature, clean.text)
    prepared = sum(spent.values())
    sample = work / "stages-sample"
    sample.mkdir(exist_ok=True)
    for path in files:
        (sample / path.name).write_bytes(path.read_bytes())
    t0 = time.perf_counter()
    api.ingest([sample], db=open_store(str(work / "stages.db")), extract=False)
    whole = time.perf_counter() - t0
    print(f"per stage, {len(files)} files ({docs} documents) in one process; the whole ingest of them {whole:.2f} s:")
    for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {name:18} {seconds:7.2f} s  {seconds / whole:6.1%} of the ingest  {seconds / docs * 1e3:7.2f} ms/doc")
    rest = whole - prepared
    print(f"  {'the rest':18} {rest:7.2f} s  {rest / whole:6.1%} of the ingest (queue, transactions, "
          f"near-duplicate search, writing; on 2 processes the preparing overlaps)")
