"""The plugin system: engines own their plugins, and a bad plugin is named."""

from __future__ import annotations

import textwrap

import numpy as np
import pytest

import tradeoff
from tradeoff import Criterion, Fact, PluginError, hookimpl
from tradeoff.cli import main


def uptime_criterion(score=None) -> Criterion:
    return Criterion(
        id="uptime",
        label="Guaranteed uptime",
        direction="max",
        unit="%",
        facts=(Fact(name="sla_uptime", unit="%", low=0, high=100),),
        score=score or (lambda facts: facts["sla_uptime"]),
    )


class UptimePlugin:
    """A third-party-style plugin object providing one criterion."""

    def __init__(self, criterion=None):
        self.criterion = criterion or uptime_criterion()

    @hookimpl
    def tradeoff_register_criteria(self, registrar):
        registrar.add(self.criterion)


def scenario_using(criterion_id: str) -> tradeoff.Scenario:
    return tradeoff.Scenario(
        criteria=[tradeoff.CriterionChoice(id=criterion_id)],
        alternatives=[
            tradeoff.Alternative(name="A", facts={"sla_uptime": 99.9}),
            tradeoff.Alternative(name="B", facts={"sla_uptime": 99.0}),
        ],
        method=tradeoff.MethodChoice(name="wsm"),
    )


def test_builtins_are_registered_as_named_plugins(engine):
    names = [p.name for p in engine.plugins]
    assert names[:5] == [f"tradeoff.criteria.{c}" for c in ("cost", "expertise", "control", "lock_in", "morale")]
    assert set(engine.criteria) == {"cost", "expertise", "control", "lock_in", "morale"}
    assert set(engine.methods) >= {"wsm", "topsis", "wpm", "waspas", "moora", "copras", "aras", "edas", "mabac", "vikor"}
    assert engine.methods["topsis"].provided_by == "tradeoff.plugins.topsis"


def test_an_engine_can_hold_only_the_plugins_given():
    engine = tradeoff.Engine(builtins=False, entry_points=False, plugins=[UptimePlugin()])
    assert list(engine.criteria) == ["uptime"]
    assert dict(engine.methods) == {}


def test_a_builtin_can_be_blocked_by_name():
    engine = tradeoff.Engine(entry_points=False, block=["tradeoff.criteria.morale"])
    assert "morale" not in engine.criteria
    assert "cost" in engine.criteria
    assert "tradeoff.criteria.morale" not in [p.name for p in engine.plugins]


def test_a_plugin_object_can_be_blocked_by_its_name_too():
    engine = tradeoff.Engine(entry_points=False, plugins=[UptimePlugin()], block=["UptimePlugin"])
    assert "uptime" not in engine.criteria
    assert "UptimePlugin" not in [p.name for p in engine.plugins]


def test_two_engines_with_different_plugins_coexist():
    plain = tradeoff.Engine(entry_points=False)
    extended = tradeoff.Engine(entry_points=False, plugins=[UptimePlugin()])
    assert "uptime" in extended.criteria and "uptime" not in plain.criteria
    result = extended.rank(scenario_using("uptime"))
    assert [r.name for r in result.rows] == ["A", "B"]
    with pytest.raises(tradeoff.ScenarioError, match='got "uptime"'):
        plain.rank(scenario_using("uptime"))


def test_duplicate_id_names_the_plugin_and_the_first_owner():
    clash = UptimePlugin(uptime_criterion())
    object.__setattr__(clash, "criterion", Criterion(id="cost", direction="min", score=lambda f: 0))
    with pytest.raises(PluginError) as info:
        tradeoff.Engine(entry_points=False, plugins=[clash])
    assert str(info.value) == (
        "plugin 'UptimePlugin': tradeoff_register_criteria: criterion 'cost' is provided by both "
        "plugin 'tradeoff.criteria.cost' and plugin 'UptimePlugin'; block one (Engine(block=...) or "
        "TRADEOFF_PLUGINS), or have one add it with override=True"
    )
    assert info.value.exit_status == 3


def test_a_hook_that_raises_is_reported_against_its_plugin():
    class Broken:
        @hookimpl
        def tradeoff_register_methods(self, registrar):
            raise RuntimeError("boom")

    with pytest.raises(PluginError) as info:
        tradeoff.Engine(entry_points=False, plugins=[Broken()])
    assert info.value.plugin == "Broken"
    assert info.value.hook == "tradeoff_register_methods"
    assert "boom" in info.value.problem


def test_registering_the_wrong_type_is_an_error():
    class Wrong:
        @hookimpl
        def tradeoff_register_criteria(self, registrar):
            registrar.add({"id": "x"})

    with pytest.raises(PluginError, match="add\\(\\) expects a tradeoff.Criterion, got dict"):
        tradeoff.Engine(entry_points=False, plugins=[Wrong()])


def test_a_misspelt_hook_fails_at_start_up():
    class Typo:
        @hookimpl
        def tradeoff_register_critera(self, registrar):
            pass

    with pytest.raises(PluginError, match="plugin 'Typo': start-up: unknown hook 'tradeoff_register_critera' \\(hooks are named"):
        tradeoff.Engine(entry_points=False, plugins=[Typo()])


@pytest.mark.parametrize(
    ("score", "problem"),
    [
        (lambda f: np.full(len(f["sla_uptime"]), np.nan), "returned nan (not finite) at position 0"),
        (lambda f: np.ones(len(f["sla_uptime"]) + 1), "returned shape (3,) for 2 alternatives"),
        (lambda f: 1 / 0, "raised ZeroDivisionError"),
    ],
)
def test_a_criterion_returning_bad_data_is_named(score, problem):
    engine = tradeoff.Engine(entry_points=False, plugins=[UptimePlugin(uptime_criterion(score))])
    with pytest.raises(PluginError) as info:
        engine.rank(scenario_using("uptime"))
    assert info.value.plugin == "UptimePlugin"
    assert info.value.hook == "criterion 'uptime' score()"
    assert problem in info.value.problem


def test_a_criterion_scores_a_whole_column_in_one_call():
    calls = []

    def score(facts):
        calls.append(len(facts["sla_uptime"]))
        return facts["sla_uptime"]

    engine = tradeoff.Engine(entry_points=False, plugins=[UptimePlugin(uptime_criterion(score))])
    engine.rank(scenario_using("uptime"))
    assert calls == [2]


# -- entry points ---------------------------------------------------------------------


def install_fake_distribution(root, module_source: str, name="fake_plugin"):
    """A distribution on sys.path with one `tradeoff` entry point, as pip would leave it."""
    (root / f"{name}.py").write_text(textwrap.dedent(module_source))
    info = root / f"{name}-1.2.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.2.3\n")
    (info / "entry_points.txt").write_text(f"[tradeoff]\n{name} = {name}\n")


GOOD_PLUGIN = """
    import tradeoff

    @tradeoff.hookimpl
    def tradeoff_register_criteria(registrar):
        registrar.add(tradeoff.Criterion(id="support_hours", direction="max",
                                         score=lambda facts: facts["hours"],
                                         facts=(tradeoff.Fact(name="hours", low=0),)))
"""


def test_entry_points_are_loaded_with_their_distribution(tmp_path, monkeypatch):
    install_fake_distribution(tmp_path, GOOD_PLUGIN)
    monkeypatch.syspath_prepend(str(tmp_path))
    engine = tradeoff.Engine()
    assert "support_hours" in engine.criteria
    info = next(p for p in engine.plugins if p.name == "fake_plugin")
    assert (info.distribution, info.version, info.criteria) == ("fake_plugin", "1.2.3", ("support_hours",))
    assert "support_hours" not in tradeoff.Engine(entry_points=False).criteria
    assert "support_hours" not in tradeoff.Engine(entry_points={"other"}).criteria
    assert "support_hours" in tradeoff.Engine(entry_points={"fake_plugin"}).criteria
    assert "support_hours" not in tradeoff.Engine(block={"fake_plugin"}).criteria


def test_a_plugin_that_fails_to_import_is_named(tmp_path, monkeypatch):
    install_fake_distribution(tmp_path, "raise ImportError('needs libfoo')\n", "broken_one")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(PluginError) as info:
        tradeoff.Engine()
    assert info.value.plugin == "broken_one"
    assert info.value.hook == "entry point broken_one"
    assert "needs libfoo" in info.value.problem


def test_cli_exits_3_for_a_broken_plugin_and_can_skip_entry_points(tmp_path, monkeypatch, capsys):
    install_fake_distribution(tmp_path, "raise ImportError('needs libfoo')\n", "broken_two")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv("TRADEOFF_NO_ENTRY_POINTS", raising=False)
    assert main(["plugins"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("error: plugin 'broken_two': entry point broken_two: raised ImportError('needs libfoo')")
    assert "Traceback" not in err
    assert main(["--no-entry-points", "plugins"]) == 0
    monkeypatch.setenv("TRADEOFF_NO_ENTRY_POINTS", "1")
    assert main(["plugins"]) == 0


class MethodPlugin:
    def __init__(self, kernel):
        self.method = tradeoff.Method(name="odd", kernel=kernel)

    @hookimpl
    def tradeoff_register_methods(self, registrar):
        registrar.add(self.method)


@pytest.mark.parametrize(
    ("kernel", "problem"),
    [
        (lambda m, w, b, **p: (np.full(m.shape[:-1], np.nan), {}), "returned scores that are NaN or infinite"),
        (lambda m, w, b, **p: (np.zeros(m.shape[:-1])[..., :1], {}), "returned scores of shape (1,), expected (2,)"),
        (lambda m, w, b, **p: (1 / 0, {}), "raised ZeroDivisionError"),
    ],
)
def test_a_method_kernel_misbehaving_is_named_and_nothing_is_ranked(kernel, problem):
    engine = tradeoff.Engine(entry_points=False, plugins=[MethodPlugin(kernel)])
    with pytest.raises(PluginError) as info:
        engine.rank(
            tradeoff.Scenario(
                criteria=[tradeoff.CriterionChoice(id="x", direction="max")],
                alternatives=[tradeoff.Alternative(name=n, values={"x": v}) for n, v in [("A", 1), ("B", 2)]],
            ),
            method="odd",
        )
    assert (info.value.plugin, info.value.hook) == ("MethodPlugin", "method 'odd' kernel")
    assert problem in info.value.problem


@pytest.mark.parametrize("higher_is_better", [True, False])
@pytest.mark.parametrize("n", [3, 70, (4, 3)])  # a few, many (another path), a stack
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_one_score_that_is_not_finite_is_the_kernels_fault_whichever_way_scores_point(higher_is_better, n, bad):
    """Ranking finds it: the sort puts a NaN last and infinities at the ends, on
    whichever side the better scores are."""

    def kernel(m, w, b, **p):
        s = np.arange(m.shape[-2], dtype=float) + 1.0 + np.zeros(m.shape[:-1])
        s[..., 0] = bad
        return s, {}

    method = tradeoff.Method(name="odd", kernel=kernel, higher_is_better=higher_is_better)
    shape = (n, 2) if isinstance(n, int) else (*n, 2)
    with pytest.raises(PluginError, match="returned scores that are NaN or infinite"):
        method.run(np.ones(shape), [1, 1], ["max", "max"])


def test_a_plugin_criterion_without_a_score_is_refused():
    plugin = UptimePlugin(Criterion(id="noscore", direction="max"))
    with pytest.raises(PluginError, match="criterion 'noscore' has no score function"):
        tradeoff.Engine(entry_points=False, plugins=[plugin])


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Fact(name="b", low=0, high=1, default=5), "default 5 is not a number from 0 to 1"),
        (lambda: Fact(name="b", type="integer", default=1.5), "default 1.5 is not an integer"),
        (lambda: Fact(name="b", type="yes-no"), "'yes-no' is not a valid FactType"),
        (lambda: Criterion(id="c", direction="max", facts=[Fact(name="a"), Fact(name="a")]), "distinct"),
        (lambda: tradeoff.Method(name="m", kernel=len, default_normalization="l3"), "include the default 'l3'"),
        (lambda: tradeoff.Method(name="m", kernel=len, normalizations=("zz",)), "normalizations must be among"),
    ],
)
def test_plugin_authors_mistakes_fail_when_the_plugin_is_built(make, message):
    with pytest.raises(ValueError, match=message):
        make()
