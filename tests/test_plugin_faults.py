"""A plugin's hook that fails is a `PluginError` naming the plugin and the hook, exit 3,
whatever it raises (`SystemExit` too) and whichever hook it is; what passes through is
a user's mistake a checking hook reports on purpose, an interrupt, and running out of
memory, which is the decision's size (exit 2, saying so).  A hook gets read-only
views of what it must not change."""

from __future__ import annotations

import numpy as np
import pytest

import tradeoff
from tradeoff import PluginError, ScenarioError
from tradeoff.cli import main

from .scenarios import BASE, change
from .test_plugin_ops import EXAMPLE, entry_points_on  # noqa: F401  (a fixture)
from .test_registry import install_fake_distribution


def wsm_kernel(x, w, b, **params):
    return (np.where(b, x, -x) * w[..., None, :]).sum(-1), {}


def plugin(name: str, **hooks: object) -> object:
    """A plugin object called `name` that registers `hooks` (methods=[...], criteria=[...], ...)."""

    def register(items):
        def hook(self, registrar):
            for item in items:
                registrar.add(item)

        return tradeoff.hookimpl(hook)

    body = {f"tradeoff_register_{kind}": register(items) for kind, items in hooks.items()}
    return type(name, (), body)()


def engine_with(name: str, **hooks: object) -> tradeoff.Engine:
    return tradeoff.Engine(entry_points=False, plugins=[plugin(name, **hooks)])


def method(name: str = "m", **fields: object) -> tradeoff.Method:
    return tradeoff.Method(**{"name": name, "kernel": wsm_kernel, **fields})


def boom(*args, **kwargs):
    raise RuntimeError("boom")


UPTIME = """\
method = "wsm"
[criteria.uptime]
[criteria.speed]
direction = "max"
[[alternatives]]
name = "A"
values = { speed = 3 }
facts = { hours = 1 }
[[alternatives]]
name = "B"
values = { speed = 5 }
facts = { hours = 2 }
"""


def uptime(score) -> tradeoff.Criterion:
    return tradeoff.Criterion(id="uptime", direction="max", score=score, facts=(tradeoff.Fact(name="hours", low=0),))


def scheme(derive) -> tradeoff.WeightingScheme:
    return tradeoff.WeightingScheme(name="votes", derive=derive)


# -- A and B: every hook guarded, one wording -------------------------------------------


def _fails(hook: str):
    """(engine, the call that runs `hook`, the hook's name in the error) with a hook raising boom."""
    matrix = lambda e: e.rank_matrix([[1.0, 2.0], [2.0, 1.0]], [1, 1], ["max", "min"], method="m")  # noqa: E731
    with_method = lambda e: e.rank(tradeoff.loads(change("[criteria.price]", 'method = "m"\n[criteria.price]')))  # noqa: E731
    if hook == "score":
        return engine_with("P", criteria=[uptime(boom)]), lambda e: e.rank(tradeoff.loads(UPTIME)), "criterion 'uptime' score()"
    if hook == "kernel":
        return engine_with("P", methods=[method(kernel=boom)]), matrix, "method 'm' kernel"
    if hook == "check_data (rank)":
        return engine_with("P", methods=[method(check_data=boom)]), with_method, "method 'm' check_data"
    if hook == "check_data (rank_matrix)":
        return engine_with("P", methods=[method(check_data=boom)]), matrix, "method 'm' check_data"
    if hook == "check_setting":
        fussy = method(criterion_params=("preference",), check_setting=boom)
        call = lambda e: e.rank_matrix([[1.0, 2.0], [2.0, 1.0]], [1, 1], ["max", "min"], method="m", preference=[None, None])  # noqa: E731
        return engine_with("P", methods=[fussy]), call, "method 'm' check_setting"
    if hook == "utilities":
        adds = method(utilities=boom)
        return engine_with("P", methods=[adds]), lambda e: e.stability(tradeoff.loads(change("[criteria.price]", 'method = "m"\n[criteria.price]'))), "method 'm' utilities"
    if hook in ("reweigh", "reweigh's scores"):
        many = method(reweigh=boom if hook == "reweigh" else lambda matrix, benefit, **params: boom)
        call = lambda e: e.sensitivity(tradeoff.loads(change("[criteria.price]", 'method = "m"\n[criteria.price]')), samples=20)  # noqa: E731
        return engine_with("P", methods=[many]), call, "method 'm' reweigh"
    if hook == "weighting scheme":
        call = lambda e: e.rank(tradeoff.loads(change("weight = 2\n", "").replace("[criteria.price]", '[weights]\nscheme = "votes"\n[criteria.price]')))  # noqa: E731
        return engine_with("P", weightings=[scheme(boom)]), call, "weighting scheme 'votes'"
    if hook == "report format":
        fmt = tradeoff.ReportFormat(name="broken", label="B", suffixes=(), render=boom)
        return engine_with("P", reports=[fmt]), lambda e: e.report(tradeoff.loads(BASE), fmt="broken"), "report format 'broken'"
    raise AssertionError(hook)


HOOKS = ["score", "kernel", "check_data (rank)", "check_data (rank_matrix)", "check_setting", "utilities",
         "reweigh", "reweigh's scores", "weighting scheme", "report format"]


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_that_raises_is_a_plugin_error_in_one_wording(hook):
    engine, call, name = _fails(hook)
    with pytest.raises(PluginError) as error:
        call(engine)
    assert str(error.value) == f"plugin 'P': {name}: raised RuntimeError('boom')"
    assert error.value.exit_status == 3 and isinstance(error.value.__cause__, RuntimeError)


def test_a_registration_hook_that_raises_reads_the_same():
    class Broken:
        @tradeoff.hookimpl
        def tradeoff_register_methods(self, registrar):
            raise RuntimeError("boom")

    with pytest.raises(PluginError, match=r"^plugin 'Broken': tradeoff_register_methods: raised RuntimeError\('boom'\)$"):
        tradeoff.Engine(entry_points=False, plugins=[Broken()])


@pytest.mark.parametrize(
    "returned",
    ["bad", (0,), (5, 0, "x"), (0, 9, "x"), (0, 0, 42)],
)
def test_check_data_returning_no_place_is_a_plugin_error(returned):
    engine = engine_with("P", methods=[method(check_data=lambda x, params: returned)])
    expected = f"plugin 'P': method 'm' check_data: returned {returned!r}, expected None or (row, column, what was expected)"
    with pytest.raises(PluginError) as error:
        engine.rank_matrix([[1.0, 2.0], [2.0, 1.0]], [1, 1], ["max", "min"], method="m")
    assert str(error.value) == expected
    with pytest.raises(PluginError) as error:
        engine.rank(tradeoff.loads(change("[criteria.price]", 'method = "m"\n[criteria.price]')))
    assert str(error.value) == expected


def test_a_check_data_that_raises_is_exit_3_through_the_cli(tmp_path, entry_points_on):  # noqa: F811
    source = """
        import tradeoff

        def check_data(x, params):
            raise RuntimeError("licence expired")

        @tradeoff.hookimpl
        def tradeoff_register_methods(registrar):
            registrar.add(tradeoff.Method(name="picky", kernel=lambda x, w, b, **p: (x.sum(-1), {}),
                                          check_data=check_data))
    """
    install_fake_distribution(tmp_path, source, "picky_one")
    entry_points_on.syspath_prepend(str(tmp_path))
    path = tmp_path / "s.toml"
    path.write_text(change("[criteria.price]", 'method = "picky"\n[criteria.price]'), encoding="utf-8")
    assert main(["rank", str(path)]) == 3


def test_what_passes_through_a_checking_hook_and_what_does_not():
    """A hook that checks the user's input may report the user's mistake; one that
    computes on checked input has none to report: its ScenarioError is its fault."""
    def refuse(name, value):
        raise ScenarioError(expected="a known function", found="nonsense", path=("function",))

    fussy = engine_with("P", methods=[method(criterion_params=("preference",), check_setting=refuse)])
    with pytest.raises(ScenarioError) as error:
        fussy.rank_matrix([[1.0, 2.0], [2.0, 1.0]], [1, 1], ["max", "min"], method="m", preference=[None, None])
    assert str(error.value) == "preference[0].function: expected a known function, got nonsense"

    def refused(settings, ids, matrix, benefit):
        raise ScenarioError(expected="votes", found="none", path=("votes",))

    text = change("weight = 2\n", "").replace("[criteria.price]", '[weights]\nscheme = "votes"\n[criteria.price]')
    with pytest.raises(ScenarioError, match=r"^<string>:1: weights\.votes: expected votes, got none$"):
        engine_with("P", weightings=[scheme(refused)]).rank(tradeoff.loads(text))

    def confused(x, w, b, **params):
        raise ScenarioError(expected="something", found="nothing")

    with pytest.raises(PluginError, match=r"^plugin 'P': method 'm' kernel: raised ScenarioError\("):
        engine_with("P", methods=[method(kernel=confused)]).rank_matrix([[1.0], [2.0]], [1], ["max"], method="m")


def test_an_interrupt_passes_through_a_hook():
    def interrupted(x, w, b, **params):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        engine_with("P", methods=[method(kernel=interrupted)]).rank_matrix([[1.0], [2.0]], [1], ["max"], method="m")


@pytest.mark.parametrize("returned", [None, (np.zeros(2),), (np.zeros(2), 3)])
def test_a_kernel_returning_no_pair_is_a_plugin_error(returned):
    engine = engine_with("P", methods=[method(kernel=lambda x, w, b, **p: returned)])
    with pytest.raises(PluginError, match=r"^plugin 'P': method 'm' kernel: returned \w+, expected \(scores, diagnostics\)"):
        engine.rank_matrix([[1.0], [2.0]], [1], ["max"], method="m")


# -- C: SystemExit is a fault, not an exit ----------------------------------------------


@pytest.mark.parametrize(("call", "shown"), [("sys.exit()", "SystemExit()"), ("sys.exit(7)", "SystemExit(7)")])
def test_a_plugin_calling_sys_exit_at_import_exits_3_naming_it(call, shown, tmp_path, entry_points_on, capsys):  # noqa: F811
    install_fake_distribution(tmp_path, f"import sys\n{call}\n", "quitter")
    entry_points_on.syspath_prepend(str(tmp_path))
    assert main(["rank", str(EXAMPLE)]) == 3
    assert capsys.readouterr().err == f"error: plugin 'quitter': entry point quitter: raised {shown}\n"


def test_a_kernel_raising_system_exit_is_a_plugin_error():
    def quits(x, w, b, **params):
        raise SystemExit(0)

    engine = engine_with("Quitter", methods=[method("quits", kernel=quits)])
    with pytest.raises(PluginError) as error:
        engine.rank(tradeoff.loads(change("[criteria.price]", 'method = "quits"\n[criteria.price]')))
    assert str(error.value) == "plugin 'Quitter': method 'quits' kernel: raised SystemExit(0)"


def test_a_kernel_raising_system_exit_is_exit_3_through_the_cli(tmp_path, entry_points_on, capsys):  # noqa: F811
    source = """
        import sys
        import tradeoff

        @tradeoff.hookimpl
        def tradeoff_register_methods(registrar):
            registrar.add(tradeoff.Method(name="quits", kernel=lambda x, w, b, **p: sys.exit(7)))
    """
    install_fake_distribution(tmp_path, source, "quitting_kernel")
    entry_points_on.syspath_prepend(str(tmp_path))
    path = tmp_path / "s.toml"
    path.write_text(change("[criteria.price]", 'method = "quits"\n[criteria.price]'), encoding="utf-8")
    assert main(["rank", str(path)]) == 3
    assert capsys.readouterr().err == "error: plugin 'quitting_kernel': method 'quits' kernel: raised SystemExit(7)\n"


# -- D: read-only inputs ----------------------------------------------------------------


@pytest.mark.parametrize("which", [0, 1, 2])
def test_a_kernel_writing_into_its_input_is_named_and_the_callers_arrays_are_unchanged(which):
    def writes(x, w, b, **params):
        (x, w, b)[which][...] = 0
        return wsm_kernel(x, w, b)

    engine = engine_with("Scribbler", methods=[method("writes", kernel=writes)])
    x = np.array([[1.0, 2.0], [3.0, 1.0]])
    w = np.array([0.5, 0.5])
    benefit = np.array([True, False])
    with pytest.raises(PluginError) as error:
        engine.rank_matrix(x, w, benefit, method="writes")
    assert str(error.value).startswith("plugin 'Scribbler': method 'writes' kernel: raised ValueError(")
    assert "read-only" in str(error.value)
    assert x.tolist() == [[1.0, 2.0], [3.0, 1.0]] and w.tolist() == [0.5, 0.5] and benefit.tolist() == [True, False]


@pytest.mark.parametrize("shape", [(2, 2), (3, 2, 2)])
def test_a_check_data_writing_into_the_matrix_is_named_and_the_callers_matrix_is_unchanged(shape):
    def writes(x, params):
        x[...] = 0

    engine = engine_with("Scribbler", methods=[method("writes", check_data=writes)])
    x = np.arange(1.0, 1.0 + np.prod(shape)).reshape(shape)
    given = x.copy()
    with pytest.raises(PluginError) as error:
        engine.rank_matrix(x, [0.5, 0.5], ["max", "min"], method="writes")
    assert str(error.value).startswith("plugin 'Scribbler': method 'writes' check_data: raised ValueError(")
    assert "read-only" in str(error.value) and error.value.exit_status == 3
    np.testing.assert_array_equal(x, given)
    with pytest.raises(PluginError, match=r"^plugin 'Scribbler': method 'writes' check_data: raised ValueError\(.*read-only"):
        engine.rank(tradeoff.loads(change("[criteria.price]", 'method = "writes"\n[criteria.price]')))



def test_a_check_data_writing_into_the_rows_left_after_a_fault_is_named_too():
    """Once a row is at fault the hook gets the others (a copy): read-only as well."""
    calls = []

    def faults_then_writes(x, params):
        calls.append(len(x))
        if len(calls) == 1:
            return (0, 0, "a value the method takes")
        x[...] = 0
        return None

    engine = engine_with("Scribbler", methods=[method("writes", check_data=faults_then_writes)])
    with pytest.raises(PluginError, match=r"^plugin 'Scribbler': method 'writes' check_data: raised ValueError\(.*read-only"):
        engine.rank_matrix([[1.0, 2.0], [3.0, 1.0], [2.0, 2.0]], [0.5, 0.5], ["max", "min"], method="writes")
    assert calls == [3, 2]

def test_a_kernel_handing_back_its_input_gives_a_ranking_of_its_own():
    engine = engine_with("P", methods=[method("echo", kernel=lambda x, w, b, **p: (x[:, 0], {"x": x}))])
    x = np.array([[1.0, 2.0], [3.0, 1.0]])
    out = engine.rank_matrix(x, [1, 1], ["max", "max"], method="echo")
    x[:] = 9
    assert out.scores.tolist() == [1.0, 3.0] and out.diagnostics["x"].tolist() == [[1.0, 2.0], [3.0, 1.0]]


def test_a_score_writing_into_its_facts_is_named_and_the_table_is_unchanged(tmp_path):
    from tradeoff.core.table_input import read_alternatives

    def writes(facts):
        facts["hours"][:] = 0
        return facts["hours"]

    engine = engine_with("Scribbler", criteria=[uptime(writes)])
    scenario = tradeoff.loads(UPTIME.split("[[alternatives]]")[0], alternatives_optional=True)
    table = tmp_path / "rows.csv"
    table.write_text("name,speed,hours\nA,3,1\nB,5,2\n", encoding="utf-8")
    columns = read_alternatives(table, scenario, engine)
    with pytest.raises(PluginError, match=r"^plugin 'Scribbler': criterion 'uptime' score\(\): raised ValueError\("):
        engine.rank(scenario, alternatives=columns)
    assert columns.inputs["uptime"]["hours"].tolist() == [1.0, 2.0]


def test_a_weighting_scheme_writing_into_the_matrix_is_named():
    def writes(settings, ids, matrix, benefit):
        matrix[...] = 0
        return tradeoff.Weighting(weights=(1.0, 1.0))

    text = change("weight = 2\n", "").replace("[criteria.price]", '[weights]\nscheme = "votes"\n[criteria.price]')
    with pytest.raises(PluginError, match=r"^plugin 'P': weighting scheme 'votes': raised ValueError\(.*read-only"):
        engine_with("P", weightings=[scheme(writes)]).rank(tradeoff.loads(text))


# -- E: one finder of the values a method cannot take ------------------------------------


def test_a_matrix_and_a_scenario_refuse_the_same_huge_value():
    expected = "expected a value of at most 1e+100 in size, and 0 or at least 1e-100, got 1e+200"
    with pytest.raises(ScenarioError) as error:
        tradeoff.rank_matrix([[1e200, 1], [1, 2]], [1, 1], ["max", "max"], normalization="none")
    assert str(error.value) == f"matrix: {expected} in column 0"
    text = change("speed = 3 }", "speed = 1e200 }", change("[criteria.price]", 'method = { name = "topsis", normalization = "none" }\n[criteria.price]'))
    with pytest.raises(ScenarioError) as error:
        tradeoff.Engine(entry_points=False).rank(tradeoff.loads(text))
    assert str(error.value).endswith(f'alternatives[0] "A".values.speed: {expected}')
    # a method that takes values as they are (aras), and a stack: its second member
    stack = np.ones((2, 2, 2))
    stack[1, 1, 1] = 1e-200
    with pytest.raises(ScenarioError, match=r"^matrix: expected a value of at most .*, got 1e-200 in column 1$"):
        tradeoff.rank_matrix(stack, [1, 1], ["max", "max"], method="aras")


def test_check_data_and_positivity_are_found_in_every_member_of_a_stack():
    def above_one(x, params):
        bad = np.argwhere(x < 1)
        return None if not len(bad) else (int(bad[0][0]), int(bad[0][1]), "values >= 1")

    engine = engine_with("P", methods=[method(check_data=above_one)])
    stack = np.ones((3, 2, 2))
    stack[2, 0, 1] = 0.5
    with pytest.raises(ScenarioError, match=r"^matrix: expected values >= 1, got 0\.5 in column 1$"):
        engine.rank_matrix(stack, [1, 1], ["max", "max"], method="m")
    stack[2, 0, 1] = -1
    with pytest.raises(ScenarioError, match=r"^matrix: expected values >= 0 for method 'aras', got -1 in column 1$"):
        tradeoff.rank_matrix(stack, [1, 1], ["max", "max"], method="aras")


# -- F: one lookup of a registered name -------------------------------------------------


def test_every_unknown_name_reads_alike(engine):
    cases = [
        (lambda: engine.method("topsys"), 'method: expected a registered method (topsis, '),
        (lambda: engine.report_format("htm"), 'format: expected a registered report format (html, '),
        (lambda: engine.rank(tradeoff.loads(change("[criteria.price]", '[weights]\nscheme = "rocc"\n[criteria.price]').replace("weight = 2\n", ""))),
         '<string>:2: weights.scheme: expected a registered weighting scheme (roc, '),
        (lambda: engine.rank(tradeoff.loads('[criteria.cots]\n[[alternatives]]\nname = "A"\n')),
         '<string>:1: criteria.cots: expected a registered criterion (cost, '),
    ]
    for call, start in cases:
        with pytest.raises(ScenarioError) as error:
            call()
        assert str(error.value).startswith(start), str(error.value)
        assert "(did you mean " in str(error.value)


# -- G: out of memory is the decision's size, exit 2, saying so -------------------------


def starved(*args, **kwargs):
    raise MemoryError


MEMORY = "expected a decision that fits in memory (fewer alternatives or samples, or a method that needs less), got "


def test_a_kernel_out_of_memory_is_a_user_error_not_a_plugin_fault():
    engine = engine_with("P", methods=[method("greedy", kernel=starved)])
    with pytest.raises(ScenarioError) as error:
        engine.rank_matrix(np.ones((3, 2)), [1, 1], ["max", "min"], method="greedy")
    assert str(error.value) == f"method: {MEMORY}not enough memory for 3 alternatives with greedy"
    assert error.value.exit_status == 2
    with pytest.raises(ScenarioError) as error:
        engine.rank_matrix(np.ones((4, 3, 2)), [1, 1], ["max", "min"], method="greedy")
    assert str(error.value).endswith("not enough memory for 3 alternatives with greedy (4 matrices at once)")


def test_a_criterion_out_of_memory_is_a_user_error():
    engine = engine_with("P", criteria=[uptime(lambda facts: starved())])
    with pytest.raises(ScenarioError) as error:
        engine.rank(tradeoff.loads(UPTIME))
    assert str(error.value) == f"<string>:1: method: {MEMORY}not enough memory for 2 alternatives with wsm"
    with pytest.raises(ScenarioError) as error:
        engine.evaluate(tradeoff.loads(UPTIME))
    assert str(error.value) == f"<string>: {MEMORY}not enough memory for 2 alternatives with the evaluation"


def test_utilities_out_of_memory_is_a_user_error():
    engine = engine_with("P", methods=[method("adds", utilities=lambda x, b, **p: starved())])
    with pytest.raises(ScenarioError, match="not enough memory for 2 alternatives with adds$"):
        engine.stability(tradeoff.loads(change("[criteria.price]", 'method = "adds"\n[criteria.price]')))


@pytest.mark.parametrize(
    ("module", "function", "call", "what"),
    [
        ("smaa", "smaa", lambda e, s: e.sensitivity(s, samples=500), "sensitivity analysis of 500 samples"),
        ("explain", "explain", lambda e, s: e.explain(s), "an explanation"),
        ("stability", "weight_stability", lambda e, s: e.stability(s), "weight stability"),
        ("reversal", "rank_reversals", lambda e, s: e.reversals(s), "rank reversal"),
        ("explain", "explain", lambda e, s: e.report_data(s), "a report"),
    ],
)
def test_an_analysis_out_of_memory_says_so(module, function, call, what, engine, monkeypatch):
    import importlib

    monkeypatch.setattr(importlib.import_module(f"tradeoff.analyses.{module}"), function, starved)
    with pytest.raises(ScenarioError) as error:
        call(engine, tradeoff.loads(BASE, file="s.toml"))
    assert str(error.value) == f"s.toml: {MEMORY}not enough memory for 2 alternatives with {what}"


def test_a_table_too_large_to_read_says_so(engine, tmp_path, monkeypatch):
    import tradeoff.core.table_input as table_input

    monkeypatch.setattr(table_input, "read_alternatives", lambda *a, **k: starved())
    scenario = tradeoff.loads(BASE.split("[[alternatives]]")[0], file="s.toml", alternatives_optional=True)
    table = tmp_path / "rows.csv"
    with pytest.raises(ScenarioError) as error:
        engine.rank(scenario, alternatives=table)
    assert str(error.value) == f"s.toml: {MEMORY}not enough memory for the rows of {table}"


def test_a_matrix_too_large_to_copy_says_so(monkeypatch):
    from tradeoff.core import methods

    monkeypatch.setattr(methods, "check_inputs", starved)
    with pytest.raises(ScenarioError) as error:
        tradeoff.rank_matrix(np.ones((7, 2), dtype=np.float32), [1, 1], ["max", "min"])
    assert str(error.value) == f"method: {MEMORY}not enough memory for 7 alternatives with topsis"


def test_preparing_a_decision_out_of_memory_says_so(engine, monkeypatch):
    """What the analyses and a batch start from (`Engine.prepare`, `pipeline.prepare`)."""
    from tradeoff.core import columnar

    monkeypatch.setattr(columnar, "evaluate", starved)
    with pytest.raises(ScenarioError) as error:
        engine.prepare(tradeoff.loads(BASE, file="s.toml"))
    assert str(error.value) == f"s.toml: method: {MEMORY}not enough memory for 2 alternatives with topsis"


@pytest.mark.parametrize(
    "scores, problem",
    [
        (lambda w: np.zeros((len(w), 5)), "returned (20, 5) or non-finite scores, expected finite (20, 2)"),
        (lambda w: np.full((len(w), 2), np.nan), "returned (20, 2) or non-finite scores, expected finite (20, 2)"),
    ],
)
def test_scores_of_many_weight_vectors_that_are_wrong_are_the_plugins_fault(scores, problem):
    """What a method's `reweigh` scorer returns is checked at each call: the wrong shape
    or a NaN is a plugin error naming the hook, never counted as ranks."""
    many = method(reweigh=lambda matrix, benefit, **params: scores)
    engine = engine_with("P", methods=[many])
    with pytest.raises(PluginError) as error:
        engine.sensitivity(tradeoff.loads(change("[criteria.price]", 'method = "m"\n[criteria.price]')), samples=20)
    assert str(error.value) == f"plugin 'P': method 'm' reweigh: {problem}"


def test_a_reweigh_that_returns_no_function_is_the_plugins_fault():
    many = method(reweigh=lambda matrix, benefit, **params: 42)
    with pytest.raises(PluginError) as error:
        engine_with("P", methods=[many]).sensitivity(tradeoff.loads(change("[criteria.price]", 'method = "m"\n[criteria.price]')), samples=20)
    assert str(error.value) == "plugin 'P': method 'm' reweigh: returned int, expected a function or None"


def test_a_reweigh_that_declines_leaves_the_samples_to_the_kernel():
    """None from `reweigh` (values it cannot take) is no fault: the kernel ranks the samples."""
    declines = engine_with("P", methods=[method(reweigh=lambda matrix, benefit, **params: None)])
    plain = engine_with("P", methods=[method()])
    scenario = tradeoff.loads(change("[criteria.price]", 'method = "m"\n[criteria.price]'))
    a, b = declines.sensitivity(scenario, samples=50), plain.sensitivity(scenario, samples=50)
    assert np.array_equal(a.acceptability, b.acceptability)
