"""The working state of one document during extraction: text, sentences, mentions, who "he" is."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from redline.nlp.actors import Mention
from redline.scenario import Scenario

QUOTE_RE = re.compile(
    r"“(?P<a>[^”\n]{2,1500})”|\"(?P<b>[^\"\n]{2,1500})\"|«(?P<c>[^»\n]{2,1500})»|„(?P<d>[^“”\n]{2,1500})[“”]"
    r"|''(?P<g>[^'\n]{2,1500}?)''|(?<![\w])[‘'](?P<e>[^’'\n]{8,600})[’'](?![\w])|「(?P<f>[^」\n]{2,600})」"
)
PRONOUNS = {"he", "she", "him", "her", "his", "they", "them", "their"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}


@dataclass
class Quote:
    start: int  # the content, without the marks
    end: int
    text: str
    label: tuple[int, int] | None = None  # "PENCE: …": the speaker's name before the colon of a transcript line


# a transcript line: a name (or initial and surname) in capitals or title case, a colon, what was said
TRANSCRIPT_RE = re.compile(
    r"^[\"“«]?(?P<label>(?:[A-Z]\.\s?)?[A-Z][A-Za-z'’.-]+(?:\s[A-Z][A-Za-z'’.-]+){0,2}|[A-ZА-ЯЁІЇЄ][A-ZА-ЯЁІЇЄ'’ .-]{2,30})"
    r"\s?:\s+(?P<content>\S[^\n]{15,})$",
    re.MULTILINE,
)
NOT_SPEAKERS = {
    "question", "q", "a", "answer", "note", "update", "photo", "source", "original", "comment", "read more", "related",
    "editor's note", "statement", "disclaimer", "conclusion", "background", "context", "analysis", "opinion",
    "summary", "key takeaways", "warning", "breaking", "watch", "listen", "video", "advertisement", "share",
    "quote", "details", "detail", "reference", "tags", "topics", "read also", "see also", "sources",
    "published", "updated", "posted", "date", "dateline", "by", "author", "filed", "location", "time", "when",
    "where", "who", "what", "why", "how", "bottom line", "credit", "image", "caption", "category",
    "key developments", "key points", "highlights", "what we know", "timeline", "the latest", "latest",
    "live updates", "recap", "explainer", "fact check", "main points", "in brief", "at a glance",
}


@dataclass
class DocContext:
    """Everything the extractors share about one document."""

    text: str
    language: str
    published: date | None
    scenario: Scenario
    doc: Doc
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    @property
    def english(self) -> bool:
        return self.language == "en"

    def sentences(self) -> list[Span]:
        return list(self.doc.sents)

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if m.start >= start and m.end <= end]

    def mention_at(self, token: Token) -> Mention | None:
        for m in self.mentions:
            if m.start <= token.idx < m.end:
                return m
        return None

    def in_quote(self, offset: int) -> Quote | None:
        for q in self.quotes:
            if q.start - 1 <= offset < q.end + 1:
                return q
        return None

    def quotes_in(self, start: int, end: int) -> list[Quote]:
        return [q for q in self.quotes if q.start >= start and q.end <= end]

    def last_person_before(self, offset: int, *, outside_quotes: bool = False) -> Mention | None:
        """The last person named before `offset`; with `outside_quotes`, not one named inside a quotation
        ("…Putin’s refusal…," Bessent said. He added …: "he" is Bessent)."""
        best = None
        for m in self.mentions:
            if m.end > offset:
                break
            if m.kind == "person" and not (outside_quotes and self.in_quote(m.start)):
                best = m
        return best

    def last_party_before(self, offset: int, *, within: int = 400) -> Mention | None:
        """The last state, bloc or organisation named shortly before: what "they" most often stands for."""
        best = None
        for m in self.mentions:
            if m.end > offset:
                break
            if m.kind != "person" and m.party and offset - m.end <= within and not self.in_quote(m.start):
                best = m
        return best

    def last_with_title(self, noun: str, offset: int) -> Mention | None:
        noun = noun.lower()
        best = None
        for m in self.mentions:
            if m.end > offset:
                break
            actor = self.scenario.actors.get(m.actor)
            titles = [t.lower() for t in actor.titles] if actor else []
            role = (m.role or "").lower()
            if any(noun == t or t.endswith(" " + noun) for t in titles) or (role and noun in role.split()):
                best = m
        return best


NAME_RE = re.compile(r"[A-Z][\w'’-]*(?: (?:of|the|for|and|de|du|la|[A-Z][\w'’-]*)){0,4}")


def find_quotes(text: str) -> list[Quote]:
    out = []
    for m in TRANSCRIPT_RE.finditer(text):
        label = m.group("label").strip()
        if label.lower() in NOT_SPEAKERS or len(label.split()) > 3 or len(m.group("content").split()) < 4:
            continue
        out.append(Quote(m.start("content"), m.end("content"), m.group("content"), (m.start("label"), m.end("label"))))
    taken = [(q.start, q.end) for q in out]
    for m in QUOTE_RE.finditer(text):
        group = next(g for g in "abcdefg" if m.group(g) is not None)
        content = m.group(group)
        if len(content.split()) < 2 and not re.search(r"[\u3400-\u9fff]", content):
            continue
        if group == "e" and len(content.split()) < 5:
            continue  # 'Friends of the Lake': single quotes around a name or a term are no quotation
        if NAME_RE.fullmatch(content.strip().rstrip(".,")):
            continue  # "Friends of the Lake.": a capitalised name in quotes is a name
        if any(a <= m.start(group) < b for a, b in taken):
            continue  # a quotation inside a transcript line belongs to that line
        out.append(Quote(m.start(group), m.end(group), content))
    return sorted(out, key=lambda q: q.start)
