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
    best = from_bytes(data).best()
    if best is None or best.chaos > 0.3:
        raise BadEncoding("not valid UTF-8 and no text encoding fits the bytes", source=source)
    return str(best), best.encoding
