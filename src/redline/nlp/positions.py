"""Positions: which party takes which stance on which issue, from statements and reported stances."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

from redline.clean.lexicon import load
from redline.nlp.actors import Mention
from redline.nlp.context import DocContext
from redline.nlp.cues import bounded
from redline.nlp.stancecues import WINDOW, engage_lemmas, obligations, stances_of, under_obligation
from redline.nlp.statements import Statement

# an issue named as a moment, not as an aim: "guarantees that apply once a truce enters into force"
AS_A_MOMENT = re.compile(r"\b(?:once|after|following|in the event of|upon|when|until)\s+(?:(?:a|an|the|any|its)\s+)?$",
                         re.I)
# "the U.S. plan", "the capital's proposal": the actor names a document, not a holder
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


OWN_PLAN = re.compile(r"(?:['’]s)?\s*(?:(?:\d+|revised|updated|new|own|draft)[- ]?(?:point)?\s+)*(?:peace\s+)?(?P<kind>plan|proposal|framework|draft|initiative|counter-?proposal|counter-?offer)\b", re.I)


def drafted_issues(ctx: DocContext) -> dict[str, str]:
    """The pack's drafted texts: issue id -> the party that drafted it (an issue with an `author`)."""
    return ctx.scenario.authored()


def _text_issue(ctx: DocContext, start: int, end: int) -> str | None:
    """The issue a drafted text named at start..end is: the issue whose lexicon names it there, else the
    pack's one drafted text."""
    for issue, pattern in issue_patterns(ctx):
        if any(m.start() < end and start < m.end() for m in pattern.finditer(ctx.text, max(0, start - 20), end + 20)):
            return issue
    drafted = list(drafted_issues(ctx))
    return drafted[0] if len(drafted) == 1 else None


def own_proposals(ctx: DocContext) -> list[Position]:
    """A party backs the plan it drafted ("the US plan"); a counter-proposal is a conditional yes.

    Where the pack names the drafted text's author, only the author's plan is that issue's plan.
    """
    out = []
    authors = drafted_issues(ctx)
    for m in ctx.mentions:
        if not m.party or m.kind == "person" and not m.text.endswith(("'s", "’s")):
            continue
        hit = OWN_PLAN.match(ctx.text, m.end)
        if not hit:
            continue
        issue = _text_issue(ctx, m.start, hit.end())
        if issue is None:
            continue
        stance = "conditional" if "counter" in hit.group("kind").lower() else "for"
        author = authors.get(issue)
        if stance == "for" and author and m.party != author:
            continue
        sent = next((s for s in ctx.doc.sents if s.start_char <= m.start < s.end_char), None)
        a, b = (sent.start_char, sent.end_char) if sent is not None else (m.start, hit.end())
        out.append(Position(a, b, m.actor, m.party, issue, stance, None, ctx.text[m.start : hit.end()], 0.45))
    return out


def plan_owner(ctx: DocContext, patterns) -> str | None:
    """The party whose plan the document is about: its own-plan mentions, else the party named nearest
    a drafted text of the pack."""
    from collections import Counter

    votes: Counter[str] = Counter()
    if ctx.english:
        votes.update(p.party for p in own_proposals(ctx) if p.stance == "for" and p.party)
    drafted = drafted_issues(ctx)
    if not votes:
        for plan in (p for issue, p in patterns if issue in drafted):
            for m in plan.finditer(ctx.text):
                near = [x for x in ctx.mentions if x.party and x.kind != "person" and abs(x.start - m.start()) < 40]
                votes.update(x.party for x in near[:1])
    return votes.most_common(1)[0][0] if votes else None


DEMANDS_AFTER = re.compile(r"(?:['’]s)?\s+(?:[a-z-]+\s+){0,2}(?:demands?|insistence|red lines?|maximalist (?:aims|goals))\b")


def party_demands(ctx: DocContext, patterns) -> list[Position]:
    """"X's demands include the withdrawal …", "the capital's territorial demands": the party is for them."""
    out = []
    nearby = None if ctx.english else (load("stance").get("demands") or {}).get(ctx.language)
    if not ctx.english and not nearby:
        return out
    for m in ctx.mentions:
        if not m.party:
            continue
        if ctx.english:
            said = DEMANDS_AFTER.match(ctx.text, m.end)
            word = ctx.doc.char_span(said.end() - 1, said.end(), alignment_mode="expand") if said else None
            if word is None or word.root.pos_ not in ("NOUN", "PROPN"):
                continue  # "X demands that …" is a verb: its clause is read with its negation
        sent = next((s for s in ctx.doc.sents if s.start_char <= m.start < s.end_char), None)
        if sent is None:
            continue
        reach = 10 if ctx.language in ("zh", "ja") else 25  # characters, in dense scripts fewer
        if nearby and not _compiled(nearby).search(
                ctx.text[max(sent.start_char, m.start - reach) : min(sent.end_char, m.end + reach)]):
            continue
        text = ctx.text[sent.start_char : sent.end_char]
        condition = _condition_before(ctx.language)
        drafted = drafted_issues(ctx)
        for issue, pattern in patterns:
            hit = pattern.search(text) if issue not in drafted else None  # a demand lists contents, not the text
            if hit is None:
                continue
            # "withdrawal … before a truce can be declared": the demand is a condition of the issue
            stance = "conditional" if condition and condition.search(text[max(0, hit.start() - 20) : hit.start()]) \
                else "for"
            out.append(Position(sent.start_char, sent.end_char, m.actor, m.party, issue, stance, None,
                                "demands", 0.45))
    return out


@cache
def _condition_before(language: str) -> re.Pattern[str] | None:
    pattern = (load("stance").get("condition_before") or {}).get(language)
    return re.compile(pattern, re.IGNORECASE) if pattern else None


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def authored_texts(ctx: DocContext) -> list[Position]:
    """A drafted text the pack knows: its author is for it wherever a document discusses it, with the
    sentence that names that very text ("the 28-point plan") as evidence, else the first that names the issue."""
    out = []
    patterns = dict(issue_patterns(ctx))
    for issue in ctx.scenario.issues.values():
        if not issue.author:
            continue
        named = issue.author_named.get(ctx.language)
        hit = _compiled(named).search(ctx.text) if named else None
        confidence = 0.45
        if hit is None and patterns.get(issue.id) is not None:
            # the issue named as a text ("the peace plan", not "a peace deal"): English names it with a text noun
            hit = next((m for m in patterns[issue.id].finditer(ctx.text)
                        if not ctx.english or TEXT_NOUN.search(m.group(0))), None)
            confidence = 0.35
        if hit is None:
            continue
        sent = next((s for s in ctx.doc.sents if s.start_char <= hit.start() < s.end_char), None)
        a, b = (sent.start_char, sent.end_char) if sent is not None else (hit.start(), hit.end())
        party = ctx.scenario.party_of(issue.author) or issue.author
        out.append(Position(a, b, issue.author, party, issue.id, "for", None, hit.group(0), confidence))
    return out


@cache
def _plan_contents(language: str) -> tuple[re.Pattern[str] | None, re.Pattern[str]]:
    spec = load("stance")
    pattern = (spec.get("plan_contents") or {}).get(language)
    flags = re.IGNORECASE if language == "en" else 0
    return (re.compile(pattern, flags) if pattern else None), re.compile(spec.get("rules_out") or r"(?!x)x")


def _drafted_sentences(ctx: DocContext, patterns):
    """(issue, its lexicon, its author's party, sentence, sentence text) for each issue with an author."""
    for drafted in ctx.scenario.issues.values():
        plan = dict(patterns).get(drafted.id)
        if not drafted.author or plan is None:
            continue
        party = ctx.scenario.party_of(drafted.author) or drafted.author
        for sent in ctx.doc.sents:
            yield drafted, plan, party, sent, ctx.text[sent.start_char : sent.end_char]


# what names a drafted text in English, whoever drafted it
TEXT_NOUN = re.compile(r"\b(?:plan|proposal|counter-?proposal|draft|document|text|framework|blueprint|memorandum)s?\b",
                       re.IGNORECASE)


DRAFTED = re.compile(r"\b(?:drafted|prepared|presented|put forward|puts forward|sent|submitted|unveiled|drew up|drawn up|"
                     r"tabled|proposed)\s+(?:a|an|their|its|the)?\s*(?:[\w-]+\s+){0,3}?(?:counter-?proposal|"
                     r"proposal|plan|blueprint|document|draft|alternative)s?\b", re.IGNORECASE)


def _other_drafters(ctx: DocContext) -> list[tuple[str, str, int, int]]:
    """(actor, party, evidence start, end) of the parties that drafted a text of their own in this
    document: "the European counterproposal", "three European states have drafted a
    counter-proposal" (English)."""
    authors = set(ctx.scenario.authored().values())
    found = [(p.actor, p.party, p.start, p.end) for p in own_proposals(ctx) if p.party and p.party not in authors]
    if ctx.english:
        for m in DRAFTED.finditer(ctx.text):
            sent = next((s for s in ctx.doc.sents if s.start_char <= m.start() < s.end_char), None)
            a, b = (sent.start_char, sent.end_char) if sent is not None else (m.start(), m.end())
            found += [(x.actor, x.party, a, b) for x in ctx.mentions_in(max(a, m.start() - 80), m.start())
                      if x.party and x.party not in authors and not ctx.in_quote(x.start)]
    seen: dict[tuple[str, str], tuple[str, str, int, int]] = {}
    for f in found:
        seen.setdefault(f[:2], f)
    return list(seen.values())


def plan_contents(ctx: DocContext, patterns, counters: list[tuple[str, str, int, int]],
                  spoken: frozenset[int] = frozenset()) -> list[Position]:
    """"The 28-point plan would require X to cede land, cut its army and never join the alliance":
    the plan's author is for each issue the plan contains, against one it rules out."""
    out = []
    contains, rules_out = _plan_contents(ctx.language)
    if contains is None:
        return out
    # a document about another party's text ("the 24-point European counterproposal") reads "the plan
    # provides …" as that text, unless the sentence names the scenario's own plan
    provision, numbered = _provisions(ctx.language), _provisions(ctx.language, "numbered_points")
    last_named: dict[str, int] = {}  # drafted issue -> the index of the last sentence that named it
    for n, (drafted, plan, party, sent, text) in enumerate(_drafted_sentences(ctx, patterns)):
        named = (TEXT_NOUN if ctx.english else plan).search(text)
        verb = contains.search(text, named.end()) if named else None
        if plan.search(text):
            last_named[drafted.id] = n
        if verb is None or verb.start() - named.end() > 60:
            # "X would have to withdraw …", "X soll …", "Point 4: …" just after the text is
            # named: a provision of that text, told without a verb of containing
            verb = provision.search(text) if provision is not None and n - last_named.get(drafted.id, -9) <= 2 \
                and sent.start_char not in spoken and not ctx.quotes_in(sent.start_char, sent.end_char) \
                and not ctx.in_quote(sent.start_char) else None
            if verb is None and numbered is not None and drafted.id in last_named:
                verb = numbered.match(text.lstrip())
            if verb is None:
                continue
            verb = _Start(verb.group(0), verb.start())
        holders = [(drafted.author, party)]
        own = drafted.author_named.get(ctx.language)
        own_hit = _compiled(own).search(text) if own else None
        counter = bool(counters) and not (own_hit and own_hit.start() <= getattr(verb, "at", verb.start()))
        amends = counter and own_hit is not None  # "… at 800,000, instead of the 600,000 in the first draft"
        if counter:
            # the other drafters' text; a provision set against the first text's amends it: a conditional
            holders = [c[:2] for c in counters]
        for (holder, holder_party), (issue, pattern) in itertools.product(holders, patterns):
            if issue == drafted.id:
                continue
            for hit in pattern.finditer(text, verb.start()):  # each mention: "… would resume, … would be barred"
                if isinstance(verb, _Start) and ctx.english \
                        and AS_A_MOMENT.search(text[max(0, hit.start() - 30) : hit.start()]):
                    continue
                around = text[max(verb.start(), hit.start() - 25) : hit.end() + 15]
                stance = "against" if rules_out.search(around) else "conditional" if amends else "for"
                out.append(Position(sent.start_char, sent.end_char, holder, holder_party, issue, stance, None,
                                    verb.group(0), 0.45))
    return out


@dataclass
class _Start:
    """A provision marker stands for the whole sentence: the issues anywhere in it are the text's."""

    text: str
    at: int  # where the marker is

    def start(self) -> int:
        return 0

    def group(self, _: int = 0) -> str:
        return self.text


@cache
def _provisions(language: str, table: str = "provisions") -> re.Pattern[str] | None:
    pattern = (load("stance").get(table) or {}).get(language)
    return re.compile(bounded(pattern, language), re.IGNORECASE if language == "en" else 0) if pattern else None


@cache
def _engages(language: str) -> re.Pattern[str] | None:
    pattern = (load("stance").get("engages") or {}).get(language)
    return re.compile(pattern, re.IGNORECASE) if pattern else None


def engaged_parties(ctx: DocContext, patterns) -> list[Position]:
    """Parties in talks over another party's drafted text: conditional on it."""
    out = []
    engages = _engages(ctx.language)
    if engages is None:
        return out
    for drafted, plan, author, sent, text in _drafted_sentences(ctx, patterns):
        named, cue = plan.search(text), engages.search(text)
        if named is None or cue is None or abs(named.start() - cue.start()) > WINDOW:
            continue
        for m in ctx.mentions_in(sent.start_char, sent.end_char):
            if m.party and m.party != author and not ctx.in_quote(m.start) \
                    and not PLAN_AFTER.match(ctx.text, m.end) and not _setting(ctx, m):
                out.append(Position(sent.start_char, sent.end_char, m.actor, m.party, drafted.id,
                                    "conditional", None, cue.group(0), 0.35))
    return out


# a party named as the setting, not as someone at the table: "the war in X", "a plan for X",
# "talks between X and Y" on a third party's plan, "the X war"
SETTING_BEFORE = re.compile(r"(?:\b(?:in|for|on|of|against|to end the|over|about)\s+(?:the\s+)?)$", re.I)
SETTING_AFTER = re.compile(r"^(?:['’]s)?\s*(?:war|conflict|crisis|invasion|Krieg\w*|guerre|guerra|войн\w*|війн\w*|wojn\w*|savaş\w*|πόλεμ\w*|戰爭|战争|戦争|紛争|衝突|冲突|전쟁|분쟁)",
                           re.I)


def _setting(ctx: DocContext, mention) -> bool:
    return bool(SETTING_BEFORE.search(ctx.text[max(0, mention.start - 20) : mention.start])
                or SETTING_AFTER.match(ctx.text[mention.end : mention.end + 20]))


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

    for p in party_demands(ctx, patterns):
        add(p)
    authored = ctx.scenario.authored()
    drafters = _other_drafters(ctx)
    spoken = frozenset(st.sentence_start for st in statements)
    for p in authored_texts(ctx) + plan_contents(ctx, patterns, drafters, spoken):
        add(p)
    for drafted_issue in authored:
        # a party with a text of its own beside the scenario's plan wants that plan changed
        for actor, party, a, b in drafters:
            add(Position(a, b, actor, party, drafted_issue, "conditional", None, "a text of its own", 0.4))
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
            # "X said Y rejects …": an actor subject inside the content holds the stance
            inner = [m for m in ctx.mentions_in(st.start, st.end) if m.party and not ctx.in_quote(m.start)
                     and _is_subject(ctx, m)]
            if inner and st.kind == "indirect" and inner[0].start - st.start < 40:
                # "the Ukrainian and Russian delegations agreed …": every party of the subject holds it
                subject_parties = [m for m in inner if m.start - inner[0].start < 60][:3]
                holders += [(m.actor, m.party, st.speaker, st.start, st.end, None) for m in subject_parties]
                if st.party and ctx.english:
                    # "X insists that Y never …", "X stressed that Y must …": where the content holds no
                    # stance of its subject, the speaker's verb or an obligation is the speaker's stance
                    holders.append((st.speaker, st.party, None, min(st.start, s_start), max(st.end, s_end),
                                    (st.start, st.end)))
            elif st.party:
                # the speaker's own stance: its cue ("rejected …") may stand before the content
                holders.append((st.speaker, st.party, None, min(st.start, s_start), max(st.end, s_end), None))
        governs = None
        if not holders:
            subjects = _sentence_subjects(ctx, sent)
            holders = [(m.actor, m.party, None, s_start, s_end, None) for m in subjects if m.party]
            governs = {m.actor: m for m in subjects}
            if not holders and ctx.english:
                # "… was rejected by X", "… is a red line for X": the cue's own roles may name one
                holders = [(None, None, None, s_start, s_end, None)]
        held_here: set[str] = set()  # issues a subject of reported speech already holds in this sentence
        for actor, party, reported_by, a, b, content in holders:
            for issue in issues:
                if content is not None and issue in held_here:
                    continue
                scope, at = (ctx.text[a:b], a) if b - a > 20 else (text, s_start)
                named = by_issue[issue].search(scope)
                if named and ctx.english and AS_A_MOMENT.search(scope[max(0, named.start() - 30) : named.start()]):
                    continue
                where = named.start() if named and ctx.english else None
                found = stances_of(scope, ctx.language, where, (ctx.doc, at))
                if governs and ctx.english and actor is not None:
                    found = [x for x in found if _subject_of_cue(ctx, governs[actor], a + x[2])]
                if content is not None:
                    found = [x for x in found if not content[0] <= at + x[2] < content[1]]
                    if not found and named:
                        found = obligations(ctx.doc, content[0], content[1], at + named.start())
                if not found:
                    continue
                stance = found[0]
                verdict = stance[0]
                if reported_by is not None and ctx.english and content is None \
                        and under_obligation(ctx.doc, at + stance[2]):
                    continue  # "… that Y must accept …": the one who says so holds it, not Y (below)
                holder, holder_party, reporter = actor, party, reported_by
                owner = _owner_of_cue(ctx, at + stance[2]) if ctx.english else None
                if owner is not None:
                    # "X reacted to Y's rejection of …": the rejection is Y's
                    holder, holder_party, reporter = owner.actor, owner.party, None
                elif actor is None:
                    continue
                inverse = ctx.scenario.issues[issue].inverse.get(ctx.language)
                if inverse and verdict in ("for", "against") and _compiled(inverse).search(scope):
                    verdict = "against" if verdict == "for" else "for"  # "insists on neutrality": against membership
                if verdict == "for" and issue in authored and _engages_only(ctx, at + stance[2], stance[1]):
                    verdict = "conditional"  # "X discussed the plan": in talks over another's text
                if verdict == "conditional" and issue in authored and holder_party == authored[issue]:
                    verdict = "for"  # the author open to changes of its own text still backs it
                add(Position(s_start, s_end, holder, holder_party, issue, verdict, reporter, stance[1],
                             0.6 if reporter is None else 0.5))
                if reported_by is not None:
                    held_here.add(issue)
    held = {(p.party, p.issue) for p in out}
    for p in engaged_parties(ctx, patterns):
        if (p.party, p.issue) not in held:
            add(p)
    return out


def _engages_only(ctx: DocContext, cue_at: int, cue: str) -> bool:
    """Whether a `for` cue only takes the issue up in talks ("discussed", "обсудили")."""
    if not ctx.english:
        engages = _engages(ctx.language)
        return bool(engages and engages.match(cue))
    span = ctx.doc.char_span(cue_at, cue_at + 1, alignment_mode="expand")
    return span is not None and span.root.lemma_.lower() in engage_lemmas(ctx.language)


def _owner_of_cue(ctx: DocContext, cue_at: int) -> Mention | None:
    """The party whose demand, rejection or proposal a cue noun is: its possessor ("X's rejection",
    "Y's demand"), when that names a party (English, on the parse)."""
    span = ctx.doc.char_span(cue_at, cue_at + 1, alignment_mode="expand")
    if span is None:
        return None
    cue = span.root
    roles = []
    if cue.pos_ == "NOUN":
        roles += [c for c in cue.children if c.dep_ == "poss"]
    # "was rejected by X": the agent of a passive cue
    roles += [g for c in cue.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if cue.dep_ in ("amod", "compound") and cue.head.dep_ in ("attr", "acomp"):
        cue = cue.head  # "a red line for …", "the most important issue for …"
    if cue.dep_ in ("attr", "acomp") or cue.pos_ == "ADJ":
        # "… is a red line for X", "… remains the most important for Y": whom it matters to
        roles += [g for c in cue.children if c.dep_ == "prep" and c.lower_ == "for" for g in c.children
                  if g.dep_ == "pobj"]
    for role in roles:
        found = [m for m in ctx.mentions_in(role.left_edge.idx, role.right_edge.idx + len(role.right_edge.text) + 2)
                 if m.party]
        if found:
            return found[-1] if role.dep_ == "poss" else found[0]
    return None


def _subject_of_cue(ctx: DocContext, mention, cue_at: int) -> bool:
    """Whether the clause the mention is subject of contains the cue ("X insists on …"), not a
    neighbouring clause ("the U.S. attempt to push …, while X uses …")."""
    span = ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    cue = ctx.doc.char_span(cue_at, cue_at + 1, alignment_mode="expand")
    if span is None or cue is None:
        return True
    root = span.root
    while root.dep_ in ("compound", "poss", "amod", "conj", "appos") and root.head.i != root.i:
        root = root.head
    verb = root.head
    token = cue[0]
    while True:
        if token.i == verb.i:
            return True
        if token.head.i == token.i:
            return False
        token = token.head


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
    if ctx.english:
        subjects = []
        for token in sent:
            if token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX", "ADJ"):
                if token.lower_ in PRONOUNS:
                    # "it demands the retention of …": the party or person named last
                    found = (ctx.last_person_before(token.idx) if PRONOUNS[token.lower_] == "person"
                             else ctx.last_party_before(token.idx))
                    if found is not None and not ctx.in_quote(token.idx):
                        subjects.append(Mention(token.idx, token.idx + len(token.text), found.actor, token.text,
                                                "pronoun", 0.5, found.kind, found.party, found.role))
                    continue
                span = list(token.subtree)
                a, b = span[0].idx, span[-1].idx + len(span[-1].text)
                subjects += [m for m in mentions if a <= m.start and m.end <= b
                             and not PLAN_AFTER.match(ctx.text, m.end)]
        return subjects[:2]
    # elsewhere the first actor named leads the clause, unless a drafted text comes first: in "Der
    # US-Plan fordert von X …" the plan is the subject and X the one asked
    drafted = [dict(issue_patterns(ctx)).get(i) for i in ctx.scenario.authored()]
    if mentions and any(p is not None and p.search(ctx.text, sent.start_char, mentions[0].start) for p in drafted):
        return []
    # "Merz, Macron und Starmer waren sich einig …": actors joined to the first by a comma or a
    # conjunction lead the clause together
    joined = _coordination(ctx.language)
    out = mentions[:1]
    for m in mentions[1:4]:
        gap = ctx.text[out[-1].end : m.start]
        if joined is None or len(gap) > 40 or not joined.fullmatch(gap):
            break
        out.append(m)
    return out


@cache
def _coordination(language: str) -> re.Pattern[str] | None:
    words = (load("stance").get("coordination") or {}).get(language)
    return re.compile(rf"\s*(?:,|(?:,\s*)?(?<!\w)(?:{words})(?!\w))\s*(?:\w+\s+){{0,3}}?") if words else None


PRONOUNS = {"he": "person", "she": "person", "it": "party", "they": "party"}

