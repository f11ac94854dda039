"""What an engine's plugins provide, described: `tradeoff plugins` as text or JSON,
and the methods table of docs/methods.md (a test keeps the two the same)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..core.domain import POSITIVE_VALUES, described
from ..core.methods import INVARIANTS, Method
from ..core.normalize import DESCRIPTIONS

if TYPE_CHECKING:
    from ..engine import Engine
    from ..model.scenario import Criterion

#: One letter per invariant, in the table's order.
LETTERS = {
    "permutation": "P",
    "weight_scaling": "W",
    "column_scaling": "C",
    "dominance": "D",
    "identical_tie": "T",
    "stacking": "S",
    "no_rank_reversal": "R",
}
assert set(LETTERS) == set(INVARIANTS)


def _normalizations(m: Method) -> str:
    if not m.normalizations:
        return "own"
    rest = [n for n in m.normalizations if n != m.default_normalization]
    return ", ".join([f"{m.default_normalization}*", *rest])


def methods_table(methods: Iterable[Method]) -> str:
    """A Markdown table: one row per method, invariants as letters."""
    rows = [
        "| method | better | normalizations (* default) | values | parameters | per criterion | invariants |",
        "|---|---|---|---|---|---|---|",
    ]
    for m in sorted(methods, key=lambda m: (m.name.startswith("skc."), m.name)):
        params = ", ".join(f"{p.name}={p.default:g}" for p in m.params) or "-"
        letters = "".join(k if name in m.invariants else "." for name, k in LETTERS.items())
        rows.append(
            f"| {m.name} | {'higher' if m.higher_is_better else 'lower'} | {_normalizations(m)} "
            f"| {values(m)} | {params} | {', '.join(m.criterion_params) or '-'} | `{letters}` |"
        )
    return "\n".join(rows) + "\n"


def values(m: Method) -> str:
    """The values `m` takes, in words (`tradeoff.core.domain.described`)."""
    return described(POSITIVE_VALUES if m.positive else m.domain, m.normalizations)


def legend() -> str:
    return "\n".join(f"- `{k}` {name}: {INVARIANTS[name]}" for name, k in LETTERS.items()) + "\n"


def to_dict(engine: Engine) -> dict[str, Any]:
    """`tradeoff plugins --format json`: the plugins, criteria and methods."""
    return {
        "plugins": [p.to_dict() for p in engine.plugins],
        "criteria": [criterion_dict(c) for c in engine.criteria.values()],
        "methods": [method_dict(m) for m in engine.methods.values()],
    }


def criterion_dict(c: Criterion) -> dict[str, Any]:
    return {
        "id": c.id,
        "label": c.title,
        "direction": c.direction.value,
        "unit": c.unit,
        "description": c.description,
        "formula": c.formula,
        "facts": [
            {
                "name": f.name,
                "type": f.type.value,
                "unit": f.unit,
                "low": f.low,
                "high": f.high,
                "required": f.required,
                "default": f.default,
                "context": f.context,
                "description": f.description,
            }
            for f in c.facts
        ],
    }


def method_dict(m: Method) -> dict[str, Any]:
    return {
        "name": m.name,
        "label": m.label,
        "higher_is_better": m.higher_is_better,
        "normalizations": list(m.normalizations),
        "default_normalization": m.default_normalization,
        "values": values(m),
    }


def text(engine: Engine, *, criteria: bool = False, methods: bool = False) -> str:
    """`tradeoff plugins`: the plugins and what each provides, or (when asked for) every
    criterion with its facts, or every method with its parameters."""
    lines = []
    if not (criteria or methods):
        lines.append("Plugins (name (distribution version): what it provides):")
        for p in engine.plugins:
            provided = [f"{kind} {item}" + (" (overrides)" if item in p.overrides else "") for kind, item in p.provided()]
            origin = f"{p.distribution} {p.version}".strip()
            lines.append(f"  {p.name}{f' ({origin})' if origin else ''}: {', '.join(provided) or '-'}")
    if criteria:
        for c in engine.criteria.values():
            lines += _criterion_lines(c)
    if methods:
        lines += ["Methods (invariants: one letter each, . where not promised):", ""]
        lines += methods_table(engine.methods.values()).splitlines()
        lines += ["", *legend().splitlines(), ""]
        for m in engine.methods.values():
            lines += _method_lines(m)
        lines.append("Normalizations:")
        lines += [f"  {name}: {what}" for name, what in DESCRIPTIONS.items()]
    return "\n".join(lines).rstrip("\n") + "\n"


def _criterion_lines(c: Criterion) -> list[str]:
    lines = [
        f"{c.id}: {c.title} ({'more' if c.direction.benefit else 'less'} is better"
        f"{', ' + c.unit if c.unit else ''})",
        f"  {c.description}",
        f"  formula: {c.formula}",
        f"  provided by: {c.provided_by}",
        "  facts:",
    ]
    for f in c.facts:
        need = "required" if f.required else f"default {json.dumps(f.default)}"
        where = ", usually in [context]" if f.context else ""
        lines.append(f"    {f.name}: {f.expectation()}, {need}{where}: {f.description}")
    return [*lines, ""]


def _method_lines(m: Method) -> list[str]:
    lines = [
        f"{m.name}: {m.label} ({'higher' if m.higher_is_better else 'lower'} score is better)",
        f"  {m.description}",
        (
            f"  normalizations: {', '.join(m.normalizations)} (default {m.default_normalization})"
            if m.normalizations
            else "  normalization: its own, as in its literature"
        ),
        f"  provided by: {m.provided_by}",
    ]
    for p in m.params:
        span = f", from {p.low:g} to {p.high:g}" if p.low is not None and p.high is not None else ""
        lines.append(f"  parameter {p.name} (default {p.default:g}{span}): {p.description}")
    for name in m.criterion_params:
        lines.append(f"  per criterion: {name} (under [criteria.ID])")
    return [*lines, ""]
