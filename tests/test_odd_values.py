"""Numbers at the edge of what a float holds: a mistake in the file is a located error
(exit 2), never a plugin's fault (exit 3); what a float does hold is accepted."""

from __future__ import annotations

import pytest

import tradeoff
from tradeoff.cli import main

BASE = """\
format = 1
{weights}
[criteria.a]
direction = "max"
[criteria.b]
direction = "max"
[criteria.c]
direction = "min"

[[alternatives]]
name = "A"
values = {{ a = 1, b = 2, c = {c} }}

[[alternatives]]
name = "B"
values = {{ a = 2, b = 1, c = 3 }}
"""
EQUAL = 'weights = { scheme = "equal" }'


def validate(tmp_path, capsys, weights: str = EQUAL, c: str = "1") -> tuple[int, str, str]:
    path = tmp_path / "s.toml"
    path.write_text(BASE.format(weights=weights, c=c), encoding="utf-8")
    capsys.readouterr()
    status = main(["--no-entry-points", "validate", str(path)])
    out, err = capsys.readouterr()
    return status, out, err.replace(str(path), "s.toml")


@pytest.mark.parametrize(
    "judgement, shown",
    [
        ('"1e400"', '"1e400" (a string)'),  # a float cannot hold it
        ("1e-320", "1e-320 (a number)"),  # a float holds it, not its reciprocal
        ('"5e-324"', '"5e-324" (a string)'),
    ],
)
def test_an_ahp_judgement_no_float_holds_is_a_located_error(tmp_path, capsys, judgement, shown):
    weights = f'weights = {{ scheme = "ahp", judgements = {{ "a > b" = {judgement}, "a > c" = 3, "b > c" = 2 }} }}'
    assert validate(tmp_path, capsys, weights) == (
        2, "",
        f'error: s.toml:2: weights.judgements."a > b": expected a number that a float holds, its reciprocal '
        f"too (from about 5.6e-309 to 1.8e308), got {shown}\n",
    )


def test_an_ahp_entry_whose_reciprocal_overflows_is_a_located_error(tmp_path, capsys):
    weights = 'weights = { scheme = "ahp", pairwise = [[1, 1e-320, 1], [1e320, 1, 1], [1, 1, 1]] }'
    assert validate(tmp_path, capsys, weights) == (
        2, "",
        "error: s.toml:2: weights.pairwise[0][1]: expected a number that a float holds, its reciprocal too "
        "(from about 5.6e-309 to 1.8e308), got 1e-320 (a number)\n",
    )


def test_extreme_ahp_judgements_are_a_warning_or_a_located_error_never_a_plugin_fault(tmp_path, capsys):
    """Each judgement a float holds.  Inconsistent ones whose weights a float holds are
    a warning, as any inconsistency is; consistent ones that put the weights 1e-300
    apart, so that two would be 0, are the file's mistake."""
    weights = 'weights = {{ scheme = "ahp", judgements = {{ "a > b" = {}, "b > c" = {}, "a > c" = {} }} }}'
    path = tmp_path / "s.toml"
    path.write_text(BASE.format(weights=weights.format("1e-300", "1e-300", "1e200"), c="1"), encoding="utf-8")
    capsys.readouterr()
    assert main(["--no-entry-points", "weights", str(path), "--format", "json"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("warning: AHP consistency ratio ") and err.count("\n") == 1
    status, out, err = validate(tmp_path, capsys, weights.format("1e300", "1e300", "1e300"))
    assert (status, out) == (2, "")
    assert err == (
        "error: s.toml:2: weights.judgements: expected judgements whose weights a float can hold "
        "(every weight > 0), got weights 1, 0, 0\n"
    )


def test_large_but_finite_ahp_judgements_still_rank(tmp_path, capsys):
    weights = 'weights = { scheme = "ahp", judgements = { "a > b" = 1e100, "a > c" = "1e100", "b > c" = 1 } }'
    status, out, _ = validate(tmp_path, capsys, weights)
    assert (status, out) == (0, f"ok: {tmp_path / 's.toml'}: 2 alternatives, 3 criteria, method topsis\n")


@pytest.mark.parametrize("text, low, high", [
    ("1.7e308 ± 2%", 1.7e308 - 1.7e308 * 0.02, 1.7e308 + 1.7e308 * 0.02),
    ("-1.7e308 +- 2%", -1.7e308 - 1.7e308 * 0.02, -1.7e308 + 1.7e308 * 0.02),
])
def test_an_interval_whose_ends_are_finite_is_accepted_however_large(tmp_path, capsys, text, low, high):
    """X · P overflows before the division by 100; the ends themselves are finite."""
    status, _, err = validate(tmp_path, capsys, c=f'"{text}"')
    assert (status, err) == (0, "")
    assert tradeoff.load(tmp_path / "s.toml").alternatives[0].spread["c"] == pytest.approx((low, high), rel=1e-15)


def test_an_interval_whose_end_overflows_is_still_refused(tmp_path, capsys):
    assert validate(tmp_path, capsys, c='"1.7e308 ± 6%"') == (
        2, "",
        'error: s.toml:12: alternatives[0] "A".values.c: expected "X ± P%" with 0 < P < 100 and both ends '
        'finite, got "1.7e308 ± 6%" (a string)\n',
    )


def test_small_intervals_give_the_same_ends_as_before():
    """The overflow-free form is used only where the usual one overflows."""
    from tradeoff.model.scenario import parse_value

    for centre, percent in [(10, 5), (0.3, 7), (123.456, 33.3), (-8, 0.1)]:
        value = parse_value(f"{centre} ± {percent}%")
        half = abs(centre) * percent / 100
        assert (value.low, value.high) == (centre - half, centre + half)


@pytest.mark.parametrize("name", ["wsm", "topsis", "vikor", "promethee2"])
def test_a_what_if_threshold_is_printed_past_the_point_where_the_order_flips(name, example_path):
    """The table rounds a needed value to a few digits: towards the side that flips, so
    the figure a reader copies into the file still turns the order round."""
    import re

    from tradeoff.output.narrate import change_text

    from .test_explain import explained, rerank

    e = explained(tradeoff.load(example_path), method=name)
    titles = {c.id: c.title for c in e.result.criteria}
    ids = [c.id for c in e.result.criteria]
    found = [c for c in e.changes if c.criterion and c.found and not c.integer]
    assert found
    for c in found:
        shown = re.search(r" to ([-\d,.e+]+)", change_text(c, titles)).group(1)
        ranks = rerank(e, ids.index(c.criterion), float(shown.replace(",", "")))
        assert ranks[e.gap.below] < ranks[e.gap.above], (c, shown)
