"""The extraction key comes from the extraction code and data themselves: any change to them re-extracts."""

from __future__ import annotations

import shutil
from pathlib import Path

import redline
from redline.nlp import digest_of, extraction_inputs, extraction_key

SRC = Path(redline.__file__).parent


def test_every_extraction_module_and_data_file_is_an_input():
    inputs = set(extraction_inputs())
    assert set((SRC / "nlp").glob("*.py")) <= inputs
    assert set((SRC / "data").glob("*.yaml")) <= inputs
    assert SRC / "scenario.py" in inputs


def test_one_changed_byte_in_any_input_changes_the_digest(tmp_path):
    copies = []
    for k, path in enumerate(extraction_inputs()):
        target = tmp_path / f"{k}" / path.name
        target.parent.mkdir()
        shutil.copy(path, target)
        copies.append(target)
    before = digest_of(copies)
    for target in (copies[0], copies[-1]):  # a module and a data file
        original = target.read_bytes()
        target.write_bytes(original + b" ")
        assert digest_of(copies) != before, target.name
        target.write_bytes(original)
    assert digest_of(copies) == before


def test_the_key_changes_with_the_pack():
    assert extraction_key("aaaa") != extraction_key("bbbb")
    assert extraction_key("aaaa") == extraction_key("aaaa")
