"""AHP weights (Saaty 1977, 1980): pairwise comparisons on the 1-9 scale.

Either the whole matrix, rows and columns in the order of ``[criteria]``, numbers or
"a/b" strings::

    [weights]
    scheme = "ahp"
    pairwise = [[1, 3, "1/5"], ["1/3", 1, "1/7"], [5, 7, 1]]

or the judgements one by one, "a > b" = 3 reading "a is 3 times as important as b"
(every pair once; "a = b" for equal importance)::

    judgements = { "cost > lock_in" = 3, "cost = control" = 1, ... }

The weights are the principal eigenvector; consistency CI = (lambda_max - n) / (n - 1)
and CR = CI / RI with Saaty's random indices (Saaty 1980, table for n = 1..10:
0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49).  A CR above ``max_cr``
(default 0.10) is a warning naming the judgements that disagree most with the
weights (a_ij against w_i / w_j), or an error with ``strict = true``.

A group whose every stakeholder gives AHP judgements is combined judgement by
judgement: the influence-weighted geometric mean of their matrices (Aczel & Saaty
1983, which keeps a_ji = 1 / a_ij), then its eigenvector and consistency as above.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from tradeoff import ScenarioError, Weighting, WeightingScheme, hookimpl
from tradeoff.plugin_kit import describe, did_you_mean

from .weights_basic import _no_other_keys

RANDOM_INDEX = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)
_JUDGEMENT = re.compile(r"^\s*([a-z][a-z0-9_]*)\s*([<>=])\s*([a-z][a-z0-9_]*)\s*$")


#: What an entry must be besides a positive number: a float holds it and its reciprocal
#: (the entry across the diagonal).
IN_RANGE = "a number that a float holds, its reciprocal too (from about 5.6e-309 to 1.8e308)"


def _positive(value: Any) -> Any:
    """The positive number an entry writes (a number or an "a/b" string), exactly; or None."""
    if isinstance(value, str):
        try:
            from fractions import Fraction  # only for "a/b" judgements: keeps start-up short

            value = Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            return None
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    elif isinstance(value, float) and not math.isfinite(value):
        return None
    return value if value > 0 else None


def _number(value: Any) -> float | None:
    """A positive entry as a float, or None: also when a float cannot hold it or its
    reciprocal ("1e400", 1e-320), which `_out_of_range` tells apart."""
    exact = _positive(value)
    if exact is None:
        return None
    try:
        number = float(exact)
    except OverflowError:  # "1e400", or an integer of more than 308 digits
        return None
    return number if number > 0 and math.isfinite(number) and math.isfinite(1 / number) else None


def _out_of_range(value: Any) -> bool:
    return _number(value) is None and _positive(value) is not None


def from_pairwise(raw: Any, criteria: Sequence[str]) -> np.ndarray:
    m = len(criteria)
    if not isinstance(raw, list) or len(raw) != m or any(not isinstance(r, list) or len(r) != m for r in raw):
        raise ScenarioError(
            expected=f"a {m} x {m} matrix, rows and columns in the order of [criteria] ({', '.join(criteria)})",
            found=describe(raw) if not isinstance(raw, list) else f"{len(raw)} rows",
            path=("pairwise",),
        )
    a = np.ones((m, m))
    for i, row in enumerate(raw):
        for j, value in enumerate(row):
            number = _number(value)
            if number is None:
                expected = IN_RANGE if _out_of_range(value) else 'a number > 0 or a fraction such as "1/3"'
                raise ScenarioError(expected=expected, found=describe(value), path=("pairwise", i, j))
            a[i, j] = number
    for i in range(m):
        if abs(a[i, i] - 1) > 1e-9:
            raise ScenarioError(expected="1 on the diagonal", found=f"{a[i, i]:g}", path=("pairwise", i, i))
        for j in range(i + 1, m):
            if abs(a[i, j] * a[j, i] - 1) > 0.02:  # 0.33 for 1/3 is close enough
                raise ScenarioError(
                    expected=f"reciprocal entries: [{j}][{i}] = 1 / [{i}][{j}] = {1 / a[i, j]:.4g}",
                    found=f"{a[j, i]:g}",
                    path=("pairwise", j, i),
                )
    return a


def from_judgements(raw: Any, criteria: Sequence[str]) -> np.ndarray:
    if not isinstance(raw, dict):
        raise ScenarioError(expected='judgements = { "a > b" = 3, ... }', found=describe(raw), path=("judgements",))
    m = len(criteria)
    a = np.ones((m, m))
    given: set[tuple[int, int]] = set()
    for key, value in raw.items():
        match = _JUDGEMENT.match(key)
        if not match:
            raise ScenarioError(
                expected='a judgement "a > b", "a < b" or "a = b"', found=f'"{key}"', path=("judgements", key)
            )
        left, sign, right = match.groups()
        for name in (left, right):
            if name not in criteria:
                raise ScenarioError(
                    expected=f"a criterion of the scenario ({', '.join(criteria)}){did_you_mean(name, criteria)}",
                    found=f'"{name}"',
                    path=("judgements", key),
                )
        i, j = criteria.index(left), criteria.index(right)
        number = _number(value)
        if i != j and _out_of_range(value):
            raise ScenarioError(expected=IN_RANGE, found=describe(value), path=("judgements", key))
        if i == j or number is None or (sign == "=" and number != 1):
            raise ScenarioError(
                expected="two different criteria and a number >= 1 (1 with =)",
                found=describe(value),
                path=("judgements", key),
            )
        if sign == "<":
            i, j = j, i
        if (min(i, j), max(i, j)) in given:
            raise ScenarioError(expected="each pair judged once", found="this pair again", path=("judgements", key))
        given.add((min(i, j), max(i, j)))
        a[i, j], a[j, i] = number, 1 / number
    missing = [f"{criteria[i]}, {criteria[j]}" for i in range(m) for j in range(i + 1, m) if (i, j) not in given]
    if missing:
        raise ScenarioError(
            expected="a judgement for every pair of criteria",
            found=f"none for ({'), ('.join(missing[:3])}){' and more' if len(missing) > 3 else ''}",
            path=("judgements",),
        )
    return a


def eigen_weights(a: np.ndarray) -> tuple[np.ndarray, float]:
    """Principal eigenvector (summing to 1) and eigenvalue of a positive matrix."""
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    w = np.abs(vectors[:, k].real)
    return w / w.sum(), float(values[k].real)


def consistency(a: np.ndarray, w: np.ndarray, lambda_max: float) -> tuple[float, float]:
    n = a.shape[0]
    if n < 3:
        return 0.0, 0.0
    ci = max(0.0, (lambda_max - n) / (n - 1))
    ri = RANDOM_INDEX[n - 1] if n <= len(RANDOM_INDEX) else RANDOM_INDEX[-1]
    return ci, ci / ri


def worst_judgements(a: np.ndarray, w: np.ndarray, criteria: Sequence[str], k: int = 3) -> list[str]:
    """The judgements furthest from what the weights imply, most inconsistent first."""
    n = len(criteria)
    logs = [math.log(v) for v in w]  # in logs: a_ij * w_j underflows for judgements such as 1e300
    pairs = [(abs(math.log(a[i, j]) + logs[j] - logs[i]), i, j) for i in range(n) for j in range(i + 1, n)]
    out = []
    for _, i, j in sorted(pairs, reverse=True)[:k]:
        out.append(f"{criteria[i]} vs {criteria[j]}: judged {a[i, j]:.3g}, weights imply {w[i] / w[j]:.3g}")
    return out


def ahp(settings: Mapping[str, Any], criteria: Sequence[str], *_data: Any) -> Weighting:
    _no_other_keys(settings, ("pairwise", "judgements", "max_cr", "strict"), "ahp")
    if ("pairwise" in settings) == ("judgements" in settings):
        raise ScenarioError(
            expected="either pairwise = [[...]] or judgements = {...}",
            found="both" if "pairwise" in settings else "neither",
            path=(),
        )
    a = (
        from_pairwise(settings["pairwise"], criteria)
        if "pairwise" in settings
        else from_judgements(settings["judgements"], criteria)
    )
    max_cr = settings.get("max_cr", 0.10)
    if _number(max_cr) is None:
        raise ScenarioError(expected="max_cr > 0", found=describe(max_cr), path=("max_cr",))
    strict = settings.get("strict", False)
    if not isinstance(strict, bool):
        raise ScenarioError(expected="true or false", found=describe(strict), path=("strict",))
    w, lambda_max = eigen_weights(a)
    ci, cr = consistency(a, w, lambda_max)
    if not (np.all(np.isfinite(w)) and np.all(w > 0) and math.isfinite(cr)):
        raise ScenarioError(  # judgements such as 1e300 and 1e-300: weights a float cannot hold
            expected="judgements whose weights a float can hold (every weight > 0)",
            found=f"weights {', '.join(f'{v:.3g}' for v in w)}",
            path=("pairwise" if "pairwise" in settings else "judgements",),
        )
    details = {
        "lambda_max": lambda_max,
        "consistency_index": ci,
        "consistency_ratio": cr,
        "pairwise": a.tolist(),
        "max_cr": float(max_cr),
        "strict": strict,
    }
    warnings: tuple[str, ...] = ()
    if cr > max_cr:
        text = (
            f"AHP consistency ratio {cr:.3f} is above {max_cr:g}; the most inconsistent "
            f"judgements: {'; '.join(worst_judgements(a, w, criteria))}"
        )
        if strict:
            raise ScenarioError(expected=f"consistent judgements (CR <= {max_cr:g})", found=text, path=())
        warnings = (text,)
    return Weighting(
        weights=tuple(float(v) for v in w), details=details, warnings=warnings, summary=f"consistency ratio {cr:.3f}"
    )


def combine(each: Sequence[Weighting], shares: np.ndarray, criteria: Sequence[str], *_data: Any) -> Weighting:
    """The group's AHP weights from the weighted geometric mean of everyone's matrix,
    checked against the members' own limit: the largest `max_cr` any member allows, and
    an error only where every member is `strict` (one member's setting never refuses
    the others' judgements)."""
    logs = np.array([np.log(np.asarray(w.details["pairwise"], dtype=float)) for w in each])
    limits = {
        "max_cr": max(w.details["max_cr"] for w in each),
        "strict": all(w.details["strict"] for w in each),
    }
    return ahp({"pairwise": np.exp(np.tensordot(shares, logs, axes=1)).tolist(), **limits}, criteria)


@hookimpl
def tradeoff_register_weightings(registrar):
    registrar.add(WeightingScheme(
        reads_data=False, name="ahp", label="AHP (pairwise comparisons)", derive=ahp,
        settings=("pairwise", "judgements", "max_cr", "strict"),
        combine=combine, combination="weighted geometric mean of the judgements (Aczel & Saaty 1983)",
        description="Principal eigenvector of Saaty's pairwise comparisons, with the consistency ratio.",
    ))
