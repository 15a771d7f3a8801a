"""Cleaning: remove debris from an article's text while keeping offsets into the original."""

from redline.clean.cleantext import CleanText, RemovedSpan, build_clean_text
from redline.clean.debris import find_debris

__all__ = ["CleanText", "RemovedSpan", "build_clean_text", "find_debris"]
