"""Find the line of a TOML file where a place (a path of keys) is written.

tomllib gives values without positions, so errors about a value would have no line.
This scanner follows table headers (``[a.b]``, ``[[a]]`` with a count per array) and
``key =`` lines; a key inside an inline table is reported at the line of its table.
It only has to be right for files that parsed, and falls back to no line.
"""

from __future__ import annotations

import re

import attrs

from .errors import ScenarioError, Step

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r'^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\'))*)\s*=')
_PART = re.compile(r'[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\'')


def _keys(dotted: str) -> list[str]:
    return [p.strip("\"'") for p in _PART.findall(dotted)]


def _plain(path: tuple[Step, ...]) -> list[str | int]:
    return [step[0] if isinstance(step, tuple) else step for step in path]


def find_line(text: str, path: tuple[Step, ...]) -> int | None:
    """1-based line where `path` (or its longest written prefix) is defined."""
    target = _plain(path)
    if not target:
        return None
    counts: dict[tuple, int] = {}
    table: list[str | int] = []
    best: tuple[int, int] | None = None  # (matched length, line)
    first_inside: int | None = None  # first line of a table below the place (`[a.b]` for a)
    depth = 0  # open brackets of a multi-line array: its lines hold no keys
    for number, line in enumerate(text.splitlines(), start=1):
        if depth > 0:
            depth = max(0, depth + _balance(line))
            continue
        if m := _HEADER.match(line):
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
            full = list(table)
        elif m := _KEY.match(line):
            full = table + _keys(m.group(1))
            depth = max(0, _balance(line[m.end() :]))
        else:
            continue
        matched = _common(full, target)
        if matched == len(full) and (best is None or matched > best[0]):
            best = (matched, number)
        elif matched == len(target) and first_inside is None:
            first_inside = number
    return best[1] if best else first_inside


def _balance(text: str) -> int:
    return text.count("[") - text.count("]")


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
