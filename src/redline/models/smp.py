"""A spatial model of politics after KTAB's SMP: actors with a power and, on several dimensions at
once, a position and a salience.

What follows KTAB's code (smp.cpp, kmodel.cpp):
- an actor's value of a position is `(1 − d)(1 + d·R)`, d the salience-weighted distance
  sqrt(Σ(s·Δx)² / Σs²) on positions scaled to [0, 1], R its risk attitude;
- votes are proportional (power × difference in value), coalitions add the positive votes, and the
  linear victory model gives P[i > j] = c_ij / (c_ij + c_ji);
- the probability that each position wins is the conditional Condorcet estimate:
  Π_j P[i > j], normalised;
- risk attitudes are inferred from those probabilities on the "Mid" range [−0.5, +1]: the likeliest
  winner is the most risk averse.
What is simplified (KTAB's exact challenge and third-party rules are not reproduced):
- each actor challenges the actor whose position it expects to gain most from beating, weighing its
  gain by the chance of winning;
- the bargain is the power-, salience- and probability-weighted compromise of the two positions;
- each actor then adopts, of the proposals addressed to it, the one it values most among those worth
  at least what a contest with the other party would be (deterministic);
- the run stops when the states' change falls below 2 % of the first step's (KTAB's rule), or after
  `rounds` steps.
"""

from __future__ import annotations

import numpy as np

from redline.models.inputs import ModelInput

R_LOW, R_HIGH = -0.5, 1.0


def values(x: np.ndarray, s: np.ndarray, risk: np.ndarray) -> np.ndarray:
    """u[k, j]: actor k's value of actor j's position; x scaled to [0, 1], shape (n, d)."""
    diff = x[None, :, :] - x[:, None, :]  # [k, j, dim] = x_j − x_k
    weighted = (diff * s[:, None, :]) ** 2
    norm = (s ** 2).sum(axis=-1)[:, None]
    d = np.sqrt(weighted.sum(axis=-1) / np.where(norm > 0, norm, 1))
    r = risk[:, None]
    return np.where(d <= 1, (1 - d) * (1 + d * r), (1 - d) * (1 + r))


def victory(u: np.ndarray, power: np.ndarray) -> np.ndarray:
    """P[i > j] from proportional votes, coalitions of positive votes and the linear model."""
    votes = power[:, None, None] * (u[:, :, None] - u[:, None, :])  # [k, i, j]
    c = np.maximum(votes, 0).sum(axis=0)
    total = c + c.T
    return np.where(total > 0, c / np.where(total > 0, total, 1), 0.5)


def win_probabilities(p: np.ndarray) -> np.ndarray:
    """Conditional Condorcet estimate: the chance that each position beats all others, normalised."""
    logs = np.log(np.maximum(p, 1e-300)).sum(axis=1)
    logs -= logs.max()
    q = np.exp(logs)
    return q / q.sum()


def risk_from(prob: np.ndarray) -> np.ndarray:
    spread = prob.max() - prob.min()
    if spread <= 0:
        return np.zeros_like(prob)
    return R_LOW + (R_HIGH - R_LOW) * (prob - prob.min()) / spread


def state(x: np.ndarray, s: np.ndarray, power: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Risk attitudes, risk-aware values and each position's chance to win, for positions x."""
    neutral = values(x, s, np.zeros(len(x)))
    risk = risk_from(win_probabilities(victory(neutral, power)))
    u = values(x, s, risk)
    p = victory(u, power)
    return risk, u, win_probabilities(p)


def simulate(x0: np.ndarray, s: np.ndarray, power: np.ndarray, rounds: int = 100, tol: float = 0.02) -> dict:
    """Positions (scaled to [0, 1]) and win probabilities per state, and who bargained with whom."""
    x = np.array(x0, dtype=float)
    history, probs, moves = [x.copy()], [], []
    first_step = None
    n = len(x)
    for t in range(rounds):
        risk, u, prob = state(x, s, power)
        probs.append(prob)
        p = victory(u, power)
        own = np.diag(u)
        gain = p * (own[:, None] - u)  # gain to i of beating j's position, weighted by the chance
        np.fill_diagonal(gain, -np.inf)
        proposals: list[list[tuple[np.ndarray, int]]] = [[] for _ in range(n)]
        for i in range(n):
            j = int(gain[i].argmax())
            if gain[i, j] <= 0:
                continue
            wi = power[i] * s[i] * p[i, j]
            wj = power[j] * s[j] * p[j, i]
            total = wi + wj
            y = np.where(total > 0, (wi * x[i] + wj * x[j]) / np.where(total > 0, total, 1), (x[i] + x[j]) / 2)
            proposals[i].append((y, j))
            proposals[j].append((y, i))
        new_x = x.copy()
        for k in range(n):
            if not proposals[k]:
                continue
            offers = np.array([y for y, _ in proposals[k]])
            mine = values(np.vstack([x[k:k + 1], offers]), np.vstack([s[k:k + 1]] * (len(offers) + 1)),
                          np.full(len(offers) + 1, risk[k]))[0, 1:]
            # what a contest with the other party would be worth to k: the bargain must beat it
            reserve = np.array([p[k, o] * own[k] + p[o, k] * u[k, o] for _, o in proposals[k]])
            worth = np.where(mine >= reserve - 1e-12, mine, -np.inf)
            best = int(worth.argmax())
            if np.isfinite(worth[best]):
                new_x[k] = offers[best]
                moves.append({"round": t + 1, "actor": k, "with": proposals[k][best][1]})
        step = float(np.linalg.norm(new_x - x, axis=1).sum())
        x = new_x
        history.append(x.copy())
        first_step = first_step if first_step is not None else step
        if first_step == 0 or step / first_step < tol:
            break
    probs.append(state(x, s, power)[2])
    return {"positions": history, "probabilities": probs, "moves": moves}


def run_smp(model: ModelInput, rounds: int = 100) -> dict:
    """All issues at once as the dimensions of one space (actors without a position on an issue sit at
    its middle with no salience on it)."""
    lo = np.array([model.bounds[i][0] for i in model.issues])
    hi = np.array([model.bounds[i][1] for i in model.issues])
    width = np.where(hi > lo, hi - lo, 1)
    held = ~np.isnan(model.position)
    x = np.where(held, (model.position - lo) / width, 0.5)
    s = np.where(held, model.salience, 0.0)
    keep = held.any(axis=1)
    names = [a for a, k in zip(model.actors, keep, strict=True) if k]
    out = simulate(x[keep], s[keep], model.capability[keep], rounds=max(rounds, 1))
    issues = {}
    for j, issue in enumerate(model.issues):
        table = []
        for t, pos in enumerate(out["positions"]):
            real = pos[:, j] * width[j] + lo[j]
            prob = out["probabilities"][min(t, len(out["probabilities"]) - 1)]
            expected = float((prob * real).sum())
            table.append({"round": t, "mean": round(expected, 4), "median": round(float(real[prob.argmax()]), 4),
                          "positions": {a: round(float(v), 4) for a, v in zip(names, real, strict=True)},
                          "win_probability": {a: round(float(v), 4) for a, v in zip(names, prob, strict=True)}})
        moves = [{"round": m["round"], "actor": names[m["actor"]], "how": "bargains with", "with": names[m["with"]],
                  "from": round(float(out["positions"][m["round"] - 1][m["actor"], j] * width[j] + lo[j]), 4),
                  "to": round(float(out["positions"][m["round"]][m["actor"], j] * width[j] + lo[j]), 4)}
                 for m in out["moves"]]
        issues[issue] = {"outcome": table[-1]["mean"], "rounds": table, "moves": moves}
    return {"method": "smp", "issues": issues, "states": len(out["positions"])}


def smp_outcomes(x: np.ndarray, c: np.ndarray, s: np.ndarray, bounds: tuple[float, float]) -> np.ndarray:
    """The probability-weighted outcome of one issue for each Monte Carlo run (runs, n)."""
    lo, hi = bounds
    width = hi - lo if hi > lo else 1.0
    out = np.empty(x.shape[0])
    for r in range(x.shape[0]):
        sim = simulate(((x[r] - lo) / width)[:, None], s[r][:, None], c[r], rounds=30)
        out[r] = float((sim["probabilities"][-1] * sim["positions"][-1][:, 0]).sum()) * width + lo
    return out
