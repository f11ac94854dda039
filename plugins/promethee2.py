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
net flow phi = phi+ - phi-, in [-1, 1], higher is better.  Memory and time grow as
n^2 m: fine for hundreds of alternatives, not for a million.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tradeoff import Method, ScenarioError, hookimpl
from tradeoff.plugin_kit import did_you_mean

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


def promethee2(
    matrix: np.ndarray,
    weights: np.ndarray,
    benefit: np.ndarray,
    preference: tuple[dict[str, Any] | None, ...] | None = None,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    m = matrix.shape[-1]
    prefs = [p or {"function": "usual"} for p in (preference or [None] * m)]
    code = np.array([_CODES[p["function"]] for p in prefs])
    q, p, s = (np.array([pref.get(k, 0.0) for pref in prefs], dtype=float) for k in "qps")
    d = matrix[..., :, None, :] - matrix[..., None, :, :]  # (..., a, b, m): a minus b
    d = np.where(benefit[..., None, None, :], d, -d)
    ramp = np.clip((d - q) / np.where(p > q, p - q, 1.0), 0.0, 1.0)
    shapes = [
        d > 0,
        d > q,
        np.clip(d / np.where(p > 0, p, 1.0), 0.0, 1.0),
        np.where(d > p, 1.0, np.where(d > q, 0.5, 0.0)),
        np.where(d > p, 1.0, ramp),
        np.where(d > 0, -np.expm1(-(d * d) / (2 * np.where(s > 0, s, 1.0) ** 2)), 0.0),
    ]
    preferred = np.select([code == k for k in range(len(FUNCTIONS))], shapes)
    pi = (preferred * weights[..., None, None, :]).sum(-1)  # (..., a, b)
    n = matrix.shape[-2]
    scale = 1.0 / (n - 1) if n > 1 else 0.0
    leaving = pi.sum(-1) * scale
    entering = pi.sum(-2) * scale
    return leaving - entering, {"phi_plus": leaving, "phi_minus": entering}


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
