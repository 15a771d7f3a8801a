"""The biggest sources of error in statements and flags on the dev set (a tuning aid, not a score).

    python -m bench.errors EXPORT_DIR statements|flags

Statements are matched to the gold the way the evaluation kit describes it (same speaker through
../shared/eval/actors.json, the text covering 60 % of the gold text's content words); the tally says which
speech cues bring false statements, how many speakers no actor resolves, and whose statements are missed.
Flags list every false and missed flag by document. The official figures stay those of score.py.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
GOLD = EVAL / "gold" / "dev"
WORD = re.compile(r"\w+")


def _canon() -> dict[str, str]:
    table = json.loads((EVAL / "actors.json").read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for section in ("parties", "persons", "organisations"):
        for name, value in table.get(section, {}).items():
            out[name.lower()] = name
            for alias in value if isinstance(value, list) else value.get("aliases", []):
                out[alias.lower()] = name
    return out


def _content(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text) if len(w) > 3}


def _rows(export: Path, kind: str) -> list[dict]:
    return [json.loads(line) for line in (export / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines() if line]


def statements(export: Path) -> None:
    canon = _canon()
    gold: dict[str, list[tuple[str, set[str], dict]]] = {}
    for path in sorted(GOLD.glob("*.json")):
        g = json.loads(path.read_text(encoding="utf-8"))
        gold[g["doc"]] = [(canon.get(s["speaker"].lower(), s["speaker"]), _content(s["text"]), s)
                          for s in g.get("statements", [])]
    by_cue: Counter[tuple[str, bool]] = Counter()
    unresolved = 0
    found: set[tuple[str, int]] = set()
    for row in _rows(export, "statements"):
        speaker = canon.get(row["speaker"].lower(), row["speaker"])
        words = _content(row["text"])
        hits = [i for i, (who, gw, _) in enumerate(gold.get(row["doc"], []))
                if who == speaker and gw and len(gw & words) >= 0.6 * len(gw)]
        found.update((row["doc"], i) for i in hits)
        by_cue[(str(row.get("cue")), bool(hits))] += 1
        unresolved += row["speaker"].lower() not in canon
    cues = sorted({c for c, _ in by_cue}, key=lambda c: -by_cue[(c, False)])
    print("== statements: false ones by speech cue (matched / false)")
    for cue in cues[:15]:
        print(f"  {cue[:24]:24} {by_cue[(cue, True)]:4} / {by_cue[(cue, False)]:4}")
    print(f"== speakers no actor of actors.json resolves: {unresolved}")
    missed = Counter(who for doc, rows in gold.items() for i, (who, _, _) in enumerate(rows) if (doc, i) not in found)
    print("== missed gold statements by speaker")
    for who, n in missed.most_common(12):
        print(f"  {who[:40]:40} {n:4}")


def flags(export: Path) -> None:
    pred = {row["doc"]: set(row.get("flags", [])) for row in _rows(export, "documents")}
    print("== flags: false (+) and missed (-) by document")
    for path in sorted(GOLD.glob("*.json")):
        g = json.loads(path.read_text(encoding="utf-8"))
        want, got = set(g.get("flags", [])), pred.get(g["doc"], set())
        for flag in sorted(want ^ got):
            print(f"  {'+' if flag in got else '-'} {flag:20} {g['language']} {g['doc']}")
