"""Score the extraction on the dev corpus, whole and per language, with the evaluation kit's own scorer.

    python -m bench.devscore [--db PATH] [--reuse] [--langs] [--errors] [--json]

Ingests ../shared/corpus/dev into a fresh store (or reuses one with --reuse), exports it and runs
../shared/eval/score.py on the whole set and, with --langs, on each language's documents (--docs=…);
--errors adds the biggest sources of position errors (bench/errors.py).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from bench import errors
from redline import api

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EVAL = SHARED / "eval"
GOLD = EVAL / "gold" / "dev"
CORPUS = SHARED / "corpus" / "dev"
KINDS = ("actors", "statements", "positions", "events", "claims")


def score(export: Path, docs: list[str] | None = None) -> dict:
    args = [sys.executable, str(EVAL / "score.py"), str(export), str(GOLD), "--json"]
    if docs:
        args.append("--docs=" + ",".join(docs))
    return json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)


def languages() -> dict[str, list[str]]:
    """Gold documents by their annotated language."""
    out: dict[str, list[str]] = defaultdict(list)
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        out[gold["language"]].append(gold["doc"])
    return dict(out)


def build(db: str, export: Path, *, reuse: bool, workers: int = 2) -> None:
    if not reuse:
        api.ingest([CORPUS], db=db, workers=workers)
    api.export(export, db)


def line(name: str, r: dict) -> str:
    cells = "  ".join(f"{k[:5]} {r[k]['f1']:.3f}" for k in KINDS)
    dates = r.get("event_date_accuracy")
    return f"{name:8} {cells}  evdate {dates if dates is not None else '-':>5}  overall {r['overall_f1']:.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="store to use (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true", help="do not ingest; export and score the store as it is")
    parser.add_argument("--langs", action="store_true", help="also score each language on its own")
    parser.add_argument("--errors", action="store_true", help="also classify the position errors")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found (the shared evaluation kit is not beside this checkout)")
        return 0
    with tempfile.TemporaryDirectory(prefix="redline-dev-") as tmp:
        db = args.db or str(Path(tmp) / "dev.db")
        export = Path(tmp) / "export"
        build(db, export, reuse=args.reuse)
        result = {"all": score(export)}
        if args.langs:
            for lang, docs in sorted(languages().items(), key=lambda kv: -len(kv[1])):
                result[f"{lang} ({len(docs)})"] = score(export, docs)
        breakdown = errors.report(errors.analyse(export)) if args.errors else None
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    whole = result["all"]
    for key in (*KINDS, "positions_any_stance"):
        print(f"{key:22} P {whole[key]['p']:.3f}  R {whole[key]['r']:.3f}  F1 {whole[key]['f1']:.3f}")
    for flag, prf in whole["flags"].items():
        print(f"flag {flag:19} P {prf['p']:.3f}  R {prf['r']:.3f}  F1 {prf['f1']:.3f}")
    print(f"event date accuracy {whole['event_date_accuracy']} (undated {whole['event_dates_missing']})  "
          f"overall F1 {whole['overall_f1']}")
    if args.langs:
        print("per language (F1):")
        for name, r in result.items():
            print(line(name, r))
    if breakdown:
        print(breakdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
