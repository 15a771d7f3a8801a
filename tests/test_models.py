"""Bargaining models against their published references, and fed from a real store."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from redline import api
from redline.cli import app
from redline.errors import ModelInputError
from redline.models import eum
from redline.models.compromise import compromise
from redline.models.inputs import read_decide, read_input, write_bdm, write_decide, write_ktab

from .conftest import SHARED

BENCH = SHARED / "benchmarks"
# the reference run of the Scholz replication on ExampleActors.csv (../shared/benchmarks/README.md)
MEANS = [7.4613, 7.5525, 7.5901, 7.3581, 7.3492, 7.4149, 7.5105, 7.5724, 7.3250, 7.2421]
MEDIANS = [8.4159, 9.6109, 9.9620, 9.9620, 9.9620, 7.4720, 8.8246, 9.6711, 9.6711, 7.0]
DECIDE_TWO_ACTORS = """'#A'\t'Actor-1'\t'Actor-1'\t''
'#A'\t'Actor-2'\t'Actor-2'\t''
'#P'\t'Issue-1'\t'Issue-1'\t'Issue-1'
'#M'\t'Issue-1'\t0
'#M'\t'Issue-1'\t100
'#P'\t'Issue-2'\t'Issue-2'\t'Issue-2'
'#M'\t'Issue-2'\t0
'#M'\t'Issue-2'\t100
'#D'\t'Actor-1'\t'Issue-1'\t0.0\t10\t1
'#D'\t'Actor-1'\t'Issue-2'\t0.0\t90\t1
'#D'\t'Actor-2'\t'Issue-1'\t100.0\t60\t1
'#D'\t'Actor-2'\t'Issue-2'\t100.0\t50\t1
"""


def _bench(*parts: str) -> Path:
    path = BENCH.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not found: the shared benchmarks are not beside this checkout")
    return path


def test_compromise_pins_of_the_decide_model():
    model = read_decide(DECIDE_TWO_ACTORS)
    outcome = compromise(model.position.T, model.capability, model.salience.T)
    assert outcome == pytest.approx([85 + 5 / 7, 35 + 5 / 7])


def test_expected_utility_reproduces_the_scholz_reference_run():
    model = read_input(_bench("bdm", "ExampleActors.csv"))
    result = eum.run(model.position.T, model.capability, model.salience.T, rounds=10)
    assert [float(m[0]) for m in result.means] == pytest.approx(MEANS, abs=1e-3)
    assert [float(m[0]) for m in result.medians] == pytest.approx(MEDIANS, abs=1e-3)


def test_the_sultan_example_does_not_move():
    model = read_input(_bench("bdm", "Sultan.csv"))
    result = eum.run(model.position.T, model.capability, model.salience.T, rounds=10)
    assert np.allclose(result.positions[-1], model.position.T)
    assert [float(m[0]) for m in result.medians] == pytest.approx([13.9] * 10)


def test_the_vectorised_probability_equals_the_direct_sum():
    rng = np.random.default_rng(1)
    x = np.round(rng.uniform(0, 100, (6, 9)))
    w, r = rng.uniform(0.1, 1, (6, 9)), rng.uniform(0.5, 2, (6, 9))
    dist = eum._distances(x, x.max(-1) - x.min(-1))
    u = dist ** r[..., :, None]
    direct = np.einsum("bk,bkij->bij", w, np.maximum(u[:, :, None, :] - u[:, :, :, None], 0))
    n = x.shape[-1]
    denom = np.array([(w[b][:, None, None] * np.abs(u[b][:, :, None] - u[b][:, None, :])).sum() for b in range(6)])
    assert np.allclose(eum._probability(x, dist, w, r), np.where(dist == 0, 0, direct / denom[:, None, None]))
    assert n == 9


def test_compiled_rounds_equal_the_numpy_rounds():
    from redline.models import eum_fast

    rng = np.random.default_rng(5)
    x = rng.uniform(0, 100, (40, 9))
    x[:10] = np.round(x[:10] / 25) * 25  # shared positions and ties
    c, s = rng.uniform(0.1, 1, (40, 9)), rng.uniform(0.1, 1, (40, 9))
    numpy_rounds = eum.run(x, c, s, rounds=6, every_round=False, compiled=False).positions[-1]
    assert eum_fast.final_positions(x, c, s, 6) == pytest.approx(numpy_rounds, abs=1e-9)


def test_compiled_exp_and_log_are_exact_to_a_few_ulps():
    pytest.importorskip("numba")
    from redline.models import eum_fast

    rng = np.random.default_rng(2)
    x = np.concatenate([rng.random(5000), rng.random(500) * 1e-9, [1.0, 0.5]])
    out, tmp = np.empty_like(x), np.empty_like(x)
    eum_fast._log(x, out, tmp)
    assert np.max(np.abs(out - np.log(x)) / np.abs(np.log(x)).clip(1e-300)) < 1e-15
    eum_fast._log(np.array([0.0]), out[:1], tmp[:1])
    assert out[0] == -np.inf
    z = np.concatenate([-rng.random(5000) * 60, [0.0]])
    out, tmp = np.empty_like(z), np.empty_like(z)
    eum_fast._exp(z, out, tmp)
    assert np.max(np.abs(out - np.exp(z)) / np.exp(z)) < 1e-15


def test_compiled_rounds_reproduce_the_scholz_reference_medians():
    from redline.models import eum_fast

    model = read_input(_bench("bdm", "ExampleActors.csv"))
    w = (model.capability * model.salience[:, 0])[None]
    medians = [float(eum.median_voter(eum_fast.final_positions(model.position.T, model.capability[None],
                                                               model.salience.T, k), w)[0]) for k in range(1, 11)]
    assert medians == pytest.approx(MEDIANS, abs=1e-3)


def test_smp_matches_ktab_on_the_first_state():
    from redline.models import smp

    model = read_input(_bench("ktab", "dummyData_3Dim.csv"))
    risk, _, prob = smp.state(model.position / 100, model.salience, model.capability)
    # KTAB's log: inferred risk attitudes and the first column of the winning probabilities
    assert risk == pytest.approx([-0.500, -0.459, -0.499, -0.274, 1.000, -0.232, -0.430], abs=1e-3)
    assert prob == pytest.approx([0.0047, 0.0302, 0.0054, 0.1492, 0.6001, 0.1447, 0.0656], abs=1e-4)


def test_smp_reproduces_ktabs_reference_run():
    from bench.models import _ktab_log

    from redline.models import smp

    model = read_input(_bench("ktab", "dummyData_3Dim.csv"))
    positions, probs, steps = _ktab_log(_bench("ktab", "20170530_ref-dummyData_3Dim.txt"))
    sim = smp.simulate(model.position / 100, model.salience, model.capability, rounds=100)
    assert len(sim["positions"]) - 1 == steps == 10
    for a, name in enumerate(model.actors):
        ours = np.array(sim["positions"])[:, a, :] * 100
        assert ours == pytest.approx(np.array(positions[name]).T, abs=0.051)  # KTAB prints one decimal
        assert [float(p[a]) for p in sim["probabilities"]] == pytest.approx(probs[name], abs=1e-4)


def test_smp_challenge_and_bargain_on_a_small_case():
    from redline.models import smp

    # two near allies and a far, strong actor on one dimension
    x = np.array([[0.1], [0.2], [0.9]])
    s = np.array([[0.5], [0.5], [0.9]])
    power = np.array([1.0, 1.0, 3.0])
    out = smp.step(x, s, power)
    assert out["probabilities"].sum() == pytest.approx(1.0)
    assert out["risk"].max() == pytest.approx(1.0) and out["risk"].min() == pytest.approx(-0.5)
    for i, (j, p, gain) in out["targets"].items():
        assert i != j and gain > smp.MIN_GAIN and 0 < p < 1
    # a bargain lies between the two positions, rounded to 4 decimals
    for i, j, bi, bj in out["offers"]:
        lo, hi = sorted([float(x[i, 0]), float(x[j, 0])])
        assert lo - 1e-9 <= bi[0] <= hi + 1e-9 and bj[0] == pytest.approx(round(bj[0], 4))
    # each actor ends at its own position or at a bargain it was party to
    for k in range(3):
        held = [x[k, 0]] + [b[0] for i, j, bi, bj in out["offers"] for b, who in ((bi, i), (bj, j)) if who == k]
        assert any(out["positions"][k, 0] == pytest.approx(h) for h in held)
    assert out["chosen"]  # someone took a bargain


def test_smp_on_model_inputs_keeps_saliences_within_ktabs_limit():
    from redline.models import smp

    s = np.array([[0.9, 0.8], [0.2, 0.3]])
    scaled = smp.ktab_saliences(s)
    assert scaled[0].sum() <= 1 and np.allclose(scaled[1], s[1])


def test_formats_round_trip(tmp_path):
    model = read_decide(DECIDE_TWO_ACTORS)
    again = read_decide(write_decide(model))
    assert again.actors == model.actors and np.allclose(again.position, model.position)
    (tmp_path / "one.csv").write_text(write_bdm(model, "Issue-1"), encoding="utf-8")
    assert read_input(tmp_path / "one.csv").position[:, 0].tolist() == [0.0, 100.0]
    (tmp_path / "k.csv").write_text(write_ktab(model), encoding="utf-8")
    k = read_input(tmp_path / "k.csv")
    assert k.issues == ["Issue-1", "Issue-2"] and np.allclose(k.salience, model.salience)
    (tmp_path / "bad.csv").write_text("nothing,to,see\n1,2\n", encoding="utf-8")
    with pytest.raises(ModelInputError, match="bad.csv"):
        read_input(tmp_path / "bad.csv")


def test_inputs_from_the_store_with_sources_overrides_and_what_ifs(examples_db, tmp_path):
    model = api.model_inputs(examples_db)
    rows = model.rows()
    assert rows and all(r["position_from"].startswith("tracker:") for r in rows)
    assert all(0 <= r["salience"] <= 1 and r["capability_from"] for r in rows)
    actor, issue = rows[0]["actor"], rows[0]["issue"]
    (tmp_path / "o.csv").write_text(f"actor,issue,position\n{actor},{issue},12\n", encoding="utf-8")
    changed = api.model_inputs(examples_db, overrides=tmp_path / "o.csv", sets=[f"{actor}.capability=0.5"])
    row = next(r for r in changed.rows() if r["actor"] == actor and r["issue"] == issue)
    assert row["position"] == 12 and row["position_from"] == "override o.csv" and row["capability"] == 0.5
    with pytest.raises(ModelInputError):
        model.set("Nobody.territory.position=50")


def test_run_saves_explains_and_samples(examples_db, tmp_path):
    db = str(tmp_path / "copy.db")
    api.ingest([Path(__file__).resolve().parents[1] / "examples" / "russia_ukraine"], db=db)
    result = api.run_model("eum", db, runs=50, seed=3)
    issue = next(iter(result["issues"]))
    first = result["issues"][issue]["rounds"][1]
    assert {"round", "mean", "median", "positions"} <= first.keys()
    mc = result["monte_carlo"]["issues"][issue]
    assert mc["runs"] == 50 and mc["quantiles"]["p5"] <= mc["quantiles"]["p95"]
    assert result["blocking_issue"] is None or result["blocking_issue"]["issue"] in result["issues"]
    explained = api.explain_model(db)
    assert explained["run_id"] == result["run_id"] and issue in explained["issues"]
    again = api.run_model("eum", db, runs=50, seed=3)
    assert again["monte_carlo"] == result["monte_carlo"]  # the same seed, the same draws


def test_cli_model_commands(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "m.db")
    path = tmp_path / "two.tsv"
    path.write_text(DECIDE_TWO_ACTORS, encoding="utf-8")
    result = runner.invoke(app, ["model", "run", "--method", "compromise", "--input", str(path), "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["issues"]["Issue-1"]["outcome"] == pytest.approx(85 + 5 / 7, abs=1e-3)
    result = runner.invoke(app, ["model", "run", "--input", str(path), "--db", db,
                                 "--set", "Actor-1.Issue-1.position=50"])
    assert result.exit_code == 0 and "Issue-1" in result.output
    result = runner.invoke(app, ["model", "explain", "--db", db])
    assert result.exit_code == 0 and "run" in result.output
    result = runner.invoke(app, ["model", "run", "--method", "magic", "--input", str(path), "--db", db])
    assert result.exit_code == 2
