from hypothesis import given
from hypothesis import strategies as st

from redline.clean.cleantext import RemovedSpan, build_clean_text


def test_removed_spans_are_cut_and_offsets_map_back():
    original = "Alpha beta. [cite: 1] Gamma delta."
    start = original.index(" [cite")
    clean = build_clean_text(original, [RemovedSpan(start, start + len(" [cite: 1]"), "citation")])
    assert clean.text == "Alpha beta. Gamma delta."
    i = clean.text.index("Gamma")
    assert original[clean.to_original(i) : clean.to_original(i) + 5] == "Gamma"
    s, e = clean.span_to_original(i, i + len("Gamma delta."))
    assert original[s:e] == "Gamma delta."


def test_overlapping_spans_merge():
    clean = build_clean_text("0123456789", [RemovedSpan(2, 5, "a"), RemovedSpan(4, 7, "b")])
    assert clean.text == "01789"
    assert [(s.start, s.end) for s in clean.removed] == [(2, 7)]


@st.composite
def text_and_spans(draw):
    text = draw(st.text(min_size=1, max_size=200))
    n = len(text)
    spans = []
    for _ in range(draw(st.integers(0, 5))):
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, n))
        spans.append(RemovedSpan(a, b, "x"))
    return text, spans


@given(text_and_spans())
def test_every_clean_character_maps_to_the_same_original_character(case):
    original, spans = case
    clean = build_clean_text(original, spans)
    for i, ch in enumerate(clean.text):
        assert original[clean.to_original(i)] == ch
    removed_chars = sum(s.end - s.start for s in clean.removed)
    assert len(clean.text) + removed_chars == len(original)
