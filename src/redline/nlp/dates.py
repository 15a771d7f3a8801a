"""Dates inside sentences ("on Tuesday", "December 2", "last week"), resolved against the publication date."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache

from redline.clean.lexicon import load

# the precision of an event's date taken from its article's publication, not from the event's own words
ARTICLE_PRECISION = "article"

UNSPACED = ("zh", "ja", "ko")  # scripts whose words are matched as written, with no word boundaries


@cache
def _tables() -> tuple[list[tuple[str, int]], dict[str, int], list[str]]:
    """(weekday word start, index from Monday), relative day words, "last week" phrases, from dates.yaml."""
    spec = load("dates")
    weekdays = []
    for names in spec.get("weekdays", {}).values():
        for index, entry in enumerate(names):
            for name in entry if isinstance(entry, list) else [entry]:
                weekdays.append((str(name).lower(), index))
    relative = {str(w).lower(): int(d) for table in spec.get("relative", {}).values() for w, d in table.items()}
    last_week = [str(p) for phrases in spec.get("last_week", {}).values() for p in phrases]
    return weekdays, relative, last_week


def _words(words, *, open_end: bool) -> str:
    """An alternation of words: whole words in spaced scripts (a word start with `open_end`), as written in
    unspaced ones."""
    words = sorted(set(words), key=len, reverse=True)
    spaced = [re.escape(w) for w in words if not UNSPACED_CHARS.search(w)]
    dense = [re.escape(w) for w in words if UNSPACED_CHARS.search(w)]
    tail = r"\w*" if open_end else r"(?!\w)"
    parts = ([rf"(?<!\w)(?:[وبف]|ال)?(?:{'|'.join(spaced)}){tail}"] if spaced else []) + dense
    return "|".join(parts)


UNSPACED_CHARS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@cache
def _months() -> tuple[dict[str, int], str]:
    spec = load("dates")
    months = {name.lower(): int(number) for number, names in spec["months"].items() for name in names}
    alt = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))
    return months, alt


@cache
def _pattern() -> re.Pattern[str]:
    _, alt = _months()
    weekday_table, relative_table, last_week = _tables()
    weekdays = _words([w for w, _ in weekday_table], open_end=True)
    relative = _words(relative_table, open_end=False)
    lastweek = _words(last_week, open_end=False)
    return re.compile(
        rf"(?P<iso>\b\d{{4}}-\d{{2}}-\d{{2}}\b)"
        rf"|(?P<md>\b(?P<m1>{alt})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y1>\d{{4}}))?)"
        rf"|(?P<dm>\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th|\.|er)?\s+(?:de\s+)?(?P<m2>{alt})\b(?:\.?,?\s+(?:de\s+)?(?P<y2>\d{{4}}))?)"
        rf"|(?P<zh>(?:(?P<y3>\d{{4}})年)?(?P<m3>\d{{1,2}})月(?P<d3>\d{{1,2}})日(?![電电]))"
        rf"|(?P<zhday>(?<![月\d])(?P<d4>\d{{1,2}})日(?![電电]))"
        rf"|(?P<zhmon>(?:(?P<y6>\d{{4}})年|(?P<rel6>今年|去年))?(?P<m6>\d{{1,2}})月(?!\d)(?!份?\d))"
        rf"|(?P<mon>\b(?:in|since|until|by|from|of|early|late|mid-?|end of|в|у|im|seit|en|depuis|desde|nel|a)\s+(?P<m5>{alt})\b(?:\s+(?P<y5>\d{{4}}))?"
        rf"|\b(?P<m7>{alt})\s+(?P<y7>\d{{4}})\b)"
        rf"|(?P<lastweek>{lastweek})"
        rf"|(?P<wd>{weekdays})"
        rf"|(?P<rel>{relative})",
        re.IGNORECASE,
    )


def _year_for(month: int, day: int, published: date | None) -> int | None:
    if published is None:
        return None
    # a month well after publication belongs to the year before ("December 30" read on January 3)
    year = published.year - 1 if month - published.month > 6 else published.year
    try:
        date(year, month, day)  # "February 30" names no day
    except ValueError:
        return None
    return year


def resolve(m: re.Match[str], published: date | None, *, future: bool = False) -> tuple[str, str] | None:
    """(ISO date, precision) for one date expression, or None when it cannot be placed."""
    months, _ = _months()
    try:
        if m["iso"]:
            return date.fromisoformat(m["iso"]).isoformat(), "day"
        if m["md"] or m["dm"] or m["zh"]:
            if m["md"]:
                month, day, year = months[m["m1"].lower()], int(m["d1"]), m["y1"]
            elif m["dm"]:
                month, day, year = months[m["m2"].lower()], int(m["d2"]), m["y2"]
            else:
                month, day, year = int(m["m3"]), int(m["d3"]), m["y3"]
            y = int(year) if year else _year_for(month, day, published)
            return (date(y, month, day).isoformat(), "day") if y else None
    except (ValueError, KeyError):
        return None
    if m["mon"] or m["zhmon"]:
        # a month without a day: ISO's reduced precision, "2025-08"
        if m["zhmon"]:
            month, year = int(m["m6"]), m["y6"]
            if not year and m["rel6"] and published:
                year = published.year - (1 if m["rel6"] == "去年" else 0)
        else:
            month, year = months.get((m["m5"] or m["m7"]).lower()), m["y5"] or m["y7"]
        if not month or not 1 <= month <= 12:
            return None
        y = int(year) if year else (_year_for(month, 1, published) if published else None)
        return (f"{y:04d}-{month:02d}", "month") if y else None
    if published is None:
        return None
    if m["zhday"]:
        # "普亭21日表示": the day of the publication's month (or of the month before, if it is later)
        day = int(m["d4"])
        month_start = published.replace(day=1)
        try:
            candidate = published.replace(day=day)
        except ValueError:
            return None
        if candidate > published:
            previous = month_start - timedelta(days=1)
            try:
                candidate = previous.replace(day=day)
            except ValueError:
                return None
        return candidate.isoformat(), "day"
    weekday_table, relative_table, _ = _tables()
    if m["wd"]:
        word = re.sub(r"^(?:[وبف]|ال)(?=ال)", "", m["wd"].lower())
        for name, index in sorted(weekday_table, key=lambda x: -len(x[0])):
            if word.startswith(name) or name in word:
                if future:
                    ahead = (index - published.weekday()) % 7
                    return (published + timedelta(days=ahead)).isoformat(), "day"
                back = (published.weekday() - index) % 7
                return (published - timedelta(days=back)).isoformat(), "day"
        return None
    if m["rel"]:
        word = m["rel"].lower()
        for prefix in ("", "و", "ب", "ف", "ال"):
            if word.startswith(prefix) and word[len(prefix):] in relative_table:
                return (published + timedelta(days=relative_table[word[len(prefix):]])).isoformat(), "day"
    if m["lastweek"]:
        monday = published - timedelta(days=published.weekday() + 7)
        return monday.isoformat(), "week"
    return None


def dates_in(text: str, published: date | None, *, future: bool = False) -> list[tuple[int, int, str, str]]:
    """(start, end, ISO date, precision) for each date expression that can be resolved.

    A calendar date ("December 4") comes before a weekday or a relative word in the same text;
    `future` resolves weekdays forward (for planned events).
    """
    explicit, relative = [], []
    for m in _pattern().finditer(text):
        r = resolve(m, published, future=future)
        if r:
            explicit_form = m["iso"] or m["md"] or m["dm"] or m["zh"] or m["zhday"] or m["mon"] or m["zhmon"]
            (explicit if explicit_form else relative).append((m.start(), m.end(), r[0], r[1]))
    return explicit + relative
