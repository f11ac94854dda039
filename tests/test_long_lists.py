"""What the command line prints of long lists, and the output layer's own guards: an
explanation's table shows only the scores it split, `sensitivity --ranks` and
`--reversal --top` choose how much is detailed, a report's provenance shows a file name
escaped, a template that fails is its plugin's fault."""

from __future__ import annotations

import json

import numpy as np
import pytest

import tradeoff
from tradeoff import PluginError
from tradeoff.cli import main
from tradeoff.output import narrate
from tradeoff.output.report import provenance_items

from .test_explain import scenario_of

ENGINE = tradeoff.Engine(entry_points=False)


def test_an_explanation_of_a_long_list_shows_only_the_scores_it_split():
    x = np.random.default_rng(1).uniform(1, 10, (150, 3))
    e = ENGINE.explain(scenario_of(x, [0.5, 0.3, 0.2], [True, False, True]))  # topsis: Shapley
    text = narrate.table(e)
    assert "nan" not in text
    split = int(e.breakdown.split.sum())
    assert split < 150
    assert f"{150 - split:,} more alternatives not split" in text


def test_sensitivity_ranks_and_reversal_top_choose_what_is_detailed(capsys, example_path):
    assert main(["sensitivity", str(example_path), "--ranks", "2", "--samples", "100", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sensitivity"]["ranks"] == 2
    assert all(len(a["rank_acceptability"]) == 2 for a in data["alternatives"])
    assert main(["sensitivity", str(example_path), "--ranks", "2", "--samples", "100"]) == 0
    head = [line for line in capsys.readouterr().out.splitlines() if line.startswith("Rank")][0]
    assert "#2" in head and "#3" not in head
    assert main(["sensitivity", str(example_path), "--reversal", "--top", "1", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["listed_above_rank"] == 1


@pytest.mark.parametrize("argv, option", [(["--ranks", "0"], "--ranks"), (["--reversal", "--top", "0"], "--top")])
def test_a_count_below_1_is_the_option_s_error(argv, option, capsys, example_path):
    assert main(["sensitivity", str(example_path), *argv]) == 2
    assert capsys.readouterr().err.startswith(f"error: {option}: expected at least 1")


def test_a_report_s_provenance_shows_the_file_name_escaped(example_path, tmp_path):
    odd = tmp_path / "offer\x1b[2J.toml"
    odd.write_text(example_path.read_text(encoding="utf-8"), encoding="utf-8")
    items = dict(provenance_items(ENGINE.report_data(tradeoff.load(odd))))
    assert "\x1b" not in items["Scenario file"] and "\\x1b" in items["Scenario file"]


def test_a_template_that_fails_is_its_plugin_s_fault():
    class Broken:
        @tradeoff.hookimpl
        def tradeoff_register_templates(self, registrar):
            registrar.add(tradeoff.Template(name="broken", description="fails", scenario=lambda: 1 / 0))

    engine = tradeoff.Engine(entry_points=False, plugins=[Broken()])
    from tradeoff.output import templates

    with pytest.raises(PluginError, match="raised ZeroDivisionError"):
        templates.text(engine.template("broken"), "s.toml")
