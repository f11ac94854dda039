"""Find the line of a TOML file where a place (a path of keys) is written.

tomllib gives values without positions, so errors about a value would have no line.
This scanner follows table headers (``[a.b]``, ``[[a]]`` with a count per array),
``key =`` lines and the items of an inline array of tables (``a = [{...}, {...}]``);
strings (multi-line ones too) and comments are blanked first so that their brackets
and lookalike headers do not count.  A key inside an inline table is reported at the line of its table.  It
only has to be right for files that parsed, and falls back to no line.
"""

from __future__ import annotations

import re

import attrs

from .errors import ScenarioError, Step

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(
    r'^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\')'
    r'(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\'))*)\s*='
)
_PART = re.compile(r'[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\'')


def _keys(dotted: str) -> list[str]:
    return [p.strip("\"'") for p in _PART.findall(dotted)]


def _plain(path: tuple[Step, ...]) -> list[str | int]:
    return [step[0] if isinstance(step, tuple) else step for step in path]


def _blank(line: str, quote: str | None) -> tuple[str, str | None]:
    """`line` with string contents and comments turned to spaces (same length), and
    the delimiter of a multi-line string still open at its end, if any."""
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
        ch = line[i]
        if ch == "#":
            out[i:] = " " * (n - i)
            break
        if line.startswith(('"""', "\'\'\'"), i):
            quote, i = line[i : i + 3], i + 3
            continue
        if ch in "\"'":
            j = i + 1
            while j < n and line[j] != ch:
                j += 2 if ch == '"' and line[j] == "\\" else 1
            out[i + 1 : min(j, n)] = " " * (min(j, n) - i - 1)
            i = j + 1
            continue
        i += 1
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
        for ch in chars:
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
    """`error` with its file and, where it can be found, its line."""
    if error.file is not None or file is None:
        return error
    line = error.line
    if line is None and text is not None:
        line = find_line(text, error.path)
    return attrs.evolve(error, file=file, line=line)
