"""Who said what: direct quotes in every quote style and reported speech, each with its speaker."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Span, Token
from wordfreq import zipf_frequency

from redline.clean.lexicon import load
from redline.nlp.actors import Mention, find_mentions
from redline.nlp.context import PERSON_PRONOUNS, PRONOUNS, DocContext, Quote
from redline.nlp.cues import compile_cue

SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
# "Quote: «…»" and "Quote from the envoy: «…»" introduce a quotation without a verb
QUOTE_LABEL = re.compile(r"^(?:Quote|Цитата|Zitat|Citation|Cita)(?:\s+(?:from|by|з|від|von|de)\s+(?P<who>[^:]{2,60}))?\s*:\s*[\"“«„]?$",
                         re.IGNORECASE)
CONTENT_DEPS = {"ccomp", "xcomp", "advcl", "parataxis", "dobj", "conj"}


@dataclass
class Statement:
    start: int  # the content
    end: int
    text: str
    kind: str  # direct | indirect
    cue: str
    speaker: str  # canonical actor, or the source as written
    speaker_text: str
    speaker_start: int | None
    speaker_end: int | None
    party: str | None
    sentence_start: int
    sentence_end: int
    confidence: float


@cache
def cue_lemmas(scenario=None) -> frozenset[str]:
    """English speech-cue lemmas, with those the pack adds (`cues.yaml`)."""
    shared = load("speech")["cues"]["en"]
    merged = scenario.cues("speech", "en", shared) if scenario is not None else shared
    return frozenset(merged if isinstance(merged, list) else shared)


@cache
def cue_regex(language: str, scenario=None) -> re.Pattern[str] | None:
    """The speech cues of a language read without a parser, with those the pack adds or puts in their place,
    matched as whole words of its script."""
    pattern = load("speech")["cues"].get(language)
    if scenario is not None:
        pattern = scenario.cues("speech", language, pattern)
    if isinstance(pattern, list):  # words a pack gives for a language the shared data has none for
        pattern = "(?:" + "|".join(pattern) + ")"
    return compile_cue(pattern, language) if isinstance(pattern, str) else None


@cache
def complementiser(language: str) -> str | None:
    return load("speech").get("complementisers", {}).get(language)


def resolve_speaker(ctx: DocContext, start: int, end: int, head: Token | None = None) -> tuple[str, str | None, float]:
    """(speaker, party, confidence) for the words start..end that name whoever spoke."""
    inside = ctx.mentions_in(start, end)
    persons = [m for m in inside if m.kind == "person"]
    chosen: Mention | None = None
    plain = [m for m in persons if not re.search(r"['’]s$", m.text)]
    if plain or persons:
        chosen = max(plain or persons, key=lambda m: m.end - m.start)
    elif inside:
        # "the country's western allies": the actor nearest the head noun speaks
        anchor = head.idx if head is not None else end
        chosen = min(inside, key=lambda m: abs(anchor - m.start))
    if chosen:
        return chosen.actor, chosen.party, 0.9 if chosen.method in ("alias", "fuzzy") else 0.75
    words = ctx.text[start:end].strip()
    low = words.lower()
    named = _earlier_full_name(ctx, words, start)
    if named is not None:
        return named.actor, named.party, 0.7
    if low in PRONOUNS:
        ref = (_subject_person_before(ctx, start) or ctx.last_person_before(start, outside_quotes=True)) \
            if low in PERSON_PRONOUNS else None
        if ref:
            return ref.actor, ref.party, 0.7
    if head is not None and head.pos_ == "NOUN":
        # "his statement published on the ministry's website", "her post on X": the possessor speaks
        poss = next((c for c in head.children if c.dep_ == "poss" and c.lower_ in ("his", "her", "their")), None)
        if poss is not None:
            ref = ctx.last_party_before(poss.idx) if poss.lower_ == "their" else \
                (_subject_person_before(ctx, poss.idx) or ctx.last_person_before(poss.idx, outside_quotes=True))
            if ref:
                return ref.actor, ref.party, 0.6
        ref = ctx.last_with_title(head.lemma_, start)
        if ref:
            return ref.actor, ref.party, 0.6
    return words, None, 0.4


def _subject_person_before(ctx: DocContext, offset: int, *, sentences: int = 3) -> Mention | None:
    """The person who was last the subject of a clause before `offset`, outside quotations: what "he" in
    "he said" most often stands for ("Yury Ushakov, a top aide to Putin, said … " … he said: Ushakov)."""
    if not ctx.english:
        return None
    before = [s for s in ctx.doc.sents if s.start_char < offset][-sentences:]
    for sent in reversed(before):
        found = None
        for tok in sent:
            if tok.idx >= offset:
                break
            if tok.dep_ in SUBJECTS and tok.pos_ == "PROPN" and not ctx.in_quote(tok.idx):
                m = ctx.mention_at(tok)
                if m is not None and m.kind == "person":
                    found = m
        if found is not None:
            return found
    return None


# "His response was:", "Her answer:", "Their reply came quickly:": words a person's own, before a colon
POSSESSED_WORDS = re.compile(r"(?:^|[.!?]\s+|\n)\s*(?P<poss>His|Her|Their)\s+(?:\w+\s+){0,2}?"
                             r"(?:response|reply|answer|message|words|verdict|comment|retort|statement|view|position)"
                             r"\b[^.!?\n:]{0,40}[:：]\s*[«“\"„]?\s*$", re.IGNORECASE)


def _colon_lead(ctx: DocContext, quote_start: int, sentence_start: int) -> tuple[int, int] | None:
    """The words before a quotation that end in a colon, from the sentence before when the parser split there."""
    start = max(0, min(sentence_start, quote_start - 120))
    m = POSSESSED_WORDS.search(ctx.text, start, quote_start)
    return (m.start("poss"), m.end()) if m and m.end() == quote_start else None


def _possessor(ctx: DocContext, lead: tuple[int, int]) -> Mention | None:
    word = ctx.text[lead[0] : lead[0] + 5].lower()
    if word.startswith("their"):
        return ctx.last_party_before(lead[0])
    return _subject_person_before(ctx, lead[0]) or ctx.last_person_before(lead[0], outside_quotes=True)


def _earlier_full_name(ctx: DocContext, words: str, start: int) -> Mention | None:
    """"Scott Bessent … Bessent said": a bare surname stands for the person named in full before it."""
    surname = re.sub(r"['’]s$", "", words)
    if " " in surname or not surname[:1].isupper() or len(surname) < 3:
        return None
    found = None
    for m in ctx.mentions:
        if m.start >= start:
            break
        if m.kind == "person" and " " in m.actor and m.actor.split()[-1] == surname:
            found = m
    return found


def _subtree_span(tokens: list[Token]) -> tuple[int, int]:
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return start, end


def _subject_of(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    if subjects:
        # "Details: the chief negotiator … confirmed": the subject nearest the verb
        before = [c for c in subjects if c.i < verb.i]
        return before[-1] if before else subjects[0]
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    # "…," he said, "…" inverted or a conjoined verb sharing the subject
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
        return _subject_of(verb.head)
    return None


@cache
def core_lemmas() -> frozenset[str]:
    return frozenset(load("speech").get("core", []))


def _content_of(verb: Token, sent: Span, *, clause_only: bool = False) -> tuple[int, int] | None:
    if clause_only and verb.lemma_.lower() not in core_lemmas():
        # "agree to X", "insist on X", "plan to X" are no statements; "reveal that X" is
        comps = [c for c in verb.children if c.dep_ == "ccomp"]
        if not comps:
            return None
        tokens = [t for c in comps for t in c.subtree]
        tokens = [t for t in tokens if not (t.lower_ == "that" and t.i == tokens[0].i)]
        return _subtree_span(tokens) if tokens else None
    comps = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp") or (c.dep_ == "prep" and c.lower_ == "of")]
    if not comps:
        comps = [c for c in verb.children if c.dep_ in ("dobj", "parataxis") and len(list(c.subtree)) > 2]
        if comps:
            # "described the meeting as an opportunity …", "called the talks useful"
            comps += [c for c in verb.children if (c.dep_ == "prep" and c.lower_ == "as") or c.dep_ in ("oprd", "acomp")]
    if not comps:
        # "called for steep new tariffs", "spoke about the shooting"
        preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("for", "about")]
        comps = [g for p in preps for g in p.children if g.dep_ in ("pobj", "pcomp") and len(list(g.subtree)) > 1]
    if not comps:
        return None
    tokens = [t for c in comps for t in c.subtree if not t.is_punct or t.i not in (sent.end - 1,)]
    tokens = [t for t in tokens if t.lower_ not in ("that",) or t.i != min(x.i for x in tokens)]
    if not tokens:
        return None
    start, end = _subtree_span(tokens)
    return start, end


def _cue_tokens(ctx: DocContext, sent: Span) -> list[tuple[Token, Token | None]]:
    """Speech cues of a sentence outside quotations, each with its grammatical subject."""
    cues = cue_lemmas(ctx.scenario)
    out = []
    for token in sent:
        if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
            pobj = next((g for c in token.children for g in [c, *c.children] if g.dep_ == "pobj"), None)
            if pobj is not None:
                out.append((token, pobj))
            continue
        if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() not in cues or ctx.in_quote(token.idx):
            continue
        subject = _subject_of(token)
        if subject is None or ctx.in_quote(subject.idx):
            continue
        if token.lemma_.lower() in evidential_only() and (
                subject.pos_ in ("PRON", "PROPN") or ctx.mention_at(subject) is not None
                or subject.lemma_.lower() in HUMAN_NOUNS):
            continue
        out.append((token, subject))
    return out


HUMAN_NOUNS = {
    "official", "source", "spokesman", "spokeswoman", "spokesperson", "minister", "adviser", "advisor", "aide",
    "diplomat", "lawmaker", "senator", "analyst", "expert", "leader", "president", "chancellor", "ambassador",
    "envoy", "negotiator", "representative", "participant", "member", "delegation", "secretary", "premier",
    "general", "commander", "officer", "administration", "government", "ministry", "office", "coalition", "side",
    "ally", "partner", "authority", "people", "person", "man", "woman", "resident", "citizen", "journalist",
}


def _speaker(ctx: DocContext, subject: Token) -> tuple[str, str, str | None, float, int, int]:
    skip: set[int] = set()
    relative = None
    if subject.lower_ in ("who", "that") and subject.head.dep_ == "relcl":
        # "the President himself, who suggested …": the antecedent, without its relative clause
        relative = subject
        skip = {t.i for t in subject.head.subtree}
        subject = subject.head.head
    tokens = [t for t in subject.subtree if not t.is_punct and not t.is_space and t.i not in skip] or [subject]
    if relative is not None:
        tokens.append(relative)  # the source as written runs up to "who"
    if subject.lower_ == "they":
        ref = ctx.last_party_before(subject.idx)
        if ref is not None:
            return ref.actor, subject.text, ref.party, 0.55, subject.idx, subject.idx + len(subject.text)
    sp_start, sp_end = _subtree_span(tokens)
    resolve_end = _subtree_span([t for t in tokens if t is not relative] or tokens)[1]
    speaker, party, conf = resolve_speaker(ctx, sp_start, resolve_end, subject)
    return speaker, ctx.text[sp_start:sp_end], party, conf, sp_start, sp_end


def _join_split_quotes(ctx: DocContext, quotes: list[Quote], cue: Token) -> list[tuple[int, int]]:
    """'"…," he said, "…"': the two parts of a quotation split around its cue are one statement."""
    spans: list[tuple[int, int]] = []
    for q in sorted(quotes, key=lambda q: q.start):
        if spans:
            gap = ctx.text[spans[-1][1] : q.start]
            if len(gap) < 80 and spans[-1][1] <= cue.idx < q.start and "\n" not in gap:
                spans[-1] = (spans[-1][0], q.end)
                continue
        spans.append((q.start, q.end))
    return spans


@cache
def evidential_only() -> frozenset[str]:
    return frozenset(load("speech").get("evidential_only", []))


@cache
def evidential_lemmas() -> frozenset[str]:
    return frozenset(load("speech").get("evidential", []))


def _plausible_source(subject: Token, cue: Token | None = None) -> bool:
    """An unknown speaker is kept when it names a person or a body, not "it", "this" or "the draft"."""
    head = subject.head.head if subject.lower_ in ("who", "that") and subject.head.dep_ == "relcl" else subject
    if head.pos_ == "PRON":
        # "he said" with no one to resolve it to is still a source; "it", "this", "which" are not
        # "I" and "you" outside a quotation are the writer and the reader, not a source
        return head.lower_ in ("he", "she", "they", "we")
    if head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    if cue is not None and cue.lemma_.lower() in evidential_lemmas() and head.pos_ == "NOUN":
        return True  # "a poll shows …", "the report found …"
    return head.lemma_.lower() in HUMAN_NOUNS


def transcript_statements(ctx: DocContext) -> list[Statement]:
    """Lines of an interview transcript: "PENCE: Well, look, …", "Y. Petrov: It was agreed …"."""
    out = []
    for q in ctx.quotes:
        if q.label is None:
            continue
        a, b = q.label
        speaker, party, conf = resolve_speaker(ctx, a, b)
        out.append(Statement(q.start, q.end, q.text, "direct", ":", speaker, ctx.text[a:b], a, b, party, a, q.end,
                             conf * 0.9))
    return out


def english_statements(ctx: DocContext) -> list[Statement]:
    out: list[Statement] = transcript_statements(ctx)
    last: tuple | None = None
    sentences = list(ctx.doc.sents)
    cues_by_sentence = [_cue_tokens(ctx, sent) for sent in sentences]
    # a quotation goes to the nearest cue of the sentences it touches
    # ('"… weight. They are 100 percent wrong," Strada said.'); it is handled with that cue's sentence
    owner: dict[int, tuple[int, int]] = {}  # quote start -> (sentence index, cue index)
    free_quotes = [q for q in ctx.quotes if q.label is None]
    for q in free_quotes:
        near = [i for i, sent in enumerate(sentences) if sent.start_char <= q.end + 1 and q.start <= sent.end_char]
        options = [(min(abs(cue.idx - q.start), abs(cue.idx - q.end)), i, k)
                   for i in near for k, (cue, _subj) in enumerate(cues_by_sentence[i])
                   if abs(cue.idx - q.end) < 250 or abs(cue.idx - q.start) < 250]
        if options:
            _, i, k = min(options)
            owner[q.start] = (i, k)
    stated_by = _stated_by("en")
    for index, sent in enumerate(sentences):
        s_start, s_end = sent.start_char, sent.end_char
        if stated_by and index and stated_by.search(sent.text.strip()):
            # "This was stated by … the defence minister": the statement is the sentence before
            people = [m for m in ctx.mentions_in(s_start, s_end) if m.kind == "person"]
            if people:
                prev = sentences[index - 1]
                m = people[-1]
                out.append(Statement(prev.start_char, prev.end_char, prev.text, "indirect", "stated by", m.actor,
                                     m.text, m.start, m.end, m.party, prev.start_char, s_end, 0.6))
                continue
        quotes = [q for q in free_quotes if s_start <= q.start < s_end]
        cues = cues_by_sentence[index]
        assigned: dict[int, list[Quote]] = {}
        for q in free_quotes:
            if owner.get(q.start, (None,))[0] == index:
                assigned.setdefault(owner[q.start][1], []).append(q)
        quotes = [q for q in quotes if q.start not in owner]
        for k, (cue, subject) in enumerate(cues):
            speaker, speaker_text, party, conf, a, b = _speaker(ctx, subject)
            according = cue.lower_ == "according"
            if conf < 0.5 and not according and not _plausible_source(subject, cue):
                continue
            cue_word = "according to" if according else cue.lemma_
            if k in assigned:
                span = None if according else _content_of(cue, sent)
                mine = assigned[k]
                if span and all(span[0] <= q.start and q.end <= span[1] + 2 for q in mine):
                    # 'Police say they have "adequate resources" to secure the city': one reported clause
                    c_start, c_end = span[0], max([span[1], *(q.end for q in mine)])
                    quoted = sum(q.end - q.start for q in mine)
                    kind = "direct" if quoted > 0.7 * (c_end - c_start) else "indirect"
                    out.append(Statement(c_start, c_end, ctx.text[c_start:c_end], kind, cue_word, speaker,
                                         speaker_text, a, b, party, s_start, s_end, conf))
                else:
                    for q_start, q_end in _join_split_quotes(ctx, mine, cue):
                        out.append(Statement(q_start, q_end, ctx.text[q_start:q_end], "direct", cue_word, speaker,
                                             speaker_text, a, b, party, s_start, s_end, conf))
                last = (speaker, speaker_text, party, a, b)
                continue
            if cue.lower_ == "according":
                rest = ctx.text[s_start:s_end]
                phrase = ctx.text[cue.idx:b]
                content = rest.replace(phrase, "").strip(" ,.;")
                if len(content.split()) < 4:
                    continue
                c_start = ctx.text.find(content, s_start)
                if c_start < 0:
                    continue
            else:
                # a state that "agrees to" or "insists on" something takes a position; a person who
                # "believes" or "plans" something is still a source
                actor = ctx.scenario.actors.get(speaker)
                span = _content_of(cue, sent, clause_only=actor is not None and not actor.is_person)
                if span is None:
                    continue
                c_start, c_end = span
                content = ctx.text[c_start:c_end].strip()
                if len(content.split()) < 5 or any(q.start < c_end and c_start < q.end for q in free_quotes):
                    continue
            out.append(Statement(c_start, c_start + len(content), content, "indirect", cue_word, speaker, speaker_text,
                                 a, b, party, s_start, s_end, conf * 0.9))
            last = (speaker, speaker_text, party, a, b)
        # quotes with no cue near them: "X: «…»", or a quotation that goes on from the last speaker
        for q in quotes:
            before = ctx.text[s_start : q.start]
            colon_people = [m for m in ctx.mentions_in(s_start, q.start) if m.kind == "person"]
            lead = _colon_lead(ctx, q.start, s_start)
            if colon_people and re.search(r"[:：]\s*[«“\"„]?\s*$", before):
                m = colon_people[-1]
                out.append(Statement(q.start, q.end, q.text, "direct", ":", m.actor, m.text, m.start, m.end, m.party,
                                     s_start, s_end, 0.7))
            elif lead is not None and (m := _possessor(ctx, lead)) is not None:
                # "His response was: «…»", "Her answer: «…»": the possessor of the words speaks
                out.append(Statement(q.start, q.end, q.text, "direct", ":", m.actor, ctx.text[lead[0]:lead[1]].strip(' :："«“„'),
                                     m.start, m.end, m.party, s_start, s_end, 0.6))
            elif (label := QUOTE_LABEL.match(before.strip())) and (label.group("who") or last):
                # "Quote: «…»", "Quote from the envoy: «…»"
                who = label.group("who")
                found = [m for m in ctx.mentions_in(s_start, q.start) if m.kind == "person"] if who else []
                if found:
                    m = found[-1]
                    out.append(Statement(q.start, q.end, q.text, "direct", "quote", m.actor, m.text, m.start, m.end,
                                         m.party, s_start, s_end, 0.65))
                elif last:
                    speaker, speaker_text, party, a, b = last
                    out.append(Statement(q.start, q.end, q.text, "direct", "quote", speaker, speaker_text, a, b, party,
                                         s_start, s_end, 0.55))
            elif last and before.strip() in ("", '"', "“", "«") and len(q.text.split()) > 3:
                speaker, speaker_text, party, a, b = last
                out.append(Statement(q.start, q.end, q.text, "direct", "continued", speaker, speaker_text, a, b, party,
                                     s_start, s_end, 0.5))
    return out


@cache
def _reported_mood(language: str) -> re.Pattern[str] | None:
    pattern = load("speech").get("reported_mood", {}).get(language)
    return re.compile(pattern) if pattern else None


@cache
def _stated_by(language: str) -> re.Pattern[str] | None:
    pattern = load("speech").get("stated_by", {}).get(language)
    return re.compile(pattern, re.IGNORECASE) if pattern else None


def _opens_with_pronoun(language: str, text: str) -> bool:
    words = load("speech").get("pronouns", {}).get(language, [])
    first = text.strip().split(maxsplit=1)
    return bool(first) and first[0].lower() in words


def _pronoun_speaker(ctx: DocContext, text: str, s_start: int, cue_m: re.Match[str] | None) -> Mention | None:
    """"…, рассказал он": a pronoun next to the cue stands for the last person named."""
    words = load("speech").get("pronouns", {}).get(ctx.language, [])
    if not words or not cue_m:
        return None
    window = text[max(0, cue_m.start() - 12) : cue_m.end() + 12].lower()
    alternatives = "|".join(words)
    pattern = f"(?:{alternatives})" if ctx.language in ("zh", "ja") else rf"(?<!\w)(?:{alternatives})(?!\w)"
    if re.search(pattern, window):
        return ctx.last_person_before(s_start + cue_m.start())
    return None


def _title_speaker(ctx: DocContext, text: str, s_start: int, cue_m: re.Match[str] | None) -> Mention | None:
    """"— заявил помощник главы государства": a role noun after the cue stands for its holder."""
    if not cue_m:
        return None
    after = text[cue_m.end() : cue_m.end() + 40].strip().split()
    return ctx.last_with_title(after[0], s_start + cue_m.start()) if after else None


def _long_quotes(ctx: DocContext, cue: re.Pattern[str] | None) -> list[Statement]:
    """A quotation over several sentences with its cue after it: «… . … », — заявил помощник; „… . …“, sagte er."""
    if cue is None:
        return []
    sents = list(ctx.doc.sents)
    out = []
    for q in ctx.quotes:
        if q.label or len(q.text.split()) < 4:
            continue
        home = next((s for s in sents if s.start_char <= q.end < s.end_char), None)
        if home is None or home.start_char <= q.start:
            continue  # within one sentence: the sentence pass reads it
        text = ctx.text[home.start_char : home.end_char]
        cue_m = cue.match(text, _after_quote(text, q.end - home.start_char))
        if not cue_m:
            continue
        names = [m for m in ctx.mentions_in(home.start_char + cue_m.end(), home.end_char)
                 if m.kind == "person" or m.party]
        speaker = (names[0] if names else None) or _pronoun_speaker(ctx, text, home.start_char, cue_m) or \
            _title_speaker(ctx, text, home.start_char, cue_m)
        if speaker is None:
            continue
        out.append(Statement(q.start, q.end, q.text, "direct", cue_m.group(0), speaker.actor, speaker.text,
                             speaker.start, speaker.end, speaker.party, q.start, home.end_char, 0.65))
    return out


def _after_quote(text: str, pos: int) -> int:
    """Where a cue would start after a closing quotation mark: past the mark, a comma and a dash."""
    m = re.compile(r"[»”“\"'’]*\s*,?\s*[—–-]?\s*").match(text, pos)
    return m.end() if m else pos


# a name followed by "and …" in one of the languages read without a parser
COORDINATED = re.compile(r"^(?:and|und|et|e|y|i|и|і|та|й|dhe|ve|και|و)\s", re.IGNORECASE)


UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁІЇЄҐΑ-ΩΆ-Ώ"
LOWER = "a-zß-öø-ÿā-žа-яёіїєґα-ωά-ώʼ'’-"
NAME_RUN = re.compile(rf"(?<![\w.])[{UPPER}][{LOWER}]+(?:[ \t]+[{UPPER}][{LOWER}]+){{1,2}}(?![\w'’])")
# languages whose capitals mark names (German capitalises every noun; Arabic and CJK have no capitals)
NAMES_BY_CAPITALS = {"ru", "uk", "fr", "es", "it", "pt", "pl", "el", "sq", "nl", "ro", "cs", "sk", "hr", "sr",
                     "bg", "hu", "sv", "da", "no", "fi"}


def name_mentions(ctx: DocContext) -> list[Mention]:
    """People no pack alias names, found by their capitals: "Дональд Туск", "Jean Dupont" (the parser's NER
    does this in English). Two or three capitalised words, none of them a common word of the language."""
    if ctx.language not in NAMES_BY_CAPITALS:
        return []
    out = []
    for m in NAME_RUN.finditer(ctx.text):
        # "Польщі Дональд Туск": the words a pack alias already names are not part of the name
        words = [(w.start(), w.end()) for w in re.finditer(r"\S+", ctx.text[m.start() : m.end()])]
        words = [(m.start() + a, m.start() + b) for a, b in words]
        free = [(a, b) for a, b in words if not any(k.start < b and a < k.end for k in ctx.mentions)]
        if len(free) < 2 or free != words[len(words) - len(free):]:
            continue
        if any(zipf_frequency(ctx.text[a:b].lower(), ctx.language) >= 5.5 for a, b in free):
            continue  # "Les Etats", "La Casa": a capitalised function word opens a phrase, not a name
        start, end = free[0][0], free[-1][1]
        out.append(Mention(start, end, ctx.text[start:end], ctx.text[start:end], "name", 0.5, "person", None))
    return out


def other_statements(ctx: DocContext) -> list[Statement]:
    """Quotes and reported speech in languages without a parser here: cue words and the nearest actor."""
    names = name_mentions(ctx)
    if names:
        ctx = replace(ctx, mentions=sorted(ctx.mentions + names, key=lambda m: m.start))
    cue = cue_regex(ctx.language, ctx.scenario)
    comp = complementiser(ctx.language)
    stated_by = _stated_by(ctx.language)
    long_quotes = _long_quotes(ctx, cue)
    out: list[Statement] = transcript_statements(ctx) + long_quotes
    previous: tuple[int, int] | None = None
    for sent in ctx.doc.sents:
        s_start, s_end = sent.start_char, sent.end_char
        if any(lq.start < s_end and s_start < lq.end for lq in long_quotes):
            previous = (s_start, s_end)
            continue  # read with its quotation
        text = ctx.text[s_start:s_end]
        mentions = ctx.mentions_in(s_start, s_end)
        persons = [m for m in mentions if m.kind == "person"] or [m for m in mentions if m.party]
        quotes = [q for q in ctx.quotes_in(s_start, s_end) if q.label is None]
        if any(q.label for q in ctx.quotes_in(s_start, s_end)) or any(
                q.label and q.start <= s_start < q.end for q in ctx.quotes):
            continue
        cue_m = cue.search(text) if cue else None
        here = previous
        previous = (s_start, s_end)
        if stated_by and here and stated_by.search(text.strip()) and persons:
            speaker = persons[0]
            a, b = here
            content = ctx.text[a:b].strip()
            out.append(Statement(a, a + len(content), content, "indirect", "stated by", speaker.actor, speaker.text,
                                 speaker.start, speaker.end, speaker.party, a, s_end, 0.6))
            continue
        mood = _reported_mood(ctx.language)
        if not cue_m and not quotes and mood and mood.search(text) and out and out[-1].sentence_end >= s_start - 2:
            # "Es seien mehrere Treffen geplant": the last speaker goes on, in reported speech
            last = out[-1]
            content = text.strip()
            out.append(Statement(s_start, s_start + len(content), content, "indirect", "reported mood", last.speaker,
                                 last.speaker_text, last.speaker_start, last.speaker_end, last.party, s_start, s_end,
                                 0.5))
            continue
        mood_m = mood.search(text) if mood and not cue_m and not quotes else None
        if mood_m:
            # "Rubio habe das Papier als Wunschliste bezeichnet", "Er habe keine Antwort erhalten": the person
            # named (or "er"/"sie") before the verb of reported speech is who said it
            subject = next((m for m in persons if m.kind == "person" and m.start < s_start + mood_m.start()
                            and not ctx.in_quote(m.start)), None)
            if subject is None and _opens_with_pronoun(ctx.language, text):
                subject = ctx.last_person_before(s_start, outside_quotes=True)
            if subject is not None:
                content = text.strip()
                out.append(Statement(s_start, s_start + len(content), content, "indirect", "reported mood",
                                     subject.actor, subject.text, subject.start, subject.end, subject.party, s_start,
                                     s_end, 0.5))
                continue
        outside = [m for m in persons if not ctx.in_quote(m.start)]
        if cue_m and comp:
            # a name after "…, что" / "أن" is what was said about, not who said it
            opened = re.compile(rf"\s*,?\s*{comp}").match(text, cue_m.end())
            if opened:
                outside = [m for m in outside if m.start < s_start + opened.end()]
        fallback = _pronoun_speaker(ctx, text, s_start, cue_m) or _title_speaker(ctx, text, s_start, cue_m)
        if not outside and not fallback and cue_m and cue_m.start() <= 2:
            fallback = ctx.last_person_before(s_start)  # a sentence opening on its verb: "وأشار إلى أن …"
        if not outside and fallback:
            outside = [fallback]
        if not outside or not (cue_m or (quotes and re.search(r"[:：]", text))):
            continue
        anchor = s_start + (cue_m.start() if cue_m else 0)
        after_quote = bool(cue_m and quotes and quotes[-1].end <= anchor)
        before = [m for m in outside if m.end <= anchor]
        after = [m for m in outside if m.start >= anchor]
        subject_party = None
        if not before and after and cue_m:
            gap = ctx.text[s_start + cue_m.end() : after[0].start]
            if len(gap.split()) > 3:  # the names come well after the verb: objects, not a speaker after it
                subject_party = next((m for m in reversed(mentions) if m.party and m.kind != "person"
                                      and m.end <= anchor and not ctx.in_quote(m.start)), None)
        if subject_party is not None:
            speaker = subject_party
        elif after_quote and after:
            speaker = after[0]
        elif before:
            # in languages that mark case, the first name of the sentence is most often its subject
            speaker = before[0] if ctx.language in ("ru", "uk") else before[-1]
        else:
            speaker = min(outside, key=lambda m: abs(m.start - anchor))
        cue_word = cue_m.group(0) if cue_m else ":"
        if quotes and cue_m and s_start + cue_m.end() <= quotes[0].start and \
                sum(len(q.text) for q in quotes) < 0.5 * len(text.strip()):
            quotes = []  # "По словам Ушакова, стороны обсуждали не «формулировки», а «суть»": quoted words in a report
        if quotes:
            for q in quotes:
                out.append(Statement(q.start, q.end, q.text, "direct", cue_word, speaker.actor, speaker.text,
                                     speaker.start, speaker.end, speaker.party, s_start, s_end, 0.7))
            continue
        if not cue_m:
            continue
        content_start = s_start + cue_m.end()
        if speaker.start >= content_start:
            # "По словам Петрова, …" / "…, сказал Петров": the content is beside the speaker's name
            tail = ctx.text[speaker.end : s_end].lstrip(" ,:—–-")
            if COORDINATED.match(tail):
                continue  # "… Mario Rossi e Anna Bianchi": one of several names, not a speaker
            if len(tail.split()) >= 3 and not re.match(r"^[.!?]", tail):
                content = tail.strip(" ,.;:，：。、")
            else:
                content = ctx.text[s_start : s_start + cue_m.start()].strip(" ,.;:—–-«»\"")
        else:
            if comp:
                m = re.compile(rf"\s*,?\s*{comp}\s+").match(ctx.text, content_start)
                if m:
                    content_start = m.end()
            content = ctx.text[content_start:s_end].strip(" ,.;:，：。、")
        if len(content.split()) < 3 and not re.search(r"[\u3400-\u9fff]{4}", content):
            continue
        c_start = ctx.text.find(content, s_start)
        if c_start < 0:
            continue
        out.append(Statement(c_start, c_start + len(content), content, "indirect", cue_word, speaker.actor,
                             speaker.text, speaker.start, speaker.end, speaker.party, s_start, s_end, 0.55))
    return out


TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def is_headline(text: str) -> bool:
    """A line in title case ("Northland Announces Peace Memorandum Ahead of Talks"): a headline reports no speech."""
    line = text.strip()
    words = [w for w in TITLE_WORD.findall(line) if len(w) > 3]
    if len(words) < 4 or line.endswith((".", "!", "?", "»", "”", '"')):
        return False
    return sum(w[0].isupper() for w in words) >= 0.8 * len(words)


@cache
def _absent_patterns(language: str) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    spec = load("speech").get("absent", {}).get(language)
    if not spec:
        return None
    return re.compile(spec["before"], re.IGNORECASE), re.compile(spec["after"], re.IGNORECASE)


def absent_people(ctx: DocContext) -> list[Mention]:
    """Mentions of people the text calls dead or gone beside their name: "the late X", "X, who was killed"."""
    patterns = _absent_patterns(ctx.language)
    if patterns is None:
        return []
    before, after = patterns
    return [m for m in ctx.mentions if m.kind == "person" and (
        before.search(ctx.text[max(0, m.start - 60) : m.start]) or after.match(ctx.text[m.end : m.end + 60]))]


def split_joint(ctx: DocContext, statements: list[Statement]) -> list[Statement]:
    """"The US-Northland joint statement said …": a source no actor resolves that names two or more parties joined
    by a hyphen or "and" speaks for each of them."""
    out = []
    for st in statements:
        words = st.speaker_text or ""
        if st.speaker in ctx.scenario.actors or not re.search(r"\w[-–/]\w|\band\b", words):
            out.append(st)
            continue
        parties = []
        for m in find_mentions(re.sub(r"[-–/]", " ", words), ctx.scenario):
            if m.kind != "person" and m.actor not in parties:
                parties.append(m.actor)
        if len(parties) < 2:
            out.append(st)
            continue
        out.extend(replace(st, speaker=p, party=ctx.scenario.party_of(p), confidence=st.confidence * 0.9)
                   for p in parties)
    return out


def find_statements(ctx: DocContext) -> list[Statement]:
    gone = absent_people(ctx)
    if gone:
        # a dead or absent person is given no quotation: not as a name, not as what "he" stands for
        ctx = replace(ctx, mentions=[m for m in ctx.mentions if m not in gone])
    found = split_joint(ctx, english_statements(ctx)) if ctx.english else other_statements(ctx)
    found = [st for st in found if not any(st.speaker_start is not None and st.speaker_end is not None
                                           and m.start < st.speaker_end and st.speaker_start < m.end for m in gone)]
    return [st for st in found if st.kind == "direct" or not is_headline(ctx.text[st.sentence_start:st.sentence_end])]
