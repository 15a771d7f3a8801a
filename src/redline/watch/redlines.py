"""Red lines: the stances each party states as non-negotiable, and which terms of each proposal cross them.

A red line is a position (for or against) whose sentence carries a cue of `data/redlines.yaml` in the
document's language ("red line", "never", "unacceptable", "will not accept" …).

The proposals are the pack's drafted texts: each issue with an `author` (named by its `author_named`
expressions), and the entries of an optional `proposals.yaml` in the pack (`name`, `author` (one or a list), `named`:
expressions per language). A proposal's terms come from the articles that name it: the positions its
author takes there, the positions and numbers in the sentences that name it. A term crosses a party's red
line when it takes the opposite stance on the red line's issue, or puts a number on an issue the party
rejects outright.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from redline.clean.lexicon import for_language
from redline.picture.reports import Store
from redline.scenario import ScenarioError
from redline.watch.text import find, sentence_around

OPPOSITE = {"for": "against", "against": "for"}


@dataclass
class Proposal:
    name: str
    authors: list[str]
    named: dict[str, str]
    issue: str | None = None  # the pack issue that is the text itself (its own stance is no term of it)
    terms: dict[tuple[str, str], dict] = field(default_factory=dict)
    documents: set[str] = field(default_factory=set)

    def pattern(self, language: str | None) -> re.Pattern | None:
        raw = for_language(self.named, language)
        return re.compile(raw) if raw else None


def proposals(scenario) -> list[Proposal]:
    """The pack's drafted texts: issues with an author, then the entries of its proposals.yaml."""
    def parties(author) -> list[str]:
        names = author if isinstance(author, list) else [author] if author else []
        return [scenario.party_of(str(n)) or str(n) for n in names]

    out = [Proposal(issue.label or issue.id, parties(issue.author), issue.author_named, issue.id)
           for issue in scenario.issues.values() if issue.author and issue.author_named]
    file = Path(scenario.path) / "proposals.yaml"
    if file.exists():
        try:
            raw = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ScenarioError(f"proposals.yaml is not valid YAML ({' '.join(str(exc).split())})",
                                    source=str(file)) from None
        for k, entry in enumerate(raw.get("proposals") or [], start=1):
            if not isinstance(entry, dict) or not entry.get("name") or not isinstance(entry.get("named"), dict):
                raise ScenarioError(f"proposal {k} needs a name and `named` expressions per language",
                                        source=str(file))
            plan = Proposal(str(entry["name"]), parties(entry.get("author")), entry["named"], entry.get("issue"))
            out = [p for p in out if not plan.issue or p.issue != plan.issue]  # the pack names that text itself
            out.append(plan)
    return out


def red_lines(store: Store) -> dict[str, list[dict]]:
    """Per party, its red lines: issue, stance, the cue, the first date and the evidence."""
    found: dict[tuple[str, str, str], dict] = {}
    for p in store.positions:
        if p["stance"] not in OPPOSITE:
            continue
        ev = p["evidence"]
        hit = find("redlines", ev.doc.language, ev.text)
        if not hit:
            continue
        party = p["party"] or p["actor"]
        key = (party, p["issue"], p["stance"])
        line = found.setdefault(key, {"party": party, "issue": p["issue"], "stance": p["stance"], "cues": [],
                                      "date": None, "evidence": []})
        if hit.lower() not in line["cues"]:
            line["cues"].append(hit.lower())
        day = ev.doc.published.isoformat() if ev.doc.published else None
        if day and (line["date"] is None or day < line["date"]):
            line["date"] = day
        if all(e["text"] != ev.text for e in line["evidence"]):
            line["evidence"].append(ev.as_dict())
    by_party: dict[str, list[dict]] = {}
    for line in sorted(found.values(), key=lambda x: (x["party"], x["issue"], x["stance"])):
        by_party.setdefault(line["party"], []).append(line)
    return by_party


def _terms(store: Store, texts: dict[str, str], plans: list[Proposal]) -> None:
    """Fill each proposal's terms from the documents that name it."""
    positions_by_doc: dict[str, list[dict]] = {}
    for p in store.positions:
        positions_by_doc.setdefault(p["doc_id"], []).append(p)
    claims_by_doc: dict[str, list[dict]] = {}
    for c in store.claims:
        if c.get("issue"):
            claims_by_doc.setdefault(c["doc_id"], []).append(c)
    drafted = {i.id for i in store.scenario.issues.values() if i.author}  # a stance on a text is no term of one
    for doc_id, text in texts.items():
        doc = store.docs.get(doc_id)
        if doc is None:
            continue
        for plan in plans:
            pattern = plan.pattern(doc.language)
            if pattern is None or not pattern.search(text):
                continue
            plan.documents.add(doc_id)
            for p in positions_by_doc.get(doc_id, []):
                if p["issue"] in drafted or p["issue"] == plan.issue or p["stance"] not in OPPOSITE:
                    continue
                party = p["party"] or p["actor"]
                if party not in plan.authors and not pattern.search(p["evidence"].text):
                    continue
                term = plan.terms.setdefault((p["issue"], p["stance"]), {
                    "issue": p["issue"], "stance": p["stance"], "numbers": [], "evidence": []})
                if all(e["text"] != p["evidence"].text for e in term["evidence"]):
                    term["evidence"].append(p["evidence"].as_dict())
            for c in claims_by_doc.get(doc_id, []):
                if c["issue"] in drafted or c["issue"] == plan.issue or pattern.search(c["text"]):
                    continue  # a number in the name of the plan ("a 12-point plan") is no term of it
                a, b = sentence_around(text, c["start"], c["end"])
                if not pattern.search(text[a:b]):
                    continue
                term = plan.terms.setdefault((c["issue"], "number"), {
                    "issue": c["issue"], "stance": "number", "numbers": [], "evidence": []})
                number = {"value": c["value"], "unit": c["unit"], "text": c["text"]}
                if number not in term["numbers"]:
                    term["numbers"].append(number)
                    sentence_text = " ".join(text[a:b].split())
                    if all(e["text"] != sentence_text for e in term["evidence"]):
                        term["evidence"].append({**c["evidence"].as_dict(), "text": sentence_text})


def crossings(term: dict, line: dict) -> bool:
    """Whether a term of a proposal crosses a red line."""
    if term["issue"] != line["issue"]:
        return False
    if term["stance"] == "number":
        return line["stance"] == "against"
    return OPPOSITE.get(term["stance"]) == line["stance"]


def matrix(store: Store, texts: dict[str, str]) -> dict:
    """Red lines per party, the proposals with their terms, and which terms cross which party's red lines."""
    lines = red_lines(store)
    plans = proposals(store.scenario)
    _terms(store, texts, plans)
    cells: dict[str, dict[str, list[dict]]] = {}
    for plan in plans:
        row = cells.setdefault(plan.name, {})
        for party, held in lines.items():
            if party in plan.authors:
                continue
            row[party] = [{"issue": t["issue"], "term": t["stance"], "numbers": t["numbers"],
                           "red_line": line["stance"], "term_evidence": t["evidence"][:3],
                           "red_line_evidence": line["evidence"][:3]}
                          for t in plan.terms.values() for line in held if crossings(t, line)]
    return {
        "scenario": store.scenario.id,
        "red_lines": lines,
        "proposals": [{"name": p.name, "authors": p.authors, "documents": len(p.documents),
                       "terms": sorted(p.terms.values(), key=lambda t: (t["issue"], t["stance"]))} for p in plans],
        "parties": sorted(lines),
        "matrix": cells,
    }
