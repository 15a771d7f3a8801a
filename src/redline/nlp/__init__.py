"""Extraction: actors, statements, positions, events and claims from cleaned article text."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata, resources
from pathlib import Path


@cache
def code_digest() -> str:
    """A digest of the extraction code and its language data: the source of every module of redline.nlp and of
    redline.scenario, every YAML file of redline/data and the spaCy version. Any change to them changes it, so
    that a store is extracted again after a code or data change."""
    digest = hashlib.sha256()
    # the extractors, and the code that reads a pack into what they see
    for path in [*sorted(Path(__file__).parent.glob("*.py")), Path(__file__).parent.parent / "scenario.py"]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    data = resources.files("redline.data")
    for name in sorted(p.name for p in data.iterdir() if p.name.endswith(".yaml")):
        digest.update(name.encode() + b"\0" + data.joinpath(name).read_bytes())
    try:
        digest.update(metadata.version("spacy").encode())
    except metadata.PackageNotFoundError:
        pass
    return digest.hexdigest()


def extraction_key(scenario_fingerprint: str) -> str:
    """Identifies the code, lexicons and scenario an extraction was made with."""
    return hashlib.sha256(f"{code_digest()}:{scenario_fingerprint}".encode()).hexdigest()[:16]
