"""Scenario files: reading, writing, and errors that name the file, place and line."""

from __future__ import annotations

import math
import re

import attrs
import pytest
from hypothesis import given

import tradeoff
from tradeoff import ScenarioError
from tradeoff.model.errors import closest_first

from .scenarios import TITLED, change
from .strategies import scenarios


def error_of(text: str, engine=None) -> str:
    with pytest.raises(ScenarioError) as info:
        scenario = tradeoff.loads(text, file="s.toml")
        (engine or tradeoff.Engine(entry_points=False)).rank(scenario)
    return str(info.value)


def test_example_round_trips_through_toml(example_path):
    scenario = tradeoff.load(example_path)
    again = tradeoff.loads(tradeoff.dumps(scenario))
    assert again == scenario


@given(scenarios())
def test_any_valid_scenario_round_trips_through_toml(scenario):
    assert tradeoff.loads(tradeoff.dumps(scenario)) == scenario


@given(scenarios())
def test_any_valid_scenario_ranks_with_finite_scores_or_names_a_nonpositive_value(scenario):
    """Even values near the float limits: a normalization rescales huge columns, never
    overflows; values taken as they are (normalization none, or a method's own
    formulas) beyond 1e100 in size are refused."""
    engine = tradeoff.Engine(entry_points=False)
    try:
        result = engine.rank(scenario)
    except ScenarioError as error:
        method = engine.method(scenario.method.name)
        taken_as_is = (scenario.method.normalization or method.default_normalization) in (None, "none")
        if taken_as_is and "expected a value of at most 1e+100 in size" in str(error):
            return
        assert method.bounded(method.resolve_params(scenario.method.normalization, dict(scenario.method.params)))
        assert re.search(r"expected values >=? 0 on criterion", str(error)), str(error)
        return
    assert all(math.isfinite(row.score) for row in result.rows)
    assert sorted(row.rank for row in result.rows)[0] == 1


@pytest.mark.parametrize("name", ["inline", "it-outsourcing"])
def test_templates_round_trip_and_rank(name, engine):
    assert sorted(engine.templates) == ["inline", "it-outsourcing"]
    scenario = engine.template(name).scenario()
    assert tradeoff.loads(tradeoff.dumps(scenario)) == scenario
    assert len(engine.rank(scenario).rows) == len(scenario.alternatives)


def test_dump_writes_a_file_that_loads_back(tmp_path, example_path):
    scenario = tradeoff.load(example_path)
    target = tmp_path / "copy.toml"
    tradeoff.dump(scenario, target)
    assert tradeoff.load(target) == scenario
    assert [p.name for p in tmp_path.iterdir()] == ["copy.toml"]  # no temporary left behind


def test_the_method_table_and_short_form_are_equivalent():
    short = tradeoff.loads(TITLED)
    table = tradeoff.loads(TITLED.replace('method = "wsm"', '[method]\nname = "wsm"'))
    assert short == table


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "weight = 2",
            "wieght = 2",
            's.toml:6: criteria.price.wieght: expected one of the keys weight, label, '
            'direction, unit, description, bounds, preference, reference (did you mean "weight"?), got unknown key "wieght"',
        ),
        (
            'title = "t"',
            'titel = "t"',
            "s.toml:1: titel: expected one of the keys format, title, description, author, organisation, notes, "
            'context, method, weights, stakeholders, criteria, alternatives, columns, table (did you mean "title"?), '
            'got unknown key "titel"',
        ),
        (
            'name = "B"',
            'name = "B"\nvalue = 3',
            's.toml:17: alternatives[1] "B".value: expected one of the keys name, '
            'description, values, facts (did you mean "values"?), got unknown key "value"',
        ),
        (
            "weight = 2",
            "weight = -1",
            "s.toml:6: criteria.price.weight: expected a weight that is a finite number >= 0, "
            "got -1 (an integer)",
        ),
        (
            "weight = 2",
            "weight = nan",
            "s.toml:6: criteria.price.weight: expected a weight that is a finite number >= 0, "
            "got nan (a number)",
        ),
        (
            'direction = "min"',
            'direction = "down"',
            's.toml:5: criteria.price.direction: expected "max" (more is better) or "min" '
            '(less is better), got "down" (a string)',
        ),
        (
            "speed = 5 }",
            "speed = inf }",
            's.toml:17: alternatives[1] "B".values.speed: expected a finite number, got inf (a number)',
        ),
        (
            'name = "B"',
            'name = "A"',
            's.toml:16: alternatives[1] "A".name: expected alternative names that are unique, '
            "got \"A\" again (first at alternatives[0])",
        ),
        (
            "values = { price = 12, speed = 5 }",
            "values = { price = 12 }",
            's.toml:17: alternatives[1] "B".values.speed: expected a value for the inline '
            'criterion "speed", got none',
        ),
        (
            "values = { price = 12, speed = 5 }",
            "values = { price = 12, speed = 5, sped = 1 }",
            's.toml:17: alternatives[1] "B".values.sped: expected a value for one of the '
            'scenario\'s criteria (price, speed) (did you mean "speed"?), got "sped"',
        ),
        (
            'title = "t"',
            'format = 2\ntitel = "t"',
            "s.toml:1: format: expected format 1 (the version this tradeoff reads), got 2 (an integer)",
        ),
        (
            'method = "wsm"',
            'method = { name = "wsm", normalization = "minmix" }',
            "s.toml:2: method.normalization: expected a normalization wsm supports (vector, "
            'minmax, max, sum, none) (did you mean "minmax"?), got "minmix" (a string)',
        ),
        (
            'method = "wsm"',
            'method = { name = "wsm", lambda = 0.5 }',
            's.toml:2: method.lambda: expected a parameter of wsm (none besides normalization), got "lambda"',
        ),
    ],
)
def test_bad_input_gets_one_line_naming_file_line_place_expected_and_found(old, new, message):
    assert old in TITLED
    assert error_of(TITLED.replace(old, new)) == message


def test_an_unknown_method_lists_the_known_ones_closest_first(engine):
    known = closest_first("wsn", engine.methods)
    assert known.startswith("wsm, ")
    assert error_of(TITLED.replace('method = "wsm"', 'method = "wsn"'), engine) == (
        f's.toml:2: method.name: expected a registered method ({known}) (did you mean "wsm"?), got "wsn"'
    )


def test_unknown_plugin_criterion_without_direction(engine):
    text = TITLED.replace("[[alternatives]]", "[criteria.expertice]\n\n[[alternatives]]", 1)
    assert error_of(text, engine) == (
        "s.toml:11: criteria.expertice: expected a registered criterion (expertise, cost, "
        'morale, control, lock_in) (did you mean "expertise"?) or an inline one with a '
        'direction, got "expertice"'
    )


def test_toml_syntax_errors_give_line_and_column():
    assert error_of(TITLED.replace("weight = 2", "weight = = 2")) == (
        "s.toml:6:10: expected valid TOML, got a syntax error: Invalid value"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('title = "t"\n', "s.toml: criteria: expected at least one criterion, got none"),
        (
            '[criteria.x]\ndirection = "max"\n',
            "s.toml: alternatives: expected at least one alternative, got none",
        ),
        (
            '[criteria.x]\ndirection = "max"\nweight = 0\n[[alternatives]]\nname = "A"\nvalues = { x = 1 }\n',
            "s.toml:1: criteria: expected at least one weight > 0, got all weights 0",
        ),
        (
            '[criteria.x]\ndirection = "max"\n[[alternatives]]\nname = "  "\nvalues = { x = 1 }\n',
            "s.toml:4: alternatives[0].name: expected a non-empty name, got \"  \" (a string)",
        ),
        (
            '[criteria.x]\ndirection = "max"\n[[alternatives]]\nvalues = { x = 1 }\n',
            "s.toml:3: alternatives[0].name: expected a name, got none",
        ),
    ],
)
def test_structural_errors(text, message):
    assert error_of(text) == message


def test_reading_files_errors(tmp_path):
    with pytest.raises(ScenarioError, match="missing.toml: expected a scenario file, got no such file"):
        tradeoff.load(tmp_path / "missing.toml")
    with pytest.raises(ScenarioError, match="expected a scenario file, got a directory"):
        tradeoff.load(tmp_path)
    bad = tmp_path / "latin1.toml"
    bad.write_bytes('title = "caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(ScenarioError, match="latin1.toml: expected UTF-8 text, got byte 0xe9 at offset 12"):
        tradeoff.load(bad)


def test_a_byte_order_mark_and_windows_line_endings_are_accepted(tmp_path):
    path = tmp_path / "windows.toml"
    path.write_bytes(b"\xef\xbb\xbf" + TITLED.replace("\n", "\r\n").encode())
    assert tradeoff.load(path) == tradeoff.loads(TITLED)


def test_errors_found_after_loading_still_name_the_file_and_line(write_scenario):
    path = write_scenario(change('method = "wsm"', 'method = "nope"', TITLED), "late.toml")
    scenario = tradeoff.load(path)  # loads: the method is checked when ranking
    with pytest.raises(ScenarioError) as info:
        tradeoff.Engine(entry_points=False).rank(scenario)
    assert str(info.value).startswith(f"{path}:2: method.name: expected a registered method")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "[12, 10]",
            's.toml:17: alternatives[1] "B".values.price: expected an interval [low, high] of two '
            "finite numbers with low <= high, got [12, 10]",
        ),
        (
            '"12 ± 150%"',
            's.toml:17: alternatives[1] "B".values.price: expected "X ± P%" with 0 < P < 100 and both '
            'ends finite, got "12 ± 150%" (a string)',
        ),
        (
            '"about 12"',
            's.toml:17: alternatives[1] "B".values.price: expected a number, an interval [low, high] '
            'with low <= high, or "X ± P%", got "about 12" (a string)',
        ),
    ],
)
def test_a_wrong_uncertain_value_gets_one_line_naming_file_line_place_expected_and_found(value, message):
    """The uncertain-value rows of docs/scenario-file.md's error table."""
    assert error_of(TITLED.replace("values = { price = 12,", f"values = {{ price = {value},")) == message


def test_uncertain_values_load_and_rank(engine):
    text = TITLED.replace("price = 10,", "price = [9, 11],").replace("price = 12,", 'price = "12 ± 5%",')
    scenario = tradeoff.loads(text, file="s.toml")
    assert [a.spread for a in scenario.alternatives] == [{"price": (9.0, 11.0)}, {"price": (11.4, 12.6)}]
    assert tradeoff.loads(tradeoff.dumps(scenario)) == scenario
    rows = engine.rank(scenario).rows  # by the midpoints
    assert [(row.name, row.values["price"]) for row in rows] == [("A", 10.0), ("B", pytest.approx(12.0))]


# -- identifiers ----------------------------------------------------------------------------

CASED = """\
[criteria.Price]
direction = "min"
weight = 2

[criteria.C1]
direction = "max"

[[alternatives]]
name = "A"
values = { Price = 10, C1 = 3 }

[[alternatives]]
name = "B"
values = { Price = 12, C1 = 5 }

[[alternatives]]
name = "C"
values = { Price = 9, C1 = 1 }
"""
LOWER = CASED.replace("Price", "price").replace("C1", "c1")


def test_ids_may_use_capitals_and_rank_like_the_same_ids_in_lowercase(engine):
    cased, lower = engine.rank(tradeoff.loads(CASED)), engine.rank(tradeoff.loads(LOWER))
    assert [c.id for c in cased.decision.criteria] == ["Price", "C1"]
    assert cased.ranking.scores.tolist() == lower.ranking.scores.tolist()
    assert cased.to_dict()["alternatives"][0]["values"] == {"Price": 12.0, "C1": 5.0}


def test_ids_are_case_sensitive():
    with pytest.raises(ScenarioError) as caught:
        tradeoff.loads(CASED.replace("C1 = 3 }", "C1 = 3, price = 1 }"))
    assert str(caught.value) == (
        '<string>:10: alternatives[0] "A".values.price: expected a value for one of the scenario\'s '
        'criteria (Price, C1) (did you mean "Price"?), got "price"'
    )


def test_a_repeated_criterion_id_alternative_or_stakeholder_name_is_worded_alike():
    """One rule for unique names: the name given again, and where it was given first."""
    scenario = tradeoff.loads(CASED)
    person = tradeoff.Stakeholder(name="Ann", weighting=tradeoff.WeightsChoice(scheme="equal"))
    cases = [
        ({"criteria": [*scenario.criteria, scenario.criteria[0]]},
         'criteria.Price: expected criterion ids that are unique, got "Price" again (first at criteria[0])'),
        ({"alternatives": [*scenario.alternatives, scenario.alternatives[0]]},
         'alternatives[3] "A".name: expected alternative names that are unique, got "A" again (first at alternatives[0])'),
        ({"stakeholders": [person, person]},
         'stakeholders[1] "Ann".name: expected stakeholder names that are unique, got "Ann" again (first at stakeholders[0])'),
    ]
    for changes, message in cases:
        with pytest.raises(ScenarioError) as caught:
            attrs.evolve(scenario, **changes)
        assert str(caught.value) == message


def test_a_csv_header_with_capitals_gives_the_values_of_that_criterion(tmp_path, write_scenario, capsys):
    import json

    from tradeoff.cli import main
    from tradeoff.output import render

    write_scenario(CASED.split("[[alternatives]]")[0])
    (tmp_path / "v.csv").write_text("name,Price,C1\nA,10,3\nB,12,5\nC,9,1\n", encoding="utf-8")
    status = main(["--no-entry-points", "rank", str(tmp_path / "s.toml"), "--alternatives", str(tmp_path / "v.csv"),
                   "--format", "json"])
    table = json.loads(capsys.readouterr().out)
    assert status == 0
    assert {a["name"]: a["values"] for a in table["alternatives"]}["B"] == {"Price": 12.0, "C1": 5.0}
    inline = tradeoff.Engine(entry_points=False).rank(tradeoff.loads(CASED)).to_dict()
    assert table["alternatives"] == render.plain_data(inline)["alternatives"]  # JSON: 15 digits


@pytest.mark.parametrize("bad", ["top-speed", "1st", "_x", '"unit price"', '"prix_é"'])
def test_an_id_is_ascii_letters_digits_and_underscore_from_a_letter(bad):
    text = LOWER.replace("[criteria.c1]", f"[criteria.{bad}]")
    with pytest.raises(ScenarioError, match="expected a criterion id of letters, digits and _ starting with a letter"):
        tradeoff.loads(text)


@pytest.mark.parametrize("reserved", ["name", "rank", "score"])
def test_an_id_is_not_one_of_the_results_own_columns(reserved):
    """A criterion called "score" would write two "score" columns in CSV output and
    --scores-out (a Parquet file pyarrow then cannot read by column name)."""
    text = LOWER.replace("[criteria.c1]", f"[criteria.{reserved}]")
    with pytest.raises(ScenarioError, match=f"criteria.{reserved}: expected a criterion id other than name, rank, score"):
        tradeoff.loads(text)


def test_method_names_stay_lowercase():
    with pytest.raises(ValueError, match="method name must be lowercase"):
        tradeoff.Method(name="Topsis", kernel=lambda *a, **k: None)
