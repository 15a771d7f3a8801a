"""Tell an article file's format from its content, using the extension only to break ties."""

from __future__ import annotations

import re

FEED_RE = re.compile(r"<(?:rss|rdf:RDF|feed)\b[^>]*>", re.IGNORECASE)
ATOM_RE = re.compile(r"<feed\b[^>]*xmlns=[\"']http://www\.w3\.org/2005/Atom", re.IGNORECASE)
HTML_RE = re.compile(r"<(?:!doctype\s+html|html|head|body|article|div|p|meta|title)\b", re.IGNORECASE)

FORMATS = ("newsplease", "jsonl", "html", "feed", "text")
JSON_NAMES = (".json", ".jsonl", ".ndjson")
# how JSON begins: an object's first key (or its end), an array's first value
JSON_START = re.compile(r'\s*(?:\{\s*(?:"|\})|\[\s*(?:[\[{"\]]|(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)\s*[,\]]))')


def json_meant(text: str, name: str, error: Exception) -> bool:
    """Whether a file that failed as JSON was meant as JSON (then the JSON error stands), or is text that only
    starts with a brace or a bracket (then it is read as text): a .json/.jsonl name says JSON, a .txt name
    says text; otherwise invalid JSON that does not even begin like JSON is text."""
    from redline.errors import BadJSON

    lower = name.lower()
    if lower.endswith(JSON_NAMES):
        return True
    if lower.endswith(".txt"):
        return False
    return not isinstance(error, BadJSON) or bool(JSON_START.match(text))


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
