"""Extraction: actors, statements, positions, events and claims from cleaned article text."""

from __future__ import annotations

import hashlib
from importlib import resources

# bump when extraction code changes in a way that changes its output
EXTRACTOR_VERSION = "1"


def extraction_key(scenario_fingerprint: str) -> str:
    """Identifies the code, lexicons and scenario an extraction was made with."""
    digest = hashlib.sha256(f"{EXTRACTOR_VERSION}:{scenario_fingerprint}".encode())
    data = resources.files("redline.data")
    for name in sorted(p.name for p in data.iterdir() if p.name.endswith(".yaml")):
        digest.update(data.joinpath(name).read_bytes())
    return digest.hexdigest()[:16]
