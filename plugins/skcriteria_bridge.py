"""scikit-criteria's ranking methods that tradeoff does not implement natively, as ``skc.*``.

Active when scikit-criteria is installed (``python -m pip install -e ".[skcriteria]"`` from the checkout).  The
hook only checks that the package can be found: scikit-criteria (about 2 s to import)
is imported the first time a bridged method ranks something, so ``import tradeoff``
and building an `Engine` never import it, and without it nothing is registered.

Every bridged method converts each matrix of a stack the same way (scikit-criteria
ranks one matrix at a time):

1. Criteria of weight 0 are left out: they count for nothing, where scikit-criteria
   would take log 0 (full multiplicative form) or let them veto (ELECTRE discordance).
2. If every alternative is then identical, all tie with score 0 and scikit-criteria is
   not called (several of its methods divide 0 by 0 there); diagnostics are NaN.
3. The preprocessing of the method's literature (each method's description says which):
   ``sum`` (x / sum x) or ``vector`` (x / ||x||) scales every column and keeps cost
   criteria as scikit-criteria "min" objectives, which the method handles itself;
   ``max`` is tradeoff's normalization of that name (x / max for a benefit, min / x for
   a cost: scikit-criteria's BenefitCostInverter), after which every criterion is a
   benefit ("max"), as CoCoSo and CODAS require; ``raw`` passes the values as they are,
   with costs as "min".
4. ``skcriteria.mkdm(matrix, objectives, weights)`` and the method's ``evaluate``
   (MARCOS: the function its ``evaluate`` calls, in a copy that does not print);
   scikit-criteria's warnings stay inside the call.
5. The score is the method's own (``higher_is_better`` says which way it points), so the
   ranks are scikit-criteria's (ties: tradeoff's competition ranks 1, 2, 2, 4 from equal
   scores, where scikit-criteria ranks densely 1, 2, 2, 3).  ELECTRE I finds a kernel,
   not a ranking: its score is 1 in the kernel, 0 outside.
6. The method's other results go into the diagnostics, one value per alternative, per
   pair of alternatives or per criterion (NaN for the criteria left out in step 1).

Left out: ERVD (its reference points are the decision maker's, one per criterion, which
a scenario has no place for), SIMUS (ignores the weights, and its LP solver writes its log
to the process's standard output, which would corrupt ``--format json``) and the
simplified PROBID (its score is infinite whenever one alternative is best everywhere).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import threading
import types
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import numpy as np

from tradeoff import Method, Param, ScenarioError, hookimpl
from tradeoff.plugin_kit import extreme_scale, normalize

#: What a diagnostic is indexed by: alternatives, pairs of them, criteria, or both.
PER_ALTERNATIVE, PER_PAIR, PER_CRITERION, PER_ALTERNATIVE_AND_CRITERION = "n", "nn", "m", "nm"

# scikit-criteria's warnings are silenced with warnings.catch_warnings, which swaps the
# process-wide filter list: one bridged call at a time, so two never restore each
# other's filters out of order.
_LOCK = threading.Lock()


@attrs.frozen(kw_only=True)
class Bridge:
    """How one scikit-criteria method is called and read back."""

    module: str  # under skcriteria.agg
    cls: str
    prepare: str  # "sum", "vector", "max" or "raw" (see the module docstring)
    #: The score: a field of the result's extras, or a function of the result.
    score: str | Callable[[Any], np.ndarray]
    #: Our diagnostic name -> (field of the result's extras, what it is indexed by).
    diagnostics: Mapping[str, tuple[str, str]] = attrs.field(factory=dict)
    #: call(values, objectives as +1/-1, weights, **params) -> extras, instead of
    #: ``evaluate`` (see MARCOS).
    call: Callable[..., Any] | None = None

    def available(self) -> bool:
        """Whether the installed scikit-criteria has this method's module (no import)."""
        spec = importlib.util.find_spec("skcriteria")
        locations = list(spec.submodule_search_locations or ()) if spec else []
        if not locations:
            return spec is not None
        return any(os.path.exists(os.path.join(p, "agg", f"{self.module}.py")) for p in locations)


@attrs.frozen(kw_only=True)
class BridgedMethod(Method):
    """A `Method` whose parameters may also have to be ordered (ELECTRE II's thresholds)."""

    #: Chains of parameter names whose values must not increase along the chain.
    descending: tuple[tuple[str, ...], ...] = ()

    def resolve_params(
        self, normalization: str | None = None, params: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        out = super().resolve_params(normalization, params)
        for chain in self.descending:
            for high, low in zip(chain, chain[1:]):
                if out[low] > out[high]:
                    raise ScenarioError(
                        expected=f"{' >= '.join(chain)}, so at most {high} = {out[high]:g}",
                        found=f"{out[low]:g}",
                        path=(low,),
                    )
        return out


# -- running one member of a stack ------------------------------------------------------


def _prepare(x: np.ndarray, benefit: np.ndarray, how: str) -> tuple[np.ndarray, np.ndarray]:
    """(values, benefit mask as scikit-criteria should see it)."""
    if how == "raw":
        return x, benefit
    if how in ("sum", "vector"):
        # Columns of extreme magnitude (1e300, 1e-200), and only those, are divided by
        # their largest magnitude first: neither ratio changes, and their sums neither
        # overflow nor vanish.  Other columns go through scikit-criteria's own
        # operations (SumScaler, VectorScaler), bit for bit.
        scale = extreme_scale(np.abs(x).max(axis=0))
        y = x if scale is None else x / scale
        total = np.sum(y, axis=0) if how == "sum" else np.linalg.norm(y, None, axis=0)
        return y / np.where(total == 0, 1.0, total), benefit
    return normalize(x, benefit, how), np.ones_like(benefit)


def _shapes(bridge: Bridge, n: int, m: int) -> dict[str, tuple[int, ...]]:
    """The shape of each of `bridge`'s diagnostics for one ``(n, m)`` matrix."""
    by_kind = {
        PER_ALTERNATIVE: (n,),
        PER_PAIR: (n, n),
        PER_CRITERION: (m,),
        PER_ALTERNATIVE_AND_CRITERION: (n, m),
    }
    return {name: by_kind[kind] for name, (_, kind) in bridge.diagnostics.items()}


def _run_member(
    bridge: Bridge,
    x: np.ndarray,
    w: np.ndarray,
    benefit: np.ndarray,
    params: Mapping[str, Any],
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Scores ``(n,)`` and diagnostics of one matrix ``(n, m)``, steps 1 to 6 above."""
    n, m = x.shape
    diagnostics = {name: np.full(shape, np.nan) for name, shape in _shapes(bridge, n, m).items()}
    keep = w > 0
    x, w, benefit = x[:, keep], w[keep], benefit[keep]
    if (x == x[0]).all():
        return np.zeros(n), diagnostics
    values, up = _prepare(x, benefit, bridge.prepare)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        skc = importlib.import_module("skcriteria")
        if bridge.call is not None:
            result = bridge.call(values, np.where(up, 1, -1), w, **params)
        else:
            dm = skc.mkdm(values, [max if b else min for b in up], weights=w)
            module = importlib.import_module(f"skcriteria.agg.{bridge.module}")
            result = getattr(module, bridge.cls)(**params).evaluate(dm)
    extra = result.e_ if hasattr(result, "e_") else result
    score = bridge.score(result) if callable(bridge.score) else extra[bridge.score]
    for name, (field, kind) in bridge.diagnostics.items():
        value = np.asarray(extra[field], dtype=float)
        if kind == PER_CRITERION:
            diagnostics[name][keep] = value
        elif kind == PER_ALTERNATIVE_AND_CRITERION:
            diagnostics[name][:, keep] = value
        else:
            diagnostics[name] = value
    return np.asarray(score, dtype=float), diagnostics


def make_kernel(bridge: Bridge) -> Callable[..., tuple[np.ndarray, dict[str, np.ndarray]]]:
    """A tradeoff kernel for `bridge`: ranks the members of a stack one by one."""

    def kernel(
        matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray, **params: Any
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        stack, (n, m) = matrix.shape[:-2], matrix.shape[-2:]
        xs = matrix.reshape((-1, n, m))
        ws = np.broadcast_to(weights, stack + (m,)).reshape((-1, m))
        bs = np.broadcast_to(benefit, stack + (m,)).reshape((-1, m))
        with _LOCK:
            members = [
                _run_member(bridge, x, w, b, params) for x, w, b in zip(xs, ws, bs)
            ]
        scores = np.array([s for s, _ in members], dtype=float).reshape(stack + (n,))
        diagnostics = {
            name: np.array([d[name] for _, d in members], dtype=float).reshape(stack + shape)
            for name, shape in _shapes(bridge, n, m).items()
        }
        return scores, diagnostics

    kernel.__name__ = kernel.__qualname__ = f"skc_{bridge.cls.lower()}"
    return kernel


# -- MARCOS prints its utilities (scikit-criteria 0.10): call a copy that does not ------


def _silent(function: types.FunctionType) -> types.FunctionType:
    """A copy of `function` whose ``print`` does nothing; the original is untouched.

    Redirecting ``sys.stdout`` instead would swallow other threads' output too.
    """
    names = dict(function.__globals__, print=lambda *args, **kwargs: None)
    return types.FunctionType(
        function.__code__, names, function.__name__, function.__defaults__, function.__closure__
    )


def _marcos(values: np.ndarray, objectives: np.ndarray, weights: np.ndarray) -> dict:
    """What ``MARCOS.evaluate`` computes (it calls this function, then ranks the
    utilities, highest first), without the print."""
    module = importlib.import_module("skcriteria.agg.marcos")
    k_minus, k_plus, utility = _silent(module.marcos)(values, objectives, weights)
    return {"utility": utility, "K_minus": k_minus, "K_plus": k_plus}


# -- the methods -----------------------------------------------------------------------


def _kernel_membership(result: Any) -> np.ndarray:
    return np.asarray(result.values, dtype=float)


ELECTRE_PAIRS = {
    "concordance": ("matrix_concordance", PER_PAIR),
    "discordance": ("matrix_discordance", PER_PAIR),
}
SUM = "x / sum(x) per criterion, costs kept as scikit-criteria 'min' objectives"
VECTOR = "x / ||x|| per criterion, costs kept as scikit-criteria 'min' objectives"
MAX = "tradeoff's 'max' normalization (x / max, min / x for a cost), then all 'max'"
RAW = "the values as they are, costs as scikit-criteria 'min' objectives"


def _method(
    name: str,
    label: str,
    what: str,
    bridge: Bridge,
    *,
    higher_is_better: bool = True,
    positive: bool = False,
    params: tuple[Param, ...] = (),
    invariants: frozenset[str],
    descending: tuple[tuple[str, ...], ...] = (),
) -> tuple[Bridge, BridgedMethod]:
    preprocessing = {"sum": SUM, "vector": VECTOR, "max": MAX, "raw": RAW}[bridge.prepare]
    description = (
        f"{what} From scikit-criteria (skcriteria.agg.{bridge.module}.{bridge.cls}); "
        f"preprocessing: {preprocessing}."
    )
    method = BridgedMethod(
        name=f"skc.{name}",
        label=f"{label} (scikit-criteria)",
        description=description,
        kernel=make_kernel(bridge),
        higher_is_better=higher_is_better,
        default_normalization=None,
        normalizations=(),
        params=params,
        positive=positive,
        invariants=invariants,
        criterion_diagnostics=frozenset(
            key for key, (_, kind) in bridge.diagnostics.items() if kind == PER_CRITERION
        ),
        pairwise_diagnostics=frozenset(
            key for key, (_, kind) in bridge.diagnostics.items() if kind == PER_PAIR
        ),
        descending=descending,
    )
    return bridge, method


def _threshold(name: str, default: float, what: str) -> Param:
    return Param(name=name, default=default, low=0.0, high=1.0, description=what)


#: Invariants that hold whatever the rounding: the same numbers go through the same
#: operations.  ELECTRE's thresholds and MULTIMOORA's sub-rankings compare computed
#: floats exactly, so a reordered sum or rescaled weights can flip a comparison that
#: is an exact tie or exactly at a threshold in real arithmetic: they promise only these.
EXACT = frozenset({"stacking", "identical_tie"})
#: A score that is a continuous function of scale-free values, monotone in each.
MONOTONE = EXACT | {"permutation", "weight_scaling", "column_scaling", "dominance"}

METHODS = (
    _method(
        "electre1",
        "ELECTRE I",
        "Kernel of alternatives no other outranks (Roy 1968): score 1 in the kernel, 0 outside.",
        Bridge(module="electre", cls="ELECTRE1", prepare="sum", score=_kernel_membership,
               diagnostics={"outranks": ("outrank", PER_PAIR), **ELECTRE_PAIRS}),
        positive=True,
        params=(
            _threshold("p", 0.65, "concordance threshold"),
            _threshold("q", 0.35, "discordance threshold"),
        ),
        invariants=EXACT | {"dominance"},
    ),
    _method(
        "electre2",
        "ELECTRE II",
        "Mean of the direct and inverse positions from strong and weak outranking "
        "(Roy & Bertier 1973).",
        Bridge(module="electre", cls="ELECTRE2", prepare="sum", score="score",
               diagnostics={
                   "direct_rank": ("ranking_direct", PER_ALTERNATIVE),
                   "inverse_rank": ("ranking_inverted", PER_ALTERNATIVE),
                   "strong_outranking": ("outrank_s", PER_PAIR),
                   "weak_outranking": ("outrank_w", PER_PAIR),
                   **ELECTRE_PAIRS,
               }),
        higher_is_better=False,
        positive=True,
        params=(
            _threshold("p0", 0.65, "concordance threshold, strongest (p0 >= p1 >= p2)"),
            _threshold("p1", 0.5, "concordance threshold, middle"),
            _threshold("p2", 0.35, "concordance threshold, weakest"),
            _threshold("q0", 0.65, "discordance threshold, loosest (q0 >= q1)"),
            _threshold("q1", 0.35, "discordance threshold, strictest"),
        ),
        invariants=EXACT | {"dominance"},
        descending=(("p0", "p1", "p2"), ("q0", "q1")),
    ),
    _method(
        "refpoint_moora",
        "Reference point MOORA",
        "Largest weighted distance to the best value of each criterion (Tchebycheff; "
        "Brauers & Zavadskas 2012).",
        Bridge(module="moora", cls="ReferencePointMOORA", prepare="vector", score="score",
               diagnostics={"reference_point": ("reference_point", PER_CRITERION)}),
        higher_is_better=False,
        invariants=MONOTONE,
    ),
    _method(
        "fmf_moora",
        "Full multiplicative form (MOORA)",
        "Log of the product of benefits over the product of costs; ignores the weights "
        "(Brauers & Zavadskas 2012).",
        Bridge(module="moora", cls="FullMultiplicativeForm", prepare="vector", score="score"),
        positive=True,
        invariants=MONOTONE,
    ),
    _method(
        "multimoora",
        "MULTIMOORA",
        "Number of alternatives each one beats on the ratio system, reference point and "
        "full multiplicative form together (Brauers & Zavadskas 2012).",
        Bridge(module="moora", cls="MultiMOORA", prepare="vector", score="score",
               diagnostics={
                   "ratio_score": ("ratio_score", PER_ALTERNATIVE),
                   "refpoint_score": ("refpoint_score", PER_ALTERNATIVE),
                   "fmf_score": ("fmf_score", PER_ALTERNATIVE),
                   "reference_point": ("reference_point", PER_CRITERION),
               }),
        positive=True,
        invariants=EXACT,
    ),
    _method(
        "cocoso",
        "CoCoSo",
        "Combined compromise of weighted sum and weighted product (Yazdani et al. 2019).",
        Bridge(module="cocoso", cls="CoCoSo", prepare="max", score="score",
               diagnostics={
                   "k_a": ("k_a", PER_ALTERNATIVE),
                   "k_b": ("k_b", PER_ALTERNATIVE),
                   "k_c": ("k_c", PER_ALTERNATIVE),
               }),
        positive=True,
        params=(Param(name="lambda_value", default=0.5, low=0.0, high=1.0,
                      description="balance of weighted sum (1) and weighted product (0)"),),
        invariants=MONOTONE,
    ),
    _method(
        "codas",
        "CODAS",
        "Euclidean, then taxicab, distances from the negative ideal compared pairwise "
        "(Keshavarz Ghorabaee et al. 2016).",
        Bridge(module="codas", cls="CODAS", prepare="max", score="score",
               diagnostics={"psi": ("psi", PER_PAIR)}),
        positive=True,
        params=(Param(name="tau", default=0.02, low=0.0, high=1.0,
                      description="Euclidean gap below which the taxicab distance decides "
                      "(0.01 to 0.05 suggested)"),),
        invariants=MONOTONE - {"dominance"},
    ),
    _method(
        "marcos",
        "MARCOS",
        "Utility relative to the ideal and anti-ideal solutions (Stevic et al. 2019).",
        Bridge(module="marcos", cls="MARCOS", prepare="raw", score="utility", call=_marcos,
               diagnostics={
                   "k_minus": ("K_minus", PER_ALTERNATIVE),
                   "k_plus": ("K_plus", PER_ALTERNATIVE),
               }),
        positive=True,
        invariants=MONOTONE,
    ),
    _method(
        "ocra",
        "OCRA",
        "Operational competitiveness: input (cost) and output (benefit) performance "
        "relative to each criterion's minimum (Parkan 1994).",
        Bridge(module="ocra", cls="OCRA", prepare="raw", score="performance",
               diagnostics={
                   "input_performance": ("input_performance", PER_ALTERNATIVE),
                   "output_performance": ("output_performance", PER_ALTERNATIVE),
               }),
        positive=True,
        invariants=MONOTONE,
    ),
    _method(
        "probid",
        "PROBID",
        "Distances to the whole spectrum of ideal solutions and to the average "
        "(Wang et al. 2021).",
        Bridge(module="probid", cls="PROBID", prepare="vector", score="score",
               diagnostics={
                   "positive_ideal_distance": ("pos_ideal", PER_ALTERNATIVE),
                   "negative_ideal_distance": ("neg_ideal", PER_ALTERNATIVE),
               }),
        invariants=MONOTONE - {"dominance"},
    ),
    _method(
        "ram",
        "RAM",
        "Root assessment: (2 + weighted benefits) to the power 1 / (2 + weighted costs) "
        "(Sotoudeh-Anvari 2023).",
        Bridge(module="ram", cls="RAM", prepare="sum", score="score",
               diagnostics={
                   "sum_benefit": ("sum_benefit", PER_ALTERNATIVE),
                   "sum_cost": ("sum_cost", PER_ALTERNATIVE),
               }),
        positive=True,
        invariants=MONOTONE,
    ),
    _method(
        "mairca",
        "MAIRCA",
        "Gap between theoretical and real ratings, equal preference for every "
        "alternative (Pamucar et al. 2014).",
        Bridge(module="mairca", cls="MAIRCA", prepare="raw", score="values"),
        higher_is_better=False,
        positive=True,
        invariants=MONOTONE,
    ),
    _method(
        "rim",
        "RIM",
        "Reference ideal method with each criterion's best value as its ideal and its "
        "observed range as its bounds (Cables et al. 2016).",
        Bridge(module="rim", cls="RIM", prepare="raw", score="score",
               diagnostics={
                   "distance_to_ideal": ("i_plus", PER_ALTERNATIVE),
                   "distance_to_origin": ("i_minus", PER_ALTERNATIVE),
                   "normalized": ("norm_matrix", PER_ALTERNATIVE_AND_CRITERION),
               }),
        invariants=MONOTONE,
    ),
)


@hookimpl
def tradeoff_register_methods(registrar):
    """Register the bridged methods the installed scikit-criteria has, if any."""
    try:
        if importlib.util.find_spec("skcriteria") is None:
            return
    except (ImportError, ValueError):  # a broken or half-removed installation
        return
    for bridge, method in METHODS:
        if bridge.available():
            registrar.add(method)
