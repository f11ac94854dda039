"""Find the line of a TOML file where a place (a path of keys) is written.

tomllib gives values without positions, so errors about a value would have no line.
This scanner follows table headers (``[a.b]``, ``[[a]]`` with a count per array),
``key =`` lines and the items of an inline array of tables (``a = [{...}, {...}]``);
strings (multi-line ones too) and comments are blanked first so that their brackets
and lookalike headers do not count.  A key inside an inline table is reported at the line of its table.  It
only has to be right for files that parsed, and falls back to no line.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from ..model.errors import ScenarioError, Step, one_line

if TYPE_CHECKING:
    from ..model.scenario import Scenario

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(
    r'^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\')'
    r'(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\'))*)\s*='
)
_PART = re.compile(r'[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\'')
_SPECIAL = re.compile(r"[#\"']")  # what starts a comment or a string
_BASIC_REST = re.compile(r'(?:[^"\\]|\\.?)*')  # a basic string's contents, escapes included
_BRACKET = re.compile(r"[\[\]{}]")
#: A key of more dotted parts than this is refused (tomllib takes time in the square of
#: a key's parts: 20,000 parts take 16 s); a scenario's keys have 4 at most.
MAX_KEY_PARTS = 100
_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_LONG_KEY = re.compile(rf"""(?<![\w."'-]){_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART}){{{MAX_KEY_PARTS}}}""")


def _keys(dotted: str) -> list[str]:
    return [p.strip("\"'") for p in _PART.findall(dotted)]


def _plain(path: tuple[Step, ...]) -> list[str | int]:
    return [step[0] if isinstance(step, tuple) else step for step in path]


def _blank(line: str, quote: str | None) -> tuple[str, str | None]:
    """`line` with string contents and comments turned to spaces (same length), and
    the delimiter of a multi-line string still open at its end, if any."""
    if quote is None and _SPECIAL.search(line) is None:
        return line, None
    out = list(line)
    i, n = 0, len(line)
    while i < n:
        if quote is not None:  # inside a multi-line string
            end = line.find(quote, i)
            stop = n if end < 0 else end
            out[i:stop] = " " * (stop - i)
            if end < 0:
                return "".join(out), quote
            i, quote = end + 3, None
            continue
        special = _SPECIAL.search(line, i)  # jump over plain text
        if special is None:
            break
        i = special.start()
        ch = line[i]
        if ch == "#":
            out[i:] = " " * (n - i)
            break
        if line.startswith(('"""', "\'\'\'"), i):
            quote, i = line[i : i + 3], i + 3
            continue
        if ch == '"':
            j = _BASIC_REST.match(line, i + 1).end()  # type: ignore[union-attr]
        else:
            j = line.find("'", i + 1)
            j = n if j < 0 else j
        out[i + 1 : j] = " " * (j - i - 1)
        i = j + 1
    return "".join(out), quote


def find_line(text: str, path: tuple[Step, ...]) -> int | None:
    """1-based line where `path` (or its longest written prefix) is defined."""
    target = _plain(path)
    if not target:
        return None
    counts: dict[tuple, int] = {}
    table: list[str | int] = []
    best: tuple[int, int] | None = None  # (matched length, line)
    first_inside: int | None = None  # first line of a table below the place (`[a.b]` for a)
    depth = 0  # brackets and braces open in a multi-line value
    array: list[str | int] | None = None  # key path of an array that may hold tables
    items = 0
    quote: str | None = None
    for number, raw in enumerate(text.split("\n"), start=1):  # TOML lines end at a newline only
        continued = depth > 0 or quote is not None
        line, quote = _blank(raw, quote)
        candidates: list[list[str | int]] = []
        if continued:
            chars = line
        elif m := _HEADER.match(raw):
            keys = _keys(m.group(2))
            table = []
            for k in keys[:-1]:
                table.append(k)
                if tuple(table) in counts:
                    table.append(counts[tuple(table)])
            table.append(keys[-1])
            if m.group(1) == "[[":
                index = counts.get(tuple(table), -1) + 1
                counts[tuple(table)] = index
                table.append(index)
            candidates.append(list(table))
            chars = ""
        elif m := _KEY.match(raw):
            full = table + _keys(m.group(1))
            candidates.append(full)
            chars = line[m.end() :]
            array, items = (full, 0) if chars.lstrip().startswith("[") else (None, 0)
        else:
            continue
        for bracket in _BRACKET.finditer(chars):
            ch = bracket.group()
            if ch == "{" and depth == 1 and array is not None:
                candidates.append([*array, items])
                items += 1
            depth = max(0, depth + _delta(ch))
        if depth == 0:
            array = None
        for full in candidates:
            matched = _common(full, target)
            if matched == len(full) and (best is None or matched > best[0]):
                best = (matched, number)
            elif matched == len(target) and first_inside is None:
                first_inside = number
    return best[1] if best else first_inside


def _lines(text: str) -> Iterator[tuple[int, str, str]]:
    """(number, line, line with strings and comments blanked) for each line."""
    quote: str | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        line, quote = _blank(raw, quote)
        yield number, raw, line


def deepest(text: str) -> tuple[int, int, int]:
    """(depth, line, column) of the most deeply nested bracket or brace of a value."""
    best, depth = (0, 1, 1), 0
    for number, _raw, line in _lines(text):
        for bracket in _BRACKET.finditer(line):
            depth = max(0, depth + _delta(bracket.group()))
            if depth > best[0]:
                best = (depth, number, bracket.start() + 1)
    return best


def long_key(text: str) -> tuple[int, int] | None:
    """(line, column) of the first key of more than `MAX_KEY_PARTS` dotted parts."""
    if text.count(".") < MAX_KEY_PARTS:
        return None
    lines = _lines(text)
    number, raw, line = 0, "", ""
    at, counted = 1, 0  # the line of `counted`, an offset: newlines are counted once
    for match in _LONG_KEY.finditer(text):
        at, counted = at + text.count("\n", counted, match.start()), match.start()
        while number < at:
            number, raw, line = next(lines)
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1)
        if line[column] == raw[column]:  # not blanked: outside strings and comments
            return number, column + 1
    return None


def _delta(ch: str) -> int:
    return 1 if ch in "[{" else -1 if ch in "]}" else 0


def _common(a: list, b: list) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def locate(error: ScenarioError, file: str | None, text: str | None) -> ScenarioError:
    """`error` with its file and, where it can be found, its line; an option's error
    (its place starts with "--") is the command line's, not the file's."""
    if error.file is not None or file is None or _an_option(error):
        return error
    line = error.line
    if line is None and text is not None:
        line = find_line(text, error.path)
    return attrs.evolve(error, file=file, line=line)


def _an_option(error: ScenarioError) -> bool:
    return bool(error.path) and isinstance(error.path[0], str) and error.path[0].startswith("--")


@contextlib.contextmanager
def located(scenario: Scenario) -> Iterator[None]:
    """Errors raised inside without a file (the scenario's own: its criteria,
    ``[context]``, its alternatives) get the scenario's file and line; a table's
    errors already name theirs."""
    try:
        yield
    except ScenarioError as error:
        if scenario.source is None:
            raise
        raise locate(error, scenario.source.file, scenario.source.text) from None


def shown_path(path: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> str:
    """A file name as the user gave it, safe to print anywhere: what is not printable
    (a terminal escape, a line break, a byte that is not UTF-8, which Python holds as a
    lone surrogate) written as an escape, as `ScenarioError` writes its file.  The one
    way the command line shows a path outside an error."""
    return one_line(os.fsdecode(path))


def where(file: str, kind: str, at: int | None, column: str | None) -> dict[str, Any]:
    """The `ScenarioError` fields for line (CSV), row (a sheet's) or index (Parquet)
    `at` of a file."""
    path: tuple[Any, ...] = (column,) if column else ()
    if kind in ("csv", "xlsx"):
        return {"file": file, "line": 1 if at is None else at, "path": path}
    return {"file": file, "path": path if at is None else ("rows", at, *path)}


def first_at(kind: str, at: int, file: str | None = None) -> str:
    """Where a name given again was first: ``first at line 7`` (a CSV file's line,
    else a row's number or index), with its `file` when that is another file."""
    unit = "line" if kind == "csv" else "row"
    return f"first at {unit} {at}" if file is None else f"first at {shown_path(file)} {unit} {at}"
