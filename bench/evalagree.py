"""How far `redline eval` agrees with the evaluation kit's own scorer on the dev set.

    python -m bench.evalagree [--db PATH]

Ingests ../shared/corpus/dev into a fresh store (or uses the store at --db), scores it with
`redline.api.evaluate` (the kit's actors.json as vocabulary) and with ../shared/eval/score.py on an
export of the same store, and prints both F1 figures per kind and their difference.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench.devscore import CORPUS, EVAL, GOLD, KINDS, score
from redline import api


def agreement(db: str, work: Path) -> None:
    print("== redline eval against the kit's scorer (dev set, same store)")
    api.export(work / "export", db)
    kit = score(work / "export")
    ours = api.evaluate(GOLD, db, vocab=EVAL / "actors.json")
    print(f"{'':12}{'kit':>8}{'redline':>9}{'diff':>8}")
    for kind in KINDS:
        a, b = kit[kind]["f1"], ours["kinds"][kind]["f1"]
        print(f"{kind:12}{a:8.3f}{b:9.3f}{b - a:+8.3f}")
    a, b = kit["overall_f1"], ours["overall_f1"]
    print(f"{'overall':12}{a:8.3f}{b:9.3f}{b - a:+8.3f}")
    print(f"event dates {kit['event_date_accuracy']} vs {ours['event_date_accuracy']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="score this store instead of ingesting the dev corpus")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found (the shared evaluation kit is not beside this checkout)")
        return 0
    with tempfile.TemporaryDirectory(prefix="redline-evalagree-") as tmp:
        work = Path(tmp)
        db = args.db or str(work / "dev.db")
        if not args.db:
            api.ingest([CORPUS], db=db, workers=2)
        agreement(db, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
