"""Ranking methods: a plain numpy kernel and a thin object that checks and shapes.

The kernel does the maths on a decision matrix ``(..., n, m)``, weights ``(..., m)``
summing to 1 and a benefit mask ``(..., m)`` (True where more is better), and checks
nothing; a method with pluggable normalizations gets ``normalization=`` among its
parameters and calls `tradeoff.core.normalize.normalize` itself, one with the normalization
of its literature applies that.  `Method.run` checks the inputs once, calls the kernel
and returns scores, ranks and the kernel's diagnostics (ideal points, distances...).

`misfits` is the one finder of values a method cannot take, for a matrix an app gives
(`Method.run`) and for a scenario's and a table's rows (`tradeoff.core.columnar`, which
evaluates them, re-exports it).  Every hook of a method is called inside
`tradeoff.model.errors.plugin_fault`, with read-only views of the arrays it must not change.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from ..model.errors import (
    PluginError,
    ScenarioError,
    describe,
    did_you_mean,
    one_of,
    out_of_memory,
    plugin_fault,
    within,
)
from ..model.frozen import (
    Deferred,
    DeferredMap,
    FrozenMap,
    as_frozenset,
    as_tuple,
    freeze,
    read_only,
)
from ..model.scenario import Direction, finite_number
from . import normalize as norm
from .domain import NORMALIZATIONS as NORMALIZATION_DOMAINS
from .domain import POSITIVE_VALUES, Domain
from .ranks import NotFinite, competition_ranks

#: kernel(matrix, weights, benefit, **params) -> (scores, diagnostics)
Kernel = Callable[..., tuple[np.ndarray, dict[str, np.ndarray]]]
#: utilities(matrix, benefit, **params) -> u (..., n, m), with scores = u @ weights
Utilities = Callable[..., np.ndarray]
#: reweigh(matrix, benefit, **params) -> scores(weights (s, m)) -> (s, n), or None
Reweigh = Callable[..., Callable[[np.ndarray], np.ndarray] | None]


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
    criterion_diagnostics: frozenset[str] = attrs.field(default=frozenset(), converter=as_frozenset)
    #: Diagnostics indexed by alternative twice (..., n, n), such as an outranking matrix.
    pairwise_diagnostics: frozenset[str] = attrs.field(default=frozenset(), converter=as_frozenset)


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
    choice); an empty tuple means the method applies its literature's own.  `domain`
    bounds the values the method's own formula takes, by direction (`Domain`;
    `positive` is short for every value > 0), beyond what its normalization takes.
    `invariants` names the properties it guarantees (keys of `INVARIANTS`).
    """

    name: str = attrs.field(validator=_check_method_name)
    label: str = ""
    description: str = ""
    kernel: Kernel = attrs.field(eq=False, repr=False)
    higher_is_better: bool = True
    default_normalization: str | None = "vector"
    normalizations: tuple[str, ...] = attrs.field(default=norm.NAMES, converter=as_tuple)
    params: tuple[Param, ...] = attrs.field(default=(), converter=as_tuple)
    positive: bool = False
    domain: Domain | None = None
    invariants: frozenset[str] = attrs.field(default=COMMON_INVARIANTS, converter=as_frozenset)
    #: Names of the kernel's diagnostics indexed by criterion rather than alternative.
    criterion_diagnostics: frozenset[str] = attrs.field(default=frozenset(), converter=as_frozenset)
    #: Names of the kernel's diagnostics indexed by alternative twice (n x n).
    pairwise_diagnostics: frozenset[str] = attrs.field(default=frozenset(), converter=as_frozenset)
    #: Per-criterion settings the kernel reads ("bounds", "preference"): it receives
    #: a tuple with one entry per criterion (None where not set).
    criterion_params: tuple[str, ...] = attrs.field(default=(), converter=as_tuple)
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
    #: The scores of one 2-D matrix under many weight vectors (SMAA's samples), its
    #: weight-free part computed once: ``reweigh(matrix, benefit, **params)`` returns
    #: ``scores(weights)``, (s, m) -> (s, n), or None where it cannot (the kernel then
    #: scores a stack of copies).  An additive method has it from its utilities.
    reweigh: Reweigh | None = attrs.field(default=None, eq=False, repr=False)
    #: passes(params) -> `tradeoff.core.partition.Passes`: how the method is computed in
    #: passes over chunks of rows, for a table bigger than memory or split across a
    #: cluster (docs/plugins.md, "Methods over chunks of rows").  None: the method needs
    #: the whole matrix at once (pairwise comparisons), and a partitioned table is refused.
    passes: Callable[[Mapping[str, Any]], Any] | None = attrs.field(default=None, eq=False, repr=False)
    #: The plugin that registered this method (set by the registry).
    provided_by: str = attrs.field(default="", eq=False)
    #: `resolve_params()` frozen once: what most calls run with.
    _defaults: FrozenMap[str, Any] = attrs.field(init=False, eq=False, repr=False)
    #: The kernel's `plugin_fault` guard, made once (it holds no state of a call).
    _guard: Any = attrs.field(init=False, eq=False, repr=False)

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
            with plugin_fault(**where):
                u = np.asarray(self.utilities(read_only_view(x), read_only_view(benefit), **params), dtype=float)
        except MemoryError:
            raise self._out_of_memory(x) from None
        if u.shape != x.shape or not all_finite(u):
            raise PluginError(
                **where, problem=f"returned {u.shape} or non-finite values, expected finite {x.shape}"
            )
        return u

    def reweigh_checked(
        self, x: np.ndarray, benefit: np.ndarray, params: Mapping[str, Any]
    ) -> Callable[[np.ndarray], np.ndarray] | None:
        """``scores(weights)`` of the 2-D matrix `x` under a stack of weight vectors:
        `reweigh`'s, each call's scores checked, or an additive method's ``weights @
        utilities.T`` (the utilities checked once: finite utilities give finite
        scores); None when the method has neither, or declines these values."""
        if self.reweigh is None:
            if self.utilities is None:
                return None
            u = self.utilities_checked(x, benefit, params)
            return lambda w: w @ u.T
        where = dict(plugin=self.provided_by or "?", hook=f"method {self.name!r} reweigh")
        try:
            with plugin_fault(**where):
                scorer = self.reweigh(read_only_view(x), read_only_view(benefit), **params)
        except MemoryError:
            raise self._out_of_memory(x) from None
        if scorer is None:
            return None
        if not callable(scorer):
            raise PluginError(**where, problem=f"returned {type(scorer).__name__}, expected a function or None")

        def scores(w: np.ndarray) -> np.ndarray:
            try:
                with plugin_fault(**where):
                    got = np.asarray(scorer(read_only_view(w)), dtype=float)
            except MemoryError:
                raise self._out_of_memory(x) from None
            if got.shape != (len(w), x.shape[0]) or not all_finite(got):
                raise PluginError(
                    **where, problem=f"returned {got.shape} or non-finite scores, expected finite {(len(w), x.shape[0])}"
                )
            return got

        return scores

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
        if self.reweigh is not None and not callable(self.reweigh):
            raise ValueError(f"method {self.name!r}: reweigh must be callable or None")
        if self.passes is not None and not callable(self.passes):
            raise ValueError(f"method {self.name!r}: passes must be callable or None")
        if not self.invariants <= set(INVARIANTS):
            raise ValueError(
                f"method {self.name!r}: unknown invariants {sorted(self.invariants - set(INVARIANTS))}"
            )
        object.__setattr__(self, "_defaults", freeze(self.resolve_params()))
        object.__setattr__(self, "_guard", plugin_fault(self.provided_by, f"method {self.name!r} kernel"))

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
        if self.check_setting is None:
            return tuple(values)
        out = []
        hook = f"method {self.name!r} check_setting"
        for j, value in enumerate(values):
            with within(name, j), plugin_fault(self.provided_by, hook, user_errors=True):
                out.append(self.check_setting(name, value))
        return tuple(out)

    def domains(self, params: Mapping[str, Any]) -> tuple[tuple[Domain, str], ...]:
        """The bounds on the values with these parameters, each with whose they are (for
        the error): the method's own formula's, then its normalization's."""
        out = []
        own = POSITIVE_VALUES if self.positive else self.domain
        if own is not None and own.bounded:
            out.append((own, f"method {self.name!r}"))
        how = params.get("normalization")
        if how in NORMALIZATION_DOMAINS:
            out.append((NORMALIZATION_DOMAINS[how], f"normalization {how!r} (or use 'minmax' or 'vector')"))
        return tuple(out)

    def bounded(self, params: Mapping[str, Any]) -> bool:
        """Whether some values are bounded with these parameters (values > 0 are always
        taken: what a caller making data of its own keeps to)."""
        return bool(self.domains(params))

    def outside(
        self,
        params: Mapping[str, Any],
        matrix: np.ndarray,
        benefit: np.ndarray,
        low: np.ndarray | None = None,
        high: np.ndarray | None = None,
        *,
        chunk: bool = False,
    ) -> np.ndarray:
        """Mask of the values of ``(..., n, m)`` these parameters cannot take (`domains`;
        `Domain.outside` for intervals, all-equal columns and chunks)."""
        bad = np.zeros(np.shape(matrix), dtype=bool)
        for domain, _ in self.domains(params):
            bad |= domain.outside(matrix, benefit, low, high, chunk=chunk)
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
        resolved = self._defaults if normalization is None and not params else self.resolve_params(normalization, params)
        try:
            x, w, benefit = check_inputs(matrix, weights, directions)
        except MemoryError:  # a copy of a matrix too large (the kernel's own: `_call_kernel`)
            shape = getattr(matrix, "shape", ())
            if len(shape) >= 2:
                raise out_of_memory(shape[-2], self.name, ("method",)) from None
            raise out_of_memory(None, f"the matrix for {self.name}", ("matrix",)) from None
        for name in self.criterion_params:
            given = resolved[name]
            if given is not None and len(given) != x.shape[-1]:
                raise ScenarioError(
                    expected=f"one {name} entry per criterion ({x.shape[-1]})",
                    found=f"{len(given)}",
                    path=(name,),
                )
        found = misfits(None, self, resolved, x, benefit)
        if found:
            col, expected, value = next(iter(found.values()))
            raise ScenarioError(expected=expected, found=f"{value} in column {col}", path=("matrix",))
        return self.run_checked(x, w, benefit, resolved)

    def run_checked(
        self, x: np.ndarray, w: np.ndarray, benefit: np.ndarray, params: Mapping[str, Any]
    ) -> Ranking:
        """`run` for inputs already checked: floats, weights >= 0 summing to 1."""
        scores, diagnostics, ranks = self._call_kernel(x, w, benefit, params)
        assert ranks is not None
        # Built as `Ranking`'s converters would, without their general cases: the arrays
        # are the kernel's new ones (`_call_kernel` copied any of the inputs), so each is
        # made read-only where it is, not copied (a quarter of a small matrix's ranking).
        ranking = object.__new__(Ranking)
        put = object.__setattr__
        put(ranking, "method", self.name)
        put(ranking, "params", freeze(params))
        put(ranking, "higher_is_better", self.higher_is_better)
        put(ranking, "diagnostics", _handed_over(scores, ranks, diagnostics))
        put(ranking, "scores", scores)
        put(ranking, "ranks", ranks)
        put(ranking, "criterion_diagnostics", self.criterion_diagnostics)
        put(ranking, "pairwise_diagnostics", self.pairwise_diagnostics)
        return ranking

    def scores_checked(
        self, x: np.ndarray, w: np.ndarray, benefit: np.ndarray, params: Mapping[str, Any]
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """The kernel's checked scores and diagnostics, not ranked: for a caller that
        ranks only some of them (the best K of a million rows, say)."""
        scores, diagnostics, _ = self._call_kernel(x, w, benefit, params, rank=False)
        if any(type(value) is Deferred for value in diagnostics.values()):  # made when read
            held = {k: v if type(v) is Deferred else _kept(v) for k, v in diagnostics.items()}
            return scores, DeferredMap.of_frozen(held)
        return scores, diagnostics

    def _call_kernel(
        self, x: np.ndarray, w: np.ndarray, benefit: np.ndarray, params: Mapping[str, Any], rank: bool = True
    ) -> tuple[np.ndarray, dict[str, np.ndarray], np.ndarray | None]:
        """Run the kernel and rank its scores (unless not `rank`); what the kernel
        raises or returns wrong is the plugin's fault, running out of memory the size's.

        The kernel gets read-only views (no copy): one that writes into its input,
        the caller's own array or a prepared decision's, fails here, named."""
        given = read_only_view(x), read_only_view(w), read_only_view(benefit)
        try:
            with self._guard:
                returned = self.kernel(*given, **params)
        except MemoryError:
            raise self._out_of_memory(x) from None
        try:
            scores, diagnostics = returned
            scores, diagnostics = np.asarray(scores, dtype=float), dict(diagnostics)
        except MemoryError:
            raise self._out_of_memory(x) from None
        except Exception as error:  # what it returned, not what it raised: no "raised"
            raise PluginError(
                **self._kernel_hook(),
                problem=f"returned {type(returned).__name__}, expected (scores, diagnostics): {error}",
            ) from None
        expected = x.shape[:-1]
        if scores.shape != expected:
            raise PluginError(
                **self._kernel_hook(),
                problem=f"returned scores of shape {scores.shape}, expected {expected}",
            )
        # An input handed back (or a view of one: numpy gives a view the base of the
        # array it views) is copied, so that the ranking holds none of the caller's
        # arrays.  Those given as views are the caller's; the others (the weights,
        # a mask from names) are new, made read-only for this call, and may be kept.
        ox, ow, ob = given[0].base, given[1].base, given[2].base
        base = scores.base
        if base is not None and (base is ox or base is ow or base is ob):
            scores = scores.copy()
        for key, value in diagnostics.items():
            if type(value) is Deferred:  # checked when it is made
                diagnostics[key] = Deferred(functools.partial(_owned, value.make, (ox, ow, ob)))
                continue
            base = getattr(value, "base", None)
            if base is not None and (base is ox or base is ow or base is ob):
                diagnostics[key] = value.copy()
        try:  # ranking finds a NaN or an infinity on the way
            ranks = competition_ranks(scores, self.higher_is_better) if rank else None
            if not rank and not all_finite(scores):
                raise NotFinite
        except NotFinite:
            raise PluginError(**self._kernel_hook(), problem="returned scores that are NaN or infinite") from None
        return scores, diagnostics, ranks

    def _out_of_memory(self, x: np.ndarray) -> ScenarioError:
        stack = int(np.prod(x.shape[:-2]))
        what = self.name if x.ndim == 2 else f"{self.name} ({stack:,} matrices at once)"
        return out_of_memory(x.shape[-2], what, ("method",))

    def _kernel_hook(self) -> dict[str, str]:
        return dict(plugin=self.provided_by or "?", hook=f"method {self.name!r} kernel")


def _handed_over(scores: np.ndarray, ranks: np.ndarray, diagnostics: dict[str, Any]) -> FrozenMap[str, Any]:
    """A kernel's new arrays made read-only in place, with the arrays they view, each
    once: a kernel hands over what it returns (docs/plugins.md); the diagnostics as a
    deep `FrozenMap`.  Flags are set without reading them first, which costs more
    (and ``setflags(False)``, as the keyword ``write=`` doubles the call's cost)."""
    scores.setflags(False)
    ranks.setflags(False)
    frozen: dict[str, Any] = {}
    bases: list[np.ndarray] = []
    deferred = False
    for key, value in diagnostics.items():
        if type(value) is Deferred:
            frozen[key] = value
            deferred = True
            continue
        if type(value) is not np.ndarray:
            frozen[key] = freeze(value)
            continue
        value.setflags(False)
        base = value.base
        if isinstance(base, np.ndarray) and not any(base is seen for seen in bases):
            base.setflags(False)
            bases.append(base)
        frozen[key] = value
    base = scores.base
    if isinstance(base, np.ndarray) and not any(base is seen for seen in bases):
        base.setflags(False)
    return DeferredMap.of_frozen(frozen) if deferred else FrozenMap.of_frozen(frozen)


def _kept(value: Any) -> Any:
    """A kernel's diagnostic, frozen: its own new array made read-only where it is."""
    if type(value) is np.ndarray:
        value.setflags(False)
        return value
    return freeze(value)


def _owned(make: Callable[[], Any], inputs: tuple[Any, ...]) -> Any:
    """A deferred diagnostic, made: a copy where it is (a view of) an input, which the
    ranking must not hold (`Method._call_kernel`)."""
    value = make()
    base = getattr(value, "base", None)
    if base is not None and any(base is given for given in inputs):
        return value.copy()
    return value


def read_only_view(a: np.ndarray) -> np.ndarray:
    """A view of `a` that cannot be written (no copy; `a` itself when read-only already):
    what a plugin's hook gets of arrays it must not change."""
    if not a.flags.writeable:
        return a
    view = a.view()
    view.setflags(False)  # write=False
    return view


def check_inputs(
    matrix: object, weights: object, directions: object
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Float matrix, weights summing to 1 and a benefit mask, or a `ScenarioError`;
    the weights (and the mask, unless it is `directions` itself) read-only.

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
    if not all_finite(x):
        raise ScenarioError(expected="finite values", found="NaN or infinity", path=("matrix",))
    w = _floats(weights, "weights")
    # The usual case: every weight in [0, 1e300 / m], so the sums cannot overflow, and
    # each sum > 0 (NaN fails one test or the other).  Python's min and max cost less
    # than numpy's on a few weights.
    values = w.ravel().tolist() if w.shape[-1:] == (m,) else None
    usual = values is not None and (not values or (min(values) >= 0 and max(values) <= 1e300 / m))
    if usual and w.ndim == 1:
        total = w.sum()
        usual = total > 0
    elif usual:
        total = w.sum(axis=-1, keepdims=True)
        usual = bool((total > 0).all())
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
    w = w / total if usual else normalize_weights(w)
    # Both are new arrays unless the directions came as a boolean array: read-only
    # where they are, so that a kernel gets them without a view of each.
    w.setflags(False)
    if benefit is not directions:
        benefit.setflags(False)
    return x, w, benefit


def all_finite(a: np.ndarray) -> bool:
    """Whether every value of `a` is finite.  The sum of the values tells: a NaN or an
    infinity makes it non-finite, and so does an overflow, which the full test then
    clears.  For a few values Python's sum costs a tenth of numpy's test; for many,
    numpy's sum is one read (the read floor), the test a read and a mask (1.6x)."""
    if a.size <= 64:
        if math.isfinite(sum(a.ravel().tolist())):
            return True
    else:
        with np.errstate(over="ignore", invalid="ignore"):  # an overflow, inf - inf: the full test
            total = a.sum()
        if math.isfinite(total):
            return True
    return bool(np.isfinite(a).all())


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


# -- the values a method cannot take -------------------------------------------------------


#: What a value taken as it is must be (see `tradeoff.core.normalize.HUGE`).
MAGNITUDE_EXPECTED = f"a value of at most {norm.HUGE:g} in size, and 0 or at least {1 / norm.HUGE:g}"


def beyond_magnitude(matrix: np.ndarray, params: Mapping[str, Any]) -> np.ndarray | None:
    """Where values are too large or too small (non-zero) for a method that takes them
    as they are (None: none can be, as a normalization of ours rescales any finite
    column first)."""
    if params.get("normalization", "none") != "none":
        return None
    if matrix.size > 512:  # a large matrix: its smallest and largest values first, two cheap reads
        lo, hi = matrix.min(), matrix.max()  # flat: a third of the cost of each column's
        inside = 1 / norm.HUGE
        if (lo >= inside and hi <= norm.HUGE) or (lo >= -norm.HUGE and hi <= -inside):
            return None  # every value of one sign and of ordinary size: none is extreme
    return norm.extreme(np.abs(matrix))


def misfits(
    names: Sequence[str] | None,
    method: Method,
    params: Mapping[str, Any],
    matrix: np.ndarray,
    benefit: np.ndarray,
    low: np.ndarray | None = None,
    high: np.ndarray | None = None,
    *,
    chunk: bool = False,
) -> dict[int, tuple[int, str, str]]:
    """Every row with a value the method cannot take, in row order: {row: (column,
    expected, found)}.  The one finder, for a scenario's alternatives, a table's rows
    and a matrix an app gives (`Method.run`): `matrix` is ``(n, m)`` or a stack
    ``(..., n, m)``, whose rows are then counted through the stack; `benefit` each
    criterion's direction, broadcasting against ``(..., m)``.  A row's fault is its
    first by check (beyond `tradeoff.core.normalize.HUGE`, the method's `check_data` such
    as SPOTIS's bounds, outside the `Method.domains`: a cost <= 0 under ``max``), then by
    column.  `names` are the criteria's ids, for the expectation ("on criterion
    'price'"); None for a matrix.  An interval must fit as a whole, because sensitivity
    analysis samples anywhere inside it.  Each check costs nothing where it cannot apply
    (a small matrix under ``vector`` is a hot path).  `chunk`: the rows are a chunk of a
    larger table (`Domain.outside`)."""
    magnitude = params.get("normalization", "none") == "none"
    domains = method.domains(params)
    if not magnitude and method.check_data is None and not domains:
        return {}
    found: dict[int, tuple[int, str, str]] = {}
    m = matrix.shape[-1]
    flat = matrix.reshape(-1, m)
    ends = [flat] if low is None else [flat, low.reshape(-1, m), high.reshape(-1, m)]  # type: ignore[union-attr]

    def shown(row: int, col: int, value: float) -> str:
        if low is None or ends[1][row, col] == ends[2][row, col]:
            return f"{value:g}"
        return f"[{ends[1][row, col]:g}, {ends[2][row, col]:g}] (an interval)"

    def fault(row: int, col: int, expected: str, value: float) -> None:
        found.setdefault(row, (col, expected, shown(row, col, value)))

    for end in ends:
        beyond = beyond_magnitude(end, params)
        if beyond is not None:
            for row, col in _first_per_row(beyond):
                fault(row, col, MAGNITUDE_EXPECTED, float(end[row, col]))
    if method.check_data is not None:
        for end in ends:  # a check of bounds holds for an interval when for its ends
            _check_data(method, params, end, found, fault)
    if domains and matrix.size and not (matrix if low is None else low).min() > 0:  # one flat read
        up = np.broadcast_to(np.asarray(benefit, dtype=bool)[..., None, :], matrix.shape).reshape(-1, m)
        for domain, whose in domains:
            bad = domain.outside(matrix, benefit, low, high, chunk=chunk).reshape(-1, m)
            for row, col in _first_per_row(bad):
                on = "" if names is None else f" on criterion {names[col]!r}"
                bound = domain.bound(bool(up[row, col]))
                fault(row, col, f"values {bound}{on} for {whose}", float(flat[row, col]))
    return dict(sorted(found.items()))


def _check_data(
    method: Method, params: Mapping[str, Any], end: np.ndarray, found: Mapping[int, Any], fault: Any
) -> None:
    """The method's `check_data` on the rows of `end` not yet at fault, one value at a
    time as the hook reports them; what it raises or returns wrong is its fault."""
    hook = f"method {method.name!r} check_data"
    active = np.ones(len(end), dtype=bool)
    active[list(found)] = False
    while True:
        index = np.flatnonzero(active)
        if not len(index):
            return
        rows = read_only_view(end if len(index) == len(end) else end[index])  # no copy while none is at fault
        with plugin_fault(method.provided_by, hook):
            bad_one = method.check_data(rows, dict(params))  # type: ignore[misc]
        if bad_one is None:
            return
        try:
            row, col, expected = bad_one
            ok = isinstance(expected, str) and 0 <= row < len(index) and 0 <= col < end.shape[1]
            row, col = int(row), int(col)
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise PluginError(
                plugin=method.provided_by or "?",
                hook=hook,
                problem=f"returned {bad_one!r}, expected None or (row, column, what was expected)",
            )
        fault(int(index[row]), col, expected, float(end[index[row], col]))
        active[index[row]] = False


def _first_per_row(bad: np.ndarray) -> list[tuple[int, int]]:
    """(row, first column) of each row of the mask `bad` with a True in it."""
    if not bad.any():
        return []
    return [(int(row), int(np.flatnonzero(bad[row])[0])) for row in np.flatnonzero(bad.any(axis=1))]
