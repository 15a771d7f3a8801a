"""Find the debris in an article: boilerplate, SEO link-bait, citation markers, notes, disclaimers."""

from __future__ import annotations

import re
from functools import cache

from redline.clean.cleantext import RemovedSpan
from redline.clean.lexicon import load

SEO = "seo"
CITATION = "citation"
EDITORIAL_NOTE = "editorial_note"
DISCLAIMER = "disclaimer"
BOILERPLATE = "boilerplate"
KINDS = (CITATION, EDITORIAL_NOTE, SEO, DISCLAIMER, BOILERPLATE)


@cache
def _patterns() -> dict[str, list[re.Pattern[str]]]:
    spec = load("cleaning")
    seo = spec["seo"]
    leads = "|".join(f"(?:{lead})" for lead in seo["leads"])
    # the bait follows a sentence stop (sometimes doubled: "reality.. Find out more …")
    # or opens a line; the removed span starts at the doubled stop if there is one
    seo_re = re.compile(
        rf"(?:(?<=[.!?:])\.?|^)[ \t]*(?:{leads})\s+{seo['tail']}", re.MULTILINE
    )
    # "Lire aussi : …", "Читайте также …": the lead after a stop or at a line start, the headline with it
    also = "|".join(f"(?:{lead})" for lead in seo["read_also"])
    also_re = re.compile(
        rf"(?:^|(?<=[.!?…»”\"]))[ \t]*(?:{also})(?=[\s:：!！.,—–-]|$)[ \t]*[:：!！.—–-]?[ \t]*(?:{seo['read_also_tail']})?",
        re.MULTILINE | re.IGNORECASE,
    )
    note = spec["editorial_note"]
    cues = "|".join(note["cues"])
    note_re = re.compile(
        rf"{note['open']}(?=[^\[\]\n]{{{note['min_chars']},{note['max_chars']}}}{note['close']})"
        rf"[^\[\]\n]*?(?:{cues})[^\[\]\n]*{note['close']}",
        re.IGNORECASE,
    )
    board = spec["boilerplate"]
    line_re = re.compile(
        r"^[ \t]*(?:" + "|".join(f"(?:{p})" for p in board["lines"]) + r")[ \t]*(?:\n|$)",
        re.MULTILINE,
    )
    return {
        SEO: [seo_re, also_re],
        CITATION: [re.compile(p) for p in spec["citation"]],
        EDITORIAL_NOTE: [note_re],
        DISCLAIMER: [re.compile(p, re.MULTILINE) for p in spec["disclaimer"]],
        BOILERPLATE: [line_re] + [re.compile(p) for p in board["inline"]],
    }


def _leading_space(text: str, start: int) -> int:
    """Widen a span to the blank before it, so that removal leaves no double space."""
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    return start


def find_debris(text: str) -> list[RemovedSpan]:
    """Return every span of debris in the text, by kind, in text order."""
    spans: list[RemovedSpan] = []
    for kind, patterns in _patterns().items():
        for pattern in patterns:
            for m in pattern.finditer(text):
                if m.end() <= m.start():
                    continue
                start = m.start()
                if kind in (CITATION, EDITORIAL_NOTE):
                    start = _leading_space(text, start)
                spans.append(RemovedSpan(start, m.end(), kind))
    # one span per stretch of text: the longest wins, then the kind listed first in KINDS
    spans.sort(key=lambda s: (s.start, -(s.end - s.start), KINDS.index(s.kind)))
    kept: list[RemovedSpan] = []
    for span in spans:
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept
