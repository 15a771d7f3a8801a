"""Readers, one per format: each turns a decoded file into Article records or raises one error."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import lxml.html
import trafilatura

from redline.errors import BadFeed, BadHTML, BadJSON, NoArticle
from redline.ingest.article import Article
from redline.ingest.dates import metadata_date
from redline.ingest.outlet import domain_of, outlet_from_domain

TEXT_FIELDS = ("maintext", "text", "content", "body")
CLOSING_HTML = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
OPENING_HTML = re.compile(r"<(?:html|body)\b", re.IGNORECASE)


def _first(value: object) -> str | None:
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value if v)
    return str(value).strip() or None if value else None


def from_newsplease(obj: object, *, name: str, source: str, fmt: str) -> Article:
    """Read one news-please record (title, maintext, date_publish, url, source_domain, language, authors)."""
    if not isinstance(obj, dict):
        raise BadJSON(f"expected a JSON object with the article, found {type(obj).__name__}", source=source)
    text = next((obj[k] for k in TEXT_FIELDS if isinstance(obj.get(k), str) and obj[k].strip()), None)
    if text is None:
        fields = ", ".join(sorted(obj)[:8]) or "none"
        raise NoArticle(f"JSON has no article text (no maintext/text field; fields: {fields})", source=source)
    url = _first(obj.get("url"))
    published, precision, rejected = metadata_date(next(
        (obj[k] for k in ("date_publish", "published", "date") if obj.get(k) not in (None, "")), None))
    domain = _first(obj.get("source_domain")) or domain_of(url)
    return Article(
        text=text,
        doc_name=name,
        source=source,
        format=fmt,
        title=_first(obj.get("title")),
        url=url,
        outlet=outlet_from_domain(domain),
        author=_first(obj.get("authors") or obj.get("author")),
        published=published,
        published_precision=precision,
        published_rejected=rejected,
        language=_first(obj.get("language")),
    )


def _json_error(exc: json.JSONDecodeError, text: str) -> str:
    truncated = exc.pos >= len(text.rstrip()) - 1 or exc.msg.startswith("Unterminated")
    what = "truncated JSON" if truncated else "invalid JSON"
    return f"{what} at line {exc.lineno} column {exc.colno}: {exc.msg}"


def _loads(text: str, *, source: str, where: str = ""):
    """json.loads with its failures as one BadJSON line (invalid, truncated, or nested too deeply)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadJSON(where + _json_error(exc, text), source=source) from None
    except RecursionError:
        raise BadJSON(f"{where}JSON nested too deeply to be an article", source=source) from None


def read_newsplease(text: str, *, path: Path, source: str) -> list[Article]:
    obj = _loads(text, source=source)
    return [from_newsplease(obj, name=path.name, source=source, fmt="newsplease")]


def read_jsonl(text: str, *, path: Path, source: str) -> list[Article]:
    """JSON Lines (or a JSON array): every line must be an article; one bad line fails the file."""
    stripped = text.strip()
    if stripped.startswith("["):
        rows = _loads(stripped, source=source)
        if not isinstance(rows, list):
            raise BadJSON(f"expected a JSON array of articles, found {type(rows).__name__}", source=source)
        items = list(enumerate(rows, 1))
    else:
        items = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            items.append((n, _loads(line, source=source, where=f"line {n}: ")))
    if not items:
        raise NoArticle("no articles in the JSON Lines file", source=source)
    return [
        from_newsplease(obj, name=f"{path.name}#{n}", source=f"{source}#{n}", fmt="jsonl") for n, obj in items
    ]


def read_html(text: str, *, path: Path | None, source: str, url: str | None = None) -> list[Article]:
    """Main text and metadata of a web page, with trafilatura."""
    if OPENING_HTML.search(text[:4096]) and not CLOSING_HTML.search(text[-4096:]):
        raise BadHTML("truncated HTML: the page has no closing </body> or </html> tag", source=source)
    doc = trafilatura.bare_extraction(
        text, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise NoArticle("no article text found in the HTML page", source=source)
    page_url = url or getattr(doc, "url", None)
    published, precision, rejected = metadata_date(getattr(doc, "date", None))
    outlet = outlet_from_domain(getattr(doc, "hostname", None) or domain_of(page_url))
    if not outlet and getattr(doc, "sitename", None):
        outlet = doc.sitename
    name = path.name if path else (page_url or source)
    return [
        Article(
            text=body,
            doc_name=name,
            source=source,
            format="html",
            title=getattr(doc, "title", None),
            url=page_url,
            outlet=outlet,
            author=getattr(doc, "author", None),
            published=published,
            published_precision=precision,
            published_rejected=rejected,
            language=getattr(doc, "language", None),
        )
    ]


BLOCK_TAGS = ("p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr")


def _html_to_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed item), one paragraph per block element."""
    if "<" not in fragment:
        return fragment.strip()
    root = lxml.html.fromstring(f"<div>{fragment}</div>")
    for el in root.iter(*BLOCK_TAGS):
        el.tail = "\n\n" + (el.tail or "")
    text = root.text_content()
    return re.sub(r"\n{3,}", "\n\n", re.sub(r"[ \t]+\n", "\n", text)).strip()


def read_feed(text: str, *, path: Path, source: str) -> list[Article]:
    """Each RSS or Atom item becomes an article."""
    parsed = feedparser.parse(text)
    entries = parsed.get("entries") or []
    if not entries:
        why = str(parsed.get("bozo_exception") or "no items")
        raise BadFeed(f"feed has no readable items ({why.splitlines()[0]})", source=source)
    feed_info = parsed.get("feed", {})
    feed_outlet = outlet_from_domain(domain_of(feed_info.get("link"))) or feed_info.get("title")
    articles = []
    for n, entry in enumerate(entries, 1):
        content = entry.get("content") or []
        raw = content[0].get("value") if content else entry.get("summary") or entry.get("description") or ""
        body = _html_to_text(raw)
        if not body:
            raise NoArticle(f"item {n} has no text", source=source)
        date_value = entry.get("published_parsed") or entry.get("updated_parsed") or entry.get("published")
        published, precision, rejected = metadata_date(date_value)
        link = entry.get("link")
        articles.append(
            Article(
                text=body,
                doc_name=f"{path.name}#{n}",
                source=f"{source}#{n}",
                format="feed",
                title=entry.get("title"),
                url=link,
                outlet=outlet_from_domain(domain_of(link)) or feed_outlet,
                author=entry.get("author"),
                published=published,
                published_precision=precision,
                published_rejected=rejected,
                language=feed_info.get("language"),
            )
        )
    return articles


def guess_title(text: str) -> str | None:
    """A plain text's title: a short first line that does not end like a sentence."""
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if len(line) <= 160 and not line.endswith((".", ":", ",", ";", '"', "”")):
            return line
        return None
    return None


def read_text(text: str, *, path: Path, source: str) -> list[Article]:
    if not text.strip():
        raise NoArticle("file holds only whitespace", source=source)
    return [Article(text=text, doc_name=path.name, source=source, format="text", title=guess_title(text))]
