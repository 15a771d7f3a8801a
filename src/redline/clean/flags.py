"""Quality flags: opinion, seo_spam, citation_artifact, machine_translation."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from wordfreq import zipf_frequency

from redline.clean.cleantext import RemovedSpan
from redline.clean.debris import CITATION, DISCLAIMER, EDITORIAL_NOTE, SEO
from redline.clean.lexicon import for_language, load
from redline.nlp.cues import compile_cue

FLAGS = ("opinion", "seo_spam", "citation_artifact", "machine_translation")

QUOTED = re.compile(r"“[^”\n]{0,800}”|\"[^\"\n]{0,800}\"|«[^»\n]{0,800}»|„[^“”\n]{0,800}[“”]")
WORD = re.compile(r"\w+(?:['’]\w+)?")
SENTENCE_END = re.compile(r"[.!?。！？]+(?:\s|$)")
QUESTION = re.compile(r"^(?!\s*[\w. ]{1,30}:)[^\n]*?[^.!?？؟\n]{12,}[?？؟]", re.MULTILINE)
# a transcript or interview line, "NAME: …": its first person is the speaker's, not the writer's
SPEAKER_LINE = re.compile(r"^[ \t]*[\w.'’ -]{1,40}[:：][ \t]+[^\n]*$", re.MULTILINE)
SUBHEAD = re.compile(r"^[ \t]*[A-Z\u0400-\u04FF][^\n.!?:;,\"“”«»]{8,70}[ \t]*$", re.MULTILINE)
STOPWORDS = set(
    "a an the of to in on and or for with by at from as that this these those is are was were be been it its "
    "their his her he she they we us our i you will would can could may might has have had not no but if so "
    "than then there here also just very said says s u".split()
)
# function words that good English does not capitalise mid-sentence
CLOSED_CLASS = {
    "en": {"to", "and", "of", "in", "for", "with", "is", "was", "on", "at", "by", "from", "that", "or", "are", "has", "were"},
}
WORDFREQ_LANGS = {"en", "de", "fr", "es", "it", "pt", "nl", "ru", "uk", "pl"}


@dataclass(frozen=True)
class FlagResult:
    """One flag's decision with its score and the reasons behind it."""

    flag: str
    score: float
    set: bool
    reason: str


def _own_list(table: dict[str, str], language: str | None) -> str | None:
    """A language's own cue list; English only when the language is unknown (another script's list never fits)."""
    return table.get(language) if language else table.get("en")


def _strip_quotes(text: str) -> str:
    return QUOTED.sub(" ", text)


def _count(pattern: str | None, text: str, language: str | None, flags: int = 0) -> int:
    """How often a cue list of `language` occurs in the text, matched as whole words of its script."""
    if not pattern:
        return 0
    return len(compile_cue(pattern, language, flags=flags).findall(text))


def _rate(pattern: str | None, text: str, n_words: int, language: str | None, flags: int = re.IGNORECASE) -> float:
    if not n_words:
        return 0.0
    return 100.0 * _count(pattern, text, language, flags) / n_words


@cache
def _compiled(pattern: str, flags: int) -> re.Pattern[str]:
    return re.compile(pattern, flags)


def opinion(text: str, *, language: str | None, url: str | None, title: str | None,
            removed: list[RemovedSpan], original: str) -> FlagResult:
    """Score commentary against straight news from genre markers and stance language."""
    spec = load("flags")["opinion"]
    w = spec["weights"]
    label = spec["genre_label"]
    parts: dict[str, float] = {}
    if any(s.kind == DISCLAIMER for s in removed):
        parts["disclaimer"] = w["disclaimer"]
    url_hit = bool(url and _compiled(label["url"], re.IGNORECASE).search(url.lower()))
    title_hit = bool(title and _count(label["title"], title, language, re.IGNORECASE))
    line_hit = bool(_compiled(label["line"], re.MULTILINE).search(original))
    if url_hit or title_hit or line_hit:
        parts["genre_label"] = w["genre_label"]
    heads = len(_compiled(for_language(spec["section_heads"], language) or "$^", re.MULTILINE).findall(text))
    if heads:
        parts["section_heads"] = w["section_heads"] * min(heads, 2)
    bare = _strip_quotes(text)
    n_words = max(1, len(WORD.findall(bare)))
    n_sentences = max(1, len(SENTENCE_END.findall(text)))
    parts["first_person"] = w["first_person"] * _rate(_own_list(spec["first_person"], language), bare, n_words,
                                                      language, 0) / 10
    parts["second_person"] = w["second_person"] * _rate(_own_list(spec["second_person"], language), bare, n_words,
                                                        language, 0) / 10
    # the writer's own voice: "I think", "je pense", "я считаю", outside quotations and interview lines
    label_line = _compiled(label["line"], re.MULTILINE)
    own = SPEAKER_LINE.sub(lambda m: m.group(0) if label_line.match(m.group(0).strip()) else " ", bare)
    voice = _count(_own_list(spec["author_voice"], language), own, language)
    parts["author_voice"] = w["author_voice"] * min(voice, 3)
    questions = sum(len(re.findall(r"[?？؟]", line)) for line in QUESTION.findall(bare))
    parts["rhetorical_questions"] = w["rhetorical_questions"] * min(questions, 3)
    parts["stance_words"] = w["stance_words"] * _rate(_own_list(spec["stance_words"], language), bare, n_words,
                                                      language) / 10
    reporting = _count(_own_list(spec["reporting"], language), text, language, re.IGNORECASE)
    parts["reporting_rate"] = w["reporting_rate"] * min(reporting / n_sentences, 1.5)
    if n_sentences >= spec["unattributed_min_sentences"] and reporting / n_sentences < 0.1:
        parts["unattributed"] = w["unattributed"]
    body = text.split("\n", 1)[1] if "\n" in text else ""
    subheads = len(SUBHEAD.findall(body))
    if subheads >= 2:
        parts["subheads"] = w["subheads"] * min(subheads - 1, 3)
    quoted_chars = sum(len(m.group(0)) for m in QUOTED.finditer(text))
    parts["quote_share"] = w["quote_share"] * min(quoted_chars / max(1, len(text)), 0.5) * 2
    return _decide("opinion", parts, spec["threshold"])


def _decide(flag: str, parts: dict[str, float], threshold: float) -> FlagResult:
    score = round(sum(parts.values()), 3)
    shown = {k: round(v, 2) for k, v in parts.items() if abs(v) >= 0.01}
    reason = ", ".join(f"{k} {v:+.2f}" for k, v in sorted(shown.items(), key=lambda kv: -abs(kv[1])))
    return FlagResult(flag, score, score >= threshold, reason or "no signal")


def _glued(token: str, known_tokens: set[str], spec: dict) -> bool:
    low = token.lower()
    if len(low) < 6 or zipf_frequency(low, "en") > spec["max_zipf_glued"]:
        return False
    for i in range(2, len(low) - 1):
        left, right = low[:i], low[i:]
        if right not in spec["function_words"]["en"]:
            continue
        if zipf_frequency(left, "en") >= spec["min_zipf_known"] or token[:i] in known_tokens:
            return True
    return False


# a quotation opened right after a word, with no space: "the talks were'useful and frank' he said"
# (an apostrophe of "Kremlin's", "don't" opens no quotation)
GLUED_QUOTE = re.compile(r"(?<=[^\W\d_]{2})['‘“\"](?!(?:s|t|re|ve|ll|d|m)(?!\w))[^'‘’“”\"\n]{3,80}['’”\"](?=[\s.,;:!?]|$)")
SPACED_HYPHEN = re.compile(r"[^\W\d_] -[^\W\d_]")
DOUBLED_PHRASE = re.compile(r"(?<!\w)([^\W\d_]{2,} [^\W\d_]{2,}) \1(?!\w)", re.IGNORECASE)
LONG_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")


def _lost_possessives(tokens: list[str], spec: dict) -> int:
    """Names run into a possessive s ("Trumps plan" for "Trump's plan"): a rare word that is a name plus s."""
    names = Counter(t for t in tokens if t[:1].isupper() and t[1:].islower() and len(t) > 3)
    found = {t for t in names if t.endswith("s") and names.get(t[:-1], 0) >= 2
             and zipf_frequency(t.lower(), "en") < spec["max_zipf_possessive"]}
    return len(found)


def _comma_loss(text: str, spec: dict) -> bool:
    long = [s for s in LONG_SENTENCE_SPLIT.split(text) if len(s.split()) >= spec["no_commas_min_words"]]
    bare = [s for s in long if not re.search(r"[,،、，;]", s)]
    return len(bare) >= spec["no_commas_min_count"] and len(bare) >= spec["no_commas_share"] * len(long)


def machine_translation(text: str, *, language: str | None) -> FlagResult:
    """Score visible machine-translation garble: words run together, capitalised function words, echoes,
    quotation marks glued to words, split compounds, lost possessives and lost commas."""
    spec = load("flags")["machine_translation"]
    w = spec["weights"]
    parts: dict[str, float] = {}
    spaced = language not in ("zh", "ja", "th")
    # what garbles a text in any language with spaces between its words
    if spaced:
        parts["glued_quotes"] = w["glued_quotes"] * min(len(GLUED_QUOTE.findall(text)), 2)
        parts["spaced_hyphens"] = w["spaced_hyphens"] * min(len(SPACED_HYPHEN.findall(text)), 2)
        parts["doubled_phrases"] = w["doubled_phrases"] * min(len(DOUBLED_PHRASE.findall(text)), 2)
        if _comma_loss(text, spec):
            parts["no_commas"] = w["no_commas"]
    if language not in WORDFREQ_LANGS:
        return _decide("machine_translation", parts, spec["threshold"])
    tokens = WORD.findall(text)
    known = {re.sub(r"['’]s$", "", t) for t in tokens if t[:1].isupper()}
    glued = 0
    if language == "en":
        glued = sum(1 for t in set(tokens) if t.isalpha() and t[1:].islower() and _glued(t, known, spec))
        parts["lost_possessives"] = w["lost_possessives"] * min(_lost_possessives(tokens, spec), 2)
    parts["glued_words"] = w["glued_words"] * min(glued, 3)
    stray = 0
    closed = CLOSED_CLASS.get(language or "", set())
    for line in text.splitlines():
        words = WORD.findall(line)
        if len(words) < 12:
            continue
        capital_share = sum(1 for x in words if x[:1].isupper()) / len(words)
        if capital_share > 0.4:
            continue  # a title-case head or a list of names
        for m in re.finditer(r"(?<=[a-z,;] )([A-Z][a-z]+)\b", line):
            if m.group(1).lower() in closed:
                stray += 1
    parts["stray_capitals"] = w["stray_capitals"] * min(stray, 3)
    echoes = len(re.findall(r"\b([A-Za-z]{4,})\s+and\s+\1\b", text))
    doubled = [m.group(1).lower() for m in re.finditer(r"\b([A-Za-z]+)\s+\1\b", text, re.IGNORECASE)]
    echoes += sum(1 for d in doubled if d not in {"had", "that", "is", "very", "bye", "no"})
    parts["echoes"] = w["echoes"] * min(echoes, 2)
    repeats = repeated_bigrams(text, language or "en")
    parts["repeated_bigrams"] = w["repeated_bigrams"] * min(len(repeats), 4)
    return _decide("machine_translation", parts, spec["threshold"])


@cache
def _is_function_word(word: str, language: str) -> bool:
    return word in STOPWORDS if language == "en" else zipf_frequency(word, language) >= 5.5


def repeated_bigrams(text: str, language: str = "en") -> set[tuple[str, str]]:
    """Content-word pairs said twice inside one sentence: garbled text loops, good prose does not."""
    found: set[tuple[str, str]] = set()
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
        words = [t.lower() for t in WORD.findall(sentence)]
        pairs = [
            (a, b) for a, b in zip(words, words[1:], strict=False)
            if len(a) > 1 and len(b) > 1 and not a.isdigit() and not b.isdigit()
            and not _is_function_word(a, language) and not _is_function_word(b, language)
        ]
        found.update(p for p, n in Counter(pairs).items() if n > 1)
    return found


def debris_flag(flag: str, removed: list[RemovedSpan], kinds: tuple[str, ...]) -> FlagResult:
    counts = Counter(s.kind for s in removed if s.kind in kinds)
    n = sum(counts.values())
    reason = ", ".join(f"{k} spans {v}" for k, v in counts.items()) or "no spans"
    return FlagResult(flag, float(n), n >= 1, reason)


def compute_flags(*, original: str, clean: str, removed: list[RemovedSpan], language: str | None,
                  url: str | None, title: str | None) -> list[FlagResult]:
    """All four flags for one document."""
    return [
        opinion(clean, language=language, url=url, title=title, removed=removed, original=original),
        debris_flag("seo_spam", removed, (SEO,)),
        debris_flag("citation_artifact", removed, (CITATION, EDITORIAL_NOTE)),
        machine_translation(clean, language=language),
    ]
