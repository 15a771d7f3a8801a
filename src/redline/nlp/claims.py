"""Numeric claims: the value fully expanded, its unit, and what it is about."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from redline.clean.lexicon import load


@dataclass
class Claim:
    start: int
    end: int
    value: float
    unit: str
    text: str
    confidence: float


@cache
def _spec():
    spec = load("units")
    mult = {k.lower(): float(v) for k, v in spec["multipliers"].items()}
    words = {k.lower(): int(v) for k, v in spec["number_words"].items()}
    mult_alt = "|".join(sorted((re.escape(k) for k in mult), key=len, reverse=True))
    word_alt = "|".join(sorted((re.escape(k) for k in words), key=len, reverse=True))
    number = rf"(?P<num>\d{{1,3}}(?:[,  .]\d{{3}})+(?![\d])|\d+(?:[.,]\d+)?|(?i:{word_alt}))"
    units = {u: "|".join(alts) for u, alts in spec["units"].items()}
    patterns = []
    cur = rf"(?P<cur>{units['EUR']}|{units['USD']})"
    # €140 billion, $100bn, US$ 5 million
    patterns.append(re.compile(rf"(?P<curpre>€|\$|US\$|USD|EUR)\s?{number}\s*(?:(?P<mult>(?i:{mult_alt}))(?![A-Za-zА-Яа-яЁёІіЇїЄєҐґ]))?"))
    # 140 billion euros, 90 млрд евро, 90 Milliarden Euro
    patterns.append(re.compile(rf"{number}\s*(?:(?P<mult>(?i:{mult_alt}))(?![A-Za-zА-Яа-яЁёІіЇїЄєҐґ]))?\.?\s*(?:of\s+)?{cur}(?![A-Za-zА-Яа-яЁёІіЇїЄєҐґ])", re.IGNORECASE))
    # 28-point plan, 1,000-for-1,000, five-hour meeting
    patterns.append(re.compile(rf"{number}-(?P<hy>point|hour|day|week|kilometre|kilometer|km|Punkte|punti|puntos)", re.IGNORECASE))
    patterns.append(re.compile(rf"{number}[- ](?:for|per|por|pour|на|на|за)[- ](?:\d[\d,]*|{word_alt})(?![\w])", re.IGNORECASE))
    # 19%, 5 hours, 800,000 troops, 28 пунктов, 28点
    other = "|".join(f"(?P<u_{u}>{alts})" for u, alts in units.items() if u not in ("EUR", "USD"))
    patterns.append(re.compile(
        rf"{number}\s*(?:(?P<mult>(?i:{mult_alt}))(?![A-Za-zА-Яа-яЁёІіЇїЄєҐґ]))?\s*(?<![A-Za-z])(?:{other})(?![A-Za-zА-Яа-яЁёІіЇїЄєҐґ])",
        re.IGNORECASE))
    # "an hour and a half", "a week", "about a fifth of its land"
    patterns.append(re.compile(
        r"\b(?P<num>an?|one)\s+(?P<u_hours>hour)(?P<half>\s+and\s+a\s+half)?\b|\b(?P<num2>an?|one)\s+(?P<u_week>week)\b"
        r"|\b(?P<frac>(?:a|one)[- ](?:fifth|third|quarter)|half)\s+of\b|(?P<zhfrac>五分之一|三分之一|四分之一)",
        re.IGNORECASE))
    return patterns, mult, words


def _number(raw: str, words: dict[str, int]) -> float | None:
    raw = raw.strip()
    if raw.lower() in words:
        return float(words[raw.lower()])
    compact = re.sub(r"[  ]", "", raw)
    if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", compact):
        return float(re.sub(r"[,.]", "", compact))
    try:
        return float(compact.replace(",", "."))
    except ValueError:
        return None


HYPHEN_UNITS = {"point": "points", "hour": "hours", "day": "days", "kilometre": "km", "kilometer": "km", "km": "km",
                "punkte": "points", "punti": "points", "puntos": "points", "week": "days"}
FRACTIONS = {"fifth": 20.0, "third": 100 / 3, "quarter": 25.0, "half": 50.0, "五分之一": 20.0, "三分之一": 100 / 3,
             "四分之一": 25.0}


def _phrase_claim(m: re.Match[str]) -> Claim | None:
    """Quantities said in words: "an hour and a half", "a week", "a fifth of"."""
    if m.group("u_hours"):
        value, unit = (1.5 if m.group("half") else 1.0), "hours"
    elif m.group("u_week"):
        value, unit = 7.0, "days"
    else:
        frac = (m.group("frac") or m.group("zhfrac") or "").lower()
        key = next((k for k in FRACTIONS if k in frac), None)
        if key is None:
            return None
        value, unit = FRACTIONS[key], "percent"
    return Claim(m.start(), m.end(), value, unit, m.group(0), 0.5)


def find_claims(text: str) -> list[Claim]:
    """Every number with a unit of the vocabulary (EUR, USD, percent, hours, days, km, people, points)."""
    patterns, mult, words = _spec()
    found: list[Claim] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in enumerate(patterns):
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if kind == len(patterns) - 1:
                claim = _phrase_claim(m)
                if claim:
                    found.append(claim)
                    taken.append((m.start(), m.end()))
                continue
            value = _number(m.group("num"), words)
            if value is None:
                continue
            factor = mult.get((m.groupdict().get("mult") or "").lower(), 1.0)
            if kind == 0:
                unit = "EUR" if m.group("curpre") in ("€", "EUR") else "USD"
            elif kind == 1:
                cur = m.group("cur")
                unit = "EUR" if re.fullmatch(r"€|EUR|euros?|евро|Euro|歐元|欧元|يورو", cur, re.IGNORECASE) else "USD"
            elif kind == 2:
                unit = HYPHEN_UNITS[m.group("hy").lower()]
                if m.group("hy").lower() == "week":
                    value *= 7
            elif kind == 3:
                unit = "people"
            else:
                unit = next(k[2:] for k, v in m.groupdict().items() if k.startswith("u_") and v)
                if unit == "weeks":
                    value, unit = value * 7, "days"
            if unit in ("EUR", "USD") and factor == 1.0 and value < 1000:
                # "€90" alone is rare in news; keep it, with less confidence
                confidence = 0.6
            else:
                confidence = 0.85
            found.append(Claim(m.start(), m.end(), value * factor, unit, m.group(0), confidence))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda c: c.start)
