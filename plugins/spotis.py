"""SPOTIS (Dezert, Tchamova, Han & Tacnet 2020): distance from the ideal solution point.

Each criterion has bounds [low, high] (``bounds = [low, high]`` under ``[criteria.X]``,
else the data's own minimum and maximum); the ideal solution point is the upper bound
of a benefit and the lower bound of a cost, and

    score = sum_j w_j * |x_ij - ideal_j| / (high_j - low_j)

Lower is better.  With bounds given for every criterion, an alternative's score does
not depend on the other alternatives, so adding or removing one never reverses the
order of two others (no rank reversal).  Values outside given bounds are an error.

Balanced SPOTIS (Shekhovtsov, Dezert & Salabun 2025) measures also from an expected
solution point, each criterion's ``reference = X`` (its ideal where none is given):
score = (1 - alpha) x the distance from the ideal + alpha x the distance from the
expected point, lower is better; alpha = 1 is SPOTIS with an expected solution point
(Dezert et al. 2020), alpha = 0 the plain method.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tradeoff import Method, Param, hookimpl
from tradeoff.plugin_kit import (
    Known,
    Passes,
    by_row_blocks,
    extremes,
    matrix_vector,
    normalization_rounds,
    parse_bounds,
    parse_reference,
)


def spotis(
    matrix: np.ndarray,
    weights: np.ndarray,
    benefit: np.ndarray,
    bounds: tuple[tuple[float, float] | None, ...] | None = None,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    low, high = _bounds(bounds, *extremes(matrix))
    return _distance(matrix, weights, benefit, low, high)


def _distance(
    x: np.ndarray, weights: np.ndarray, benefit: np.ndarray, low: np.ndarray, high: np.ndarray,
    point: np.ndarray | None = None,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The scores of the rows `x` from the bounds ``(..., 1, m)``: each row's own (a
    tall matrix a block of rows at a time, `by_row_blocks`: the gaps take a few MB);
    measured from `point` ``(..., 1, m)`` where given, else from the ideal."""
    span = high - low
    ideal = np.where(benefit[..., None, :], high, low) if point is None else point
    # |x - ideal| value by value (exact where x is near the ideal: the best rows' small
    # scores keep their relative accuracy), then weighed by w / span in one
    # matrix-vector product; a criterion of no span adds nothing
    share = np.divide(np.broadcast_to(weights[..., None, :], span.shape), span, out=np.zeros(span.shape), where=span > 0)
    (scores,) = by_row_blocks(_weighed_gaps, x, ideal, share[..., 0, :])
    return scores, {"ideal": ideal[..., 0, :]}


def _weighed_gaps(x: np.ndarray, ideal: np.ndarray, share: np.ndarray) -> tuple[np.ndarray]:
    return (matrix_vector(np.abs(x - ideal), share),)


def balanced_spotis(
    matrix: np.ndarray,
    weights: np.ndarray,
    benefit: np.ndarray,
    bounds: tuple[tuple[float, float] | None, ...] | None = None,
    reference: tuple[float | None, ...] | None = None,
    alpha: float = 0.5,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """(1 - alpha) x the distance from the ideal point + alpha x the distance from the
    expected solution point (each criterion's `reference`, else its ideal)."""
    low, high = _bounds(bounds, *extremes(matrix))
    from_ideal, diagnostics = _distance(matrix, weights, benefit, low, high)
    expected = _expected(reference, diagnostics["ideal"])
    from_expected = _distance(matrix, weights, benefit, low, high, expected)[0]
    score = (1.0 - alpha) * from_ideal + alpha * from_expected
    return score, {**diagnostics, "expected": expected[..., 0, :], "from_ideal": from_ideal, "from_expected": from_expected}


def _expected(reference: Any, ideal: np.ndarray) -> np.ndarray:
    """The expected solution point ``(..., 1, m)``: the references given, else the ideal."""
    point = ideal[..., None, :]
    if reference is not None:
        given = np.array([np.nan if r is None else r for r in reference], dtype=float)
        point = np.where(np.isnan(given), point, given)
    return point


def _complete(bounds: Any) -> bool:
    return bounds is not None and all(b is not None for b in bounds)


def passes(params) -> Passes:
    """Over chunks of rows: the extremes (the data's bounds; none at all when every
    criterion has its own), then each row's distance."""
    bounds = params.get("bounds")
    if _complete(bounds):
        unknown = np.full((1, len(bounds)), np.nan)  # never read: every bound is given

        def score(rows: np.ndarray, known: Known) -> np.ndarray:
            return _distance(rows, known.weights, known.benefit, *_bounds(bounds, unknown, unknown))[0]

        return Passes(rounds=(), score=score)

    def from_data(rows: np.ndarray, known: Known) -> np.ndarray:
        return _distance(rows, known.weights, known.benefit, *_bounds(bounds, known["lo"], known["hi"]))[0]

    return Passes(rounds=normalization_rounds("minmax"), score=from_data)  # minmax: the extremes alone


def _bounds(bounds: Any, low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper bounds ``(..., 1, m)``: given ones, else the data's `low` and `high`."""
    if bounds is not None:
        given = np.array([b if b is not None else (np.nan, np.nan) for b in bounds], dtype=float)
        low = np.where(np.isnan(given[:, 0]), low, given[:, 0])
        high = np.where(np.isnan(given[:, 1]), high, given[:, 1])
    return low, high


def check_setting(name: str, value: Any) -> Any:
    """Bounds (and references) given through the API get the same check as those read
    from a file."""
    return parse_reference(value) if name == "reference" else parse_bounds(value)


def check_data(matrix: np.ndarray, params: dict[str, Any]) -> tuple[int, int, str] | None:
    """A value outside its criterion's given bounds."""
    for j, b in enumerate(params.get("bounds") or ()):
        if b is None:
            continue
        outside = np.flatnonzero((matrix[:, j] < b[0]) | (matrix[:, j] > b[1]))
        if outside.size:
            return int(outside[0]), j, f"a value within the criterion's bounds [{b[0]:g}, {b[1]:g}]"
    return None


METHOD = Method(
    name="spotis",
    label="SPOTIS",
    description="Weighted normalised distance from the ideal solution point given by each "
    "criterion's bounds; lower is better; free of rank reversal when bounds are given.",
    kernel=spotis,
    passes=passes,
    higher_is_better=False,
    default_normalization=None,
    normalizations=(),
    criterion_params=("bounds",),
    check_setting=check_setting,
    check_data=check_data,
    criterion_diagnostics={"ideal"},
    invariants={"permutation", "weight_scaling", "column_scaling", "dominance", "identical_tie", "stacking", "no_rank_reversal"},
)


BALANCED = Method(
    name="balanced_spotis",
    label="Balanced SPOTIS",
    description="SPOTIS measured from the ideal and from the decision maker's expected solution "
    "point (each criterion's reference), blended by alpha (Shekhovtsov, Dezert & Salabun 2025); "
    "lower is better.",
    kernel=balanced_spotis,
    higher_is_better=False,
    default_normalization=None,
    normalizations=(),
    params=(Param(name="alpha", default=0.5, low=0.0, high=1.0,
                  description="share of the distance from the expected solution point (1: ESP-SPOTIS)"),),
    criterion_params=("bounds", "reference"),
    check_setting=check_setting,
    check_data=check_data,
    criterion_diagnostics={"ideal", "expected"},
    # An option beyond the expected point moves away from it: no dominance.
    invariants={"permutation", "weight_scaling", "column_scaling", "identical_tie", "stacking", "no_rank_reversal"},
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
    registrar.add(BALANCED)
