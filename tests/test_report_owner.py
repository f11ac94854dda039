"""The report read by a small-business owner: the answer first with its money, how sure
it is in words, a reading guide, analysts' terms only in the technical appendix, facts
by their labels and units, the cover's author, organisation and notes, and whether
other methods agree.  Expected sentences are worked out by hand from the inputs, beside
each test; the pages are read back with the parsers of tests/test_report.py."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

import tradeoff
from tradeoff.analyses.agreement import agreement
from tradeoff.output.report import (
    CLOSE_MOVE,
    CLOSE_SHARE,
    COMPARED_UP_TO,
    SAFE_MOVE,
    SAFE_SHARE,
    agreement_text,
    answer,
    compared,
    currency,
    head,
    money_text,
    robustness,
    share_text,
)

from .scenarios import scenario_text
from .test_report import Page, _fixed_date, engine, headings, parse_md, tables  # noqa: F401  (fixtures: the date, the engine)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "it-outsourcing.toml"
EVIL = "<script>alert(1)</script> & <b>x</b> | *y* [a](b) `c` # 1."

#: The analysts' words the body of a report leaves to the technical appendix.
JARGON = ("shapley", "smaa", "central weight", "seed", "acceptability", "bisection")


@pytest.fixture(scope="module")
def example(engine):
    """The shipped example's report with SMAA-2 and the method comparison."""
    scenario = tradeoff.load(EXAMPLE)
    report = engine.report_data(scenario, sensitivity=True, samples=2000)
    return attrs.evolve(report, agreement=engine.agreement(scenario))


def html_and_markdown(engine, report) -> tuple[str, str]:
    return engine.report_format("html").render(report), engine.report_format("markdown").render(report)


def body_html(text: str) -> str:
    """The page's words before the technical appendix, charts (their captions) left out."""
    main = text[text.index("<main>"):text.index('<section id="appendix"')]
    return " ".join(Page(re.sub(r"<figure.*?</figure>", "", main, flags=re.DOTALL)).text)


# -- 1. the answer first, in plain words with money --------------------------------------

#: The example's costs by the cost formula, setup_fee + 36 * (monthly_fee + staff_it_hours * 45):
#: BrightPath 1,500 + 36 * (1,450 + 4 * 45) = 60,180; TechNeighbor 0 + 36 * (700 + 12 * 45) = 44,640.
BRIGHTPATH, TECHNEIGHBOR = 1_500 + 36 * (1_450 + 4 * 45), 36 * (700 + 12 * 45)


def test_the_answer_names_the_winner_its_cost_the_gap_to_the_runner_up_and_its_share(example, engine):
    r = example.result
    best, second = r.leaders(2)
    assert (best.name, second.name) == ("BrightPath Managed IT", "TechNeighbor (freelancer)")
    share = example.sensitivity.acceptability[list(r.names).index(best.name), 0]
    expected = (
        f"Choose BrightPath Managed IT: its total cost is {BRIGHTPATH:,} USD, {BRIGHTPATH - TECHNEIGHBOR:,} USD "
        f"more than the runner-up, TechNeighbor (freelancer), and it wins in {round(share * 100)}% of the "
        "plausible weightings."
    )
    assert answer(example) == expected
    assert "60,180 USD, 15,540 USD more" in answer(example)  # the sums by hand, as the issue wrote them
    html, markdown = html_and_markdown(engine, example)
    page = Page(html)
    assert expected in " ".join(page.text)
    assert f"**{expected}**" in markdown.replace("\\(", "(").replace("\\)", ")")
    # the verdict comes first: before any other section's heading
    assert markdown.index(expected[:30]) < markdown.index("## How to read this report")


def test_without_sensitivity_the_answer_says_no_share(engine):
    report = engine.report_data(tradeoff.load(EXAMPLE))
    assert answer(report) == (
        "Choose BrightPath Managed IT: its total cost is 60,180 USD, 15,540 USD more than the runner-up, "
        "TechNeighbor (freelancer)."
    )


#: Weighted sum, minmax: price (cost, $/month, weight 1) gives X 0, Y (120 - 80) / 90 = 0.444,
#: Z 1; quality (weight 3) X 1, Y 0.5, Z 0.  Scores X 0.75, Y 0.486, Z 0.25: X first, Y second,
#: Z the cheapest ($30/month): X costs 120 - 80 = 40 more than Y and 120 - 30 = 90 more than Z.
PRICED = scenario_text(
    {"price": {"direction": "min", "unit": "$/month", "weight": 1}, "quality": {"direction": "max", "weight": 3}},
    {"X": {"price": 120, "quality": 9}, "Y": {"price": 80, "quality": 5}, "Z": {"price": 30, "quality": 1}},
    head='method = "wsm"\n',
)


def test_a_currency_symbol_goes_before_the_sum_and_the_cheapest_is_named_when_third(engine):
    report = engine.report_data(tradeoff.loads(PRICED))
    assert answer(report) == (
        "Choose X: its price is $120/month, $40/month more than the runner-up, Y, and $90/month more than the lowest, Z."
    )


def test_which_units_are_money():
    assert [currency(u) for u in ("USD", "USD/month", "$", "$/month", "€ per year", "EUR", "£", "CHF", "kr")] == [
        "USD", "USD", "$", "$", "€", "EUR", "£", "CHF", "kr",
    ]
    assert [currency(u) for u in ("", "points (0-10)", "hours", "usd", "%", "KPI", "people")] == [None] * 7
    assert (money_text(1450, "$/month"), money_text(60180, "USD"), money_text(-5, "€")) == (
        "$1,450/month", "60,180 USD", "-€5",
    )
    assert (head("Total cost", "USD"), head("Expertise", "points (0-10)"), head("Speed", "")) == (
        "Total cost (USD)", "Expertise, points (0-10)", "Speed",
    )
    assert [share_text(p) for p in (0.638, 1.0, 0.998, 0.001, 0.0)] == ["64%", "100%", "more than 99%", "less than 1%", "0%"]


def test_without_money_or_sensitivity_the_answer_says_less_never_something_wrong(engine):
    text = scenario_text({"speed": "max", "quality": "max"}, {"P": {"speed": 3, "quality": 9}, "Q": {"speed": 5, "quality": 2}},
                         head='method = "wsm"\n')
    # minmax: P (0, 1), Q (1, 0); equal weights tie them, quality weighing 2 puts P first (2/3 against 1/3)
    report = engine.report_data(tradeoff.loads(text.replace("[criteria.quality]", "[criteria.quality]\nweight = 2")))
    assert answer(report) == "Choose P: it ranks first of the 2 options."
    tied = engine.report_data(tradeoff.loads(text))
    assert answer(tied).startswith("Tie for first place: P, Q")
    one = engine.report_data(tradeoff.loads('[criteria.a]\ndirection = "max"\n[[alternatives]]\nname = "Only"\nvalues = { a = 1 }\n'))
    assert answer(one).startswith("Only option: Only")
    assert robustness(tied).kind == "close" and "tie for first place" in robustness(tied).sentence


# -- 2. how sure the answer is, in words -----------------------------------------------

def two_way(weight_a: float, engine, **options):
    """A weighted sum of a and b (both benefits, minmax): A (1, 0.5), B (0, 1), D (0.5, 0).
    With weight w on a, A scores 0.5 + 0.5 w, B 1 - w, D 0.5 w: A is first while
    w > 1/3 (moving b's weight, b's below 2/3), so the smallest move is w - 1/3; under
    uniform random weights (w uniform on 0..1) A is first in 2/3 of them."""
    text = scenario_text(
        {"a": {"direction": "max", "weight": weight_a}, "b": {"direction": "max", "weight": round(1 - weight_a, 6)}},
        {"A": {"a": 1, "b": 0.5}, "B": {"a": 0, "b": 1}, "D": {"a": 0.5, "b": 0}},
        head='method = "wsm"\n',
    )
    return engine.report_data(tradeoff.loads(text), **options)


def test_far_from_the_tipping_point_is_safe_and_says_by_how_much(engine):
    sure = robustness(two_way(0.8, engine))  # 0.8 - 1/3 = 0.467: 47 points
    assert sure.kind == "safe" and sure.criterion is None
    assert sure.sentence == "A safe choice: no weight would change the top choice unless it moved by 47 points (of 100) or more."


def test_near_the_tipping_point_it_depends_on_the_criterion_that_tips_it(engine):
    report = two_way(0.4, engine)  # 0.4 - 1/3 = 0.067 < SAFE_MOVE: a's weight below 33% tips it (or b's above 67%)
    sure = robustness(report)
    assert SAFE_MOVE > 0.4 - 1 / 3 > CLOSE_MOVE
    assert sure.kind == "depends" and sure.criterion in (0, 1)
    c = report.result.criteria[sure.criterion].title
    bound = "fell below 33% (it is 40% now)" if c == "a" else "rose above 67% (it is 60% now)"
    assert sure.sentence == f"It depends on how much you care about {c}: if the weight of {c} {bound}, A would no longer come first."


def test_right_at_the_tipping_point_is_a_close_call(engine):
    sure = robustness(two_way(0.34, engine))  # 0.34 - 1/3 = 0.007 < CLOSE_MOVE
    assert sure.kind == "close" and sure.sentence.startswith("A close call: if the weight of ")


def test_random_weightings_make_a_steady_looking_choice_depend(engine):
    """Safe by the weight ranges (47 points), but A wins in only about 2/3 of uniform
    weightings (below SAFE_SHARE, above CLOSE_SHARE): it depends on a or b."""
    report = two_way(0.8, engine, sensitivity=True, samples=4000, seed=3)
    share = report.sensitivity.acceptability[list(report.result.names).index("A"), 0]
    assert share == pytest.approx(2 / 3, abs=0.03) and CLOSE_SHARE < share < SAFE_SHARE
    sure = robustness(report)
    assert sure.kind == "depends"
    assert sure.sentence.endswith(f"; it comes first in {share_text(share)} of the plausible weightings.")
    assert answer(report) == f"Choose A: it wins in {share_text(share)} of the plausible weightings."


def test_the_words_and_their_rules_are_in_the_report(engine, example):
    html, markdown = html_and_markdown(engine, example)
    sure = robustness(example)
    # the example: cost's weight above 41.14% (now 30%) tips it, 11 points: not < SAFE_MOVE; but 64% < 75%;
    # the point is shown rounded away from now, 42%: a weight above the figure shown is past it
    assert sure.kind == "depends" and example.result.criteria[sure.criterion].id == "cost"
    assert sure.sentence.startswith("It depends on how much you care about total cost: if the weight of total cost rose above 42% (it is 30% now)")
    assert sure.sentence in " ".join(Page(html).text)
    assert f"{SAFE_SHARE:.0%}" in markdown.split("## Technical appendix")[1]


# -- 3. analysts' terms in the technical appendix, with a glossary --------------------

def test_the_body_speaks_plainly_and_the_appendix_holds_the_analysts_tables(engine, example):
    html, markdown = html_and_markdown(engine, example)
    body = body_html(html).lower()
    assert [w for w in JARGON if w in body] == []
    before = markdown.split("## Technical appendix")[0].lower()
    assert [w for w in JARGON if w in before] == []
    page = Page(html)
    ids = page.ids()
    appendix = ids.index("appendix")
    for table in ("contributions-table", "acceptability-table", "agreement-table", "provenance", "glossary"):
        assert ids.index(table) > appendix, table
    for table in ("criteria-table", "ranking-table", "facts-table", "stability-table"):
        assert ids.index(table) < appendix, table
    words = " ".join(page.text)
    for term in ("Shapley share", "SMAA-2", "Central weights", "Bisection", "Acceptability"):
        assert term in words.split("Glossary", 1)[1], term
    # nothing lost: every table the analysts had is still there, in both formats
    found = tables(parse_md(markdown))
    heads = [t[0][:3] for t in found]
    assert ["Rank", "Alternative", "Score"] in heads and ["Rank", "Alternative", "#1"] in heads
    assert ["Rank", "Alternative", "First under"] in heads


# -- 4. criteria that stand on their own -------------------------------------------------

def test_built_in_criteria_and_templates_say_what_they_measure_without_the_articles_numbers(engine):
    numbered = re.compile(r"\b(rewards?|risks?) \d", re.IGNORECASE)
    for c in engine.criteria.values():
        if c.provided_by.startswith("tradeoff.criteria"):
            assert not numbered.search(c.description), c.id
            assert all(f.label for f in c.facts), c.id
    for template in engine.templates.values():
        scenario = template.scenario()
        texts = [scenario.title, scenario.description, *(c.description or "" for c in scenario.criteria)]
        assert not any(numbered.search(t) for t in texts), template.name


# -- 5. facts by their labels and units; money columns with their unit -------------------

def test_facts_show_their_label_and_unit_and_criteria_columns_their_unit(engine, example):
    html, markdown = html_and_markdown(engine, example)
    found = tables(parse_md(markdown))
    facts = next(t for t in found if t[0][0] == "Fact")
    assert ["Monthly fee (monthly_fee)", "USD/month", "1,450"] == facts[1][:3]
    assert facts[[r[0] for r in facts].index("Confidentiality (NDA) (nda)")][2] == "yes"
    ranking = next(t for t in found if t[0][:3] == ["Rank", "Alternative", "Score"] and len(t[0]) == 8)
    assert ranking[0][3] == "Total cost (USD)"
    assert "Total cost (USD)" in html and "Monthly fee" in " ".join(Page(html).text)
    assert tradeoff.Fact(name="reference_rating").title == "Reference rating"  # no label: the name in words
    # the changes that would turn the order round name facts by their labels too (TechNeighbor's 700 USD/month)
    assert re.search(r"^- monthly fee from 700 to [\d,]+ USD/month \(-[\d,]+, moves cost\)$", markdown, re.MULTILINE)
    assert "monthly_fee from" not in markdown


# -- 6. author, organisation and notes on the cover -------------------------------------

def test_the_cover_shows_author_organisation_and_notes_escaped(engine, tmp_path):
    text = scenario_text(
        {"price": "min", "quality": "max"}, {"A": {"price": 1, "quality": 2}, "B": {"price": 2, "quality": 3}},
        head=f"author = '''Ann {EVIL}'''\norganisation = '''Firm {EVIL}'''\nnotes = '''Note {EVIL}'''\n",
    )
    scenario = tradeoff.loads(text)
    assert (scenario.author, scenario.organisation, scenario.notes) == (f"Ann {EVIL}", f"Firm {EVIL}", f"Note {EVIL}")
    html, markdown = html_and_markdown(engine, engine.report_data(scenario))
    page = Page(html)
    assert [t for t, _ in page.tags if t in ("script", "b")] == []
    header = html[html.index("<header>"):html.index("</header>")]
    words = " ".join(Page(header).text)
    for shown in (f"Ann {EVIL}", f"Firm {EVIL}", f"Note {EVIL}"):
        assert shown in words
    tokens = parse_md(markdown)
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    inline = " ".join(c.content for t in tokens if t.type == "inline" for c in t.children if c.type == "text")
    for shown in (f"Ann {EVIL}", f"Firm {EVIL}", f"Note {EVIL}"):
        assert " ".join(shown.split()) in inline, shown
    # kept when written back, and from plain data
    again = tradeoff.loads(tradeoff.dumps(scenario))
    assert (again.author, again.organisation, again.notes) == (scenario.author, scenario.organisation, scenario.notes)
    data = tradeoff.from_dict({"author": "Ann", "criteria": {"a": {"direction": "max"}},
                               "alternatives": [{"name": "X", "values": {"a": 1}}]})
    assert data.author == "Ann" and data.notes == ""


def test_a_cover_key_that_is_not_text_is_a_located_error(tmp_path, capsys):
    from tradeoff.cli import main

    path = tmp_path / "s.toml"
    path.write_text("author = 3\n" + scenario_text({"a": "max"}, {"X": {"a": 1}}), encoding="utf-8")
    assert main(["rank", str(path)]) == 2
    assert capsys.readouterr().err == f"error: {path}:1: author: expected a string, got 3 (an integer)\n"


def test_a_starter_file_says_where_the_cover_keys_go_and_they_load(tmp_path):
    from tradeoff.cli import main

    path = tmp_path / "new.toml"
    assert main(["new", "-o", str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    assert 'author = "..."' in text
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("title = "))
    lines.insert(at + 1, 'author = "Dana"')  # where the comment says: under the title
    assert tradeoff.loads("\n".join(lines)).author == "Dana"


def test_an_empty_cover_shows_no_empty_lines(engine):
    report = engine.report_data(tradeoff.loads(PRICED))
    html, markdown = html_and_markdown(engine, report)
    assert "Prepared by" not in html and "Notes:" not in html and "Prepared by" not in markdown


# -- 7. how to read this report ------------------------------------------------------------

def test_a_reading_guide_follows_the_answer(engine, example):
    html, markdown = html_and_markdown(engine, example)
    ids = Page(html).ids()
    assert ids.index("how-to-read") == ids.index("summary") + 2  # summary, its heading, then the box
    assert [h for h in headings(parse_md(markdown))[:3]] == [
        (1, "Should we outsource our IT?"), (2, "The answer"), (2, "How to read this report"),
    ]
    guide = html[html.index('id="how-to-read"'):html.index("</aside>")]
    assert "2,000 other sets of weights" in guide and "technical appendix" in guide
    plain = engine.report_format("markdown").render(engine.report_data(tradeoff.load(EXAMPLE)))
    assert "sets of weights drawn at random" not in plain  # no percentages to explain without SMAA-2


# -- 8. method agreement --------------------------------------------------------------------

def test_the_method_comparison_is_told_in_words_with_its_table_in_the_appendix(engine, example):
    a = example.agreement
    i = list(a.result.names).index("BrightPath Managed IT")
    firsts = int((a.ranks[:, i] == 1).sum())
    assert 0 < firsts <= len(a.methods)
    said = f"BrightPath Managed IT is first under {firsts} of {len(a.methods)} methods"
    html, markdown = html_and_markdown(engine, example)
    body = body_html(html)
    assert said in body and said in markdown.split("## Technical appendix")[0]
    found = tables(parse_md(markdown))
    ranks = next(t for t in found if t[0][:3] == ["Rank", "Alternative", "First under"])
    assert ranks[0][4:] == list(a.methods)
    row = next(r for r in ranks if r[1] == "BrightPath Managed IT")
    assert row[2] == f"{firsts} of {len(a.methods)}"
    assert [int(v) for v in row[4:]] == a.ranks[:, i].tolist()
    assert "agreement-table" in Page(html).ids()


def test_without_a_comparison_the_report_has_no_such_section(engine):
    report = engine.report_data(tradeoff.loads(PRICED))
    assert report.agreement is not None and agreement_text(report)
    bare = attrs.evolve(report, agreement=None)  # as a report made without it (a plugin's, an app's)
    assert agreement_text(bare) == ""
    html, markdown = html_and_markdown(engine, bare)
    assert 'id="agreement"' not in html and "Do other ways of scoring agree?" not in markdown


def long_scenario(n: int, m: int = 2) -> tradeoff.Scenario:
    ids = [f"c{j}" for j in range(m)]
    return tradeoff.Scenario(
        method=tradeoff.MethodChoice(name="topsis"),
        criteria=[tradeoff.CriterionChoice(id=c, direction="max") for c in ids],
        alternatives=[
            tradeoff.Alternative(name=f"o{i}", values={c: float((i * 7 + j * 3) % 11 + 1) for j, c in enumerate(ids)})
            for i in range(n)
        ],
    )


def test_a_long_list_is_not_compared_and_the_report_says_so(engine):
    scenario = long_scenario(COMPARED_UP_TO + 1)
    result = engine.rank(scenario)
    assert compared(None, result, None, ["wsm"]) is None  # stops before any ranking
    report = engine.report_data(scenario)
    assert agreement_text(report).startswith(f"Not compared with other methods: past {COMPARED_UP_TO:,} options")
    assert "Not compared with other methods" in engine.report_format("markdown").render(report)


def test_past_the_detailed_size_the_comparison_leaves_out_why(engine):
    """101 options: ranked by every method, but the sentence does not split a lead
    (what costs 2^m runs of a method that is not a weighted sum)."""
    scenario = long_scenario(101)
    job = engine.prepare(scenario)
    agreed = compared(job, engine.rank(scenario), engine, ["wsm", "vikor", "topsis"])
    assert agreed is not None and agreed.reasons is False and ", where " not in agreed.summary
    full = agreement(job, None, engine, ["wsm", "vikor", "topsis"])
    assert full.reasons and agreed.ranks.tolist() == full.ranks.tolist()
    small = long_scenario(12)
    assert compared(engine.prepare(small), engine.rank(small), engine, ["wsm"]).reasons is True


@pytest.mark.parametrize(
    ("p", "words", "cell"),
    [(0.0, "0%", "0"), (0.004, "less than 1%", "<1"), (0.64, "64%", "64"), (0.995, "more than 99%", ">99"),
     (0.999, "more than 99%", ">99"), (1.0, "100%", "100")],
)
def test_a_share_reads_the_same_in_words_and_in_a_heat_maps_cell(p, words, cell):
    """One rule for both: never a rounded 100% or 0% that is not exactly so (199 of 200
    samples, 0.995, once read "100" in the heat map)."""
    assert share_text(p) == words
    assert share_text(p, compact=True, sign=False) == cell
    assert share_text(p, compact=True) == f"{cell} %"


@pytest.mark.parametrize(
    ("bound", "now", "shown"),
    [(0.4114, 0.30, ("42%", "30%")), (0.2049, 0.30, ("20%", "30%")), (0.497, 0.50, ("49%", "50%")),
     (0.4999, 0.4951, ("50.0%", "49.5%")),  # both read "50%" whole: a decimal more
     (0.5004, 0.50, ("51%", "50%"))],
)
def test_a_tipping_weight_is_shown_past_the_point_and_never_as_the_weight_now(bound, now, shown):
    from tradeoff.output.report import _past

    assert _past(bound, now) == shown
