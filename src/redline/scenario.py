"""Scenario packs: the actors, aliases, issues and places of one negotiation, read from YAML."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from redline.errors import RedlineError

DEFAULT_SCENARIO = "russia_ukraine"


class ScenarioError(RedlineError):
    code = "E300"


@dataclass(frozen=True)
class Role:
    role: str
    start: str | None = None
    end: str | None = None
    titles: tuple[str, ...] = ()  # how copy names the office ("defence minister")

    def names(self) -> list[str]:
        return [t.lower() for t in (self.titles or (self.role,))]

    def holds(self, day: str) -> bool:
        """Whether the office is held on an ISO day."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class Actor:
    """One actor of the pack: a person, state, bloc or organisation."""

    name: str
    kind: str
    party: str | None
    aliases: dict[str, list[str]] = field(default_factory=dict)
    metonyms: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    multilateral: bool = False  # a body whose meeting is a meeting of many (a coalition, a bloc)

    @property
    def is_person(self) -> bool:
        return self.kind == "person"

    def all_aliases(self) -> list[tuple[str, str]]:
        """(alias, language) pairs, the canonical name first."""
        out = [(self.name, "en")]
        for lang, names in self.aliases.items():
            out += [(n, lang) for n in names]
        return out


@dataclass
class Issue:
    id: str
    proposition: str
    scale: dict[int, str]
    lexicon: dict[str, str]
    # a drafted text (a peace plan): the party that wrote it, and how copy names it per language
    author: str | None = None
    author_named: dict[str, str] = field(default_factory=dict)
    label: str = ""  # how a sentence names it ("a cap on Ukraine's forces")
    inverse: dict[str, str] = field(default_factory=dict)  # terms for the opposite of the proposition


@dataclass(eq=False)
class Scenario:
    """A loaded pack; `fingerprint` changes whenever any of its files changes."""

    id: str
    name: str
    version: int
    actors: dict[str, Actor]
    issues: dict[str, Issue]
    places: dict[str, list[str]]
    sides: dict[str, list[str]]
    fingerprint: str
    path: str
    adversaries: list[str] = field(default_factory=list)
    media: dict[str, list[str]] = field(default_factory=dict)  # side -> outlet domains and endings
    capability: dict[str, float] = field(default_factory=dict)  # party -> weight at the table (models)

    def __hash__(self) -> int:
        return hash((self.path, self.fingerprint))

    def authored(self) -> dict[str, str]:
        """Issue id -> the party that drafted the text the issue is about."""
        return {i.id: self.party_of(i.author) or i.author for i in self.issues.values() if i.author}

    def party_of(self, name: str | None) -> str | None:
        actor = self.actors.get(name or "")
        if actor is None:
            return None
        if actor.is_person:
            return actor.party
        # an organisation speaks for its party, or for itself when it has none (a coalition, a think tank)
        return (actor.party or actor.name) if actor.kind == "organisation" else actor.name


def _read(path: Path, name: str) -> dict:
    file = path / name
    if not file.exists():
        raise ScenarioError(f"scenario pack has no {name}", source=str(path))
    try:
        return yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{name} is not valid YAML ({exc})".replace("\n", " "), source=str(path)) from None


def _roles(raw: list | None) -> list[Role]:
    return [Role(r["role"], str(r["from"]) if r.get("from") else None, str(r["until"]) if r.get("until") else None,
                 tuple(r.get("titles") or ()))
            for r in raw or []]


BUNDLED = ("russia_ukraine", "generic")
# files of a pack the extraction never reads: editing a watch list does not make every document pending
NOT_READ_BY_EXTRACTION = ("signals.yaml", "proposals.yaml")


def load_scenario(path: str | Path | None = None) -> Scenario:
    """Load a pack from a folder, or a bundled one by name (default: the Russia–Ukraine pack)."""
    name = str(path) if path else DEFAULT_SCENARIO
    if name in BUNDLED and not Path(name).is_dir():
        folder = Path(str(resources.files("redline.scenarios").joinpath(name)))
    else:
        folder = Path(name)
    return _load(str(folder.resolve()))


@cache
def _load(folder_str: str) -> Scenario:
    folder = Path(folder_str)
    if not folder.is_dir():
        raise ScenarioError("scenario folder not found", source=folder_str)
    meta, actors_raw, issues_raw = _read(folder, "scenario.yaml"), _read(folder, "actors.yaml"), _read(folder, "issues.yaml")
    digest = hashlib.sha256()
    for name in sorted(p.name for p in folder.glob("*.yaml") if p.name not in NOT_READ_BY_EXTRACTION):
        digest.update((folder / name).read_bytes())
    actors: dict[str, Actor] = {}
    for entry in actors_raw.get("parties", []):
        actors[entry["name"]] = Actor(entry["name"], entry.get("kind", "state"), entry["name"],
                                      entry.get("aliases", {}), entry.get("metonyms", []), entry.get("titles", []),
                                      _roles(entry.get("roles")), bool(entry.get("multilateral")))
    for section, kind in (("persons", "person"), ("organisations", "organisation")):
        for entry in actors_raw.get(section, []):
            actors[entry["name"]] = Actor(entry["name"], kind, entry.get("party"), entry.get("aliases", {}),
                                          entry.get("metonyms", []), entry.get("titles", []),
                                          _roles(entry.get("roles")), bool(entry.get("multilateral")))
    issues = {
        key: Issue(key, value.get("proposition", ""), value.get("scale", {}), value.get("lexicon", {}),
                   value.get("author"), value.get("author_named") or {}, value.get("label") or key.replace("_", " "),
                   value.get("inverse") or {})
        for key, value in (issues_raw.get("issues") or {}).items()
    }
    return Scenario(
        id=str(meta.get("id", folder.name)), name=str(meta.get("name", folder.name)),
        version=int(meta.get("version", 1)), actors=actors, issues=issues, places=meta.get("places", {}),
        sides=meta.get("sides", {}), fingerprint=digest.hexdigest()[:12], path=folder_str,
        adversaries=list(meta.get("adversaries") or []), media=meta.get("media") or {},
        capability={str(k): float(v) for k, v in (meta.get("capability") or {}).items()},
    )
