"""Normalizations: every criterion made "more is better" on a comparable scale.

Kernels work on stacks: ``matrix`` has shape ``(..., n, m)`` (n alternatives, m
criteria) and ``benefit`` broadcasts against ``(..., m)``.  They validate nothing;
`first_nonpositive` finds the values max and sum cannot take, for the caller to
report.  A column whose values are all equal carries no information: it normalises to
1 for every alternative (to the raw values, negated for a cost, under ``none``).
"""

from __future__ import annotations

import numpy as np

NAMES = ("vector", "minmax", "max", "sum", "none")

#: Normalizations that need every value > 0 (except in all-equal columns).
POSITIVE_ONLY = frozenset({"max", "sum"})

DESCRIPTIONS = {
    "vector": "x / ||x||2 for a benefit, 1 - x / ||x||2 for a cost",
    "minmax": "(x - min) / (max - min) for a benefit, (max - x) / (max - min) for a cost",
    "max": "x / max for a benefit, min / x for a cost (values > 0)",
    "sum": "x / sum(x) for a benefit, (1/x) / sum(1/x) for a cost (values > 0)",
    "none": "x for a benefit, -x for a cost",
}


def normalize(matrix: np.ndarray, benefit: np.ndarray, how: str) -> np.ndarray:
    """Normalise each column of `matrix` (axis -2 runs over alternatives)."""
    x = np.asarray(matrix, dtype=float)
    up = np.asarray(benefit, dtype=bool)[..., None, :]
    if how == "none":
        return np.where(up, x, -x)
    lo = x.min(axis=-2, keepdims=True)
    hi = x.max(axis=-2, keepdims=True)
    flat = lo == hi
    x, lo, hi = _tame(x, lo, hi)
    if how == "vector":
        norm = np.sqrt(np.einsum("...nm,...nm->...m", x, x))[..., None, :]
        r = x / np.where(norm == 0, 1.0, norm)
        out = np.where(up, r, 1.0 - r)
    elif how == "minmax":
        span = np.where(flat, 1.0, hi - lo)
        out = np.where(up, x - lo, hi - x) / span
    elif how == "max":
        safe = np.where(x > 0, x, 1.0)
        out = np.where(up, x / np.where(hi > 0, hi, 1.0), lo / safe)
    elif how == "sum":
        safe = np.where(x > 0, x, 1.0)
        total = x.sum(axis=-2, keepdims=True)
        inverse = lo / safe  # (1/x) / sum(1/x) with both scaled by min, each term <= 1
        out = np.where(
            up,
            x / np.where(total > 0, total, 1.0),
            inverse / inverse.sum(axis=-2, keepdims=True),
        )
    else:
        raise ValueError(f"unknown normalization {how!r}")
    return np.where(flat, 1.0, out)


#: Columns whose largest magnitude is outside [1/_HUGE, _HUGE] are rescaled first.
_HUGE = 1e100


def extreme_scale(peak: np.ndarray) -> np.ndarray | None:
    """Divisors that bring magnitudes `peak` near 1 where they are extreme, else None.

    Squares of magnitudes beyond 1e154 overflow and below 1e-154 vanish; rescaling
    such data (and only such data, so ordinary results stay bit for bit the same)
    keeps every scale-invariant computation exact.
    """
    extreme = (peak > _HUGE) | ((peak < 1 / _HUGE) & (peak > 0))
    if not extreme.any():
        return None
    return np.where(extreme, peak, 1.0)


def _tame(x: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, ...]:
    """Rescale columns of extreme magnitude: every normalization but ``none`` is
    invariant to scaling a column, so this changes no result."""
    scale = extreme_scale(np.maximum(np.abs(lo), np.abs(hi)))
    if scale is None:
        return x, lo, hi
    return x / scale, lo / scale, hi / scale


def first_nonpositive(matrix: np.ndarray) -> tuple[int, int] | None:
    """(row, column) of the first value <= 0 of a 2-D matrix, else None; all-equal
    columns are exempt (they normalise to a constant)."""
    x = np.asarray(matrix, dtype=float)
    flat = x.min(axis=0) == x.max(axis=0)
    bad = (x <= 0) & ~flat
    if not bad.any():
        return None
    cols, rows = np.nonzero(bad.T)  # column-major: report the first criterion first
    return int(rows[0]), int(cols[0])
