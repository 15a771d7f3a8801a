import pytest

from redline.errors import BadEncoding, BinaryInput
from redline.ingest.decode import decode


def test_utf8_and_bom():
    assert decode("Умеров".encode(), source="x")[0] == "Умеров"
    assert decode(b"\xef\xbb\xbfHello", source="x")[0] == "Hello"


def test_legacy_encodings_are_detected():
    text = "Секретарь Совета национальной безопасности Украины Рустем Умеров провел переговоры в Майами. " * 3
    decoded, encoding = decode(text.encode("cp1251"), source="x")
    assert decoded == text
    latin = "Les négociations à Genève ont été «productives», selon le secrétaire d'État américain. " * 3
    assert decode(latin.encode("latin-1"), source="x")[0] == latin


def test_binary_is_refused():
    with pytest.raises(BinaryInput, match="PDF"):
        decode(b"%PDF-1.7 ...", source="x")
    with pytest.raises(BinaryInput, match="NUL"):
        decode(b"abc\x00def" * 10, source="x")


def test_bytes_that_are_no_text_are_refused():
    with pytest.raises((BadEncoding, BinaryInput)):
        decode(bytes(range(128, 256)) * 20, source="x")
