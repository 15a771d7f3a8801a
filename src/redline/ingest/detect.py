"""Tell an article file's format from its content, using the extension only to break ties."""

from __future__ import annotations

import re

FEED_RE = re.compile(r"<(?:rss|rdf:RDF|feed)\b[^>]*>", re.IGNORECASE)
ATOM_RE = re.compile(r"<feed\b[^>]*xmlns=[\"']http://www\.w3\.org/2005/Atom", re.IGNORECASE)
HTML_RE = re.compile(r"<(?:!doctype\s+html|html|head|body|article|div|p|meta|title)\b", re.IGNORECASE)

FORMATS = ("newsplease", "jsonl", "html", "feed", "text")


def sniff(text: str, *, name: str = "") -> str:
    """Return one of FORMATS for a decoded file."""
    head = text.lstrip()[:4096]
    lower_name = name.lower()
    if head.startswith("{") or head.startswith("["):
        lines = [ln for ln in text.strip().splitlines() if ln.strip()]
        if head.startswith("[") or lower_name.endswith((".jsonl", ".ndjson")):
            return "jsonl"
        if len(lines) > 1 and all(ln.lstrip().startswith("{") and ln.rstrip().endswith("}") for ln in lines):
            return "jsonl"
        return "newsplease"
    if head.startswith("<"):
        if FEED_RE.search(head) or ATOM_RE.search(head):
            return "feed"
        if HTML_RE.search(head) or head.lower().startswith("<?xml"):
            return "html"
    if lower_name.endswith((".html", ".htm")) and HTML_RE.search(head):
        return "html"
    return "text"
