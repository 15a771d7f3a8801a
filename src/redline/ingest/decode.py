"""Turn bytes into text: UTF-8 first, else the legacy encoding charset-normalizer detects."""

from __future__ import annotations

import unicodedata

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


def _text_share(text: str) -> float:
    """The share of characters a text would have: printable or white space, assigned, not private."""
    if not text:
        return 0.0
    bad = sum(1 for c in text if unicodedata.category(c) in ("Cn", "Co", "Cs") or not (c.isprintable() or c.isspace()))
    return 1 - bad / len(text)


def utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a byte-order mark (NUL bytes on every other byte for Latin text, control
    bytes for Cyrillic or Greek): the reading, little- or big-endian, in which nearly every character is one
    a text has; None when neither is."""
    if len(data) < 4 or len(data) % 2:
        return None
    head = data[:8192]
    nul_even, nul_odd = head[0::2].count(0), head[1::2].count(0)
    if min(nul_even, nul_odd) > len(head) // 200:  # NULs on both sides of the code units: not UTF-16 text
        return None
    readings = []
    for encoding in ("utf_16_le", "utf_16_be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        head = text[:4096]
        # a text keeps to a few blocks of 128 code points; the wrong byte order scatters it over many
        blocks = len({ord(c) >> 7 for c in head})
        readings.append((_text_share(head) >= 0.98, -blocks, encoding, text))
    best = max(readings, default=None)
    if best is None or not best[0] or sum(c.isalpha() or c.isspace() for c in best[3][:4096]) < len(best[3][:4096]) / 2:
        return None
    return best[3], best[2]


def decode(data: bytes, *, source: str) -> tuple[str, str]:
    """Return (text, encoding); raise a one-line error when the bytes are not text."""
    what = looks_binary(data)
    if what:
        found = utf16_without_bom(data) if not any(data.startswith(m) for m in MAGIC) else None
        if found is not None:
            return found
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
