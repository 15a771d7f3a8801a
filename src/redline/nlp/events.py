"""Events: PLOVER type, participants, location, date and its precision, happened or planned."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from redline.clean.lexicon import load
from redline.nlp.actors import Mention
from redline.nlp.context import DocContext
from redline.nlp.cues import compile_cue
from redline.nlp.dates import ARTICLE_PRECISION, dates_in


@dataclass
class Event:
    start: int  # the sentence
    end: int
    type: str
    trigger: str
    actors: list[str]
    parties: list[str]
    location: str | None
    date: str | None
    date_precision: str | None
    status: str  # happened | planned
    confidence: float
    sources: list[tuple[int, int]] = field(default_factory=list)
    date_span: tuple[int, int] | None = None  # the words the date was read from (None: undated, or the article's date)


# a trigger verb this far from the sentence root at most, by type (default 1)
MAX_DEPTH = {"CONSULT": 3, "AID": 0, "SUPPORT": 0, "COOPERATE": 0}
# happenings a noun alone can name ("talks in the capital", "a hunger strike", "the withdrawal")
NOUN_TYPES = {"CONSULT", "ASSAULT", "SANCTION", "PROTEST", "RETREAT", "ACCUSE", "REQUEST", "COERCE"}
# a strike that is a protest: "hunger strike", "general strike"
PROTEST_STRIKES = {"hunger", "general", "labor", "labour", "national", "nationwide", "workers"}


@cache
def _spec() -> dict:
    return load("events")


@cache
def english_triggers(scenario=None) -> tuple[dict[str, str], dict[str, str]]:
    """lemma -> type for verbs and nouns, the first type in `order` winning; with the pack's own (`cues.yaml`)."""
    spec = _spec()
    verbs: dict[str, str] = {}
    nouns: dict[str, str] = {}
    table = scenario.cues("events", "en", spec["en"]) if scenario is not None else spec["en"]
    for etype in spec["order"]:
        entry = table.get(etype) or {}
        for lemma in entry.get("verbs", []):
            verbs.setdefault(lemma, etype)
        for lemma in entry.get("nouns", []):
            nouns.setdefault(lemma, etype)
    return verbs, nouns


@cache
def light_lemmas() -> frozenset[str]:
    return frozenset(_spec().get("light", []))


@cache
def carried_lemmas() -> frozenset[str]:
    return frozenset(_spec().get("carried", []))


@cache
def readiness_lemmas() -> frozenset[str]:
    return frozenset(_spec().get("readiness", []))


@cache
def intent_lemmas() -> frozenset[str]:
    return frozenset(_spec().get("intent", []))


def announced_hostility(token, etype: str) -> bool:
    """A hostile act (`hostile` in events.yaml) that its actor says it means or is ready to do (`announcing`):
    not one it works, hopes or is asked to do."""
    head = token.head
    return (etype in _spec().get("hostile", []) and token.dep_ == "xcomp" and head.i != token.i
            and head.lemma_.lower() in frozenset(_spec().get("announcing", []))
            and not any(c.dep_ == "neg" for c in head.children))


def hypothetical(token) -> bool:
    """A trigger that names no act: an effort or intention toward one ("working to prevent"), a
    condition ("should the other side agree"), a mere possibility ("could agree"), or a verb form used as a
    preposition ("Given the stalemate")."""
    if token.dep_ in ("prep", "mark", "amod", "pcomp") or (token.tag_ == "VBN" and token.i == token.sent.start):
        return True
    head = token.head
    if token.dep_ in ("xcomp", "ccomp", "advcl") and head.i != token.i:
        governor = head.lemma_.lower()
        # "urged the rebels to release" (asked, not done); "the plan would have the army withdraw" (a text's contents,
        # unless the text only reports: "a statement said the ministry will give …")
        if governor in intent_lemmas() or (told_by_a_text(head) and governor not in reporting_lemmas()):
            return True
    aux = {c.lower_ for c in token.children if c.dep_ == "aux"}
    # a hostile act that may come is a threat (see _modal_type); a friendly one that may come is nothing yet
    friendly = english_triggers()[0].get(token.lemma_.lower()) not in _spec().get("hostile", [])
    return bool(friendly and aux & {"could", "might", "may", "should"} and not any(c.dep_ == "neg" for c in token.children))


@cache
def document_lemmas() -> frozenset[str]:
    return frozenset(_spec().get("documents", []))


def told_by_a_text(token) -> bool:
    """A verb whose subject is a text ("the plan calls for …", "the proposal provides …"): its contents."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in document_lemmas() for c in token.children)


@cache
def reporting_lemmas() -> frozenset[str]:
    return frozenset(_spec().get("reporting", []))


@cache
def other_triggers(language: str, scenario=None) -> list[tuple[str, re.Pattern[str]]]:
    spec = _spec()
    table = spec.get(language) or {}
    if scenario is not None:
        table = scenario.cues("events", language, table) or {}
    return [(t, compile_cue(table[t] if isinstance(table[t], str) else "|".join(table[t]), language, flags=re.IGNORECASE))
            for t in spec["order"] if t in table]


@cache
def future_regex(language: str) -> re.Pattern[str] | None:
    pattern = _spec()["future"].get(language)
    if not pattern:
        return None
    return re.compile(pattern, re.IGNORECASE) if language == "en" else compile_cue(pattern, language, flags=re.IGNORECASE)


@cache
def _conditional(language: str) -> re.Pattern[str] | None:
    pattern = (_spec().get("conditional") or {}).get(language)
    return compile_cue(pattern, language, flags=re.IGNORECASE) if pattern else None


CLAUSE_BREAK = re.compile(r"[,，;；、،:：]")


def conditional(text: str, at: int, language: str) -> bool:
    """Whether the word at `at` stands in a condition: a conditional marker before it in its clause."""
    pattern = _conditional(language)
    if pattern is None:
        return False
    clause = CLAUSE_BREAK.split(text[:at])[-1]
    return bool(pattern.search(clause))


CJK = re.compile(r"[\u3400-\u9fff]")


@cache
def _places(scenario_key: tuple, places: tuple) -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for name, aliases in places:
        spaced = [re.escape(a) for a in sorted(aliases, key=len, reverse=True) if not CJK.search(a)]
        dense = [re.escape(a) for a in aliases if CJK.search(a)]  # no word boundaries in Chinese script
        alternatives = ([rf"(?<![\w])(?:{'|'.join(spaced)})\w{{0,2}}(?![\w])"] if spaced else []) + dense
        out.append((name, re.compile("|".join(alternatives))))
    return out


def place_in(ctx: DocContext, text: str) -> str | None:
    places = tuple((k, tuple(v)) for k, v in ctx.scenario.places.items())
    for name, pattern in _places((ctx.scenario.path, ctx.scenario.fingerprint), places):
        if pattern.search(text):
            return name
    return None



def participants(ctx: DocContext, token) -> tuple[int, int] | None:
    """The stretch of text of the trigger's clause: its subtree, or the verb it hangs on for a noun."""
    if token is None:
        return None
    anchor = _governing_verb(token) if token.pos_ in ("NOUN", "PROPN") else token
    tokens = list(anchor.subtree)
    start = tokens[0].idx
    if anchor.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in anchor.children):
        # "the minister accused the rebels and warned the envoy": a joined verb shares the subject of the first
        subjects = [t for c in anchor.head.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree]
        start = min([start] + [t.idx for t in subjects])
    return start, tokens[-1].idx + len(tokens[-1].text)


FUTURE_MODALS = {"will", "would", "shall", "'ll"}
POSSIBLE_MODALS = FUTURE_MODALS | {"may", "might", "could"}
REFUSAL_MODALS = FUTURE_MODALS | {"wo", "ca", "can", "could"}  # spaCy splits "won't", "can't" into wo/ca + n't


def _depth(token, reporting: frozenset[str]) -> int:
    """Steps from the token up to the root, not counting verbs that only report ("officials said …")."""
    depth, t = 0, token
    while t.head.i != t.i and depth < 10:
        t = t.head
        if t.lemma_.lower() not in reporting:
            depth += 1
    return depth


def _governing_verb(token):
    t = token
    while t.head.i != t.i and t.pos_ not in ("VERB", "AUX"):
        t = t.head
    return t


def negated(verb) -> bool:
    """"did not agree", "never met", and "no agreement was reached" (the negation on the verb's noun)."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return any(c.dep_ in ("nsubj", "nsubjpass", "dobj") and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
               for c in verb.children)


def _modal_type(etype: str, verb) -> str | None:
    """Negation, demands, threats and promises change what a trigger means. A negated friendly act is a
    refusal when it is willed ("will not accept"), none when it is told ("did not discuss the wording",
    "no agreement was reached"): None."""
    spec = _spec()
    modals = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    if negated(verb) and etype in ("AGREE", "SUPPORT", "COOPERATE", "CONCEDE", "CONSULT", "AID"):
        # "will not accept", "cannot agree": a refusal; "did not discuss": nothing happened
        return "REJECT" if modals & REFUSAL_MODALS else None
    if etype != "REQUEST" and "must" in modals:
        return "REQUEST"  # "the neighbour must drop barriers": a demand
    if etype in spec.get("hostile", []) and modals & POSSIBLE_MODALS:
        return "THREATEN"  # "farmers said they would blockade the capital"
    if etype in spec.get("cooperative", []) and modals & FUTURE_MODALS:
        return "AGREE"  # "the rebels will release the prime minister": a promise
    return etype


def sentence_trigger(ctx: DocContext, sent):
    """(type, trigger text, confidence, trigger token or None, further (type, text, confidence, token) in the
    sentence: a CONSULT trigger also present, verbs coordinated with the trigger)."""
    if not ctx.english:
        text = ctx.text[sent.start_char : sent.end_char]
        found = [(etype, m) for etype, pattern in other_triggers(ctx.language, ctx.scenario)
                 if (m := next((m for m in pattern.finditer(text) if not conditional(text, m.start(), ctx.language)),
                               None))]
        if not found:
            return None
        etype, m = found[0]
        consult = next((x for x in found if x[0] == "CONSULT"), None) if etype != "CONSULT" else None
        return etype, m.group(0), 0.5, None, ([("CONSULT", consult[1].group(0), 0.5, None)] if consult else [])
    verbs, nouns = english_triggers(ctx.scenario)
    reporting = reporting_lemmas()
    candidates = []
    for token in sent:
        lemma = token.lemma_.lower()
        if ctx.in_quote(token.idx) or lemma in reporting:
            continue
        is_verb = token.pos_ in ("VERB", "AUX")
        if is_verb and lemma in light_lemmas() and any(
                c.dep_ == "dobj" and (c.lemma_.lower() in nouns or c.lower_ in nouns) for c in token.children):
            continue  # the noun it carries is the trigger
        if is_verb and lemma == "call" and not any(c.dep_ == "prep" and c.lower_ in ("for", "on") or any(
                g.dep_ == "mark" and g.lower_ == "for" for g in c.children) for c in token.children):
            continue  # "called the talks productive" names; "called for", "called on" ask
        if is_verb and lemma in verbs:
            etype = verbs[lemma]
            if announced_hostility(token, etype):
                # "plans to impose martial law", "has sworn to fight": a hostile act announced is a threat
                candidates.append((_depth(token, reporting) - 1, 0, token.i, "THREATEN", token))
                continue
            if hypothetical(token) or told_by_a_text(token):
                continue
            depth = _depth(token, reporting)
            governor = token.head if token.dep_ == "xcomp" else None
            if governor is not None and governor.lemma_.lower() in readiness_lemmas() and etype != "AGREE":
                etype, depth = "AGREE", depth - 1  # "willing to withdraw": a stated readiness
            etype = _modal_type(etype, token)
            if etype is not None and depth <= MAX_DEPTH.get(etype, 2):
                candidates.append((depth, 0, token.i, etype, token))
        elif token.pos_ in ("NOUN", "PROPN"):
            etype = nouns.get(lemma, nouns.get(token.lower_))
            if etype not in NOUN_TYPES:
                continue
            if lemma in carried_lemmas() and not (token.dep_ == "dobj" and token.head.lemma_.lower() in light_lemmas()):
                continue  # "truce monitoring" names a topic; "declared a truce" an act
            if lemma == "strike" and any(c.lower_ in PROTEST_STRIKES for c in token.children):
                etype = "PROTEST"
            # a noun is as central as the verb it hangs on: "began a hunger strike", "held talks"
            verb = _governing_verb(token)
            depth = (_depth(verb, reporting) if verb.i != token.i else 0) + 0.5
            # the verb's negation touches the noun it carries ("did not hold talks"), not one it only names
            etype = _modal_type(etype, verb) if verb.lemma_.lower() in light_lemmas() or verb.i == token.i else etype
            if etype is not None:
                candidates.append((depth, 1, token.i, etype, token))
    if not candidates:
        return None
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    depth, _, _, etype, token = candidates[0]
    consult = next((c for c in candidates if c[3] == "CONSULT"), None)
    also = [("CONSULT", consult[4].text, 0.5, consult[4])] if consult and etype != "CONSULT" else []
    # verbs joined to the trigger by "and" are acts of their own: "accused the rebels of stalling and warned …"
    joined = {t.i for t in token.conjuncts} if token.pos_ in ("VERB", "AUX") else set()
    for c in candidates:
        if c[2] in joined and c[3] not in {etype} | {x[0] for x in also}:
            also.append((c[3], c[4].text, 0.55, c[4]))
    return etype, token.text, 0.7 if depth <= 1 else 0.55, token, also


PLAN_SUBJECT = re.compile(r"\b(?:plan|proposal|draft|document|framework|Plan|Entwurf|план|проект|plan de paix|计划|計畫|計劃|الخطة)",
                          re.IGNORECASE)


def find_events(ctx: DocContext, plan_owner: str | None = None, speakers: dict[int, Mention] | None = None
                ) -> list[Event]:
    """Events of a document.

    `plan_owner` is the party whose plan "requires" what the plan requires; `speakers` maps a sentence's
    start to who speaks in it, for "the coalition said it would provide …".
    """
    out: list[Event] = []
    for sent in ctx.doc.sents:
        found = sentence_trigger(ctx, sent)
        if not found:
            continue
        etype, trigger, confidence, token, also = found
        # beside the main happening: a meeting named with it ("… agreed at the talks in Oslo"), acts joined to it
        jobs = [(etype, trigger, confidence, token), *also]
        for etype, trigger, confidence, token in jobs:
            event = _event(ctx, sent, etype, trigger, confidence, token, (speakers or {}).get(sent.start_char))
            if event and plan_owner and etype == "REQUEST" and plan_owner not in event.parties:
                # "the plan would require the other side to cede …": its author asks
                head = ctx.text[sent.start_char : (token.idx if token is not None else sent.end_char)]
                if PLAN_SUBJECT.search(head[-60:]):
                    event.actors.insert(0, plan_owner)
                    event.parties.insert(0, plan_owner)
            if event:
                out.append(event)
    merged = merge_events(out)
    article_dated(merged, ctx.published)
    return merged


BOTH_SIDES = re.compile(r"\b(?:the two sides|both sides|the two delegations|both delegations|the parties|both parties|"
                        r"обе стороны|стороны|обидві сторони|сторони|beide Seiten|les deux parties|ambas partes|"
                        r"entrambe le parti|双方|雙方|الجانبان|الطرفان)\b", re.IGNORECASE)


def _side(party: str, at: int) -> Mention:
    return Mention(at, at, party, party, "sides", 0.5, "state", party)


def _event(ctx: DocContext, sent, etype: str, trigger: str, confidence: float, token,
           speaker: Mention | None = None) -> Event | None:
    s_start, s_end = sent.start_char, sent.end_char
    text = ctx.text[s_start:s_end]
    a, b = participants(ctx, token) or (s_start, s_end)
    speech_act = etype in ("THREATEN", "ACCUSE", "REQUEST", "REJECT")
    # a threat or an accusation names its target in the quotation: "…war against the bloc"
    mentions = [m for m in ctx.mentions_in(a, b) if speech_act or not ctx.in_quote(m.start)]
    if BOTH_SIDES.search(ctx.text, a, b) and ctx.scenario.adversaries:
        named = {m.party for m in ctx.mentions}
        if all(p in named for p in ctx.scenario.adversaries):
            # "the two sides agreed": the sides at war, when the document names both
            mentions += [_side(p, a) for p in ctx.scenario.adversaries]
    if token is not None:
        subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.lower_ in ("it", "they", "we", "he", "she") and speaker is not None:
            mentions.insert(0, speaker)  # "the coalition said it would provide …": the speaker acts
        elif subject is not None and subject.lower_ in ("he", "she"):
            ref = ctx.last_person_before(subject.idx)
            if ref:
                mentions.insert(0, ref)
    if len({m.party for m in mentions if m.party}) == 1 and (a, b) != (s_start, s_end):
        # one side in the trigger's clause: the sentence's other actors are the nearest with a role in it
        mentions += [m for m in ctx.mentions_in(s_start, s_end) if m not in mentions
                     and (speech_act or not ctx.in_quote(m.start))]
    actors = list(dict.fromkeys(m.actor for m in mentions if m.party))
    parties = list(dict.fromkeys(m.party for m in mentions if m.party))
    in_scenario = bool(actors)
    if not actors and ctx.english and not any(m.method in ("alias", "metonym", "fuzzy") for m in ctx.mentions):
        # a text outside the scenario (no actor of the pack in it): named states, groups, organisations and
        # people of the clause take part instead; inside the scenario only its actors do
        names = [e.text for e in ctx.doc.ents if e.label_ in ("GPE", "NORP", "ORG", "PERSON")
                 and a <= e.start_char and e.end_char <= b and not ctx.in_quote(e.start_char)
                 and e.text.strip().lower() not in ctx.scenario.media_names()]  # a news agency reports, it acts not
        if not names and token is not None:
            subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.pos_ != "PRON":
                names = [" ".join(t.text for t in subject.subtree)]
        actors = parties = list(dict.fromkeys(names))
        confidence *= 0.8
    if not actors:
        return None
    multilateral = any(getattr(ctx.scenario.actors.get(p), "multilateral", False) for p in parties)
    if etype == "CONSULT" and len(parties) < 2 and len(actors) < 2 and not multilateral:
        return None
    if in_scenario and len(parties) < 2 and not multilateral:
        # between the parties of a negotiation an event has two sides: with one side named (the other
        # left to the reader, or a party acting on a thing) the record would be half a fact. A coalition
        # or bloc meeting on its own is the exception; outside any scenario (named entities only) the
        # other side is often a thing NER does not name, and the event is kept
        return None
    if trigger_is_noun(trigger) and len(parties) < 2:
        return None
    future = future_regex(ctx.language)
    status = "planned" if future and future.search(text) else "happened"
    dates = dates_in(text, ctx.published, future=status == "planned")
    anchor = token.idx - s_start if token is not None else text.find(trigger)
    if dates and anchor >= 0:
        # a calendar date nearest the trigger, not a dateline opening the sentence
        reach = 8 if CJK.search(text) else 30  # a day named a little further off beats a month right by
        dates.sort(key=lambda d: (d[0] < 25 and d[0] < anchor - 40, abs(d[0] - anchor) - (reach if d[3] == "day" else 0)))
    dates = [d for d in dates if plausible(d[2], ctx.published, status)]
    day, precision = (dates[0][2], dates[0][3]) if dates else (None, None)
    words = (s_start + dates[0][0], s_start + dates[0][1]) if dates else None
    return Event(s_start, s_end, etype, trigger, actors, parties, place_in(ctx, text), day, precision,
                 status, confidence, [(s_start, s_end)], words)


def plausible(iso: str, published: date | None, status: str) -> bool:
    """Whether a date can be an event's: a year no outlet's typo ("2205"), and a happening not after its
    article (a planned one may be)."""
    try:
        year = int(iso[:4])
    except ValueError:
        return False
    now = published or date.today()
    if not now.year - 30 <= year <= now.year + 5:
        return False
    if status == "happened" and published is not None and iso[:10] > published.isoformat():
        return False
    return True


def article_dated(events: list[Event], published: date | None) -> None:
    """A reported happening the text does not date took place, as a careful reader takes it, on the day its
    article reports it (within the day before): the publication date stands in, marked as such."""
    if published is None:
        return
    for ev in events:
        if ev.date is None and ev.status == "happened":
            ev.date, ev.date_precision = published.isoformat(), ARTICLE_PRECISION


def trigger_is_noun(trigger: str) -> bool:
    """Whether a trigger word is only ever a noun trigger ("talks"), never a verb one."""
    verbs, nouns = english_triggers()
    word = trigger.lower()
    return word in nouns and word not in verbs


def merge_events(events: list[Event]) -> list[Event]:
    """One event per type, party set and date within a document; its sentences kept as sources."""
    merged: list[Event] = []
    for ev in events:
        for other in merged:
            a, b = set(ev.parties), set(other.parties)
            same_parties = a <= b or b <= a
            same_day = ev.date is None or other.date is None or ev.date == other.date
            same_place = ev.location is None or other.location is None or ev.location == other.location
            # two meetings of different people are two events, whatever the parties they share
            persons_a = {x for x in ev.actors if x not in ev.parties}
            persons_b = {x for x in other.actors if x not in other.parties}
            same_people = not persons_a or not persons_b or bool(persons_a & persons_b)
            if ev.type == other.type and same_parties and same_day and same_place and same_people:
                other.actors = list(dict.fromkeys(other.actors + ev.actors))
                other.parties = list(dict.fromkeys(other.parties + ev.parties))
                if other.date is None and ev.date is not None:
                    other.date, other.date_precision, other.date_span = ev.date, ev.date_precision, ev.date_span
                other.location = other.location or ev.location
                other.sources.append((ev.start, ev.end))
                break
        else:
            merged.append(ev)
    return merged
