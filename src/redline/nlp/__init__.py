"""Extraction: actors, statements, positions, events and claims from cleaned article text."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from importlib import metadata, resources
from pathlib import Path


def extraction_inputs() -> list[Path]:
    """The files an extraction's output depends on: the source of every module of redline.nlp and of
    redline.scenario (which reads a pack into what the extractors see), and every YAML file of redline/data."""
    here = Path(__file__).parent
    data = Path(str(resources.files("redline.data")))
    return [*sorted(here.glob("*.py")), here.parent / "scenario.py", *sorted(data.glob("*.yaml"))]


def digest_of(files: Iterable[Path], *extra: str) -> str:
    """A digest of these files' names and bytes, and of any extra strings."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for value in extra:
        digest.update(value.encode() + b"\0")
    return digest.hexdigest()


@cache
def code_digest() -> str:
    """The extraction code and its language data (`extraction_inputs`) and the spaCy version: any change to them
    changes it, so that a store is extracted again after a code or data change."""
    try:
        spacy_version = metadata.version("spacy")
    except metadata.PackageNotFoundError:
        spacy_version = ""
    return digest_of(extraction_inputs(), spacy_version)


def extraction_key(scenario_fingerprint: str) -> str:
    """Identifies the code, lexicons and scenario an extraction was made with."""
    return hashlib.sha256(f"{code_digest()}:{scenario_fingerprint}".encode()).hexdigest()[:16]
