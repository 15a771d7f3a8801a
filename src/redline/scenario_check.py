"""Validation of a scenario pack: every field of every file, with the file and line of each problem.

`check_files` walks the YAML node tree (so that each problem has its line) against the description of
the pack below: unknown keys (with a "did you mean"), wrong types, missing names, references to parties
the pack does not define, and regular expressions that do not compile (named by file, issue and language).
The same check runs whenever a pack is loaded (`redline.scenario`), and `redline scenario check` prints
all of it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

FILES = ("scenario.yaml", "actors.yaml", "issues.yaml")
# files of a pack the extraction never reads (how results are shown or exported, the watch list, the named
# proposals): editing them does not make the documents pending extraction
PRESENTATION = ("codes.yaml", "short.yaml", "signals.yaml", "proposals.yaml")
OPTIONAL_FILES = ("cues.yaml", *PRESENTATION)
ROLES = ("party", "mediator", "guarantor", "observer")
PARTY_KINDS = ("state", "bloc", "organisation", "group")
CUE_KINDS = ("speech", "stance", "events", "negation")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
ISSUE_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class _Checker:
    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = problems

    def fail(self, node: Node | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.problems.append(Problem(self.file, line, message))

    # --- types -----------------------------------------------------------------------------------
    def mapping(self, node: Node, where: str) -> list[tuple[ScalarNode, Node]]:
        if not isinstance(node, MappingNode):
            self.fail(node, f"{where} must be a mapping (key: value), not {_kind(node)}")
            return []
        return [(k, v) for k, v in node.value if isinstance(k, ScalarNode)]

    def sequence(self, node: Node, where: str) -> list[Node]:
        if not isinstance(node, SequenceNode):
            self.fail(node, f"{where} must be a list, not {_kind(node)}")
            return []
        return list(node.value)

    def string(self, node: Node, where: str) -> str | None:
        if not isinstance(node, ScalarNode) or node.tag not in _STR_TAGS or not str(node.value).strip():
            self.fail(node, f"{where} must be a non-empty text, not {_kind(node)}")
            return None
        return str(node.value)

    def day(self, node: Node, where: str) -> None:
        if not (isinstance(node, ScalarNode) and (node.tag == "tag:yaml.org,2002:timestamp"
                                                  or re.match(r"^\d{4}(-\d{2}){0,2}$", str(node.value)))):
            self.fail(node, f"{where} must be a date (YYYY-MM-DD), not {_kind(node)}")

    def strings(self, node: Node, where: str) -> list[str]:
        return [s for item in self.sequence(node, where) if (s := self.string(item, f"an item of {where}"))]

    def number(self, node: Node, where: str, low: float | None = None, high: float | None = None) -> float | None:
        try:
            value = float(node.value) if isinstance(node, ScalarNode) and node.tag in _NUM_TAGS else None
        except ValueError:
            value = None
        if value is None:
            self.fail(node, f"{where} must be a number, not {_kind(node)}")
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            self.fail(node, f"{where} must be between {low:g} and {high:g}, not {value:g}")
        return value

    def choice(self, node: Node, where: str, allowed: tuple[str, ...]) -> None:
        value = self.string(node, where)
        if value is not None and value not in allowed:
            hint = difflib.get_close_matches(value, allowed, n=1)
            self.fail(node, f"{where} is {value!r}; it takes {', '.join(allowed)}"
                            + (f" (did you mean {hint[0]!r}?)" if hint else ""))

    def boolean(self, node: Node, where: str) -> None:
        if not (isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:bool"):
            self.fail(node, f"{where} must be true or false, not {_kind(node)}")

    def regex(self, node: Node, where: str) -> None:
        pattern = self.string(node, where)
        if pattern is None:
            return
        try:
            re.compile(pattern)
        except re.error as exc:
            self.fail(node, f"{where} is not a valid regular expression ({exc})")

    def record(self, node: Node, where: str, fields: dict[str, Callable[[Node, str], object]],
               required: tuple[str, ...] = ()) -> dict[str, Node]:
        """A mapping with known keys: each value checked by its field's function."""
        seen: dict[str, Node] = {}
        for key, value in self.mapping(node, where):
            name = str(key.value)
            if name not in fields:
                hint = difflib.get_close_matches(name, list(fields), n=1, cutoff=0.6)
                self.fail(key, f"unknown key {name!r} in {where}" + (f" (did you mean {hint[0]!r}?)" if hint else
                                                                     f" (known: {', '.join(fields)})"))
                continue
            if isinstance(value, ScalarNode) and value.tag == "tag:yaml.org,2002:null":
                continue  # `party: null` is no party: the same as leaving the key out
            seen[name] = value
            fields[name](value, f"{name} of {where}")
        if isinstance(node, MappingNode):
            for name in required:
                if name not in seen:
                    self.fail(node, f"{where} has no {name}")
        return seen

    def per_language(self, node: Node, where: str, check: Callable[[Node, str], object]) -> None:
        for key, value in self.mapping(node, where):
            lang = str(key.value)
            if not LANGUAGE.match(lang):
                self.fail(key, f"{lang!r} in {where} is not a language code (ISO 639-1, like en or ru)")
                continue
            check(value, f"{where}, language {lang}")


_STR_TAGS = {"tag:yaml.org,2002:str"}
_NUM_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


def _kind(node: Node | None) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, ScalarNode):
        if node.tag == "tag:yaml.org,2002:null":
            return "empty"
        return f"{node.value!r}"
    return "nothing"


LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: a pack reads ten times faster


def _compose(file: str, text: str, problems: list[Problem]) -> Node | None:
    try:
        return yaml.compose(text, Loader=LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(Problem(file, mark.line + 1 if mark else 1, f"not valid YAML ({reason})"))
        return None


def _party_reference(c: _Checker, parties: set[str], actors: set[str], *, any_actor: bool = False):
    known = actors if any_actor else parties

    def check(node: Node, where: str) -> None:
        name = c.string(node, where)
        if name is not None and name not in known:
            hint = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
            what = "actor" if any_actor else "party"
            c.fail(node, f"{where} names {name!r}, which is no {what} of the pack"
                         + (f" (did you mean {hint[0]!r}?)" if hint else " (add it to actors.yaml)"))
    return check


def _actor_names(root: Node | None) -> tuple[set[str], set[str]]:
    """(parties, every actor) named in actors.yaml, read leniently: the strict check comes after."""
    parties: set[str] = set()
    actors: set[str] = set()
    if not isinstance(root, MappingNode):
        return parties, actors
    for key, value in root.value:
        if not isinstance(value, SequenceNode):
            continue
        for item in value.value:
            if isinstance(item, MappingNode):
                for k, v in item.value:
                    if k.value == "name" and isinstance(v, ScalarNode):
                        actors.add(str(v.value))
                        if key.value == "parties":
                            parties.add(str(v.value))
    # an organisation speaks for itself when it has no party of its own
    return parties | (actors - parties), actors


def _check_actors(c: _Checker, root: Node, parties: set[str], actors: set[str]) -> None:
    party_ref = _party_reference(c, parties, actors)

    def aliases(node: Node, where: str) -> None:
        c.per_language(node, where, c.strings)

    def role(node: Node, where: str) -> None:
        c.record(node, where, {"role": c.string, "from": c.day, "until": c.day, "titles": c.strings},
                 required=("role",))

    def kind(node: Node, where: str) -> None:
        c.choice(node, where, PARTY_KINDS)

    common = {"name": c.string, "aliases": aliases, "metonyms": c.strings, "titles": c.strings,
              "roles": lambda n, w: [role(r, f"a role in {w}") for r in c.sequence(n, w)],
              "multilateral": c.boolean}
    sections = {
        "parties": {**common, "kind": kind},
        "persons": {**common, "party": party_ref},
        "organisations": {**common, "party": party_ref},
    }
    seen: set[str] = set()

    def section(name: str):
        def check(node: Node, where: str) -> None:
            for k, item in enumerate(c.sequence(node, name)):
                fields = c.record(item, f"{name} entry {k + 1}", sections[name], required=("name",))
                if "name" in fields and isinstance(fields["name"], ScalarNode):
                    actor = str(fields["name"].value)
                    if actor in seen:
                        c.fail(fields["name"], f"{actor!r} is defined twice")
                    seen.add(actor)
        return check

    c.record(root, "actors.yaml", {name: section(name) for name in sections})


def _check_scenario(c: _Checker, root: Node, parties: set[str], actors: set[str]) -> set[str]:
    party_ref = _party_reference(c, parties, actors)
    sides: set[str] = set()

    def side_entry(node: Node, where: str) -> None:
        if isinstance(node, SequenceNode):
            for item in node.value:
                party_ref(item, f"a member of {where}")
            return

        def role(n: Node, w: str) -> None:
            c.choice(n, w, ROLES)

        c.record(node, where, {"members": lambda n, w: [party_ref(i, f"a member of {w}")
                                                       for i in c.sequence(n, w)], "role": role},
                 required=("members",))

    def sides_check(node: Node, where: str) -> None:
        for key, value in c.mapping(node, where):
            sides.add(str(key.value))
            side_entry(value, f"side {key.value!r}")

    def media(node: Node, where: str) -> None:
        for key, value in c.mapping(node, where):
            if str(key.value) not in sides:
                hint = difflib.get_close_matches(str(key.value), sorted(sides), n=1, cutoff=0.6)
                c.fail(key, f"media of {key.value!r}: no such side in `sides`"
                            + (f" (did you mean {hint[0]!r}?)" if hint else ""))
            c.strings(value, f"media of {key.value!r}")

    def places(node: Node, where: str) -> None:
        for key, value in c.mapping(node, where):
            c.strings(value, f"place {key.value!r}")

    def capability(node: Node, where: str) -> None:
        for key, value in c.mapping(node, where):
            party_ref(key, where)
            c.number(value, f"capability of {key.value!r}", 0, 1)

    def version(node: Node, where: str) -> None:
        if not (isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:int"):
            c.fail(node, f"{where} must be a whole number, not {_kind(node)}")

    def ident(node: Node, where: str) -> None:
        value = c.string(node, where)
        if value is not None and not re.match(r"^[A-Za-z0-9_.-]+$", value):
            c.fail(node, f"{where} {value!r} may hold only letters, digits, '_', '.' and '-'")

    # `sides` first: media refers to it
    if isinstance(root, MappingNode):
        for key, value in root.value:
            if key.value == "sides":
                sides_check(value, "sides")
    c.record(root, "scenario.yaml", {
        "name": c.string, "id": ident, "version": version, "sides": lambda n, w: None,
        "adversaries": lambda n, w: [party_ref(i, f"an item of {w}") for i in c.sequence(n, w)],
        "media": media, "places": places, "capability": capability,
    }, required=("name",))
    return sides


def _check_issues(c: _Checker, root: Node, parties: set[str], actors: set[str]) -> None:
    actor_ref = _party_reference(c, parties, actors, any_actor=True)

    def scale(node: Node, where: str) -> None:
        for key, value in c.mapping(node, where):
            c.number(key, f"a point of {where}", 0, 100)
            c.string(value, f"point {key.value} of {where}")

    def issues(node: Node, where: str) -> None:
        for key, value in c.mapping(node, where):
            issue = str(key.value)
            if not ISSUE_ID.match(issue):
                c.fail(key, f"issue id {issue!r} may hold only lower-case letters, digits and '_'")
            per_lang = lambda n, w: c.per_language(n, w, c.regex)  # noqa: E731
            c.record(value, f"issue {issue!r}", {
                "proposition": c.string, "label": c.string, "scale": scale, "lexicon": per_lang,
                "author": actor_ref, "author_named": per_lang, "inverse": per_lang,
            }, required=("proposition",))

    c.record(root, "issues.yaml", {"issues": issues})


def _check_cues(c: _Checker, root: Node) -> None:
    def value(node: Node, where: str) -> None:
        if isinstance(node, SequenceNode):
            c.strings(node, where)
        elif isinstance(node, MappingNode):
            fields = c.mapping(node, where)
            mode = [k for k, _ in fields if k.value in ("add", "replace")]
            if mode and len(fields) == 1:
                value(fields[0][1], f"{where} ({mode[0].value})")
                return
            for k, v in fields:
                value(v, f"{k.value} in {where}")
        else:
            c.regex(node, where)

    c.record(root, "cues.yaml", {kind: (lambda n, w: c.per_language(n, w, value)) for kind in CUE_KINDS})


def _issue_ids(root: Node | None) -> set[str]:
    """The issue ids of issues.yaml, read leniently: the strict check is _check_issues."""
    if not isinstance(root, MappingNode):
        return set()
    for key, value in root.value:
        if key.value == "issues" and isinstance(value, MappingNode):
            return {str(k.value) for k, _ in value.value}
    return set()


def _check_codes(c: _Checker, root: Node, parties: set[str]) -> None:
    """codes.yaml: per party, its ISO and CAMEO codes and region for the event-data exports."""
    fields = {"iso": c.string, "iso_numeric": c.number, "cameo": c.string, "region": c.string}
    for key, value in c.mapping(root, "codes.yaml"):
        if str(key.value) not in parties:
            c.fail(key, f"codes.yaml names {key.value!r}, which is no party of actors.yaml")
            continue
        c.record(value, f"the codes of {key.value}", fields)


def _check_short(c: _Checker, root: Node, parties: set[str], issues: set[str]) -> None:
    """short.yaml: short labels of parties and issues for terminal tables."""
    def labels(known: set[str], what: str):
        def check(node: Node, where: str) -> None:
            for key, value in c.mapping(node, where):
                if str(key.value) not in known:
                    c.fail(key, f"short.yaml names {key.value!r}, which is no {what} of the pack")
                c.string(value, f"the short label of {key.value}")
        return check

    c.record(root, "short.yaml", {"parties": labels(parties, "party"), "issues": labels(issues, "issue")})


def _check_proposals(c: _Checker, root: Node, parties: set[str], actors: set[str]) -> None:
    """proposals.yaml: the drafted texts of the talks, by name, with their authors and how copy names them."""
    actor_ref = _party_reference(c, parties, actors, any_actor=True)

    def authors(node: Node, where: str) -> None:
        if isinstance(node, SequenceNode):
            for item in node.value:
                actor_ref(item, where)
        else:
            actor_ref(node, where)

    def entries(node: Node, where: str) -> None:
        for item in c.sequence(node, where):
            c.record(item, "a proposal", {"name": c.string, "author": authors, "issue": c.string,
                                          "named": lambda n, w: c.per_language(n, w, c.regex)},
                     required=("name", "named"))

    c.record(root, "proposals.yaml", {"proposals": entries})


def check_files(files: dict[str, str]) -> list[Problem]:
    """Every problem of a pack given as file name -> text, in file and line order."""
    return parse_files(files)[0]


def parse_files(files: dict[str, str]) -> tuple[list[Problem], dict[str, object]]:
    """The problems of a pack, and the contents of its files (read once for both)."""
    problems: list[Problem] = []
    for name in FILES:
        if name not in files:
            problems.append(Problem(name, 1, f"the pack has no {name}"))
    for name in sorted(files):
        if name not in FILES + OPTIONAL_FILES:
            problems.append(Problem(name, 1, f"unknown file {name} (a pack holds {', '.join(FILES + OPTIONAL_FILES)})"))
    roots = {name: _compose(name, files[name], problems) for name in FILES + OPTIONAL_FILES if name in files}
    parties, actors = _actor_names(roots.get("actors.yaml"))
    checks = {"actors.yaml": lambda c, r: _check_actors(c, r, parties, actors),
              "scenario.yaml": lambda c, r: _check_scenario(c, r, parties, actors),
              "issues.yaml": lambda c, r: _check_issues(c, r, parties, actors),
              "cues.yaml": _check_cues,
              "codes.yaml": lambda c, r: _check_codes(c, r, parties),
              "proposals.yaml": lambda c, r: _check_proposals(c, r, parties, actors),
              # signals.yaml: checked rule by rule by redline.watch.signals when a watch list is read
              "signals.yaml": lambda c, r: None,
              "short.yaml": lambda c, r: _check_short(c, r, parties, _issue_ids(roots.get("issues.yaml")))}
    for name, root in roots.items():
        if root is None:  # an empty file: nothing in it
            if name == "scenario.yaml":
                problems.append(Problem(name, 1, "scenario.yaml has no name"))
            continue
        checks[name](_Checker(name, problems), root)
    order = {name: k for k, name in enumerate(("actors.yaml", *FILES, *OPTIONAL_FILES))}  # causes first
    data = {}
    if not problems:
        loader = LOADER("")
        data = {name: (loader.construct_document(root) if root is not None else None) or {}
                for name, root in roots.items()}
    return sorted(problems, key=lambda p: (order.get(p.file, 99), p.line)), data
