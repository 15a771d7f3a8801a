"""A scenario is data: no party, person, place or issue id of a bundled pack is named in the code."""

from __future__ import annotations

import re
from pathlib import Path

from redline.scenario import BUNDLED, load_scenario

SRC = Path(__file__).resolve().parents[1] / "src" / "redline"
PENDING: set[Path] = set()  # files allowed to name a pack's things (none)


def test_no_pack_names_in_the_code():
    names: set[str] = set()
    for pack_name in BUNDLED:
        pack = load_scenario(pack_name)
        names |= set(pack.actors) | set(pack.issues) | set(pack.places) | set(pack.sides) | {pack.name}
    assert len(names) > 50  # both bundled packs were read
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n in sorted(names, key=len, reverse=True)))
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path in PENDING:
            continue
        text = path.read_text(encoding="utf-8")
        for m in pattern.finditer(text):
            found.append(f"{path.relative_to(SRC)}:{text.count(chr(10), 0, m.start()) + 1}: {m.group(0)}")
    assert found == []


def test_no_pack_names_in_the_shared_language_data():
    """Outlet names (media.yaml) and cue comments name no party, person or place of a bundled pack. Issue ids that
    are common words (sanctions, ceasefire) are words there."""
    names: set[str] = set()
    for pack_name in BUNDLED:
        pack = load_scenario(pack_name)
        names |= set(pack.actors) | set(pack.places) | set(pack.sides)
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n in sorted(names, key=len, reverse=True)))
    found = []
    for path in sorted((SRC / "data").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        found += [f"{path.name}:{text.count(chr(10), 0, m.start()) + 1}: {m.group(0)}" for m in pattern.finditer(text)]
    assert found == []
