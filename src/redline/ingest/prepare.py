"""Turn one source into prepared documents: decode, read, clean, flag, date and language."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from redline.clean import build_clean_text, find_debris
from redline.clean.cleantext import CleanText
from redline.clean.flags import FlagResult, compute_flags
from redline.errors import BadJSON, InputError, NoArticle, Unreadable
from redline.ingest import readers
from redline.ingest.article import Article
from redline.ingest.dates import date_in_text
from redline.ingest.decode import decode
from redline.ingest.dedupe import content_hash, signature
from redline.ingest.detect import json_meant, sniff
from redline.ingest.language import detect_language
from redline.ingest.sources import Source


@dataclass
class Prepared:
    """An article ready to store: metadata, cleaned text, flags and its near-duplicate signature."""

    article: Article
    clean: CleanText
    flags: list[FlagResult]
    content_hash: str
    language: str | None
    language_score: float
    published: str | None
    published_precision: str | None
    published_from: str | None
    minhash: object
    published_rejected: str | None = None  # why the metadata date was not taken

    @property
    def doc_id(self) -> str:
        return self.content_hash[:16]

    @property
    def flag_names(self) -> list[str]:
        return [f.flag for f in self.flags if f.set]


def read_articles(source: Source, *, url: str | None = None) -> list[Article]:
    """Decode a source and read its articles with the reader its content calls for."""
    if source.data is None:
        raise Unreadable("no bytes were read", source=source.location)
    text, _encoding = decode(source.data, source=source.location)
    path = Path(source.name)
    fmt = sniff(text, name=source.name)
    if fmt in ("newsplease", "jsonl"):
        reader = readers.read_newsplease if fmt == "newsplease" else readers.read_jsonl
        try:
            return reader(text, path=path, source=source.location)
        except (BadJSON, NoArticle) as exc:
            if json_meant(text, source.name, exc):
                raise
            # "{A sentence in braces}", "[Editor's note] …": text that only starts like JSON
            return readers.read_text(text, path=path, source=source.location)
    if fmt == "html":
        return readers.read_html(text, path=path, source=source.location, url=url)
    if fmt == "feed":
        return readers.read_feed(text, path=path, source=source.location)
    return readers.read_text(text, path=path, source=source.location)


def prepare_article(article: Article, *, language: str | None = None) -> Prepared:
    """Clean one article and work out what its metadata leaves open; `language` overrides detection."""
    removed = find_debris(article.text)
    clean = build_clean_text(article.text, removed)
    if language:
        language_code, score = language, 1.0
    else:
        language_code, score = detect_language(clean.text, declared=article.language)
    language = language_code
    published, precision, origin = article.published, article.published_precision, None
    if published:
        origin = "metadata"
    else:
        published, precision = date_in_text(clean.text)
        origin = "text" if published else None
    flags = compute_flags(
        original=article.text, clean=clean.text, removed=clean.removed, language=language,
        url=article.url, title=article.title,
    )
    return Prepared(
        article=article,
        clean=clean,
        flags=flags,
        content_hash=content_hash(article.text),
        language=language,
        language_score=score,
        published=published,
        published_precision=precision,
        published_from=origin,
        minhash=signature(clean.text),
        published_rejected=article.published_rejected,
    )


def prepare_source(source: Source, *, url: str | None = None, language: str | None = None) -> list[Prepared]:
    """All prepared documents of one source; raises InputError for the whole source."""
    if source.error:
        raise source.error
    articles = read_articles(source, url=url)
    out = []
    for article in articles:
        try:
            out.append(prepare_article(article, language=language))
        except InputError:
            raise
        except Exception as exc:  # a reader bug must not stop the batch: report it on this file
            raise InputError(f"cannot process article ({type(exc).__name__}: {exc})", source=article.source) from exc
    return out
