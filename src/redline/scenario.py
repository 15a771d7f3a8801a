"""Scenario packs: the actors, aliases, issues and places of one negotiation, read from YAML."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from redline.errors import ScenarioError
from redline.scenario_check import FILES, OPTIONAL_FILES, PRESENTATION, parse_files


def _default_pack() -> str:
    text = resources.files("redline.scenarios").joinpath("default.yaml").read_text(encoding="utf-8")
    return str((yaml.safe_load(text) or {}).get("default") or "generic")


DEFAULT_SCENARIO = _default_pack()


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
    label: str = ""  # how a sentence names it ("a cap on the armed forces")
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
    roles: dict[str, str] = field(default_factory=dict)  # side -> party | mediator | guarantor | observer
    cue_table: dict[str, dict] = field(default_factory=dict)  # cues.yaml: kind -> language -> words
    codes: dict[str, dict] = field(default_factory=dict)  # codes.yaml: party -> ISO and CAMEO codes (event-data exports)
    short: dict[str, dict] = field(default_factory=dict)  # short.yaml: short labels of parties and issues (terminal tables)
    files: dict[str, str] = field(default_factory=dict)  # file name -> text, as recorded in a store

    def __hash__(self) -> int:
        return hash((self.path, self.fingerprint))

    def parties(self) -> list[str]:
        """Every party of the pack: its states and blocs, then the organisations that speak for themselves."""
        out = [a.name for a in self.actors.values() if a.kind not in ("person", "organisation")]
        out += [a.name for a in self.actors.values() if a.kind == "organisation" and not a.party]
        return out

    def with_role(self, role: str) -> list[str]:
        """The parties of the sides that have this role in `sides` (mediator, guarantor, party, observer)."""
        return [p for side, members in self.sides.items() if self.roles.get(side, "party") == role for p in members]

    def side_of(self, party: str | None) -> str | None:
        return next((side for side, members in self.sides.items() if party in members), None)

    def cues(self, kind: str, language: str, shared=None):
        """The pack's cue words of one kind (speech, stance, events, negation) in one language, merged with the
        shared ones: a list adds to a list, a regular expression is joined to the shared one as an alternative,
        a mapping merges key by key; `{replace: X}` puts X in place of the shared entry."""
        return merge_cues(shared, (self.cue_table.get(kind) or {}).get(language))

    def media_names(self) -> frozenset[str]:
        """Names of news outlets and agencies (lower case): sources, never actors. The shared table and the
        pack's `media` entries that are names rather than domains."""
        own = {m.lower() for names in self.media.values() for m in names if "." not in m}
        return shared_media_names() | own

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


def merge_cues(shared, own):
    """A pack's cue entry merged into the shared one (see `Scenario.cues`)."""
    if own is None:
        return shared
    if isinstance(own, dict) and set(own) == {"replace"}:
        return own["replace"]
    if isinstance(own, dict) and set(own) == {"add"}:
        own = own["add"]
    if shared is None:
        return own
    if isinstance(shared, list) and isinstance(own, list):
        return list(dict.fromkeys([*shared, *own]))
    if isinstance(shared, str) and isinstance(own, str):
        return f"(?:{shared})|(?:{own})"
    if isinstance(shared, str) and isinstance(own, list):
        return f"(?:{shared})|(?:{'|'.join(own)})"
    if isinstance(shared, dict) and isinstance(own, dict):
        return {k: merge_cues(shared.get(k), own.get(k)) for k in dict.fromkeys([*shared, *own])}
    return own


@cache
def shared_media_names() -> frozenset[str]:
    """The shared table of news agencies and outlets (redline/data/media.yaml), lower case."""
    text = resources.files("redline.data").joinpath("media.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    return frozenset(n.lower() for names in (data.get("names") or {}).values() for n in names)


def read_pack_files(folder: Path) -> dict[str, str]:
    """The YAML files of a pack folder, by name."""
    return {p.name: p.read_bytes().decode("utf-8", errors="replace") for p in sorted(folder.glob("*.yaml"))}


def fingerprint_of(files: dict[str, str]) -> str:
    """Changes whenever a file of the pack that changes what is extracted changes (not PRESENTATION files)."""
    digest = hashlib.sha256()
    for name in sorted(n for n in files if n not in PRESENTATION):
        digest.update(files[name].encode("utf-8"))
    return digest.hexdigest()[:12]


def content_key(files: dict[str, str]) -> str:
    """Changes whenever any file of the pack changes, presentation files included."""
    return hashlib.sha256(repr(sorted(files.items())).encode("utf-8")).hexdigest()[:16]


def materialize(files: dict[str, str]) -> Path:
    """A folder holding these pack files (a pack recorded in a store), written once per fingerprint."""
    base = Path(tempfile.gettempdir()) / f"redline-packs-{os.getuid() if hasattr(os, 'getuid') else 0}"
    folder = base / content_key(files)
    if not folder.is_dir():
        base.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=base, prefix=".part-"))
        for name, text in files.items():
            if name in FILES + OPTIONAL_FILES:  # names only from the known list: no path in a store escapes
                (tmp / name).write_text(text, encoding="utf-8")
        try:
            tmp.rename(folder)
        except OSError:  # another process wrote it first
            for f in tmp.iterdir():
                f.unlink()
            tmp.rmdir()
    return folder


def _roles(raw: list | None) -> list[Role]:
    return [Role(r["role"], str(r["from"]) if r.get("from") else None, str(r["until"]) if r.get("until") else None,
                 tuple(r.get("titles") or ()))
            for r in raw or []]


BUNDLED = tuple(sorted(p.name for p in Path(str(resources.files("redline.scenarios"))).iterdir()
                       if (p / "scenario.yaml").is_file()))


def bundled_folder(name: str) -> Path | None:
    """The folder of a bundled pack, by name."""
    if name in BUNDLED:
        return Path(str(resources.files("redline.scenarios").joinpath(name)))
    return None


def load_scenario(path: str | Path | None = None) -> Scenario:
    """Load a pack from a folder, or a bundled one by name (default: DEFAULT_SCENARIO)."""
    name = str(path) if path else DEFAULT_SCENARIO
    folder = bundled_folder(name) if name in BUNDLED and not Path(name).is_dir() else Path(name)
    return _load(str(folder.resolve()))


_LOADED: dict[tuple[str, str], Scenario] = {}


def _load(folder_str: str) -> Scenario:
    """A pack folder, read again whenever one of its files changed (the same object while none did)."""
    folder = Path(folder_str)
    if not folder.is_dir():
        raise ScenarioError("scenario folder not found", source=folder_str)
    files = read_pack_files(folder)
    key = (folder_str, content_key(files))
    if key not in _LOADED:
        _LOADED[key] = _build(folder, files)
    return _LOADED[key]


def _build(folder: Path, files: dict[str, str]) -> Scenario:
    folder_str = str(folder)
    problems, data = parse_files(files)
    if problems:
        more = f" (and {len(problems) - 1} more: `redline scenario check {folder_str}`)" if len(problems) > 1 else ""
        first = problems[0]
        raise ScenarioError(first.message + more, source=f"{folder / first.file}:{first.line}")
    meta, actors_raw, issues_raw = (data[n] for n in FILES)
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
    sides, roles = {}, {}
    for side, entry in (meta.get("sides") or {}).items():
        sides[str(side)] = list(entry["members"] if isinstance(entry, dict) else entry)
        roles[str(side)] = entry.get("role", "party") if isinstance(entry, dict) else "party"
    adversaries = list(meta.get("adversaries") or [])
    if not adversaries and sum(r == "party" for r in roles.values()) == 2:
        # the sides at the table, when a pack names exactly two: their lead parties
        adversaries = [sides[s][0] for s, r in roles.items() if r == "party" and sides[s]]
    return Scenario(
        id=str(meta.get("id", folder.name)), name=str(meta.get("name", folder.name)),
        version=int(meta.get("version", 1)), actors=actors, issues=issues, places=meta.get("places") or {},
        sides=sides, fingerprint=fingerprint_of(files), path=folder_str,
        adversaries=adversaries, media=meta.get("media") or {},
        capability={str(k): float(v) for k, v in (meta.get("capability") or {}).items()},
        roles=roles, cue_table=data.get("cues.yaml") or {}, files=files,
        codes=data.get("codes.yaml") or {}, short=data.get("short.yaml") or {},
    )
