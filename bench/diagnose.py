"""Show, per dev document, what the export has beside the gold (a tuning aid): python -m bench.diagnose OUT KIND [DOC]."""

from __future__ import annotations

import json
import sys
from pathlib import Path

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "gold" / "dev"


def main() -> int:
    out, kind = Path(sys.argv[1]), sys.argv[2]
    only = sys.argv[3] if len(sys.argv) > 3 else None
    pred: dict[str, list] = {}
    for line in (out / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        pred.setdefault(row["doc"], []).append(row)
    fields = {"statements": ("speaker", "kind", "text"), "positions": ("actor", "issue", "stance"),
              "events": ("type", "date", "actors", "location"), "claims": ("value", "unit", "about")}[kind]
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if only and not gold["doc"].startswith(only):
            continue
        print(f"=== {gold['doc']}")
        for g in gold.get(kind, []):
            print("  G", " | ".join(str(g.get(f))[:90] for f in fields))
        for p in pred.get(gold["doc"], []):
            print("  P", " | ".join(str(p.get(f))[:90] for f in fields))
    return 0


if __name__ == "__main__":
    sys.exit(main())
