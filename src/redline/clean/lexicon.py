"""Load the cleaning and flag lexicons shipped as YAML data files."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load(name: str) -> dict[str, Any]:
    """Read `redline/data/NAME.yaml` once."""
    text = resources.files("redline.data").joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def for_language(table: dict[str, str], language: str | None) -> str | None:
    """Pick the entry of a per-language table, falling back to `default` or English."""
    if language and language in table:
        return table[language]
    return table.get("default") or table.get("en")
