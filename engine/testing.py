"""A conformance kit for plugin authors: does a criterion or a method keep the contract?

The host checks what a plugin returns each time it runs, but only on that run's data.
A criterion that reads a fact it never declared, writes into its input, or lets one
alternative's value depend on the others works on one scenario and fails, or silently
misleads, on the next.  These checks run the whole contract on generated data, so a
plugin's own test suite catches such mistakes before a user does::

    from tradeoff.testing import check_criterion
    def test_my_criterion(): check_criterion(MY_CRITERION)

`check_method` does the same for a ranking method.  Both raise `ConformanceError`, an
`AssertionError` (pytest shows it as a failure) listing every problem found, one per
line, each saying what to change.  The data come from ``numpy.random.default_rng(seed)``,
so a failure reproduces with the same seed.  numpy's RuntimeWarnings (division by zero,
overflow) count as errors: on valid input they are bugs.

Of the invariants a method may declare (`tradeoff.core.methods.INVARIANTS`), all seven are
checked here directly, on a few random problems each: permutation, weight_scaling,
column_scaling, dominance, identical_tie, stacking and no_rank_reversal.  That catches
a method that plainly claims too much; tradeoff's own property suite
(tests/test_method_invariants.py, with Hypothesis) tests each one in depth.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np
import tomli_w

from .core.methods import INVARIANTS, Method
from .engine import Engine
from .files.scenario_file import loads
from .host.hookspecs import hookimpl
from .model.errors import ScenarioError
from .model.scenario import Criterion, Direction, Fact, FactType, finite_number

#: (alternatives, criteria) of the random problems a kernel is checked on.
SHAPES = ((2, 1), (3, 2), (5, 3), (8, 6))
#: Random problems per declared invariant (at least one per normalization).
CASES = 4
#: Normalizations that rescaling a column by c > 0 leaves unchanged.
SCALE_INVARIANT = ("vector", "minmax", "max", "sum")
RTOL, ATOL = 1e-9, 1e-12
_MISSING = object()


class ConformanceError(AssertionError):
    """Every contract check that failed, one per line, so a test shows them all at once."""

    problems: tuple[str, ...]

    def __init__(self, subject: str, problems: list[str]) -> None:
        self.subject, self.problems = subject, tuple(problems)
        count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
        lines = "".join(f"\n  - {p}" for p in problems)
        super().__init__(f"{subject} breaks the plugin contract ({count}):{lines}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.subject, list(self.problems)))


class _Fail(Exception):
    """One failed check; its message is for the plugin's author."""


class _Raised(_Fail):
    """The plugin's code raised (or warned) on valid input."""


def _quiet(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        return function(*args, **kwargs)


def _close(a: Any, b: Any) -> bool:
    return np.shape(a) == np.shape(b) and bool(np.allclose(a, b, rtol=RTOL, atol=ATOL))


def _fmt(values: Any) -> str:
    return np.array2string(np.asarray(values), precision=4, separator=", ", threshold=8, max_line_width=10**6)


def _frozen(*arrays: np.ndarray) -> list[np.ndarray]:
    """Read-only copies: a plugin that writes into its input fails loudly."""
    out = [np.array(a) for a in arrays]
    for a in out:
        a.flags.writeable = False
    return out


# == criteria ==========================================================================


def check_criterion(criterion: Criterion, *, alternatives: int = 25, seed: int = 0) -> None:
    """Check `criterion` against the plugin contract; raise `ConformanceError` listing
    every problem.  `alternatives` rows of facts are generated within the declared types
    and ranges (both ends, the defaults, a log scale for huge ranges) from `seed`."""
    if not isinstance(criterion, Criterion):
        raise TypeError(f"check_criterion expects a tradeoff.Criterion, got {type(criterion).__name__}")
    if alternatives < 1:
        raise ValueError("alternatives must be at least 1")
    problems = _metadata(criterion)
    rng = np.random.default_rng(seed)
    if callable(criterion.score) and not any(map(_range_problem, criterion.facts)):
        columns = {f.name: _column(f, alternatives, rng) for f in criterion.facts}
        scored = _score_checks(criterion, columns, alternatives, rng, problems)
        _host_checks(criterion, columns, rng, problems, rank_valid=scored)
    if problems:
        raise ConformanceError(f"criterion {criterion.id!r}", problems)


def _metadata(c: Criterion) -> list[str]:
    out = []
    for field, why in (
        ("label", "the name people read in tables and reports"),
        ("unit", "what the value is measured in, e.g. 'USD' or 'points (0-10)'"),
        ("description", "what it measures and why it matters"),
        ("formula", "how the value is computed, for people to check"),
    ):
        if not isinstance(getattr(c, field), str) or not getattr(c, field).strip():
            out.append(f"{field} is empty: set {field}=... ({why})")
    if not isinstance(c.direction, Direction):
        out.append(f"direction is {c.direction!r}, not a tradeoff.Direction: use 'max' or 'min'")
    if not callable(c.score):
        out.append("has no score function: set score=... (facts in, one value per alternative out)")
    if not c.facts:
        out.append("declares no facts, so score cannot tell how many alternatives it scores: "
                   "declare the facts it reads in facts=...")
    names = [getattr(f, "name", None) for f in c.facts]
    twice = [n for n in dict.fromkeys(names) if names.count(n) > 1]
    out += [f"declares fact {n!r} twice: fact names must be unique" for n in twice]
    for f in c.facts:
        if problem := _range_problem(f):
            out.append(problem)
        if isinstance(f, Fact) and not _default_ok(f):
            out.append(f"fact {f.name!r} has default {f.default!r}, which is not {f.expectation()}: "
                       "the host would refuse the value it fills in (fix default, low or high)")
    return out


def _default_ok(f: Fact) -> bool:
    """Fact's own check of its default (type and range), which a copy may have skipped."""
    try:
        f.__attrs_post_init__()
    except (ValueError, TypeError, AttributeError):
        return False
    return True


def _range_problem(f: Any) -> str | None:
    """What keeps `f` from having any valid value (then no values can be generated)."""
    if not isinstance(f, Fact) or not isinstance(f.type, FactType):
        return f"facts holds {f!r}: use tradeoff.Fact(name=..., type=tradeoff.FactType...)"
    if not all(v is None or finite_number(v) for v in (f.low, f.high)):
        return f"fact {f.name!r} has low {f.low!r} or high {f.high!r} that is not a finite number"
    lo, hi = _bounds(f)
    if lo > hi:
        return f"fact {f.name!r} has low {f.low} > high {f.high}: no value can satisfy it"
    if f.type is FactType.INTEGER and math.ceil(lo) > math.floor(hi):
        return f"fact {f.name!r} is an integer with no whole number from {f.low} to {f.high}"
    return None


def _bounds(f: Fact) -> tuple[float, float]:
    """The range to sample: the declared one, else up to 1e12 either way."""
    lo = f.low if f.low is not None else min(f.high if f.high is not None else 0, 0) - 1e12
    hi = f.high if f.high is not None else max(lo, 0) + 1e12
    return float(lo), float(hi)


def _column(f: Fact, n: int, rng: np.random.Generator) -> np.ndarray:
    """`n` valid values of `f` as the host passes them (engine/core/facts.py): a bool array
    for a boolean, float64 for numbers and integers.  Row 0 holds the lowest value, row
    1 the highest, row 2 the default; a huge range is also sampled on a log scale."""
    default = [f.default] if f.default is not None and _default_ok(f) else []
    if f.type is FactType.BOOLEAN:
        col, ends = rng.random(n) < 0.5, [False, True, *default]
    else:
        lo, hi = _bounds(f)
        if f.type is FactType.INTEGER:
            lo, hi = math.ceil(lo), math.floor(hi)
        col, ends = rng.uniform(lo, hi, n), [lo, hi, *default]
        if hi - lo > 1e4:  # else small values (1, 10) would hardly ever be drawn
            u, up = rng.uniform(0, 1, col[1::2].size), rng.random(col[1::2].size) < 0.5
            up = up if lo < 0 < hi else np.full(up.shape, lo >= 0)
            start = np.where(up, max(lo, 0), min(hi, 0))  # 0, or the end of the range nearest it
            reach = np.where(up, hi - start, start - lo)
            col[1::2] = start + np.where(up, 1, -1) * np.expm1(u * np.log1p(reach))
        col = np.clip(np.round(col) if f.type is FactType.INTEGER else col, lo, hi).astype(float)
    col[: len(ends)] = ends[:n]
    return col


class _Facts(Mapping):
    """The facts as `score` receives them, read-only, noting which names it reads."""

    def __init__(self, columns: dict[str, np.ndarray]) -> None:
        self.columns, self.read, self.unknown = columns, set(), []

    def __getitem__(self, key: str) -> np.ndarray:
        if key not in self.columns:
            self.unknown += [key] if key not in self.unknown else []
            raise KeyError(key)
        self.read.add(key)
        return self.columns[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.columns)

    def __len__(self) -> int:
        return len(self.columns)

    def copy(self) -> dict[str, np.ndarray]:
        """A plain dict, as the host's mapping gives."""
        return {key: self[key] for key in self}


_MODIFIES = ("score modifies its input: the fact arrays are the host's, so compute new arrays "
             "(x = x * 2, not x *= 2 or facts[...] = ...)")


def _undeclared(names: list[str]) -> str:
    return "; ".join(f"score reads fact {n!r}, which the criterion does not declare (declare it in facts=...)"
                     for n in names)


def _score(criterion: Criterion, columns: dict[str, np.ndarray], what: str) -> tuple[np.ndarray, _Facts]:
    """Call score on read-only copies of `columns`: its values as floats, and what it read."""
    facts = _Facts(dict(zip(columns, _frozen(*columns.values()))))
    try:
        raw = _quiet(criterion.score, facts)
    except Exception as error:
        if facts.unknown:
            raise _Fail(_undeclared(facts.unknown)) from None
        text = str(error)
        if isinstance(error, (ValueError, TypeError)) and ("read-only" in text or "assign" in text):
            raise _Fail(_MODIFIES) from None
        hint = ": return a finite value for every value the facts allow (or narrow low/high)"
        raise _Raised(f"score raised {error!r} on valid facts {what}"
                      + (hint if isinstance(error, (Warning, ArithmeticError)) else "")) from None
    if any(not np.array_equal(facts.columns[k], columns[k]) for k in columns):
        raise _Fail(_MODIFIES)
    try:
        return np.asarray(raw, dtype=float), facts
    except (TypeError, ValueError):
        raise _Fail(f"score returned {type(raw).__name__}, not numbers: return a float array") from None


def _row(columns: dict[str, np.ndarray], i: int) -> str:
    return ", ".join(f"{k}={v[i].item()!r}" for k, v in columns.items())


def _one(columns: dict[str, np.ndarray], i: int) -> dict[str, np.ndarray]:
    return {k: v[i: i + 1] for k, v in columns.items()}


def _score_checks(
    criterion: Criterion, columns: dict, n: int, rng: np.random.Generator, problems: list[str]
) -> bool:
    """Vectorised, one finite value per row, rows independent, order-free, repeatable.
    True when all of it holds."""
    before = len(problems)
    try:
        out, facts = _score(criterion, columns, f"for {n} alternatives")
        if facts.unknown:
            raise _Fail(_undeclared(facts.unknown))
        unread = [repr(f.name) for f in criterion.facts if f.name not in facts.read]
        if unread:
            problems.append(f"declares fact(s) {', '.join(unread)} but score never reads them: "
                            "read them, or leave them out of facts=...")
        if out.shape != (n,):
            raise _Fail(f"score returned shape {out.shape} for {n} alternatives; return one value per "
                        "alternative (vectorise over the arrays)")
        bad = np.flatnonzero(~np.isfinite(out))
        if bad.size:
            raise _Fail(f"score returned {out[bad[0]]} for valid facts ({_row(columns, bad[0])}); return a "
                        "finite value for every value the facts allow (or narrow low/high)")
        if not np.array_equal(_score(criterion, columns, "called again")[0], out):
            raise _Fail("score is not deterministic: two calls with the same facts gave different values "
                        "(no randomness, clocks or state kept between calls)")
        for i in range(n):  # one alternative at a time: values, and their shape, as in the batch
            one, _ = _score(criterion, _one(columns, i), f"({_row(columns, i)})")
            if one.shape != (1,):
                raise _Fail(f"score returned shape {one.shape} for 1 alternative; return one value per "
                            "alternative, shape (1,) too (vectorise over the arrays, no scalars)")
            if not _close(one, out[i: i + 1]):
                raise _Fail(f"score depends on the other alternatives: row {i} ({_row(columns, i)}) scores "
                            f"{one[0]:.12g} alone but {out[i]:.12g} among {n}; compute each value from its "
                            "own row only (no column means, sums, min/max or ranks)")
        perm = rng.permutation(n)
        moved, _ = _score(criterion, {k: v[perm] for k, v in columns.items()}, "in another order")
        if not _close(moved, out[perm]):
            raise _Fail("reordering the alternatives changes their values: treat each row alike, "
                        "whatever its position")
    except _Raised as fail:  # name the first row it fails on, if it fails on one alone
        message = str(fail)
        for i in range(n):
            try:
                _score(criterion, _one(columns, i), f"({_row(columns, i)})")
            except _Raised as alone:
                message = str(alone)
                break
            except _Fail:
                pass
        problems.append(message)
    except _Fail as fail:
        problems.append(str(fail))
    return len(problems) == before


class _Provides:
    """A plugin that registers one criterion, over any built-in of that id."""

    def __init__(self, criterion: Criterion) -> None:
        self.criterion, self.__name__ = criterion, f"tradeoff.testing[{criterion.id}]"

    @hookimpl
    def tradeoff_register_criteria(self, registrar: Any) -> None:
        registrar.add(self.criterion, override=True)


def _toml(f: Fact, value: Any) -> Any:
    if f.type is FactType.BOOLEAN:
        return bool(value)
    return int(value) if f.type is FactType.INTEGER else float(value)


def _rank(engine: Engine, criterion: Criterion, context: dict, rows: list[dict]) -> None:
    doc = {
        "format": 1,
        "context": context,
        "criteria": {criterion.id: {"weight": 1}},
        "alternatives": [{"name": f"Option {i + 1}", "facts": facts} for i, facts in enumerate(rows)],
    }
    engine.rank(loads(tomli_w.dumps(doc)))


def _bad_values(criterion: Criterion) -> Iterator[tuple[Fact, str, Any]]:
    """(fact, what is wrong, value) for each bad value the host must refuse."""
    for f in criterion.facts:
        if f.type is FactType.BOOLEAN:
            yield f, "a number for a boolean", 1
        else:
            yield f, "a string for a number", "12"
            up = f.high is not None
            edge = f.high if up else f.low
            beyond = None if edge is None else edge + (1 if up else -1) * max(1.0, abs(edge))
            if beyond is not None and math.isfinite(beyond):
                beyond = (math.floor if up else math.ceil)(beyond) if f.type is FactType.INTEGER else beyond
                yield f, f"{beyond!r}, outside its range", beyond
        if f.required and not f.context:
            yield f, "left out", _MISSING


def _host_checks(criterion: Criterion, columns: dict, rng: np.random.Generator, problems: list[str],
                 rank_valid: bool) -> None:
    """Through the real host: valid facts rank; each bad fact is a ScenarioError naming it."""
    try:
        engine = Engine(entry_points=False, plugins=[_Provides(criterion)])
    except Exception as error:
        problems.append(f"the host refuses the criterion: {error}")
        return
    n = len(next(iter(columns.values()))) if columns else 1
    picks = rng.choice(n, 3, replace=n < 3)
    rows = [{f.name: _toml(f, columns[f.name][i]) for f in criterion.facts} for i in picks]
    context = {f.name: rows[0][f.name] for f in criterion.facts if f.context}
    for f in criterion.facts:  # context facts go in [context]; the host fills in a default
        if f.context:
            for row in rows:
                del row[f.name]
        elif f.default is not None and _default_ok(f):
            del rows[1][f.name]
    if rank_valid:
        try:
            _rank(engine, criterion, context, rows)
        except Exception as error:
            problems.append(f"ranking 3 alternatives with valid facts through the host failed: {error}")
    for f, how, value in _bad_values(criterion):
        ctx, alts = dict(context), [dict(r) for r in rows]
        target = ctx if f.context else alts[1]
        target.pop(f.name, None)
        if value is not _MISSING:
            target[f.name] = value
        what = f"bad fact {f.name!r} ({how})"
        try:
            _rank(engine, criterion, ctx, alts)
        except ScenarioError as error:
            if f.name not in str(error):
                problems.append(f"{what} raised a ScenarioError that does not name the fact: {error}")
        except Exception as error:
            problems.append(f"{what} raised {error!r} instead of a ScenarioError: "
                            "declare the fact's type and range")
        else:
            problems.append(f"{what} was accepted: declare the fact's type"
                            + ("" if f.type is FactType.BOOLEAN else " and range (low=, high=)"))


# == methods ===========================================================================


def check_method(method: Method, *, seed: int = 0) -> None:
    """Check `method` against the plugin contract and the invariants it declares; raise
    `ConformanceError` listing every problem.  Problems are drawn from `seed`."""
    if not isinstance(method, Method):
        raise TypeError(f"check_method expects a tradeoff.Method, got {type(method).__name__}")
    rng = np.random.default_rng(seed)
    problems: list[str] = []
    if _kernel_checks(method, rng, problems):
        _run_checks(method, rng, problems)
        for name in sorted(method.invariants & set(_INVARIANTS)):
            detail = _invariant(method, name, rng)
            if detail:
                problems.append(f"declares invariant {name!r} ({INVARIANTS[name]}) but breaks it: {detail}; "
                                f"fix the kernel or leave {name!r} out of invariants=...")
    if problems:
        raise ConformanceError(f"method {method.name!r}", problems)


def _problem(rng: np.random.Generator, n: int, m: int, positive: bool = True) -> tuple[np.ndarray, ...]:
    """A matrix of 3-significant-digit values (so that tolerances are not rounding's;
    some negative unless `positive`), weights summing to 1, both directions when m >= 2."""
    x = np.array([float(f"{v:.3g}") for v in rng.uniform(0.1, 1000.0, n * m)]).reshape(n, m)
    x = x if positive else np.where(rng.random((n, m)) < 0.3, -x, x)
    w, benefit = rng.uniform(0.05, 1.0, m), rng.random(m) < 0.5
    if m >= 2:
        benefit[rng.permutation(m)[:2]] = (True, False)
    return x, w / w.sum(), benefit


def _kernel(method: Method, x: np.ndarray, w: np.ndarray, b: np.ndarray, params: dict) -> np.ndarray:
    """The kernel's scores for read-only inputs, checked; a `_Fail` says what is wrong."""
    try:
        result = _quiet(method.kernel, *_frozen(x, w, b), **params)
    except Exception as error:
        if isinstance(error, ValueError) and "read-only" in str(error):
            raise _Fail("kernel modifies its input (matrix, weights or benefit), which Method.run passes "
                        "as the caller gave it: compute new arrays") from None
        raise _Fail(f"kernel raised {error!r} on a valid {x.shape} matrix") from None
    if not (isinstance(result, tuple) and len(result) == 2):
        raise _Fail(f"kernel returned {type(result).__name__}; return (scores, diagnostics)")
    try:
        scores = np.asarray(result[0], dtype=float)
    except (TypeError, ValueError):
        raise _Fail(f"kernel returned scores of type {type(result[0]).__name__}, not numbers") from None
    if scores.shape != x.shape[:-1]:
        raise _Fail(f"kernel returned scores of shape {scores.shape} for a {x.shape} matrix; return one "
                    f"score per alternative, shape matrix.shape[:-1] = {x.shape[:-1]}")
    if not np.isfinite(scores).all():
        raise _Fail(f"kernel returned scores {_fmt(scores)} (not finite) for a valid {x.shape} matrix")
    if not isinstance(result[1], dict):
        raise _Fail(f"kernel returned diagnostics of type {type(result[1]).__name__}; return a dict of "
                    "numpy arrays (empty if none)")
    return scores


def _kernel_checks(method: Method, rng: np.random.Generator, problems: list[str]) -> bool:
    """Shapes, finite scores, stacks, order of alternatives; False when the kernel does
    not even score a plain matrix (then nothing else is worth checking)."""
    params = method.resolve_params()
    positive = method.bounded(params)
    found: dict[Callable[..., Any], str] = {}  # the first problem each check finds
    for n, m in SHAPES:
        x, w, b = _problem(rng, n, m, positive)
        try:
            scores = _kernel(method, x, w, b, params)
        except _Fail as fail:
            problems.append(str(fail))
            return False
        for check in (_unstackable, _order_dependent):
            try:
                detail = check(method, params, rng, positive, x, w, b, scores)
            except _Fail as fail:
                detail = str(fail)
            if detail and check not in found:
                found[check] = detail
    problems.extend(found.values())
    return True


def _unstackable(method, params, rng, positive, x, w, b, scores) -> str | None:
    members = [(x, w, b)] + [_problem(rng, *x.shape, positive) for _ in range(2)]
    xs, ws, bs = (np.stack([member[k] for member in members]) for k in range(3))
    for form, weights, benefit in (("per member", ws, bs), ("shared", w, b)):
        stacked = _kernel(method, xs, weights, benefit, params)
        for i, (xi, wi, bi) in enumerate(members):
            alone = _kernel(method, xi, *((wi, bi) if form == "per member" else (w, b)), params)
            if not _close(stacked[i], alone):
                return (f"kernel is not stack-safe: member {i} of a {xs.shape} stack (weights {form}) scores "
                        f"{_fmt(stacked[i])} but {_fmt(alone)} alone; reduce over axis -2 (alternatives) "
                        "and -1 (criteria), never axis 0")
    return None


def _order_dependent(method, params, rng, positive, x, w, b, scores) -> str | None:
    perm = rng.permutation(len(x))
    moved = _kernel(method, x[perm], w, b, params)
    return None if _close(moved, scores[perm]) else (
        f"reordering the alternatives changes their scores ({_fmt(scores[perm])} became {_fmt(moved)}): "
        "score each row alike, whatever its position")


def _run_checks(method: Method, rng: np.random.Generator, problems: list[str]) -> None:
    """`Method.run` with each declared normalization, and each parameter at its bounds."""
    cases = [(how, {}, f"normalization {how!r}") for how in method.normalizations or (None,)]
    for p in method.params:
        for bound in (b for b in (p.low, p.high) if b is not None):
            try:
                method.resolve_params(None, {p.name: bound})
            except ScenarioError:
                continue  # a combination the method refuses itself (ELECTRE II's p0 >= p1)
            cases.append((None, {p.name: bound}, f"{p.name} = {bound:g}"))
    for how, params, label in cases:
        x, w, b = _problem(rng, 5, 3, method.bounded(method.resolve_params(how, params)))
        try:
            _quiet(method.run, x, w, b, normalization=how, **params)
        except Exception as error:
            problems.append(f"Method.run with {label} raised {error}")


def _invariant(method: Method, name: str, rng: np.random.Generator) -> str | None:
    """What breaks invariant `name` on one of a few random problems, or None."""
    hows = list(method.normalizations) or [None]
    if name == "column_scaling" and method.normalizations:
        hows = [h for h in hows if h in SCALE_INVARIANT]
    for case in range(max(CASES, len(hows)) if hows else 0):  # every normalization once at least
        how = hows[case % len(hows)]
        n, m = int(rng.integers(3, 9)), int(rng.integers(1, 7))
        x, w, b = _problem(rng, n, m)

        def run(x=x, w=w, b=b, **kw):
            return _quiet(method.run, x, w, b, normalization=how, **kw)

        try:
            detail = _INVARIANTS[name](method, run, x, w, b, rng)
        except Exception as error:
            detail = f"ranking raised {error!r}"
        if detail:
            return detail + (f" (normalization {how!r})" if how else "")
    return None


def _differ(got: np.ndarray, expected: np.ndarray, what: str) -> str | None:
    return None if _close(got, expected) else f"{what} gave scores {_fmt(got)}, expected {_fmt(expected)}"


def _permutation(method, run, x, w, b, rng):
    rows, cols = rng.permutation(len(x)), rng.permutation(x.shape[1])
    return _differ(run(x[rows][:, cols], w[cols], b[cols]).scores, run().scores[rows], "reordering")


def _weight_scaling(method, run, x, w, b, rng):
    c = 10 ** rng.uniform(-3, 3)
    return _differ(run(w=w * c).scores, run().scores, f"weights x {c:.4g}")


def _column_scaling(method, run, x, w, b, rng):
    j, c = int(rng.integers(x.shape[1])), 10 ** rng.uniform(-3, 3)
    y = x.copy()
    y[:, j] *= c
    return _differ(run(y).scores, run().scores, f"criterion {j} x {c:.4g}")


def _dominance(method, run, x, w, b, rng):
    good, bad = rng.choice(len(x), 2, replace=False)
    worse = rng.random(x.shape[1]) < 0.5
    worse[rng.integers(x.shape[1])] = True
    x[bad] = np.where(worse, np.where(b, x[good] / 2, x[good] * 2), x[good])
    ranks = run(x).ranks
    if ranks[good] > ranks[bad]:
        return f"alternative {good} dominates {bad} but ranks {ranks[good]} to its {ranks[bad]}"
    return None


def _identical_tie(method, run, x, w, b, rng):
    i, j = rng.choice(len(x), 2, replace=False)
    x[j] = x[i]
    out = run(x)
    if out.ranks[i] != out.ranks[j]:
        return f"identical alternatives {i} and {j} scored {_fmt(out.scores[[i, j]])}"
    return None


def _stacking(method, run, x, w, b, rng):
    members = [(x, w, b)] + [_problem(rng, *x.shape) for _ in range(2)]
    stacked = run(*(np.stack([p[k] for p in members]) for k in range(3)))
    for i, member in enumerate(members):
        alone = run(*member)
        if list(stacked.ranks[i]) != list(alone.ranks) or not _close(stacked.scores[i], alone.scores):
            return _differ(stacked.scores[i], alone.scores, f"member {i} of a stack") or "ranks differ"
    return None


def _no_rank_reversal(method, run, x, w, b, rng):
    kw = {"bounds": [(0.0, 2000.0)] * x.shape[1]} if "bounds" in method.criterion_params else {}
    full, drop = run(**kw).scores, int(rng.integers(len(x)))
    keep = [i for i in range(len(x)) if i != drop]
    part, sign = run(x[keep], **kw).scores, 1 if method.higher_is_better else -1
    for a in range(len(keep)):
        for c in range(len(keep)):
            ahead = sign * (full[keep[a]] - full[keep[c]]) > 1e-9 * max(abs(full[keep[a]]), 1e-300)
            if ahead and not sign * (part[a] - part[c]) > 0:
                return f"removing alternative {drop} swapped alternatives {keep[a]} and {keep[c]}"
    return None


_INVARIANTS: dict[str, Callable[..., str | None]] = {
    "permutation": _permutation,
    "weight_scaling": _weight_scaling,
    "column_scaling": _column_scaling,
    "dominance": _dominance,
    "identical_tie": _identical_tie,
    "stacking": _stacking,
    "no_rank_reversal": _no_rank_reversal,
}
