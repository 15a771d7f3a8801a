"""Cue words matched as words, in every script: the one definition of a cue's boundaries.

A cue list is a regular expression (an alternation of words or phrases). Matched bare, a short cue
fires inside other words: French ``si`` inside ``aussi``, German ``erklärt`` inside ``erklärte``,
Arabic ``لن`` ("will not") inside ``أعلن`` ("announced") and ``النار`` ("the fire"). ``\\b`` alone is
not enough: Arabic writes conjunctions, prepositions and the article as prefixes of the next word
(``ولن``, "and will not"), and Chinese and Japanese put no space between words at all.

``bounded(pattern, language)`` wraps a pattern so that it matches only where a word starts and ends
in that language's writing:

- scripts with spaces (Latin, Cyrillic, Greek, …): no letter or digit on either side;
- Arabic script (ar, fa, ur): no letter before, except the proclitics ``و ف ب ل ك`` and the article
  ``ال`` with them; no letter after;
- Chinese, Japanese and Korean: unbounded. Chinese and Japanese have no word spaces to test; Korean writes
  its particles and endings on the word (``러시아는``, ``대변인에 따르면``), so a cue may be a stem or an ending.

``open_end=True`` leaves the end open for cues written as stems (``erklär`` for ``erklärt``,
``erklärte``, ``erklärten``).
"""

from __future__ import annotations

import re
from functools import lru_cache

UNSPACED = {"zh", "ja", "ko", "th", "lo", "km", "my"}
START_ONLY: set[str] = set()
ARABIC_SCRIPT = {"ar", "fa", "ur", "ps"}
# proclitics written as part of the next word: wa-, fa-, bi-, li-, ka-, the article and their combinations
ARABIC_PROCLITICS = r"(?:[وف]?[بلك]?(?:ال)?|لل)"


def bounded(pattern: str, language: str | None, *, open_end: bool = False) -> str:
    """`pattern` matched only as whole words (or word starts with `open_end`) in `language`'s script."""
    if not pattern:
        return pattern
    lang = (language or "").lower()[:2]
    if lang in UNSPACED:
        return f"(?:{pattern})"
    end = "" if open_end or lang in START_ONLY else r"(?!\w)"
    if lang in ARABIC_SCRIPT:
        return rf"(?<!\w){ARABIC_PROCLITICS}(?:{pattern}){end}"
    return rf"(?<!\w)(?:{pattern}){end}"


@lru_cache(maxsize=4096)
def compile_cue(pattern: str, language: str | None, *, open_end: bool = False, flags: int = 0) -> re.Pattern:
    """A compiled `bounded` pattern (cached: cue lists are compiled once per language)."""
    return re.compile(bounded(pattern, language, open_end=open_end), flags)
