"""The scikit-criteria bridge (``skc.*`` methods): present only with scikit-criteria,
never imported by ``import tradeoff``, and ranking as scikit-criteria itself does
after the preprocessing each method's description names."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import textwrap
import warnings

import attrs
import numpy as np
import pytest
from hypothesis import given

import tradeoff
from tradeoff.cli import main

from .strategies import cross_check_problems, stacks

pytest.importorskip("skcriteria")  # the "test" extra installs it

from skcriteria import mkdm  # noqa: E402
from skcriteria.agg import electre, moora  # noqa: E402
from skcriteria.agg.cocoso import CoCoSo  # noqa: E402
from skcriteria.agg.codas import CODAS  # noqa: E402
from skcriteria.agg.mairca import MAIRCA  # noqa: E402
from skcriteria.agg.marcos import MARCOS  # noqa: E402
from skcriteria.agg.ocra import OCRA  # noqa: E402
from skcriteria.agg.probid import PROBID  # noqa: E402
from skcriteria.agg.ram import RAM  # noqa: E402
from skcriteria.agg.rim import RIM  # noqa: E402
from skcriteria.preprocessing.invert_objectives import BenefitCostInverter  # noqa: E402
from skcriteria.preprocessing.scalers import SumScaler, VectorScaler  # noqa: E402

ENGINE = tradeoff.Engine(entry_points=False)
SKC = sorted(name for name in ENGINE.methods if name.startswith("skc."))


def run_python(code: str, cwd) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "TRADEOFF_NO_ENTRY_POINTS": "1"},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


# -- without scikit-criteria, and without importing it -----------------------------------


@pytest.mark.slow
def test_neither_import_nor_engine_imports_scikit_criteria_until_a_bridged_method_runs(
    example_path,
):
    out = run_python(
        f"""
        import sys, tradeoff
        scenario = tradeoff.load({str(example_path)!r})
        engine = tradeoff.Engine(entry_points=False)
        print("skc.electre1" in engine.methods, "skcriteria" in sys.modules)
        engine.rank(scenario, method="topsis")
        print("skcriteria" in sys.modules)
        engine.rank(scenario, method="skc.electre1")
        print("skcriteria" in sys.modules)
        """,
        example_path.parent,
    )
    assert out == ["True", "False", "False", "True"]


def test_without_scikit_criteria_the_engine_builds_with_no_skc_method(monkeypatch):
    monkeypatch.setitem(sys.modules, "skcriteria", None)  # import skcriteria -> ImportError
    engine = tradeoff.Engine(entry_points=False)
    assert not [name for name in engine.methods if name.startswith("skc.")]
    assert {"topsis", "wsm"} <= set(engine.methods)
    info = {p.name: p for p in engine.plugins}["tradeoff.plugins.skcriteria_bridge"]
    assert info.methods == ()


# -- every bridged method ---------------------------------------------------------------


def kernel_of(result):
    return np.asarray(result.values, dtype=float)


#: What each method's description promises, spelt out with scikit-criteria's own
#: pieces: (its preprocessing, the method, where its score is).
REFERENCE = {
    "skc.electre1": (lambda: [SumScaler(target="matrix")], electre.ELECTRE1, kernel_of),
    "skc.electre2": (lambda: [SumScaler(target="matrix")], electre.ELECTRE2, "score"),
    "skc.refpoint_moora": (
        lambda: [VectorScaler(target="matrix")], moora.ReferencePointMOORA, "score"),
    "skc.fmf_moora": (
        lambda: [VectorScaler(target="matrix")], moora.FullMultiplicativeForm, "score"),
    "skc.multimoora": (lambda: [VectorScaler(target="matrix")], moora.MultiMOORA, "score"),
    "skc.cocoso": (lambda: [BenefitCostInverter()], CoCoSo, "score"),
    "skc.codas": (lambda: [BenefitCostInverter()], CODAS, "score"),
    "skc.marcos": (list, MARCOS, "utility_scores"),
    "skc.ocra": (list, OCRA, "performance"),
    "skc.probid": (lambda: [VectorScaler(target="matrix")], PROBID, "score"),
    "skc.ram": (lambda: [SumScaler(target="matrix")], RAM, "score"),
    "skc.mairca": (list, MAIRCA, "values"),
    "skc.rim": (list, RIM, "score"),
}


def test_every_bridged_method_has_a_reference_and_says_where_it_comes_from():
    assert SKC == sorted(REFERENCE)
    for name in SKC:
        method = ENGINE.methods[name]
        _, cls, _ = REFERENCE[name]
        assert f"skcriteria.agg.{cls.__module__.split('.')[-1]}.{cls.__name__}" in method.description
        assert method.provided_by == "tradeoff.plugins.skcriteria_bridge"
        assert "no_rank_reversal" not in method.invariants


def scikit_criteria(name, x, w, benefit):
    """scikit-criteria's own result, criteria of weight 0 left out as the bridge does."""
    steps, cls, _ = REFERENCE[name]
    keep = w > 0
    dm = mkdm(x[:, keep], [max if b else min for b in benefit[keep]], weights=w[keep] / w.sum())
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")  # PROBID's "min objectives", RIM's defaults...
        for step in steps():
            dm = step.transform(dm)
        with np.errstate(all="ignore"):
            return cls().evaluate(dm)


@pytest.mark.parametrize("name", SKC)
def test_every_bridged_method_ranks_the_shipped_example(name, example_path):
    result = ENGINE.rank(tradeoff.load(example_path), method=name)
    assert all(np.isfinite(row.score) for row in result.rows)
    assert [row.rank for row in result.rows][0] == 1
    assert result.ranking.method == name


@pytest.mark.parametrize("name", SKC)
@given(problem=cross_check_problems())
def test_every_bridged_method_ranks_as_scikit_criteria_does(name, problem):
    x, w, benefit = problem
    ours = ENGINE.rank_matrix(x, w, benefit, method=name)
    theirs = scikit_criteria(name, x, w, benefit)
    score = REFERENCE[name][2]
    expected = score(theirs) if callable(score) else theirs.e_[score]
    np.testing.assert_allclose(ours.scores, expected, rtol=1e-9, atol=1e-12)
    # Their ranks are dense (1, 2, 2, 3) and ours competition ranks (1, 2, 2, 4); the
    # orders agree: what they tie we tie, what they order we never reverse.  (A kernel
    # is ranks 1 and 2 for them.)
    their = (
        np.where(theirs.values, 1, 2) if theirs.values.dtype == bool else theirs.values
    )
    ours_ranks = ours.ranks
    for i in range(len(x)):
        for j in range(len(x)):
            if their[i] == their[j]:
                assert ours_ranks[i] == ours_ranks[j]
            elif their[i] < their[j]:
                assert ours_ranks[i] <= ours_ranks[j]


@pytest.mark.parametrize("name", SKC)
@given(problem=stacks(max_k=3))
def test_a_stack_ranks_like_the_loop_over_its_members(name, problem):
    x, w, d = problem
    stacked = ENGINE.rank_matrix(x, w, d, method=name)
    for k in range(len(x)):
        one = ENGINE.rank_matrix(
            x[k], w if w.ndim == 1 else w[k], d if d.ndim == 1 else d[k], method=name
        )
        np.testing.assert_array_equal(stacked.scores[k], one.scores)
        np.testing.assert_array_equal(stacked.ranks[k], one.ranks)
        assert set(stacked.diagnostics) == set(one.diagnostics)
        for key, value in one.diagnostics.items():
            np.testing.assert_array_equal(stacked.diagnostics[key][k], value)


# -- the conversion's conventions ---------------------------------------------------------

MATRIX = np.array([[5.0, 2.0, 7.0], [9.0, 3.0, 5.0], [7.0, 1.0, 8.0], [6.0, 2.5, 6.5]])
DIRECTIONS = ["max", "min", "max"]


def test_a_criterion_of_weight_zero_is_left_out_and_its_diagnostics_are_nan():
    full = ENGINE.rank_matrix(MATRIX, [1, 0, 1], DIRECTIONS, method="skc.multimoora")
    without = ENGINE.rank_matrix(MATRIX[:, [0, 2]], [1, 1], ["max", "max"], method="skc.multimoora")
    np.testing.assert_array_equal(full.scores, without.scores)
    point = full.diagnostics["reference_point"]
    assert np.isnan(point[1]) and np.isfinite(point[[0, 2]]).all()
    assert "reference_point" in ENGINE.methods["skc.multimoora"].criterion_diagnostics


@pytest.mark.parametrize("name", SKC)
def test_identical_alternatives_all_tie_without_calling_scikit_criteria(name, monkeypatch):
    monkeypatch.setitem(sys.modules, "skcriteria", None)  # a call would raise
    out = ENGINE.rank_matrix(np.tile(MATRIX[:1], (3, 1)), [1, 2, 3], DIRECTIONS, method=name)
    assert out.scores.tolist() == [0.0, 0.0, 0.0] and out.ranks.tolist() == [1, 1, 1]
    assert all(np.isnan(value).all() for value in out.diagnostics.values())


def test_a_method_the_installed_scikit_criteria_lacks_is_not_registered():
    from tradeoff.plugins.skcriteria_bridge import METHODS

    bridge, _ = METHODS[0]
    assert bridge.available()
    assert not attrs.evolve(bridge, module="no_such_method").available()


def test_a_constant_column_of_zeros_is_a_scenario_error_where_values_must_be_positive():
    zero = np.column_stack([MATRIX, np.zeros(4)])
    for name in ("skc.fmf_moora", "skc.ram", "skc.mairca", "skc.electre2"):
        with pytest.raises(tradeoff.ScenarioError, match=rf"values > 0 for method '{name}', got 0 in column 3"):
            ENGINE.rank_matrix(zero, [1, 1, 1, 1], [*DIRECTIONS, "max"], method=name)


def test_values_that_must_be_positive_are_a_scenario_error():
    x = MATRIX.copy()
    x[2, 1] = 0.0
    with pytest.raises(tradeoff.ScenarioError, match="values > 0 for method 'skc.ocra'"):
        ENGINE.rank_matrix(x, [1, 1, 1], DIRECTIONS, method="skc.ocra")


def test_parameters_are_checked_including_electre_two_s_ordered_thresholds():
    out = ENGINE.rank_matrix(MATRIX, [1, 1, 1], DIRECTIONS, method="skc.electre1", p=0.5, q=0.5)
    assert out.params == {"p": 0.5, "q": 0.5}
    with pytest.raises(tradeoff.ScenarioError, match=r"p1: expected p0 >= p1 >= p2, so at most p0 = 0.4, got 0.5"):
        ENGINE.rank_matrix(MATRIX, [1, 1, 1], DIRECTIONS, method="skc.electre2", p0=0.4)
    with pytest.raises(tradeoff.ScenarioError, match="q: expected a number from 0.0 to 1.0"):
        ENGINE.rank_matrix(MATRIX, [1, 1, 1], DIRECTIONS, method="skc.electre1", q=2)
    with pytest.raises(tradeoff.ScenarioError, match="no normalization"):
        ENGINE.rank_matrix(MATRIX, [1, 1, 1], DIRECTIONS, method="skc.cocoso", normalization="sum")


def test_scikit_criteria_s_warnings_and_prints_stay_inside(capsys):
    before = list(warnings.filters)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for name in SKC:  # PROBID warns about "min" objectives, MARCOS prints
            ENGINE.rank_matrix(MATRIX, [1, 1, 1], DIRECTIONS, method=name)
    assert caught == []
    assert warnings.filters == before
    assert capsys.readouterr() == ("", "")


# -- the command line -------------------------------------------------------------------------


@pytest.fixture
def _no_entry_points(monkeypatch):
    monkeypatch.setenv("TRADEOFF_NO_ENTRY_POINTS", "1")


@pytest.mark.usefixtures("_no_entry_points")
def test_the_cli_ranks_with_a_bridged_method(capsys, example_path):
    assert main(["rank", str(example_path), "--method", "skc.electre1"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "Top choice: BrightPath Managed IT" in out
    assert "Method: skc.electre1" in out


@pytest.mark.usefixtures("_no_entry_points")
def test_the_cli_json_carries_the_method_s_diagnostics_and_nothing_else(capsys, example_path):
    assert main(["rank", str(example_path), "--method", "skc.marcos", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)  # MARCOS's own print would break this
    assert data["method"]["name"] == "skc.marcos"
    assert set(data["alternatives"][0]["diagnostics"]) == {"k_minus", "k_plus"}


@pytest.mark.usefixtures("_no_entry_points")
def test_electre_two_s_thresholds_out_of_order_in_a_file_are_exit_status_2(capsys, tmp_path, example_path):
    text = example_path.read_text(encoding="utf-8").replace(
        'method = { name = "topsis", normalization = "vector" }',
        'method = { name = "skc.electre2", p0 = 0.3 }',
    )
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    assert main(["rank", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {bad}:") and "method.p1: expected p0 >= p1 >= p2" in err
