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
            "lexicon": {"en": r"\b(?:aid|relief convoys?)\b"}},
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
