"""PROMETHEE II (Brans & Vincke 1985): net outranking flows.

For each pair of alternatives and each criterion, d = the difference of their values
(sign turned for a cost) goes through the criterion's preference function P(d) in
[0, 1], set under ``[criteria.X]`` as ``preference = { function = "linear", q = 1,
p = 5 }`` (default: usual), with thresholds in the criterion's own unit:

    usual     P = 1 if d > 0
    u-shape   P = 1 if d > q
    v-shape   P = d / p for 0 < d <= p, 1 above
    level     P = 1/2 for q < d <= p, 1 above
    linear    P = (d - q) / (p - q) for q < d <= p, 1 above
    gaussian  P = 1 - exp(-d^2 / (2 s^2)) for d > 0

(0 everywhere else).  pi(a, b) = sum_j w_j P_j(a, b); the leaving flow phi+ and the
entering flow phi- average pi over the other n - 1 alternatives, and the score is the
net flow phi = phi+ - phi-, in [-1, 1], higher is better.

Up to `PAIRWISE_UP_TO` alternatives every pair is computed at once (n^2 m values).
Beyond, each piecewise-linear function's flows come from the criterion's sorted
values and their prefix sums: how many values lie below x - q, and what they add up
to, is a binary search, so time grows as n log n and memory as n (the usual
function's counts, each value's first and last place among the sorted, for every
criterion at once).  The Gaussian
function has no such form: its flows are still a sum over every pair, taken a block
of rows at a time (memory n, time n^2).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tradeoff import Method, ScenarioError, hookimpl
from tradeoff.plugin_kit import did_you_mean, matrix_vector

#: Each function and the thresholds it needs.
FUNCTIONS = {
    "usual": (),
    "u-shape": ("q",),
    "v-shape": ("p",),
    "level": ("q", "p"),
    "linear": ("q", "p"),
    "gaussian": ("s",),
}
_CODES = {name: code for code, name in enumerate(FUNCTIONS)}


#: Alternatives up to which every pair is computed at once.  Beyond, the sorted form is
#: faster for one matrix (50 x 8: about equal, 117 us against 126; 200 x 8: 0.18 ms
#: against 3.3 ms), but it takes a stack one matrix at a time, where the pairs of a stack
#: of small matrices are computed together (1,000 of 10 x 5: 8 ms against 72 ms).  One
#: matrix whose criteria all take the usual function goes sorted beyond half as many
#: (its counts come for every criterion at once, `_usual_counts`: 24 x 8, 62 us
#: pairwise against 57; 40 x 8, 114 us against 63).
PAIRWISE_UP_TO = 48
#: Pair values (alternatives^2 x criteria) computed at once: a stack's matrices are
#: taken this many values at a time (32 MB of differences).
PAIRS_AT_ONCE = 1 << 22
#: Alternatives up to which the usual criteria's counts are made together
#: (`_usual_counts`); beyond, a criterion at a time: the per-criterion calls no longer
#: matter, and the counts' (n, m) temporaries would be several times the matrix.
USUAL_TOGETHER_UP_TO = 4096
#: Rows of a block of the Gaussian function's pairs, beyond PAIRWISE_UP_TO.
GAUSSIAN_BLOCK = 256


def promethee2(
    matrix: np.ndarray,
    weights: np.ndarray,
    benefit: np.ndarray,
    preference: tuple[dict[str, Any] | None, ...] | None = None,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    m = matrix.shape[-1]
    prefs = [p or {"function": "usual"} for p in (preference or [None] * m)]
    n = matrix.shape[-2]
    stack = np.broadcast_shapes(matrix.shape[:-2], np.shape(weights)[:-1], np.shape(benefit)[:-1])
    count = int(np.prod(stack))
    if n > PAIRWISE_UP_TO or (count == 1 and n > PAIRWISE_UP_TO // 2 and all(p["function"] == "usual" for p in prefs)):
        return _sorted_flows(matrix, weights, benefit, prefs)
    per_block = max(1, PAIRS_AT_ONCE // max(1, n * n * m))
    if count <= per_block:
        return _pairwise_flows(matrix, weights, benefit, prefs)
    x = np.broadcast_to(matrix, stack + (n, m)).reshape(-1, n, m)
    w = np.broadcast_to(weights, stack + (m,)).reshape(-1, m)
    up = np.broadcast_to(benefit, stack + (m,)).reshape(-1, m)
    parts = [_pairwise_flows(x[k : k + per_block], w[k : k + per_block], up[k : k + per_block], prefs) for k in range(0, count, per_block)]
    scores = np.concatenate([part[0] for part in parts]).reshape(stack + (n,))
    flows = {key: np.concatenate([part[1][key] for part in parts]).reshape(stack + (n,)) for key in parts[0][1]}
    return scores, flows


def _pairwise_flows(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray, prefs: list[dict[str, Any]]
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Every pair's preferences at once, over a stack (n^2 m values a matrix)."""
    code = np.array([_CODES[p["function"]] for p in prefs])
    q, p, s = (np.array([pref.get(k, 0.0) for pref in prefs], dtype=float) for k in "qps")
    d = matrix[..., :, None, :] - matrix[..., None, :, :]  # (..., a, b, m): a minus b
    d *= np.where(benefit, 1.0, -1.0)[..., None, None, :]  # a cost's difference turned (exact)
    used = sorted(set(code.tolist()))
    if len(used) == 1:  # one function for every criterion, as usual: it alone is computed
        preferred = _SHAPES[used[0]](d, q, p, s)
    else:
        preferred = np.empty(d.shape)
        for k in used:
            cols = np.flatnonzero(code == k)
            preferred[..., cols] = _SHAPES[k](d[..., cols], q[cols], p[cols], s[cols])
    # Each flow is sum_j w_j sum_b P_j: the sums over the other alternatives first (a
    # count for usual and u-shape), then one weighted sum per alternative; no (a, b)
    # matrix of pi, and no (a, b, m) product with the weights.
    n = matrix.shape[-2]
    scale = 1.0 / (n - 1) if n > 1 else 0.0
    leaving = matrix_vector(preferred.sum(axis=-2, dtype=float), weights) * scale
    entering = matrix_vector(preferred.sum(axis=-3, dtype=float), weights) * scale
    return leaving - entering, {"phi_plus": leaving, "phi_minus": entering}


def _usual(d: np.ndarray, q: np.ndarray, p: np.ndarray, s: np.ndarray) -> np.ndarray:
    return d > 0


def _u_shape(d: np.ndarray, q: np.ndarray, p: np.ndarray, s: np.ndarray) -> np.ndarray:
    return d > q


def _v_shape(d: np.ndarray, q: np.ndarray, p: np.ndarray, s: np.ndarray) -> np.ndarray:
    return np.clip(d / np.where(p > 0, p, 1.0), 0.0, 1.0)


def _level(d: np.ndarray, q: np.ndarray, p: np.ndarray, s: np.ndarray) -> np.ndarray:
    return np.where(d > p, 1.0, np.where(d > q, 0.5, 0.0))


def _linear(d: np.ndarray, q: np.ndarray, p: np.ndarray, s: np.ndarray) -> np.ndarray:
    return np.where(d > p, 1.0, np.clip((d - q) / np.where(p > q, p - q, 1.0), 0.0, 1.0))


def _gaussian(d: np.ndarray, q: np.ndarray, p: np.ndarray, s: np.ndarray) -> np.ndarray:
    return np.where(d > 0, -np.expm1(-(d * d) / (2 * np.where(s > 0, s, 1.0) ** 2)), 0.0)


#: Each function's P of every pair's differences `d` (..., a, b, k), with its criteria's
#: thresholds (k,), in the order of `FUNCTIONS`.
_SHAPES = (_usual, _u_shape, _v_shape, _level, _linear, _gaussian)


def _sorted_flows(
    matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray, prefs: list[dict[str, Any]]
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The flows of many alternatives, one matrix of a stack at a time: per criterion,
    each value's sum of P over the others (leaving) and theirs over it (entering)."""
    n, m = matrix.shape[-2:]
    together = n <= USUAL_TOGETHER_UP_TO
    usual = [j for j, p in enumerate(prefs) if together and p["function"] == "usual"]
    others = [j for j in range(m) if j not in usual]
    if usual:  # every usual criterion of every matrix at once
        x = matrix if not others else matrix[..., usual]
        up = np.asarray(benefit, dtype=bool) if not others else np.asarray(benefit, dtype=bool)[..., usual]
        signed = np.where(up[..., None, :], x, -x)  # a stack's directions per member
        w = weights if not others else weights[..., usual]
        out, into = _usual_counts(signed)
        leaving, entering = matrix_vector(out, w), matrix_vector(into, w)
    else:
        leaving = np.zeros(matrix.shape[:-1])
        entering = np.zeros(matrix.shape[:-1])
    for at in np.ndindex(matrix.shape[:-2]) if others else ():
        x, w, up = matrix[at], np.broadcast_to(weights, matrix.shape[:-2] + (m,))[at], np.broadcast_to(benefit, matrix.shape[:-2] + (m,))[at]
        for j in others:
            column = x[:, j] if up[j] else -x[:, j]
            out, into = _criterion_flows(column, prefs[j])
            leaving[at] += w[j] * out
            entering[at] += w[j] * into
    scale = 1.0 / (n - 1)
    leaving, entering = leaving * scale, entering * scale
    return leaving - entering, {"phi_plus": leaving, "phi_minus": entering}


def _usual_counts(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The usual function's sums for every value of `x` (..., n, k), criteria with more
    is better, all at once: how many values of its column are below it (the first
    place of its value in the column sorted) and how many above (after the last),
    each (..., n, k) in C order.  Sorted along rows of the criteria's own values (a
    transposed copy: sorting a column in place strides through memory)."""
    n = x.shape[-2]
    t = np.swapaxes(x, -1, -2).reshape(-1, n)  # one row per criterion of each matrix
    order = np.argsort(t, axis=-1)
    row = np.arange(len(t))[:, None]
    ordered = t[row, order]
    new = np.ones(t.shape, dtype=bool)  # where a run of equal values starts
    np.not_equal(ordered[:, 1:], ordered[:, :-1], out=new[:, 1:])
    place = np.arange(n)
    first = np.maximum.accumulate(np.where(new, place, 0), axis=-1)
    ends = np.ones(t.shape, dtype=bool)  # where a run ends, read from the right
    ends[:, 1:] = new[:, :0:-1]
    after = np.maximum.accumulate(np.where(ends, place, 0), axis=-1)[:, ::-1]  # values after the run
    below, above = np.empty(t.shape), np.empty(t.shape)
    below[row, order] = first
    above[row, order] = after
    shape = x.shape[:-2] + (x.shape[-1], n)
    return (np.ascontiguousarray(np.swapaxes(a.reshape(shape), -1, -2)) for a in (below, above))  # type: ignore[return-value]


def _criterion_flows(x: np.ndarray, pref: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """For each value a of `x` (n,): sum_b P(a - b) and sum_b P(b - a)."""
    function = pref["function"]
    if function == "gaussian":
        return _gaussian_flows(x, pref["s"])
    order = np.argsort(x)
    ordered = x[order]
    out, into = _ordered_flows(ordered, function, pref)  # sorted queries: searches run in cache
    leaving, entering = np.empty(len(x)), np.empty(len(x))
    leaving[order], entering[order] = out, into
    return leaving, entering


def _ordered_flows(ordered: np.ndarray, function: str, pref: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """`_criterion_flows` of values already sorted."""
    x = ordered
    q = pref.get("q", 0.0) if function != "v-shape" else 0.0
    p = pref.get("p", 0.0)
    centre = ordered[len(ordered) // 2]  # prefix sums of values near 0 keep their digits
    sums = np.concatenate([[0.0], np.cumsum(ordered - centre)])
    n = len(x)

    def below(t: np.ndarray) -> np.ndarray:  # how many values are < t
        return np.searchsorted(ordered, t, side="left")

    def above(t: np.ndarray) -> np.ndarray:  # how many values are <= t
        return np.searchsorted(ordered, t, side="right")

    if function == "usual":
        return below(x).astype(float), (n - above(x)).astype(float)
    if function == "u-shape":
        return below(x - q).astype(float), (n - above(x + q)).astype(float)
    full_out, full_in = below(x - p).astype(float), (n - above(x + p)).astype(float)
    if function == "level":  # 1/2 for q < d <= p
        return full_out + 0.5 * (below(x - q) - below(x - p)), full_in + 0.5 * (above(x + p) - above(x + q))
    # v-shape (q = 0) and linear: (d - q) / (p - q) for q < d <= p
    span = p - q
    lo, hi = below(x - p), below(x - q)  # b with q < a - b <= p
    count = hi - lo
    ramp_out = (count * (x - centre - q) - (sums[hi] - sums[lo])) / span
    lo, hi = above(x + q), above(x + p)  # b with q < b - a <= p
    count = hi - lo
    ramp_in = ((sums[hi] - sums[lo]) - count * (x - centre + q)) / span
    return full_out + ramp_out, full_in + ramp_in


def _gaussian_flows(x: np.ndarray, s: float) -> tuple[np.ndarray, np.ndarray]:
    """The Gaussian function's sums over every pair, a block of rows at a time."""
    out = np.empty(len(x))
    into = np.empty(len(x))
    for start in range(0, len(x), GAUSSIAN_BLOCK):
        d = x[start : start + GAUSSIAN_BLOCK, None] - x[None, :]  # a minus b
        curve = -np.expm1(-(d * d) / (2 * s * s))
        out[start : start + GAUSSIAN_BLOCK] = np.where(d > 0, curve, 0.0).sum(axis=1)
        into[start : start + GAUSSIAN_BLOCK] = np.where(d < 0, curve, 0.0).sum(axis=1)
    return out, into


def check_setting(name: str, value: Any) -> Any:
    """A preference table: a known function with the thresholds it needs."""
    if value is None:
        return None
    function = value.get("function", "usual")
    if function not in FUNCTIONS:
        raise ScenarioError(
            expected=f"a preference function ({', '.join(FUNCTIONS)}){did_you_mean(str(function), FUNCTIONS)}",
            found=repr(function),
            path=("function",),
        )
    needs = FUNCTIONS[function]
    for key in value:
        if key != "function" and key not in needs:
            raise ScenarioError(
                expected=f"the thresholds of {function} ({', '.join(needs) or 'none'})",
                found=repr(key),
                path=(key,),
            )
    out: dict[str, Any] = {"function": function}
    for key in needs:
        v = value.get(key)
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not np.isfinite(v) or v < 0:
            raise ScenarioError(
                expected=f"a threshold {key} >= 0 (in the criterion's unit)",
                found="nothing" if v is None else repr(v),
                path=(key,),
            )
        out[key] = float(v)
    if "p" in out and out["p"] <= out.get("q", 0.0):
        raise ScenarioError(expected="p > q (and p > 0)", found=f"p = {out['p']:g}", path=("p",))
    if function == "gaussian" and out["s"] <= 0:
        raise ScenarioError(expected="s > 0", found=f"s = {out['s']:g}", path=("s",))
    return out


METHOD = Method(
    name="promethee2",
    label="PROMETHEE II",
    description="Net outranking flow from per-criterion preference functions; higher is better.",
    kernel=promethee2,
    default_normalization=None,
    normalizations=(),
    criterion_params=("preference",),
    check_setting=check_setting,
    invariants={"permutation", "weight_scaling", "dominance", "identical_tie", "stacking"},
)


@hookimpl
def tradeoff_register_methods(registrar):
    registrar.add(METHOD)
