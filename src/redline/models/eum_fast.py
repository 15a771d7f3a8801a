"""The expected-utility model's rounds compiled with numba, one batch row at a time: the same rules and
arithmetic as `eum.step` (its module says what they are), in float64, with each row's work held in a
few small arrays instead of numpy temporaries the size of the whole batch. Used for Monte Carlo
(`eum.run(..., every_round=False)`); without numba the numpy code runs instead.

Per row and round: sort the actors by position (stable), the risk-neutral victory probabilities by
prefix sums over the actors left of each midpoint (O(n²)), the danger levels and risk aversions, the
risk-aware probabilities the same way, each actor's best confrontation or compromise (first on ties,
in position order), and the positions put back in the actors' order.
"""

from __future__ import annotations

import math

import numpy as np

try:  # numba is a default dependency; the numpy code stands in when it cannot be imported
    from numba import njit
except ImportError:  # pragma: no cover - exercised only without numba
    njit = None

AVAILABLE = njit is not None


LN2_HI = 6.93147180369123816490e-01
LN2_LO = 1.90821492927058770002e-10
INV_LN2 = 1.4426950408889634
SQRT2 = 1.4142135623730951
MAGIC = 6755399441055744.0  # 1.5 · 2**52: adding it rounds to an integer held in the low mantissa bits
MAGIC_BITS = int(np.array([MAGIC]).view(np.int64)[0])
TWO52 = 4503599627370496.0
TWO52_BITS = int(np.array([TWO52]).view(np.int64)[0])
EXP_COEF = tuple(1.0 / math.factorial(k) for k in range(13, -1, -1))  # Taylor series of exp, Horner order
LOG_COEF = tuple(1.0 / (2 * k + 1) for k in range(10, -1, -1))  # of atanh(s)/s in s²


def _exp(z, out, tmp):
    """out = exp(z) for z ≤ 0 (−inf and below −700 give ~1e-304), to 2.3e-16 relative: a degree-13
    polynomial after reduction by ln 2, in loops the compiler vectorises (libm's exp does not)."""
    n = z.shape[0]
    tb = tmp.view(np.int64)
    for i in range(n):
        v = z[i]
        v = v if v > -700.0 else -700.0
        kf = v * INV_LN2 + MAGIC
        k = kf - MAGIC
        f = (v - k * LN2_HI) - k * LN2_LO
        p = EXP_COEF[0]
        for coef in EXP_COEF[1:]:
            p = p * f + coef
        out[i] = p
        tmp[i] = kf
    for i in range(n):
        tb[i] = (tb[i] - MAGIC_BITS + 1023) << 52  # 2**k
    for i in range(n):
        out[i] = out[i] * tmp[i]


def _log(x, out, tmp):
    """out = log(x) for normal x > 0, −inf for x ≤ 0, to 4.5e-16 relative: the exponent from the bits
    and 2·atanh((m − 1)/(m + 1)) for the mantissa m in [√½, √2)."""
    n = x.shape[0]
    xb = x.view(np.int64)
    tb = tmp.view(np.int64)
    ob = out.view(np.int64)
    for i in range(n):
        b = xb[i]
        tb[i] = (b & 0x000FFFFFFFFFFFFF) | 0x3FF0000000000000
        ob[i] = ((b >> 52) & 0x7FF) | TWO52_BITS
    for i in range(n):
        m = tmp[i]
        e = out[i] - TWO52 - 1023.0
        big = np.float64(m > SQRT2)
        m = m * (1.0 - 0.5 * big)
        e = e + big
        s = (m - 1.0) / (m + 1.0)
        s2 = s * s
        p = LOG_COEF[0]
        for coef in LOG_COEF[1:]:
            p = p * s2 + coef
        out[i] = (e * LN2_LO + 2.0 * s * p) + e * LN2_HI
    for i in range(n):
        if not x[i] > 0:
            out[i] = -np.inf


def _probability(x, dist, u, w, out, prefix, total):
    """P[i, j] for sorted x: votes for i over j from the actors on i's side of the midpoint, over the
    sum of |votes| of every actor on every pair (u[k, a] the value for k of a's position, increasing
    with the distance)."""
    n = x.shape[0]
    for a in range(n):
        prefix[0, a] = 0.0
    for m in range(n):
        for a in range(n):
            prefix[m + 1, a] = prefix[m, a] + w[m] * u[m, a]
    for a in range(n):
        total[a] = prefix[n, a]
    # Σ_{a, b} |u[k, b] − u[k, a]| = 2 Σ_m (2m − n + 1) u_(m): u[k, ·] sorted by merging the actors
    # left and right of k by distance (the values grow with it), not by sorting
    denom = 0.0
    for k in range(n):
        acc = (1 - n) * u[k, k]
        left, right = k - 1, k + 1
        for m in range(1, n):
            if right >= n or (left >= 0 and x[k] - x[left] <= x[right] - x[k]):
                v = u[k, left]
                left -= 1
            else:
                v = u[k, right]
                right += 1
            acc += (2 * m - n + 1) * v
        denom += w[k] * 2 * acc
    for i in range(n):
        out[i, i] = 0.0
        cnt = 0
        for j in range(i + 1, n):
            if dist[i, j] == 0 or denom <= 0:
                out[i, j] = 0.0
                out[j, i] = 0.0
                continue
            mid = (x[i] + x[j]) / 2
            while cnt < n and x[cnt] < mid:  # actors strictly left of the midpoint (grows with j)
                cnt += 1
            left_votes = prefix[cnt, j] - prefix[cnt, i]  # for i (left of j) over j
            right_votes = (total[i] - total[j]) + left_votes  # for j over i, from the actors right of it
            out[i, j] = max(left_votes / denom, 0.0)
            out[j, i] = max(right_votes / denom, 0.0)


def _row_power(logs, r, z, out, tmp):
    """out[k·n + a] = exp(r_k · logs[k·n + a]): each row's base to the power of that row's risk."""
    n = r.shape[0]
    for k in range(n):
        for a in range(n):
            z[k * n + a] = r[k] * logs[k * n + a]
    _exp(z, out, tmp)


def _row_rounds(x0, c0, s0, rounds, q):
    n = x0.shape[0]
    nn = n * n
    x = x0.copy()
    span = x.max() - x.min()
    if span <= 0:
        return x
    dist = np.empty((n, n))
    u = np.empty((n, n))
    p = np.empty((n, n))
    us = np.empty((n, n))  # a's utility of success and of failure against b
    uf = np.empty((n, n))
    pairs = n * (n - 1) // 2
    packed, packed_log, packed_tmp = np.empty(3 * pairs), np.empty(3 * pairs), np.empty(3 * pairs)
    log_d, log_m, log_p = np.zeros(nn), np.zeros(nn), np.zeros(nn)
    z, tmp = np.empty(nn), np.empty(nn)
    prefix = np.empty((n + 1, n))
    total = np.empty(n)
    danger = np.empty(n)
    r = np.empty(n)
    new_x = np.empty(n)
    xs, cs, ss = np.empty(n), np.empty(n), np.empty(n)
    for _ in range(rounds):
        order = np.argsort(x, kind="mergesort")
        for a in range(n):
            xs[a], cs[a], ss[a] = x[order[a]], c0[order[a]], s0[order[a]]
        w = cs * ss
        # distances, and log d, log (1 − d)/2, log (1 + d)/2 taken once per pair (they are symmetric)
        m = 0
        for a in range(n):
            dist[a, a] = 0.0
            for b in range(a + 1, n):
                d = abs(xs[a] - xs[b]) / span
                dist[a, b] = d
                dist[b, a] = d
                packed[m] = d
                packed[pairs + m] = 0.5 - 0.5 * d
                packed[2 * pairs + m] = 0.5 + 0.5 * d
                m += 1
        _log(packed, packed_log, packed_tmp)
        m = 0
        for a in range(n):
            for b in range(a + 1, n):
                log_d[a * n + b] = log_d[b * n + a] = packed_log[m]
                log_m[a * n + b] = log_m[b * n + a] = packed_log[pairs + m]
                log_p[a * n + b] = log_p[b * n + a] = packed_log[2 * pairs + m]
                m += 1
        # risk aversion from the danger levels, all risks neutral
        _probability(xs, dist, dist, w, p, prefix, total)
        for a in range(n):
            acc = 0.0
            for o in range(n):
                if o != a:
                    d = dist[a, o]
                    pv = p[o, a]
                    acc += ss[a] * (pv * 2 * d + (1 - pv) * (-2 * d)) + (1 - ss[a]) * (2 * d)
            danger[a] = acc
        dmax, dmin = danger.max(), danger.min()
        spread = dmax - dmin
        for a in range(n):
            acc = (2 * danger[a] - dmax - dmin) / spread if spread > 0 else 0.0
            r[a] = (1 - acc / 3) / (1 + acc / 3)
        # u[k, a] = d^r_k; us = 2 − 4((1 − d)/2)^r_a; uf = 2 − 4((1 + d)/2)^r_a
        _row_power(log_d, r, z, u.reshape(nn), tmp)
        _row_power(log_m, r, z, us.reshape(nn), tmp)
        _row_power(log_p, r, z, uf.reshape(nn), tmp)
        for i in range(n):
            for j in range(n):
                if dist[i, j] <= 0:
                    u[i, j] = 0.0
                us[i, j] = 2 - 4 * us[i, j]
                uf[i, j] = 2 - 4 * uf[i, j]
        _probability(xs, dist, u, w, p, prefix, total)
        for a in range(n):
            usq = 2 - 4 * 0.5 ** r[a]
            best_conf, best_near = -1, np.inf
            best_comp, best_key, comp_to = -1, np.inf, 0.0
            for b in range(n):
                if dist[a, b] <= 0:
                    continue
                s_, f_ = us[a, b], uf[a, b]
                eij = ss[b] * (p[a, b] * s_ + (1 - p[a, b]) * f_) + (1 - ss[b]) * s_ - q * usq
                eji = ss[a] * (p[b, a] * s_ + (1 - p[b, a]) * f_) + (1 - ss[a]) * s_ - q * usq
                if eji > eij and eij > 0:
                    near = abs(xs[a] - xs[b])
                    if near < best_near:
                        best_conf, best_near = b, near
                if eji > 0 and eij < 0 and eji > abs(eij):
                    weight = abs(eij) + abs(eji)
                    key = (abs(eij) * xs[a] + abs(eji) * xs[b]) / (weight if weight > 0 else 1.0)
                    if key < best_key:
                        ratio = abs(eij) / (eji if eji != 0 else 1.0)
                        best_comp, best_key, comp_to = b, key, xs[a] + (xs[b] - xs[a]) * ratio
            if best_conf >= 0:
                new_x[a] = xs[best_conf]
            elif best_comp >= 0:
                new_x[a] = comp_to
            else:
                new_x[a] = xs[a]
        for a in range(n):
            x[order[a]] = new_x[a]
    return x


def _batch_rounds(x, c, s, rounds, q):
    out = np.empty_like(x)
    for row in range(x.shape[0]):
        out[row] = _row_rounds(x[row], c[row], s[row], rounds, q)
    return out


if AVAILABLE:  # error_model="numpy": no Python checks on division, so the loops vectorise
    _jit = njit(cache=True, nogil=True, error_model="numpy", fastmath={"contract"})
    _exp, _log, _probability = _jit(_exp), _jit(_log), _jit(_probability)
    _row_power = _jit(_row_power)
    _row_rounds = _jit(_row_rounds)
    _batch_rounds = _jit(_batch_rounds)


def final_positions(x: np.ndarray, c: np.ndarray, s: np.ndarray, rounds: int, q: float = 1.0) -> np.ndarray:
    """Positions after `rounds` rounds for a batch (rows, n) of one-issue problems (float64)."""
    x = np.ascontiguousarray(x, dtype=np.float64)
    c = np.ascontiguousarray(np.broadcast_to(c, x.shape), dtype=np.float64)
    s = np.ascontiguousarray(np.broadcast_to(s, x.shape), dtype=np.float64)
    return _batch_rounds(x, c, s, int(rounds), float(q))
