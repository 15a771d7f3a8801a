"""Positions: which party takes which stance on which issue, from statements and reported stances."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from redline.clean.lexicon import load
from redline.nlp.context import DocContext
from redline.nlp.statements import Statement

STANCES = ("for", "against", "conditional")
WINDOW = 120  # characters between a for/against cue and the issue it governs
# "the U.S. plan", "Washington's proposal": the actor names a document, not a holder
PLAN_AFTER = re.compile(r"(?:['’]s)?\s*(?:\d+-point\s+)?(?:peace\s+)?(?:plan|proposal|draft|framework|document)s?\b", re.I)


@dataclass
class Position:
    start: int  # the evidence sentence
    end: int
    actor: str  # who holds it (a person or a party)
    party: str | None
    issue: str
    stance: str
    reported_by: str | None
    cue: str
    confidence: float


@cache
def _issue_patterns(scenario_key: tuple, language: str, lexicons: tuple) -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for issue, table in lexicons:
        table = dict(table)
        pattern = table.get(language) or (table.get("en") if language not in table else None)
        if pattern:
            out.append((issue, re.compile(pattern, re.IGNORECASE if language == "en" else 0)))
    return out


def issue_patterns(ctx: DocContext) -> list[tuple[str, re.Pattern[str]]]:
    lexicons = tuple((i.id, tuple(sorted(i.lexicon.items()))) for i in ctx.scenario.issues.values())
    return _issue_patterns((ctx.scenario.path, ctx.scenario.fingerprint), ctx.language, lexicons)


@cache
def _stance_regexes(language: str) -> dict[str, re.Pattern[str]] | None:
    spec = load("stance")
    if language == "en":
        en = spec["en"]
        out = {}
        for stance in STANCES:
            parts = [re.escape(x) if " " not in x and not any(c in x for c in "?\\(") else x
                     for x in en[stance].get("phrases", [])]
            lemmas = en[stance].get("lemmas", [])
            words = [rf"{lemma}\w*" for lemma in lemmas]
            out[stance] = re.compile(r"\b(?:" + "|".join(parts + words) + r")", re.IGNORECASE)
        return out
    table = spec.get(language)
    if not table:
        return None
    return {stance: re.compile(table[stance], re.IGNORECASE) for stance in STANCES if table.get(stance)}


@cache
def _negation(language: str) -> re.Pattern[str] | None:
    pattern = load("stance").get("negations", {}).get(language)
    return re.compile(pattern, re.IGNORECASE) if pattern else None


def stance_of(text: str, language: str, issue_at: int | None = None) -> tuple[str, str] | None:
    """(stance, cue) for a stretch of text, with negation flipping for and against.

    With `issue_at` (where the issue is named in the text), a `for` or `against` cue counts only
    when it comes shortly before the issue, as a verb governing it does ("insists on … territory").
    """
    regexes = _stance_regexes(language)
    if not regexes:
        return None
    hits = {s: r.search(text) for s, r in regexes.items()}
    if issue_at is not None:
        for stance in ("for", "against"):
            if stance in regexes:
                near = [m for m in regexes[stance].finditer(text) if 0 <= issue_at - m.end() <= WINDOW]
                hits[stance] = near[-1] if near else None
        if "conditional" in regexes:
            # a condition may follow the issue ("the plan could be a basis, if …") but stays near it
            near = [m for m in regexes["conditional"].finditer(text) if abs(issue_at - m.start()) <= WINDOW]
            hits["conditional"] = near[0] if near else None
    neg = _negation(language)
    against, conditional, support = hits.get("against"), hits.get("conditional"), hits.get("for")

    def negated(m: re.Match[str]) -> bool:
        if not neg:
            return False
        window = text[max(0, m.start() - 25) : m.start()]
        return bool(neg.search(window))

    if conditional:
        return "conditional", conditional.group(0)
    if against:
        return ("conditional" if negated(against) else "against"), against.group(0)
    if support:
        return ("against" if negated(support) else "for"), support.group(0)
    return None


OWN_PLAN = re.compile(r"(?:['’]s)?\s*(?:(?:\d+|revised|updated|new|own|draft)[- ]?(?:point)?\s+)*(?:peace\s+)?(?P<kind>plan|proposal|framework|draft|initiative|counter-?proposal|counter-?offer)\b", re.I)


def own_proposals(ctx: DocContext) -> list[Position]:
    """A party backs the plan it drafted ("the US plan"); a counter-proposal is a conditional yes."""
    out = []
    for m in ctx.mentions:
        if not m.party or m.kind == "person" and not m.text.endswith(("'s", "’s")):
            continue
        hit = OWN_PLAN.match(ctx.text, m.end)
        if not hit:
            continue
        stance = "conditional" if "counter" in hit.group("kind").lower() else "for"
        sent = next((s for s in ctx.doc.sents if s.start_char <= m.start < s.end_char), None)
        a, b = (sent.start_char, sent.end_char) if sent is not None else (m.start, hit.end())
        out.append(Position(a, b, m.actor, m.party, "peace_plan", stance, None, ctx.text[m.start : hit.end()], 0.45))
    return out


def plan_owner(ctx: DocContext, patterns) -> str | None:
    """The party whose plan the document is about: its own-plan mentions, else the party named nearest the plan."""
    from collections import Counter

    votes: Counter[str] = Counter()
    if ctx.english:
        votes.update(p.party for p in own_proposals(ctx) if p.stance == "for" and p.party)
    plan = next((p for issue, p in patterns if issue == "peace_plan"), None)
    if not votes and plan is not None:
        for m in plan.finditer(ctx.text):
            near = [x for x in ctx.mentions if x.party and x.kind != "person" and abs(x.start - m.start()) < 40]
            votes.update(x.party for x in near[:1])
    return votes.most_common(1)[0][0] if votes else None


DEMANDS_AFTER = re.compile(r"(?:['’]s)?\s+(?:[a-z-]+\s+){0,2}(?:demands?|insistence|red lines?|maximalist (?:aims|goals))\b")


def party_demands(ctx: DocContext, patterns) -> list[Position]:
    """"Russia's demands include the withdrawal …", "Moscow's territorial demands": the party is for them."""
    out = []
    for m in ctx.mentions:
        if not m.party or not DEMANDS_AFTER.match(ctx.text, m.end):
            continue
        sent = next((s for s in ctx.doc.sents if s.start_char <= m.start < s.end_char), None)
        if sent is None:
            continue
        text = ctx.text[sent.start_char : sent.end_char]
        for issue, pattern in patterns:
            if issue != "peace_plan" and pattern.search(text):
                out.append(Position(sent.start_char, sent.end_char, m.actor, m.party, issue, "for", None,
                                    "demands", 0.45))
    return out


def find_positions(ctx: DocContext, statements: list[Statement]) -> list[Position]:
    patterns = issue_patterns(ctx)
    by_issue = dict(patterns)
    out: list[Position] = []
    seen: set[tuple] = set()

    def add(p: Position) -> None:
        """Keep one position per party, issue and stance in a document: the first found."""
        key = (p.party, p.issue, p.stance)
        if key not in seen:
            seen.add(key)
            out.append(p)

    if ctx.english:
        for p in party_demands(ctx, patterns):
            add(p)
    owner = plan_owner(ctx, patterns)
    if owner:
        sent = next(iter(ctx.doc.sents), None)
        add(Position(0, sent.end_char if sent is not None else 0, owner, owner, "peace_plan", "for", None,
                     "author of the plan", 0.4))
    if ctx.english:
        for p in own_proposals(ctx):
            add(p)
    by_sentence: dict[int, list[Statement]] = {}
    for st in statements:
        by_sentence.setdefault(st.sentence_start, []).append(st)
    for sent in ctx.doc.sents:
        s_start, s_end = sent.start_char, sent.end_char
        text = ctx.text[s_start:s_end]
        issues = [issue for issue, pattern in patterns if pattern.search(text)]
        if not issues:
            continue
        holders: list[tuple[str, str | None, str | None, int, int]] = []  # actor, party, reported_by, start, end
        for st in by_sentence.get(s_start, []):
            # "X said Russia rejects …": an actor subject inside the content holds the stance
            inner = [m for m in ctx.mentions_in(st.start, st.end) if m.party and not ctx.in_quote(m.start)
                     and _is_subject(ctx, m)]
            if inner and st.kind == "indirect" and inner[0].start - st.start < 40:
                holders.append((inner[0].actor, inner[0].party, st.speaker, st.start, st.end))
            elif st.party:
                # the speaker's own stance: its cue ("rejected …") may stand before the content
                holders.append((st.speaker, st.party, None, min(st.start, s_start), max(st.end, s_end)))
        if not holders:
            subjects = _sentence_subjects(ctx, sent)
            holders = [(m.actor, m.party, None, s_start, s_end) for m in subjects if m.party]
        for actor, party, reported_by, a, b in holders:
            for issue in issues:
                scope = ctx.text[a:b] if b - a > 20 else text
                named = by_issue[issue].search(scope)
                where = named.start() if named and ctx.english else None
                stance = stance_of(scope, ctx.language, where)
                if stance:
                    add(Position(s_start, s_end, actor, party, issue, stance[0], reported_by, stance[1],
                                 0.6 if reported_by is None else 0.5))
    return out


def _is_subject(ctx: DocContext, mention) -> bool:
    """Whether a mention is the subject of a clause (English), or leads one (elsewhere)."""
    if not ctx.english:
        return True
    span = ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    while root.dep_ in ("compound", "poss", "amod") and root.head.i != root.i:
        root = root.head
    return root.dep_ in ("nsubj", "nsubjpass")


def _sentence_subjects(ctx: DocContext, sent) -> list:
    """Actors that are grammatical subjects of the sentence (English), or the first actor named (elsewhere)."""
    mentions = [m for m in ctx.mentions_in(sent.start_char, sent.end_char) if not ctx.in_quote(m.start)]
    if not mentions:
        return []
    if ctx.english:
        subjects = []
        for token in sent:
            if token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX", "ADJ"):
                span = list(token.subtree)
                a, b = span[0].idx, span[-1].idx + len(span[-1].text)
                subjects += [m for m in mentions if a <= m.start and m.end <= b
                             and not PLAN_AFTER.match(ctx.text, m.end)]
        return subjects[:2]
    return mentions[:1]
