"""Signals: the rules of an analyst's watch list, read from YAML and checked against the pack.

A watch list is a file with a `signals:` list; each rule has a `name` (unique), a `kind` and the fields of
its kind (see KINDS). A pack may ship one as `signals.yaml`; `--signals FILE` gives another.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from redline.clean.lexicon import load as load_lexicon
from redline.errors import SignalError
from redline.scenario import Scenario

STANCES = ("for", "against", "conditional")
# kind -> (required fields, optional fields)
KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "stance_change": (("party",), ("issue", "from", "to")),
    "statement": ((), ("party", "person", "issue", "words")),
    "event": (("types",), ("parties", "status")),
    "contradiction": ((), ("kinds",)),
    "threshold": (("issue",), ("unit", "above", "below")),
    "silence": (("party", "issue", "days"), ()),
    "coverage": ((), ("side", "types", "parties")),
}
COMMON = ("name", "kind", "note")


@dataclass(frozen=True)
class Signal:
    """One rule of a watch list."""

    name: str
    kind: str
    fields: dict = field(default_factory=dict)
    note: str = ""

    def get(self, key: str, default=None):
        value = self.fields.get(key, default)
        return default if value in (None, "any") else value

    def listed(self, key: str) -> list:
        value = self.get(key)
        if value is None:
            return []
        return list(value) if isinstance(value, list | tuple) else [value]

    @property
    def fingerprint(self) -> str:
        """Changes whenever the rule's fields change (an edited rule looks at the whole store again)."""
        raw = json.dumps([self.kind, self.fields], sort_keys=True, default=str)
        return hashlib.sha256(raw.encode()).hexdigest()[:16]

    def as_dict(self) -> dict:
        return {"name": self.name, "kind": self.kind, **self.fields, **({"note": self.note} if self.note else {})}


def canonical(scenario: Scenario, name: str) -> str:
    """The pack's name for an actor named by one of its aliases or metonyms (a capital for its state), else the name."""
    if name in scenario.actors or name == "any":
        return name
    folded = name.casefold()
    for actor in scenario.actors.values():
        names = [n for n, _ in actor.all_aliases()] + list(actor.metonyms)
        if any(str(n).casefold() == folded for n in names):
            return actor.name
    return name


def _check(raw: dict, where: str, scenario: Scenario | None) -> Signal:
    if not isinstance(raw, dict):
        raise SignalError(f"{where}: a rule is a mapping with name and kind", source=None)
    name, kind = raw.get("name"), raw.get("kind")
    if not name or not isinstance(name, str):
        raise SignalError(f"{where}: a rule needs a name")
    if kind not in KINDS:
        raise SignalError(f"{where} ({name}): kind {kind!r} is not one of {', '.join(KINDS)}")
    required, optional = KINDS[kind]
    fields = {k: v for k, v in raw.items() if k not in COMMON}
    unknown = sorted(set(fields) - set(required) - set(optional))
    if unknown:
        raise SignalError(f"{where} ({name}): {kind} takes {', '.join(required + optional)}, not {', '.join(unknown)}")
    missing = [k for k in required if fields.get(k) in (None, "", [])]
    if missing:
        raise SignalError(f"{where} ({name}): {kind} needs {', '.join(missing)}")
    for key in ("from", "to"):
        if fields.get(key) not in (None, "any", *STANCES):
            raise SignalError(f"{where} ({name}): {key} is one of {', '.join(STANCES)} or any")
    if kind == "silence" and (not isinstance(fields["days"], int) or fields["days"] < 1):
        raise SignalError(f"{where} ({name}): days is a whole number of days, 1 or more")
    if kind == "threshold" and not any(isinstance(fields.get(k), int | float) for k in ("above", "below")):
        raise SignalError(f"{where} ({name}): threshold needs a number in above or below")
    if kind == "statement" and not any(fields.get(k) for k in ("party", "person", "issue", "words")):
        raise SignalError(f"{where} ({name}): statement needs a party, a person, an issue or words")
    if scenario is not None:
        for key in ("party", "person"):
            if isinstance(fields.get(key), str):
                fields[key] = canonical(scenario, fields[key])
        if isinstance(fields.get("parties"), list):
            fields["parties"] = [canonical(scenario, str(p)) for p in fields["parties"]]
        issue = fields.get("issue")
        if issue not in (None, "any") and issue not in scenario.issues:
            raise SignalError(f"{where} ({name}): the pack {scenario.id} has no issue {issue!r}")
        side = fields.get("side")
        if side and side not in (scenario.media or {}):
            raise SignalError(f"{where} ({name}): the pack {scenario.id} names no media of side {side!r}")
    if kind == "contradiction":
        known = load_lexicon("labels")["contradictions"]
        wrong = [k for k in (fields.get("kinds") or []) if k not in known]
        if wrong or not isinstance(fields.get("kinds") or [], list):
            raise SignalError(f"{where} ({name}): kinds is a list of {', '.join(known)}")
    if "types" in fields:
        fields["types"] = [str(t).upper() for t in (fields["types"] if isinstance(fields["types"], list)
                                                    else [fields["types"]])]
    return Signal(name=name, kind=kind, fields=fields, note=str(raw.get("note") or ""))


def parse_signals(text: str, source: str, scenario: Scenario | None = None) -> list[Signal]:
    """The rules of a watch list's YAML text; a SignalError names the file and the rule at fault."""
    try:
        raw = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise SignalError(f"not valid YAML ({' '.join(str(exc).split())})", source=source) from None
    items = raw.get("signals") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        raise SignalError("a watch list has a `signals:` list of rules", source=source)
    signals, names = [], set()
    for k, item in enumerate(items, start=1):
        try:
            signal = _check(item, f"rule {k}", scenario)
        except SignalError as exc:
            raise SignalError(exc.message, source=source) from None
        if signal.name in names:
            raise SignalError(f"rule {k}: the name {signal.name!r} is used twice", source=source)
        names.add(signal.name)
        signals.append(signal)
    return signals


def load_signals(path: str | Path | None, scenario: Scenario) -> list[Signal]:
    """The rules of a file, or the pack's own `signals.yaml` (none when the pack has none)."""
    file = Path(path) if path else Path(scenario.path) / "signals.yaml"
    if not file.exists():
        if path:
            raise SignalError("no such file", source=str(file))
        return []
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SignalError(f"cannot be read ({exc})", source=str(file)) from None
    return parse_signals(text, str(file), scenario)
