"""Publication dates: normalise metadata dates and find the date an undated text gives itself."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from functools import cache

import dateparser

from redline.clean.lexicon import load
from redline.nlp.cues import compile_cue

ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})\b")


EARLIEST = date(1990, 1, 1)
ABSOLUTE_ONLY = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year"],
                 "PARSERS": ["custom-formats", "absolute-time"]}  # no "yesterday", no timestamps


def _in_range(day: date, precision: str, shown: str) -> tuple[str | None, str | None, str | None]:
    latest = datetime.now(UTC).date() + timedelta(days=1)
    if not EARLIEST <= day <= latest:
        return None, None, f"{shown} is outside {EARLIEST.isoformat()}..{latest.isoformat()}"
    return day.isoformat(), precision, None


def metadata_date(value: object) -> tuple[str | None, str | None, str | None]:
    """A metadata date as (ISO date, precision, None), or (None, None, why it was not taken): only an
    absolute date between 1990 and tomorrow is taken; relative words, numbers, lists and impossible or
    far dates are not (the date may then come from the text)."""
    if value is None or value == "":
        return None, None, None
    shown = repr(value)[:60]
    if isinstance(value, datetime):
        return _in_range(value.date(), "day", shown)
    if isinstance(value, date):
        return _in_range(value, "day", shown)
    if hasattr(value, "tm_year"):
        try:
            return _in_range(date(value.tm_year, value.tm_mon, value.tm_mday), "day", shown)
        except (TypeError, ValueError):
            return None, None, f"{shown} is not a calendar date"
    if not isinstance(value, str):
        return None, None, f"{shown} is a {type(value).__name__}, not a date"
    text = value.strip()
    m = ISO.match(text)
    if m:
        try:
            return _in_range(date(int(m[1]), int(m[2]), int(m[3])), "day", shown)
        except ValueError:
            return None, None, f"{shown} is not a calendar date"
    if re.fullmatch(r"\d{4}-\d{2}", text):
        try:
            return _in_range(date(int(text[:4]), int(text[5:]), 1), "month", shown)
        except ValueError:
            return None, None, f"{shown} is not a calendar month"
    if re.fullmatch(r"\d{4}", text):
        return _in_range(date(int(text), 1, 1), "year", shown)
    try:
        parsed = dateparser.parse(text, settings=ABSOLUTE_ONLY) if len(text) <= 100 else None
    except (ValueError, OverflowError, TypeError):
        parsed = None
    if parsed is None:
        return None, None, f"{shown} is not an absolute date"
    return _in_range(parsed.date(), "day", shown)


def normalise(value: object) -> tuple[str | None, str | None]:
    """A metadata date as (ISO date, precision), or (None, None) when it is not taken (see `metadata_date`)."""
    iso, precision, _reason = metadata_date(value)
    return iso, precision


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
