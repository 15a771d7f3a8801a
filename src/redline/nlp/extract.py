"""Run every extractor over one document's cleaned text; offsets stay in the cleaned text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc

from redline.nlp.actors import Mention, find_mentions, fuzzy_person
from redline.nlp.claims import Claim, find_claims
from redline.nlp.context import DocContext, find_quotes
from redline.nlp.events import Event, find_events
from redline.nlp.models import pipeline_for
from redline.nlp.positions import Position, find_positions, issue_patterns, plan_owner
from redline.nlp.statements import Statement, find_statements
from redline.scenario import Scenario

NER_LABELS = {"PERSON"}


@dataclass
class Extraction:
    """Everything found in one document, with offsets into the text it was run on."""

    mentions: list[Mention] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[tuple[Claim, str | None, str]] = field(default_factory=list)  # claim, issue, about


def _ner_mentions(doc: Doc, known: list[Mention], scenario: Scenario) -> list[Mention]:
    """PERSON entities no alias matched: a misspelt pack person (fuzzy) or a new actor."""
    out: list[Mention] = []
    media = scenario.media_names()  # news agencies and outlets are sources, never actors
    # a surname -> the full name it was first written with (a pack person's or a new one's)
    full_names = {m.actor.split()[-1]: m.actor for m in reversed(known) if m.kind == "person" and " " in m.actor}
    for ent in doc.ents:
        if ent.label_ not in NER_LABELS or ent.text.strip().lower() in media:
            continue
        if any(m.start < ent.end_char and ent.start_char < m.end for m in known):
            continue
        name = re.sub(r"['’]s$", "", ent.text).strip()
        if len(name) < 3 or not name[0].isupper():
            continue
        if " " not in name and name in full_names:
            name = full_names[name]  # "Scott Bessent … Bessent said": the surname stands for the full name
        elif " " in name:
            full_names.setdefault(name.split()[-1], name)
        match = fuzzy_person(name, scenario)
        if match:
            actor = scenario.actors[match]
            out.append(Mention(ent.start_char, ent.end_char, match, ent.text, "fuzzy", 0.7, actor.kind,
                               scenario.party_of(match)))
        else:
            out.append(Mention(ent.start_char, ent.end_char, name, ent.text, "ner", 0.5, "person", None))
    return out


def _read_roles(doc: Doc, mentions: list[Mention], scenario: Scenario) -> None:
    """Appositive roles: "palace foreign affairs adviser Ivan Petrov", "Petrov, the palace aide,"."""
    for m in mentions:
        if m.kind != "person":
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        left = [t for t in head.lefts if t.dep_ in ("compound", "amod", "nmod", "poss", "npadvmod") and t.i < span.start]
        appos = [c for c in head.rights if c.dep_ == "appos"]
        tokens = [t for child in left for t in child.subtree] or [t for child in appos for t in child.subtree]
        tokens = [t for t in tokens if t.i < span.start or t.i >= span.end]
        if tokens:
            m.role = " ".join(t.text for t in sorted(tokens, key=lambda t: t.i) if t.dep_ != "det").strip(" ,") or None
        # a new actor's party from its role: "Ruritanian lawmaker X"
        if m.party is None and m.role:
            for other in mentions:
                if other.kind != "person" and other.party and m.start - 60 < other.start < m.start:
                    if other.text in m.role:
                        m.party = other.party


def build_context(text: str, *, language: str | None, published: date | None, scenario: Scenario,
                  doc: Doc | None = None) -> DocContext:
    language = (language or "en")[:2]
    if doc is None:
        doc = pipeline_for(language)(text)
    mentions = find_mentions(text, scenario)
    if language == "en":
        mentions += _ner_mentions(doc, mentions, scenario)
        mentions.sort(key=lambda m: m.start)
        _read_roles(doc, mentions, scenario)
    return DocContext(text=text, language=language, published=published, scenario=scenario, doc=doc,
                      mentions=mentions, quotes=find_quotes(text))


def claims_with_about(ctx: DocContext) -> list[tuple[Claim, str | None, str]]:
    patterns = issue_patterns(ctx)
    out = []
    seen = set()
    for claim in find_claims(ctx.text):
        key = (round(claim.value, 3), claim.unit)
        if key in seen:
            continue
        seen.add(key)
        sent = next((s for s in ctx.doc.sents if s.start_char <= claim.start < s.end_char), None)
        window = ctx.text[sent.start_char : sent.end_char] if sent is not None else ctx.text[claim.start : claim.end]
        issue = next((i for i, p in patterns if p.search(window)), None)
        after = ctx.text[claim.end : claim.end + 60]
        about = (claim.text + after).split(".")[0].split(",")[0].strip()
        out.append((claim, issue, about))
    return out


def _speakers(ctx: DocContext, statements: list[Statement]) -> dict[int, Mention]:
    """Who speaks in each sentence, as a mention of a pack actor (for events told in reported speech)."""
    out: dict[int, Mention] = {}
    for st in statements:
        actor = ctx.scenario.actors.get(st.speaker)
        if actor is None or st.speaker_start is None:
            continue
        sent = next((s for s in ctx.doc.sents if s.start_char <= st.start < s.end_char), None)
        if sent is not None:
            out.setdefault(sent.start_char, Mention(st.speaker_start, st.speaker_end or st.speaker_start,
                                                    st.speaker, st.speaker_text, "speaker", 0.6, actor.kind,
                                                    ctx.scenario.party_of(st.speaker)))
    return out


def extract(text: str, *, language: str | None, published: date | None, scenario: Scenario,
            doc: Doc | None = None) -> Extraction:
    """All records of one document."""
    ctx = build_context(text, language=language, published=published, scenario=scenario, doc=doc)
    statements = find_statements(ctx)
    positions = find_positions(ctx, statements)
    events = find_events(ctx, plan_owner(ctx, issue_patterns(ctx)), _speakers(ctx, statements))
    return Extraction(
        mentions=ctx.mentions,
        statements=statements,
        positions=positions,
        events=events,
        claims=claims_with_about(ctx),
    )
