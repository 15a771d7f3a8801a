"""`redline scenario suggest`: the people, organisations and places named in the store's documents that the pack
does not know, with how often and an example sentence each: the shortest way to grow a pack."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from redline.nlp.actors import alias_index, fold
from redline.nlp.models import pipeline_for
from redline.scenario import Scenario

# spaCy entity labels and what a pack calls them (persons, parties, organisations, places)
LABELS = {"PERSON": "person", "PER": "person", "ORG": "organisation", "GPE": "place", "NORP": "party", "LOC": "place"}


@dataclass
class Suggestion:
    name: str
    kind: str
    count: int = 0
    documents: set[str] = field(default_factory=set)
    example: str = ""
    example_doc: str = ""

    def as_dict(self) -> dict:
        return {"name": self.name, "kind": self.kind, "count": self.count, "documents": len(self.documents),
                "example": self.example, "example_doc": self.example_doc}


def _known(pack: Scenario) -> Callable[[str], bool]:
    index = alias_index(pack)
    places = {fold(p) for names in pack.places.values() for p in names} | {fold(p) for p in pack.places}
    media = pack.media_names()

    def known(name: str) -> bool:
        key = fold(name)
        if key in index.lookup or key in places or name.lower() in media:
            return True
        whole = index.pattern.fullmatch(name)
        return whole is not None

    return known


def suggest(texts: Iterable[tuple[str, str | None, str]], pack: Scenario, *, limit: int = 50,
            on_doc: Callable[[str], None] | None = None) -> list[dict]:
    """Unknown names in (doc name, language, text) triples, most frequent first. Only languages with a named-entity
    model here (English) are read; the others are counted as skipped by the caller."""
    known = _known(pack)
    found: dict[tuple[str, str], Suggestion] = {}
    for doc_name, language, text in texts:
        if on_doc:
            on_doc(doc_name)
        if (language or "en") != "en" or not text:
            continue
        doc = pipeline_for("en")(text)
        for ent in doc.ents:
            kind = LABELS.get(ent.label_)
            name = re.sub(r"^(?:the|The)\s+|['’]s$", "", ent.text.strip()).strip()
            if kind is None or len(name) < 3 or not name[0].isupper() or known(name):
                continue
            item = found.setdefault((name, kind), Suggestion(name, kind))
            item.count += 1
            item.documents.add(doc_name)
            if not item.example:
                item.example, item.example_doc = " ".join(ent.sent.text.split())[:240], doc_name
    ranked = sorted(found.values(), key=lambda s: (-s.count, -len(s.documents), s.name))
    return [s.as_dict() for s in ranked[:limit]]


def as_yaml(found: list[dict]) -> str:
    """Suggestions as pack entries to check and paste: persons and organisations for actors.yaml, places for
    scenario.yaml; peoples and groups (NER's NORP) as a comment, since they are most often aliases of a party."""
    def q(name: str) -> str:
        return json.dumps(name, ensure_ascii=False)  # a JSON string is a YAML string

    out = [f"# {len(found)} names the pack does not know: check each before pasting it into the pack"]
    for section, kind, where in (("persons", "person", "actors.yaml"), ("organisations", "organisation", "actors.yaml")):
        items = [s for s in found if s["kind"] == kind]
        out.append(f"{section}:  # {where}" + ("" if items else " (none)"))
        out += [f"  - {{name: {q(s['name'])}, aliases: {{en: [{q(s['name'])}]}}}}  # {s['count']}× in "
                f"{s['documents']} document(s)" for s in items]
    places = [s for s in found if s["kind"] == "place"]
    out.append("places:  # scenario.yaml" + ("" if places else " (none)"))
    out += [f"  {q(s['name'])}: [{q(s['name'])}]  # {s['count']}×" for s in places]
    peoples = [s for s in found if s["kind"] == "party"]
    if peoples:
        out.append("# peoples and groups, most often the alias of a party: " + ", ".join(s["name"] for s in peoples))
    return "\n".join(out) + "\n"
