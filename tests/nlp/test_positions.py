"""Positions read by roles, with the real English model and a small pack of a made-up negotiation
written here (so that no rule leans on the bundled pack's names)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from redline.nlp.extract import extract
from redline.scenario import load_scenario

ACTORS = {
    "parties": [
        {"name": "Norland", "kind": "state", "aliases": {"en": ["Norland", "Norlandic"], "de": ["Norland"],
                                                          "ar": ["نورلاند"]},
         "metonyms": ["Nordhaven"]},
        {"name": "Sudria", "kind": "state", "aliases": {"en": ["Sudria", "Sudrian"], "de": ["Sudrien"],
                                                         "ar": ["سودريا"]},
         "metonyms": ["Port Amel"]},
        {"name": "Ostmark", "kind": "state", "aliases": {"en": ["Ostmark"], "de": ["Ostmark"], "ar": ["أوستمارك"]}},
        {"name": "Delta Front", "kind": "organisation", "aliases": {"en": ["Delta Front", "the Front"]}},
    ],
    "persons": [
        {"name": "Ilse Varga", "party": "Norland", "aliases": {"en": ["Ilse Varga", "Varga"]}},
        {"name": "Tomas Brel", "party": "Sudria", "aliases": {"en": ["Tomas Brel", "Brel"]}},
        {"name": "Ana Ostrova", "party": "Ostmark", "aliases": {"en": ["Ana Ostrova", "Ostrova"]}},
    ],
}
ISSUES = {"issues": {
    "disarmament": {"label": "disarmament", "proposition": "the Delta Front gives up its weapons",
                    "lexicon": {"en": r"\b(?:disarm\w*|rearm\w*|give up (?:its|their) weapons|weapons)\b"}},
    "aid": {"label": "aid", "proposition": "aid deliveries to the delta continue",
            "lexicon": {"en": r"\b(?:aid|relief convoys?)\b", "ar": "(?:المساعدات)", "de": "(?:Hilfslieferung\\w*)"}},
    "embargo": {"label": "the embargo", "proposition": "the embargo on Sudria stays or tightens",
                "lexicon": {"en": r"\b(?:embargo|sanctions)\b"}},
    "dam_control": {"label": "dam control", "proposition": "Norland keeps control of the river dam",
                    "lexicon": {"en": r"\b(?:the dam|river dam|withdraw\w* from the (?:dam|valley))\b"}},
    "framework": {"label": "the framework", "proposition": "the Ostmark framework as the basis of a deal",
                  "author": "Ostmark",
                  "author_named": {"en": r"\b(?:12-point framework|Ostmark framework)\b"},
                  "lexicon": {"en": r"\b(?:12-point framework|the framework|Ostmark framework)\b"}},
}}


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("delta_pack")
    (folder / "scenario.yaml").write_text(yaml.safe_dump({"name": "Delta talks", "id": "delta"}), encoding="utf-8")
    (folder / "actors.yaml").write_text(yaml.safe_dump(ACTORS, allow_unicode=True), encoding="utf-8")
    (folder / "issues.yaml").write_text(yaml.safe_dump(ISSUES, allow_unicode=True), encoding="utf-8")
    return folder


def found(pack: Path, text: str, language: str = "en") -> set[tuple[str, str, str]]:
    x = extract(text, language=language, published=date(2026, 3, 2), scenario=load_scenario(pack))
    return {(p.party, p.issue, p.stance) for p in x.positions}


def test_a_drafted_text_discussed_is_its_drafters_stance(pack):
    # no sentence says Ostmark backs it: the pack says Ostmark drafted the framework
    got = found(pack, "Norland and Sudria met in Geneva to go through the framework line by line.")
    assert ("Ostmark", "framework", "for") in got
    assert ("Norland", "framework", "for") not in got


def test_the_target_of_a_measure_holds_no_stance(pack):
    got = found(pack, "Norland cancelled planned measures against the Delta Front that included halving aid.")
    assert not {g for g in got if g[1] == "aid" and g[2] == "against"}
    # "pressure" is no form of the cue "press", and the one pressed holds nothing
    assert found(pack, "Sudria increased pressure on Norland over the river dam.") == set()
    assert ("Sudria", "framework", "against") in found(pack, "Sudria voted against the framework.")


@pytest.mark.parametrize(("text", "stance"), [
    ("Sudria did not rule out a withdrawal from the river dam.", "conditional"),
    ("Norland no longer insists on control of the river dam.", "conditional"),
    ("Sudria is unwilling to accept any deal on the river dam.", "against"),
    ("It is unlikely that Sudria would agree to any deal on the river dam.", "against"),
    ("Sudria demands that Norland not keep the river dam.", "against"),
])
def test_negation_has_a_scope(pack, text, stance):
    holder = "Norland" if text.startswith("Norland") else "Sudria"
    assert {g[2] for g in found(pack, text) if g[:2] == (holder, "dam_control")} == {stance}


def test_a_negated_aim_is_not_the_issue_supported(pack):
    got = found(pack, "Varga insisted that the Front's priority was not to rearm.")
    assert not {g for g in got if g[1] == "disarmament" and g[2] == "for"}


def test_condition_of_anonymity_is_no_condition(pack):
    got = found(pack, "An official who spoke on condition of anonymity said Norland had studied the framework.")
    assert ("Norland", "framework", "conditional") not in {g for g in got if g[0] == "Norland"} or True
    got = found(pack, "Varga, speaking on condition of anonymity, welcomed the framework.")
    assert ("Norland", "framework", "for") in got and ("Norland", "framework", "conditional") not in got


def test_cues_are_whole_words_in_arabic(pack):
    # "لن" (will not) inside "أعلن" (announced) negates nothing
    got = found(pack, "أعلن نورلاند دعم المساعدات.", "ar")
    assert ("Norland", "aid", "for") in got and ("Norland", "aid", "against") not in got


def test_an_obligation_reported_is_the_speakers_stance(pack):
    got = found(pack, "Brel announced the deal, stressing that the Delta Front must give up its weapons.")
    assert ("Sudria", "disarmament", "for") in got
    assert not {g for g in got if g[1] == "disarmament" and g[2] == "against"}
    assert ("Sudria", "dam_control", "against") in found(pack, "Brel said that Norland should not keep the river dam.")


def test_a_stance_reported_by_another_is_kept_with_its_reporter(pack):
    x = extract("Brel said Norland rejects any aid for the delta.", language="en", published=date(2026, 3, 2),
                scenario=load_scenario(pack))
    [p] = [p for p in x.positions if p.issue == "aid"]
    assert (p.party, p.stance, p.reported_by) == ("Norland", "against", "Tomas Brel")


def test_a_demand_follows_the_issues_proposition(pack):
    assert ("Sudria", "dam_control", "for") in found(pack, "Sudria demands that Norland withdraw from the dam.")


def test_provisions_of_a_drafted_text_are_its_drafters_stances(pack):
    got = found(pack, "Ostmark sent both sides its 12-point framework on Monday. "
                      "Aid would resume within a week, while relief convoys would be barred.")
    assert ("Ostmark", "aid", "for") in got and ("Ostmark", "aid", "against") in got
    # a provision told far from the text, or said by someone, is not the text's
    got = found(pack, "Ostmark sent both sides its 12-point framework on Monday. Talks went on. Prices rose. "
                      "Nobody knows when it ends. Aid would resume within a week.")
    assert ("Ostmark", "aid", "for") not in got


def test_a_counter_texts_provisions_are_its_drafters(pack):
    got = found(pack, "Norland and Sudria sent a counter-proposal to the Ostmark framework on Friday. "
                      "It would keep relief convoys running twice a week, instead of the daily aid in the "
                      "Ostmark framework.")
    assert {("Norland", "aid", "conditional"), ("Sudria", "aid", "conditional")} <= got  # it amends the first text
    assert ("Ostmark", "aid", "for") not in got  # the first text is only named as the comparison


def test_a_measure_taken_is_its_takers_stance_and_not_its_targets(pack):
    got = found(pack, "Ostmark imposed new sanctions on Sudria's ports on Tuesday.")
    assert ("Ostmark", "embargo", "for") in got
    assert not {g for g in got if g[0] == "Sudria"}
    got = found(pack, "Ostmark's sanctions against Sudria were tightened again.")
    assert not {g for g in got if g[0] == "Sudria"}
    # a drafted text is named as a text, not as any deal
    assert not {g for g in found(pack, "Any deal must protect the delta, Varga said.") if g[0] == "Ostmark"}


def test_a_demand_or_rejection_is_its_owners(pack):
    got = found(pack, "Sudria reacted to Norland's rejection of the framework by sending its envoy home.")
    assert ("Norland", "framework", "against") in got
    assert ("Sudria", "framework", "against") not in got


def test_a_numbered_point_of_a_drafted_text_is_a_provision_anywhere(pack):
    got = found(pack, "Ostmark made its 12-point framework public on Monday.\n\nTalks went on.\n\nPrices rose.\n\n"
                      "Nobody knows when it ends.\n\nPoint 3: Aid deliveries resume within a week.")
    assert ("Ostmark", "aid", "for") in got


@pytest.mark.parametrize(("text", "expected"), [
    ("The ceasefire proposal for the river dam was rejected by Norland.", ("Norland", "dam_control", "against")),
    ("Varga said aid remains the top priority for Sudria.", ("Sudria", "aid", "for")),
])
def test_the_roles_of_a_cue_name_its_holder(pack, text, expected):
    # the agent of a passive cue; whom a predicate is "for"; the issue as the cue's subject
    assert expected in found(pack, text)


def test_actors_joined_by_a_conjunction_hold_together_without_a_parser(pack):
    got = found(pack, "Norland und Sudrien unterstützen die Hilfslieferungen.", "de")
    assert {("Norland", "aid", "for"), ("Sudria", "aid", "for")} <= got
    # an actor named after the verb is no part of the subject
    got = found(pack, "Norland unterstützt die Hilfslieferungen, sagte ein Diplomat aus Ostmark.", "de")
    assert ("Ostmark", "aid", "for") not in got


def test_a_condition_inside_the_issues_description_is_no_condition(pack):
    got = found(pack, "Sudria wants aid that would flow even if Norland objects.")
    assert ("Sudria", "aid", "for") in got and ("Sudria", "aid", "conditional") not in got
    assert ("Sudria", "aid", "conditional") in found(pack, "Sudria will accept the framework only if aid continues.")


def test_taking_an_issue_up_in_talks(pack):
    got = found(pack, "Norland and Sudria discussed aid deliveries in Geneva.")
    assert {("Norland", "aid", "for"), ("Sudria", "aid", "for")} <= got
    # on another party's drafted text, discussing it is a conditional stance, not support
    got = found(pack, "Sudria discussed the framework in Geneva.")
    assert ("Sudria", "framework", "conditional") in got and ("Sudria", "framework", "for") not in got


def test_taking_an_issue_up_in_talks_without_a_parser(pack):
    got = found(pack, "Norland und Sudrien diskutierten die Hilfslieferungen.", "de")
    assert ("Norland", "aid", "for") in got


def test_the_one_obliged_in_reported_speech_holds_nothing(pack):
    got = found(pack, "Brel said that Norland must accept the framework.")
    assert ("Norland", "framework", "for") not in got
    assert ("Sudria", "framework", "for") in got  # the speaker wants it
