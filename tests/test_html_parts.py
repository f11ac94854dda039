"""The html page's tables as markup (plugins/html_parts.py): what the phone's cards read
(each cell's ``data-label``), escaped, and which tables become cards.  How they look at
390 px is measured in a browser: tests/test_report_browser.py."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tradeoff.plugins import html_parts as parts


class Cells(HTMLParser):
    """The (tag, attributes) of every th and td, in order, and the wrappers' classes."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[tuple[str, dict[str, str | None]]] = []
        self.wrappers: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("th", "td"):
            self.cells.append((tag, dict(attrs)))
        elif tag == "div":
            self.wrappers.append(dict(attrs).get("class"))


def parsed(html: str) -> Cells:
    cells = Cells()
    cells.feed(html)
    return cells


def test_each_cell_is_labelled_by_its_column_s_head_as_plain_text():
    heads = ["Rank", "Alternative", "Quality &lt;img src=x&gt; &amp; &quot;more&quot;", '<span title="t">Cost</span>  (USD)']
    html = parts.one_table("t", "Caption", heads, [["1", "A &lt;b&gt;", "7", "100"]], {0, 2, 3}, key=1)
    cells = parsed(html).cells
    body = cells[len(heads):]
    assert [tag for tag, _ in body] == ["td", "th", "td", "td"]  # the name (key 1) is the row's head
    assert [a.get("data-label") for _, a in body] == ["Rank", None, 'Quality <img src=x> & "more"', "Cost (USD)"]
    assert body[1][1] == {"scope": "row"}
    # the attribute is escaped: no raw < or " inside it
    assert 'data-label="Quality &lt;img src=x&gt; &amp; &quot;more&quot;"' in html


def test_tables_of_four_columns_or_more_become_cards_on_a_phone():
    three = parts.one_table("a", "A", ["Rank", "Alternative", "Score"], [["1", "A", "0.5"]], {0, 2}, key=1)
    four = parts.one_table("b", "B", ["Rank", "Alternative", "Score", "Cost"], [["1", "A", "0.5", "3"]], {0, 2, 3}, key=1)
    assert parsed(three).wrappers == ["scroll"]
    assert parsed(four).wrappers == ["scroll cards"]
    # the table and its rows keep their bare tags (what reads the page relies on them)
    assert re.search(r'<table id="b"><caption id="b-caption">B</caption><thead><tr>', four)
    assert four.count("<tr>") == 2


def test_the_cards_are_for_screens_only():
    """Print keeps tables: the card rules sit in a screen-only media query."""
    style = parts.STYLE
    start = style.index("@media screen and (max-width: 600px)")
    block = style[start : style.index("\n}", start)]
    assert ".cards table" in block and "attr(data-label)" in block
    assert ".cards" not in style[: start] + style[style.index("\n}", start) :]
