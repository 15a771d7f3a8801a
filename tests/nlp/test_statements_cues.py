from redline.nlp.statements import cue_regex


def test_cues_of_languages_without_a_parser_match_whole_words():
    de = cue_regex("de")
    assert de.search("Der Minister sagte am Montag, man sei bereit.").group(0) == "sagte"
    assert de.search("Die Absage kam spät.") is None  # "sag" inside another word is no cue
    fr = cue_regex("fr")
    assert fr.search("Il a déclaré que rien n'était décidé.").group(0) == "a déclaré"
    assert fr.search("La déclaration a été publiée.") is None
