"""Operating plugins: choosing which load, overriding on purpose, naming the broken or
missing one.  Broken plugins go through real entry points (a distribution on sys.path,
as pip leaves it) and the real CLI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import tradeoff
from tradeoff import PluginError
from tradeoff.cli import main
from tradeoff.core.known_plugins import KNOWN_CRITERIA

from .test_registry import GOOD_PLUGIN, install_fake_distribution

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "it-outsourcing.toml"


@pytest.fixture
def entry_points_on(monkeypatch):
    monkeypatch.delenv("TRADEOFF_NO_ENTRY_POINTS", raising=False)
    monkeypatch.delenv("TRADEOFF_PLUGINS", raising=False)
    return monkeypatch


BROKEN = {
    "import_error": ("import requests_that_is_not_installed\n", "entry point import_error: raised ModuleNotFoundError"),
    "raising_hook": (
        """
        import tradeoff

        @tradeoff.hookimpl
        def tradeoff_register_criteria(registrar):
            raise RuntimeError("licence server unreachable")
        """,
        "tradeoff_register_criteria: raised RuntimeError('licence server unreachable')",
    ),
    "bad_return": (
        """
        import tradeoff

        @tradeoff.hookimpl
        def tradeoff_register_criteria(registrar):
            return [tradeoff.Criterion(id="x", direction="max", score=lambda f: 1)]
        """,
        "tradeoff_register_criteria: returned list; register with registrar.add(...) and return nothing",
    ),
    "bad_score": (
        """
        import tradeoff

        @tradeoff.hookimpl
        def tradeoff_register_criteria(registrar):
            registrar.add(tradeoff.Criterion(id="cost", direction="min", score=lambda f: 42.0,
                                             facts=(tradeoff.Fact(name="monthly_fee", low=0),)),
                          override=True)
        """,
        "criterion 'cost'",
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_plugin_exits_3_with_one_line_naming_it(name, tmp_path, entry_points_on, capsys):
    source, problem = BROKEN[name]
    install_fake_distribution(tmp_path, source, name)
    entry_points_on.syspath_prepend(str(tmp_path))
    assert main(["rank", str(EXAMPLE)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"error: plugin '{name}': ") and problem in err, err
    # the same plugin left out: everything works again
    assert main(["--no-entry-points", "rank", str(EXAMPLE)]) == 0


def test_tradeoff_plugins_names_only_the_entry_points_to_load(tmp_path, entry_points_on, capsys):
    install_fake_distribution(tmp_path, GOOD_PLUGIN, "good_one")
    install_fake_distribution(tmp_path, "raise ImportError('never load me')\n", "bad_one")
    entry_points_on.syspath_prepend(str(tmp_path))
    entry_points_on.setenv("TRADEOFF_PLUGINS", "good_one")
    assert main(["plugins", "--format", "json"]) == 0
    plugins = {p["name"]: p for p in __import__("json").loads(capsys.readouterr().out)["plugins"]}
    assert plugins["good_one"]["distribution"] == "good_one" and plugins["good_one"]["version"] == "1.2.3"
    assert plugins["good_one"]["criteria"] == ["support_hours"] and "bad_one" not in plugins
    assert "support_hours" in tradeoff.default_engine.__wrapped__().criteria
    entry_points_on.setenv("TRADEOFF_PLUGINS", " other , also_other ")
    assert "good_one" not in {p.name for p in tradeoff.default_engine.__wrapped__().plugins}
    entry_points_on.setenv("TRADEOFF_NO_ENTRY_POINTS", "1")  # none at all wins over a list
    entry_points_on.setenv("TRADEOFF_PLUGINS", "good_one")
    assert "good_one" not in {p.name for p in tradeoff.default_engine.__wrapped__().plugins}


class Cheaper:
    """Replaces the built-in cost on purpose."""

    @tradeoff.hookimpl
    def tradeoff_register_criteria(self, registrar):
        registrar.add(
            tradeoff.Criterion(id="cost", direction="min", unit="USD", score=lambda f: f["monthly_fee"],
                               facts=(tradeoff.Fact(name="monthly_fee", low=0),)),
            override=True,
        )


class AlsoCost:
    @tradeoff.hookimpl
    def tradeoff_register_criteria(self, registrar):
        registrar.add(tradeoff.Criterion(id="cost", direction="min", score=lambda f: f["x"],
                                         facts=(tradeoff.Fact(name="x"),)))


def test_an_explicit_override_wins_whatever_the_order():
    for plugins in ([Cheaper()], [Cheaper(), AlsoCost()], [AlsoCost(), Cheaper()]):
        engine = tradeoff.Engine(entry_points=False, plugins=plugins)
        assert engine.criteria["cost"].provided_by == "Cheaper"
        info = {p.name: p for p in engine.plugins}
        assert info["Cheaper"].criteria == ("cost",) and info["Cheaper"].overrides == ("cost",)
        assert info["tradeoff.criteria.cost"].criteria == ()  # it provides nothing now
    scenario = tradeoff.load(EXAMPLE)
    values = tradeoff.Engine(entry_points=False, plugins=[Cheaper()]).evaluate(scenario).matrix[:, 0]
    assert values.tolist() == [a.facts["monthly_fee"] for a in scenario.alternatives]


def test_two_claims_on_one_id_are_an_error_naming_both_plugins():
    with pytest.raises(PluginError) as error:
        tradeoff.Engine(entry_points=False, plugins=[AlsoCost()])
    assert "criterion 'cost' is provided by both plugin 'tradeoff.criteria.cost' and plugin 'AlsoCost'" in str(error.value)
    with pytest.raises(PluginError, match="overridden by both plugin 'Cheaper' and plugin 'CheaperToo'; block one"):
        tradeoff.Engine(entry_points=False, plugins=[Cheaper(), type("CheaperToo", (Cheaper,), {})()])
    with pytest.raises(PluginError, match="^plugin 'Cheaper': register: a plugin named 'Cheaper' is already registered$"):
        tradeoff.Engine(entry_points=False, plugins=[Cheaper(), Cheaper()])


def test_a_criterion_nobody_provides_lists_the_available_ones(tmp_path, capsys):
    path = tmp_path / "s.toml"
    path.write_text('[criteria.uptyme]\nweight = 1\n[[alternatives]]\nname = "a"\n', encoding="utf-8")
    assert main(["rank", str(path)]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"error: {path}:1: criteria.uptyme: expected a registered criterion (expertise, morale, cost, control, "
        'lock_in) or an inline one with a direction, got "uptyme"\n'
    )


def test_a_known_criterion_says_which_plugin_is_missing(tmp_path, capsys, monkeypatch):
    import importlib.metadata as metadata

    path = tmp_path / "s.toml"
    path.write_text('[criteria.compliance]\nweight = 1\n[[alternatives]]\nname = "a"\n', encoding="utf-8")
    installed = {"tradeoff-compliance": None}

    def version(name):
        if installed.get(name) is None:
            raise metadata.PackageNotFoundError(name)
        return installed[name]

    monkeypatch.setattr(metadata, "version", version)
    assert main(["--no-entry-points", "rank", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.endswith(
        'got "compliance"; it comes from the plugin distribution tradeoff-compliance, which is not installed '
        "(python -m pip install ./examples/plugin-compliance)\n"
    )
    installed["tradeoff-compliance"] = "0.1.0"
    assert main(["--no-entry-points", "rank", str(path)]) == 2
    assert "tradeoff-compliance 0.1.0, which is installed but not loaded" in capsys.readouterr().err


def test_the_known_criteria_table_in_the_docs_is_the_codes():
    doc = (ROOT / "docs" / "criteria.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Criteria from other packages"):]
    rows = re.findall(r"^\| `(\w+)` \| ([\w-]+) \| `([^`]+)` \|$", section, flags=re.M)
    assert {cid: (dist, install) for cid, dist, install in rows} == KNOWN_CRITERIA


def test_new_lists_the_templates_when_one_is_unknown(capsys):
    assert main(["new", "--template", "complaince"]) == 2
    assert capsys.readouterr().err == (
        'error: --template: expected a registered template (inline, it-outsourcing), got "complaince"\n'
    )


TEAM_TEMPLATE = """
    import tradeoff

    def build():
        return tradeoff.Scenario(
            title="Which print shop?",
            criteria=[tradeoff.CriterionChoice(id="price", direction="min", unit="USD", weight=2),
                      tradeoff.CriterionChoice(id="speed", direction="max", unit="pages/min", weight=1)],
            alternatives=[tradeoff.Alternative(name="Shop A", values={"price": 10, "speed": 30}),
                          tradeoff.Alternative(name="Shop B", values={"price": 12, "speed": 60})],
        )

    @tradeoff.hookimpl
    def tradeoff_register_templates(registrar):
        registrar.add(tradeoff.Template(name="print-shop", description="two print shops", scenario=build))
"""


def test_a_plugins_template_is_what_tradeoff_new_writes(tmp_path, entry_points_on, capsys):
    install_fake_distribution(tmp_path, TEAM_TEMPLATE, "print_shops")
    entry_points_on.syspath_prepend(str(tmp_path))
    out = tmp_path / "shops.toml"
    assert main(["new", "--template", "print-shop", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith(f"# A tradeoff scenario (format 1).  Edit the options and their facts, then run:\n#     tradeoff rank {out}\n")
    assert tradeoff.load(out).title == "Which print shop?"
    assert main(["rank", str(out), "--format", "json"]) == 0
    assert '"name": "Shop A"' in capsys.readouterr().out
    assert main(["--no-entry-points", "new", "--template", "print-shop"]) == 2
    assert 'got "print-shop"' in capsys.readouterr().err


class WeightingPlugin:
    """A team's weighting scheme: everything on the first criterion."""

    @tradeoff.hookimpl
    def tradeoff_register_weightings(self, registrar):
        def derive(settings, criteria, matrix, benefit):
            return tradeoff.Weighting(weights=tuple(1.0 if k == 0 else 0.0 for k in range(len(criteria))))

        registrar.add(tradeoff.WeightingScheme(name="first_only", label="First only", description="d", derive=derive))


def test_a_plugins_weighting_scheme_gives_the_weights():
    engine = tradeoff.Engine(entry_points=False, plugins=[WeightingPlugin()])
    scenario = tradeoff.loads(
        '[weights]\nscheme = "first_only"\n[criteria.a]\ndirection = "max"\n[criteria.b]\ndirection = "max"\n'
        '[[alternatives]]\nname = "p"\nvalues = { a = 1, b = 9 }\n[[alternatives]]\nname = "q"\nvalues = { a = 2, b = 0 }\n'
    )
    result = engine.rank(scenario)
    assert result.decision.weights.tolist() == [1.0, 0.0] and result.best.name == "q"
    assert {p.name: p for p in engine.plugins}["WeightingPlugin"].weightings == ("first_only",)


def test_an_unknown_template_from_the_api_names_no_command_line_option():
    with pytest.raises(tradeoff.ScenarioError) as error:
        tradeoff.Engine(entry_points=False).template("complaince")
    assert str(error.value) == 'template: expected a registered template (inline, it-outsourcing), got "complaince"'
