"""Cue words match as words in every script (sentences written for these tests)."""

import pytest

from redline.nlp.cues import bounded, compile_cue


@pytest.mark.parametrize(
    ("language", "cue", "text", "found"),
    [
        # French: the condition "si" is not inside "aussi"
        ("fr", "si", "Le ministre a aussi rencontré son homologue.", False),
        ("fr", "si", "Il signera si les garanties sont données.", True),
        # German: "erklärt" is a word; "erklärte" needs the stem with an open end
        ("de", "erklärt", "Der Sprecher erklärte am Abend, man sei bereit.", False),
        ("de", "erklärt", "Der Sprecher erklärt, man sei bereit.", True),
        # English: "no" is not inside "know" or "Nordic"
        ("en", "no", "They know the Nordic states will object.", False),
        ("en", "no", "There is no deal yet.", True),
        # Russian: "не" is not inside "недавно"
        ("ru", "не", "Министр недавно встретился с послом.", False),
        ("ru", "не", "Министр не встретился с послом.", True),
        # Arabic: "لن" (will not) is neither in "أعلن" (announced) nor in "النار" (the fire) ...
        ("ar", "لن", "أعلن الرئيس وقف إطلاق النار مساء الجمعة.", False),
        # ... but it is a word, also with the conjunction written on it ("ولن", and will not)
        ("ar", "لن", "قال الوزير إن بلاده لن تقبل الخطة.", True),
        ("ar", "لن", "رفض الاقتراح ولن يوقع عليه.", True),
        # Chinese has no spaces: a cue is found inside the running text
        ("zh", "拒绝", "俄方昨天拒绝了这项提议。", True),
        # Korean writes particles and endings on the word: a cue may be a stem or an ending
        ("ko", "거부", "정부는 제안을 거부했다.", True),
        ("ko", "에 따르면", "대변인에 따르면 회담은 계속된다.", True),
    ],
)
def test_cue_boundaries(language, cue, text, found):
    assert bool(compile_cue(cue, language).search(text)) is found


def test_open_end_takes_inflections():
    cue = compile_cue("erklär", "de", open_end=True)
    assert cue.search("Sie erklärten gestern, sie seien bereit.")
    assert not cue.search("Die Unerklärbarkeit der Lage.")


def test_bounded_keeps_an_empty_pattern():
    assert bounded("", "en") == ""
