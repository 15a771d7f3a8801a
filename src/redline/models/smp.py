"""KTAB's Spatial Model of Politics (SMP), as KTAB's C++ code runs it with its default parameters
(smp.cpp, smpbcn.cpp, kmodel.cpp in the `smp` and `kmodel` libraries of lsyaseen/KTAB):

    VictoryProbModel Linear · VotingRule Prop · PCEModel Conditional · StateTransitions Deterministic
    BigRRange Mid · BigRAdjust OneThird · ThirdPartyCommit SemiCommit · InterVecBrgn S2P2
    BargnModel InitOnlyInterp · ideal-accommodation matrix the identity (ideals follow positions)

Actors have a power (capability), and on every dimension a position in [0, 1] and a salience; an
actor's saliences sum to at most 1 (KTAB's rule: no more than 100 % of attention to all issues).

Each step (`SMPState::doBCN`):
1. values: d_ij = sqrt(Σ(s_i·(x_i − x_j))² / Σs_i²); u = (1 − d)(1 + d·R). Risk-neutral values give,
   by proportional votes of the powers, coalitions (each starting at 1e-8), the linear victory model
   and the conditional Condorcet estimate, each position's chance to win; those chances give the
   risk attitudes on the "Mid" range [−0.5, +1]. Estimator h then sees actor i's risk as
   (2·R_h + R_i) / 3 (OneThird).
2. challenges (`probEduChlg`, `bestChallenge`): from its own estimate, actor i weighs challenging each
   j. The principals vote with salience-sum × power; each third party n judges the little contest
   (i:j) with itself added to the side it prefers, then votes by the "semi-committed" sums of three
   position values; P[i > j] = c_ij / (c_ij + c_ji). The gain is
   (1 − s_j)·2u_i(x_i) + s_j·(P·2u_i(x_i) + (1 − P)·2u_i(x_j)) − (u_i(x_i) + u_i(x_j)); i challenges the j
   of the largest gain above 1e-5, if any.
3. bargain (`interpBrgnSnPm(2, 2)`): per dimension, the bargain weighs x_i by s_i²·P² and x_j by
   s_j²·(1 − P)² (plus 1e-6 on the side that adopts its own), rounded to 4 decimals; only the
   initiator's view is proposed (InitOnlyInterp), to both parties.
4. choice (`updateBestBrgnPositions`): each actor k has its status quo and every bargain it is party
   to; each actor values the state after a bargain as the mean of its values of all positions with the
   two principals moved; scalarPCE with the powers gives each bargain's chance, and k adopts the
   likeliest (first on ties).
5. the run stops after at least 2 steps when a step's change Σ‖x_t − x_{t−1}‖ is below 2 % of the
   first step's (+1e-4), or after `rounds` steps (KTAB's smpStopFn: 2, 100, 0.02, 1e-4).

The probability of each state's positions (`pDist(−1)`) is scalarPCE over the unique positions
(within 1e-3) with each actor's own risk-aware values.
"""

from __future__ import annotations

import numpy as np

from redline.models.inputs import ModelInput

R_LOW, R_HIGH = -0.5, 1.0
MIN_COALITION = 1e-8  # Model::coalitions
MIN_CONTRIB = 1e-10  # probEduChlg
MIN_GAIN = 1e-5  # bestChallenge
MIN_WEIGHT = 1e-6  # interpBrgnSnPm
POS_TOL = 1e-3  # SMPModel::posTol, equivalent positions
MIN_ITER, DELTA_RATIO, MIN_DELTA = 2, 0.02, 1e-4


def distances(x: np.ndarray, s: np.ndarray) -> np.ndarray:
    """d[i, j]: salience-weighted distance of j's position from i's (bvDiff); x, s of shape (n, d)."""
    diff = x[:, None, :] - x[None, :, :]
    num = ((diff * s[:, None, :]) ** 2).sum(axis=-1)
    den = (s ** 2).sum(axis=-1)[:, None]
    return np.sqrt(num / np.where(den > 0, den, 1))


def utility(d: np.ndarray, r: np.ndarray) -> np.ndarray:
    """bsUtil: (1 − d)(1 + d·R), and (1 − d)(1 + R) past d = 1."""
    return np.where(d <= 1, (1 - d) * (1 + d * r), (1 - d) * (1 + r))


def coalitions(u: np.ndarray, w: np.ndarray) -> np.ndarray:
    """c[i, j]: the strength of the coalition for option i against j, proportional votes (u: actors × options)."""
    votes = w[:, None, None] * (u[:, :, None] - u[:, None, :])  # [k, i, j]
    c = MIN_COALITION + np.maximum(votes, 0).sum(axis=0)
    np.fill_diagonal(c, MIN_COALITION)
    return c


def victory(c: np.ndarray) -> np.ndarray:
    """Linear victory model: P[i > j] = c_ij / (c_ij + c_ji), 1/2 on the diagonal."""
    p = c / (c + c.T)
    np.fill_diagonal(p, 0.5)
    return p


def condorcet(p: np.ndarray) -> np.ndarray:
    """Conditional PCE: the chance that each option beats all others, normalised."""
    q = np.prod(p, axis=1)
    total = q.sum()
    if total > 0 and np.isfinite(total):
        return q / total
    logs = np.log(np.maximum(p, 1e-300)).sum(axis=1)
    q = np.exp(logs - logs.max())
    return q / q.sum()


def scalar_pce(u: np.ndarray, w: np.ndarray) -> np.ndarray:
    return condorcet(victory(coalitions(u, w)))


def big_r(prob: np.ndarray) -> np.ndarray:
    """Risk attitudes from the chances to win on KTAB's "Mid" range: the likeliest +1, the least −1/2."""
    lo, hi = prob.min(), prob.max()
    if hi - lo <= 0:
        return np.zeros_like(prob)
    return (3 * prob - (hi + 2 * lo)) / (2 * (hi - lo))


def risk_from(prob: np.ndarray) -> np.ndarray:
    return big_r(prob)


def unique_positions(x: np.ndarray) -> tuple[list[int], np.ndarray]:
    """KTAB's ueIndices: the first of each set of equivalent positions, and which one each actor holds."""
    uniq: list[int] = []
    index = np.empty(len(x), dtype=int)
    for i in range(len(x)):
        for k, j in enumerate(uniq):
            if np.linalg.norm(x[i] - x[j]) < POS_TOL:
                index[i] = k
                break
        else:
            uniq.append(i)
            index[i] = len(uniq) - 1
    return uniq, index


def position_probabilities(x: np.ndarray, own: np.ndarray, power: np.ndarray) -> np.ndarray:
    """pDist(−1) then posProb: each actor's position's chance, from the unique positions."""
    uniq, _ = unique_positions(x)
    p = scalar_pce(own[:, uniq], power)
    out = np.empty(len(x))
    for i in range(len(x)):
        k = max(m for m, j in enumerate(uniq) if np.linalg.norm(x[i] - x[j]) < POS_TOL)  # the last equivalent
        out[i] = p[k]
    return out


def state(x: np.ndarray, s: np.ndarray, power: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Risk attitudes, each estimator's risk-aware values aU[h, i, j], and each position's chance to win."""
    d = distances(x, s)
    neutral = utility(d, 0.0)
    risk = big_r(scalar_pce(neutral, power))
    est = (2 * risk[:, None] + risk[None, :]) / 3  # [h, i]: h's estimate of i's risk (OneThird)
    a_util = utility(d[None, :, :], est[:, :, None])
    own = a_util[np.arange(len(x)), np.arange(len(x))]  # aU[i](i, ·) = bsUtil(d_i·, R_i)
    return risk, a_util, position_probabilities(x, own, power)


def challenges(a_util: np.ndarray, s: np.ndarray, power: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """i's own estimate (h = k = i) of P[i > j] and of its gain from challenging j, for every pair."""
    n = a_util.shape[0]
    idx = np.arange(n)
    sal = s.sum(axis=1)
    w = sal * power
    U = a_util  # U[h, a, b]
    uii = U[idx, idx, idx][:, None]  # [i, 1]
    uij = U[idx, idx, :]  # [i, j]
    uji = U[idx, :, idx]  # [i, j] = U[i](j, i)
    ujj = U[idx][:, idx, idx]  # [i, j] = U[i](j, j)
    ci = w[:, None] * (uii - uij)
    cj = w[None, :] * (uji - ujj)
    chij = MIN_CONTRIB + np.maximum(ci, 0) + np.maximum(cj, 0)
    chji = MIN_CONTRIB + np.maximum(-ci, 0) + np.maximum(-cj, 0)
    # third parties n, each judging the little contest of the principals and itself
    uni = np.broadcast_to(U[idx, :, idx][:, None, :], (n, n, n))  # [i, j, n] = U[i](n, i)
    unj = np.transpose(U, (0, 2, 1))  # [i, j, n] = U[i](n, j)
    unn = np.broadcast_to(U[:, idx, idx][:, None, :], (n, n, n))  # [i, j, n] = U[i](n, n)
    cn = w[None, None, :] * (uni - unj)
    cni = chij[:, :, None] + np.maximum(cn, 0)
    cnj = chji[:, :, None] + np.maximum(-cn, 0)
    pin = cni / (cni + cnj)
    pjn = 1 - pin
    # SemiCommit: u(ik > j) = 2u_ni + u_nn, u(j > ik) = 3u_nj, u(i > jk) = 3u_ni, u(jk > i) = 2u_nj + u_nn
    u_ik_j = pin * (2 * uni + unn) + pjn * (3 * unj)
    u_i_jk = pin * (3 * uni) + pjn * (2 * unj + unn)
    vn = w[None, None, :] * (u_ik_j - u_i_jk)
    third = np.ones((n, n, n), dtype=bool)
    third[idx, :, idx] = False
    third[:, idx, idx] = False
    chij = chij + np.where(third & (vn > 0), vn, 0).sum(axis=2)
    chji = chji + np.where(third & (vn < 0), -vn, 0).sum(axis=2)
    p = chij / (chij + chji)
    sj = sal[None, :]
    gain = (1 - sj) * 2 * uii + sj * (p * 2 * uii + (1 - p) * 2 * uij) - (uii + uij)
    return p, gain


def bargain(xi: np.ndarray, si: np.ndarray, xj: np.ndarray, sj: np.ndarray, p: float) -> tuple[np.ndarray, np.ndarray]:
    """S2P2 interpolation, rounded to 4 decimals: what i is to adopt and what j is to adopt."""
    wi, wj = si ** 2 * p ** 2, sj ** 2 * (1 - p) ** 2
    total = wi + MIN_WEIGHT + wj
    bi = ((wi + MIN_WEIGHT) * xi + wj * xj) / total
    bj = (wi * xi + (MIN_WEIGHT + wj) * xj) / total
    return np.floor(0.5 + bi * 1e4) / 1e4, np.floor(0.5 + bj * 1e4) / 1e4


def step(x: np.ndarray, s: np.ndarray, power: np.ndarray) -> dict:
    """One KTAB step from positions x: the state's figures, the challenges, the bargains and the new positions."""
    n = len(x)
    risk, a_util, prob = state(x, s, power)
    p, gain = challenges(a_util, s, power)
    np.fill_diagonal(gain, -np.inf)
    offers: list[tuple[int, int, np.ndarray, np.ndarray]] = []  # (initiator, receiver, x_init, x_rcvr)
    targets = {}
    for i in range(n):
        masked = np.where(gain[i] > MIN_GAIN, gain[i], -np.inf)
        j = int(masked.argmax())
        if not np.isfinite(masked[j]):
            continue
        targets[i] = (j, float(p[i, j]), float(gain[i, j]))
        bi, bj = bargain(x[i], s[i], x[j], s[j], float(p[i, j]))
        offers.append((i, j, bi, bj))
    own = a_util[np.arange(n), np.arange(n)]  # own[a, m]: a's value of m's position
    base = own.sum(axis=1)
    new_x = x.copy()
    chosen = {}
    for k in range(n):
        mine = [o for o in offers if k in (o[0], o[1])]
        u = np.empty((n, len(mine) + 1))
        u[:, 0] = base / n  # the status quo
        for m, (i, j, bi, bj) in enumerate(mine, start=1):
            moved = np.vstack([bi, bj])
            d = np.sqrt((((x[:, None, :] - moved[None]) * s[:, None, :]) ** 2).sum(-1) / (s ** 2).sum(-1)[:, None])
            vals = utility(d, risk[:, None])
            u[:, m] = (base - own[:, i] - own[:, j] + vals.sum(axis=1)) / n
        pm = scalar_pce(u, power)
        best = int(pm.argmax())
        if best:
            i, j, bi, bj = mine[best - 1]
            new_x[k] = bi if k == i else bj
            chosen[k] = (i, j)
    return {"risk": risk, "utilities": a_util, "probabilities": prob, "targets": targets, "offers": offers,
            "chosen": chosen, "positions": new_x}


def simulate(x0: np.ndarray, s: np.ndarray, power: np.ndarray, rounds: int = 100) -> dict:
    """Positions (in [0, 1]) and each position's chance to win per state, and who bargained with whom."""
    x = np.array(x0, dtype=float)
    s = np.asarray(s, dtype=float)
    power = np.asarray(power, dtype=float)
    history, probs, moves = [x.copy()], [], []
    first = None
    for t in range(1, max(rounds, 1) + 1):
        out = step(x, s, power)
        probs.append(out["probabilities"])
        new_x = out["positions"]
        for k, (i, j) in out["chosen"].items():
            if not np.array_equal(new_x[k], x[k]):
                moves.append({"round": t, "actor": k, "with": j if k == i else i})
        delta = float(np.linalg.norm(new_x - x, axis=1).sum())
        x = new_x
        history.append(x.copy())
        first = delta + MIN_DELTA if first is None else first
        if t >= MIN_ITER and delta / first < DELTA_RATIO:
            break
    probs.append(state(x, s, power)[2])
    return {"positions": history, "probabilities": probs, "moves": moves}


def ktab_saliences(s: np.ndarray) -> np.ndarray:
    """Saliences as KTAB reads them: an actor's saliences over all dimensions sum to at most 1. Redline's
    saliences (0–1 per issue) are divided by the number of issues when they would sum above 1."""
    total = s.sum(axis=1, keepdims=True)
    return np.where(total > 1, s / s.shape[1], s)


def run_smp(model: ModelInput, rounds: int = 100) -> dict:
    """All issues at once as the dimensions of one space (actors without a position on an issue sit at
    its middle with no salience on it)."""
    lo = np.array([model.bounds[i][0] for i in model.issues])
    hi = np.array([model.bounds[i][1] for i in model.issues])
    width = np.where(hi > lo, hi - lo, 1)
    held = ~np.isnan(model.position)
    x = np.where(held, (model.position - lo) / width, 0.5)
    s = ktab_saliences(np.where(held, model.salience, 0.0))
    keep = held.any(axis=1) & (s.sum(axis=1) > 0)
    names = [a for a, k in zip(model.actors, keep, strict=True) if k]
    if len(names) < 2:  # nobody to bargain with: the positions stand
        out = {"positions": [x[keep]], "probabilities": [np.ones(len(names))], "moves": []}
    else:
        out = simulate(x[keep], s[keep], model.capability[keep], rounds=max(rounds, 1))
    issues = {}
    for j, issue in enumerate(model.issues):
        table = []
        for t, pos in enumerate(out["positions"]):
            real = pos[:, j] * width[j] + lo[j]
            prob = out["probabilities"][min(t, len(out["probabilities"]) - 1)]
            weight = prob / prob.sum()
            expected = float((weight * real).sum())
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
        prob = sim["probabilities"][-1]
        out[r] = float((prob / prob.sum() * sim["positions"][-1][:, 0]).sum()) * width + lo
    return out
