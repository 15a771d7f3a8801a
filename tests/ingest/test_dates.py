from datetime import datetime

import pytest

from redline.ingest.dates import date_in_text, normalise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" date 2025-12-04 The negotiations between Moscow and Washington", "2025-12-04"),
        ("Long analysis.\nSo, where do we land on December 3, 2025? We land back where we started.", "2025-12-03"),
        ("Intro.\nAs of December 5, 2025, the diplomatic landscape is characterised by deadlock.", "2025-12-05"),
        ("MOSCOW, December 3, 2025 — Talks ended.", "2025-12-03"),
        ("GENF, 23. November 2025 – Vertreter der Ukraine", "2025-11-23"),
        ("Опубликовано: 4 декабря 2025 года. Текст.", "2025-12-04"),
    ],
)
def test_dates_the_text_gives_for_itself(text, expected):
    assert date_in_text(text) == (expected, "day")


@pytest.mark.parametrize(
    "text",
    [
        "Zelenskyy posted today (December 3): Ukraine will wait for signals.",  # no year: never invent one
        "x" * 300 + " The plan of March 18, 2025 was discussed again.",  # a date mentioned, not a dateline
        "Istanbul talks in spring 2022 failed.",
    ],
)
def test_no_date_is_invented(text):
    assert date_in_text(text) == (None, None)


def test_metadata_dates_normalise():
    assert normalise("2025-12-02 10:33:00") == ("2025-12-02", "day")
    assert normalise(datetime(2025, 11, 30, 18, 5)) == ("2025-11-30", "day")
    assert normalise("2025-11") == ("2025-11-01", "month")
    assert normalise(None) == (None, None)
    assert normalise("Thu, 04 Dec 2025 20:30:00 GMT") == ("2025-12-04", "day")


def test_a_banner_a_caption_or_a_related_list_is_no_dateline():
    text = ("Today: October 19, 2025 | Markets | Weather\n"
            "Photo: delegates in Cairo, October 2, 2025 (file)\n"
            "CAIRO, October 15, 2025 — Negotiators resumed talks on Wednesday.\n"
            "Related: Talks collapse, October 20, 2025\n")
    assert date_in_text(text) == ("2025-10-15", "day")


def test_a_dateline_comes_before_the_writers_now():
    assert date_in_text("BERLIN, 3. Dezember 2025 – Stand der Dinge.\nAs of December 5, 2025, nothing moved.") == (
        "2025-12-03", "day")
