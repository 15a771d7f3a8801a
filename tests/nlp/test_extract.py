"""Extraction on short texts with the real English model and the bundled scenario."""

from datetime import date

from redline.nlp.claims import find_claims
from redline.nlp.dates import dates_in
from redline.nlp.extract import extract
from redline.scenario import load_scenario

SCENARIO = load_scenario()
PUBLISHED = date(2025, 12, 3)  # a Wednesday


def run(text, language="en"):
    return extract(text, language=language, published=PUBLISHED, scenario=SCENARIO)


def test_direct_quote_split_around_the_cue_and_pronoun_speaker():
    x = run('Zelensky spoke in Kyiv. "The bloodshed must be stopped," he said on X, "we all need peace now."')
    direct = [s for s in x.statements if s.kind == "direct"]
    assert {s.speaker for s in direct} == {"Volodymyr Zelenskyy"}
    assert any("bloodshed" in s.text for s in direct) and any("peace now" in s.text for s in direct)


def test_reported_speech_and_according_to():
    x = run("Kremlin foreign affairs advisor Yuri Ushakov said that no compromise had been found on territory. "
            "According to Peskov, the talks will continue next week in Moscow.")
    by = {s.speaker: s for s in x.statements}
    assert by["Yuri Ushakov"].kind == "indirect" and "no compromise" in by["Yuri Ushakov"].text
    assert "talks will continue" in by["Dmitry Peskov"].text
    roles = {m.actor: m.role for m in x.mentions if m.role}
    assert "advisor" in roles["Yuri Ushakov"]


def test_unnamed_official_speaks_for_the_party():
    x = run('"Today we hope to iron out the final details," a U.S. official told reporters.')
    assert [(s.speaker, s.kind) for s in x.statements] == [("United States", "direct")]


def test_pronoun_it_is_no_speaker():
    x = run("It said the plan would fail and everyone would lose a great deal of money.")
    assert x.statements == []


def test_russian_quote_with_speaker_after_the_cue():
    x = run("«Пока еще компромиссного варианта найдено не было», — заявил Юрий Ушаков после встречи.", "ru")
    assert [(s.speaker, s.kind) for s in x.statements] == [("Yuri Ushakov", "direct")]


def test_a_quotation_over_several_sentences_with_its_cue_after_it():
    x = run("Помощник президента Юрий Ушаков выступил после встречи. «Пока еще компромиссного варианта найдено не "
            "было. Но некоторые наработки выглядят приемлемо. Их нужно обсуждать», — заявил он.", "ru")
    direct = [s for s in x.statements if s.kind == "direct"]
    assert [(s.speaker, s.cue) for s in direct] == [("Yuri Ushakov", "заявил")]
    assert direct[0].text.startswith("Пока еще") and direct[0].text.endswith("обсуждать")
    x = run("„Wir sind bereit zu reden. Aber nicht über unser Land“, sagte Selenskyj am Abend.", "de")
    assert [(s.speaker, s.kind) for s in x.statements] == [("Volodymyr Zelenskyy", "direct")]


def test_quoted_words_inside_reported_speech_keep_the_whole_report():
    x = run("По словам Ушакова, российская сторона обсуждала с американской не «конкретные формулировки», а «суть "
            "того, что заложено в документы».", "ru")
    [st] = x.statements
    assert st.speaker == "Yuri Ushakov" and st.kind == "indirect" and st.text.startswith("российская сторона")


def test_names_well_after_the_verb_are_its_objects_and_the_party_before_it_speaks():
    x = run("L'Ucraina ha proposto un cessate il fuoco immediato e un incontro tra i presidenti Vladimir Putin e "
            "Volodymyr Zelensky.", "it")
    assert [(s.speaker, s.kind) for s in x.statements] == [("Ukraine", "indirect")]
    x = run("Россия готова продолжать переговоры, заявил Владимир Путин в Москве.", "ru")
    assert [s.speaker for s in x.statements] == ["Vladimir Putin"]  # a name right after the verb still speaks
    x = run("An den Gesprächen sollen laut Weißem Haus Steve Witkoff und Außenminister Marco Rubio teilnehmen.", "de")
    assert "Steve Witkoff" not in {s.speaker for s in x.statements}  # one of two names joined by "und"


def test_stances_with_negation_and_attribution():
    x = run("Russia rejected the deployment of European troops in Ukraine. "
            "Lavrov said Moscow is open to the US peace plan as a basis for talks.")
    found = {(p.party, p.issue, p.stance) for p in x.positions}
    assert ("Russia", "foreign_troops", "against") in found
    assert ("Russia", "peace_plan", "conditional") in found


def test_plan_author_contents_and_parties_in_talks_over_it():
    x = run("The 28-point plan would require Ukraine to cede territory and pledge never to join NATO. "
            "Ukrainian officials discussed the plan with the Europeans in Geneva. "
            "The U.S. attempt to push a ceasefire must respect Russia's interests, while Russia uses hard words.")
    found = {(p.party, p.issue, p.stance) for p in x.positions}
    assert ("United States", "peace_plan", "for") in found  # the scenario names the plan's author
    assert ("United States", "territory", "for") in found  # what the plan contains
    assert ("United States", "nato_membership", "against") in found  # what it rules out
    assert ("Ukraine", "peace_plan", "conditional") in found  # in talks over it
    # the cue "push" belongs to the US clause, not to Russia's
    assert ("Russia", "ceasefire", "for") not in found


def test_a_counterproposal_is_its_drafters_text():
    x = run("Britain, France and Germany have drafted a counter-proposal to Washington's 28-point plan. "
            "The plan envisages a U.S. security guarantee modelled on NATO's collective defence clause.")
    found = {(p.party, p.issue, p.stance) for p in x.positions}
    assert {("France", "security_guarantees", "for"), ("Germany", "peace_plan", "conditional"),
            ("United States", "peace_plan", "for")} <= found
    assert ("United States", "security_guarantees", "for") not in found  # "the plan" is theirs here


def test_meeting_event_with_date_place_and_participants():
    x = run("US envoy Steve Witkoff met Vladimir Putin in Moscow on Tuesday for five hours.")
    [event] = [e for e in x.events if e.type == "CONSULT"]
    assert event.date == "2025-12-02" and event.location == "Moscow"
    assert {"United States", "Russia"} <= set(event.parties)
    assert event.status == "happened"


def test_planned_meeting():
    x = run("Umerov will meet Witkoff in Miami on Thursday, December 4.")
    [event] = x.events
    assert event.type == "CONSULT" and event.status == "planned" and event.date == "2025-12-04"


def test_claim_values_are_expanded():
    values = {(c.value, c.unit) for c in find_claims(
        "The €140 billion loan, a 28-point plan, a 1,000-for-1,000 swap, five hours, 19% and 800,000 troops.")}
    assert values == {(140e9, "EUR"), (28, "points"), (1000, "people"), (5, "hours"), (19, "percent"),
                      (800000, "people")}


def test_relative_dates():
    resolved = [d for _, _, d, _ in dates_in("on Tuesday, yesterday and December 2", PUBLISHED)]
    assert resolved == ["2025-12-02", "2025-12-02", "2025-12-02"]


def test_a_month_without_a_day_keeps_month_precision():
    assert [(d, p) for _, _, d, p in dates_in("They met in August 2025, and again in October.", PUBLISHED)] == [
        ("2025-08", "month"), ("2025-10", "month")]
    assert [(d, p) for _, _, d, p in dates_in("普京和特朗普今年8月在阿拉斯加州會晤", PUBLISHED)] == [("2025-08", "month")]
    assert dates_in("Witkoff may travel to Moscow", PUBLISHED) == []  # "may" the verb is no month


def test_transcript_lines_are_statements():
    x = run('Partial transcript:\n\n"WALLACE: Will the envoy travel to Moscow next week for more talks?\n\n'
            '"USHAKOV: It was agreed to continue contacts at the level of aides and representatives.')
    speakers = {s.speaker_text: s.text for s in x.statements}
    assert speakers["USHAKOV"].startswith("It was agreed") and "WALLACE" in speakers


def test_labels_that_are_no_speakers():
    x = run("Published: 24 November 2025 at noon\n\nNote: this story was updated with new figures today.")
    assert x.statements == []


def test_generic_scenario_lets_named_actors_take_part():
    generic = load_scenario("generic")
    x = extract("Burundian militiamen attacked a camp for Congolese refugees.", language="en", published=None,
                scenario=generic)
    assert [e.type for e in x.events] == ["ASSAULT"]


def test_promises_and_threats_by_modality():
    assert [e.type for e in run("The rebels said they will release the prime minister of Fiji.").events] in ([], ["AGREE"])
    generic = load_scenario("generic")
    x = extract("Radical French farmers said they would blockade Paris on Monday.", language="en", published=None,
                scenario=generic)
    assert x.events and x.events[0].type == "THREATEN"


def test_the_two_sides_are_the_adversaries_and_threat_targets_count():
    x = run("Russia and Ukraine met in Istanbul on Friday. The two sides agreed to exchange 1,000 prisoners each.")
    agree = [e for e in x.events if e.type == "AGREE"]
    assert agree and {"Russia", "Ukraine"} <= set(agree[0].parties)
    x = run('Putin warned: "If Europe wants to start a war, we are ready right now."')
    threat = [e for e in x.events if e.type == "THREATEN"]
    assert threat and "European Union" in threat[0].parties


def test_a_bare_surname_stands_for_the_full_name_before_it():
    x = run('Finance minister Maria Lindqvist spoke in Oslo on Monday. "We will not raise taxes this year," '
            "Lindqvist told reporters.")
    assert {s.speaker for s in x.statements} == {"Maria Lindqvist"}


def test_a_pronoun_skips_people_named_inside_the_quotation():
    x = run('"The refusal by Peter Brandt changes nothing for the budget," Maria Lindqvist said on Monday. '
            "She added that the budget would pass in the spring without new taxes.")
    added = [s for s in x.statements if "spring" in s.text]
    assert [s.speaker for s in added] == ["Maria Lindqvist"]


def test_the_writer_is_no_source():
    x = run("I said in this column last year that the plan would fail before the summer recess began.")
    assert all(s.speaker_text.lower() != "i" for s in x.statements)


def test_a_person_no_pack_names_is_found_by_capitals_in_languages_without_ner():
    x = run("Бюджет ухвалять у травні, заявив міністр фінансів Олег Петренко.", language="uk")
    assert [s.speaker for s in x.statements] == ["Олег Петренко"]
    x = run("Le budget sera voté en mai, a déclaré la ministre Claire Fontaine.", language="fr")
    assert [s.speaker for s in x.statements] == ["Claire Fontaine"]


def test_he_is_the_last_subject_not_the_last_name():
    x = run("Maria Lindqvist, a close aide to Peter Brandt, said the budget talks were useful. "
            '"Some proposals are acceptable, while others are not," she said.')
    direct = [s for s in x.statements if s.kind == "direct"]
    assert [s.speaker for s in direct] == ["Maria Lindqvist"]


def test_his_statement_is_his_and_a_headline_reports_no_speech():
    x = run("Maria Lindqvist spoke in Oslo on Monday. "
            'His statement published on the ministry website said: "The budget will pass in May."'.replace("His", "Her"))
    assert [s.speaker for s in x.statements if "budget" in s.text] == ["Maria Lindqvist"]
    from redline.nlp.statements import is_headline

    assert is_headline("Minister Announces Budget Deal Ahead of Vote")
    assert not is_headline("The minister announced a budget deal ahead of the vote.")


def test_his_response_was_colon_quote():
    x = run('Reporters asked Omar Haddad about the offer on Friday. His response was: "We will not give up our weapons."')
    quoted = [s for s in x.statements if "weapons" in s.text]
    assert [(s.speaker, s.kind) for s in quoted] == [("Omar Haddad", "direct")]


def test_a_person_the_text_calls_dead_is_given_no_quotation():
    dead = run('Omar Haddad, who was killed in March, had led the group for a decade. '
               '"We will never give up our weapons," he said in a speech on Friday.')
    assert all(s.speaker != "Omar Haddad" for s in dead.statements)
    alive = run('Omar Haddad led the group for a decade. "We will never give up our weapons," he said on Friday.')
    assert [s.speaker for s in alive.statements] == ["Omar Haddad"]
    late = run('"We will never give up our weapons," the late Omar Haddad said in a speech recorded in 2019.')
    assert late.statements == []


def test_german_reported_mood_names_its_speaker():
    x = run("Selenskyj reiste am Montag nach Kiew. Er habe bisher keine Antwort auf seine Vorschläge erhalten.",
            language="de")
    assert [(s.speaker, s.cue) for s in x.statements] == [("Volodymyr Zelenskyy", "reported mood")]
    x = run("Selenskyj habe bisher keine Antwort auf seine Vorschläge erhalten.", language="de")
    assert [(s.speaker, s.cue) for s in x.statements] == [("Volodymyr Zelenskyy", "reported mood")]


def test_a_joint_statement_speaks_for_each_party_it_names():
    x = run("The US-Ukraine joint statement said the talks were constructive, focused and respectful.")
    assert sorted(s.speaker for s in x.statements) == ["Ukraine", "United States"]
    x = run("The joint statement said the talks were constructive, focused and respectful.")
    assert [s.speaker for s in x.statements] in ([], ["The joint statement"])


def test_agreeing_and_planning_are_no_statements():
    x = run("Finance ministers agreed that the budget talks would go on until the end of the month in Brussels. "
            "Maria Lindqvist plans to present a new draft of the budget to the council next week.")
    assert x.statements == []
    x = run("Maria Lindqvist suggested that the talks would drag on for several more weeks in Brussels.")
    assert [s.speaker for s in x.statements] == ["Maria Lindqvist"]
