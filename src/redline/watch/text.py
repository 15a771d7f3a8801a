"""Small text helpers the red lines and commitments share: cue tables per language, matched as words,
the issues a sentence names, and the sentence around a span."""

from __future__ import annotations

import re
from functools import cache

from redline.clean.lexicon import for_language
from redline.clean.lexicon import load as load_lexicon
from redline.nlp.cues import compile_cue
from redline.scenario import Scenario

SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|\n\s*\n")


@cache
def table(name: str) -> dict:
    return load_lexicon(name) or {}


def cue(pattern: str | None, language: str | None) -> re.Pattern | None:
    """A cue list compiled as whole words in a language's script (an entry that inflects says so: `\\w*`)."""
    if not pattern:
        return None
    return compile_cue(pattern, language or "en", flags=re.IGNORECASE)


def find(name: str, language: str | None, text: str, part: str | None = None) -> str | None:
    """The first cue of a data table (`name`, optionally its `part`) in a text, or None."""
    entry = for_language(table(name), language)
    if part is not None:
        entry = entry.get(part) if isinstance(entry, dict) else None
    pattern = cue(entry, language if language in table(name) else "en")
    found = pattern.search(text) if pattern else None
    return found.group(0) if found else None


@cache
def _lexicon(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def issues_named(scenario: Scenario, text: str, language: str | None, only: set[str] | None = None) -> set[str]:
    """The pack's issues (of `only`, when given) whose lexicon a sentence matches."""
    out = set()
    for issue in scenario.issues.values():
        if only is not None and issue.id not in only:
            continue
        pattern = for_language(issue.lexicon or {}, language)
        if pattern and _lexicon(pattern).search(text):
            out.add(issue.id)
    return out


def issue_matches(scenario: Scenario, text: str, language: str | None, only: set[str]) -> dict[str, list[int]]:
    """Where in a text each issue of `only` is named: the start of every match of its lexicon."""
    out: dict[str, list[int]] = {}
    for issue_id in only:
        issue = scenario.issues.get(issue_id)
        pattern = for_language(issue.lexicon or {}, language) if issue else None
        if pattern:
            starts = [m.start() for m in _lexicon(pattern).finditer(text)]
            if starts:
                out[issue_id] = starts
    return out


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence that holds a span."""
    begin = 0
    for m in SENTENCE_END.finditer(text, 0, start):
        begin = m.end()
    after = SENTENCE_END.search(text, end)
    return begin, after.start() if after else len(text)
