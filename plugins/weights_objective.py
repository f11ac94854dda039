"""Data-driven weights: ``entropy`` and ``critic``.  They read the decision matrix, not
people: a criterion on which the options differ more weighs more.

entropy (Shannon; Zeleny 1982, Hwang & Yoon 1981):
    p_ij = x_ij / sum_i x_ij,   E_j = -sum_i p_ij ln p_ij / ln n,   w_j ~ 1 - E_j
    (values >= 0; 0 ln 0 = 0; 1 - E_j within 1e-9 of 0 is rounding, taken as 0; with
    every E_j = 1, or one alternative, weights are equal)

critic (Diakoulaki, Mavrotas & Papayannakis 1995):
    r = minmax-normalised values (benefit-oriented; the values as they are with
    scale = false),  sigma_j = std of column j,
    w_j ~ sigma_j * sum_k (1 - corr(j, k))   (Pearson, or Spearman's rank correlation
    with correlation = "spearman"; an all-equal column has
    sigma 0 and is left out of the others' sums, since it has no correlation; a
    conflict 1 - corr within a relative 1e-9 of 0 is rounding, taken as 0, as ranks
    tie scores; when every criterion has no contrast or no conflict, the weights
    are equal)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from tradeoff import ScenarioError, Weighting, WeightingScheme, hookimpl
from tradeoff.plugin_kit import (
    RELATIVE_TIE,
    did_you_mean,
    ColumnStats,
    Known,
    Round,
    WeightPasses,
    apply,
    column_stats,
    normalised,
    normalization_rounds,
    normalization_stats,
    row_sum,
)

from .weights_basic import _no_other_keys

# -- entropy ---------------------------------------------------------------------------


def entropy_weights(matrix: np.ndarray) -> np.ndarray:
    if matrix.shape[0] < 2:
        return np.ones(matrix.shape[1])
    return _divergence(_column_sum(_plogp(matrix, _column_sum(matrix))), matrix.shape[0])


def _column_sum(x: np.ndarray) -> np.ndarray:
    """Each column's sum ``(m,)``, by the one rule for tall columns (`row_sum`)."""
    return row_sum(x)[0]


def _plogp(x: np.ndarray, total: np.ndarray) -> np.ndarray:
    """p ln p of the rows `x` (0 ln 0 = 0), p = x / the whole's column sum `total`."""
    p = x / np.where(total > 0, total, 1.0)
    return np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)


def _divergence(plogp: np.ndarray, n: int) -> np.ndarray:
    """1 - E_j from each column's sum of p ln p over its `n` values (equal weights for
    one value, or where no column diverges)."""
    if n < 2:
        return np.ones(len(plogp))
    divergence = 1.0 + plogp / np.log(n)
    # Within a relative 1e-9 of 0 (as ranks tie scores) it is rounding: an all-equal
    # column's, which must not decide the weights where no column diverges.
    divergence = np.where(divergence > RELATIVE_TIE, divergence, 0.0)
    return divergence if divergence.sum() > 1e-15 else np.ones(len(plogp))


def refuse_below(lowest: np.ndarray, criteria: Sequence[str], scheme: str, strict: bool = False) -> None:
    """The one check of the values a data-driven scheme's formula takes, from each
    column's `lowest` value: each >= 0 (shares, as entropy reads them), or > 0 where
    `strict` (a ratio to the value, a log of it)."""
    bad = lowest <= 0 if strict else lowest < 0
    if bad.any():
        j = int(np.flatnonzero(bad)[0])
        raise ScenarioError(
            expected=f"values {'>' if strict else '>='} 0 on every criterion for {scheme} weights",
            found=f"{lowest[j]:g} on criterion {criteria[j]!r}",
            path=("scheme",),
        )


def entropy(settings: Mapping[str, Any], criteria: Sequence[str], matrix: np.ndarray, benefit: np.ndarray) -> Weighting:
    _no_other_keys(settings, (), "entropy")
    refuse_below(matrix.min(axis=0, initial=np.inf), criteria, "entropy")
    return Weighting(weights=normalised(entropy_weights(matrix)))


def entropy_passes(settings: Mapping[str, Any]) -> WeightPasses:
    """Two rounds over chunks of rows: each column's sum (and lowest value, checked);
    then its sum of p ln p, the terms the whole matrix gives (the one-pass form,
    sum(x ln x) / sum(x) - ln sum(x), would lose the digits of ln sum(x))."""
    _no_other_keys(settings, (), "entropy")

    def checked(known: Known) -> dict[str, Any]:
        refuse_below(known["lo"], known.params["criteria"], "entropy")
        return {}

    return WeightPasses(
        rounds=(
            Round(
                of=lambda rows, k: {"total": _column_sum(rows), "lo": rows.min(axis=0)},
                reduce={"total": "sum", "lo": "min"},
                then=checked,
            ),
            Round(of=lambda rows, k: {"plogp": _column_sum(_plogp(rows, k["total"]))}, reduce={"plogp": "sum"}),
        ),
        weighting=lambda k: Weighting(weights=normalised(_divergence(k["plogp"], k.n))),
    )


# -- CRITIC ----------------------------------------------------------------------------


def critic_weights(matrix: np.ndarray, benefit: np.ndarray, scale: bool = True, correlation: str = "pearson") -> np.ndarray:
    """`scale`: sigma and the correlations of the min-max normalised values (the
    paper's), else of the values as they are; `correlation`: Pearson's, or Spearman's
    (Pearson's of each column's ranks, ties sharing their mean rank)."""
    stats = column_stats(matrix, "minmax")
    r = _contrasts(matrix, benefit, stats) if scale else np.where(stats.flat, 0.0, matrix)
    products = _centred_products(r, _column_sum(r) / len(r), stats)
    if correlation == "spearman":
        ranked = np.where(stats.flat, 0.0, _mean_ranks(r))
        products["cross"] = _centred_products(ranked, _column_sum(ranked) / len(r), stats)["cross"]
        products["rank_squares"] = _column_sum((ranked - _column_sum(ranked) / len(r)) ** 2)
    return _critic(products, r.shape[0], stats.flat[0])


def _mean_ranks(x: np.ndarray) -> np.ndarray:
    """Each column's ranks 1..n, tied values sharing the mean of their ranks."""
    n, m = x.shape
    order = np.argsort(x, axis=0, kind="stable")
    ordered = np.take_along_axis(x, order, axis=0)
    out = np.empty((n, m))
    for j in range(m):
        values, start, count = np.unique(ordered[:, j], return_index=True, return_counts=True)
        mean = start + (count + 1) / 2.0  # 1-based mean rank of each run of equal values
        out[order[:, j], j] = np.repeat(mean, count)
    return out


def _contrasts(x: np.ndarray, benefit: np.ndarray, stats: ColumnStats) -> np.ndarray:
    """The rows' minmax-normalised values (benefit-oriented) with their whole matrix's
    `stats`; 0 in an all-equal column, which has no contrast."""
    return np.where(stats.flat, 0.0, apply(x, benefit, "minmax", stats))


def _centred_products(r: np.ndarray, mean: np.ndarray, stats: ColumnStats) -> dict[str, np.ndarray]:
    """Sums over the rows' contrasts `r` less the whole's `mean`: of squares, per column
    ``(m,)``, and of cross-products of the columns that are not all equal ``(l, l)``."""
    centred = r - mean
    live = centred[:, ~stats.flat[0]]
    return {"squares": _column_sum(centred * centred), "cross": live.T @ live}


def _critic(products: dict[str, np.ndarray], n: int, flat: np.ndarray) -> np.ndarray:
    """The weights before normalising, from the `_centred_products` of all `n` rows:
    sigma_j = sqrt(squares_j / n) (numpy's std), corr_jk = cross_jk / sqrt(squares_j
    squares_k) over the columns not `flat`."""
    m = len(flat)
    live = ~flat
    if live.sum() < 1 or n < 2:
        return np.ones(m)
    squares = products["squares"]
    norms = np.sqrt(products.get("rank_squares", squares)[live])  # the correlation's own spreads
    conflict = 1.0 - products["cross"] / np.outer(norms, norms)
    # Perfectly correlated columns (any two of two rows) leave a conflict of a few
    # ulps, which would otherwise decide the weights where no criterion conflicts.
    conflict = np.where(conflict > RELATIVE_TIE, conflict, 0.0)
    spread = np.zeros(m)
    spread[live] = np.sqrt(squares / n)[live] * conflict.sum(axis=0)
    return spread if spread.sum() > 1e-15 else np.ones(m)


CORRELATIONS = ("pearson", "spearman")


def _critic_settings(settings: Mapping[str, Any]) -> tuple[bool, str]:
    """`scale` (true or false, default true) and `correlation` ("pearson" or "spearman")."""
    _no_other_keys(settings, ("scale", "correlation"), "critic")
    scale = settings.get("scale", True)
    if not isinstance(scale, bool):
        raise ScenarioError(expected="true or false", found=repr(scale), path=("scale",))
    correlation = settings.get("correlation", "pearson")
    if correlation not in CORRELATIONS:
        raise ScenarioError(
            expected=f'"pearson" or "spearman"{did_you_mean(str(correlation), CORRELATIONS)}',
            found=f'"{correlation}"' if isinstance(correlation, str) else repr(correlation),
            path=("correlation",),
        )
    return scale, correlation


def critic(settings: Mapping[str, Any], criteria: Sequence[str], matrix: np.ndarray, benefit: np.ndarray) -> Weighting:
    scale, correlation = _critic_settings(settings)
    return Weighting(weights=normalised(critic_weights(matrix, benefit, scale, correlation)))


def critic_passes(settings: Mapping[str, Any]) -> WeightPasses:
    """Three rounds over chunks of rows: the extremes (for the contrasts); each column's
    mean contrast; the centred cross-products, summed (never raw moments, whose
    difference would cancel the digits of a small spread).  The paper's form only:
    ranks (Spearman) and the values as they are need the whole matrix."""
    scale, correlation = _critic_settings(settings)
    if not scale or correlation != "pearson":
        raise ScenarioError(
            expected="critic with scale = true and correlation = \"pearson\" for a table read in chunks "
            "(ranks, or the values as they are, need the whole table)",
            found=f"scale = {str(scale).lower()}, correlation = \"{correlation}\"",
            path=("scale" if not scale else "correlation",),
        )

    def contrasts(rows: np.ndarray, known: Known) -> np.ndarray:
        return _contrasts(rows, known.benefit, normalization_stats(known, "minmax"))

    def products(rows: np.ndarray, known: Known) -> dict[str, np.ndarray]:
        return _centred_products(contrasts(rows, known), known["mean"], normalization_stats(known, "minmax"))

    def weighting(known: Known) -> Weighting:
        products = {"squares": known["squares"], "cross": known["cross"]}
        flat = normalization_stats(known, "minmax").flat[0]
        return Weighting(weights=normalised(_critic(products, known.n, flat)))

    mean = Round(
        of=lambda rows, k: {"contrast_total": _column_sum(contrasts(rows, k))},
        reduce={"contrast_total": "sum"},
        then=lambda k: {"mean": k["contrast_total"] / k.n},
    )
    return WeightPasses(
        rounds=(*normalization_rounds("minmax"), mean, Round(of=products, reduce={"squares": "sum", "cross": "sum"})),
        weighting=weighting,
    )


@hookimpl
def tradeoff_register_weightings(registrar):
    registrar.add(WeightingScheme(
        name="entropy", label="Entropy", derive=entropy, passes=entropy_passes, reads_data=True,
        description="Objective weights: 1 - Shannon entropy of each criterion's values.",
    ))
    registrar.add(WeightingScheme(
        name="critic", label="CRITIC", derive=critic, passes=critic_passes, reads_data=True,
        description="Objective weights from contrast (std) and conflict (1 - correlation).",
    ))
