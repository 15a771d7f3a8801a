"""Per-document flag scores on the dev corpus beside the gold flags (a tuning aid, not a score)."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from redline import api

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def main() -> int:
    corpus, gold = SHARED / "corpus" / "dev", SHARED / "eval" / "gold" / "dev"
    if not corpus.exists():
        print(f"skipped: {corpus} not found (the shared evaluation kit is not beside this checkout)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "dev.db")
        api.ingest([corpus], db=db)
        rows = api.list_documents(db, limit=None)["documents"]
        for flag in sys.argv[1:] or ["opinion", "machine_translation"]:
            print(f"== {flag}")
            for d in sorted(rows, key=lambda r: r["doc_name"]):
                g = json.loads((gold / (Path(d["doc_name"]).stem + ".json")).read_text())
                full = api.get_document(d["id"], db)
                score = next(f for f in full["flag_scores"] if f["flag"] == flag)
                mark = ("TP" if score["set"] else "FN") if flag in g["flags"] else ("FP" if score["set"] else "  ")
                print(f"{mark} {score['score']:6.2f} {d['doc_name'][:40]:40} {score['reason'][:110]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
