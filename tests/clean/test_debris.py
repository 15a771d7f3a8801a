from redline.clean import build_clean_text, find_debris


def kinds(text):
    return [(s.kind, text[s.start : s.end].strip()) for s in find_debris(text)]


def test_seo_link_bait_spliced_after_a_sentence():
    text = "The talks ended without a deal.. Find out more about ceasefire talks latest news tips. Next para."
    found = kinds(text)
    assert found == [("seo", ". Find out more about ceasefire talks latest news tips.")]
    assert build_clean_text(text, find_debris(text)).text == "The talks ended without a deal. Next para."


def test_seo_bait_on_its_own_line_and_internal_link_bait():
    text = "Header.\nLearn more about peace plan points guide.\nFor more, review our recent article on sanctions impact."
    assert [k for k, _ in kinds(text)] == ["seo", "seo"]


def test_citation_markers_and_editorial_notes():
    text = (
        "The minister confirmed it. [cite: 4 (from prompt text)] Officials agreed.[cite_start] "
        "[This specific detail remains in the provided context, but was not directly confirmed.] End."
    )
    found = [k for k, _ in kinds(text)]
    assert found.count("citation") == 2
    assert found.count("editorial_note") == 1


def test_disclaimer_and_boilerplate_lines():
    text = (
        "Body sentence one.\nShare this article\nOriginal: example.com/article/123\n"
        "The views expressed in this article are the author's own.\n"
    )
    assert {k for k, _ in kinds(text)} == {"boilerplate", "disclaimer"}


def test_plain_news_has_no_debris():
    text = (
        'Ushakov said "no compromise has been found yet" on territory [after five hours of talks]. '
        "Read the full statement on the Kremlin website. Zelensky will learn more about the plan on Friday."
    )
    assert find_debris(text) == []


def test_read_also_lines_in_many_languages_are_seo():
    cases = [
        ("The vote was delayed.Also read: Senate weighs a new budget bill“We need time,” he said.",
         "Also read: Senate weighs a new budget bill"),
        ("Министры встретились в пятницу.\nСмотрите также Новые пошлины: что изменится\nВстреча длилась час.",
         "Смотрите также Новые пошлины: что изменится"),
        ("Die Gespräche gehen weiter.\nLesen Sie auch: Neue Zölle für Stahl\nDer Minister reiste ab.",
         "Lesen Sie auch: Neue Zölle für Stahl"),
        ("El acuerdo se firmó ayer.\nLeer más: La inflación baja en marzo\nOtro párrafo.", "Leer más: La inflación baja en marzo"),
        ("وانتهى الاجتماع مساء.\nاقرأ أيضا: وزير يزور العاصمة\nوقال المتحدث.", "اقرأ أيضا: وزير يزور العاصمة"),
    ]
    for text, spliced in cases:
        found = kinds(text)
        assert ("seo", spliced) in found, (text, found)


def test_read_also_inside_a_paragraph_removes_only_the_lead():
    text = "Les ministres se sont réunis. Lire aussi : Une aide de 3 milliards. Les participants ont salué l'accord."
    found = kinds(text)
    assert found == [("seo", "Lire aussi :")]
    assert "Les participants ont salué" in build_clean_text(text, find_debris(text)).text


def test_read_also_words_inside_a_sentence_are_no_splice():
    assert kinds("He said he would also read the report. Lawmakers see also a risk.") == []


def test_bare_bracketed_reference_numbers_are_citations():
    text = "双方同意继续谈判。[1] [2] 会谈将在下周举行[3]。 The deal was signed[4], officials said."
    assert [k for k, _ in kinds(text)] == ["citation", "citation", "citation"]
    assert kinds("See the table [2] below. Option [1] is cheaper.") == []
