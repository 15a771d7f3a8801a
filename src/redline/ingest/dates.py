"""Publication dates: normalise metadata dates and find the date an undated text gives itself."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache

import dateparser

from redline.clean.lexicon import load
from redline.nlp.cues import compile_cue

ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def normalise(value: object) -> tuple[str | None, str | None]:
    """Turn a metadata date (ISO string, datetime, struct_time, free text) into (ISO date, precision)."""
    if value is None or value == "":
        return None, None
    if isinstance(value, datetime):
        return value.date().isoformat(), "day"
    if isinstance(value, date):
        return value.isoformat(), "day"
    if hasattr(value, "tm_year"):
        return date(value.tm_year, value.tm_mon, value.tm_mday).isoformat(), "day"
    text = str(value).strip()
    m = ISO.match(text)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat(), "day"
        except ValueError:
            return None, None
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return f"{text}-01", "month"
    if re.fullmatch(r"\d{4}", text):
        return f"{text}-01-01", "year"
    parsed = dateparser.parse(text, settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year"]})
    if parsed is None:
        return None, None
    return parsed.date().isoformat(), "day"


@cache
def _date_patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, int]]:
    spec = load("dates")
    months = {name.lower(): number for number, names in spec["months"].items() for name in names}
    month_alt = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))
    full = (
        rf"(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})"
        rf"|(?P<mdy>(?P<m1>{month_alt})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}}))"
        rf"|(?P<dmy>(?P<d2>\d{{1,2}})(?:st|nd|rd|th|\.|er)?\s+(?:de\s+)?(?P<m2>{month_alt})\.?,?\s+(?:de\s+)?(?P<y2>\d{{4}}))"
        rf"|(?P<num>(?P<d3>\d{{1,2}})\.(?P<m3>\d{{1,2}})\.(?P<y3>\d{{4}}))"
    )
    cue = "|".join(spec["cues"])
    cued = re.compile(rf"(?:{cue})\s*[:\-–—]?\s*\(?\s*(?:{full})", re.IGNORECASE)
    weak = compile_cue("|".join(spec.get("weak_cues") or ["(?!)"]), None, open_end=True, flags=re.IGNORECASE)
    weak_cued = re.compile(rf"(?:{weak.pattern})\s*[:\-–—]?\s*\(?\s*(?:{full})", re.IGNORECASE)
    anywhere = re.compile(full, re.IGNORECASE)
    return cued, weak_cued, anywhere, months


@cache
def _not_dateline() -> re.Pattern[str]:
    return compile_cue("|".join(load("dates").get("not_dateline") or ["(?!)"]), None, open_end=True,
                       flags=re.IGNORECASE)


def _datelines(text: str) -> str:
    """The text with the lines that are no dateline blanked (same length): site banners ("Today: …"),
    photo captions and credits, lists of related articles."""
    return "".join(" " * len(line) if _not_dateline().search(line) else line for line in text.splitlines(True))


def _to_date(m: re.Match[str], months: dict[str, int]) -> date | None:
    try:
        if m["iso"]:
            return date.fromisoformat(m["iso"])
        if m["mdy"]:
            return date(int(m["y1"]), months[m["m1"].lower()], int(m["d1"]))
        if m["dmy"]:
            return date(int(m["y2"]), months[m["m2"].lower()], int(m["d2"]))
        if m["num"]:
            return date(int(m["y3"]), int(m["m3"]), int(m["d3"]))
    except (ValueError, KeyError):
        return None
    return None


def date_in_text(text: str, *, head_chars: int = 200) -> tuple[str | None, str | None]:
    """Find the date an article gives for itself ("date 2025-12-04", "As of December 5, 2025").

    Only a full date (day, month and year) introduced by a cue that dates the writing,
    or standing in the first characters like a dateline, counts; otherwise None.
    """
    cued, weak_cued, anywhere, months = _date_patterns()
    text = _datelines(text)
    found = [d for m in cued.finditer(text) if (d := _to_date(m, months))]
    if found:
        # the latest date so introduced ("Published … Updated …")
        return max(found).isoformat(), "day"
    for m in anywhere.finditer(text[:head_chars]):
        d = _to_date(m, months)
        if d:
            return d.isoformat(), "day"
    found = [d for m in weak_cued.finditer(text) if (d := _to_date(m, months))]
    if found:
        # the writer's "now" ("As of December 5, 2025")
        return max(found).isoformat(), "day"
    return None, None
