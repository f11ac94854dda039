"""The conformance kit (`tradeoff.testing`): every built-in criterion and method passes
it, and each kind of broken plugin fails it with a message that says what to fix."""

from __future__ import annotations

import numpy as np
import pytest

import tradeoff
from tradeoff import Criterion, Fact, FactType, Method
from tradeoff import testing as kit
from tradeoff.testing import ConformanceError, check_criterion, check_method

ENGINE = tradeoff.Engine(entry_points=False)


# -- every built-in passes ---------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ENGINE.criteria))
def test_every_builtin_criterion_conforms(name):
    check_criterion(ENGINE.criteria[name])


@pytest.mark.parametrize(("alternatives", "seed"), [(1, 1), (2, 2), (500, 3)])
def test_a_builtin_criterion_conforms_with_other_sizes_and_seeds(alternatives, seed):
    check_criterion(ENGINE.criteria["cost"], alternatives=alternatives, seed=seed)


@pytest.mark.parametrize("name", sorted(ENGINE.methods))
def test_every_builtin_method_conforms(name):
    check_method(ENGINE.methods[name])


def test_the_host_checks_run_for_every_fact(monkeypatch):
    """One valid scenario ranks; each bad fact (out of range, a string for a number, a
    number for a boolean, a required one left out) is a ScenarioError naming it."""
    outcomes = []
    rank = kit._rank

    def spy(engine, criterion, context, rows):
        try:
            rank(engine, criterion, context, rows)
        except tradeoff.ScenarioError as error:
            outcomes.append(str(error))
            raise
        outcomes.append("ranked")

    monkeypatch.setattr(kit, "_rank", spy)
    check_criterion(ENGINE.criteria["control"])
    # response_hours: out of range, a string, left out; three booleans: a number each.
    assert outcomes[0] == "ranked" and len(outcomes) == 1 + 3 + 3
    assert all("response_hours" in text for text in outcomes[1:4])
    assert {"nda", "data_on_premises", "admin_access"} == {
        name for text in outcomes[4:] for name in ("nda", "data_on_premises", "admin_access") if name in text
    }


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        (TypeError("boom"), "bad fact 'response_hours' (a string for a number) raised TypeError('boom') instead "
                            "of a ScenarioError: declare the fact's type and range"),
        (None, "bad fact 'nda' (a number for a boolean) was accepted: declare the fact's type"),
    ],
)
def test_what_the_host_does_with_bad_facts_is_reported(monkeypatch, host, expected):
    def rank(engine, criterion, context, rows):
        if host is not None:
            raise host

    monkeypatch.setattr(kit, "_rank", rank)
    problems = problems_of(check_criterion, ENGINE.criteria["control"], expected)
    assert len(problems) == 6 + (host is not None)  # six bad facts, and the valid scenario when the host raises


# -- broken criteria ---------------------------------------------------------------------

FACTS = (
    Fact(name="hours", unit="hours", low=0, high=720),
    Fact(name="fee", unit="USD", low=0, high=1e12, default=0),
    Fact(name="nda", type=FactType.BOOLEAN, default=False),
)


def good(facts):
    return 10 / (1 + facts["hours"]) - facts["fee"] * 1e-12 + facts["nda"].astype(float)


def criterion(score=good, *, facts=FACTS, **fields):
    spec = dict(id="uptime", label="Uptime", direction="max", unit="points", description="How available.",
                formula="10 / (1 + hours) - fee * 1e-12 + nda")
    return Criterion(**{**spec, **fields}, facts=facts, score=score)


def problems_of(check, subject, *fragments):
    """The problems `check` finds in `subject`; each fragment appears in one of them."""
    with pytest.raises(ConformanceError) as info:
        check(subject)
    for fragment in fragments:
        assert any(fragment in p for p in info.value.problems), (fragment, info.value.problems)
    return info.value.problems


def test_a_sound_criterion_passes():
    check_criterion(criterion())


def test_reading_an_undeclared_fact():
    problems_of(check_criterion, criterion(lambda f: good(f) + f["discount"]),
                "score reads fact 'discount', which the criterion does not declare (declare it in facts=...)")


def test_an_undeclared_fact_read_with_a_default_is_reported_too():
    problems_of(check_criterion, criterion(lambda f: good(f) + f.get("discount", 0)), "'discount'")


def test_returning_a_scalar():
    problems_of(check_criterion, criterion(lambda f: float(good(f).sum())),
                "score returned shape () for 25 alternatives; return one value per alternative "
                "(vectorise over the arrays)")


def test_returning_the_wrong_length():
    problems_of(check_criterion, criterion(lambda f: good(f)[:1]), "score returned shape (1,) for 25 alternatives")


def test_returning_nan():
    problems = problems_of(check_criterion, criterion(lambda f: np.where(f["nda"], np.nan, good(f))),
                           "score returned nan for valid facts (", "nda=True")
    assert len(problems) == 1


def test_dividing_by_zero_names_the_row():
    problems_of(check_criterion, criterion(lambda f: good(f) + 1 / f["hours"]),
                "score raised RuntimeWarning('divide by zero", "(hours=0.0,", "narrow low/high")


def test_depending_on_other_rows():
    problems_of(check_criterion, criterion(lambda f: good(f) - f["hours"].mean()),
                "score depends on the other alternatives", "no column means")


def test_writing_into_an_input_array():
    def score(facts):
        hours = facts["hours"]
        hours += 1
        return good(facts)

    problems_of(check_criterion, criterion(score), "score modifies its input")


def test_writing_into_the_facts_mapping():
    def score(facts):
        facts["hours"] = facts["hours"] * 2
        return good(facts)

    problems_of(check_criterion, criterion(score), "score modifies its input")


def test_randomness():
    rng = np.random.default_rng()
    problems_of(check_criterion, criterion(lambda f: good(f) + rng.random(len(f["hours"]))),
                "score is not deterministic")


def test_a_default_outside_the_facts_range():
    fee = Fact(name="fee", unit="USD", low=0, high=100, default=0)
    object.__setattr__(fee, "default", 500)  # Fact refuses it when built; a copy may not
    problems_of(check_criterion, criterion(facts=(FACTS[0], fee, FACTS[2])),
                "fact 'fee' has default 500, which is not a number from 0 to 100 (USD)")


def test_a_fact_whose_low_is_above_its_high():
    hours = Fact(name="hours", low=10, high=0)
    problems_of(check_criterion, criterion(facts=(hours, *FACTS[1:])), "fact 'hours' has low 10 > high 0")


def test_empty_unit():
    assert problems_of(check_criterion, criterion(unit=""), "unit is empty") == (
        "unit is empty: set unit=... (what the value is measured in, e.g. 'USD' or 'points (0-10)')",
    )


def test_a_declared_fact_score_never_reads():
    problems_of(check_criterion, criterion(lambda f: 10 / (1 + f["hours"]) + f["nda"]),
                "declares fact(s) 'fee' but score never reads them")


def test_a_loop_over_alternatives_instead_of_arrays():
    problems_of(check_criterion, criterion(lambda f: max(f["hours"], 1.0) + good(f)),
                "score raised ValueError('The truth value of an array")


def test_only_criteria_and_methods_are_checked():
    with pytest.raises(TypeError, match="expects a tradeoff.Criterion"):
        check_criterion(ENGINE.methods["wsm"])
    with pytest.raises(TypeError, match="expects a tradeoff.Method"):
        check_method(ENGINE.criteria["cost"])


def test_the_error_survives_pickling():
    import pickle

    error = ConformanceError("criterion 'x'", ["one", "two"])
    again = pickle.loads(pickle.dumps(error))
    assert again.problems == ("one", "two") and str(again) == str(error)


def test_every_problem_is_listed_at_once():
    error = None
    try:
        check_criterion(criterion(lambda f: good(f) + f["discount"], unit=" ", formula=""))
    except ConformanceError as caught:
        error = caught
    assert isinstance(error, AssertionError)
    assert len(error.problems) == 3
    assert [p.split(" ")[0] for p in error.problems] == ["unit", "formula", "score"]
    text = str(error)
    assert text.startswith("criterion 'uptime' breaks the plugin contract (3 problems):")
    assert all(f"\n  - {p}" in text for p in error.problems)


# -- broken methods ----------------------------------------------------------------------


def minmax_sum(matrix, weights, benefit, axis=-2):
    lo, hi = matrix.min(axis=axis, keepdims=True), matrix.max(axis=axis, keepdims=True)
    span = np.where(hi > lo, hi - lo, 1.0)
    up = np.asarray(benefit)[..., None, :]
    u = np.where(up, matrix - lo, hi - matrix) / span
    return (u * np.asarray(weights)[..., None, :]).sum(axis=-1), {"utilities": u}


def method(kernel=minmax_sum, **fields):
    return Method(**{"name": "demo", "kernel": kernel, "normalizations": (), "default_normalization": None,
                     **fields})


def test_a_sound_method_passes():
    check_method(method())


def test_a_kernel_that_is_not_stack_safe():
    problems_of(check_method, method(lambda x, w, b: minmax_sum(x, w, b, axis=0)),
                "kernel is not stack-safe", "never axis 0")


def test_a_kernel_returning_a_column():
    problems = problems_of(check_method, method(lambda x, w, b: (minmax_sum(x, w, b)[0][..., None], {})),
                           "kernel returned scores of shape (2, 1) for a (2, 1) matrix; return one score "
                           "per alternative")
    assert len(problems) == 1


def test_a_kernel_that_writes_into_its_input():
    def kernel(x, w, b):
        x -= x.min(axis=-2, keepdims=True)
        return minmax_sum(x, w, b)

    problems_of(check_method, method(kernel), "kernel modifies its input")


def test_a_method_declaring_an_invariant_it_breaks():
    def raw_sum(x, w, b):  # no normalization: rescaling a column changes the ranking
        return (x * np.where(b, 1.0, -1.0)[..., None, :] * w[..., None, :]).sum(axis=-1), {}

    problems = problems_of(check_method, method(raw_sum),
                           "declares invariant 'column_scaling' (multiplying a criterion's values by c > 0 "
                           "changes nothing", "leave 'column_scaling' out of invariants=...")
    assert len(problems) == 1
    check_method(method(raw_sum, invariants=tradeoff.core.methods.COMMON_INVARIANTS - {"column_scaling"}))


def test_a_kernel_that_fails_with_a_parameter_at_its_bound():
    def kernel(x, w, b, power):
        return minmax_sum(x, w, b)[0] ** (1 / power), {}

    param = tradeoff.Param(name="power", default=1.0, low=0.0, high=4.0)
    problems_of(check_method, method(kernel, params=(param,)), "Method.run with power = 0 raised")
