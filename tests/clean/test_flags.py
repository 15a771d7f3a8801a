from pathlib import Path

from redline.clean import build_clean_text, find_debris
from redline.clean.flags import compute_flags, repeated_bigrams

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "russia_ukraine"


def flags_of(text, language="en", url=None, title=None):
    clean = build_clean_text(text, find_debris(text))
    results = compute_flags(original=text, clean=clean.text, removed=clean.removed, language=language,
                            url=url, title=title)
    return {r.flag for r in results if r.set}


def test_commentary_is_opinion_and_news_is_not():
    assert "opinion" in flags_of((EXAMPLES / "04_commentary_opinion.txt").read_text())
    assert "opinion" not in flags_of((EXAMPLES / "03_yermak_resigns.txt").read_text())


def test_opinion_url_is_a_genre_label():
    text = "We think the plan fails. Our view is that Europe must act. Why wait?"
    assert "opinion" in flags_of(text, url="https://paper.example/opinion/plan-fails")


def test_glued_words_and_echoes_read_as_machine_translation():
    text = (
        "The delegation reported To the president on the talks in the United States. He is reportedhe said "
        "that they discussed things that cannot be said on the phone, with envoy Steve Witkoffwhich was new. "
        "The Baltic and Baltic states tried to open a second front."
    )
    assert "machine_translation" in flags_of(text)


def test_fluent_news_is_not_machine_translation():
    assert "machine_translation" not in flags_of((EXAMPLES / "03_yermak_resigns.txt").read_text())


def test_repeated_bigrams_inside_one_sentence():
    assert ("better", "deals") in repeated_bigrams("Better deals in 2015, and even better deals in 2022.")
    assert repeated_bigrams("Peace talks resumed. Peace talks ended.") == set()


def test_debris_flags():
    assert flags_of("Talks ended.. Find out more about talks outcome guide.") >= {"seo_spam"}
    assert flags_of("Talks ended. [cite: 2] More talks.") >= {"citation_artifact"}
