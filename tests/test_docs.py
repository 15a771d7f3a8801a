"""Every CLI command and every flag kind is documented in the README."""

import re

import pytest
import yaml

from redline.cli import app

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [c.name or c.callback.__name__ for c in app.registered_commands])
def test_command_is_documented(command):
    assert re.search(rf"redline {command}\b", README), f"`redline {command}` is not in the README"


@pytest.mark.parametrize("flag", ["opinion", "seo_spam", "citation_artifact", "machine_translation"])
def test_flag_is_documented(flag):
    assert f"`{flag}`" in README


def test_span_kinds_are_documented():
    from redline.clean.debris import KINDS

    for kind in KINDS:
        assert f"`{kind}`" in README


def test_lexicons_are_valid_yaml():
    for path in (ROOT / "src" / "redline" / "data").glob("*.yaml"):
        assert isinstance(yaml.safe_load(path.read_text(encoding="utf-8")), dict), path


def test_every_error_code_is_documented():
    import inspect

    from redline import errors

    codes = {cls.code for _, cls in inspect.getmembers(errors, inspect.isclass)
             if issubclass(cls, errors.RedlineError) and cls.code != "E000"}
    missing = sorted(code for code in codes if code not in README)
    assert not missing, f"error codes not in the README: {missing}"
