"""Normalizations: every criterion made "more is better" on a comparable scale.

Kernels work on stacks: ``matrix`` has shape ``(..., n, m)`` (n alternatives, m
criteria) and ``benefit`` broadcasts against ``(..., m)``.  They validate nothing;
`tradeoff.core.domain` says which values max and sum take (a benefit >= 0, a cost
> 0), for the caller to check.  A column whose values are all equal carries no
information: it normalises to 1 for every alternative (to the raw values, negated
for a cost, under ``none``).

`normalize` is `column_stats` (one pass over the matrix for what each column's formula
needs: extremes, norm, sum) followed by `apply` (element by element), so a kernel
that works through a large matrix a block of rows at a time gets, for each block,
exactly the values `normalize` gives for those rows.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

NAMES = ("vector", "minmax", "max", "sum", "none")

DESCRIPTIONS = {
    "vector": "x / ||x||2 for a benefit, 1 - x / ||x||2 for a cost",
    "minmax": "(x - min) / (max - min) for a benefit, (max - x) / (max - min) for a cost",
    "max": "x / max for a benefit (values >= 0), min / x for a cost (values > 0)",
    "sum": "x / sum(x) for a benefit (values >= 0), (1/x) / sum(1/x) for a cost (values > 0)",
    "none": "x for a benefit, -x for a cost",
}


class ColumnStats(NamedTuple):
    """What `apply` needs to know about each column, shaped ``(..., 1, m)``.

    `lo` and `hi` are each column's extremes as given; the rest are in the units
    `apply` computes in (columns of extreme magnitude divided by `scale` first).
    """

    lo: np.ndarray
    hi: np.ndarray
    flat: np.ndarray
    #: Divisors of columns of extreme magnitude (see `extreme_scale`), or None.
    scale: np.ndarray | None = None
    #: The formula's column constants: vector the norm, minmax the span, max the
    #: benefit divisor, sum the benefit total (each with 1 where it would be 0).
    divisor: np.ndarray | None = None
    #: sum only: the cost column's sum of min / x.
    inverse_total: np.ndarray | None = None
    #: minmax, max and sum: `lo` and `hi` in the units of the formula.
    low: np.ndarray | None = None
    high: np.ndarray | None = None


def normalize(matrix: np.ndarray, benefit: np.ndarray, how: str) -> np.ndarray:
    """Normalise each column of `matrix` (axis -2 runs over alternatives)."""
    x = np.asarray(matrix, dtype=float)
    if how == "none":
        return np.where(np.asarray(benefit, dtype=bool)[..., None, :], x, -x)
    return apply(x, benefit, how, column_stats(x, how))


#: The column sums each normalization's formulas need beyond the extremes, by name.
SUMMED = {"vector": ("squares",), "sum": ("total", "inverse")}


def column_stats(matrix: np.ndarray, how: str) -> ColumnStats:
    """One pass over `matrix` ``(..., n, m)`` for the constants of `how`'s formulas."""
    if how not in NAMES:
        raise ValueError(f"unknown normalization {how!r}")
    x = np.asarray(matrix, dtype=float)
    lo, hi = extremes(x)
    return stats_from(how, lo, hi, column_sums(x, how, lo, hi))


def vector_norms(matrix: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
    """`column_stats(matrix, "vector")`'s `scale` and `divisor` (each column's norm), for
    a method that needs no extremes (MOORA): one pass over the matrix, not three, where
    the norms show that no column is of extreme magnitude (its largest magnitude lies
    between norm / sqrt(n) and the norm), else `column_stats`'s.  The same numbers."""
    x = np.asarray(matrix, dtype=float)
    norm = np.sqrt(sum_of_squares(x))
    low = 2 * math.sqrt(x.shape[-2]) / HUGE  # 2 and 1/2: a margin for the norm's rounding
    if norm.size and bool(((norm >= low) & (norm <= HUGE / 2)).all()):
        return None, norm
    stats = column_stats(x, "vector")
    return stats.scale, stats.divisor


def column_sums(rows: np.ndarray, how: str, lo: np.ndarray, hi: np.ndarray) -> dict[str, np.ndarray]:
    """The sums over `rows` (all of a matrix's, or a chunk's) that `how` needs
    (`SUMMED`), each ``(..., 1, m)``, in the units the whole's extremes `lo` and `hi`
    give (columns of extreme magnitude divided by their scale): sums of chunks add up
    to the whole's."""
    if how not in SUMMED:
        return {}
    scale = column_scale(lo, hi)
    tamed = rows if scale is None else rows / scale
    if how == "vector":
        return {"squares": sum_of_squares(tamed)}
    t_lo = lo if scale is None else lo / scale
    return {"total": row_sum(tamed), "inverse": row_sum(t_lo / np.where(tamed > 0, tamed, 1.0))}


#: Rows summed one after the other at most, before the partial sums are added exactly.
SUM_BLOCK = 4096


def sum_of_squares(x: np.ndarray) -> np.ndarray:
    """Each column's sum of squares, keepdims, by the rule of `row_sum` (einsum's,
    without a temporary, for a matrix of `SUM_BLOCK` rows or fewer; a tall one squared
    a `ROW_BLOCK` of rows at a time, never as a whole: `row_sum_of`)."""
    if x.ndim == 2 and len(x) > SUM_BLOCK:
        return row_sum_of(np.square, x)
    return np.einsum("...nm,...nm->...m", x, x)[..., None, :]


def row_sum(x: np.ndarray) -> np.ndarray:
    """The sum over the rows (axis -2) of `x`, keepdims: numpy adds the rows of a
    matrix one after the other, whose rounding grows with their number; a tall
    matrix is summed `SUM_BLOCK` rows at a time and the blocks' sums added exactly
    (`math.fsum`), so that any cut of a table into chunks gives its sums to an ulp or
    two (`tradeoff.core.partition`)."""
    if x.ndim != 2 or len(x) <= SUM_BLOCK:
        return x.sum(axis=-2, keepdims=True)
    n = len(x)
    body = n - n % SUM_BLOCK
    parts = _block_sums(x[:body])
    if body < n:
        parts = np.concatenate([parts, x[body:].sum(axis=0, keepdims=True)])
    return _exact_total(parts)


#: Rows of a tall matrix a kernel takes at a time (a whole number of `SUM_BLOCK`s, so a
#: row sum by blocks is `row_sum`'s): its (rows, m) temporaries stay a few MB, not
#: several times the matrix.
ROW_BLOCK = 8 * SUM_BLOCK


def row_blocks(n: int) -> list[slice]:
    """The `ROW_BLOCK`s of n rows, in order, as slices; fewer than half a block left at
    the end join the last full one, so that no block is small enough for a kernel's
    small-matrix path (`fused`), whose sums differ by ulps from the fused form's."""
    starts = list(range(0, n, ROW_BLOCK))
    if len(starts) > 1 and n - starts[-1] < ROW_BLOCK // 2:
        starts.pop()
    return [slice(start, end) for start, end in zip(starts, [*starts[1:], n])]


def by_row_blocks(fn: Callable[..., tuple[np.ndarray, ...]], x: np.ndarray, *args: object) -> tuple[np.ndarray, ...]:
    """``fn(x, *args)``, a tuple of one value per row, for a tall 2-D `x` a `ROW_BLOCK`
    of rows at a time: the same numbers where each row's values are its own, with
    ``fn``'s (rows, m) temporaries a few MB, not several times the matrix.  Only a
    matrix in C order is cut (a matrix-vector product's sums follow the memory layout,
    and a block of another layout is laid out otherwise than its whole)."""
    if x.ndim != 2 or len(x) <= ROW_BLOCK or not x.flags.c_contiguous:
        return fn(x, *args)
    outs: tuple[np.ndarray, ...] = ()
    for rows in row_blocks(len(x)):
        got = fn(x[rows], *args)
        if not outs:
            outs = tuple(np.empty(len(x), dtype=g.dtype) for g in got)
        for out, part in zip(outs, got):
            out[rows] = part
    return outs


def row_sum_of(fn: Callable[[np.ndarray], np.ndarray], x: np.ndarray) -> np.ndarray:
    """``row_sum(fn(x))`` for an element-by-element `fn`, without ``fn(x)`` whole: a
    tall matrix's rows a `ROW_BLOCK` at a time, the same sums (`row_sum` adds blocks
    of `SUM_BLOCK` rows exactly)."""
    if x.ndim != 2 or len(x) <= ROW_BLOCK:
        return row_sum(fn(x))
    n = len(x)
    body = n - n % SUM_BLOCK
    parts = [_block_sums(fn(x[start : min(start + ROW_BLOCK, body)])) for start in range(0, body, ROW_BLOCK)]
    if body < n:
        parts.append(fn(x[body:]).sum(axis=0, keepdims=True))
    return _exact_total(np.concatenate(parts))


def _block_sums(x: np.ndarray) -> np.ndarray:
    """The sums of each `SUM_BLOCK` rows of `x` (a whole number of blocks), ``(blocks, m)``.
    numpy sums a matrix over its rows a short row at a time; each block seen as
    ``(SUM_BLOCK / k, k * m)`` is summed over rows of k * m values, then its k partial
    rows (six times faster for 8 columns; the same values, added in another order)."""
    m = x.shape[1]
    k = 1 << max(0, (512 // max(m, 1)).bit_length() - 1)  # a power of 2: it divides SUM_BLOCK
    if k == 1 or not x.flags.c_contiguous:
        return x.reshape(-1, SUM_BLOCK, m).sum(axis=1)
    k = min(k, SUM_BLOCK)
    return x.reshape(-1, SUM_BLOCK // k, k * m).sum(axis=1).reshape(-1, k, m).sum(axis=1)


def _exact_total(parts: np.ndarray) -> np.ndarray:
    """Partial sums ``(p, m)`` added exactly, column by column: ``(1, m)``."""
    return np.array([[math.fsum(parts[:, j]) for j in range(parts.shape[1])]])


def stats_from(how: str, lo: np.ndarray, hi: np.ndarray, sums: dict[str, np.ndarray]) -> ColumnStats:
    """`how`'s column constants from the extremes and `column_sums` of the whole matrix."""
    flat = lo == hi
    if how == "none":
        return ColumnStats(lo=lo, hi=hi, flat=flat)
    scale = column_scale(lo, hi)
    t_lo, t_hi = (lo, hi) if scale is None else (lo / scale, hi / scale)
    inverse_total = None
    if how == "vector":
        norm = np.sqrt(sums["squares"])
        divisor = np.where(norm == 0, 1.0, norm)
    elif how == "minmax":
        divisor = np.where(flat, 1.0, t_hi - t_lo)
    elif how == "max":
        divisor = np.where(t_hi > 0, t_hi, 1.0)
    else:  # sum
        total, inverse = sums["total"], sums["inverse"]
        divisor = np.where(total > 0, total, 1.0)
        inverse_total = np.where(inverse > 0, inverse, 1.0)  # a column of zeros: flat, set to 1
    return ColumnStats(
        lo=lo, hi=hi, flat=flat, scale=scale, divisor=divisor,
        inverse_total=inverse_total, low=t_lo, high=t_hi,
    )


def apply(matrix: np.ndarray, benefit: np.ndarray, how: str, stats: ColumnStats) -> np.ndarray:
    """Normalise the rows `matrix` ``(..., k, m)`` with the `stats` of their whole
    matrix; element by element, so any block of rows gives what the whole would.

    Returns a new array (the caller may change it in place).
    """
    x = np.asarray(matrix, dtype=float)
    up = np.asarray(benefit, dtype=bool)[..., None, :]
    if how == "none":
        return np.where(up, x, -x)
    if stats.scale is not None:
        x = x / stats.scale
    if how == "vector":
        out = x / stats.divisor
        if not up.all():
            np.subtract(1.0, out, out=out, where=~up)
    elif how == "minmax":
        out = np.where(up, x - stats.low, stats.high - x)
        out /= stats.divisor
    elif how == "max":
        safe = np.where(x > 0, x, 1.0)
        out = np.where(up, x / stats.divisor, stats.low / safe)
    else:  # sum
        safe = np.where(x > 0, x, 1.0)
        inverse = stats.low / safe  # (1/x) / sum(1/x) with both scaled by min, each term <= 1
        out = np.where(up, x / stats.divisor, inverse / stats.inverse_total)
    if stats.flat.any():
        np.copyto(out, 1.0, where=np.broadcast_to(stats.flat, out.shape))
    return out


#: Matrices with at least this many rows find column extremes in blocks (faster for
#: a tall, narrow matrix; min and max are exact, so the result is the same).
_TALL = 1 << 14


def extremes(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each column's minimum and maximum, shaped ``(..., 1, m)``.

    The tall path's gain (bench/topsis_speed.py, tall case): 0.02 s, not 0.18, of 1e6 x 8;
    rows of about 4,096 values are a third faster than of 512 for 8 columns, and no
    slower for 2 to 20 (the same bench's figures).
    """
    return column_reduce(np.minimum, x), column_reduce(np.maximum, x)


def column_max(x: np.ndarray) -> np.ndarray:
    """Each column's maximum, shaped ``(..., 1, m)`` (`extremes`' second half alone)."""
    return column_reduce(np.maximum, x)


def column_reduce(ufunc: np.ufunc, x: np.ndarray) -> np.ndarray:
    """`ufunc` (np.minimum or np.maximum) reduced over each column, keepdims."""
    n, m = x.shape[-2:]
    k = max(1, 4096 // m)
    if x.ndim == 2 and n >= max(_TALL, k) and x.flags.c_contiguous:
        # numpy reduces a (n, m) matrix over axis 0 one short row at a time; seen as
        # (n / k, k * m) the inner loop runs over k * m values, then k rows remain.
        body = x[: n - n % k].reshape(-1, k * m)
        out = ufunc.reduce(ufunc.reduce(body, axis=0).reshape(k, m), axis=0)
        if n % k:
            out = ufunc(out, ufunc.reduce(x[n - n % k :], axis=0))
        return out[None, :]
    return ufunc.reduce(x, axis=-2, keepdims=True)


#: The magnitudes a computation takes as they are: at most HUGE in size, and 0 or at
#: least 1/HUGE.  Beyond them a normalization rescales a column first (`extreme_scale`),
#: and values taken as they are (``none``, or a method normalizing as its literature
#: does) are refused (`tradeoff.core.columnar.misfits`); far beyond any decision's
#: numbers, well inside what a float can square.
HUGE = 1e100


def extreme(size: np.ndarray) -> np.ndarray:
    """Where magnitudes `size` (>= 0) are outside ``[1/HUGE, HUGE]`` (0 is not): the one
    rule of extreme values."""
    return (size > HUGE) | ((size < 1 / HUGE) & (size > 0))


def extreme_scale(peak: np.ndarray) -> np.ndarray | None:
    """Divisors that bring magnitudes `peak` near 1 where they are extreme, else None.

    Squares of magnitudes beyond 1e154 overflow and below 1e-154 vanish; rescaling
    such data (and only such data, so ordinary results stay bit for bit the same)
    keeps every scale-invariant computation exact.
    """
    if peak.size <= 64:  # a matrix's few columns: Python's min and max cost a third of numpy's
        values = peak.ravel().tolist()
        if values and 1 / HUGE <= min(values) and max(values) <= HUGE:
            return None
    elif 1 / HUGE <= peak.min() and peak.max() <= HUGE:  # the usual case, in two reductions
        return None
    out = extreme(peak)
    if not out.any():
        return None
    return np.where(out, peak, 1.0)


def column_scale(lo: np.ndarray, hi: np.ndarray) -> np.ndarray | None:
    """`extreme_scale` of each column's largest magnitude, from its extremes: as
    ``lo <= hi``, that is ``max(-lo, hi)`` (one operation, not three)."""
    return extreme_scale(np.maximum(-lo, hi))


#: Matrices of fewer values are weighed value by value (`fused`): below it the fused
#: forms' dozen small array operations cost more than the temporaries they save
#: (bench/methods_speed.py, small case: a 10 x 5 WSM call 56 us value by value, 76 us
#: fused).
FUSED_FROM = 4096


def fused(x: np.ndarray) -> bool:
    """Whether `weighted_sum` and `log_weighted_sum` take the fused form for `x`."""
    return x.size >= FUSED_FROM


#: A min-max column is weighed in the fused form (`weighted_sum`) when its values lie
#: within this many spans of 0: then ``x / span - low / span`` loses at most a few ulps
#: to the cancellation, as ``(x - low) / span`` does.  A column far from 0 for its span
#: (years 2019 to 2024, timestamps) is normalised value by value instead.
AFFINE_OFFSET = 16.0


def weighted_sum(matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray, how: str, stats: ColumnStats) -> np.ndarray:
    """``(apply(matrix, benefit, how, stats) * weights).sum(-1)`` ``(..., n)`` without the
    ``(..., n, m)`` matrix of utilities where a column's utility is an affine map of its
    values (every benefit column, the costs under vector, min-max and none; an all-equal
    column is 1): those columns are one matrix-vector product of `matrix`; the others
    (the costs under max and sum, min-max columns far from 0) are normalised value by
    value, as a small matrix is (`fused`).  The weighted sum of any rows is what the
    whole matrix's gives them, within a few ulps."""
    x = np.asarray(matrix, dtype=float)
    w = np.asarray(weights, dtype=float)
    if not fused(x):
        return (apply(x, benefit, how, stats) * w[..., None, :]).sum(-1)
    up = np.broadcast_to(np.asarray(benefit, dtype=bool)[..., None, :], stats.lo.shape)
    if how == "none":
        a, c = np.where(up, 1.0, -1.0), np.zeros(up.shape)
        rest = np.zeros(up.shape, dtype=bool)
    else:
        inverse = 1.0 / stats.divisor
        if how == "vector":
            a, c = np.where(up, inverse, -inverse), np.where(up, 0.0, 1.0)
            rest = np.zeros(up.shape, dtype=bool)
        elif how == "minmax":
            a, c = np.where(up, inverse, -inverse), np.where(up, -stats.low, stats.high) * inverse
            rest = np.maximum(np.abs(stats.low), np.abs(stats.high)) > AFFINE_OFFSET * stats.divisor
        else:  # max, sum: a benefit is x / divisor, a cost is not affine
            a, c, rest = inverse, np.zeros(up.shape), ~up
        if stats.scale is not None:  # a column of extreme magnitude: 1 / scale may overflow
            rest = rest | (stats.scale != 1.0)
        a, c = np.where(stats.flat, 0.0, a), np.where(stats.flat, 1.0, c)
        rest = rest & ~stats.flat
    cols = np.flatnonzero(rest.reshape(-1, rest.shape[-1]).any(axis=0))
    if cols.size:
        a, c = a.copy(), c.copy()
        a[..., cols], c[..., cols] = 0.0, 0.0
    wa = (a[..., 0, :] * w) if a.ndim > 1 else a * w
    out = matrix_vector(x, wa) + (c[..., 0, :] * w).sum(-1)[..., None]
    if cols.size:
        part = ColumnStats(*(None if f is None else f[..., cols] for f in stats))
        out += by_row_blocks(_weighed_apart, x, cols, up[..., 0, cols], how, part, w[..., None, cols])[0]
    return out


def _weighed_apart(
    x: np.ndarray, cols: np.ndarray, up: np.ndarray, how: str, stats: ColumnStats, w: np.ndarray
) -> tuple[np.ndarray]:
    """The weighted sum of the columns `cols` of some rows, normalised value by value (a
    tall matrix's a block at a time, `by_row_blocks`: their utilities take a few MB)."""
    return (across(np.add, apply(x[..., cols], up, how, stats) * w),)


#: Rows of a block that `across` reduces a column at a time (512 KB of 8 columns: in cache).
ACROSS_BLOCK = 8192


def across(ufunc: np.ufunc, a: np.ndarray) -> np.ndarray:
    """`ufunc` (np.add, np.maximum, np.minimum) reduced over the last axis of `a`
    ``(..., m)``, the columns taken in order: ``((a0 + a1) + a2) + ...`` for every row.
    numpy reduces a short last axis a row at a time (1e6 x 8: 43 ms to sum, 56 ms for
    the maxima); here a block of rows is reduced a column at a time, in cache (9 ms).
    The sum's order is the same at any size, so a row's result does not depend on the
    rows beside it (numpy's own order differs between its versions); a small matrix's
    maximum or minimum, exact in any order, is numpy's reduce."""
    m = a.shape[-1]
    if m == 1:
        return a[..., 0].copy()
    if a.size < FUSED_FROM and ufunc is not np.add:
        return ufunc.reduce(a, axis=-1)
    rows = a.reshape(-1, m)
    out = np.empty(len(rows), dtype=np.result_type(a))
    for start in range(0, len(rows), ACROSS_BLOCK):
        block, into = rows[start : start + ACROSS_BLOCK], out[start : start + ACROSS_BLOCK]
        ufunc(block[:, 0], block[:, 1], out=into)
        for j in range(2, m):
            ufunc(into, block[:, j], out=into)
    return out.reshape(a.shape[:-1])


def matrix_vector(x: np.ndarray, a: np.ndarray) -> np.ndarray:
    """``x @ a`` over stacks, (..., n, m) by (..., m) -> (..., n): each row's weighted
    sum without an (n, m) temporary.  By einsum's own loop, not BLAS: BLAS computes some
    rows (a remainder of its blocks) in another order, so two identical rows could get
    scores an ulp apart, and identical alternatives must tie exactly."""
    return np.einsum("...nm,...m->...n", x, a)


def log_weighted_sum(matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray, how: str, stats: ColumnStats) -> np.ndarray:
    """``(log(apply(matrix, benefit, how, stats)) * weights).sum(-1)``: the log of a
    weighted product of the utilities.  Under max and sum a utility's log is affine in
    the value's log (``±log x + c``), so the sum is one matrix-vector product of
    ``log(matrix)`` (only the columns that are not all equal, whose utility is 1):
    no ``(..., n, m)`` matrix of utilities.  Other normalizations, and a small matrix
    (`fused`), value by value."""
    x = np.asarray(matrix, dtype=float)
    w = np.asarray(weights, dtype=float)
    if how not in ("max", "sum") or not fused(x):
        return (np.log(apply(x, benefit, how, stats)) * w[..., None, :]).sum(-1)
    up = np.broadcast_to(np.asarray(benefit, dtype=bool)[..., None, :], stats.lo.shape)
    scale = np.zeros(up.shape) if stats.scale is None else np.log(stats.scale)
    safe_low = np.where(stats.flat | (stats.low <= 0), 1.0, stats.low)
    if how == "max":  # x / divisor, or low / x
        c = np.where(up, -scale - np.log(stats.divisor), np.log(safe_low) + scale)
    else:  # x / total, or (low / x) / inverse total
        c = np.where(up, -scale - np.log(stats.divisor), np.log(safe_low) + scale - np.log(stats.inverse_total))
    a = np.where(stats.flat, 0.0, np.where(up, 1.0, -1.0))
    c = np.where(stats.flat, 0.0, c)
    live = np.flatnonzero(~stats.flat.reshape(-1, stats.flat.shape[-1]).all(axis=0))  # a column not all equal somewhere
    wa = a[..., 0, :] * w
    out = (c[..., 0, :] * w).sum(-1)[..., None] + np.zeros(x.shape[:-1])
    if live.size:
        part = x if live.size == x.shape[-1] else x[..., live]
        zeros = bool((stats.lo[..., live] <= 0).any())  # a flat column's values may be 0: the extremes tell
        out += by_row_blocks(_log_products, part, wa[..., live], zeros)[0]
    return out


def _log_products(part: np.ndarray, a: np.ndarray, zeros: bool) -> tuple[np.ndarray]:
    """``log(part) @ a`` of some rows, values <= 0 (if there may be `zeros`) taken as 1 (a
    tall matrix's a block at a time, `by_row_blocks`: the logs take a few MB, and are
    still in the cache for the product)."""
    logs = np.log(np.where(part > 0, part, 1.0)) if zeros else np.log(part)
    return (matrix_vector(logs, a),)
