"""Turn bytes into text: UTF-8 first, else the legacy encoding charset-normalizer detects."""

from __future__ import annotations

from charset_normalizer import from_bytes

from redline.errors import BadEncoding, BinaryInput

# magic numbers of common binary formats people drop into article folders by mistake
MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
    b"SQLite format 3": "an SQLite database",
}


PREFERRED = [
    "cp1252", "latin_1", "cp1251", "koi8_r", "koi8_u", "cp1250", "iso8859_2", "iso8859_15", "gb18030", "big5",
    "shift_jis", "euc_kr", "cp1256", "cp1253", "cp1254", "utf_16",
]


def looks_binary(data: bytes) -> str | None:
    """Return what the bytes look like when they are not text, else None."""
    for magic, what in MAGIC.items():
        if data.startswith(magic):
            return what
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 with a byte-order mark
    if b"\x00" in head:
        return "binary data (contains NUL bytes)"
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    if control > len(head) * 0.05:
        return "binary data (many control characters)"
    return None


def decode(data: bytes, *, source: str) -> tuple[str, str]:
    """Return (text, encoding); raise a one-line error when the bytes are not text."""
    what = looks_binary(data)
    if what:
        raise BinaryInput(f"not text: {what}", source=source)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    matches = from_bytes(data)
    best = matches.best()
    if best is None or best.chaos > 0.3:
        raise BadEncoding("not valid UTF-8 and no text encoding fits the bytes", source=source)
    # among equally clean readings, prefer the encodings most used for news text
    tied = [m for m in matches if m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.05]
    tied.sort(key=lambda m: PREFERRED.index(m.encoding) if m.encoding in PREFERRED else len(PREFERRED))
    choice = tied[0] if tied else best
    return str(choice), choice.encoding
