"""The record a reader produces: one article's text and metadata, before cleaning."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Article:
    """One article as read from a source; `text` is the original text offsets refer to."""

    text: str
    doc_name: str
    source: str
    format: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    published_precision: str | None = None
    published_rejected: str | None = None  # why a metadata date was not taken
    language: str | None = None
    extra: dict = field(default_factory=dict)
