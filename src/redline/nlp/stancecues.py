"""Stance cues in a stretch of text: which cue says for, against or conditional, with negation and
conditions read in their scope.

English is read on the dependency parse: a cue is a word whose lemma is in the table (so ``press``
does not fire inside ``pressure``), a negation counts when it governs the cue ("did not rule out",
"is not ready to accept") or the issue inside the cue's complement ("insisted that the priority was
not to rearm"), a bare preposition ``against`` counts only after a verb ("voted against", not
"measures against"), and a condition only when it opens an adverbial clause ("if", "as long as";
not "asked if", not "on condition of anonymity"). Elsewhere the cues are regular expressions per
language (src/redline/data/stance.yaml), matched as whole words (`redline.nlp.cues.bounded`), with a
negation shortly before the cue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from redline.clean.lexicon import load
from redline.nlp.cues import bounded

STANCES = ("for", "against", "conditional")
WINDOW = 120  # characters between a for/against cue and the issue it governs
# a cue word that only begins a noun phrase: "press conference", "support staff", "call centre"
NOT_A_CUE = re.compile(r"\s+(?:conference|secretary|service|release|briefing|office|staff|centre|center)s?\b", re.I)


@dataclass
class Cue:
    start: int  # into the text given
    end: int
    text: str
    token: Token | None = None  # the cue's word in the parse (English)

    def group(self, _: int = 0) -> str:
        return self.text


@cache
def _tables(language: str) -> dict[str, tuple[re.Pattern[str] | None, frozenset[str]]] | None:
    """Per stance: (a pattern of phrases, a set of lemmas). English lemmas are matched on the parse."""
    spec = load("stance")
    table = spec.get(language)
    if not table:
        return None
    out = {}
    for stance in STANCES:
        entry = table.get(stance)
        if not entry:
            continue
        if isinstance(entry, str):  # a regular expression of whole words (stems end in \w*)
            suffix = (spec.get("enclitics") or {}).get(language)
            entry = f"(?:{entry})(?:{suffix})?" if suffix else entry
            out[stance] = (re.compile(bounded(entry, language), re.IGNORECASE), frozenset())
            continue
        parts = [re.escape(x) if " " not in x and not any(c in x for c in "?\\(") else x
                 for x in entry.get("phrases", [])]
        pattern = re.compile(bounded("|".join(parts), language, open_end=True), re.IGNORECASE) if parts else None
        out[stance] = (pattern, frozenset(x.lower() for x in entry.get("lemmas", []) + entry.get("engage", [])))
    return out


@cache
def _negation(language: str) -> re.Pattern[str] | None:
    pattern = load("stance").get("negations", {}).get(language)
    return re.compile(bounded(pattern, language), re.IGNORECASE) if pattern else None


@cache
def _scope_words() -> dict:
    return load("stance").get("scope", {}).get("en", {})


def _cues(stance: str, text: str, language: str, parse: tuple[Doc, int] | None) -> list[Cue]:
    tables = _tables(language)
    pattern, lemmas = tables[stance]
    out = []
    tokens = _tokens(parse, len(text))
    for m in pattern.finditer(text) if pattern else ():
        if NOT_A_CUE.match(text, m.end()):
            continue
        token = next((t for t in tokens if t.idx - parse[1] <= m.start() < t.idx - parse[1] + len(t)), None) \
            if tokens else None
        out.append(Cue(m.start(), m.end(), m.group(0), token))
    for t in tokens:
        if t.lemma_.lower() in lemmas or t.lower_ in lemmas:
            start = t.idx - parse[1]
            if not NOT_A_CUE.match(text, start + len(t)):
                out.append(Cue(start, start + len(t), t.text, t))
    out.sort(key=lambda c: c.start)
    if parse is not None:
        out = [c for c in out if _counts(stance, c, text)]
    return out


def _tokens(parse: tuple[Doc, int] | None, length: int) -> list[Token]:
    if parse is None:
        return []
    doc, offset = parse
    return [t for t in doc if offset <= t.idx < offset + length]


def _counts(stance: str, cue: Cue, text: str) -> bool:
    """Whether a cue word is used as a stance in its clause (English, on the parse)."""
    t = cue.token
    if t is None:
        return True
    words = _scope_words()
    if t.lower_ in words.get("predicative_only", []) and t.dep_ == "prep" and t.head.pos_ in ("NOUN", "PROPN"):
        return False  # "measures against the group", "penalties against the state": a target, no stance
    if stance == "conditional":
        if re.match(words.get("not_a_condition", r"(?!x)x"), text[cue.start :], re.IGNORECASE):
            return False  # "on condition of anonymity"
        if t.dep_ == "mark" and t.head.dep_ in ("ccomp", "csubj"):
            return False  # "asked if …", "wondered if …": a question reported, no condition
    return True


def _negated_token(t: Token) -> str | None:
    """'not' or 'no longer' if the word or the verb it hangs from is negated: "did not rule out",
    "is not ready to accept", "no longer insists"; also "unwilling to", "unlikely to"."""
    words = _scope_words()
    negators = set(words.get("negating_heads", []))
    node = t
    for _ in range(4):
        for child in node.children:
            if child.dep_ == "neg":
                return "not"
            if child.dep_ == "advmod" and any(g.dep_ == "neg" for g in child.children):
                return "no longer"  # "no longer insists": a demand dropped, not turned round
        if node is not t and (node.lemma_.lower() in negators
                              or any(c.dep_ == "acomp" and c.lemma_.lower() in negators for c in node.children)):
            return "not"  # "unwilling to accept", "it is unlikely that they would agree"
        if node.dep_ in ("xcomp", "acomp", "ccomp", "prt", "aux", "auxpass", "pobj", "prep", "amod", "attr") \
                and node.head.i != node.i:
            node = node.head
            continue
        break
    return None


def _issue_negated(cue: Token, issue: Token) -> bool:
    """Whether a negation sits on the way from the issue's word up to the cue: "insisted that the
    priority was not to rearm", "insists that X never joins …" (the cue itself not counted)."""
    node, flips = issue, 0
    for _ in range(12):
        if node.i == cue.i or node.head.i == node.i:
            break
        if any(c.dep_ == "neg" for c in node.children):
            flips += 1
        node = node.head
    return node.i == cue.i and flips % 2 == 1


def _inside(token: Token, phrase: Token) -> bool:
    """Whether a word hangs (at any depth) from the head of a noun phrase."""
    node = token
    for _ in range(10):
        if node.i == phrase.i:
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _subject_of(issue: Token, cue: Token) -> bool:
    """Whether the issue's word lies in the subject of the clause the cue predicates."""
    verb = cue
    while verb.dep_ in ("amod", "compound", "attr", "acomp", "advmod", "xcomp", "prt") and verb.head.i != verb.i:
        verb = verb.head
    node = issue
    for _ in range(8):
        if node.head.i == verb.i:
            return node.dep_ in ("nsubj", "nsubjpass")
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def stances_of(text: str, language: str, issue_at: int | None = None,
               parse: tuple[Doc, int] | None = None) -> list[tuple[str, str, int]]:
    """(stance, cue, where the cue starts) for a stretch of text, with negation flipping for and against;
    by priority (a condition, then a refusal, then support), so a caller can skip a cue of another clause.

    With `issue_at` (where the issue is named in the text), a `for` or `against` cue counts only
    when it comes shortly before the issue, as a verb governing it does ("insists on … the land").
    `parse` (the document's parse and where `text` starts in it) reads English by roles.
    """
    tables = _tables(language)
    if not tables:
        return []
    if language != "en":
        parse = None
    found = {s: _cues(s, text, language, parse) for s in tables}
    hits = {s: next(iter(c), None) for s, c in found.items()}
    issue_token = None
    if parse is not None and issue_at is not None:
        issue_token = next((t for t in _tokens(parse, len(text)) if t.idx - parse[1] >= issue_at), None)
    if issue_at is not None:
        for stance in ("for", "against"):
            if stance in found:
                near = [m for m in found[stance] if 0 <= issue_at - m.end <= WINDOW]
                if not near and issue_token is not None:
                    # "the dam remains the most important issue for …": the issue is the subject of the cue
                    near = [m for m in found[stance] if 0 < m.start - issue_at <= WINDOW and m.token is not None
                            and _subject_of(issue_token, m.token)][:1]
                hits[stance] = near[-1] if near else None
        if "conditional" in found:
            # a condition may follow the issue ("the plan could be a basis, if …") but stays near it, and
            # does not sit inside the issue's own description ("guarantees that would apply if …")
            near = [m for m in found["conditional"] if abs(issue_at - m.start) <= WINDOW
                    and not (issue_token is not None and m.token is not None and m.token.dep_ == "mark"
                             and _inside(m.token.head, issue_token))]
            hits["conditional"] = near[0] if near else None
    neg = _negation(language)

    def negated(m: Cue) -> str | None:
        if m.token is not None:
            how = _negated_token(m.token)
            if how is None and issue_token is not None and _issue_negated(m.token, issue_token):
                how = "not"
            return how
        if not neg:
            return None
        return "not" if neg.search(text[max(0, m.start - 40) : m.start]) else None

    against, conditional, support = hits.get("against"), hits.get("conditional"), hits.get("for")
    out = []
    if conditional:
        out.append(("conditional", conditional.text, conditional.start))
    if against:
        out.append((("conditional" if negated(against) else "against"), against.text, against.start))
    if support:
        how = negated(support)
        out.append(({"not": "against", "no longer": "conditional"}.get(how or "", "for"), support.text, support.start))
    return out


def obligations(doc: Doc, start: int, end: int, issue_at: int) -> list[tuple[str, str, int]]:
    """("for" or, negated, "against"; the modal; where it starts relative to `start`) when reported content between start and
    end puts the issue under an obligation ("… stressing that the group must give up its weapons"):
    the one who says so is for it, whoever is obliged (English, on the parse)."""
    words = set(_scope_words().get("obligation", []))
    issue = next((t for t in doc if t.idx >= issue_at), None)
    if issue is None:
        return []
    for t in doc:
        if not start <= t.idx < end or t.lower_ not in words or t.dep_ != "aux":
            continue
        verb = t.head
        if verb.left_edge.idx <= issue.idx <= verb.right_edge.idx:
            return [("against" if _negated_token(verb) else "for", t.text, t.idx - start)]
    return []


@cache
def engage_lemmas(language: str) -> frozenset[str]:
    """Cues that take an issue up in talks rather than back it ("discussed"): see stance.yaml."""
    entry = (load("stance").get(language) or {}).get("for")
    return frozenset(entry.get("engage", [])) if isinstance(entry, dict) else frozenset()


def under_obligation(doc: Doc, cue_at: int) -> bool:
    """Whether the cue's verb carries a modal of obligation ("Y must accept …", English)."""
    span = doc.char_span(cue_at, cue_at + 1, alignment_mode="expand")
    words = set(_scope_words().get("obligation", []))
    return span is not None and any(c.dep_ == "aux" and c.lower_ in words for c in span.root.children)
