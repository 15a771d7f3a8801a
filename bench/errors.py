"""Where positions go wrong: every miss and every extra classified, whole and per language.

    python -m bench.errors EXPORT_DIR [positions|statements|flags] [--examples N]

(statements and flags: bench/errors_text.py)

Reads an export (`redline export DIR`) and the dev gold (../shared/eval/gold/dev), compares
(party, issue, stance) per document the way the official scorer does (its vocabulary maps actors to
parties), and counts each error as one of:

- stance reversed: the party and issue match, for and against are swapped;
- stance off: the party and issue match, conditional against a plain for or against;
- holder wrong: the issue is found in the document but given to a party the gold does not have on it
  (counted once on the gold side and once on the predicted side);
- issue missed: the gold has the issue and nothing is predicted on it in the document;
- spurious: a predicted issue the gold does not have in the document at all.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
GOLD = EVAL / "gold" / "dev"
KINDS = ("stance reversed", "stance off", "holder wrong (missed)", "holder wrong (extra)", "issue missed",
         "spurious")


def _vocabulary():
    spec = importlib.util.spec_from_file_location("redline_eval_score", EVAL / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Vocabulary(EVAL / "actors.json")


def classify(gold: set[tuple[str, str, str]], pred: set[tuple[str, str, str]]) -> list[tuple[str, tuple, str]]:
    """(kind, the gold or predicted triple, side) for each error of one document."""
    out = []
    g_pair = defaultdict(set)
    p_pair = defaultdict(set)
    for party, issue, stance in gold:
        g_pair[(party, issue)].add(stance)
    for party, issue, stance in pred:
        p_pair[(party, issue)].add(stance)
    g_issues = {i for _, i, _ in gold}
    p_issues = {i for _, i, _ in pred}
    for triple in sorted(gold - pred):
        party, issue, stance = triple
        others = p_pair.get((party, issue), set()) - g_pair[(party, issue)]
        if others:
            reversed_ = {stance, *others} >= {"for", "against"}
            out.append(("stance reversed" if reversed_ else "stance off", triple, "gold"))
        elif issue in p_issues:
            out.append(("holder wrong (missed)", triple, "gold"))
        else:
            out.append(("issue missed", triple, "gold"))
    for triple in sorted(pred - gold):
        party, issue, stance = triple
        if (party, issue) in g_pair:
            continue  # counted on the gold side as a stance error, or a second stance beside a right one
        out.append(("holder wrong (extra)" if issue in g_issues else "spurious", triple, "pred"))
    return out


def analyse(export: Path, gold_dir: Path = GOLD) -> dict:
    vocab = _vocabulary()
    pred_rows: dict[str, list[dict]] = defaultdict(list)
    path = export / "positions.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        if line.strip():
            row = json.loads(line)
            pred_rows[Path(row["doc"]).name].append(row)
    by_lang: dict[str, Counter] = defaultdict(Counter)
    whole: Counter = Counter()
    by_issue: Counter = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for file in sorted(gold_dir.glob("*.json")):
        g = json.loads(file.read_text(encoding="utf-8"))
        doc, lang = Path(g["doc"]).name, g.get("language", "?")
        gold = {(vocab.party_of(x["actor"]), x["issue"], x["stance"]) for x in g.get("positions", [])}
        rows = pred_rows.get(doc, [])
        pred = {(vocab.party_of(x.get("actor")), x.get("issue"), x.get("stance")) for x in rows}
        whole["tp"] += len(gold & pred)
        by_lang[lang]["tp"] += len(gold & pred)
        whole["gold"] += len(gold)
        whole["pred"] += len(pred)
        by_lang[lang]["gold"] += len(gold)
        by_lang[lang]["pred"] += len(pred)
        for kind, triple, side in classify(gold, pred):
            whole[kind] += 1
            by_lang[lang][kind] += 1
            by_issue[(kind, triple[1])] += 1
            cue = ""
            if side == "pred":
                row = next((r for r in rows if (vocab.party_of(r.get("actor")), r.get("issue"), r.get("stance"))
                            == triple), {})
                cue = f" [{row.get('cue', '')}] {str(row.get('text', ''))[:140]!r}"
            examples[kind].append(f"{doc[:12]} {lang} {'/'.join(triple)}{cue}")
    return {"whole": whole, "languages": by_lang, "issues": by_issue, "examples": examples}


def f1(c: Counter) -> float:
    p = c["tp"] / c["pred"] if c["pred"] else 0.0
    r = c["tp"] / c["gold"] if c["gold"] else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def report(result: dict, examples: int = 0) -> str:
    whole = result["whole"]
    lines = [f"positions: {whole['tp']} right of {whole['gold']} gold, {whole['pred']} predicted, F1 {f1(whole):.3f}",
             "biggest sources of error:"]
    for kind, n in sorted(((k, whole[k]) for k in KINDS), key=lambda kv: -kv[1]):
        top = sorted(((i, c) for (k, i), c in result["issues"].items() if k == kind), key=lambda x: -x[1])[:3]
        lines.append(f"  {kind:22} {n:4}   most on: " + ", ".join(f"{i} {c}" for i, c in top))
    lines.append("per language:  F1     " + "  ".join(k.split(" (")[0][:6] + ("+" if "extra" in k else "") for k in KINDS))
    for lang, c in sorted(result["languages"].items(), key=lambda kv: -kv[1]["gold"]):
        lines.append(f"  {lang:3} ({c['gold']:3}) {f1(c):.3f}  " + "  ".join(f"{c[k]:6}" for k in KINDS))
    if examples:
        for kind in KINDS:
            lines.append(f"-- {kind}")
            lines += ["   " + e for e in result["examples"][kind][:examples]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("export", type=Path)
    parser.add_argument("kind", nargs="?", default="positions", choices=["positions", "statements", "flags"])
    parser.add_argument("--examples", type=int, default=0, help="list this many errors of each kind (positions)")
    args = parser.parse_args(argv)
    if not GOLD.exists():
        print(f"skipped: {GOLD} not found (the shared evaluation kit is not beside this checkout)")
        return 0
    if args.kind != "positions":
        from bench import errors_text

        {"statements": errors_text.statements, "flags": errors_text.flags}[args.kind](args.export)
        return 0
    print(report(analyse(args.export), args.examples))
    return 0


if __name__ == "__main__":
    sys.exit(main())
