"""Extraction benchmarks: the dev gold set, PolNeAR (who said what, with textacy as a baseline),
PLOVER (event types), and throughput against spaCy's bare parse of the same texts."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from redline import api

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EVAL = SHARED / "eval"


def _score(script: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, str(EVAL / script), *args, "--json"], check=True, capture_output=True,
                          text=True)
    return json.loads(done.stdout)


def dev_extraction(work: Path) -> None:
    print("== dev corpus extraction (score.py)")
    corpus = SHARED / "corpus" / "dev"
    if not corpus.exists():
        print(f"skipped: {corpus} not found")
        return
    db = str(work / "dev-x.db")
    api.ingest([corpus], db=db)
    api.export(work / "dev-x", db)
    r = _score("score.py", str(work / "dev-x"), str(EVAL / "gold" / "dev"))
    for key in ("actors", "statements", "positions", "positions_any_stance", "events", "claims"):
        print(f"{key:22} P {r[key]['p']:.3f}  R {r[key]['r']:.3f}  F1 {r[key]['f1']:.3f}")
    print(f"event date accuracy {r['event_date_accuracy']}  overall F1 {r['overall_f1']}  (targets: overall >= 0.70, each >= 0.55)")


def polnear(work: Path, split: str = "test", *, baseline: bool = True) -> None:
    print(f"== PolNeAR {split}: who said what (score_polnear.py)")
    folder = SHARED / "benchmarks" / "polnear" / split
    if not folder.exists():
        print(f"skipped: {folder} not found")
        return
    db = str(work / f"polnear-{split}.db")
    api.ingest([folder / "text"], db=db, language="en", workers=2)
    api.export(work / f"polnear-{split}", db)
    ours = _score("score_polnear.py", str(work / f"polnear-{split}"), str(folder))
    baseline_dir = work / f"polnear-{split}-textacy"
    n = textacy_quotes(folder / "text", baseline_dir) if baseline else None
    if n is None:
        print("textacy is not installed (pip install -e '.[bench]'): baseline skipped")
        base = None
    else:
        base = _score("score_polnear.py", str(baseline_dir), str(folder))
    for name, r in (("redline", ours), ("textacy direct_quotations", base)):
        if r is None:
            continue
        print(f"{name:28} {_polnear_line(r)}")


def _polnear_line(r: dict) -> str:
    parts = []
    for key, value in r.items():
        if isinstance(value, dict) and "f" in value:
            parts.append(f"{key} P {value['p']:.3f} R {value['r']:.3f} F1 {value['f']:.3f}")
    return "; ".join(parts) or json.dumps(r)


def textacy_quotes(texts: Path, out: Path) -> int | None:
    """The baseline: textacy's direct_quotations over the same texts with the same spaCy model."""
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError:
        return None
    from redline.nlp.models import english

    nlp = english()
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for path in sorted(texts.glob("*.txt")):
        doc = nlp(path.read_text(encoding="utf-8"))
        try:
            triples = list(direct_quotations(doc))
        except Exception:  # noqa: BLE001 - textacy fails on some texts; it scores nothing there
            triples = []
        for t in triples:
            rows.append({"doc": path.name, "speaker_text": " ".join(x.text for x in t.speaker),
                         "text": " ".join(x.text for x in t.content)})
    with (out / "statements.jsonl").open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
    return len(rows)


def plover(work: Path) -> None:
    print("== PLOVER gold sentences: event types (score_plover.py)")
    folder = SHARED / "benchmarks" / "plover" / "sentences"
    if not folder.exists():
        print(f"skipped: {folder} not found")
        return
    db = str(work / "plover.db")
    # the sentences are about no negotiation of ours: the generic pack lets any named actor take part
    api.ingest([folder], db=db, language="en", workers=2, scenario="generic")
    api.export(work / "plover", db)
    r = _score("score_plover.py", str(work / "plover"))
    print(" ".join(f"{k} {v}" for k, v in r.items() if not isinstance(v, dict | list)))


def throughput(work: Path) -> None:
    """Full extraction on 2 processes against spaCy's bare en_core_web_sm parse on 2 processes, same texts."""
    print("== throughput on 2 cores: full extraction against spaCy's bare parse")
    sources = [SHARED / "benchmarks" / "polnear" / "dev" / "text", SHARED / "benchmarks" / "polnear" / "test" / "text"]
    files = [p for s in sources if s.exists() for p in sorted(s.glob("*.txt"))]
    if not files:
        print("skipped: no PolNeAR texts found")
        return
    import spacy

    from redline.nlp.models import ENGLISH_MODELS

    texts = [p.read_text(encoding="utf-8") for p in files]
    nlp = None
    for name in ENGLISH_MODELS:
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
    t0 = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=32, n_process=2))
    bare = time.perf_counter() - t0
    db = str(work / "speed.db")
    api.ingest(files, db=db, language="en", extract=False)
    t0 = time.perf_counter()
    done = api.run_extraction(db, workers=2)
    full = time.perf_counter() - t0
    print(f"{len(texts)} texts, {tokens:,} tokens")
    print(f"spaCy bare parse   {bare:6.1f} s  {tokens / bare:8.0f} tokens/s")
    print(f"redline extraction {full:6.1f} s  {tokens / full:8.0f} tokens/s  ({done} documents, stored)")
    print(f"ratio {bare / full:.2f} of spaCy's speed (target >= 0.6)")
