"""Model benchmarks: the Scholz expected-utility reference run, the decide compromise pins, KTAB's SMP
reference log, and the speed of 1,000 Monte Carlo runs of 10 expected-utility rounds on 50 actors ×
20 issues."""

from __future__ import annotations

import re
import time
from pathlib import Path

import numpy as np

from redline.models import eum, eum_fast, smp
from redline.models.compromise import compromise
from redline.models.inputs import ModelInput, read_decide, read_input
from redline.models.runner import monte_carlo, sample_inputs

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "benchmarks"
REFERENCE = {  # ../shared/benchmarks/README.md
    "mean": [7.4613, 7.5525, 7.5901, 7.3581, 7.3492, 7.4149, 7.5105, 7.5724, 7.3250, 7.2421],
    "median": [8.4159, 9.6109, 9.9620, 9.9620, 9.9620, 7.4720, 8.8246, 9.6711, 9.6711, 7.0],
}
DECIDE = "\n".join([
    "'#A'\t'Actor-1'\t'Actor-1'\t''", "'#A'\t'Actor-2'\t'Actor-2'\t''",
    "'#P'\t'Issue-1'\t'Issue-1'\t'Issue-1'", "'#M'\t'Issue-1'\t0", "'#M'\t'Issue-1'\t100",
    "'#P'\t'Issue-2'\t'Issue-2'\t'Issue-2'", "'#M'\t'Issue-2'\t0", "'#M'\t'Issue-2'\t100",
    "'#D'\t'Actor-1'\t'Issue-1'\t0.0\t10\t1", "'#D'\t'Actor-1'\t'Issue-2'\t0.0\t90\t1",
    "'#D'\t'Actor-2'\t'Issue-1'\t100.0\t60\t1", "'#D'\t'Actor-2'\t'Issue-2'\t100.0\t50\t1"])


def bdm() -> None:
    print("== expected utility (Scholz et al. replication) against the reference run, ExampleActors.csv")
    path = BENCH / "bdm" / "ExampleActors.csv"
    if not path.exists():
        print(f"skipped: {path} not found")
        return
    m = read_input(path)
    res = eum.run(m.position.T, m.capability, m.salience.T, rounds=10)
    print(f"{'round':>5} {'mean':>8} {'ref':>8} {'median':>8} {'ref':>8}")
    worst = 0.0
    for k in range(10):
        mean, med = float(res.means[k][0]), float(res.medians[k][0])
        worst = max(worst, abs(mean - REFERENCE["mean"][k]), abs(med - REFERENCE["median"][k]))
        print(f"{k + 1:5} {mean:8.4f} {REFERENCE['mean'][k]:8.4f} {med:8.4f} {REFERENCE['median'][k]:8.4f}")
    print(f"largest difference from the reference: {worst:.2e} (target 1e-3)")
    sultan = read_input(BENCH / "bdm" / "Sultan.csv")
    s = eum.run(sultan.position.T, sultan.capability, sultan.salience.T, rounds=10)
    moved = float(np.abs(s.positions[-1] - sultan.position.T).max())
    print(f"Sultan.csv: largest move of any actor in 10 rounds {moved:g}; median {float(s.medians[-1][0]):g}")


def compromise_pins() -> None:
    print("== compromise model against the decide test (85 5/7 and 35 5/7)")
    m = read_decide(DECIDE)
    out = compromise(m.position.T, m.capability, m.salience.T)
    print(f"Issue-1 {out[0]:.6f} (pin {85 + 5 / 7:.6f}); Issue-2 {out[1]:.6f} (pin {35 + 5 / 7:.6f})")


def _ktab_log(path: Path) -> tuple[dict, dict, int]:
    """KTAB's log: each actor's position history per dimension, its winning probability per state, and
    the number of steps."""
    positions, probs, steps = {}, {}, -1
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        hit = re.match(r"(\S+), (\S+):\s+([-\d. ]+)$", line.strip())
        if hit and hit.group(2) != "prob":
            positions.setdefault(hit.group(1), []).append([float(v) for v in hit.group(3).split()])
        hit = re.match(r"(\S+), prob :\s+([-\d. ]+)$", line.strip())
        if hit:
            probs[hit.group(1)] = [float(v) for v in hit.group(2).split()]
        hit = re.match(r"There were (\d+) states, with (\d+) steps", line.strip())
        if hit:
            steps = int(hit.group(2))
    return positions, probs, steps


def ktab() -> None:
    print("== spatial model (KTAB SMP, its C++ rules) against KTAB's reference log, dummyData_3Dim.csv")
    path, log = BENCH / "ktab" / "dummyData_3Dim.csv", BENCH / "ktab" / "20170530_ref-dummyData_3Dim.txt"
    if not path.exists() or not log.exists():
        print("skipped: ../shared/benchmarks/ktab not found")
        return
    m = read_input(path)
    x, s = m.position / 100, m.salience
    t0 = time.perf_counter()
    sim = smp.simulate(x, s, m.capability, rounds=100)
    elapsed = time.perf_counter() - t0
    ref_pos, ref_prob, ref_steps = _ktab_log(log)
    steps = len(sim["positions"]) - 1
    ours_prob = np.array(sim["probabilities"]).T  # actors × states
    print(f"{'actor':10} {'final position ours':>20}   {'KTAB':>18}  {'final P ours':>12} {'KTAB':>7}")
    pos_diff, prob_diff = [], []
    for a, name in enumerate(m.actors):
        ours = sim["positions"][-1][a] * 100
        theirs = np.array([row[-1] for row in ref_pos.get(name, [[np.nan]] * 3)])
        # every state's positions (KTAB prints one decimal) and probabilities (four decimals)
        path_ours = np.array(sim["positions"])[:, a, :] * 100
        path_theirs = np.array(ref_pos.get(name, [[np.nan]] * 3)).T
        if path_ours.shape == path_theirs.shape:
            pos_diff.append(np.abs(path_ours - path_theirs).max())
        else:
            pos_diff.append(np.abs(ours - theirs).max())
        theirs_p = np.array(ref_prob.get(name, [np.nan]))
        if theirs_p.shape == ours_prob[a].shape:
            prob_diff.append(np.abs(ours_prob[a] - theirs_p).max())
        else:
            prob_diff.append(np.nan)
        print(f"{name:10} {' '.join(f'{v:6.1f}' for v in ours):>20}   {' '.join(f'{v:5.1f}' for v in theirs):>18}  "
              f"{ours_prob[a][-1]:12.4f} {theirs_p[-1]:7.4f}")
    final = max(float(np.abs(sim["positions"][-1][a] * 100 - np.array([r[-1] for r in ref_pos[n]])).max())
                for a, n in enumerate(m.actors))
    print(f"steps: ours {steps}, KTAB {ref_steps}; final positions: largest difference {final:.2f} points "
          f"(target 1; KTAB prints one decimal); every state's positions: largest {max(pos_diff):.2f}")
    print(f"win probabilities, every actor in every state: largest difference {np.nanmax(prob_diff):.1e} "
          f"(target 1e-3; KTAB prints four decimals); run {elapsed * 1000:.0f} ms")
    soe = BENCH / "ktab" / "SOE-Pol-Comp.csv"
    if soe.exists():
        m = read_input(soe)
        sim = smp.simulate(m.position / 100, smp.ktab_saliences(m.salience), m.capability, rounds=100)
        prob = sim["probabilities"][-1]
        final = sim["positions"][-1] * 100
        best = int(prob.argmax())
        print(f"SOE-Pol-Comp.csv (no KTAB log of it is shipped): {len(sim['positions']) - 1} steps; likeliest final "
              f"position {m.actors[best]}'s {final[best].round(1).tolist()} with P {prob[best]:.3f}")


def speed(runs: int = 1000, actors: int = 50, issues: int = 20, rounds: int = 10) -> None:
    print(f"== speed: {runs} Monte Carlo runs of {rounds} expected-utility rounds, {actors} actors × {issues} issues")
    rng = np.random.default_rng(7)
    model = ModelInput([f"A{i}" for i in range(actors)], [f"I{j}" for j in range(issues)],
                       rng.uniform(0.1, 1, actors), rng.uniform(0, 100, (actors, issues)),
                       rng.uniform(0.1, 1, (actors, issues)), spread=np.full((actors, issues), 10.0))
    t0 = time.perf_counter()
    eum_fast.final_positions(np.array([[0.0, 1.0, 2.0]]), np.ones(3), np.ones(3), 1)  # compile, or load the cache
    warm = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    first = monte_carlo(model, "eum", runs=runs, rounds=rounds, seed=1, workers=2)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    again = monte_carlo(model, "eum", runs=runs, rounds=rounds, seed=1, workers=2)
    t0 = time.perf_counter()
    monte_carlo(model, "compromise", runs=runs, rounds=rounds, seed=1, workers=2)
    base = time.perf_counter() - t0
    # the numpy code (float32, as Monte Carlo ran before) on 2 of the issues in one process, as the baseline
    pos, sal = sample_inputs(model, runs, np.random.default_rng(1))
    x, c, s = pos[:, :, :2].transpose(2, 0, 1), np.broadcast_to(model.capability, (2, runs, actors)), sal[:, :, :2].transpose(2, 0, 1)
    c0 = time.process_time()
    eum.run(x.astype(np.float32), c.astype(np.float32), s.astype(np.float32), rounds=rounds, every_round=False,
            compiled=False)
    numpy_two = time.process_time() - c0
    c0 = time.process_time()
    fast = eum.run(x, c, s, rounds=rounds, every_round=False)
    fast_two = time.process_time() - c0
    slow = eum.run(x, c, s, rounds=rounds, every_round=False, compiled=False)  # numpy in float64
    same = np.isclose(fast.medians[-1], slow.medians[-1], atol=1e-6).mean()
    engine = "compiled (numba)" if eum_fast.AVAILABLE else "numpy (numba missing)"
    print(f"expected utility, {engine}: {elapsed:.1f} s on 2 threads, {cpu:.1f} s of CPU (target <= 8 s on 2 "
          f"free cores; compiling or loading the compiled code first {warm:.1f} s); the same seed again gives the "
          f"same result: {first == again}")
    print(f"2 of the {issues} issues, CPU time in one process: numpy code (float32, as before) {numpy_two:.1f} s, "
          f"compiled {fast_two:.2f} s: {numpy_two / max(fast_two, 1e-9):.1f}× faster; outcomes equal to numpy's "
          f"in float64 in {same:.1%} of runs")
    print(f"compromise model on the same draws {base:.2f} s")


def backtest_dev(work: Path) -> None:
    """The back-test table on the dev corpus: each method's calls against the naive forecasts."""
    from bench.picture import dev_db
    from redline import api

    print("== back-test on the dev corpus: forecasts as of each week against the evidence published later")
    db = dev_db(work)
    if db is None:
        print("skipped: ../shared/corpus/dev not found")
        return
    print(f"{'method':11} {'cut-offs':>8} {'outcomes':>8} {'MAE':>6} {'no move':>8} {'cap. mean':>9}   "
          f"{'dirs':>5} {'Brier':>6} {'no move':>8} {'cap. mean':>9} {'time':>6}")
    for method, runs in (("eum", 100), ("compromise", 100), ("smp", 0)):
        t0 = time.perf_counter()
        r = api.backtest(db, step=7, method=method, runs=runs, seed=0)
        elapsed = time.perf_counter() - t0
        o = r["overall"]
        scored = sum(1 for c in r["cutoffs"] if c["outcomes"])

        def f(v, d):
            return "–" if v is None else f"{v:.{d}f}"

        print(f"{method:11} {scored:>8} {o['outcomes']:>8} {f(o['mae'][method], 1):>6} {f(o['mae']['no_move'], 1):>8} "
              f"{f(o['mae']['capability_mean'], 1):>9}   {o['directions']:>5} {f(o['brier'][method], 3):>6} "
              f"{f(o['brier']['no_move'], 3):>8} {f(o['brier']['capability_mean'], 3):>9} {elapsed:5.1f}s")
    print(f"cut-offs every 7 days from {r['from']} to {r['to']}; a move is {r['threshold']:g} points or more; "
          f"eum and compromise direction probabilities from 100 Monte Carlo runs, smp from one run (sure calls)")

