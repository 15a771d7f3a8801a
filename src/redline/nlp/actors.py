"""Actor mentions: dictionary matching of the pack's aliases in every language, fuzzy spellings, NER."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process

from redline.scenario import Scenario

# scripts whose words inflect at the end: an alias also matches with up to three more letters
INFLECTING = re.compile(r"[\u0370-\u03ff\u0400-\u04ff]")
NO_SPACES = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u0600-\u06ff]")
# Korean writes its particles on the word they follow ("러시아는", "미국과"): a word starts after a space
HANGUL = re.compile(r"[\uac00-\ud7af]")


@dataclass
class Mention:
    """An actor named in the text: where, as what, and how it was found."""

    start: int
    end: int
    actor: str
    text: str
    method: str  # alias | metonym | fuzzy | ner | pronoun | title
    confidence: float
    kind: str = "person"
    party: str | None = None
    role: str | None = None


@dataclass
class AliasIndex:
    pattern: re.Pattern[str]
    lookup: dict[str, tuple[str, str]]  # folded alias -> (actor name, method)
    surnames: dict[str, str]  # folded surname -> actor, for fuzzy matching


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower().replace("’", "'")


# a word that ends in a vowel changes it when it inflects (Європа -> Європи, Японія -> Японії, Κίνα -> Κίνας)
INFLECTED_VOWEL = re.compile(r"^(?P<stem>.{4,}?[^\W\d_])[аеёиоуыэюяіїєьйαεηιουωάέήίόύώ]$", re.IGNORECASE)


def inflection_stem(alias: str) -> str | None:
    """The stem an inflecting alias keeps in every case, or None when it keeps its last letter."""
    if not INFLECTING.search(alias):
        return None
    m = INFLECTED_VOWEL.match(alias)
    return m.group("stem") if m and " " not in alias else None


def _alias_regex(alias: str) -> str:
    stem = inflection_stem(alias)
    body = re.escape(stem or alias).replace(r"\ ", r"\s+")
    if NO_SPACES.search(alias):
        return body
    if HANGUL.search(alias):
        return rf"(?<!\w){body}"
    tail = r"\w{0,3}" if INFLECTING.search(alias) else r"(?:['’]s)?"
    return rf"(?<![\w.-]){body}{tail}(?![\w-])"


def _exact_english(alias: str, language: str, name: str) -> bool:
    """An English alias of one capitalised word other than the actor's name (a demonym, a continent, a surname:
    "European", "Europe") names the actor only capitalised: lower case it is a common word or a part of one."""
    return language == "en" and alias != name and " " not in alias and alias[:1].isupper()


@cache
def alias_index(scenario: Scenario) -> AliasIndex:
    """One regular expression over every alias of every actor, longest first."""
    lookup: dict[str, tuple[str, str]] = {}
    case_sensitive: set[str] = set()
    surnames: dict[str, str] = {}
    for actor in scenario.actors.values():
        for alias, lang in actor.all_aliases():
            lookup.setdefault(fold(alias), (actor.name, "alias"))
            if stem := inflection_stem(alias):
                lookup.setdefault(fold(stem), (actor.name, "alias"))
            if len(alias) <= 4 or alias.isupper() or _exact_english(alias, lang, actor.name):
                case_sensitive.add(alias)
        for metonym in actor.metonyms:
            lookup.setdefault(fold(metonym), (actor.name, "metonym"))
        if actor.is_person:
            for alias, _lang in actor.all_aliases():
                last = alias.split()[-1]
                if len(last) >= 5 and not NO_SPACES.search(last):
                    surnames.setdefault(fold(last), actor.name)
    aliases = {a for actor in scenario.actors.values() for a, _ in actor.all_aliases()}
    aliases |= {m for actor in scenario.actors.values() for m in actor.metonyms}
    parts = []
    for alias in sorted(aliases, key=len, reverse=True):
        regex = _alias_regex(alias)
        if alias in case_sensitive and alias.upper() != alias:
            regex = f"(?:{regex}|{_alias_regex(alias.upper())})"  # as written, or in a headline's capitals
        parts.append(regex if alias in case_sensitive else f"(?i:{regex})")
    return AliasIndex(re.compile("|".join(parts) or r"(?!x)x"), lookup, surnames)


def _resolve(index: AliasIndex, text: str) -> tuple[str, str] | None:
    key = fold(re.sub(r"\s+", " ", text))
    if key in index.lookup:
        return index.lookup[key]
    key = re.sub(r"['’]s$", "", key)
    if key in index.lookup:
        return index.lookup[key]
    # an inflected form: drop up to three letters
    for cut in (1, 2, 3):
        if len(key) - cut >= 3 and key[:-cut] in index.lookup:
            return index.lookup[key[:-cut]]
    return None


def find_mentions(text: str, scenario: Scenario) -> list[Mention]:
    """Every alias or metonym of a pack actor in the text."""
    index = alias_index(scenario)
    out = []
    for m in index.pattern.finditer(text):
        found = _resolve(index, m.group(0))
        if not found:
            continue
        name, method = found
        actor = scenario.actors[name]
        out.append(Mention(m.start(), m.end(), name, m.group(0), method, 0.95 if method == "alias" else 0.8,
                           actor.kind, scenario.party_of(name)))
    return out


def fuzzy_person(name: str, scenario: Scenario, *, cutoff: float = 85.0) -> str | None:
    """A pack person whose surname is spelled like the last word of NAME (Smiht -> John Smith)."""
    index = alias_index(scenario)
    last = fold(name.split()[-1]) if name.split() else ""
    if len(last) < 5:
        return None
    hit = process.extractOne(last, list(index.surnames), scorer=fuzz.ratio, score_cutoff=cutoff)
    return index.surnames[hit[0]] if hit else None
