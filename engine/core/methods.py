"""Ranking methods: a plain numpy kernel and a thin object that checks and shapes.

The kernel does the maths on a decision matrix ``(..., n, m)``, weights ``(..., m)``
summing to 1 and a benefit mask ``(..., m)`` (True where more is better), and checks
nothing; a method with pluggable normalizations gets ``normalization=`` among its
parameters and calls `tradeoff.core.normalize.normalize` itself, one with the normalization
of its literature applies that.  `Method.run` checks the inputs once, calls the kernel
and returns scores, ranks and the kernel's diagnostics (ideal points, distances...).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from ..model.errors import PluginError, ScenarioError, describe, did_you_mean, one_of, within
from ..model.frozen import FrozenMap, freeze, read_only
from ..model.scenario import Direction, finite_number
from . import normalize as norm
from .ranks import competition_ranks

#: kernel(matrix, weights, benefit, **params) -> (scores, diagnostics)
Kernel = Callable[..., tuple[np.ndarray, dict[str, np.ndarray]]]
#: utilities(matrix, benefit, **params) -> u (..., n, m), with scores = u @ weights
Utilities = Callable[..., np.ndarray]


@attrs.frozen(kw_only=True)
class Param:
    """A method's own parameter, with its default and allowed range."""

    name: str
    default: float
    low: float | None = None
    high: float | None = None
    description: str = ""

    def check(self, value: object) -> float:
        ok = (
            finite_number(value)
            and (self.low is None or value >= self.low)  # type: ignore[operator]
            and (self.high is None or value <= self.high)  # type: ignore[operator]
        )
        if not ok:
            bounds = ""
            if self.low is not None and self.high is not None:
                bounds = f" from {self.low} to {self.high}"
            raise ScenarioError(
                expected=f"a number{bounds}", found=describe(value), path=(self.name,)
            )
        return float(value)  # type: ignore[arg-type]


@attrs.frozen(kw_only=True)
class Ranking:
    """What a method computed: scores, ranks and diagnostics, stacked like the input.

    Frozen all the way down: the parameters a `FrozenMap`, every array read-only (a
    copy of the one given, unless read-only already)."""

    method: str
    params: FrozenMap[str, Any] = attrs.field(converter=freeze)
    higher_is_better: bool
    scores: np.ndarray = attrs.field(converter=read_only)
    ranks: np.ndarray = attrs.field(converter=read_only)
    diagnostics: FrozenMap[str, np.ndarray] = attrs.field(factory=FrozenMap, converter=freeze)
    #: Diagnostics indexed by criterion (last axis), such as TOPSIS's ideal point.
    criterion_diagnostics: frozenset[str] = attrs.field(default=frozenset(), converter=frozenset)
    #: Diagnostics indexed by alternative twice (..., n, n), such as an outranking matrix.
    pairwise_diagnostics: frozenset[str] = attrs.field(default=frozenset(), converter=frozenset)


#: Method names stay lowercase (criterion ids may not): they are typed on command lines.
_METHOD_NAME = re.compile(r"^[a-z][a-z0-9_.]*$")


def _check_method_name(_inst: Any, _attr: attrs.Attribute, value: str) -> None:
    if not isinstance(value, str) or not _METHOD_NAME.match(value):
        raise ValueError(f"method name must be lowercase letters, digits, _ or ., got {value!r}")


#: The invariants a method can declare; the property suite tests each declared one.
INVARIANTS = {
    "permutation": "reordering alternatives or criteria changes no one's score",
    "weight_scaling": "multiplying every weight by c > 0 changes nothing",
    "column_scaling": "multiplying a criterion's values by c > 0 changes nothing "
    "(under vector, minmax, max or sum where the method takes a normalization)",
    "dominance": "an alternative that Pareto-dominates another never ranks below it",
    "identical_tie": "identical alternatives tie",
    "stacking": "a stack of matrices ranks like the loop over its members",
    "no_rank_reversal": "adding or removing an alternative never swaps two others",
}
COMMON_INVARIANTS = frozenset(
    {"permutation", "weight_scaling", "column_scaling", "dominance", "identical_tie", "stacking"}
)


@attrs.frozen(kw_only=True)
class Method:
    """A ranking method as plugins register it.

    `normalizations` lists those the method accepts (`default_normalization` first
    choice); an empty tuple means the method applies its literature's own.  `positive`
    says every value must be > 0 whatever the normalization.  `invariants` names the
    properties it guarantees (keys of `INVARIANTS`).
    """

    name: str = attrs.field(validator=_check_method_name)
    label: str = ""
    description: str = ""
    kernel: Kernel = attrs.field(eq=False, repr=False)
    higher_is_better: bool = True
    default_normalization: str | None = "vector"
    normalizations: tuple[str, ...] = attrs.field(default=norm.NAMES, converter=tuple)
    params: tuple[Param, ...] = attrs.field(default=(), converter=tuple)
    positive: bool = False
    invariants: frozenset[str] = attrs.field(default=COMMON_INVARIANTS, converter=frozenset)
    #: Names of the kernel's diagnostics indexed by criterion rather than alternative.
    criterion_diagnostics: frozenset[str] = attrs.field(default=frozenset(), converter=frozenset)
    #: Names of the kernel's diagnostics indexed by alternative twice (n x n).
    pairwise_diagnostics: frozenset[str] = attrs.field(default=frozenset(), converter=frozenset)
    #: Per-criterion settings the kernel reads ("bounds", "preference"): it receives
    #: a tuple with one entry per criterion (None where not set).
    criterion_params: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    #: check_setting(name, value) -> value: checks one criterion's setting (None when
    #: not set) and returns what the kernel gets; raises ScenarioError.
    check_setting: Callable[[str, Any], Any] | None = attrs.field(default=None, eq=False)
    #: check_data(matrix, params) -> None or (row, column, expected): a value the
    #: method cannot take in a 2-D matrix (a value outside SPOTIS's bounds, say).
    check_data: Callable[..., tuple[int, int, str] | None] | None = attrs.field(
        default=None, eq=False
    )
    #: For an additive method only: the weight-free value of each criterion to each
    #: alternative, whose weighted sum is the kernel's score.  It makes explanations
    #: exact, weight stability solvable in closed form and SMAA one matrix product.
    utilities: Utilities | None = attrs.field(default=None, eq=False, repr=False)
    #: The plugin that registered this method (set by the registry).
    provided_by: str = attrs.field(default="", eq=False)

    @property
    def additive(self) -> bool:
        return self.utilities is not None

    def utilities_checked(
        self, x: np.ndarray, benefit: np.ndarray, params: Mapping[str, Any]
    ) -> np.ndarray:
        """The additive method's utilities (..., n, m), or a `PluginError` if wrong."""
        assert self.utilities is not None
        where = dict(plugin=self.provided_by or "?", hook=f"method {self.name!r} utilities")
        try:
            u = np.asarray(self.utilities(x, benefit, **params), dtype=float)
        except Exception as error:
            raise PluginError(**where, problem=f"raised {error!r}") from error
        if u.shape != x.shape or not np.isfinite(u).all():
            raise PluginError(
                **where, problem=f"returned {u.shape} or non-finite values, expected finite {x.shape}"
            )
        return u

    def __attrs_post_init__(self) -> None:
        """A plugin author's mistakes show when the plugin is imported, not in a file."""
        unknown = set(self.normalizations) - set(norm.NAMES)
        default_ok = (
            self.default_normalization in self.normalizations
            if self.normalizations
            else self.default_normalization is None
        )
        if unknown or not default_ok:
            raise ValueError(
                f"method {self.name!r}: normalizations must be among {norm.NAMES} and "
                f"include the default {self.default_normalization!r} (None when empty)"
            )
        if not callable(self.kernel):
            raise ValueError(f"method {self.name!r}: kernel must be callable")
        if self.utilities is not None and not callable(self.utilities):
            raise ValueError(f"method {self.name!r}: utilities must be callable or None")
        if not self.invariants <= set(INVARIANTS):
            raise ValueError(
                f"method {self.name!r}: unknown invariants {sorted(self.invariants - set(INVARIANTS))}"
            )

    def resolve_params(
        self, normalization: str | None = None, params: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """The full, checked parameter set: normalization first, then the method's."""
        out: dict[str, Any] = {}
        if self.normalizations:
            how = self.default_normalization if normalization is None else normalization
            if how not in self.normalizations:
                raise ScenarioError(
                    expected=f"a normalization {self.name} supports "
                    f"({', '.join(self.normalizations)})"
                    + did_you_mean(str(how), self.normalizations),
                    found=describe(how),
                    path=("normalization",),
                )
            out["normalization"] = how
        elif normalization is not None:
            raise ScenarioError(
                expected=f"no normalization: {self.name} normalizes as its literature does",
                found=describe(normalization),
                path=("normalization",),
            )
        given = dict(params or {})
        for name in self.criterion_params:
            out[name] = self.settings(name, given.pop(name, None))
        known = {p.name: p for p in self.params}
        for key in given:
            if key not in known:
                names = one_of(known) if known else "none besides normalization"
                raise ScenarioError(
                    expected=f"a parameter of {self.name} ({names})"
                    + did_you_mean(key, [*known, "normalization"]),
                    found=f'"{key}"',
                    path=(key,),
                )
        for p in self.params:
            out[p.name] = p.check(given[p.name]) if p.name in given else p.default
        return out

    def settings(self, name: str, values: Any) -> tuple[Any, ...] | None:
        """Checked per-criterion settings `name` (None: not given for any criterion)."""
        if values is None:
            return None
        if isinstance(values, (str, bytes, Mapping)) or not hasattr(values, "__len__"):
            raise ScenarioError(
                expected=f"one {name} entry per criterion", found=describe(values), path=(name,)
            )
        out = []
        for j, value in enumerate(values):
            with within(name, j):
                out.append(self.check_setting(name, value) if self.check_setting else value)
        return tuple(out)

    def needs_positive(self, params: Mapping[str, Any]) -> bool:
        """Whether every value must be > 0 with these parameters."""
        return self.positive or params.get("normalization") in norm.POSITIVE_ONLY

    def nonpositive(
        self,
        params: Mapping[str, Any],
        matrix: np.ndarray,
        low: np.ndarray | None = None,
        high: np.ndarray | None = None,
    ) -> np.ndarray:
        """Mask of the values <= 0 these parameters cannot take, for ``(..., n, m)``.

        The method's own formula (`positive`) divides by every value, in any column; a
        normalization's need exempts an all-equal column (it normalises to a constant)
        unless its intervals vary, as sensitivity analysis samples inside them."""
        if not self.needs_positive(params):
            return np.zeros(np.shape(matrix), dtype=bool)
        if self.positive:
            return (matrix if low is None else low) <= 0
        varies = matrix.min(axis=-2, keepdims=True) != matrix.max(axis=-2, keepdims=True)
        bad = (matrix <= 0) & varies
        if low is not None:
            bad |= (low <= 0) & (high > low).any(axis=-2, keepdims=True)  # type: ignore[operator]
        return bad

    def run(
        self,
        matrix: np.ndarray,
        weights: np.ndarray,
        directions: Sequence[Direction | str] | np.ndarray,
        normalization: str | None = None,
        **params: Any,
    ) -> Ranking:
        """Rank a decision matrix ``(..., n, m)``; checks its inputs once."""
        resolved = self.resolve_params(normalization, params)
        x, w, benefit = check_inputs(matrix, weights, directions)
        for name in self.criterion_params:
            given = resolved[name]
            if given is not None and len(given) != x.shape[-1]:
                raise ScenarioError(
                    expected=f"one {name} entry per criterion ({x.shape[-1]})",
                    found=f"{len(given)}",
                    path=(name,),
                )
        if self.check_data is not None:
            for member in x.reshape((-1,) + x.shape[-2:]):
                bad = self.check_data(member, resolved)
                if bad is not None:
                    row, col, expected = bad
                    raise ScenarioError(
                        expected=expected, found=f"{member[row, col]:g} in column {col}", path=("matrix",)
                    )
        bad = self.nonpositive(resolved, x).reshape((-1,) + x.shape[-2:]) if self.needs_positive(resolved) else None
        if bad is not None and bad.any():  # the test first: most parameters take any value
            member, col, row = (int(i[0]) for i in np.nonzero(bad.transpose(0, 2, 1)))
            raise ScenarioError(
                expected=f"values > 0 for {self.positive_reason(resolved)}",
                found=f"{x.reshape(bad.shape)[member, row, col]:g} in column {col}",
                path=("matrix",),
            )
        return self.run_checked(x, w, benefit, resolved)

    def positive_reason(self, params: Mapping[str, Any]) -> str:
        if self.positive:
            return f"method {self.name!r}"
        return f"normalization {params['normalization']!r} (or use 'minmax' or 'vector')"

    def run_checked(
        self, x: np.ndarray, w: np.ndarray, benefit: np.ndarray, params: Mapping[str, Any]
    ) -> Ranking:
        """`run` for inputs already checked: floats, weights >= 0 summing to 1."""
        scores, diagnostics, ranks = self._call_kernel(x, w, benefit, params)
        assert ranks is not None
        return Ranking(
            method=self.name,
            params=dict(params),
            higher_is_better=self.higher_is_better,
            scores=scores,
            ranks=ranks,
            diagnostics=diagnostics,
            criterion_diagnostics=self.criterion_diagnostics,
            pairwise_diagnostics=self.pairwise_diagnostics,
        )

    def scores_checked(
        self, x: np.ndarray, w: np.ndarray, benefit: np.ndarray, params: Mapping[str, Any]
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """The kernel's checked scores and diagnostics, not ranked: for a caller that
        ranks only some of them (the best K of a million rows, say)."""
        scores, diagnostics, _ = self._call_kernel(x, w, benefit, params, rank=False)
        return scores, diagnostics

    def _call_kernel(
        self, x: np.ndarray, w: np.ndarray, benefit: np.ndarray, params: Mapping[str, Any], rank: bool = True
    ) -> tuple[np.ndarray, dict[str, np.ndarray], np.ndarray | None]:
        """Run the kernel and rank its scores (unless not `rank`); what the kernel
        raises or returns wrong is the plugin's fault."""
        try:
            scores, diagnostics = self.kernel(x, w, benefit, **params)
            scores = np.asarray(scores, dtype=float)
        except Exception as error:
            raise PluginError(**self._kernel_hook(), problem=f"raised {error!r}") from error
        expected = x.shape[:-1]
        if scores.shape != expected:
            raise PluginError(
                **self._kernel_hook(),
                problem=f"returned scores of shape {scores.shape}, expected {expected}",
            )
        if not np.isfinite(scores).all():
            raise PluginError(**self._kernel_hook(), problem="returned scores that are NaN or infinite")
        return scores, dict(diagnostics), competition_ranks(scores, self.higher_is_better) if rank else None

    def _kernel_hook(self) -> dict[str, str]:
        return dict(plugin=self.provided_by or "?", hook=f"method {self.name!r} kernel")


def check_inputs(
    matrix: object, weights: object, directions: object
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Float matrix, weights summing to 1 and a benefit mask, or a `ScenarioError`.

    A few microseconds for one small matrix: each check is one or two numpy calls
    whatever the size, and the usual weights pass one test in Python floats.
    """
    x = _floats(matrix, "matrix")
    if x.ndim < 2 or x.shape[-2] < 1 or x.shape[-1] < 1:
        raise ScenarioError(
            expected="a matrix of shape (..., n alternatives, m criteria)",
            found=f"shape {x.shape}",
            path=("matrix",),
        )
    m = x.shape[-1]
    if not np.isfinite(x).all():
        raise ScenarioError(expected="finite values", found="NaN or infinity", path=("matrix",))
    w = _floats(weights, "weights")
    # The usual case: every weight in [0, 1e300 / m], so the sums cannot overflow, and
    # each sum > 0 (NaN fails one test or the other).  Python's min and max cost less
    # than numpy's on a few weights.
    values = w.ravel().tolist() if w.shape[-1:] == (m,) else None
    usual = values is not None and (not values or (min(values) >= 0 and max(values) <= 1e300 / m))
    total = w.sum(axis=-1, keepdims=True) if usual else None
    usual = usual and all(t > 0 for t in total.ravel().tolist())  # type: ignore[union-attr]
    if not usual:
        if values is None or not np.isfinite(w).all() or (w < 0).any():
            raise ScenarioError(
                expected=f"{m} finite weights >= 0",
                found=f"{w.shape[-1] if w.ndim else 'no'} weights: {np.array2string(w, threshold=8)}",
                path=("weights",),
            )
        if (w.max(axis=-1) <= 0).any():
            raise ScenarioError(expected="at least one weight > 0", found="all 0", path=("weights",))
    benefit = _benefit_mask(directions)
    if benefit.shape[-1:] != (m,):
        raise ScenarioError(
            expected=f"{m} directions (max or min)",
            found=f"{benefit.shape[-1] if benefit.ndim else 'no'}",
            path=("directions",),
        )
    stack = x.shape[:-2]
    for name, part in (("weights", w), ("directions", benefit)):
        if part.ndim > 1 and not _broadcasts(part.shape[:-1], stack):
            raise ScenarioError(
                expected=f"{name} for one matrix, or one set per matrix of the stack {stack}",
                found=f"shape {part.shape}",
                path=(name,),
            )
    return x, (w / total if usual else normalize_weights(w)), benefit


def _broadcasts(shape: tuple[int, ...], stack: tuple[int, ...]) -> bool:
    try:
        return np.broadcast_shapes(shape, stack) == stack
    except ValueError:
        return False


#: Directions as names or `Direction`s: whether each is a benefit.
_BENEFIT: dict[object, bool] = {"max": True, "min": False, Direction.MAX: True, Direction.MIN: False}


def _floats(value: object, name: str) -> np.ndarray:
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError) as error:
        raise ScenarioError(
            expected="numbers in a regular array", found=str(error), path=(name,)
        ) from None


def normalize_weights(weights: np.ndarray) -> np.ndarray:
    """Weights (>= 0, one > 0) scaled to sum 1, without overflow for huge ones."""
    w = np.asarray(weights, dtype=float)
    top = w.max(axis=-1, keepdims=True)
    if (top > 1e300).any():  # only weights near the float limit, whose sum would overflow
        w = w / top
    return w / w.sum(axis=-1, keepdims=True)


def _benefit_mask(directions: object) -> np.ndarray:
    """Booleans (True: more is better) from booleans, names or `Direction`s, any shape."""
    if isinstance(directions, (list, tuple)):
        try:
            return np.array([_BENEFIT[v] for v in directions], dtype=bool)  # the usual names
        except (KeyError, TypeError):  # nested, booleans or a wrong name: as an array
            pass
    d = np.asarray(directions)
    if d.dtype == bool:
        return d
    values = d.ravel().tolist()
    with within("directions"):
        return np.array([Direction.parse(v).benefit for v in values], dtype=bool).reshape(d.shape)
