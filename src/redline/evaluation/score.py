"""Precision, recall and F1 of extracted records against gold annotations, per record kind and per
language, after the rules of the project's evaluation format (rules.yaml)."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from redline.errors import BadJSON, InputError
from redline.evaluation.vocabulary import Vocabulary, fold

KINDS = ("statements", "positions", "events", "claims")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


@cache
def rules() -> dict:
    text = resources.files("redline.evaluation").joinpath("rules.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def _unit_of() -> dict[str, str]:
    return {spelling.lower(): unit for unit, spellings in rules()["units"].items() for spelling in [unit, *spellings]}


def unit(raw: str | None) -> str | None:
    """The unit a spelling stands for ('%' and 'per cent' are percent)."""
    if not raw:
        return None
    key = raw.strip().lower()
    return _unit_of().get(key) or _unit_of().get(fold(raw)) or key


@cache
def _stop_words(language: str | None) -> frozenset[str]:
    """spaCy's stop words of a language (English when spaCy has no list for it)."""
    import spacy.util

    for code in (language, "en"):
        try:
            return frozenset(fold(w) for w in spacy.util.get_lang_class(code or "en").Defaults.stop_words)
        except (ImportError, KeyError, AttributeError):
            continue
    return frozenset()


def content_words(text: str | None, language: str | None) -> set[str]:
    """The words that carry content: no stop words; in Chinese, Japanese and Korean every character counts
    (a stop list of words says nothing about single characters)."""
    spaced = _CJK.sub(lambda m: f" {m.group(0)} ", fold(text).replace("'", " "))
    stop = _stop_words(language)
    return {w for w in spaced.split() if _CJK.fullmatch(w) or w not in stop}


def day(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


@dataclass
class Tally:
    """Counts behind precision and recall."""

    matched: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, matched: int, predicted: int, gold: int) -> None:
        self.matched += matched
        self.predicted += predicted
        self.gold += gold

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def empty(self) -> bool:
        """Nothing to find and nothing found: no figure, rather than a zero."""
        return not self.gold and not self.predicted

    def as_dict(self) -> dict:
        figures = {"p": None, "r": None, "f1": None} if self.empty else {
            "p": round(self.precision, 3), "r": round(self.recall, 3), "f1": round(self.f1, 3)}
        return {**figures, "matched": self.matched, "predicted": self.predicted, "gold": self.gold}


def pair_up(gold: list[dict], predicted: list[dict], similarity: Callable[[dict, dict], float | None]) -> list:
    """One-to-one pairs of gold and predicted records, the most similar first; None means no match."""
    candidates = sorted(((s, g, p) for g, gold_row in enumerate(gold) for p, row in enumerate(predicted)
                         if (s := similarity(gold_row, row)) is not None), key=lambda c: (-c[0], c[1], c[2]))
    taken_gold, taken_pred, pairs = set(), set(), []
    for _, g, p in candidates:
        if g not in taken_gold and p not in taken_pred:
            taken_gold.add(g)
            taken_pred.add(p)
            pairs.append((g, p))
    return pairs


class Scorer:
    """Compares one document's records at a time and keeps the tallies whole and per language."""

    def __init__(self, vocab: Vocabulary):
        self.vocab = vocab
        self.whole: dict[str, Tally] = defaultdict(Tally)
        self.by_language: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
        self.flags: dict[str, Tally] = defaultdict(Tally)
        self.counts = defaultdict(int)

    def _add(self, language: str, kind: str, matched: int, predicted: int, gold: int) -> None:
        self.whole[kind].add(matched, predicted, gold)
        self.by_language[language][kind].add(matched, predicted, gold)

    def document(self, gold: dict, doc: dict | None, records: dict[str, list[dict]]) -> None:
        language = str(gold.get("language") or "?")
        doc = doc or {}
        self.counts["documents"] += 1
        self.counts["found"] += bool(doc)
        self.by_language[language]["_documents"].add(1, 0, 0)
        self.counts["language_ok"] += str(doc.get("language") or "")[:2].lower() == language
        if gold.get("published"):
            self.counts["dated"] += 1
            self.counts["date_ok"] += str(doc.get("published") or "")[:10] == gold["published"]
        gold_flags, doc_flags = set(gold.get("flags") or []), set(doc.get("flags") or [])
        for flag in set(rules()["flags"]) | gold_flags | doc_flags:
            self.flags[flag].add(int(flag in gold_flags and flag in doc_flags), int(flag in doc_flags),
                                 int(flag in gold_flags))
        gold_actors = {self.vocab.name(a) for a in gold.get("actors") or []}
        found_actors = {self.vocab.name(a) for a in doc.get("actors") or []} - {""}
        self._add(language, "actors", len(gold_actors & found_actors), len(found_actors), len(gold_actors))
        self._statements(language, gold.get("statements") or [], records["statements"])
        self._positions(language, gold.get("positions") or [], records["positions"])
        self._events(language, gold.get("events") or [], records["events"])
        self._claims(language, gold.get("claims") or [], records["claims"])

    def _statements(self, language: str, gold: list[dict], found: list[dict]) -> None:
        threshold = rules()["statement_cover"]

        def similarity(g: dict, p: dict) -> float | None:
            if self.vocab.name(g.get("speaker")) != self.vocab.name(p.get("speaker")):
                return None
            wanted = content_words(g.get("text"), language)
            cover = len(wanted & content_words(p.get("text"), language)) / max(1, len(wanted))
            return cover if cover >= threshold else None

        self._add(language, "statements", len(pair_up(gold, found, similarity)), len(found), len(gold))

    def _positions(self, language: str, gold: list[dict], found: list[dict]) -> None:
        def keys(rows: Iterable[dict]) -> set[tuple]:
            return {(self.vocab.party(r.get("actor")), r.get("issue"), r.get("stance")) for r in rows}

        g, p = keys(gold), keys(found)
        self._add(language, "positions", len(g & p), len(p), len(g))
        g2, p2 = {k[:2] for k in g}, {k[:2] for k in p}
        self._add(language, "positions_any_stance", len(g2 & p2), len(p2), len(g2))

    def _events(self, language: str, gold: list[dict], found: list[dict]) -> None:
        window = rules()["event_days"]

        def similarity(g: dict, p: dict) -> float | None:
            if str(p.get("type") or "").upper() != str(g.get("type") or "").upper():
                return None
            gold_parties = {self.vocab.party(a) for a in g.get("actors") or []}
            shared = len(gold_parties & {self.vocab.party(a) for a in p.get("actors") or []})
            if shared < min(2, len(gold_parties)):
                return None
            gd, pd = day(g.get("date")), day(p.get("date"))
            if gd and pd and abs((gd - pd).days) > window:
                return None
            return shared + (1 if gd and pd else 0)

        pairs = pair_up(gold, found, similarity)
        self._add(language, "events", len(pairs), len(found), len(gold))
        for g, p in pairs:
            if day(gold[g].get("date")):
                self.counts["event_dated"] += 1
                if day(found[p].get("date")) is None:
                    self.counts["event_undated"] += 1
                else:
                    self.counts["event_date_ok"] += abs((day(gold[g]["date"]) - day(found[p]["date"])).days) <= window

    def _claims(self, language: str, gold: list[dict], found: list[dict]) -> None:
        tolerance = rules()["claim_tolerance"]

        def similarity(g: dict, p: dict) -> float | None:
            try:
                want, got = float(g["value"]), float(p.get("value"))
            except (KeyError, TypeError, ValueError):
                return None
            if abs(want - got) > tolerance * max(abs(want), 1e-9) or unit(g.get("unit")) != unit(p.get("unit")):
                return None
            return 1.0

        self._add(language, "claims", len(pair_up(gold, found, similarity)), len(found), len(gold))

    def result(self) -> dict:
        headline = rules()["headline"]

        def overall(tallies: dict[str, Tally]) -> float | None:
            """Mean F1 of the headline kinds, leaving out a kind with nothing to find and nothing found."""
            scored = [tallies[k].f1 for k in headline if not tallies[k].empty]
            return round(sum(scored) / len(scored), 3) if scored else None

        def ratio(ok: str, n: str) -> float | None:
            return round(self.counts[ok] / self.counts[n], 3) if self.counts[n] else None

        return {
            "documents_scored": self.counts["documents"], "documents_found": self.counts["found"],
            "overall_f1": overall(self.whole),
            "kinds": {k: self.whole[k].as_dict() for k in (*headline, "positions_any_stance")},
            "flags": {k: v.as_dict() for k, v in sorted(self.flags.items())},
            "published_date_accuracy": ratio("date_ok", "dated"),
            "language_accuracy": ratio("language_ok", "documents"),
            "event_date_accuracy": ratio("event_date_ok", "event_dated"),
            "event_dates_missing": self.counts["event_undated"],
            "by_language": {
                lang: {"documents": tallies["_documents"].matched, "overall_f1": overall(tallies),
                       "kinds": {k: tallies[k].as_dict() for k in headline}}
                for lang, tallies in sorted(self.by_language.items(), key=lambda kv: -kv[1]["_documents"].matched)},
        }


def read_gold(folder: Path) -> tuple[list[dict], list[str]]:
    """The gold documents of a folder (one JSON file each) and an error line per file that is not one."""
    if not folder.is_dir():
        raise InputError("not a folder of gold annotations", source=str(folder))
    docs, errors = [], []
    for path in sorted(folder.glob("*.json")):
        if path.name == "actors.json":
            continue
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(gold, dict) or not gold.get("doc"):
                raise ValueError("no `doc` field naming the document")
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            reason = f"not JSON ({exc.msg})" if isinstance(exc, json.JSONDecodeError) else str(exc)
            errors.append(str(BadJSON(reason, source=str(path))))
            continue
        docs.append(gold)
    return docs, errors


def evaluate(gold_docs: list[dict], rows: dict[str, list[dict]], vocab: Vocabulary) -> dict:
    """Score the exported rows (by kind: documents and the record kinds) against the gold documents."""
    def name(row: dict) -> str:
        return Path(str(row.get("doc") or "")).name

    docs = {name(d): d for d in rows["documents"]}
    records: dict[str, dict[str, list[dict]]] = defaultdict(lambda: {k: [] for k in KINDS})
    for kind in KINDS:
        for row in rows[kind]:
            records[name(row)][kind].append(row)
    scorer = Scorer(vocab)
    for gold in gold_docs:
        key = name(gold)
        scorer.document(gold, docs.get(key), records[key])
    return scorer.result()
