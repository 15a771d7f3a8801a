"""Event-data exports (POLECAT/PLOVER JSON, GDELT CAMEO columns, ACLED CSV) read back with pandas and
checked column by column against docs/eventdata.md."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from redline import api
from redline.cli import app
from redline.export.eventdata import EVENT_FORMATS, codes
from redline.frames import PLOVER
from redline.scenario import load_scenario

from .conftest import ROOT

pd = pytest.importorskip("pandas", reason="the pandas extra is not installed")

DOC = (ROOT / "docs" / "eventdata.md").read_text(encoding="utf-8")


def documented(file_name: str) -> list[tuple[str, str]]:
    """(field, type) rows of the table under the heading that names FILE_NAME."""
    section = DOC.split(f"`{file_name}`", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([^`]+)` \| (\w+) \|", section, flags=re.M)


@pytest.fixture(scope="module")
def exported(examples_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("eventdata")
    for fmt in EVENT_FORMATS:
        result = CliRunner().invoke(app, ["export", str(out), "--format", fmt, "--db", examples_db, "--json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == {EVENT_FORMATS[fmt]: len(api.timeline(examples_db))}
    return out


def read(fmt: str, out):
    path = out / EVENT_FORMATS[fmt]
    if fmt == "plover":
        return pd.read_json(path, lines=True, dtype=False)
    if fmt == "cameo":
        return pd.read_csv(path, sep="\t", dtype={"EventCode": str, "EventBaseCode": str, "EventRootCode": str})
    return pd.read_csv(path)


def check_type(series, kind: str) -> None:
    values = series.dropna()
    if kind == "integer":
        assert pd.api.types.is_integer_dtype(series) or (
            pd.api.types.is_numeric_dtype(series) and (values == values.round()).all()), series.name
    elif kind == "float":
        assert pd.api.types.is_numeric_dtype(series) or values.empty, series.name
    elif kind == "date":
        assert pd.to_datetime(values, format="%Y-%m-%d").notna().all(), series.name
    elif kind == "string":
        assert all(isinstance(v, str) for v in values) or values.empty, series.name
    elif kind == "list":
        assert all(isinstance(v, list) for v in series), series.name
    elif kind == "object":
        assert all(isinstance(v, dict) for v in series), series.name
    else:
        raise AssertionError(f"undocumented type {kind!r} for {series.name}")


@pytest.mark.parametrize("fmt", list(EVENT_FORMATS))
def test_export_reads_back_with_the_documented_columns_and_types(exported, fmt):
    frame = read(fmt, exported)
    fields = documented(EVENT_FORMATS[fmt])
    assert len(frame) > 0
    assert list(frame.columns) == [name for name, _ in fields]
    for name, kind in fields:
        check_type(frame[name], kind)


def test_codes_follow_plover_and_cameo(exported):
    cameo = read("cameo", exported)
    assert set(codes()["plover"]) == set(PLOVER)
    quad_of_root = {**dict.fromkeys(range(1, 5), 1), **dict.fromkeys(range(5, 9), 2),
                    **dict.fromkeys(range(9, 14), 3), **dict.fromkeys(range(14, 21), 4)}
    for entry in codes()["plover"].values():
        assert quad_of_root[int(entry["cameo"][:2])] == entry["quad"]
        assert -10 <= entry["goldstein"] <= 10
    consult = cameo[cameo["EventRootCode"] == "04"]
    assert len(consult) > 0 and (consult["QuadClass"] == 1).all()
    assert (cameo["SQLDATE"] // 100 == cameo["MonthYear"]).all()


def test_each_event_keeps_its_evidence(exported, examples_db):
    plover = read("plover", exported)
    flat = pd.json_normalize(plover.to_dict("records"))
    row = flat.iloc[0]
    text = api.get_document(row["source.doc_id"], examples_db)["text"]
    assert text[int(row["source.start"]):int(row["source.end"])].strip() == row["source.sentence"].strip()
    countries = {a["country"] for actors in plover["actors"] for a in actors}
    assert len(countries - {None}) >= 2  # the pack's codes.yaml reached the actors
    issues = set(load_scenario(None).issues)
    assert any(plover["contexts"]) and all(set(c) <= issues for c in plover["contexts"])
    acled = read("acled", exported)
    assert acled["tags"].str.startswith("redline:").all()
    assert set(acled["interaction"].dropna()) <= {10, 11, 18, 80, 88}


@pytest.mark.parametrize("fmt", ["cameo", "acled"])
def test_an_empty_store_still_writes_the_documented_header(db, tmp_path, fmt):
    assert api.export(tmp_path, db, fmt=fmt) == {EVENT_FORMATS[fmt]: 0}
    frame = read(fmt, tmp_path)
    assert frame.empty and list(frame.columns) == [name for name, _ in documented(EVENT_FORMATS[fmt])]
