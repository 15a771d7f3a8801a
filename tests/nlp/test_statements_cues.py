from redline.nlp.statements import cue_regex


def test_cues_of_languages_without_a_parser_match_whole_words():
    de = cue_regex("de")
    assert de.search("Der Minister sagte am Montag, man sei bereit.").group(0) == "sagte"
    assert de.search("Die Absage kam spät.") is None  # "sag" inside another word is no cue
    fr = cue_regex("fr")
    assert fr.search("Il a déclaré que rien n'était décidé.").group(0) == "a déclaré"
    assert fr.search("La déclaration a été publiée.") is None


def test_inflected_cues_in_french_russian_and_portuguese():
    assert cue_regex("fr").search("Les ministres ont également souligné leur soutien.").group(0) == "ont également souligné"
    assert cue_regex("fr").search("Elle s'est dite prête à signer.") is not None
    assert cue_regex("ru").search("Министры подтвердили готовность к встрече.").group(0) == "подтвердили"
    assert cue_regex("ru").search("Подтверждение пришло позже.") is None
    assert cue_regex("pt").search("O ministro disse que a reunião foi útil.").group(0) == "disse"
    assert cue_regex("pl").search("Minister powiedziała, że spotkanie było owocne.").group(0) == "powiedziała"
