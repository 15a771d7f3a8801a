"""Relative dates in the dev set's languages, resolved against the publication date (data: dates.yaml)."""

from datetime import date

from redline.nlp.dates import dates_in

PUBLISHED = date(2025, 12, 3)  # a Wednesday


def first(text, future=False):
    found = dates_in(text, PUBLISHED, future=future)
    return found[0][2] if found else None


def test_a_weekday_in_every_language_is_the_last_one_before_the_article():
    for text in ["officials said Tuesday", "Tuesday's talks", "во вторник", "у вівторок", "am Dienstag", "mardi soir",
                 "el martes", "martedì", "we wtorek", "salı günü", "周二会谈", "星期二", "يوم الثلاثاء", "화요일에",
                 "火曜日に", "na terça-feira"]:
        assert first(text) == "2025-12-02", text


def test_a_planned_weekday_looks_ahead():
    assert first("они встретятся в пятницу", future=True) == "2025-12-05"


def test_yesterday_and_last_week_in_other_languages():
    assert first("вчера в Кремле") == "2025-12-02"
    assert first("ieri a Roma") == "2025-12-02"
    assert first("昨天") == "2025-12-02"
    assert dates_in("la semana pasada", PUBLISHED)[0][2:] == ("2025-11-24", "week")


def test_words_that_only_begin_like_a_weekday_are_no_date():
    assert dates_in("среди партнёров нет средств", PUBLISHED) == []
    assert dates_in("brak środków na czwarty etap", PUBLISHED) == []
