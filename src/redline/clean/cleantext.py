"""A cleaned text that maps every offset back to the original text."""

from __future__ import annotations

import bisect
from dataclasses import dataclass


@dataclass(frozen=True)
class RemovedSpan:
    """A piece of the original text that cleaning removed, and why."""

    start: int
    end: int
    kind: str

    def text_in(self, original: str) -> str:
        return original[self.start : self.end]


@dataclass
class CleanText:
    """The original text, the cleaned text, and the spans removed between them."""

    original: str
    text: str
    removed: list[RemovedSpan]
    # piece i of the cleaned text starts at clean offset _clean_starts[i] and
    # original offset _orig_starts[i]
    _clean_starts: list[int]
    _orig_starts: list[int]

    def to_original(self, offset: int) -> int:
        """Map an offset in the cleaned text to the same character in the original."""
        if not 0 <= offset <= len(self.text):
            raise ValueError(f"offset {offset} outside the cleaned text (0..{len(self.text)})")
        i = bisect.bisect_right(self._clean_starts, offset) - 1
        if i < 0:
            return offset
        return self._orig_starts[i] + (offset - self._clean_starts[i])

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the cleaned text to the original text."""
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), self.to_original(end - 1) + 1


def merge_spans(spans: list[RemovedSpan]) -> list[RemovedSpan]:
    """Sort spans and merge overlaps; the first kind found wins for a merged span."""
    out: list[RemovedSpan] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.end <= span.start:
            continue
        if out and span.start < out[-1].end:
            last = out[-1]
            if span.end > last.end:
                out[-1] = RemovedSpan(last.start, span.end, last.kind)
            continue
        out.append(span)
    return out


def build_clean_text(original: str, spans: list[RemovedSpan]) -> CleanText:
    """Cut the spans out of the original and keep the map between the two texts."""
    removed = merge_spans(spans)
    pieces: list[str] = []
    clean_starts: list[int] = []
    orig_starts: list[int] = []
    pos = 0
    clean_len = 0
    for span in removed + [RemovedSpan(len(original), len(original), "end")]:
        if span.start > pos:
            clean_starts.append(clean_len)
            orig_starts.append(pos)
            piece = original[pos : span.start]
            pieces.append(piece)
            clean_len += len(piece)
        pos = max(pos, span.end)
    return CleanText(
        original=original,
        text="".join(pieces),
        removed=removed,
        _clean_starts=clean_starts,
        _orig_starts=orig_starts,
    )
