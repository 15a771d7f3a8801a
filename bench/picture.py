"""Cross-document benchmarks: event merging on the dev corpus against bench/data/dev_same_events.yaml,
the tracker's table as of a date, and the briefing's speed on a store of 10,000 documents."""

from __future__ import annotations

import itertools
import sqlite3
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import yaml

from redline import api

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ANNOTATION = ROOT / "bench" / "data" / "dev_same_events.yaml"


def _pairs(groups: list[tuple[str, list[str]]]) -> set[tuple[str, str, str]]:
    out = set()
    for etype, docs in groups:
        for a, b in itertools.combinations(sorted(set(docs)), 2):
            out.add((etype, a, b))
    return out


def merging_scores(timeline: list[dict], annotation: list[dict]) -> dict:
    """Pairwise precision and recall: two documents count as a pair when one event lists both."""
    predicted = _pairs([(e["type"], e["sources"]) for e in timeline])
    gold = _pairs([(e["type"], e["docs"]) for e in annotation])
    hit = len(predicted & gold)
    p = hit / len(predicted) if predicted else 0.0
    r = hit / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    # how whole each annotated event comes out: the largest share of its documents in one merged event
    whole = []
    for e in annotation:
        docs = set(e["docs"])
        best = max((len(docs & set(t["sources"])) for t in timeline if t["type"] == e["type"]), default=0)
        whole.append(best / len(docs))
    return {"pairs_predicted": len(predicted), "pairs_gold": len(gold), "p": p, "r": r, "f1": f,
            "mean_share_in_one_event": sum(whole) / len(whole) if whole else 0.0}


def dev_db(work: Path) -> str | None:
    corpus = SHARED / "corpus" / "dev"
    if not corpus.exists():
        return None
    db = str(work / "dev-picture.db")
    if not Path(db).exists():
        api.ingest([corpus], db=db)
    return db


def timeline(work: Path) -> None:
    print("== event merging across documents (dev corpus against bench/data/dev_same_events.yaml)")
    db = dev_db(work)
    if db is None:
        print("skipped: ../shared/corpus/dev not found")
        return
    annotation = yaml.safe_load(ANNOTATION.read_text(encoding="utf-8"))["events"]
    events = api.timeline(db)
    s = merging_scores(events, annotation)
    multi = [e for e in events if len(e["sources"]) > 1]
    print(f"pairwise precision {s['p']:.3f}  recall {s['r']:.3f}  F1 {s['f1']:.3f}  "
          f"(pairs predicted {s['pairs_predicted']}, annotated {s['pairs_gold']})")
    print(f"share of an annotated event's documents found in one merged event: {s['mean_share_in_one_event']:.3f}")
    for e in annotation:
        if len(e["docs"]) >= 5:
            docs = set(e["docs"])
            best = max((len(docs & set(t["sources"])) for t in events if t["type"] == e["type"]), default=0)
            print(f"  {e['id']}: {best} of its {len(docs)} documents in one event ({best / len(docs):.0%})")
    print(f"distinct events: {len(events)} merged events from {sum(len(e['reports']) for e in events)} reports; "
          f"{len(multi)} with two or more sources, against {len(annotation)} annotated multi-source events")


def _gold_stances(as_of: date) -> dict[tuple[str, str], Counter]:
    """What the hand annotations of the dev documents published up to `as_of` say, per party and issue."""
    import json

    out: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for path in sorted((SHARED / "eval" / "gold" / "dev").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        published = gold.get("published")
        if not published or date.fromisoformat(published[:10]) > as_of:
            continue
        for p in gold.get("positions", []):
            out[(p["actor"], p["issue"])][p["stance"]] += 1
    return out


def tracker(work: Path, as_of: date = date(2025, 12, 5)) -> None:
    print(f"== position tracker on the dev corpus as of {as_of}, beside what the annotated documents say")
    db = dev_db(work)
    if db is None:
        print("skipped: ../shared/corpus/dev not found")
        return
    rows = {(r["party"], r["issue"]): r for r in api.tracker(db, as_of=as_of)}
    gold = _gold_stances(as_of)
    keys = sorted(set(rows) | set(gold))
    print(f"{'party':26} {'issue':20} {'redline':12} {'pos':>5} {'n':>3}   documents say (annotated stances)")
    agree = both = 0
    for key in keys:
        r, g = rows.get(key), gold.get(key)
        said = ", ".join(f"{s} {n}" for s, n in g.most_common()) if g else "-"
        majority = g.most_common(1)[0][0] if g else None
        mark = ""
        if r and g:
            both += 1
            agree += r["stance"] == majority
            mark = "  =" if r["stance"] == majority else "  ≠"
        ours = f"{r['stance']:12} {r['position']:5.0f} {r['n']:3}" if r else f"{'-':12} {'':5} {'':3}"
        print(f"{key[0]:26} {key[1]:20} {ours}   {said}{mark}")
    print(f"party × issue pairs: redline {len(rows)}, annotated {len(gold)}, in both {both}; "
          f"same stance as the annotated majority in {agree} of {both}"
          + (f" ({agree / both:.0%})" if both else ""))


def big_store(work: Path, n_docs: int, name: str) -> str | None:
    """A store of about `n_docs` documents copied from the extracted dev corpus, or None without it."""
    from bench.replicate import replicate

    db = dev_db(work)
    if db is None:
        print("skipped: ../shared/corpus/dev not found")
        return None
    big = str(work / name)
    replicate(db, big, n_docs)
    return big


def brief_speed(work: Path, n_docs: int = 10_000) -> None:
    print(f"== redline brief over a store of {n_docs:,} documents")
    big = big_store(work, n_docs, "brief-10k.db")
    if big is None:
        return
    with sqlite3.connect(big) as conn:
        n = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("events", "positions", "statements", "claims", "mentions")}
    print(f"store: {n:,} documents, copies of the extracted dev corpus with dates spread over four months; "
          + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    for fmt in ("text", "html"):
        t0 = time.perf_counter()
        out = work / f"brief.{fmt}"
        api.write_brief(out, db=big, fmt=fmt)
        elapsed = time.perf_counter() - t0
        print(f"brief --format {fmt}: {elapsed:.2f} s ({out.stat().st_size / 1e3:.0f} kB)  (target < 10 s)")
