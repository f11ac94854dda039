"""Every bad input gets a clear error: the catalogue in docs/errors.md, checked.

docs/errors.md is a table of mistakes, each with what `tradeoff rank s.toml` and
`tradeoff validate s.toml` print and the exit status.  This module holds each case's
input, keyed by the case's name, runs both commands on it, and asserts that what they
print is, to the character, what the page says; that every case of the page has an
input here and every input a row there; and that every kind of mistake the
hardening work listed (`REQUIRED`) is in the page.  So the page cannot drift from the
code.

Inputs are changes to one small scenario, `BASE` (tests/scenarios.py; the page shows
it too), written to ``s.toml`` in a temporary folder that is the current one, so the
errors say ``s.toml`` as the user typed it.
"""

from __future__ import annotations

import os
import pathlib
import re
import time
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

import tradeoff
from tradeoff.cli import main
from tradeoff.files.scenario_file import MAX_BYTES

from .scenarios import BASE, change

DOC = Path(__file__).resolve().parent.parent / "docs" / "errors.md"


def first_alternative_only() -> str:
    return BASE[: BASE.index("\n[[alternatives]]\nname = \"B\"")] + "\n"


@attrs.frozen
class Case:
    """What a case writes: `content` to `name` (text is written as UTF-8), or what
    `setup(folder, monkeypatch)` makes; then `tradeoff rank NAME` and `validate NAME`."""

    content: str | bytes | None = None
    name: str = "s.toml"
    setup: Callable[[Path, pytest.MonkeyPatch], None] | None = None


def _directory(folder: Path, _mp: pytest.MonkeyPatch) -> None:
    (folder / "scenarios").mkdir()


def _fifo(folder: Path, _mp: pytest.MonkeyPatch) -> None:
    os.mkfifo(folder / "pipe.toml")


def _unreadable(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = folder / "s.toml"
    path.write_text(BASE, encoding="utf-8")
    path.chmod(0)
    if os.geteuid() == 0:  # root reads it anyway: refuse the way the system would
        real_open = pathlib.Path.open

        def refuse(self, *args, **kwargs):
            if self.name == "s.toml":
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(pathlib.Path, "open", refuse)


def _through_a_file(folder: Path, _mp: pytest.MonkeyPatch) -> None:
    (folder / "s.toml").write_text(BASE, encoding="utf-8")


LONG = "N" * 100_000
WINDOWS = BASE.replace("\n", "\r\n")

CASES: dict[str, Case] = {
    # -- TOML syntax ------------------------------------------------------------------------
    "toml-syntax": Case(change("weight = 2", "weight = = 2")),
    "unclosed-string": Case(change('name = "B"', 'name = "B')),
    "unclosed-table-header": Case(change("[criteria.speed]", "[criteria.speed")),
    "cut-off-file": Case(BASE + "[[alternatives]]\nname"),
    "duplicate-criterion": Case(BASE + '\n[criteria.price]\ndirection = "max"\n'),
    "duplicate-key": Case(change("weight = 2", "weight = 2\nweight = 3")),
    # -- unknown keys -----------------------------------------------------------------------
    "unknown-key": Case(change("weight = 2", "wieght = 2")),
    "unknown-top-level-key": Case('titel = "Which laptop?"\n' + BASE),
    "unknown-alternative-key": Case(change('name = "B"', 'name = "B"\nvalue = 3')),
    # -- wrong types ------------------------------------------------------------------------
    "string-weight": Case(change("weight = 2", 'weight = "heavy"')),
    "table-weight": Case(change("weight = 2", "weight = { value = 2 }")),
    "number-name": Case(change('name = "B"', "name = 5")),
    "number-values": Case(change("values = { price = 12, speed = 5 }", "values = 12")),
    "string-value": Case(change("speed = 5 }", 'speed = "fast" }')),
    "date-value": Case(change("speed = 5 }", "speed = 2024-05-01 }")),
    "number-direction": Case(change('direction = "max"', "direction = 1")),
    "array-title": Case('title = ["Which", "laptop?"]\n' + BASE),
    "number-method": Case("method = 5\n" + BASE),
    "bad-criterion-id": Case(change("[criteria.speed]", "[criteria.top-speed]").replace("speed =", "top-speed =")),
    # -- weights ----------------------------------------------------------------------------
    "negative-weight": Case(change("weight = 2", "weight = -1")),
    "all-zero-weights": Case(change('direction = "max"', 'direction = "max"\nweight = 0', change("weight = 2", "weight = 0"))),
    "weight-and-scheme": Case('[weights]\nscheme = "equal"\n\n' + BASE),
    # -- NaN and infinity -------------------------------------------------------------------
    "nan-weight": Case(change("weight = 2", "weight = nan")),
    "inf-value": Case(change("speed = 5 }", "speed = inf }")),
    "negative-inf-value": Case(change("price = 10,", "price = -inf,")),
    "nan-fact": Case(change("speed = 5 }", "speed = 5 }\nfacts = { monthly_fee = nan }")),
    "inf-context": Case("context = { horizon_months = inf }\n" + BASE),
    "nan-method-parameter": Case('method = { name = "vikor", v = nan }\n' + BASE),
    "inf-bounds": Case(change("weight = 2", "weight = 2\nbounds = [0, inf]")),
    "huge-value": Case('method = "aras"\n' + change("speed = 5 }", "speed = 1e300 }")),
    "nan-points": Case('weights = { scheme = "direct", points = { price = nan } }\n' + change("weight = 2\n", "")),
    "nan-influence": Case(
        '[[stakeholders]]\nname = "Owner"\ninfluence = nan\nweights = { scheme = "equal" }\n\n'
        + change("weight = 2\n", "")
    ),
    # -- names ------------------------------------------------------------------------------
    "duplicate-alternative": Case(change('name = "B"', 'name = "A"')),
    "blank-name": Case(change('name = "B"', 'name = "  "')),
    "missing-name": Case(change('name = "B"\n', "")),
    "control-characters-in-a-name": Case(
        change('name = "B"', 'name = "A\\nB\\u001b[31m"', change('name = "A"', 'name = "A\\nB\\u001b[31m"'))
    ),
    # -- how many ---------------------------------------------------------------------------
    "no-alternatives": Case(BASE[: BASE.index("[[alternatives]]")]),
    "one-alternative": Case(first_alternative_only()),
    "no-criteria": Case('[[alternatives]]\nname = "A"\n'),
    "criterion-without-values": Case(
        change('\n[[alternatives]]\nname = "A"', '\n[criteria.weight_kg]\ndirection = "min"\n\n[[alternatives]]\nname = "A"')
    ),
    "plugin-criterion-without-facts": Case(
        change("[[alternatives]]\nname = \"A\"", "[criteria.cost]\n\n[[alternatives]]\nname = \"A\"")
    ),
    # -- methods, normalizations, schemes ---------------------------------------------------
    "unknown-method": Case('method = "topsys"\n' + BASE),
    "unknown-normalization": Case('method = { name = "topsis", normalization = "vectr" }\n' + BASE),
    "unknown-method-parameter": Case('method = { name = "wsm", lambda = 0.5 }\n' + BASE),
    "method-parameter-out-of-range": Case('method = { name = "vikor", v = 2 }\n' + BASE),
    "unknown-weighting-scheme": Case('weights = { scheme = "rocc" }\n' + change("weight = 2\n", "")),
    "zero-for-a-method-that-needs-positive-values": Case(
        'method = "aras"\n' + change("price = 12,", "price = 0,", change("price = 10,", "price = 0,"))
    ),
    "cost-of-zero-under-max-normalization": Case(
        'method = { name = "topsis", normalization = "max" }\n' + change("price = 10,", "price = 0,")
    ),
    "format-from-the-future": Case("format = 2\n" + BASE),
    "format-as-a-string": Case('format = "1"\n' + BASE),
    # -- bytes and line ends ----------------------------------------------------------------
    "not-utf8": Case('title = "Caf\xe9 laptops"\n'.encode("latin-1") + BASE.encode()),
    "utf16": Case(('title = "Laptops"\n' + BASE).encode("utf-16")),
    "byte-order-mark": Case(b"\xef\xbb\xbf" + BASE.encode()),
    "byte-order-mark-and-an-error": Case(b"\xef\xbb\xbf" + b'title = = "Laptops"\n' + BASE.encode()),
    "windows-line-endings": Case(WINDOWS.encode()),
    "windows-line-endings-and-an-error": Case(change("speed = 5 }", "speed = inf }", WINDOWS).encode()),
    "windows-line-endings-and-a-syntax-error": Case(change("weight = 2", "weight = = 2", WINDOWS).encode()),
    "old-mac-line-endings": Case(BASE.replace("\n", "\r").encode()),
    "nul-byte": Case(change('name = "B"', 'name = "B\0"')),
    # -- files ------------------------------------------------------------------------------
    "empty-file": Case(""),
    "only-comments": Case("# Which laptop?\n# to do\n"),
    "directory": Case(name="scenarios", setup=_directory),
    "missing-file": Case(name="nope.toml"),
    "unreadable-file": Case(setup=_unreadable),
    "path-through-a-file": Case(name="s.toml/more.toml", setup=_through_a_file),
    "empty-file-name": Case(name=""),
    "fifo": Case(name="pipe.toml", setup=_fifo),
    "device": Case(name="/dev/null"),
    "huge-file": Case(b"# " + b"x" * MAX_BYTES + b"\n" + BASE.encode()),
    # -- sizes ------------------------------------------------------------------------------
    "long-name": Case(change('name = "B"', f'name = "{LONG}"')),
    "long-name-duplicate": Case(change('name = "B"', f'name = "{LONG}"', change('name = "A"', f'name = "{LONG}"'))),
    "long-unknown-key": Case(change("weight = 2", f"{'w' * 100_000} = 2")),
    "deep-nesting": Case("a = " + "[" * 10_000 + "]" * 10_000 + "\n" + BASE),
    "long-dotted-key": Case("a" + ".a" * 20_000 + " = 1\n" + BASE),
    "integer-of-5000-digits": Case(change("speed = 5 }", f"speed = 1{'0' * 5000} }}")),
    "integer-no-float-holds": Case(change("weight = 2", f"weight = 1{'0' * 400}")),
    "integer-no-float-holds-in-a-parameter": Case(f'method = {{ name = "vikor", v = 1{"0" * 400} }}\n' + BASE),
}

#: Every kind of mistake the hardening work listed, and the cases in docs/errors.md that show it.
REQUIRED = {
    "TOML syntax errors, with line and column": ["toml-syntax", "unclosed-string", "cut-off-file"],
    "unknown keys, with a did you mean": ["unknown-key", "unknown-top-level-key"],
    "wrong types": ["string-weight", "table-weight", "number-name"],
    "negative weights": ["negative-weight"],
    "all-zero weights": ["all-zero-weights"],
    "NaN and infinity in weights, values, facts, context, method params": [
        "nan-weight", "inf-value", "nan-fact", "inf-context", "nan-method-parameter",
    ],
    "duplicate alternative names": ["duplicate-alternative"],
    "duplicate criterion names": ["duplicate-criterion"],
    "no alternatives": ["no-alternatives"],
    "one alternative": ["one-alternative"],
    "a criterion with no values, no criteria at all": ["criterion-without-values", "no-criteria"],
    "unknown method": ["unknown-method"],
    "unknown normalization": ["unknown-normalization"],
    "unknown weighting scheme": ["unknown-weighting-scheme"],
    "a format version from the future": ["format-from-the-future"],
    "non-UTF-8 bytes": ["not-utf8"],
    "a byte-order mark": ["byte-order-mark"],
    "Windows line endings, with right line numbers": [
        "windows-line-endings", "windows-line-endings-and-an-error", "windows-line-endings-and-a-syntax-error",
    ],
    "an empty file": ["empty-file"],
    "a directory": ["directory"],
    "a missing file": ["missing-file"],
    "an unreadable file": ["unreadable-file"],
    "a huge file": ["huge-file"],
    "very long names": ["long-name", "long-name-duplicate"],
    "deeply nested TOML": ["deep-nesting"],
    "a NUL byte": ["nul-byte"],
    "a FIFO or a device": ["fifo", "device"],
}


# -- the page --------------------------------------------------------------------------------


@attrs.frozen
class Row:
    case: str
    inputs: tuple[str, ...]  # the code spans of the input column
    prints: tuple[str, ...]  # the code spans of the output column: lines printed
    status: int


def _cells(line: str) -> list[str]:
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]


def _spans(cell: str) -> tuple[str, ...]:
    return tuple(re.findall(r"`([^`]+)`", cell))


def doc_rows() -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if not line.startswith("| `"):
            continue
        case, _what, given, prints, status = _cells(line)
        name = _spans(case)[0]
        assert name not in rows, f"case {name} twice in {DOC.name}"
        rows[name] = Row(name, _spans(given), _spans(prints), int(status))
    return rows


ROWS = doc_rows()


def test_the_page_and_the_inputs_name_the_same_cases():
    assert sorted(ROWS) == sorted(CASES)


def test_the_page_shows_the_file_every_input_changes():
    page = DOC.read_text(encoding="utf-8")
    assert "```toml\n" + BASE + "```\n" in page


@pytest.mark.parametrize("kind", sorted(REQUIRED))
def test_every_kind_of_mistake_is_in_the_page(kind):
    assert set(REQUIRED[kind]) <= set(ROWS), kind


def _as_shown(content: str | bytes) -> str:
    """The input as the page writes it: control characters and bytes that are not
    UTF-8 as escapes."""
    text = content.decode("utf-8", "backslashreplace") if isinstance(content, bytes) else content
    return text.replace("\ufeff", "\\ufeff").replace("\r", "\\r").replace("\0", "\\0")


# -- the commands ----------------------------------------------------------------------------


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def matches(documented: str, printed: str) -> bool:
    """`printed` is `documented`, where a "…" in the page stands for what depends on
    the plugins installed (the list of registered methods)."""
    if "…" not in documented:
        return printed == documented
    pattern = ".*?".join(re.escape(part) for part in documented.split("…"))
    return re.fullmatch(pattern, printed) is not None


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_case_prints_what_the_page_says(name, tmp_path, monkeypatch, capsys):
    case, row = CASES[name], ROWS[name]
    if case.content is not None:
        for span in row.inputs:  # what the page shows is what is written
            assert "…" in span or span in _as_shown(case.content), span
    monkeypatch.chdir(tmp_path)
    if case.content is not None:
        data = case.content.encode("utf-8") if isinstance(case.content, str) else case.content
        (tmp_path / case.name).write_bytes(data)
    if case.setup is not None:
        case.setup(tmp_path, monkeypatch)
    rank = run(capsys, "rank", case.name)
    validate = run(capsys, "validate", case.name)
    assert (rank[0], validate[0]) == (row.status, row.status), (rank, validate)
    if row.status == 0:  # each line the page shows is a line one of the commands printed
        assert rank[2] == validate[2] == ""
        printed = rank[1].splitlines() + validate[1].splitlines()
        assert validate[1].startswith("ok: ")
        for line in row.prints:
            assert any(matches(line, p) for p in printed), (line, printed[-12:])
        return
    assert len(row.prints) == 1
    for status, out, err in (rank, validate):
        assert out == ""
        assert err.endswith("\n") and err.count("\n") == 1, err
        assert matches(row.prints[0], err[:-1]), err


# -- what a table cannot show -----------------------------------------------------------------


def test_thousands_of_criteria_are_checked_in_linear_time(engine):
    """Checking each value's criterion was a search of a list: 20 alternatives of
    10,000 criteria took 40 s; now well under a second."""
    m = 10_000
    criteria = "".join(f'[criteria.c{j}]\ndirection = "max"\n' for j in range(m))
    values = ", ".join(f"c{j} = {j % 7}" for j in range(m))
    text = criteria + "".join(f'[[alternatives]]\nname = "A{i}"\nvalues = {{ {values} }}\n' for i in range(20))
    start = time.perf_counter()
    scenario = tradeoff.loads(text)
    assert len(engine.rank(scenario).rows) == 20
    assert time.perf_counter() - start < 15


def test_the_line_of_an_error_is_found_quickly_in_a_large_file():
    """The scan for the line skips plain text in C: an error at the end of a file of
    20,000 alternatives is placed at once, strings and comments still skipped."""
    head = '[criteria.x]\ndirection = "max"\n'
    alternative = '[[alternatives]]\nname = "A{i}" # [[alternatives]]\ndescription = "a [b"\nvalues = {{ x = {i} }}\n'
    text = head + "".join(alternative.format(i=i) for i in range(20_000))
    text += '[[alternatives]]\nname = "Z"\nvalues = { x = nan }\n'
    start = time.perf_counter()
    with pytest.raises(tradeoff.ScenarioError) as info:
        tradeoff.loads(text, file="s.toml")
    assert str(info.value) == (
        's.toml:80005: alternatives[20000] "Z".values.x: expected a finite number, got nan (a number)'
    )
    assert time.perf_counter() - start < 10


def test_errors_through_the_api_are_one_line_too():
    """`str(error)` is what the CLI prints after "error: "; an app gets the same line."""
    text = change('name = "B"', 'name = "A\\n\\tB"', change('name = "A"', 'name = "A\\n\\tB"'))
    with pytest.raises(tradeoff.ScenarioError) as info:
        tradeoff.loads(text, file="s.toml")
    assert str(info.value) == (
        's.toml:13: alternatives[1] "A\\n\\tB".name: expected alternative names that are unique, '
        'got "A\\n\\tB" again (first at alternatives[0])'
    )
    assert info.value.path == ("alternatives", (1, "A\n\tB"), "name")  # the data stays as it was


def test_a_byte_order_mark_in_a_string_is_dropped_like_in_a_file():
    assert tradeoff.loads("\ufeff" + BASE) == tradeoff.loads(BASE)


@pytest.mark.parametrize(
    "where",
    [
        'description = "{dotted}"\n',
        "description = '{dotted}'\n",
        'description = """\n{dotted}\n"""\n',
        "# {dotted}\n",
    ],
)
def test_dotted_text_in_strings_and_comments_is_no_long_key(where):
    """Only a key of more than 100 dotted parts is refused: text in a string or a
    comment may have as many dots as it likes."""
    text = where.format(dotted=".".join(["v1"] * 150)) + BASE
    assert tradeoff.loads(text).description.count(".") in (0, 149)
