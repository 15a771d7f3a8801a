"""Bueno de Mesquita's expected-utility model as replicated by Scholz, Calbert and Smith (2011),
vectorised with numpy over a batch of independent one-issue problems (issues × Monte Carlo runs).

Each round: every actor's risk aversion is inferred from its danger level (the expected utility
others would gain by challenging it, all risks taken as neutral); then every actor looks at the
offers it would receive from each other actor, from its own point of view, and takes the best:
a confrontation it would lose (it moves to the other's position; the nearest wins), otherwise a
compromise (it moves part of the way, by the ratio of the two expected utilities; the offer with the
lowest utility-weighted position wins, as in Scholz's code). All actors move at once. The
capitulation branch of Scholz's code can never fire (its test compares a number with its own
absolute value) and is kept that way, as the reference run depends on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from redline.models import eum_fast

CONFRONTATION, COMPROMISE = 1, 2
OFFER_NAMES = {CONFRONTATION: "loses a confrontation to", COMPROMISE: "compromises with"}


@dataclass
class EumResult:
    """Per round: positions (batch, n), weighted mean and median voter position (batch,), and the offers
    each actor took: its type (0 none) and from whom (−1 none)."""

    positions: list[np.ndarray] = field(default_factory=list)
    means: list[np.ndarray] = field(default_factory=list)
    medians: list[np.ndarray] = field(default_factory=list)
    offer_type: list[np.ndarray] = field(default_factory=list)
    offer_from: list[np.ndarray] = field(default_factory=list)
    risk: list[np.ndarray] = field(default_factory=list)


def weighted_mean(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    total = w.sum(axis=-1)
    return np.where(total > 0, (w * x).sum(axis=-1) / np.where(total > 0, total, 1), x.mean(axis=-1))


def median_voter(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The position that wins every pairwise vote of risk-neutral actors (weights capability × salience).

    In one dimension the winner minimises the weighted sum of distances to the actors; among tied
    positions the lowest is kept.
    """
    loss = (w[..., None, :] * np.abs(x[..., None, :] - x[..., :, None])).sum(axis=-1)  # (batch, candidate)
    best = loss.min(axis=-1, keepdims=True)
    tied = np.isclose(loss, best, rtol=1e-12, atol=1e-12)
    candidates = np.where(tied, x, np.inf)
    return candidates.min(axis=-1)


def _distances(x: np.ndarray, span: np.ndarray) -> np.ndarray:
    """|x_a − x_b| / range, shape (batch, n, n)."""
    return np.abs(x[..., :, None] - x[..., None, :]) / span[..., None, None]


def _layout(x: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
    """For positions sorted along the last axis: for each pair, how many actors stand left of its
    midpoint (searched in one triangle: the matrix is symmetric)."""
    n = x.shape[-1]
    upper = np.triu_indices(n)
    mids = (x[..., upper[0]] + x[..., upper[1]]) / 2
    counts = _count_below(x, mids)
    below = np.zeros(x.shape + (n,), dtype=np.intp)
    below[..., upper[0], upper[1]] = counts
    below[..., upper[1], upper[0]] = counts
    return None, below


def _probability(x: np.ndarray, dist: np.ndarray, w: np.ndarray, r: np.ndarray | None,
                 layout: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """P[i, j]: the chance that i's position beats j's, as in Scholz's code: the votes of all actors k
    for i over j (c·s·(d_kj^r − d_ki^r), positive part), over the sum of |votes| of every actor on
    every pair of positions.

    An actor k votes for i over j exactly when it stands on i's side of their midpoint, so with the
    actors sorted by position the numerator is a difference of prefix sums: O(n² log n), not O(n³).
    """
    n = x.shape[-1]
    u = dist if r is None else dist ** r[..., :, None]  # u[k, a] = (|x_k − x_a| / range) ** r_k
    if layout is None:  # not sorted yet: sort, compute, and put back in the actors' order
        order = np.argsort(x, axis=-1, kind="stable")
        rank = np.argsort(order, axis=-1)
        p = _probability(np.take_along_axis(x, order, -1), _gather2(dist, order), np.take_along_axis(w, order, -1),
                         None if r is None else np.take_along_axis(r, order, -1), _layout(np.take_along_axis(x, order, -1)))
        return _gather2(p, rank)
    below = layout[1]
    wu = w[..., :, None] * u
    prefix = np.concatenate([np.zeros_like(wu[..., :1, :]), np.cumsum(wu, axis=-2)], axis=-2)  # [m, a]
    total = prefix[..., -1, :]  # Σ_k w_k u[k, a]
    g = np.take_along_axis(prefix, below, axis=-2)  # g[i, j] = Σ_{k left of mid} w_k u[k, j]
    left = g - np.swapaxes(g, -1, -2)  # votes of the actors left of the midpoint, for the left position
    right = (total[..., None, :] - total[..., :, None]) - left
    numer = np.where(x[..., :, None] < x[..., None, :], left, right)
    # Σ_{a, b} |u[k, b] − u[k, a]| per k from sorted values: 2 Σ_m (2m − n + 1) u_(m)
    ranks = (2 * np.arange(n) - n + 1).astype(u.dtype)
    pair_sum = 2 * (np.sort(u, axis=-1) * ranks).sum(axis=-1)
    denom = (w * pair_sum).sum(axis=-1)[..., None, None]
    p = np.where(denom > 0, numer / np.where(denom > 0, denom, 1), 0)
    return np.where(dist == 0, 0, np.maximum(p, 0))


def _gather2(m: np.ndarray, index: np.ndarray) -> np.ndarray:
    """m[index][:, index] for each batch row."""
    return np.take_along_axis(np.take_along_axis(m, index[..., :, None], axis=-2), index[..., None, :], axis=-1)


def _count_below(sorted_x: np.ndarray, values: np.ndarray) -> np.ndarray:
    """For each batch row, how many of its sorted positions are strictly below each value."""
    flat_x = sorted_x.reshape(-1, sorted_x.shape[-1])
    flat_v = values.reshape(flat_x.shape[0], -1)
    out = np.empty(flat_v.shape, dtype=np.intp)
    for row in range(flat_x.shape[0]):  # a short search per row beats one long search over all rows
        out[row] = np.searchsorted(flat_x[row], flat_v[row], side="left")
    return out.reshape(values.shape)


def _utilities(d: np.ndarray, r: np.ndarray | None):
    """Utilities of success, failure and the status quo for an actor with risk r (None: neutral)."""
    if r is None:
        return 2 - 4 * (0.5 - 0.5 * d), 2 - 4 * (0.5 + 0.5 * d), 0.0
    return 2 - 4 * (0.5 - 0.5 * d) ** r, 2 - 4 * (0.5 + 0.5 * d) ** r, 2 - 4 * 0.5 ** r


def _eu(p: np.ndarray, d: np.ndarray, s_target: np.ndarray, r: np.ndarray | None, q: float,
        utilities=None) -> np.ndarray:
    """Expected utility of a challenge from the point of view of an actor with risk r (None: neutral)."""
    u_success, u_failure, u_status_quo = utilities if utilities is not None else _utilities(d, r)
    return s_target * (p * u_success + (1 - p) * u_failure) + (1 - s_target) * u_success - q * u_status_quo


def risk_aversion(x: np.ndarray, w: np.ndarray, s: np.ndarray, span: np.ndarray, q: float,
                  layout: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """Each actor's risk aversion from its danger level against everyone's (all risks neutral first)."""
    dist = _distances(x, span)
    p = _probability(x, dist, w, None, layout)
    # danger[a] = Σ_{o ≠ a} EU from a's view of o challenging a: P[o, a], target salience s_a
    eu = _eu(np.swapaxes(p, -1, -2), dist, s[..., :, None], None, q)  # [a, o]: o challenges a
    n = x.shape[-1]
    eu = eu * (1 - np.eye(n, dtype=x.dtype))
    danger = eu.sum(axis=-1)
    hi, lo = danger.max(axis=-1, keepdims=True), danger.min(axis=-1, keepdims=True)
    spread = hi - lo
    acceptance = np.where(spread > 0, (2 * danger - hi - lo) / np.where(spread > 0, spread, 1), 0.0)
    return (1 - acceptance / 3) / (1 + acceptance / 3)


def step(x: np.ndarray, c: np.ndarray, s: np.ndarray, span: np.ndarray, q: float = 1.0):
    """One round: new positions, the offer type each actor took and from whom, and the risks used.

    The work is done with the actors sorted by position (ties keep their order, so Python's
    first-minimum rules still pick the same actor) and the results are put back in their order.
    """
    order = np.argsort(x, axis=-1, kind="stable")
    rank = np.argsort(order, axis=-1)
    back = np.take_along_axis
    new_x, kind, source, r = _sorted_step(back(x, order, -1), back(c, order, -1), back(s, order, -1), span, q)
    source = np.where(source >= 0, np.take_along_axis(order, np.maximum(source, 0), -1), -1)
    return back(new_x, rank, -1), back(kind, rank, -1), back(source, rank, -1), back(r, rank, -1)


def _sorted_step(x: np.ndarray, c: np.ndarray, s: np.ndarray, span: np.ndarray, q: float):
    w = c * s
    layout = _layout(x)
    r = risk_aversion(x, w, s, span, q, layout)
    dist = _distances(x, span)
    p = _probability(x, dist, w, r, layout)
    ra = r[..., :, None]
    utilities = _utilities(dist, ra)  # the same distances and risk in both directions, from a's view
    eu_ij = _eu(p, dist, s[..., None, :], ra, q, utilities)  # a challenges b: P[a, b], target s_b
    eu_ji = _eu(np.swapaxes(p, -1, -2), dist, s[..., :, None], ra, q, utilities)  # b challenges a
    differ = dist > 0
    confront = differ & (eu_ji > eu_ij) & (eu_ij > 0)
    compromise = differ & (eu_ji > 0) & (eu_ij < 0) & (eu_ji > np.abs(eu_ij))
    xa, xb = x[..., :, None], x[..., None, :]
    # confrontation: the nearest position; ties go to the first actor, as Python's min() does
    near = np.where(confront, np.abs(xa - xb), np.inf)
    pick_conf = near.argmin(axis=-1)
    has_conf = confront.any(axis=-1)
    ratio = np.abs(eu_ij) / np.where(eu_ji != 0, eu_ji, 1)
    comp_pos = xa + (xb - xa) * ratio
    weight = np.abs(eu_ij) + np.abs(eu_ji)
    key = np.where(compromise, (np.abs(eu_ij) * xa + np.abs(eu_ji) * xb) / np.where(weight > 0, weight, 1), np.inf)
    pick_comp = key.argmin(axis=-1)
    has_comp = compromise.any(axis=-1)
    take = np.take_along_axis
    new_conf = take(np.broadcast_to(xb, near.shape), pick_conf[..., None], axis=-1)[..., 0]
    new_comp = take(comp_pos, pick_comp[..., None], axis=-1)[..., 0]
    new_x = np.where(has_conf, new_conf, np.where(has_comp, new_comp, x))
    kind = np.where(has_conf, CONFRONTATION, np.where(has_comp, COMPROMISE, 0))
    source = np.where(has_conf, pick_conf, np.where(has_comp, pick_comp, -1))
    return new_x, kind, source, r


def run(x: np.ndarray, c: np.ndarray, s: np.ndarray, rounds: int = 10, q: float = 1.0,
        every_round: bool = True, compiled: bool | None = None) -> EumResult:
    """Run `rounds` rounds on a batch (..., n) of one-issue problems; the position range is fixed at the
    start, as in the reference. With `every_round` False only the last round is recorded (Monte Carlo),
    computed by the compiled rounds of `eum_fast` when numba is there (positions only)."""
    x = np.asarray(x)
    if not every_round and (eum_fast.AVAILABLE if compiled is None else compiled):  # Monte Carlo: the compiled rounds, row by row, in float64
        shape = x.shape
        flat = x.reshape(-1, shape[-1]).astype(np.float64)
        cb = np.broadcast_to(np.asarray(c, dtype=np.float64), shape).reshape(flat.shape)
        sb = np.broadcast_to(np.asarray(s, dtype=np.float64), shape).reshape(flat.shape)
        final = eum_fast.final_positions(flat, cb, sb, rounds, q).reshape(shape)
        w = cb.reshape(shape) * sb.reshape(shape)
        return EumResult([final], [weighted_mean(final, w)], [median_voter(final, w)])
    dtype = x.dtype if np.issubdtype(x.dtype, np.floating) else np.float64  # float32 for Monte Carlo
    x = x.astype(dtype, copy=False)
    c = np.broadcast_to(np.asarray(c, dtype=dtype), x.shape)
    s = np.broadcast_to(np.asarray(s, dtype=dtype), x.shape)
    span = x.max(axis=-1) - x.min(axis=-1)
    moving = span > 0
    span = np.where(moving, span, 1.0)
    out = EumResult()
    for k in range(rounds):
        new_x, kind, source, r = step(x, c, s, span, q)
        x = np.where(moving[..., None], new_x, x)
        if not every_round and k < rounds - 1:
            continue
        w = c * s
        out.positions.append(x)
        out.means.append(weighted_mean(x, w))
        out.medians.append(median_voter(x, w))
        out.offer_type.append(np.where(moving[..., None], kind, 0))
        out.offer_from.append(np.where(moving[..., None], source, -1))
        out.risk.append(r)
    return out
