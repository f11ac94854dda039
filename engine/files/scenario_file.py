"""Scenario files: TOML in (stdlib tomllib), TOML out (tomli-w).

The loader is the file boundary: it checks the document's shape (known keys, right
types), builds the model, and gives every error the file name and the line.  Checks
that need plugins (facts, known criteria and methods) happen when the engine
evaluates the scenario; they are located the same way.
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from collections.abc import Mapping
from typing import Any

import attrs

from ..model.errors import ScenarioError, Step, clip, describe, did_you_mean, within
from ..model.frozen import thaw
from ..model.scenario import (
    FORMAT,
    Alternative,
    CriterionChoice,
    Interval,
    MethodChoice,
    Scenario,
    Source,
    Stakeholder,
    TableSettings,
    WeightsChoice,
    finite_number,
)
from .atomic import write_text
from .inputs import read_input
from .places import MAX_KEY_PARTS, deepest, locate, long_key

#: Scenario files larger than this are refused rather than parsed (bytes).
MAX_BYTES = 16 * 1024 * 1024

TOP_KEYS = (
    "format", "title", "description", "author", "organisation", "notes", "context", "method", "weights",
    "stakeholders", "criteria", "alternatives", "columns", "table",
)
#: The plain-text keys that say what the decision is and who made it (the report's cover).
COVER_KEYS = ("title", "description", "author", "organisation", "notes")
TABLE_KEYS = ("decimal",)
STAKEHOLDER_KEYS = ("name", "influence", "weights")
CRITERION_KEYS = ("weight", "label", "direction", "unit", "description", "bounds", "preference", "reference")
ALTERNATIVE_KEYS = ("name", "description", "values", "facts")
_TOML_POSITION = re.compile(r"^(.*) \(at line (\d+), column (\d+)\)$")
_KEY_TUPLE = re.compile(r"\(((?:'[^'\n]*'(?:, )?)+),?\)")  # tomllib's ('criteria', 'x')


def load(path: str | os.PathLike[str], *, alternatives_optional: bool = False) -> Scenario:
    """Read a scenario file; a `ScenarioError` names the file and line of any problem.

    `alternatives_optional`: the file may have no ``[[alternatives]]``, because they
    come from a table (``tradeoff rank SCENARIO --alternatives vendors.csv``, see
    `tradeoff.core.table_input`); everything else is checked as usual.
    """
    name = os.fspath(path)
    data = read_input(name, "a scenario file", MAX_BYTES)
    if len(data) > MAX_BYTES:
        raise ScenarioError(
            file=name,
            expected=f"a scenario file of at most {MAX_BYTES // (1024 * 1024)} MiB",
            found="a larger file",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ScenarioError(file=name, expected="UTF-8 text", found=_not_utf8(data, error)) from None
    return loads(text, file=name, alternatives_optional=alternatives_optional)


def _not_utf8(data: bytes, error: UnicodeDecodeError) -> str:
    """What was found instead of UTF-8 text: UTF-16 (Notepad's "Unicode"), or the first
    byte that is not UTF-8, at its offset in the file, line and column."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 text (save the file as UTF-8)"
    rest = error.object  # after the byte-order mark, if any: error.start counts from there
    before = rest[: error.start].decode("utf-8")
    line, column = _position(before, len(before))
    offset = error.start + len(data) - len(rest)
    return f"byte 0x{data[offset]:02x} at offset {offset} (line {line}, column {column})"


def loads(text: str, file: str = "<string>", *, alternatives_optional: bool = False) -> Scenario:
    """Parse scenario TOML text; `file` is the name errors will show (and see `load`
    for `alternatives_optional`)."""
    text = text.removeprefix("\ufeff")  # a byte-order mark, as Windows Notepad writes
    data = _parse(text, file)
    if not data:
        raise ScenarioError(
            file=file,
            expected="a scenario: [criteria.*] and [[alternatives]] (tradeoff new writes a starter)",
            found="an empty file" if not text.strip() else "no keys, only comments",
        )
    try:
        scenario = from_dict(data, alternatives_optional=alternatives_optional)
    except ScenarioError as error:
        raise locate(error, file, text) from None
    return attrs.evolve(scenario, source=Source(file=file, text=text))


def _parse(text: str, file: str) -> dict[str, Any]:
    """tomllib's document, with every way it can fail as a `ScenarioError`."""

    def refuse(found: str, line: int | None = None, column: int | None = None) -> ScenarioError:
        return ScenarioError(file=file, line=line, column=column, expected="valid TOML", found=found)

    if (spot := long_key(text)) is not None:  # before tomllib, which would take hours
        raise refuse(f"a dotted key of more than {MAX_KEY_PARTS} parts", *spot)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message, line, column = _split_toml_error(str(error), text)
        if line is not None and column is not None and _bare_carriage_return(text, line, column):
            message += " (a carriage return alone ends no line in TOML: save with LF or CRLF line ends)"
        raise refuse(f"a syntax error: {message}", line, column) from None
    except RecursionError:
        depth, line, column = deepest(text)
        raise refuse(f"arrays or inline tables nested {depth} deep (too deep to read)", line, column) from None
    except ValueError:  # int() of too many digits (sys.get_int_max_str_digits)
        limit = sys.get_int_max_str_digits()
        spot = re.search(r"[0-9][0-9_]{%d,}" % limit, text)
        where = (None, None) if spot is None else _position(text, spot.start())
        raise refuse(f"an integer of more than {limit} digits", *where) from None


def _bare_carriage_return(text: str, line: int, column: int) -> bool:
    """Whether the character at `line`:`column` is a CR that no LF follows (a file
    saved with the line ends of classic Mac OS)."""
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return False
    at = start + column - 1
    return text[at : at + 1] == "\r" and text[at + 1 : at + 2] != "\n"


def _position(text: str, offset: int) -> tuple[int, int]:
    """(line, column), both from 1, of a character of `text`."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _split_toml_error(message: str, text: str) -> tuple[str, int | None, int | None]:
    if message.endswith(" (at end of document)"):  # placed after the last character
        return message.removesuffix(" (at end of document)"), *_position(text, len(text))
    m = _TOML_POSITION.match(message)
    if not m:
        return message, None, None
    # "Cannot declare ('criteria', 'x') twice" names the table as the file writes it
    message = _KEY_TUPLE.sub(lambda k: ".".join(re.findall(r"'([^'\n]*)'", k.group(1))), m.group(1))
    return message, int(m.group(2)), int(m.group(3))


def _expect(value: Any, kind: type | tuple[type, ...], expected: str, *path: Step) -> Any:
    ok = isinstance(value, kind) and not (kind is not bool and isinstance(value, bool))
    if not ok:
        raise ScenarioError(expected=expected, found=describe(value), path=path)
    return value


def _known_keys(table: Mapping[str, Any], known: tuple[str, ...], *path: Step) -> None:
    for key in table:
        if key not in known:
            raise ScenarioError(
                expected=f"one of the keys {', '.join(known)}{did_you_mean(key, known)}",
                found=f'unknown key "{clip(key)}"',
                path=(*path, key),
            )


def from_dict(data: Mapping[str, Any], *, alternatives_optional: bool = False) -> Scenario:
    """Build a scenario from parsed TOML, checking the document's shape."""
    fmt = data.get("format", FORMAT)
    _expect(fmt, int, "an integer format version", "format")
    if fmt != FORMAT:  # before anything else: a newer format may have other keys
        raise ScenarioError(
            expected=f"format {FORMAT} (the version this tradeoff reads)",
            found=describe(fmt),
            path=("format",),
        )
    _known_keys(data, TOP_KEYS)
    title, description, author, organisation, notes = (
        _expect(data.get(key, ""), str, "a string", key) for key in COVER_KEYS
    )
    context = _expect(data.get("context", {}), dict, "a table of facts", "context")
    criteria_table = _expect(data.get("criteria", {}), dict, "a table of criteria", "criteria")
    raw_alternatives = _expect(
        data.get("alternatives", []), list, "an array of tables [[alternatives]]", "alternatives"
    )
    weighting = _weighting(data.get("weights"), ("weights",))
    raw_stakeholders = _expect(
        data.get("stakeholders", []), list, "an array of tables [[stakeholders]]", "stakeholders"
    )
    stakeholders = [_stakeholder(i, t) for i, t in enumerate(raw_stakeholders)]
    if weighting is not None or stakeholders:
        source = f'[weights] scheme "{weighting.scheme}"' if weighting else "the [[stakeholders]]"
        for cid, table in criteria_table.items():
            if isinstance(table, dict) and "weight" in table:
                raise ScenarioError(
                    expected=f"no weight here: {source} derives them",
                    found=describe(table["weight"]),
                    path=("criteria", cid, "weight"),
                )
    criteria = [_criterion(cid, table) for cid, table in criteria_table.items()]
    alternatives = [_alternative(i, alt) for i, alt in enumerate(raw_alternatives)]
    columns = _expect(
        data.get("columns", {}), dict, 'a table of headers, each with the fact or criterion it gives', "columns"
    )
    table_settings = _expect(data.get("table", {}), dict, 'a table such as { decimal = "," }', "table")
    _known_keys(table_settings, TABLE_KEYS, "table")
    with within("table"):
        settings = TableSettings(**table_settings)
    return Scenario(
        columns=columns,
        table=settings,
        title=title,
        description=description,
        author=author,
        organisation=organisation,
        notes=notes,
        context=context,
        method=_method(data.get("method")),
        weighting=weighting,
        stakeholders=stakeholders,
        criteria=criteria,
        alternatives=alternatives,
        alternatives_optional=alternatives_optional,
    )


def _method(raw: Any) -> MethodChoice:
    if raw is None:
        return MethodChoice()
    if isinstance(raw, str):
        return MethodChoice(name=raw)
    table = _expect(raw, dict, 'a method name or a [method] table with name = "..."', "method")
    name = _expect(table.get("name"), str, "a method name", "method", "name")
    normalization = table.get("normalization")
    if normalization is not None:
        _expect(normalization, str, "a normalization name", "method", "normalization")
    params = {k: v for k, v in table.items() if k not in ("name", "normalization")}
    _floats_hold(params, "method")
    return MethodChoice(name=name, normalization=normalization, params=params)


def _floats_hold(value: Any, *path: Step) -> None:
    """Refuse an integer beyond what a float holds (TOML integers are unbounded) in a
    table that plugins read as they find it (method parameters, weighting settings,
    preference functions): they compute with floats, and a plugin's arithmetic should
    not be where a user's typo of 400 digits surfaces."""
    if isinstance(value, int) and not isinstance(value, bool) and not finite_number(value):
        raise ScenarioError(
            expected="a number that a float can hold (up to 1.8e308)", found=describe(value), path=path
        )
    if isinstance(value, dict):
        for key, item in value.items():
            _floats_hold(item, *path, key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _floats_hold(item, *path, index)


def _weighting(raw: Any, place: tuple[Step, ...]) -> WeightsChoice | None:
    if raw is None:
        return None
    table = _expect(raw, dict, 'a table of weights with scheme = "..."', *place)
    scheme = _expect(table.get("scheme"), str, "a weighting scheme name", *place, "scheme")
    _floats_hold(table, *place)
    return WeightsChoice(scheme=scheme, settings={k: v for k, v in table.items() if k != "scheme"})


def _label(index: int, name: Any) -> Step:
    """How an error names an array entry: by its index, and its name when it has one."""
    return (index, name) if isinstance(name, str) and name.strip() else index


def _stakeholder(index: int, table: Any) -> Stakeholder:
    _expect(table, dict, "a table", "stakeholders", index)
    name = table.get("name")
    label = _label(index, name)
    _known_keys(table, STAKEHOLDER_KEYS, "stakeholders", label)
    if not isinstance(name, str):
        raise ScenarioError(expected="a name", found=describe(name), path=("stakeholders", index, "name"))
    weighting = _weighting(table.get("weights"), ("stakeholders", label, "weights"))
    if weighting is None:
        raise ScenarioError(
            expected='weights = { scheme = "...", ... }: this stakeholder\'s view of the weights',
            found="none",
            path=("stakeholders", label, "weights"),
        )
    with within("stakeholders", label):
        return Stakeholder(name=name, influence=table.get("influence", 1), weighting=weighting)


def _criterion(cid: str, table: Any) -> CriterionChoice:
    _expect(table, dict, "a table of the criterion's settings", "criteria", cid)
    _known_keys(table, CRITERION_KEYS, "criteria", cid)
    for key in ("label", "unit", "description"):  # direction: the model says "max" or "min"
        if key in table:
            _expect(table[key], str, "a string", "criteria", cid, key)
    _floats_hold(table.get("preference"), "criteria", cid, "preference")
    with within("criteria", cid):
        return CriterionChoice(id=cid, **table)  # CRITERION_KEYS are its fields


def _alternative(index: int, table: Any) -> Alternative:
    _expect(table, dict, "a table", "alternatives", index)
    name = table.get("name")
    label = _label(index, name)
    _known_keys(table, ALTERNATIVE_KEYS, "alternatives", label)
    if name is None:
        raise ScenarioError(expected="a name", found="none", path=("alternatives", index, "name"))
    _expect(name, str, "a string", "alternatives", index, "name")
    _expect(table.get("description", ""), str, "a string", "alternatives", label, "description")
    for key in ("values", "facts"):
        _expect(table.get(key, {}), dict, "a table", "alternatives", label, key)
    with within("alternatives", label):
        return Alternative(
            name=name,
            description=table.get("description", ""),
            values=table.get("values", {}),
            facts=table.get("facts", {}),
        )


def to_dict(scenario: Scenario) -> dict[str, Any]:
    """The scenario as plain data (dicts and lists) in the file format, ready for TOML."""
    out: dict[str, Any] = {"format": scenario.format}
    for key in COVER_KEYS:
        if getattr(scenario, key):
            out[key] = getattr(scenario, key)
    if scenario.context:
        out["context"] = thaw(scenario.context)
    m = scenario.method
    if m.normalization is None and not m.params:
        out["method"] = m.name
    else:
        table: dict[str, Any] = {"name": m.name}
        if m.normalization is not None:
            table["normalization"] = m.normalization
        out["method"] = table | thaw(m.params)
    if scenario.weighting is not None:
        out["weights"] = _weights_table(scenario.weighting)
    if scenario.stakeholders:
        out["stakeholders"] = [
            {"name": p.name, "influence": p.influence, "weights": _weights_table(p.weighting)}
            for p in scenario.stakeholders
        ]
    derived = scenario.weighting is not None or bool(scenario.stakeholders)
    criteria: dict[str, Any] = {}
    for c in scenario.criteria:
        entry: dict[str, Any] = {} if derived else {"weight": c.weight}
        for key in ("label", "unit", "description"):
            if getattr(c, key):
                entry[key] = getattr(c, key)
        if c.direction is not None:
            entry["direction"] = c.direction.value
        if c.bounds is not None:
            entry["bounds"] = list(c.bounds)
        if c.preference is not None:
            entry["preference"] = thaw(c.preference)
        if c.reference is not None:
            entry["reference"] = c.reference
        criteria[c.id] = entry
    out["criteria"] = criteria
    alternatives = []
    for a in scenario.alternatives:
        entry = {"name": a.name}
        if a.description:
            entry["description"] = a.description
        if a.given:  # an uncertain value as its interval [low, high]
            entry["values"] = {
                k: [v.low, v.high] if isinstance(v, Interval) else v for k, v in a.given.items()
            }
        if a.facts:
            entry["facts"] = thaw(a.facts)
        alternatives.append(entry)
    if alternatives or not scenario.alternatives_optional:
        out["alternatives"] = alternatives
    if scenario.columns:
        out["columns"] = dict(scenario.columns)
    if scenario.table != TableSettings():
        out["table"] = attrs.asdict(scenario.table)
    return out


def _weights_table(choice: WeightsChoice) -> dict[str, Any]:
    return {"scheme": choice.scheme, **thaw(choice.settings)}


def dumps(scenario: Scenario) -> str:
    import tomli_w  # writing a scenario file: not at every start-up

    return tomli_w.dumps(to_dict(scenario))


def dump(scenario: Scenario, path: str | os.PathLike[str]) -> None:
    """Write a scenario file atomically: the old file or the new one, never half."""
    write_text(path, dumps(scenario))

