"""Back-test: forecasts made from the store as it stood on a date, scored against what the evidence
published after that date shows.

For each cut-off date D (from `start` to `end`, every `step` days):
- the tracker and the model inputs use only the evidence published by D; the model runs on them;
- what happened: for each party that held a position at D, its position from the evidence published
  after D (up to D + `horizon` days, or the end of the store), on the issue's 0–100 scale;
- the outcome call: the model's outcome per issue against the mean of those later positions;
  scored by mean absolute error (points on the 0–100 scale);
- the direction calls: for each such party and issue, whether it moves down, stays or moves up (a
  move is `THRESHOLD` points or more, the tracker's rule), against its later position; the model's
  probabilities are the share of its Monte Carlo runs in which the party ends in each class (a
  deterministic run when `runs` is 0); scored by the Brier score over the three classes (0 perfect,
  2 the worst; always saying "stays" scores 2 × the share of moves).

Two naive forecasts are scored in the same run on the same items: no one moves (the outcome is the
mean of the positions at D; every party stays), and the capability-weighted mean (the outcome is the
capability-weighted mean of the positions at D; every party moves toward it when it is `THRESHOLD`
points or more away).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from redline.models import eum, runner
from redline.models.compromise import compromise
from redline.models.inputs import ModelInput, from_tracker
from redline.picture.tracker import Track, build_tracks, tracker_rows

THRESHOLD = 10.0  # points on the 0–100 scale
CLASSES = ("down", "stay", "up")
BASELINES = ("no_move", "capability_mean")


def cutoffs(start: date, end: date, step: int) -> list[date]:
    if step < 1:
        raise ValueError("the step is at least one day")
    days, day = [], start
    while day <= end:
        days.append(day)
        day += timedelta(days=step)
    return days


def _class(delta: float) -> int:
    return 0 if delta <= -THRESHOLD else 2 if delta >= THRESHOLD else 1


def _brier(p: np.ndarray, observed: int) -> float:
    target = np.zeros(3)
    target[observed] = 1
    return float(((p - target) ** 2).sum())


def later_positions(picture, after: date, until: date | None) -> dict[tuple[str, str], float]:
    """Each party's position per issue from the evidence published after `after` (up to `until`)."""
    out = {}
    for (party, issue), track in build_tracks(picture).items():
        pieces = [s for s in track.history if s.date is not None and s.date > after and (until is None or s.date <= until)]
        if not pieces:
            continue
        scale = picture.scenario.issues[issue].scale if issue in picture.scenario.issues else None
        state = Track(party, issue, pieces).state(scale)
        if state and state["position"] is not None:
            out[(party, issue)] = state["position"]
    return out


def final_positions(model: ModelInput, method: str, rounds: int, runs: int, seed: int) -> np.ndarray:
    """Each party's position after the model's rounds, per Monte Carlo run: (runs, n, m); one
    deterministic run (runs = 0) gives (1, n, m). NaN where a party holds no position."""
    n, m = model.position.shape
    if runs:
        pos, sal = runner.sample_inputs(model, runs, np.random.default_rng(seed))
    else:
        pos, sal = model.position[None], model.salience[None]
    out = np.full(pos.shape, np.nan)
    for j, _issue, held in runner._issue_slices(model):
        x, s = pos[:, held, j], sal[:, held, j]
        c = np.broadcast_to(model.capability[held], x.shape)
        if method == "compromise":
            out[:, held, j] = compromise(x, c, s)[:, None]
        elif method == "eum":
            out[:, held, j] = eum.run(x, c, s, rounds=rounds, every_round=False).positions[-1]
        else:  # smp: each run of the spatial model over all issues at once is its own simulation
            break
    if method == "smp":
        from redline.models.smp import run_smp

        for r in range(pos.shape[0]):
            sample = model.copy()
            sample.position, sample.salience = np.where(np.isnan(model.position), np.nan, pos[r]), sal[r]
            result = run_smp(sample, rounds=max(rounds, 100))
            for j, issue in enumerate(model.issues):
                final = result["issues"].get(issue, {}).get("rounds", [{}])[-1].get("positions", {})
                for a, party in enumerate(model.actors):
                    if party in final:
                        out[r, a, j] = final[party]
    return out


def backtest(picture, start: date, end: date, step: int = 7, *, method: str = "eum", rounds: int = 10,
             runs: int = 100, seed: int = 0, horizon: int | None = None, progress=None) -> dict:
    """Replay the store at each cut-off and score the calls; the table, per cut-off and overall."""
    if method not in runner.METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(runner.METHODS)}")
    names = (method, *BASELINES)
    errors: dict[str, list[float]] = {k: [] for k in names}
    briers: dict[str, list[float]] = {k: [] for k in names}
    per_cutoff = []
    days = cutoffs(start, end, step)
    for k, day in enumerate(days):
        rows = tracker_rows(picture, as_of=day)
        model = from_tracker(rows, picture.scenario, as_of=day)
        until = day + timedelta(days=horizon) if horizon else None
        later = later_positions(picture, day, until)
        entry = {"date": day.isoformat(), "parties": len(model.actors), "issues": len(model.issues),
                 "outcomes": 0, "directions": 0, "mae": {}, "brier": {}}
        if progress is not None:
            progress(k, len(days), day)
        if len(model.actors) < 2 or not model.issues:
            per_cutoff.append(entry)
            continue
        det = runner.run_deterministic(model, method, rounds if method != "smp" else max(rounds, 100))
        finals = final_positions(model, method, rounds, runs, seed)
        cut_err = {n: [] for n in names}
        cut_brier = {n: [] for n in names}
        for j, issue in enumerate(model.issues):
            held = ~np.isnan(model.position[:, j])
            if not held.any():
                continue
            x, c = model.position[:, j], model.capability
            weighted = float((c[held] * x[held]).sum() / c[held].sum())
            items = [(a, later[(p, issue)]) for a, p in enumerate(model.actors) if held[a] and (p, issue) in later]
            if not items:
                continue
            truth = float(np.mean([v for _, v in items]))
            calls = {method: det["issues"].get(issue, {}).get("outcome"),
                     "no_move": float(np.mean([x[a] for a, _ in items])), "capability_mean": weighted}
            for name, call in calls.items():
                if call is not None:
                    cut_err[name].append(abs(call - truth))
            for a, after in items:
                observed = _class(after - x[a])
                moved = finals[:, a, j] - x[a]
                moved = moved[~np.isnan(moved)]
                p_model = np.bincount([_class(v) for v in moved], minlength=3) / max(len(moved), 1)
                probs = {method: p_model, "no_move": np.array([0.0, 1.0, 0.0]),
                         "capability_mean": np.eye(3)[_class(weighted - x[a])]}
                for name, p in probs.items():
                    cut_brier[name].append(_brier(p, observed))
        for name in names:
            errors[name] += cut_err[name]
            briers[name] += cut_brier[name]
            entry["mae"][name] = _mean(cut_err[name])
            entry["brier"][name] = _mean(cut_brier[name])
        entry["outcomes"] = len(cut_err["no_move"])
        entry["directions"] = len(cut_brier["no_move"])
        per_cutoff.append(entry)
    overall = {"mae": {n: _mean(errors[n]) for n in names}, "brier": {n: _mean(briers[n]) for n in names},
               "outcomes": len(errors["no_move"]), "directions": len(briers["no_move"])}
    return {"method": method, "from": start.isoformat(), "to": end.isoformat(), "step": step, "rounds": rounds,
            "runs": runs, "seed": seed, "horizon": horizon, "threshold": THRESHOLD, "baselines": list(BASELINES),
            "cutoffs": per_cutoff, "overall": overall}


def _mean(values: list[float]) -> float | None:
    return round(float(np.mean(values)), 4) if values else None


def score_line(result: dict | None) -> str:
    """One sentence on how such forecasts scored, for wherever a forecast is shown."""
    if not result:
        return "Not back-tested on this store yet: `redline backtest --from D --to D` scores such forecasts."
    o = result["overall"]
    m = result["method"]
    if o["mae"].get(m) is None:
        return (f"Back-test {result['from']}–{result['to']} found no later evidence to score {m} forecasts against.")
    brier = o["brier"]
    return (f"Back-tested on this store ({result['from']} to {result['to']}, every {result['step']} days): "
            f"{m} outcomes missed by {o['mae'][m]:.1f} points on average against no-move's "
            f"{o['mae']['no_move']:.1f} and the capability-weighted mean's {o['mae']['capability_mean']:.1f} "
            f"({o['outcomes']} calls); direction-of-move Brier {brier[m]:.3f} against {brier['no_move']:.3f} "
            f"and {brier['capability_mean']:.3f} ({o['directions']} calls; lower is better).")
