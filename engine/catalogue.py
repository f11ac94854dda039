"""The properties of registered methods as a table, for `tradeoff plugins --methods`
and docs/methods.md (a test keeps the two the same)."""

from __future__ import annotations

from collections.abc import Iterable

from .methods import INVARIANTS, Method

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
        "| method | better | normalizations (* default) | parameters | per criterion | invariants |",
        "|---|---|---|---|---|---|",
    ]
    for m in sorted(methods, key=lambda m: (m.name.startswith("skc."), m.name)):
        params = ", ".join(f"{p.name}={p.default:g}" for p in m.params) or "-"
        letters = "".join(k if name in m.invariants else "." for name, k in LETTERS.items())
        rows.append(
            f"| {m.name} | {'higher' if m.higher_is_better else 'lower'} | {_normalizations(m)} "
            f"| {params} | {', '.join(m.criterion_params) or '-'} | `{letters}` |"
        )
    return "\n".join(rows) + "\n"


def legend() -> str:
    return "\n".join(f"- `{k}` {name}: {INVARIANTS[name]}" for name, k in LETTERS.items()) + "\n"
