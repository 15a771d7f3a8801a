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


def scores_of(text, language="en", url=None, title=None):
    clean = build_clean_text(text, find_debris(text))
    results = compute_flags(original=text, clean=clean.text, removed=clean.removed, language=language,
                            url=url, title=title)
    return {r.flag: r for r in results}


def test_a_first_person_column_is_opinion():
    text = (
        "The summit was billed as a turning point. I don't think he will sign anything this month. "
        "Officials in two capitals have told me the draft is thinner than advertised. In my view the "
        "delay suits everyone. The mayor wants a photograph, the unions want time, and the treasury wants "
        "the bill to go away. Nobody wants to be blamed. The vote is set for Friday. The hall is booked. "
        "The speeches are written. The outcome is not."
    )
    result = scores_of(text)["opinion"]
    assert result.set and "author_voice" in result.reason


def test_the_writers_voice_in_other_languages():
    cases = [
        ("de", "Ich glaube nicht, dass der Plan hält. Meiner Meinung nach fehlt der Mut. Wir müssen ehrlich sein."),
        ("fr", "Je pense que le plan échouera. À mon avis, personne ne le signera. Il me semble que tout est joué."),
        ("ru", "Я считаю, что план провалится. На мой взгляд, никто его не подпишет. Мне кажется, всё решено."),
    ]
    for language, text in cases:
        result = scores_of(text, language)["opinion"]
        assert result.set and "author_voice" in result.reason, (language, result)


def test_first_person_inside_quotes_or_interview_lines_is_not_the_writer():
    text = ('The minister spoke after the vote. "I think we will win," she said. '
            "REPORTER: Do you think so?\nMINISTER: I think the bill will pass this week, I believe it.")
    assert "author_voice" not in scores_of(text)["opinion"].reason


def test_section_labels_in_urls_and_titles_in_many_languages():
    news = "Der Rat tagte am Montag. Er beschloss ein Budget. Die Sitzung dauerte zwei Stunden."
    assert "opinion" in flags_of(news, "de", url="https://zeitung.example/meinung/leitartikel/budget/123")
    assert "opinion" in flags_of(news, "de", title="Kommentar: Ein Budget ohne Mut")
    assert "opinion" not in flags_of(news, "de", url="https://zeitung.example/politik/budget/123")


def test_an_unlisted_language_borrows_no_english_pronoun_list():
    text = "议会周一开会。会议讨论了预算。部长表示，预算将在下周通过。Trump said: I think so, let me see."
    assert "first_person" not in scores_of(text, "zh")["opinion"].reason


def test_garble_in_quotes_hyphens_possessives_and_repeats():
    text = (
        "The council met last Monday last Monday to vote on the budget of the Senate. The mayor said the "
        "meeting was'long and useful' before leaving. High -level talks followed with the Senate, and the "
        "Senates decision came later."
    )
    result = scores_of(text)["machine_translation"]
    assert result.set
    for feature in ("doubled_phrases", "glued_quotes", "spaced_hyphens", "lost_possessives"):
        assert feature in result.reason, feature


def test_apostrophes_and_clean_quotes_are_no_garble():
    text = ("The Kremlin's offer, the mayor's reply and the council's vote came on Monday. "
            "\"We don't accept it,\" the mayor said. 'It is late,' an aide added. High-level talks follow.")
    assert scores_of(text)["machine_translation"].score == 0


def test_a_translation_that_lost_its_commas():
    sentence = ("Le ministre a déclaré que la réunion s'était tenue pendant cinq heures le mardi qui a duré jusqu'à "
                "minuit avec la participation du président du conseil et de la délégation du pays voisin dirigée "
                "par son envoyé spécial. ")
    result = scores_of(sentence * 3 + "Il est parti ensuite, sans un mot.", "fr")["machine_translation"]
    assert "no_commas" in result.reason


def test_a_label_line_is_no_interview_line():
    text = "Opinion: The summit was billed as a turning point. I don't think he will sign anything this month."
    assert "author_voice" in scores_of(text)["opinion"].reason
