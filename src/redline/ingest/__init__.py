"""Ingest: read articles in any supported format, clean them and store them once."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources

# bump when reading, cleaning, flagging or dating code changes in a way that changes its output
PREPARE_VERSION = "2"  # 2: metadata dates only absolute, 1990..tomorrow
PREPARE_LEXICONS = ("cleaning", "dates", "flags")


@cache
def prepare_key(language: str | None = None) -> str:
    """Identifies the code and lexicons a document was read, cleaned, flagged and dated with (and the
    language the user imposed, if any)."""
    digest = hashlib.sha256(f"prepare:{PREPARE_VERSION}:{language or ''}".encode())
    data = resources.files("redline.data")
    for name in PREPARE_LEXICONS:
        digest.update(data.joinpath(f"{name}.yaml").read_bytes())
    return digest.hexdigest()[:16]
