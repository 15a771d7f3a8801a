"""Events and their dates on sentences written for these tests (real spaCy model, bundled scenario)."""

from datetime import date

from redline.nlp.dates import ARTICLE_PRECISION
from redline.nlp.extract import extract
from redline.scenario import load_scenario

SCENARIO = load_scenario()
PUBLISHED = date(2025, 12, 3)  # a Wednesday


def events(text, language="en", published=PUBLISHED):
    return extract(text, language=language, published=published, scenario=SCENARIO).events


def test_an_undated_happening_takes_its_articles_day_marked_as_such():
    [event] = events("Rubio met Umerov at the embassy to go over the draft.")
    assert event.type == "CONSULT" and event.status == "happened"
    assert (event.date, event.date_precision) == ("2025-12-03", ARTICLE_PRECISION)


def test_a_planned_meeting_without_a_date_stays_undated():
    [event] = events("Rubio will meet Umerov at the embassy to go over the draft.")
    assert event.status == "planned" and event.date is None


def test_an_impossible_year_is_not_trusted():
    [event] = events("Rubio met Umerov in Geneva on November 23, 2205.")
    assert event.date == "2025-12-03" and event.date_precision == ARTICLE_PRECISION


def test_a_happening_is_not_dated_after_its_article():
    [event] = events("Rubio met Umerov in Geneva on December 20.")
    assert event.date <= PUBLISHED.isoformat()


def test_without_a_publication_date_nothing_is_guessed():
    [event] = events("Rubio met Umerov at the embassy to go over the draft.", published=None)
    assert event.date is None


def test_triggers_in_other_languages_are_whole_word_stems():
    cases = {
        "ru": ("Путин встретится с Трампом в Будапеште.", "CONSULT"),
        "uk": ("Україна та Росія обмінялися полоненими в неділю.", "RETREAT"),
        "pt": ("Putin e Trump conversaram por telefone sobre a Ucrânia.", "CONSULT"),
        "pl": ("Trump i Putin podpisali porozumienie w Genewie.", "AGREE"),
        "tr": ("Putin ve Trump Alaska'da görüştü.", "CONSULT"),
    }
    for language, (text, etype) in cases.items():
        found = events(text, language)
        assert [e.type for e in found] == [etype], (language, found)


def test_a_trigger_inside_a_condition_is_no_event():
    assert events("Если Украина отвергнет план, Путин продолжит войну.", "ru") == []
    assert [e.type for e in events("Украина отвергла план Путина.", "ru")] == ["REJECT"]


def test_a_noun_alone_is_a_topic_not_an_agreement():
    # "l'accordo" named as a subject of talk: no AGREE; the meeting is the event
    assert [e.type for e in events("Zelensky e Putin hanno parlato dell'accordo in un incontro a Ginevra.", "it")] == [
        "CONSULT"]


def test_verbs_joined_by_and_are_two_acts_with_one_subject():
    found = {e.type: e for e in events("Putin accused Ukraine of stalling and warned Europe against sending troops.")}
    assert {"ACCUSE", "THREATEN"} <= set(found)
    assert "Russia" in found["THREATEN"].parties and "European Union" in found["THREATEN"].parties


def test_a_negated_friendly_act_is_no_event():
    assert [e for e in events("Witkoff did not discuss the wording with Ushakov.") if e.type == "CONSULT"] == []
    assert [e for e in events("No agreement was reached between Witkoff and Ushakov.") if e.type == "AGREE"] == []
    assert [e.type for e in events("Witkoff discussed the wording with Ushakov.")] == ["CONSULT"]


def test_a_ceasefire_named_is_no_release():
    assert [e for e in events("Rubio and Umerov spoke about ceasefire monitoring.") if e.type == "RETREAT"] == []


def test_a_text_as_subject_states_contents_not_an_act():
    assert events("The draft calls for Ukraine and Russia to exchange all prisoners.") == []
    assert [e.type for e in events("Zelensky called for Russia to exchange all prisoners.")] == ["REQUEST"]


def test_a_willed_negation_is_a_refusal():
    assert [e.type for e in events("Umerov said Ukraine will not accept the proposal from Witkoff.")] == ["REJECT"]


def test_a_text_that_only_reports_does_not_hide_the_act():
    found = events("Rubio will give Umerov a draft of the new framework, a statement said.")
    assert found and found[0].type in ("AID", "AGREE")


def test_a_ceasefire_carried_by_a_light_verb_is_an_act():
    assert [e.type for e in events("Putin declared a ceasefire with Ukraine on Tuesday.")] == ["RETREAT"]


def _generic(text):
    return extract(text, language="en", published=None, scenario=load_scenario("generic")).events


def test_a_hostile_act_announced_is_a_threat_and_one_worked_for_is_none():
    assert [e.type for e in _generic("The rebels of Kivu have sworn to fight Rwanda until the border is theirs.")] == [
        "THREATEN"]
    assert [e.type for e in _generic("Chile is working to prevent Bolivia from closing the port.")] != ["THREATEN"]


def test_surrender_and_reimposed_blockades():
    assert [e.type for e in _generic("Two hundred Chadian rebels surrendered to the army of Chad on Monday.")] == [
        "RETREAT"]
    assert [e.type for e in _generic("Egypt reimposed blockades on Gaza on Friday.")] == ["COERCE"]


def test_an_event_keeps_the_words_its_date_came_from():
    from datetime import date

    from redline.nlp.extract import extract
    from redline.scenario import load_scenario

    text = "The Russian and Ukrainian delegations met in Geneva on Tuesday to discuss a prisoner exchange."
    found = extract(text, language="en", published=date(2025, 6, 12), scenario=load_scenario()).events
    dated = [e for e in found if e.date == "2025-06-10"]
    assert dated, found
    a, b = dated[0].date_span
    assert "Tuesday" in text[a:b]
