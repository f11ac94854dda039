"""Every Hypothesis strategy of the test suite lives here (project rule).

Strategies are built so that what they draw is already valid: properties should
rarely need ``assume()``.  Matrices come as plain ``numpy`` arrays ``(n, m)``, one row
per alternative and one column per criterion; directions are boolean arrays
(``True`` = benefit, "max"); weights are non-negative with at least one > 0.

Values are positive floats in ``[LOW, HIGH]`` rounded to ``SIGNIFICANT`` significant
digits: two values of a column are then either equal or at least 0.1 % apart, so a
normalization never divides by a 1-ulp range and a property can compare scores with a
tight tolerance (rel 1e-9) without the comparison being dominated by floating-point
noise.  ``exact=False`` draws unrounded floats instead, for properties that hold at
any conditioning (scores are finite, ranks are competition ranks...).

Import from the test modules as ``from .strategies import ...`` (``tests`` has no
``__init__.py``; pytest's importlib mode still resolves the relative import).
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

import numpy as np
from hypothesis import strategies as st

#: The ranking methods every property covers.
METHODS = ("wsm", "topsis")
#: Every normalization, in the order of the table in docs/scenario-file.md.
NORMALIZATIONS = ("vector", "minmax", "max", "sum", "none")
#: Normalizations invariant under rescaling a column by c > 0 (not "none").
SCALE_INVARIANT = ("vector", "minmax", "max", "sum")
#: Normalizations defined for zero and negative values too (max and sum need > 0).
SIGN_AGNOSTIC = ("vector", "minmax", "none")

LOW, HIGH = 0.1, 1000.0
SIGNIFICANT = 3


class Problem(NamedTuple):
    """What `Engine.rank_matrix` takes: matrix (..., n, m), weights, directions."""

    matrix: np.ndarray
    weights: np.ndarray
    directions: np.ndarray


def _round(x: float) -> float:
    return float(f"{x:.{SIGNIFICANT}g}")


# The strategies drawn many times per example are built once (functools.cache): a
# strategy is validated on its first draw, which costs as much as the draw itself.


@functools.cache
def _pick(probability_one_in: int) -> st.SearchStrategy[bool]:
    """True about once in `probability_one_in` draws; shrinks to False."""
    return st.sampled_from((False,) * (probability_one_in - 1) + (True,))


# -- numbers ---------------------------------------------------------------------------


@functools.cache
def values(*, exact: bool = True, signed: bool = False) -> st.SearchStrategy[float]:
    """One matrix entry: positive (or, `signed`, any sign and zero), finite."""
    low = -HIGH if signed else LOW
    raw = st.floats(low, HIGH, allow_nan=False, allow_infinity=False, allow_subnormal=False)
    if signed:
        raw = st.one_of(st.just(0.0), raw)
    return raw.map(_round) if exact else raw


def positive_factors(low: float = 1e-3, high: float = 1e3) -> st.SearchStrategy[float]:
    """A factor c > 0 to rescale weights or a column by."""
    return st.floats(low, high, allow_nan=False, allow_infinity=False, allow_subnormal=False)


# -- the parts of a problem --------------------------------------------------------------


@functools.cache
def _index(n: int) -> st.SearchStrategy[int]:
    """A position in 0 .. n - 1."""
    return st.integers(0, n - 1)


@functools.cache
def _row(elements: st.SearchStrategy[float], n: int) -> st.SearchStrategy[list[float]]:
    return st.lists(elements, min_size=n, max_size=n)


def _column(draw, n: int, elements, *, constant_columns: bool) -> list[float]:
    if n == 1 or (constant_columns and draw(_pick(4))):
        return [draw(elements)] * n
    if constant_columns:
        return draw(_row(elements, n))
    # At least two distinct values, then repeats of them, in any order: never constant.
    distinct = draw(st.lists(elements, min_size=2, max_size=n, unique=True))
    repeats = draw(
        st.lists(st.sampled_from(distinct), min_size=n - len(distinct), max_size=n - len(distinct))
    )
    return draw(st.permutations(distinct + repeats))


@st.composite
def matrices(
    draw,
    min_n: int = 1,
    max_n: int = 8,
    min_m: int = 1,
    max_m: int = 6,
    *,
    exact: bool = True,
    signed: bool = False,
    constant_columns: bool = True,
    duplicate_rows: bool = True,
    n: int | None = None,
    m: int | None = None,
) -> np.ndarray:
    """A decision matrix ``(n, m)`` of finite values.

    :param constant_columns: let some columns hold one value for everybody (about one
        in four); ``False`` builds every column with two distinct values at least (and
        then needs ``min_n >= 2`` and ``duplicate_rows=False``).
    :param duplicate_rows: let some alternatives repeat an earlier one exactly.  With
        ``False`` there are no deliberate copies, but rows can still coincide by chance
        (a one-column matrix of repeated values, say): `distinct_problems` rules that out.
    :param n, m: a fixed shape instead of drawn sizes.
    """
    if not constant_columns and (duplicate_rows or (n or min_n) < 2):
        raise ValueError("non-constant columns need n >= 2 and no duplicate rows")
    n = draw(st.integers(min_n, max_n)) if n is None else n
    m = draw(st.integers(min_m, max_m)) if m is None else m
    elements = values(exact=exact, signed=signed)
    x = np.array(
        [_column(draw, n, elements, constant_columns=constant_columns) for _ in range(m)],
        dtype=float,
    ).T.reshape(n, m)
    if duplicate_rows:
        for i in range(1, n):
            if draw(_pick(5)):
                x[i] = x[draw(_index(i))]
    return x


_WEIGHT = st.floats(0.01, 10.0, allow_nan=False, allow_infinity=False)


@st.composite
def weights(draw, m: int) -> np.ndarray:
    """``m`` weights in [0, 10], about one in five 0, and never all 0."""
    w = [0.0 if draw(_pick(5)) else draw(_WEIGHT) for _ in range(m)]
    w[draw(_index(m))] = draw(_WEIGHT)
    return np.array(w, dtype=float)


def weight_stacks(m: int, max_k: int = 4) -> st.SearchStrategy[np.ndarray]:
    """(k, m) weight vectors, each drawn as `weights` draws one: SMAA's samples."""
    return st.lists(weights(m), min_size=1, max_size=max_k).map(np.stack)


@functools.cache
def directions(m: int) -> st.SearchStrategy[np.ndarray]:
    """``m`` directions as a boolean array, True = benefit ("max")."""
    return st.lists(st.booleans(), min_size=m, max_size=m).map(lambda d: np.array(d, dtype=bool))


def normalizations(among: tuple[str, ...] = NORMALIZATIONS) -> st.SearchStrategy[str]:
    return st.sampled_from(among)


def methods() -> st.SearchStrategy[str]:
    return st.sampled_from(METHODS)


# -- whole problems ------------------------------------------------------------------------


@st.composite
def problems(draw, min_n: int = 1, max_n: int = 8, min_m: int = 1, max_m: int = 6, **matrix_kw):
    """A consistently sized `Problem`: matrix (n, m), weights (m,), directions (m,)."""
    x = draw(matrices(min_n, max_n, min_m, max_m, **matrix_kw))
    m = x.shape[1]
    return Problem(x, draw(weights(m)), draw(directions(m)))


@st.composite
def domain_problems(draw, domains, **problem_kw):
    """A `Problem` whose values lie within `domains` (`Method.domains(params)`, pairs of
    a `Domain` and whose it is), up to their edge: a column bounded ">= 0" takes the
    magnitudes of signed values with some of them 0, one bounded "> 0" magnitudes
    made positive (0 becomes 1e-90, near the edge).  Magnitudes stay within
    [1e-90, 1e90], which every method takes as they are."""
    p = draw(problems(signed=True, **problem_kw))
    x = np.clip(p.matrix, -1e90, 1e90)
    x[np.abs(x) < 1e-90] = 0.0
    for j in range(x.shape[1]):
        bounds = {domain.bound(bool(p.directions[j])) for domain, _ in domains}
        if "> 0" in bounds:
            x[:, j] = np.where(x[:, j] == 0, 1e-90, np.abs(x[:, j]))
        elif ">= 0" in bounds:
            zeros = np.array(draw(st.lists(st.booleans(), min_size=len(x), max_size=len(x))))
            x[:, j] = np.where(zeros, 0.0, np.abs(x[:, j]))
    return Problem(x, p.weights, p.directions)


def distinct_problems(**problem_kw) -> st.SearchStrategy[Problem]:
    """Problems whose alternatives all differ in at least one value (n >= 2)."""
    return problems(**{"min_n": 2, **problem_kw}).filter(
        lambda p: len(np.unique(p.matrix, axis=0)) == len(p.matrix)
    )


def cross_check_problems() -> st.SearchStrategy[Problem]:
    """Problems for comparing with another library: n >= 2 and no constant column (two
    distinct values at least in each, built so, not filtered), where conventions for
    a column without information differ between implementations."""
    return problems(min_n=2, max_n=8, constant_columns=False, duplicate_rows=False)


@st.composite
def stacks(
    draw,
    min_k: int = 1,
    max_k: int = 4,
    min_n: int = 1,
    max_n: int = 6,
    min_m: int = 1,
    max_m: int = 5,
    **matrix_kw,
):
    """A stacked `Problem`: matrix (k, n, m); weights and directions either shared,
    (m,), or one per member, (k, m) (each drawn independently)."""
    k = draw(st.integers(min_k, max_k))
    n = draw(st.integers(min_n, max_n))
    m = draw(st.integers(min_m, max_m))
    x = np.stack([draw(matrices(n=n, m=m, **matrix_kw)) for _ in range(k)])
    if draw(st.booleans()):
        w = np.stack([draw(weights(m)) for _ in range(k)])
    else:
        w = draw(weights(m))
    if draw(st.booleans()):
        d = np.stack([draw(directions(m)) for _ in range(k)])
    else:
        d = draw(directions(m))
    return Problem(x, w, d)


@st.composite
def permuted_problems(draw, **problem_kw):
    """(problem, row order, column order): permutations of alternatives and criteria."""
    p = draw(problems(**problem_kw))
    n, m = p.matrix.shape
    rows = np.array(draw(st.permutations(range(n))), dtype=int)
    cols = np.array(draw(st.permutations(range(m))), dtype=int)
    return p, rows, cols


@st.composite
def problems_with_column(draw, **problem_kw):
    """(problem, j): a problem and one of its criteria."""
    p = draw(problems(**problem_kw))
    return p, draw(_index(p.matrix.shape[1]))


_FACTOR = st.floats(1.01, 3.0)


@st.composite
def dominance_problems(draw, **problem_kw):
    """(problem, dominator, dominated): row `dominator` Pareto-dominates row `dominated`.

    The dominator is built from the dominated row by improving some criteria (at
    least one) by a factor in [1.01, 3], respecting direction: multiplied for a
    benefit, divided for a cost, so it stays > 0 (max and sum apply).  It is inserted
    at a drawn position.
    """
    p = draw(problems(**problem_kw))
    x, w, benefit = p
    n, m = x.shape
    dominated = draw(_index(n))
    factors = np.array(
        [1.0 if draw(_pick(3)) else draw(_FACTOR) for _ in range(m)]
    )
    factors[draw(_index(m))] = draw(_FACTOR)
    row = x[dominated]
    better = np.where(benefit, row * factors, row / factors)
    at = draw(_index(n + 1))
    x = np.insert(x, at, better, axis=0)
    if dominated >= at:
        dominated += 1
    return Problem(x, w, benefit), at, dominated


@st.composite
def problems_with_twins(draw, **problem_kw):
    """(problem, i, j): alternatives i != j are identical (n >= 2)."""
    p = draw(problems(**{"min_n": 1, **problem_kw}))
    x = p.matrix
    n = x.shape[0]
    source = draw(_index(n))
    at = draw(_index(n + 1))
    x = np.insert(x, at, x[source], axis=0)
    if source >= at:
        source += 1
    return Problem(x, p.weights, p.directions), source, at


@st.composite
def uniform_problems(draw, min_n: int = 1, max_n: int = 8, min_m: int = 1, max_m: int = 6):
    """A problem whose alternatives are all identical."""
    n = draw(st.integers(min_n, max_n))
    row = draw(matrices(min_n=1, max_n=1, min_m=min_m, max_m=max_m))
    m = row.shape[1]
    return Problem(np.repeat(row, n, axis=0), draw(weights(m)), draw(directions(m)))


@st.composite
def circulant_problems(draw, min_m: int = 2, max_m: int = 6, **value_kw):
    """A problem tied by symmetry: n = m alternatives, each row a cyclic shift of one
    row of values, one weight and one direction for all.  Every column holds the same
    values and every alternative the same normalised values in another order, so all
    scores are equal in exact arithmetic -- and in floating point may differ by the
    rounding of a sum taken in another order."""
    m = draw(st.integers(min_m, max_m))
    row = draw(st.lists(values(**value_kw), min_size=m, max_size=m))
    x = np.array([np.roll(row, shift) for shift in range(m)], dtype=float)
    w = np.full(m, draw(st.floats(0.01, 10.0)))
    return Problem(x, w, np.full(m, draw(st.booleans())))


@st.composite
def problems_with_row(draw, **problem_kw):
    """(problem, i): a problem and one of its alternatives."""
    p = draw(problems(**problem_kw))
    return p, draw(_index(p.matrix.shape[0]))


@st.composite
def splits(draw, n: int) -> list[slice]:
    """Consecutive slices cutting ``n`` rows into chunks of any sizes (some empty), the
    way a table's files, row groups or a cluster's partitions may cut it."""
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=6)))
    edges = [0, *cuts, n]
    return [slice(a, b) for a, b in zip(edges, edges[1:])]


@st.composite
def offer_tables(draw) -> list[tuple[str, object, object, object]]:
    """Rows of a small CSV table of offers (name, price, uptime, support): names that
    may repeat, a few values that are not numbers, values that may tie."""
    n = draw(st.integers(1, 14))
    names = draw(st.lists(st.sampled_from([f"o{i}" for i in range(16)]), min_size=n, max_size=n))
    cell = st.one_of(st.integers(1, 5), st.floats(0.5, 100, allow_nan=False).map(lambda v: round(v, 2)))
    bad = st.sampled_from(["oops", "", "-1"])
    rows = []
    for name in names:
        price = draw(st.one_of(cell, bad) if draw(_pick(8)) else cell)
        rows.append((name, price, draw(cell), draw(cell)))
    return rows


#: PROMETHEE II's preference functions with thresholds on a grid of 0.5, drawn with
#: values on a grid of 0.25: differences and thresholds are then exact in binary, so
#: a difference equal to a threshold is one whichever way it is computed.
_GRID_PREFERENCES = st.one_of(
    st.just({"function": "usual"}),
    st.builds(lambda q: {"function": "u-shape", "q": q}, st.integers(0, 8).map(lambda k: k / 2)),
    st.builds(lambda p: {"function": "v-shape", "p": p}, st.integers(1, 8).map(lambda k: k / 2)),
    st.builds(lambda q, gap: {"function": "level", "q": q, "p": q + gap}, st.integers(0, 6).map(lambda k: k / 2), st.integers(1, 4).map(lambda k: k / 2)),
    st.builds(lambda q, gap: {"function": "linear", "q": q, "p": q + gap}, st.integers(0, 6).map(lambda k: k / 2), st.integers(1, 4).map(lambda k: k / 2)),
    st.builds(lambda s: {"function": "gaussian", "s": s}, st.integers(1, 8).map(lambda k: k / 2)),
)


@st.composite
def preference_problems(draw, max_n: int = 12, max_m: int = 4) -> tuple[Problem, tuple[dict, ...]]:
    """A problem on a grid of 0.25 (values that tie, differences equal to thresholds)
    and a preference function per criterion."""
    n, m = draw(st.integers(2, max_n)), draw(st.integers(1, max_m))
    grid = st.integers(-40, 40).map(lambda k: k / 4)
    matrix = np.array(draw(st.lists(st.lists(grid, min_size=m, max_size=m), min_size=n, max_size=n)), dtype=float)
    prefs = tuple(draw(st.lists(_GRID_PREFERENCES, min_size=m, max_size=m)))
    return Problem(matrix=matrix, weights=draw(weights(m)), directions=draw(directions(m))), prefs


def method_normalizations(method, *, scale_invariant: bool = False, signed: bool = False) -> st.SearchStrategy[str | None]:
    """A normalization `method` (a `tradeoff.Method`) accepts, or None for a method that
    applies its literature's own; `scale_invariant` keeps those of SCALE_INVARIANT,
    `signed` those of SIGN_AGNOSTIC.  Where none is left the strategy is empty, so
    Hypothesis fails the test instead of letting it pass without an example."""
    if not method.normalizations:
        return st.just(None)
    allowed = [
        n for n in method.normalizations
        if (not scale_invariant or n in SCALE_INVARIANT) and (not signed or n in SIGN_AGNOSTIC)
    ]
    return st.sampled_from(allowed) if allowed else st.nothing()


# =========================================================================================
# Scenario strategies (Scenario objects, TOML scenario files, facts and criteria).
#
# Built directly so that every draw is a valid scenario: unique ids and names, a value
# for every inline criterion, at least one weight > 0.
# =========================================================================================

IDS = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,11}", fullmatch=True)
TEXT = st.text(max_size=30)
NUMBERS = st.one_of(
    st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False, allow_subnormal=False),
)
FACT_VALUES = st.one_of(NUMBERS, st.booleans(), TEXT)


@st.composite
def scenarios(draw, max_criteria: int = 5, max_alternatives: int = 5):
    """A valid `tradeoff.Scenario` with inline criteria (no plugin needed)."""
    import tradeoff

    ids = draw(st.lists(IDS, min_size=1, max_size=max_criteria, unique=True))
    weight_values = st.one_of(st.integers(0, 100), st.floats(0, 1e6, allow_subnormal=False))
    w = draw(st.lists(weight_values, min_size=len(ids), max_size=len(ids)))
    w[draw(st.integers(0, len(ids) - 1))] = draw(st.integers(1, 100))
    criteria = [
        tradeoff.CriterionChoice(
            id=cid,
            weight=weight,
            direction=draw(st.sampled_from(["max", "min"])),
            label=draw(st.none() | TEXT.filter(bool)),
            unit=draw(st.none() | TEXT.filter(bool)),
        )
        for cid, weight in zip(ids, w)
    ]
    names = draw(
        st.lists(TEXT.filter(str.strip), min_size=1, max_size=max_alternatives, unique=True)
    )
    finite = st.floats(allow_nan=False, allow_infinity=False, allow_subnormal=False)
    alternatives = [
        tradeoff.Alternative(
            name=name,
            description=draw(TEXT),
            values={cid: draw(finite) for cid in ids},
            facts=draw(st.dictionaries(IDS, FACT_VALUES, max_size=3)),
        )
        for name in names
    ]
    method = draw(
        st.builds(
            tradeoff.MethodChoice,
            name=st.sampled_from(METHODS),
            normalization=st.none() | st.sampled_from(NORMALIZATIONS),
        )
    )
    return tradeoff.Scenario(
        title=draw(TEXT),
        description=draw(TEXT),
        context=draw(st.dictionaries(IDS, FACT_VALUES, max_size=3)),
        method=method,
        criteria=criteria,
        alternatives=alternatives,
    )


@st.composite
def fact_columns(draw, criterion, n: int):
    """Columns of facts within `criterion`'s declared types and ranges, as `score` gets them."""
    from tradeoff import FactType

    out = {}
    for fact in criterion.facts:
        if fact.type is FactType.BOOLEAN:
            column = draw(st.lists(st.booleans(), min_size=n, max_size=n))
            out[fact.name] = np.array(column, dtype=bool)
            continue
        low = -1e12 if fact.low is None else fact.low
        high = 1e12 if fact.high is None else fact.high
        if fact.type is FactType.INTEGER:
            element = st.integers(int(np.ceil(low)), int(np.floor(high))).map(float)
        else:
            element = st.floats(low, high, allow_nan=False, allow_subnormal=False)
        out[fact.name] = np.array(draw(st.lists(element, min_size=n, max_size=n)), dtype=float)
    return out


# =========================================================================================
# Cross-check strategies for the native methods against scikit-criteria
# (tests/test_crosscheck_skcriteria.py).
#
# Built on `cross_check_problems` (n >= 2, no constant column, positive values rounded
# to SIGNIFICANT digits); what they add is built in, never filtered.
# =========================================================================================


def unit_parameters() -> st.SearchStrategy[float]:
    """A method parameter in [0, 1] (WASPAS's lambda, VIKOR's v), ends included."""
    return st.one_of(st.sampled_from((0.0, 0.5, 1.0)), st.floats(0.0, 1.0))


@st.composite
def cross_check_problems_with_cost(draw) -> Problem:
    """`cross_check_problems` with at least one cost criterion of positive weight: one
    drawn criterion is made a cost and, if its weight was 0, given a positive one
    (scikit-criteria's COPRAS needs a weighted cost criterion)."""
    x, w, benefit = draw(cross_check_problems())
    j = draw(st.integers(0, x.shape[1] - 1))
    benefit = benefit.copy()
    benefit[j] = False
    w = w.copy()
    if w[j] == 0:
        w[j] = draw(st.floats(0.01, 10.0, allow_nan=False, allow_infinity=False))
    return Problem(x, w, benefit)


@st.composite
def bounded_cross_check_problems(draw):
    """(problem, bounds): a `cross_check_problems` problem and SPOTIS bounds, one entry
    per criterion: None (about one in four: bounds from the data) or (low, high) with
    low = column min - gap and high = column max + gap', each gap 0 (about one in
    three: the bound is the data's own) or a rounded value in [LOW, HIGH], so the
    bounds always cover the column and low < high (columns are never constant)."""
    p = draw(cross_check_problems())

    def gap() -> float:
        return 0.0 if draw(_pick(3)) else draw(values())

    bounds = []
    for column in p.matrix.T:
        if draw(_pick(4)):
            bounds.append(None)
        else:
            bounds.append((float(column.min() - gap()), float(column.max() + gap())))
    return p, bounds


# =========================================================================================
# Weighting strategies (tests/test_weighting.py).
# =========================================================================================


@st.composite
def rank_orders(draw, ids):
    """An order of importance over `ids`: a permutation cut into groups of ties, each
    group a plain id when alone and a list when tied."""
    names = draw(st.permutations(list(ids)))
    cuts = sorted(draw(st.sets(st.integers(1, len(names) - 1))))
    groups = [names[a:b] for a, b in zip([0, *cuts], [*cuts, len(names)])]
    return [g[0] if len(g) == 1 else g for g in groups]


@st.composite
def swing_points(draw, ids):
    """Points 0-100 for every id, the top one exactly 100 (built so, not filtered)."""
    points = draw(st.lists(st.integers(0, 100), min_size=len(ids), max_size=len(ids)))
    points[draw(st.integers(0, len(ids) - 1))] = 100
    return dict(zip(ids, points))


# =========================================================================================
# Uncertain values (tests/test_uncertain_values.py, tests/test_smaa.py): intervals in
# scenarios, and decision matrices with the intervals SMAA samples from.
# =========================================================================================


@st.composite
def intervals(draw, *, finite=None):
    """An interval [low, high] as a list of two finite floats, low <= high (equal
    about one in five draws)."""
    if finite is None:
        finite = st.floats(allow_nan=False, allow_infinity=False, allow_subnormal=False)
    low = draw(finite)
    high = low if draw(_pick(5)) else draw(finite)
    return sorted([low, high])


def plus_minus() -> st.SearchStrategy[str]:
    """A value written "X ± P%" (or with "+-", "+/-"), 0 < P < 100, moderate X."""
    centre = st.floats(-1e6, 1e6, allow_nan=False, allow_subnormal=False)
    percent = st.floats(0.01, 99.99, allow_nan=False)
    sign = st.sampled_from(["±", " ± ", "+-", " +/- "])
    return st.builds(lambda x, s, p: f"{x!r}{s}{p!r}%", centre, sign, percent)


@st.composite
def uncertain_scenarios(draw, **scenario_kw):
    """A `scenarios()` scenario whose alternatives give some values (at least one) as
    an interval [low, high] or as "X ± P%" instead of a number."""
    import attrs

    scenario = draw(scenarios(**scenario_kw))
    uncertain = st.one_of(intervals(), plus_minus())
    alternatives = []
    for alt in scenario.alternatives:
        values = {k: draw(uncertain) if draw(_pick(2)) else v for k, v in alt.values.items()}
        alternatives.append(attrs.evolve(alt, values=values))
    first = alternatives[0]
    key = draw(st.sampled_from(sorted(first.values)))
    alternatives[0] = attrs.evolve(first, values={**first.values, key: draw(uncertain)})
    return attrs.evolve(scenario, alternatives=alternatives)


class UncertainProblem(NamedTuple):
    """A `Problem` whose values are known within [low, high]; `matrix` holds the
    midpoints."""

    matrix: np.ndarray
    weights: np.ndarray
    directions: np.ndarray
    low: np.ndarray
    high: np.ndarray


@st.composite
def uncertain_problems(draw, **problem_kw):
    """An `UncertainProblem` built on `problems()`: about half the values (at least one)
    get an interval x ± f·x with f in [0.01, 0.5], so every value stays > 0 (max and
    sum apply); the others are exact (low = high = x)."""
    x, w, benefit = draw(problems(**problem_kw))
    n, m = x.shape
    fraction = st.floats(0.01, 0.5, allow_nan=False)
    spread = np.array([[draw(fraction) if draw(_pick(2)) else 0.0 for _ in range(m)] for _ in range(n)])
    spread[draw(st.integers(0, n - 1)), draw(st.integers(0, m - 1))] = draw(fraction)
    low, high = x - spread * x, x + spread * x
    return UncertainProblem(0.5 * low + 0.5 * high, w, benefit, low, high)


def weight_orders(m: int) -> st.SearchStrategy[np.ndarray]:
    """Base weights for "order" sampling: m weights in 1..4 (so ties are common)."""
    return st.lists(st.integers(1, 4), min_size=m, max_size=m).map(lambda w: np.array(w, dtype=float))


def score_rows() -> st.SearchStrategy[np.ndarray]:
    """Scores (k, n) with exact ties, near ties (within and just beyond a relative 1e-9)
    and signs mixed: to compare two ways of computing competition ranks."""
    base = st.sampled_from([0.0, 1.0, -1.0, 0.5, 1e-300, 3.0])
    nudge = st.sampled_from([0.0, 0.0, 5e-10, -5e-10, 2e-9, 1e-3])

    @st.composite
    def build(draw):
        k = draw(st.integers(1, 4))
        n = draw(st.integers(1, 8))
        rows = [[draw(base) * (1 + draw(nudge)) for _ in range(n)] for _ in range(k)]
        return np.array(rows, dtype=float)

    return build()


# =========================================================================================
# Tables of alternatives (tests/test_table_input.py): rows of facts for the built-in
# criteria, and faults to put in some of them.
#
# Every drawn row is valid for the built-in criteria: required facts present, each
# within its declared type and range; optional facts sometimes empty (the cell is
# blank in CSV, the key is absent in TOML), so both fall back to [context] or the
# default.  Names are unique, non-blank and without surrounding spaces (a CSV reader
# strips those).
# =========================================================================================

#: (fact, kind, low, high, required) for the facts the built-in criteria read.
VENDOR_FACTS = (
    ("monthly_fee", "number", 0, 1e6, True),
    ("setup_fee", "number", 0, 1e6, False),
    ("staff_it_hours", "number", 0, 744, False),
    ("certified_staff", "integer", 0, 1000, False),
    ("years_in_business", "number", 0, 200, False),
    ("references", "integer", 0, 50, False),
    ("reference_rating", "number", 0, 5, False),
    ("response_hours", "number", 0, 720, True),
    ("nda", "boolean", 0, 1, False),
    ("data_on_premises", "boolean", 0, 1, False),
    ("admin_access", "boolean", 0, 1, False),
    ("contract_months", "integer", 0, 120, True),
    ("documented_share", "number", 0, 1, False),
    ("proprietary_software", "boolean", 0, 1, False),
    ("layoffs", "integer", 0, 20, False),
)
#: The inline criterion a vendor table gives values for directly.
VENDOR_VALUE = "uptime"
#: Ways to spoil one row of a vendor table, each a distinct row error.
TABLE_FAULTS = ("text", "empty_required", "out_of_range", "fraction", "not_boolean", "infinite",
                "duplicate", "blank_name", "ragged", "empty_value")


def _vendor_fact(kind: str, low: float, high: float) -> st.SearchStrategy[object]:
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(int(low), int(high))
    return st.floats(low, high, allow_nan=False, allow_subnormal=False)


VENDOR_NAMES = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=20
).filter(lambda s: s == s.strip() and s != "")


#: Text cells as a file may hold them: ASCII and wider letters, and spaces Python's
#: `str.strip` removes, ASCII or not (no-break, em and ideographic spaces, control
#: characters), so any cell may start or end with one.
CELL_TEXT = st.text(alphabet="ab \t\n\x1f\x7f\u00a0\u2003\u3000\u200b\u00e9\u65e5~!", max_size=8)


def text_cells() -> st.SearchStrategy[list[str | None]]:
    """A column of text cells, some of them null."""
    return st.lists(st.none() | CELL_TEXT, max_size=20)


def name_columns() -> st.SearchStrategy[list[str]]:
    """Names with repeats among them, long ones (many 8-byte words) included."""
    one = st.text(alphabet="ab\u00e9\u65e5\U0001f600 ", max_size=12) | st.text(alphabet="ab", min_size=40, max_size=300)
    return st.lists(one, min_size=1, max_size=12).flatmap(
        lambda pool: st.lists(st.sampled_from(pool), min_size=1, max_size=30)
    )


@st.composite
def vendor_rows(draw, min_rows: int = 1, max_rows: int = 12) -> list[dict[str, object]]:
    """Rows of a vendor table: {"name": ..., fact: value or None (empty), "uptime": x}."""
    names = draw(st.lists(VENDOR_NAMES, min_size=min_rows, max_size=max_rows, unique=True))
    rows = []
    for name in names:
        row: dict[str, object] = {"name": name}
        for fact, kind, low, high, required in VENDOR_FACTS:
            empty = not required and draw(_pick(4))
            row[fact] = None if empty else draw(_vendor_fact(kind, low, high))
        row[VENDOR_VALUE] = draw(st.floats(-1e6, 1e6, allow_nan=False, allow_subnormal=False))
        rows.append(row)
    return rows


@st.composite
def table_faults(draw, n: int) -> dict[int, str]:
    """{row index: fault} for some of `n` rows (at least one, not every row).  A
    "duplicate" repeats the name of the first unspoiled row, so it only comes after
    that row."""
    chosen = draw(st.sets(st.integers(0, n - 1), min_size=1, max_size=max(1, n - 1)))
    clean = min(set(range(n)) - chosen)
    anywhere = tuple(kind for kind in TABLE_FAULTS if kind != "duplicate")
    return {i: draw(st.sampled_from(TABLE_FAULTS if i > clean else anywhere)) for i in sorted(chosen)}


@st.composite
def scores_and_k(draw):
    """(scores, k): 1-D scores with many exact ties and near-ties (chains within the
    1e-9 tie band), and a cut 1 <= k <= n."""
    n = draw(st.integers(1, 60))
    base = draw(st.lists(st.integers(-5, 5), min_size=n, max_size=n))
    nudge = draw(st.lists(st.sampled_from([0.0, 0.0, 4e-10, -4e-10]), min_size=n, max_size=n))
    scores = np.array([b * (1 + d) if b else d for b, d in zip(base, nudge)], dtype=float) + 10.0
    return scores, draw(st.integers(1, n))


# =========================================================================================
# Fuzzing the scenario loader (tests/test_fuzz_loader.py): TOML documents, valid or not,
# shaped like scenario files, and bytes.
#
# Unlike the strategies above, these draw mostly *invalid* input on purpose: a document
# is a scenario file's skeleton whose parts are, each now and then, replaced by any
# TOML value, and keys are the format's own names (so the loader gets past its checks
# of known keys and reaches the model, the plugins and the methods) or random text.
# =========================================================================================

#: Every key the scenario format knows, at any level, and names that plugins read.
FORMAT_KEYS = (
    "format", "title", "description", "context", "method", "name", "normalization",
    "weights", "scheme", "stakeholders", "influence", "criteria", "weight", "direction",
    "unit", "label", "bounds", "preference", "function", "q", "p", "s", "alternatives",
    "values", "facts", "order", "points", "judgements", "pairwise", "max_cr", "strict",
    "blend", "share", "v", "lambda", "lambda_value", "tau",
)
#: Criteria the built-in plugins provide, and the facts they read.
PLUGIN_CRITERIA = ("cost", "expertise", "control", "lock_in", "morale")
PLUGIN_FACTS = tuple(fact for fact, *_ in VENDOR_FACTS) + ("horizon_months", "staff_hourly_cost", "headcount")
METHOD_NAMES = (
    "topsis", "wsm", "wpm", "waspas", "vikor", "promethee2", "copras", "aras", "edas",
    "mabac", "moora", "spotis", "skc.electre1", "topsys",
)
SCHEMES = ("direct", "equal", "roc", "rank_sum", "rank_reciprocal", "swing", "ahp", "entropy", "critic", "rocc")
PREFERENCE_FUNCTIONS = ("usual", "u-shape", "v-shape", "level", "linear", "gaussian", "line")
JUDGEMENTS = ("cost > lock_in", "cost = control", "x > y", "x < uptime", "x >> y")
#: Names a scenario's strings take: methods, normalizations, schemes, directions...
KNOWN_WORDS = (
    *METHOD_NAMES, *NORMALIZATIONS, *SCHEMES, *PREFERENCE_FUNCTIONS, *JUDGEMENTS,
    "max", "min", "1/3", "12 ± 10%", "12 +- 150%",
)
#: Criterion ids: the plugins' and a few inline ones, and what is not an id.
CRITERION_IDS = (*PLUGIN_CRITERIA, "x", "y", "uptime", "Cost", "1x", "")

TOML_KEYS = st.one_of(
    st.sampled_from(FORMAT_KEYS + CRITERION_IDS + PLUGIN_FACTS), st.text(max_size=12)
)


def _toml_scalars() -> st.SearchStrategy[object]:
    import datetime

    return st.one_of(
        st.booleans(),
        st.integers(-(2**63), 2**63 - 1),
        st.sampled_from([0, 1, -1, 2, 100, 10**400]),  # 10**400: no float holds it
        st.floats(allow_subnormal=False),  # nan and inf included, as TOML allows
        st.sampled_from([0.0, 0.5, 1.0, -1.0, 1e308, 5e-324, float("nan"), float("inf"), float("-inf")]),
        st.text(max_size=20),
        st.sampled_from(KNOWN_WORDS + CRITERION_IDS + PLUGIN_FACTS),
        st.datetimes(min_value=datetime.datetime(1, 1, 1), max_value=datetime.datetime(9999, 12, 31)),
        st.dates(),
        st.times(),
    )


#: Any TOML value: scalars, arrays and tables of them, a few levels deep.
TOML_VALUES = st.recursive(
    _toml_scalars(),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(TOML_KEYS, inner, max_size=4)
    ),
    max_leaves=12,
)


#: Values at the edges: what no float holds, NaN, infinities, zero, an empty string...
EDGE_VALUES = st.sampled_from(
    [10**400, -(10**400), float("nan"), float("inf"), float("-inf"), 0, -1, 1e308, -1e-308, "", " ", True, [], {}]
)


def _sometimes_any(good: st.SearchStrategy[object], one_in: int = 15) -> st.SearchStrategy[object]:
    """Mostly `good`, about one draw in `one_in` any TOML value or an edge value (a
    document has a dozen parts or so: about half the documents then have one wrong
    part, the others rank)."""
    wrong = st.one_of(TOML_VALUES, EDGE_VALUES)
    return _pick(one_in).flatmap(lambda is_wrong: wrong if is_wrong else good)


def _numbers() -> st.SearchStrategy[object]:
    return st.one_of(
        st.integers(-5, 1000), st.floats(-10.0, 1e6, allow_nan=False), st.sampled_from([0, 0.0, -1])
    )


#: Facts of [context] the built-in criteria read: (fact, kind, low, high).
CONTEXT_FACTS = (
    ("horizon_months", "integer", 1, 240),
    ("staff_hourly_cost", "number", 0, 1e6),
    ("headcount", "integer", 1, 10**7),
)


@st.composite
def scenario_documents(draw) -> dict[str, object]:
    """A scenario file's document (a dict for ``tomli_w.dumps``), about half of them
    valid: the skeleton of a scenario (method, weights or stakeholders, the plugins'
    criteria and inline ones, alternatives with values and facts in range), with now
    and then a part replaced by any TOML value, a key added, a name repeated or blank;
    and one document in ten any TOML table at all."""
    if draw(_pick(10)):
        return draw(st.dictionaries(TOML_KEYS, TOML_VALUES, max_size=6))
    doc: dict[str, object] = {}

    def maybe(key: str, value: st.SearchStrategy[object]) -> None:
        if draw(_pick(3)):
            doc[key] = draw(_sometimes_any(value))

    def sometimes_wrong(value: object, one_in: int = 20) -> object:
        return draw(TOML_VALUES) if draw(_pick(one_in)) else value

    maybe("format", st.sampled_from([1] * 12 + [2, "1"]))
    maybe("title", TEXT)
    doc["context"] = {
        fact: sometimes_wrong(draw(_vendor_fact(kind, low, high)))
        for fact, kind, low, high in CONTEXT_FACTS
        if fact == "headcount" or draw(st.booleans())
    }
    method_names = st.sampled_from(METHOD_NAMES)
    maybe(
        "method",
        st.one_of(
            method_names,
            st.fixed_dictionaries(
                {"name": method_names},
                optional={
                    "normalization": st.sampled_from(NORMALIZATIONS + ("vectr",)),
                    "v": _sometimes_any(st.floats(0, 1), 8),
                    "lambda": _sometimes_any(st.floats(0, 1), 8),
                },
            ),
        ),
    )
    ids = draw(st.lists(st.sampled_from(CRITERION_IDS[:8]), min_size=1, max_size=4, unique=True))
    judged = _sometimes_any(st.sampled_from([1, 3, "1/3", 9, 0]), 8)
    settings = {
        "order": _sometimes_any(st.permutations(ids).map(list), 8),
        "points": st.fixed_dictionaries({cid: _sometimes_any(st.integers(0, 100), 8) for cid in ids}),
        "judgements": st.dictionaries(st.sampled_from(JUDGEMENTS), judged, max_size=3),
        "pairwise": st.lists(st.lists(judged, min_size=len(ids), max_size=len(ids)), min_size=len(ids), max_size=len(ids)),
        "max_cr": _sometimes_any(st.floats(0, 1), 8),
        "strict": _sometimes_any(st.booleans(), 8),
        "blend": st.fixed_dictionaries(
            {"scheme": st.sampled_from(("entropy", "critic", "equal"))},
            optional={"share": _sometimes_any(st.floats(0, 1), 8)},
        ),
    }
    weights_table = st.fixed_dictionaries({"scheme": st.sampled_from(SCHEMES)}, optional=settings)
    derived = draw(st.sampled_from(["direct", "direct", "weights", "stakeholders"]))
    if derived == "weights":
        doc["weights"] = draw(_sometimes_any(weights_table))
    elif derived == "stakeholders":
        person = st.fixed_dictionaries(
            {"name": st.sampled_from(["Owner", "Staff", "Owner", "Staff", " "]), "weights": weights_table},
            optional={"influence": st.integers(0, 3)},
        )
        doc["stakeholders"] = draw(_sometimes_any(st.lists(_sometimes_any(person), min_size=1, max_size=3)))
    criteria: dict[str, object] = {}
    inline = set()
    for cid in ids:
        table: dict[str, object] = {}
        if cid not in PLUGIN_CRITERIA or draw(_pick(10)):
            table["direction"] = draw(st.sampled_from(["max", "min"]))
            inline.add(cid)
        if derived == "direct" and draw(st.booleans()):
            table["weight"] = draw(st.one_of(st.integers(0, 100), st.floats(0, 100)))
        if draw(_pick(5)):
            low = draw(st.integers(-100, 100))
            table["bounds"] = [low, low + draw(st.integers(1, 1000))]
        if draw(_pick(5)):
            table["preference"] = draw(
                st.fixed_dictionaries(
                    {"function": st.sampled_from(PREFERENCE_FUNCTIONS)},
                    optional={
                        "q": _sometimes_any(st.integers(0, 5), 8),
                        "p": _sometimes_any(st.integers(0, 10), 8),
                        "s": _sometimes_any(st.floats(0, 5), 8),
                    },
                )
            )
        criteria[cid] = draw(_sometimes_any(st.just(table), one_in=30))
    doc["criteria"] = criteria
    value = st.one_of(
        values(signed=True), st.integers(-10, 10), intervals(finite=st.floats(-1e3, 1e3)), st.just("12 ± 10%")
    )
    names = draw(st.lists(st.sampled_from("ABCDEFG"), min_size=1, max_size=5, unique=True))
    if draw(_pick(15)):
        names.append(draw(st.sampled_from([*names, " ", ""])))  # a name again, or a blank one
    alternatives = []
    for name in names:
        alternative: dict[str, object] = {"name": name}
        given = {cid: sometimes_wrong(draw(value)) for cid in ids if cid in inline or draw(_pick(4))}
        if given:
            alternative["values"] = given
        alternative["facts"] = {
            fact: sometimes_wrong(draw(_vendor_fact(kind, low, high)), 150)
            for fact, kind, low, high, required in VENDOR_FACTS
            if (required and not draw(_pick(30))) or draw(_pick(3))
        }
        alternatives.append(draw(_sometimes_any(st.just(alternative), one_in=40)))
    doc["alternatives"] = draw(_sometimes_any(st.just(alternatives), one_in=40))
    if draw(_pick(10)):  # a key where it does not belong, or a typo
        doc[draw(TOML_KEYS)] = draw(TOML_VALUES)
    return doc


@st.composite
def scenario_bytes(draw) -> bytes:
    """Bytes for a scenario file: any bytes, or a valid scenario's TOML with a few bytes
    changed, inserted or cut (so that most of it still parses), in UTF-8 or not."""
    if draw(_pick(3)):
        return draw(st.binary(max_size=200))
    import tradeoff

    data = bytearray(tradeoff.dumps(draw(scenarios(max_criteria=3, max_alternatives=3))).encode())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(["insert", "replace", "cut"]))
        chunk = draw(
            st.one_of(
                st.binary(min_size=1, max_size=4),
                st.sampled_from([b"\x00", b"\r", b"\r\n", b"\xef\xbb\xbf", b"[", b"]]", b"=", b'"', b"#", b"\xff"]),
            )
        )
        if edit == "insert":
            data[at:at] = chunk
        elif edit == "replace":
            data[at : at + len(chunk)] = chunk
        else:
            del data[at : at + draw(st.integers(1, 20))]
    if draw(_pick(4)):
        data = bytearray(data.replace(b"\n", b"\r\n"))
    if draw(_pick(6)):
        data[0:0] = b"\xef\xbb\xbf"
    return bytes(data)


@st.composite
def rich_scenarios(draw, **scenario_kw):
    """A valid `scenarios()` scenario with more of the format in use: derived weights
    (``[weights]`` or ``[[stakeholders]]``, whose criteria then keep the default weight 1,
    as a file cannot give both), ``bounds``, ``preference`` and method parameters."""
    import attrs

    import tradeoff

    scenario = draw(scenarios(**scenario_kw))
    ids = [c.id for c in scenario.criteria]

    def choice() -> object:
        scheme = draw(st.sampled_from(["equal", "roc", "direct", "entropy"]))
        settings: dict[str, object] = {}
        if scheme == "roc":
            settings["order"] = draw(rank_orders(ids)) if len(ids) > 1 else list(ids)
        elif scheme == "direct":
            settings["points"] = {cid: draw(st.integers(1, 100)) for cid in ids}
        if draw(_pick(4)):
            settings["blend"] = {"scheme": "equal", "share": draw(st.floats(0, 1))}
        return tradeoff.WeightsChoice(scheme=scheme, settings=settings)

    derived = draw(st.sampled_from(["direct", "weights", "stakeholders"]))
    criteria = []
    for c in scenario.criteria:
        changes: dict[str, object] = {}
        if derived != "direct":
            changes["weight"] = 1
        if draw(_pick(3)):
            low = draw(st.floats(-1e6, 1e6, allow_nan=False))
            changes["bounds"] = (low, low + draw(st.floats(1, 1e6)))
        if draw(_pick(3)):
            changes["preference"] = {"function": "linear", "q": draw(st.integers(0, 5)), "p": draw(st.integers(6, 10))}
        criteria.append(attrs.evolve(c, **changes))
    method = scenario.method
    if draw(_pick(3)):
        name, param = draw(st.sampled_from([("vikor", "v"), ("waspas", "lambda")]))
        method = tradeoff.MethodChoice(name=name, normalization=method.normalization, params={param: draw(st.floats(0, 1))})
    weighting = choice() if derived == "weights" else None
    stakeholders = []
    if derived == "stakeholders":
        names = draw(st.lists(TEXT.filter(str.strip), min_size=1, max_size=3, unique=True))
        stakeholders = [
            tradeoff.Stakeholder(name=name, influence=draw(st.integers(1, 5)), weighting=choice()) for name in names
        ]
    return attrs.evolve(
        scenario, criteria=criteria, method=method, weighting=weighting, stakeholders=stakeholders
    )


#: Plain data as TOML and JSON hold it: scalars, lists and string-keyed tables.
plain_data = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=12,
)


# -- CSV texts (the reader of tables of alternatives) ---------------------------------

#: Cells with every character that matters to a CSV reader: both quotes' jobs, the
#: three separators, every line end, spaces.
CSV_CELLS = st.text(alphabet='ab1 é,;\t"\n\r', max_size=6)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class CsvTable(NamedTuple):
    """A CSV text and, worked out from how it was written, the table it holds."""

    text: str
    header: tuple[str, ...]
    #: The kept rows: (the line it starts on, its cells, the name stripped).
    rows: list[tuple[int, list[str]]]
    #: The rows of the wrong width that are not blank: (line, how many cells).
    ragged: list[tuple[int, int]]


def _csv_cell(draw, cell: str, delimiter: str) -> str:
    """A cell as a spreadsheet writes it: quoted when it must be (and sometimes when
    not), quotes doubled."""
    if any(c in cell for c in (delimiter, '"', "\n", "\r")) or draw(st.booleans()):
        return '"' + cell.replace('"', '""') + '"'
    return cell


@st.composite
def csv_tables(draw) -> CsvTable:
    """CSV texts with quotes, separators and line breaks in cells, CR/LF line ends,
    blank lines, ragged rows and empty cells, with the table each holds: the header
    (its last cell may hold a line break), the rows of the header's width that are
    not empty, each with its first line (header = line 1), and the ragged ones."""
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    k = draw(st.integers(1 if delimiter == "," else 2, 4))
    others = draw(st.lists(IDS.filter(lambda h: h != "name"), min_size=k - 1, max_size=k - 1, unique=True))
    header = ["name", *others]
    if k > 1 and draw(st.booleans()):
        header[-1] += "\nmore"
    cells = st.lists(CSV_CELLS, min_size=k, max_size=k)
    rows = draw(
        st.lists(
            st.one_of(cells, st.lists(CSV_CELLS, max_size=k + 2), st.just([]), st.just([" "] * k)),
            max_size=8,
        )
    )
    named = [draw(CSV_CELLS.filter(lambda c: c.strip() != "")), *draw(cells)[1:]]
    rows.insert(draw(st.integers(0, len(rows))), named)
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    records = [header, *rows]
    lines = [delimiter.join(_csv_cell(draw, c, delimiter) for c in record) for record in records]
    text = end.join(lines) + (end if draw(st.booleans()) else "")
    kept, ragged, line = [], [], 1 + len(_LINE_BREAK.findall("".join(header))) + 1
    for record in rows:
        if any(c.strip() for c in record):
            same = [_LINE_BREAK.sub("\n", c) for c in record]
            if len(record) != k:
                ragged.append((line, len(record)))
            else:
                kept.append((line, [same[0].strip(), *same[1:]]))
        line += 1 + sum(len(_LINE_BREAK.findall(c)) for c in record)
    return CsvTable(text=text, header=tuple(h.strip() for h in header), rows=kept, ragged=ragged)


# =========================================================================================
# One evaluation path (tests/test_one_path.py): the same alternatives written inline in
# a scenario and as the rows of a CSV table, with cells that sometimes break a check.
#
# The scenario has two inline criteria "a" (max) and "b" (min) and the built-in
# "lock_in", which reads contract_months (a required integer from 0 to 120),
# documented_share (a number from 0 to 1, default 0) and proprietary_software (a
# boolean, default false).  A row's value is, now and then, zero, negative or beyond
# 1e100 in size (what some methods cannot take); a fact is, now and then, out of its
# range, a fraction for an integer, text, or missing where it is required.  None is an
# absent key in TOML and an empty cell in CSV.
# =========================================================================================

#: (method, normalization or None for the method's default) the property draws from.
ONE_PATH_METHODS = (("topsis", None), ("topsis", "none"), ("aras", None), ("wsm", "max"), ("wsm", "minmax"))
ONE_PATH_FACTS = ("contract_months", "documented_share", "proprietary_software")

_ONE_PATH_VALUE = st.one_of(
    st.floats(0.5, 1000, allow_nan=False),
    st.integers(1, 1000),
    st.sampled_from([0.0, -2.5, 0, 1e200]),
)
_ONE_PATH_FACT = {
    "contract_months": st.one_of(st.integers(0, 120), st.sampled_from([None, 121, -1, 1.5, "x"])),
    "documented_share": st.one_of(
        st.none(), st.floats(0, 1, allow_nan=False), st.sampled_from([1, 0, 2.0, -0.5, "x"])
    ),
    "proprietary_software": st.one_of(st.none(), st.booleans(), st.just("x")),
}


@st.composite
def one_path_rows(draw, max_rows: int = 6) -> list[dict[str, object]]:
    """Rows {"name", "a", "b", and the lock_in facts (a value, or None for absent)}:
    mostly good, the bad values coming from the few "sampled_from" choices above."""
    names = draw(
        st.lists(
            st.text(alphabet="abcXYZ019 _-", min_size=1, max_size=6).filter(lambda s: s == s.strip()),
            min_size=1, max_size=max_rows, unique=True,
        )
    )
    rows = []
    for name in names:
        row: dict[str, object] = {"name": name, "a": draw(_ONE_PATH_VALUE), "b": draw(_ONE_PATH_VALUE)}
        for fact in ONE_PATH_FACTS:
            row[fact] = draw(_ONE_PATH_FACT[fact])
        rows.append(row)
    return rows


# =========================================================================================
# Methods over chunks of rows (tests/test_partition.py).
# =========================================================================================


@st.composite
def method_settings(draw, method, matrix: np.ndarray) -> dict[str, object]:
    """What `method` (a `tradeoff.Method`) takes beyond its normalization, for `matrix`
    ``(n, m)``: each of its own parameters at an end of its range, inside it, or left
    at its default; and per criterion, for ``bounds`` (SPOTIS's), None (about one in
    three: the data's own) or bounds covering the column (each end the column's own, or
    a rounded value in [LOW, HIGH] beyond it), low < high even for a constant column.
    A per-criterion setting this strategy does not know is an error, not left out."""
    out: dict[str, object] = {}
    for p in method.params:
        low = p.default - 1.0 if p.low is None else p.low
        high = p.default + 1.0 if p.high is None else p.high
        if draw(st.booleans()):
            out[p.name] = draw(st.one_of(st.just(low), st.just(high), st.floats(low, high)))
    for name in method.criterion_params:
        if name != "bounds":
            raise ValueError(f"method_settings does not know the criterion setting {name!r}")

        def gap() -> float:
            return 0.0 if draw(_pick(3)) else draw(values())

        bounds: list[tuple[float, float] | None] = []
        for column in matrix.T:
            if draw(_pick(3)):
                bounds.append(None)
                continue
            low, high = float(column.min() - gap()), float(column.max() + gap())
            bounds.append((low, high if high > low else high + draw(values())))
        out[name] = bounds
    return out


def numeric_texts(blanks: bool = False) -> st.SearchStrategy[list[str]]:
    """Columns of cells made of a number's characters (digits, points, e, E, signs),
    most not numbers at all: what a reader's test of the number forms must sort; with
    `blanks`, empty and blank cells, spaces and letters too."""
    alphabet = "0123456789.eE+-" + (" \txnNyY" if blanks else "")
    cell = st.text(alphabet=alphabet, min_size=0 if blanks else 1, max_size=8) | st.floats(allow_nan=False, allow_infinity=False).map(repr)
    return st.lists(cell, min_size=1, max_size=6)


def printed_floats() -> st.SearchStrategy[float]:
    """Any float, and the ones where printing changes form: the border of the
    positional and scientific forms, whole numbers, the subnormals, the float limit."""
    borders = [1e15, 1.5e15, 999999999999999.9, 9.999999999999999e15, 1e16, 1.7976931348623157e308,
               1.7976931348623151e308, 2.2250738585072014e-308, 5e-324, 1e-5, 9.99999999999999e-5, -0.0, 6.0]
    return st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(borders)


def csv_records(width: int) -> st.SearchStrategy[list[list[object]]]:
    """Records of `width` fields for a CSV writer: text with quotes, separators, CR and
    LF among the characters, and integers."""
    field = st.text(alphabet='ab,"\r\n é', max_size=6) | st.integers()
    return st.lists(st.lists(field, min_size=width, max_size=width), max_size=8)


def json_data() -> st.SearchStrategy[object]:
    """What a JSON document holds (dicts with string keys, lists and tuples, strings of
    any characters, ints, floats, booleans, None), nested, with now and then a value
    JSON cannot hold (a NaN, a set, an integer key)."""
    leaves = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
        st.text(), st.sampled_from([0.1 + 0.2, 1 / 3, -0.0, 1e300, 5e-324, 2**63]),
    )
    odd = st.one_of(st.just(float("nan")), st.just(float("inf")), st.just({1, 2}))
    return st.recursive(
        st.one_of(leaves, leaves, leaves, odd),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.lists(inner, max_size=3).map(tuple),
            st.dictionaries(st.text(max_size=6), inner, max_size=4),
            st.dictionaries(st.integers(0, 3), inner, min_size=1, max_size=2),
        ),
        max_leaves=20,
    )
