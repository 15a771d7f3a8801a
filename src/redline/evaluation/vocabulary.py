"""Actor names as the scorer compares them: folded spellings mapped onto canonical names and parties."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from redline.errors import InputError
from redline.scenario import Scenario

_PUNCT = re.compile(r"[^\w\s']+")
_INITIALS = re.compile(r"\b(\w)\.(?=\w\.)")  # U.S. -> US.


def fold(text: str | None) -> str:
    """Lower case, no accents, no punctuation, no leading article: how two spellings are compared."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().replace("’", "'")
    plain = _PUNCT.sub(" ", _INITIALS.sub(r"\1", plain))
    words = plain.split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


class Vocabulary:
    """Canonical actor names, every spelling of each, and the party each speaks for."""

    def __init__(self) -> None:
        self._canonical: dict[str, str] = {}
        self._party: dict[str, str] = {}

    def add(self, name: str, spellings: list[str], party: str | None) -> None:
        for spelling in [name, *spellings]:
            self._canonical.setdefault(fold(spelling), name)
        if party:
            self._party.setdefault(name, party)

    @classmethod
    def of(cls, pack: Scenario, extra: Path | None = None) -> Vocabulary:
        """The pack's actors (aliases in every language, metonyms), then the gold folder's actors.json."""
        vocab = cls()
        if extra is not None and extra.exists():
            vocab.read_json(extra)
        for actor in pack.actors.values():
            vocab.add(actor.name, [a for a, _ in actor.all_aliases()] + list(actor.metonyms),
                      pack.party_of(actor.name))
        return vocab

    def read_json(self, path: Path) -> None:
        """A vocabulary file in the evaluation kit's layout: parties, persons and organisations."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"not a vocabulary file ({exc})", source=str(path)) from None
        for name, aliases in (data.get("parties") or {}).items():
            self.add(name, list(aliases), name)
        for section in ("persons", "organisations"):
            for name, info in (data.get(section) or {}).items():
                self.add(name, list(info.get("aliases") or []), info.get("party") or name)

    def name(self, raw: str | None) -> str:
        """The canonical name of a spelling; a title in front is dropped ("envoy X" is X)."""
        key = fold(raw)
        if key in self._canonical:
            return self._canonical[key]
        words = key.split()
        for i in range(1, len(words)):
            tail = " ".join(words[i:])
            if tail in self._canonical:
                return self._canonical[tail]
        return key

    def party(self, raw: str | None) -> str:
        """The party a name speaks for (itself when it has none)."""
        name = self.name(raw)
        return self._party.get(name, name)
