"""Running the models on a ModelInput: round-by-round results, why each position moved, Monte Carlo
distributions of the outcome, the bargaining range, the blocking issue and the sensitivity of the
outcome to each party."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing import get_context

import numpy as np

from redline.models import eum, eum_fast
from redline.models.compromise import compromise
from redline.models.inputs import ModelInput

METHODS = ("compromise", "eum", "smp")
QUANTILES = (5, 25, 50, 75, 95)


def _issue_slices(model: ModelInput):
    for j, issue in enumerate(model.issues):
        held = model.held(j)
        if held.sum() >= 1:
            yield j, issue, held


def run_deterministic(model: ModelInput, method: str, rounds: int = 10) -> dict:
    """One run: per issue, the rounds (mean, median, each actor's position) and the outcome."""
    if method == "compromise":
        outcome = compromise(model.position.T, model.capability, model.salience.T)
        issues = {issue: {"outcome": _num(outcome[j]), "rounds": [{
            "round": 0, "mean": _num(outcome[j]), "median": _num(outcome[j]),
            "positions": _positions(model, j)}]} for j, issue, _ in _issue_slices(model)}
        return {"method": method, "issues": issues}
    if method == "smp":
        from redline.models.smp import run_smp

        return run_smp(model, rounds=rounds)
    issues = {}
    for j, issue, held in _issue_slices(model):
        names = [a for a, h in zip(model.actors, held, strict=True) if h]
        x, c, s = model.position[held, j], model.capability[held], model.salience[held, j]
        w = c * s
        result = eum.run(x[None, :], c[None, :], s[None, :], rounds=rounds)
        table = [{"round": 0, "mean": _num(eum.weighted_mean(x[None, :], w[None, :])[0]),
                  "median": _num(eum.median_voter(x[None, :], w[None, :])[0]),
                  "positions": dict(zip(names, map(_num, x), strict=True))}]
        moves = []
        for k in range(rounds):
            pos = result.positions[k][0]
            table.append({"round": k + 1, "mean": _num(result.means[k][0]), "median": _num(result.medians[k][0]),
                          "positions": dict(zip(names, map(_num, pos), strict=True))})
            before = result.positions[k - 1][0] if k else x
            for a, name in enumerate(names):
                kind, other = int(result.offer_type[k][0, a]), int(result.offer_from[k][0, a])
                if kind:
                    moves.append({"round": k + 1, "actor": name, "how": eum.OFFER_NAMES[kind], "with": names[other],
                                  "from": _num(before[a]), "to": _num(pos[a]),
                                  "risk_aversion": _num(result.risk[k][0, a])})
        issues[issue] = {"outcome": table[-1]["median"], "mean": table[-1]["mean"], "rounds": table, "moves": moves}
    return {"method": method, "issues": issues}


def _positions(model: ModelInput, j: int) -> dict:
    return {a: _num(model.position[i, j]) for i, a in enumerate(model.actors) if not np.isnan(model.position[i, j])}


def _num(value) -> float | None:
    value = float(value)
    return None if np.isnan(value) else round(value, 4)


# --- uncertainty -----------------------------------------------------------------------------------


def sample_inputs(model: ModelInput, runs: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Positions and saliences for each run: positions drawn around the estimate with the spread of
    their evidence, clipped to the issue's scale; saliences jittered in proportion."""
    n, m = model.position.shape
    lo = np.array([model.bounds[i][0] for i in model.issues])
    hi = np.array([model.bounds[i][1] for i in model.issues])
    noise = rng.standard_normal((runs, n, m))
    pos = np.clip(model.position[None] + noise * model.spread[None], lo, hi)
    rel = model.spread / np.maximum(hi - lo, 1e-9)
    sal = np.clip(model.salience[None] * (1 + rng.standard_normal((runs, n, m)) * rel[None]), 0.01, 1.0)
    return pos, sal


def monte_carlo(model: ModelInput, method: str, runs: int = 1000, rounds: int = 10, seed: int = 0,
                workers: int = 2) -> dict:
    """The distribution of outcomes per issue over `runs` draws of the inputs."""
    rng = np.random.default_rng(seed)
    pos, sal = sample_inputs(model, runs, rng)
    slices = list(_issue_slices(model))

    jobs = []
    for j, issue, held in slices:
        x = np.ascontiguousarray(pos[:, held, j])
        jobs.append((method, x, np.ascontiguousarray(np.broadcast_to(model.capability[held], x.shape)),
                     np.ascontiguousarray(sal[:, held, j]), model.bounds[issue], rounds))
    if method == "compromise" or workers <= 1 or len(jobs) <= 1:
        results = [_outcomes(*job) for job in jobs]
    elif method == "eum" and eum_fast.AVAILABLE:  # compiled code without the interpreter lock: threads
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_outcomes, *zip(*jobs, strict=True)))
    else:
        # processes, not threads: part of each round holds the interpreter lock
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
            results = list(pool.map(_outcomes, *zip(*jobs, strict=True)))
    outcomes = {issue: out for (_, issue, _), out in zip(slices, results, strict=True)}
    result = {}
    for issue, values in outcomes.items():
        lo, hi = model.bounds[issue]
        counts, edges = np.histogram(values, bins=10, range=(lo, hi))
        result[issue] = {"runs": runs, "mean": _num(values.mean()), "sd": _num(values.std()),
                         "quantiles": {f"p{q}": _num(np.percentile(values, q)) for q in QUANTILES},
                         "histogram": {"edges": [_num(e) for e in edges], "counts": counts.tolist()}}
    return {"method": method, "runs": runs, "rounds": rounds, "seed": seed, "issues": result}


def _outcomes(method: str, x: np.ndarray, c: np.ndarray, s: np.ndarray, bounds: tuple[float, float],
              rounds: int) -> np.ndarray:
    """The outcome of one issue in each run (runs, n): the median voter position after the last round
    for the expected-utility model, the weighted mean for the compromise model."""
    if method == "compromise":
        return compromise(x, c, s)
    if method == "smp":
        from redline.models.smp import smp_outcomes

        return smp_outcomes(x, c, s, bounds)
    dtype = np.float64 if eum_fast.AVAILABLE else np.float32  # numpy's Monte Carlo runs in float32
    return eum.run(x.astype(dtype), c.astype(dtype), s.astype(dtype), rounds=rounds,
                   every_round=False).medians[-1].astype(float)


def bargaining_ranges(model: ModelInput) -> dict:
    """Per issue: whether any outcome is acceptable to every party holding a position. A party accepts
    outcomes within (1 − salience) × half the scale of its position: the more it cares, the less it
    gives."""
    out = {}
    for j, issue, held in _issue_slices(model):
        lo, hi = model.bounds[issue]
        half = (hi - lo) / 2
        names = [a for a, h in zip(model.actors, held, strict=True) if h]
        x, s = model.position[held, j], model.salience[held, j]
        low, high = np.maximum(x - (1 - s) * half, lo), np.minimum(x + (1 - s) * half, hi)
        a, b = float(low.max()), float(high.min())
        out[issue] = {"acceptable": a <= b, "range": [round(a, 2), round(b, 2)] if a <= b else None,
                      "gap": round(max(0.0, a - b), 2), "lowest_ceiling": names[int(high.argmin())],
                      "highest_floor": names[int(low.argmax())],
                      "accepts": {n: [round(float(p), 2), round(float(q), 2)] for n, p, q in zip(names, low, high, strict=True)}}
    return out


def blocking_issue(model: ModelInput) -> dict | None:
    """The issue with the largest salience-weighted gap between the two parties furthest apart."""
    best = None
    for j, issue, held in _issue_slices(model):
        names = [a for a, h in zip(model.actors, held, strict=True) if h]
        x, s = model.position[held, j], model.salience[held, j]
        if len(x) < 2:
            continue
        i_hi, i_lo = int(x.argmax()), int(x.argmin())
        gap = float((x[i_hi] - x[i_lo]) * (s[i_hi] + s[i_lo]) / 2)
        if best is None or gap > best["weighted_gap"]:
            best = {"issue": issue, "weighted_gap": round(gap, 2), "between": [names[i_hi], names[i_lo]],
                    "positions": [_num(x[i_hi]), _num(x[i_lo])]}
    return best


def sensitivity(model: ModelInput, method: str, rounds: int = 10, step: float = 10.0) -> dict:
    """Per issue: how far the outcome moves when each party moves `step` points toward the middle of
    the others; the party whose move shifts it most comes first."""
    base = run_deterministic(model, method, rounds)["issues"]
    out = {}
    for j, issue, held in _issue_slices(model):
        if issue not in base or base[issue]["outcome"] is None:
            continue
        effects = []
        for a in np.flatnonzero(held):
            moved = model.copy()
            others = [p for k, p in enumerate(model.position[:, j]) if k != a and not np.isnan(p)]
            target = float(np.mean(others)) if others else model.position[a, j]
            direction = np.sign(target - model.position[a, j]) or 1.0
            lo, hi = model.bounds[issue]
            moved.position[a, j] = float(np.clip(model.position[a, j] + direction * step, lo, hi))
            single = ModelInput([model.actors[k] for k in np.flatnonzero(held)], [issue], moved.capability[held],
                                moved.position[held, j:j + 1], moved.salience[held, j:j + 1], {issue: (lo, hi)})
            after = run_deterministic(single, method, rounds)["issues"][issue]["outcome"]
            effects.append({"actor": model.actors[a], "shift": round(abs(after - base[issue]["outcome"]), 3),
                            "outcome_after": after})
        effects.sort(key=lambda e: -e["shift"])
        out[issue] = {"outcome": base[issue]["outcome"], "step": step, "effects": effects}
    return out
