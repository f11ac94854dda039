"""TOPSIS (Hwang & Yoon, 1981): closeness to the ideal, distance from the anti-ideal.

After weighting, the ideal takes every criterion's best value and the anti-ideal its
worst; an alternative's score is d- / (d+ + d-), its Euclidean distance from the
anti-ideal relative to both distances, in [0, 1].  With the default ``vector``
normalization this is the classic formulation.  When every alternative is equal on
every criterion both distances are 0 and every score is 0.5 (no alternative is closer
to either point).

How it is computed, in a few passes over the data whatever its size:

1. one pass for each column's constants: extremes, and the norm or sum the
   normalization needs (`tradeoff.plugin_kit.column_stats`);
2. the ideal and anti-ideal from the extremes alone: every normalization is monotone
   in each column (increasing for a benefit, decreasing for a cost), and so is
   weighting, so the best weighted normalised value is that of the best raw value --
   the number the maximum over all rows would give;
3. one pass for both distances, a block of rows at a time (256 KB, so a block and its
   temporaries stay in the CPU cache; the extra memory is a few vectors of n).  Where
   the normalization is affine in each column (``vector``, ``minmax``, ``none``),
   an alternative's weighted normalised value differs from the ideal's by
   u * (x - best), u = w / norm (vector), w / (max - min) (minmax) or w (none), and
   0 for a column whose values are all equal: two operations per value and distance,
   without forming the weighted normalised matrix (and without the cancellation of
   subtracting two of its values).  ``max`` and ``sum`` (min / x for a cost) form it,
   and so does ``none`` for raw values beyond 1e100, whose differences could overflow.
   Each sum of squares is `numpy.einsum`'s over the criteria of one row.

Two paths, which give bit-for-bit the same numbers (tests/test_speed_paths.py): the
general one (`_general`), whose rows get the same arithmetic whatever the block or the
size of the stack, and `_small_vector` for one small matrix under ``vector``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from tradeoff import Method, hookimpl
from tradeoff.plugin_kit import (
    HUGE as _HUGE,
    ColumnStats,
    Known,
    Passes,
    apply,
    column_stats,
    extreme_scale,
    normalization_rounds,
    normalization_stats,
    sum_of_squares,
)

#: Values per block of rows (32,768 floats: 256 KB).
BLOCK = 1 << 15

#: Normalizations that are, column by column, an affine map of the value.
AFFINE = frozenset({"vector", "minmax", "none"})

_TINY = 1 / _HUGE


def topsis(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray, normalization: str = "vector"
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Closeness ``(..., n)`` of a matrix ``(..., n, m)``: 1 at the ideal, 0 at the anti-ideal."""
    x = np.asarray(matrix, dtype=float)
    w = np.asarray(weights, dtype=float)
    up = np.asarray(benefit, dtype=bool)
    if normalization == "vector" and x.ndim == 2 and w.ndim == 1 and up.ndim == 1 and x.size <= BLOCK:
        done = _small_vector(x, w, up)
        if done is not None:
            return done
    return _general(x, w, up, normalization)


def passes(params) -> Passes:
    """Over chunks of rows: the normalization's rounds, then each chunk's closeness
    from the whole's constants (the ideal and anti-ideal come from its extremes)."""
    how = params["normalization"]

    def score(rows: np.ndarray, known: Known) -> np.ndarray:
        stats = normalization_stats(known, how)
        return _general(rows, known.weights, known.benefit, how, stats)[0]

    return Passes(rounds=normalization_rounds(how), score=score)


def reweigh(matrix: np.ndarray, benefit: np.ndarray, normalization: str = "vector") -> Callable[[np.ndarray], np.ndarray] | None:
    """Closeness under many weight vectors (SMAA's samples): with weights >= 0 the
    weighted ideal is the weights times the normalised one, so a squared distance is
    ``sum_j w_j^2 t_ij^2``, the squared weights times a weight-free matrix: two matrix
    products a chunk of samples.  Each t is the kernel's difference before weighting,
    ``(x - best) / divisor`` (no cancellation of two normalised values), so the scores
    are the kernel's within a few ulps.  None where the kernel forms the weighted values
    (``max`` and ``sum``, whose differences lose digits to cancellation in another way
    than the kernel's) or rescales them (values of extreme magnitude)."""
    if normalization not in AFFINE:
        return None
    x = np.asarray(matrix, dtype=float)
    up = np.asarray(benefit, dtype=bool)
    stats = column_stats(x, normalization)
    best = np.where(up, stats.hi, stats.lo) + 0.0
    worst = np.where(up, stats.lo, stats.hi) + 0.0
    ends = apply(np.concatenate([best, worst]), up, normalization, stats)
    if extreme_scale(np.abs(ends).max(axis=-1, keepdims=True)) is not None:
        return None
    if normalization == "none" and ((stats.lo < -_HUGE) | (stats.hi > _HUGE)).any():
        return None  # raw values whose differences could overflow: the kernel forms them
    if normalization == "none":
        xs, u = x, 1.0
    else:
        divisor = 1.0 if stats.scale is None else stats.scale
        xs, best, worst = x / divisor, best / divisor, worst / divisor
        u = np.where(stats.flat, 0.0, 1.0 / stats.divisor)
    with np.errstate(over="ignore", invalid="ignore"):
        to_ideal, to_anti = ((xs - best) * u) ** 2, ((xs - worst) * u) ** 2
    if not (np.isfinite(to_ideal).all() and np.isfinite(to_anti).all()):
        return None
    to_ideal, to_anti = to_ideal.T.copy(), to_anti.T.copy()

    def scores(weights: np.ndarray) -> np.ndarray:
        squares = weights * weights
        return _closeness(np.sqrt(squares @ to_ideal), np.sqrt(squares @ to_anti))

    return scores


def _general(
    x: np.ndarray, w: np.ndarray, up: np.ndarray, how: str, stats: ColumnStats | None = None
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """`topsis` for any stack and normalization (with `stats`, the whole matrix's
    constants, for rows of it)."""
    w = w[..., None, :]
    if stats is None:
        stats = column_stats(x, how)
    side = up[..., None, :]
    best = np.where(side, stats.hi, stats.lo) + 0.0  # a zero extreme as +0.0, whichever
    worst = np.where(side, stats.lo, stats.hi) + 0.0  # zero the reduction kept
    ends = apply(np.concatenate([best, worst], axis=-2), up, how, stats)
    ends *= w
    ideal, anti = ends[..., :1, :], ends[..., 1:, :]
    # Closeness is invariant to scaling everything; weighted values of extreme
    # magnitude (raw ones under "none") are rescaled so squares neither overflow nor vanish.
    peak = np.maximum(np.abs(ideal), np.abs(anti)).max(axis=-1, keepdims=True)
    scale = extreme_scale(peak)
    if how == "none":
        # Raw values: the differences could overflow where they are extreme, so
        # those go the way that forms the weighted values (it rescales them).
        ordinary = scale is None and not (stats.lo < -_HUGE).any() and not (stats.hi > _HUGE).any()
    else:
        ordinary = how in AFFINE
    if ordinary:
        if how == "none":
            divisor, u = None, np.broadcast_to(w, ends.shape[:-2] + (1, ends.shape[-1]))
        else:  # columns of extreme magnitude are rescaled by the normalization
            divisor = stats.scale
            u = np.where(stats.flat, 0.0, w / stats.divisor)
            if scale is not None:
                u = u / scale
        if divisor is not None:
            best, worst = best / divisor, worst / divisor
        parts = [best, worst, u] + ([] if divisor is None else [divisor])
        d2_plus, d2_minus = _by_block(_affine, x, parts)
    else:
        ideal_s, anti_s = (ideal, anti) if scale is None else (ideal / scale, anti / scale)
        parts = [w, up[..., None, :], ideal_s, anti_s, *stats] + ([] if scale is None else [scale])
        d2_plus, d2_minus = _by_block(_formed(how, scale is not None), x, parts)
    d_plus = np.sqrt(d2_plus, out=d2_plus)
    d_minus = np.sqrt(d2_minus, out=d2_minus)
    closeness = _closeness(d_plus, d_minus)
    if scale is not None:
        unscale = scale[..., 0]
        d_plus, d_minus = d_plus * unscale, d_minus * unscale
    return closeness, {
        "ideal": ideal[..., 0, :],
        "anti_ideal": anti[..., 0, :],
        "distance_to_ideal": d_plus,
        "distance_to_anti_ideal": d_minus,
    }


def _closeness(d_plus: np.ndarray, d_minus: np.ndarray) -> np.ndarray:
    total = d_plus + d_minus
    apart = total > 0
    if apart.all():
        return d_minus / total
    return np.divide(d_minus, total, out=np.full_like(total, 0.5), where=apart)


def _sum_of_squares(t: np.ndarray, out: np.ndarray | None) -> np.ndarray:
    # C order, the same for every path: einsum's sums follow the memory layout.
    return np.einsum("...nm,...nm->...n", t, t, out=out)


def _affine(x, best, worst, u, divisor=None, out=(None, None)):
    """Squared distances of the rows `x` ``(..., k, m)``: sums of (u (x - best))^2."""
    xs = x if divisor is None else x / divisor
    t = np.subtract(xs, best, order="C")
    t *= u
    d2_plus = _sum_of_squares(t, out[0])
    np.subtract(xs, worst, out=t)
    t *= u
    d2_minus = _sum_of_squares(t, out[1])
    return d2_plus, d2_minus


def _formed(how: str, rescaled: bool) -> Callable[..., tuple[np.ndarray, np.ndarray]]:
    """Squared distances from the weighted normalised matrix (max, sum, and none for
    values of extreme magnitude)."""

    def distances(x, w, up, ideal, anti, *rest, out=(None, None)):
        stats = ColumnStats._make(rest[: len(ColumnStats._fields)])
        v = apply(x, up[..., 0, :], how, stats)
        v *= w
        if rescaled:
            v /= rest[-1]
        t = np.subtract(v, ideal, order="C")
        d2_plus = _sum_of_squares(t, out[0])
        np.subtract(v, anti, out=t)
        d2_minus = _sum_of_squares(t, out[1])
        return d2_plus, d2_minus

    return distances


def _by_block(compute, x: np.ndarray, parts: list) -> tuple[np.ndarray, np.ndarray]:
    """``compute(rows, *parts)`` over a stack ``(..., n, m)``, in one call while it is
    small, else in blocks of about `BLOCK` values: whole matrices while they are
    small, else rows of one.  `parts` are per-matrix constants ``(..., 1, m)`` or
    ``(..., 1, 1)`` broadcasting against the stack (None where absent).

    For rows of one matrix, each constant is repeated to the block's shape: numpy runs
    an operation between a block (k, m) and a row (1, m) as k loops of m values, and
    between two blocks as one loop of k * m, several times faster; the numbers are the
    same.
    """
    if x.size <= BLOCK:
        return compute(x, *parts)
    stack, (n, m) = x.shape[:-2], x.shape[-2:]
    count = math.prod(stack)
    x3 = x.reshape((count, n, m))
    members = [
        None if a is None else np.broadcast_to(a, stack + a.shape[-2:]).reshape((count,) + a.shape[-2:])
        for a in parts
    ]
    d2_plus = np.empty((count, n))
    d2_minus = np.empty((count, n))
    if n * m < BLOCK:
        step = BLOCK // (n * m)
        for start in range(0, count, step):
            k = slice(start, start + step)
            compute(x3[k], *(None if a is None else a[k] for a in members), out=(d2_plus[k], d2_minus[k]))
    else:
        rows = max(1, BLOCK // m)
        for i in range(count):
            tiled = [None if a is None else np.ascontiguousarray(np.broadcast_to(a[i], (rows, m))) for a in members]
            for start in range(0, n, rows):
                r, k = slice(start, start + rows), min(rows, n - start)
                compute(x3[i, r], *(None if a is None else a[:k] for a in tiled), out=(d2_plus[i, r], d2_minus[i, r]))
    return d2_plus.reshape(stack + (n,)), d2_minus.reshape(stack + (n,))


def _small_vector(
    x: np.ndarray, w: np.ndarray, up: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray]] | None:
    """`_general` for one small matrix under ``vector``, in as few numpy calls as
    possible (each costs about a microsecond, the whole of the arithmetic here), with
    the same numbers; None where a magnitude is extreme (the general way rescales).
    Its gain (bench/topsis_speed.py, small case): `rank_matrix` of 10 x 5 in 29 us, not 57.

    The per-column constants are computed in Python: its floats are IEEE doubles, as
    numpy's, so each operation rounds the same.  A cost's normalised value 1 - x / norm
    is written x / -norm + 1: the same number (negation is exact and rounding
    symmetric).
    """
    n, m = x.shape
    if n <= 64:
        ordered = x.copy()
        ordered.sort(axis=0)  # one call for both extremes
        lo, hi = ordered[0].tolist(), ordered[-1].tolist()
    else:
        lo, hi = x.min(axis=0).tolist(), x.max(axis=0).tolist()
    squares = sum_of_squares(x)[0].tolist()
    sqrt, huge, tiny = math.sqrt, _HUGE, _TINY
    constants = []  # per column: best, worst, u, ideal, anti-ideal
    for low, high, benefit, square, weight in zip(lo, hi, up.tolist(), squares, w.tolist()):
        if low < -huge or high > huge or (-tiny < low and high < tiny and (low or high)):
            return None  # extreme magnitude: the general way rescales the column
        # A zero extreme as +0.0 (x + 0.0), whichever zero the sort kept, as `_general`.
        if low == high:
            low += 0.0
            constants += (low, low, 0.0, weight, weight)  # (x / inf + 1) * w
        elif benefit:
            norm = sqrt(square)
            high += 0.0
            low += 0.0
            constants += (high, low, weight / norm, high / norm * weight, low / norm * weight)
        else:
            norm = sqrt(square)
            high += 0.0
            low += 0.0
            constants += (low, high, weight / norm, (low / -norm + 1.0) * weight, (high / -norm + 1.0) * weight)
    peak = max(map(abs, constants[3::5] + constants[4::5]))
    if peak > huge or 0 < peak < tiny:
        return None
    constants = np.fromiter(constants, float, 5 * m).reshape(m, 5).T
    ends = constants[3:]
    # (2, n, m): each value's difference from the ideal's and the anti-ideal's.
    apart = np.subtract(x, constants[:2, None, :], order="C")
    apart *= constants[2]
    d = np.einsum("...nm,...nm->...n", apart, apart)
    np.sqrt(d, out=d)
    d_plus, d_minus = d
    total = d_plus + d_minus
    if min(total.tolist()) > 0:
        closeness = d_minus / total
    else:
        closeness = np.divide(d_minus, total, out=np.full_like(total, 0.5), where=total > 0)
    return closeness, {
        "ideal": ends[0],
        "anti_ideal": ends[1],
        "distance_to_ideal": d_plus,
        "distance_to_anti_ideal": d_minus,
    }


METHOD = Method(
    criterion_diagnostics={"ideal", "anti_ideal"},
    name="topsis",
    label="TOPSIS",
    description="Relative closeness to the ideal point (Hwang & Yoon 1981); higher is better.",
    kernel=topsis,
    reweigh=reweigh,
    passes=passes,
    default_normalization="vector",
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
