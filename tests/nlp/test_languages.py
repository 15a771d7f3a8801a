"""Positions, statements and events in languages with little data of their own (Polish, Portuguese,
Turkish, Japanese, Korean, Greek, Albanian), read with the bundled pack's aliases and lexicons and the
shared cue tables. Every sentence is written here."""

from __future__ import annotations

from datetime import date

import pytest

from redline.nlp.extract import extract
from redline.scenario import load_scenario

SCENARIO = load_scenario()
PUBLISHED = date(2026, 2, 10)


def read(text: str, language: str):
    return extract(text, language=language, published=PUBLISHED, scenario=SCENARIO)


POSITIONS = [
    ("pl", "Rosja odrzuca rozmieszczenie wojsk europejskich po zawarciu pokoju.", ("Russia", "foreign_troops", "against")),
    ("pl", "Ukraina popiera wymianę jeńców wojennych w formule wszystkich za wszystkich.",
     ("Ukraine", "prisoner_exchange", "for")),
    ("pt", "A Rússia rejeita o envio de tropas europeias depois de um acordo.", ("Russia", "foreign_troops", "against")),
    ("pt", "A Ucrânia apoia uma nova troca de prisioneiros antes do inverno.", ("Ukraine", "prisoner_exchange", "for")),
    ("tr", "Rusya, Ukrayna'nın NATO üyeliğini kesinlikle reddediyor.", ("Russia", "nato_membership", "against")),
    ("tr", "Ukrayna yeni bir esir takasını destekliyor.", ("Ukraine", "prisoner_exchange", "for")),
    ("ja", "ロシアはウクライナのNATO加盟を拒否した。", ("Russia", "nato_membership", "against")),
    ("ja", "ウクライナは捕虜交換の継続を支持している。", ("Ukraine", "prisoner_exchange", "for")),
    ("ko", "러시아는 우크라이나의 나토 가입을 거부했다.", ("Russia", "nato_membership", "against")),
    ("ko", "우크라이나는 포로 교환 확대를 지지한다고 했다.", ("Ukraine", "prisoner_exchange", "for")),
    ("el", "Η Ρωσία απορρίπτει την ανάπτυξη ευρωπαϊκών στρατευμάτων μετά τη συμφωνία.",
     ("Russia", "foreign_troops", "against")),
    ("sq", "Rusia refuzon vendosjen e trupave evropiane pas marrëveshjes.", ("Russia", "foreign_troops", "against")),
]


@pytest.mark.parametrize(("language", "text", "expected"), POSITIONS)
def test_a_party_takes_a_stance_on_an_issue(language, text, expected):
    got = {(p.party, p.issue, p.stance) for p in read(text, language).positions}
    assert expected in got


@pytest.mark.parametrize(("language", "text"), [
    ("pl", "Rosja nie popiera zawieszenia broni na obecnych warunkach."),
    ("pt", "A Rússia não apoia um cessar-fogo imediato."),
])
def test_a_negated_support_is_no_support(language, text):
    got = {(p.party, p.issue, p.stance) for p in read(text, language).positions}
    assert ("Russia", "ceasefire", "for") not in got
    assert ("Russia", "ceasefire", "against") in got


STATEMENTS = [
    ("tr", "Peskov’a göre taraflar görüşmelere gelecek hafta yeniden başlayacak.", "Dmitry Peskov"),
    ("ja", "ペスコフ報道官によると、米露両国代表団は次回会合日程を調整している。", "Dmitry Peskov"),
    ("ko", "페스코프 대변인에 따르면 양측 대표단은 다음 주에 다시 만날 계획이다.", "Dmitry Peskov"),
]


@pytest.mark.parametrize(("language", "text", "speaker"), STATEMENTS)
def test_reported_speech_has_its_speaker(language, text, speaker):
    got = read(text, language).statements
    assert [s.speaker for s in got] == [speaker]
    assert got[0].kind == "indirect" and len(got[0].text) >= 10


@pytest.mark.parametrize(("language", "text"), [
    ("ja", "ペスコフ報道官は「協議は来週も続く」と述べた。"),
    ("ko", "페스코프 대변인은 “협상은 다음 주에도 계속된다”고 말했다."),
])
def test_a_quotation_with_its_verb_after_it(language, text):
    got = read(text, language).statements
    assert [(s.speaker, s.kind) for s in got] == [("Dmitry Peskov", "direct")]


MEETINGS = [
    ("pl", "Delegacje Rosji i Ukrainy spotkały się w środę w Abu Zabi."),
    ("pt", "Representantes da Rússia e da Ucrânia reuniram-se em Genebra."),
    ("tr", "Rusya ve Ukrayna heyetleri Abu Dabi'de bir araya geldi."),
    ("ja", "ロシアとウクライナの代表団はジュネーブで会談した。"),
    ("ko", "러시아와 우크라이나 대표단이 제네바에서 회담했다."),
    ("el", "Οι αντιπροσωπείες της Ρωσίας και της Ουκρανίας συναντήθηκαν στη Γενεύη."),
    ("sq", "Delegacionet e Rusisë dhe të Ukrainës u takuan në Gjenevë."),
]


@pytest.mark.parametrize(("language", "text"), MEETINGS)
def test_a_meeting_is_a_consult_between_the_parties(language, text):
    consults = [e for e in read(text, language).events if e.type == "CONSULT"]
    assert consults and {"Russia", "Ukraine"} <= set(consults[0].parties)


def test_a_turkish_rejection_with_its_softened_stem():
    rejects = [e for e in read("Rusya, Ukrayna'nın son teklifini reddediyor.", "tr").events if e.type == "REJECT"]
    assert rejects and {"Russia", "Ukraine"} <= set(rejects[0].parties)


def test_japanese_sentences_end_at_their_full_stop():
    text = "ロシアはウクライナのNATO加盟を拒否した。米国は停戦を支持した。"
    got = {(p.party, p.issue, p.stance) for p in read(text, "ja").positions}
    assert got == {("Russia", "nato_membership", "against"), ("United States", "ceasefire", "for")}


@pytest.mark.parametrize(("language", "text"), [
    ("pt", "A Rússia diz que um cessar-fogo depende da retirada das tropas."),
    ("pl", "Rosja twierdzi, że zawieszenie broni zależy od wycofania wojsk."),
])
def test_a_stance_that_depends_on_something_is_conditional(language, text):
    got = {(p.party, p.issue, p.stance) for p in read(text, language).positions}
    assert ("Russia", "ceasefire", "conditional") in got


def test_a_statement_is_no_readiness_for_talks_in_turkish():
    text = "Rusya, görüşmelerin ardından yaptığı açıklamada esir takasını destekledi."
    got = {(p.party, p.issue) for p in read(text, "tr").positions}
    assert ("Russia", "prisoner_exchange") in got and ("Russia", "direct_talks") not in got


def test_a_revised_text_presented_is_no_condition_in_japanese():
    got = {(p.party, p.issue, p.stance) for p in read("米国は停戦を含む修正された計画を提示した。", "ja").positions}
    assert ("United States", "ceasefire", "for") in got
    assert ("United States", "ceasefire", "conditional") not in got


def test_a_party_named_as_the_war_is_not_in_talks_over_the_plan():
    text = "ウクライナ紛争に関する和平計画の協議が行われた。"
    assert not [p for p in read(text, "ja").positions if p.party == "Ukraine"]


def test_turkish_quotations_with_the_saying_participle_and_the_words_used():
    text = "\"Toplantılar sürüyor\" diyen Peskov, \"Haftaya yeniden bir araya geleceğiz\" ifadelerini kullandı."
    got = read(text, "tr").statements
    assert [(s.speaker, s.kind) for s in got] == [("Dmitry Peskov", "direct")] * 2


def test_an_albanian_against_names_a_target_unless_a_verb_comes_first():
    target = {(p.party, p.issue, p.stance) for p in read("Ukraina mbështet sanksionet kundër Rusisë.", "sq").positions}
    assert ("Ukraine", "sanctions", "for") in target and ("Ukraine", "sanctions", "against") not in target
    stance = {(p.party, p.issue, p.stance) for p in read("Rusia është kundër armëpushimit të menjëhershëm.", "sq").positions}
    assert ("Russia", "ceasefire", "against") in stance


def test_an_albanian_cut_in_the_forces_is_a_cap():
    got = {(p.party, p.issue) for p in read("Rusia kërkon zvogëlimin e numrit të forcave ukrainase.", "sq").positions}
    assert ("Russia", "military_cap") in got
