"""Method agreement (`tradeoff.analyses.agreement`, ``tradeoff rank --compare-methods``):
reference values computed by hand, beside each scenario."""

from __future__ import annotations

import json
import re

import pytest

import tradeoff
from tradeoff.analyses.agreement import agreement
from tradeoff.cli import main

from .scenarios import scenario_text

#: Two benefits weighted 0.6 and 0.4: A is best on x, B on y, C a compromise.
#: Weighted sum (minmax leaves these values as they are): A 0.6, C 0.55, B 0.4.
#: VIKOR (v = 0.5): regrets A (0, 0.4), B (0.6, 0), C (0.27, 0.18) give S = 0.4, 0.6,
#: 0.45 and R = 0.4, 0.6, 0.27; Q = 0.5 (S - 0.4) / 0.2 + 0.5 (R - 0.27) / 0.33 is
#: A 0.197, B 1, C 0.125: C first.  C's lead over A is all on y (0.55 against 0).
SPLIT = scenario_text(
    {"x": {"direction": "max", "weight": 0.6}, "y": {"direction": "max", "weight": 0.4}},
    {"A": {"x": 1, "y": 0}, "B": {"x": 0, "y": 1}, "C": {"x": 0.55, "y": 0.55}},
    head='method = "wsm"\n',
)

#: A is better than B and C on every criterion (a benefit and a cost), all values > 0.
DOMINANT = scenario_text(
    {"quality": "max", "price": "min"},
    {"A": {"quality": 9, "price": 100}, "B": {"quality": 5, "price": 150}, "C": {"quality": 7, "price": 120}},
)

#: Tradeoff's own methods that take no benefit of 0 (SPLIT has some) under their
#: defaults: wpm's and waspas's products of ratios, compared in logs, and ocra, which
#: divides by each column's least value.  copras, aras and edas divide by a column's
#: sum or average (or by a cost), and take them.
POSITIVE_ONLY = {"wpm", "waspas", "ocra"}


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture(autouse=True)
def _no_entry_points(monkeypatch):
    monkeypatch.setenv("TRADEOFF_NO_ENTRY_POINTS", "1")


def native(engine):
    return {n for n, m in engine.methods.items() if not n.startswith("skc.")}


def test_an_option_that_dominates_is_first_under_every_method(engine):
    agreed = engine.agreement(tradeoff.loads(DOMINANT))
    assert set(agreed.methods) == native(engine) and agreed.skipped == ()
    n = len(agreed.methods)
    first = {row["name"]: row for row in agreed.to_dict()["alternatives"]}["A"]
    assert first["first_under"] == n == len(native(engine))
    assert (first["best_rank"], first["worst_rank"], first["own_rank"]) == (1, 1, 1)
    assert agreed.summary == f"A is first under all {n} methods: the choice of method does not change the answer."


def test_weighted_sum_and_vikor_disagree_and_the_sentence_says_so(engine):
    scenario = tradeoff.loads(SPLIT)
    job = engine.prepare(scenario)
    agreed = agreement(job, None, engine, ["wsm", "vikor"])
    names = list(agreed.result.names)
    a, b, c = names.index("A"), names.index("B"), names.index("C")
    assert agreed.methods == ("wsm", "vikor")
    assert agreed.ranks[:, [a, b, c]].tolist() == [[1, 3, 2], [2, 3, 1]]
    assert agreed.firsts[[a, b, c]].tolist() == [1, 0, 1]
    assert agreed.best[[a, b, c]].tolist() == [1, 3, 1] and agreed.worst[[a, b, c]].tolist() == [2, 3, 2]
    # A leads (its own method, wsm, puts it first: the tie of counts goes to it)
    assert agreed.summary == "A is first under 1 of 2 methods; VIKOR prefers C, where y counts most (0.55 against 0.00)."


def test_methods_needing_positive_values_are_skipped_with_a_reason(engine):
    agreed = engine.agreement(tradeoff.loads(SPLIT))
    skipped = {s.method: s.reason for s in agreed.skipped}
    assert set(skipped) == POSITIVE_ONLY
    assert set(agreed.methods) == native(engine) - POSITIVE_ONLY
    for reason in skipped.values():
        assert "> 0 on criterion 'y'" in reason and "A has 0" in reason
    assert agreed.to_dict()["skipped"] == [{"method": s.method, "reason": s.reason} for s in agreed.skipped]


def test_the_own_method_rank_is_the_scenarios_even_under_another_method(engine):
    """--method vikor: the own rank is VIKOR's (C 1, A 2, B 3), wsm still compared."""
    agreed = engine.agreement(tradeoff.loads(SPLIT), method="vikor")
    own = {row["name"]: row["own_rank"] for row in agreed.to_dict()["alternatives"]}
    assert own == {"C": 1, "A": 2, "B": 3}
    assert [row["name"] for row in agreed.to_dict()["alternatives"]] == ["C", "A", "B"]
    assert "wsm" in agreed.methods and agreed.to_dict()["method"] == "vikor"


def test_cli_compare_methods_table_and_json(capsys, write_scenario, engine):
    path = write_scenario(SPLIT)
    status, out, err = run(capsys, "rank", str(path), "--compare-methods")
    assert status == 0 and err == ""
    lines = out.splitlines()
    head = next(line for line in lines if line.startswith("Option"))
    assert head.split() == ["Option", "First", "under", "Rank", "range", "Own", "method"]
    n = len(native(engine) - POSITIVE_ONLY)
    agreed = engine.agreement(tradeoff.load(path)).to_dict()
    for shown in agreed["alternatives"]:  # a row per option, in the order of its own rank
        row = next(line for line in lines if line.startswith(shown["name"] + " "))
        span = f"{shown['best_rank']} to {shown['worst_rank']}".split()
        if shown["best_rank"] == shown["worst_rank"]:
            span = [str(shown["best_rank"])]
        assert row.split() == [shown["name"], str(shown["first_under"]), "of", str(n), *span, str(shown["own_rank"])]
    assert "Skipped wpm: it needs values > 0" in out
    assert re.search(r"VIKOR(, \w+)*( and \w+)? prefers? C, where y counts most", " ".join(out.split()))
    status, out, _ = run(capsys, "rank", str(path), "--compare-methods", "--format", "json")
    data = json.loads(out)
    assert data == agreed
    assert data["method"] == "wsm" and len(data["methods"]) == n
    status, _, err = run(capsys, "rank", str(path), "--compare-methods", "--format", "csv")
    assert status == 2 and "--format" in err and "--compare-methods" in err
    status, _, err = run(capsys, "rank", str(path), "--compare-methods", "--top", "1")
    assert status == 2 and "no --top with --compare-methods" in err


def test_cli_compare_methods_with_a_table_of_alternatives(capsys, write_scenario, tmp_path):
    """The rows of rows.csv are SPLIT's alternatives, and one bad row left out."""
    head = scenario_text(
        {"x": {"direction": "max", "weight": 0.6}, "y": {"direction": "max", "weight": 0.4}}, {}, 'method = "wsm"\n'
    )
    path = write_scenario(head)
    rows = tmp_path / "rows.csv"
    rows.write_text("name,x,y\nA,1,0\nB,0,1\nC,0.55,0.55\nD,oops,1\n", encoding="utf-8")
    status, out, err = run(capsys, "rank", str(path), "--alternatives", str(rows), "--compare-methods", "--format", "json")
    data = json.loads(out)
    assert [row["name"] for row in data["alternatives"]] == ["A", "C", "B"]
    assert {s["method"] for s in data["skipped"]} == POSITIVE_ONLY
    assert data["alternatives"][2]["ranks"]["vikor"] == 3 and data["alternatives"][1]["ranks"]["vikor"] == 1
    assert "rows.csv:5: x: expected a number" in err and status != 0
