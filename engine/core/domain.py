"""The values a formula takes: a lower bound on each value, by its criterion's direction.

A ratio normalization divides a benefit by its column's maximum or sum (x / max: 0 is
a value like any other) and a cost's minimum by the value itself (min / x: 0 is not);
a method's own formula may ask more (ARAS and COPRAS divide by their costs) or less.
`Method.domains` gives the bounds that hold for one call, `outside` finds the values
that break them: the one rule behind every "expected values > 0" error.
"""

from __future__ import annotations

import attrs
import numpy as np

ANY = "any"
NONNEGATIVE = ">= 0"
POSITIVE = "> 0"
BOUNDS = (ANY, NONNEGATIVE, POSITIVE)


def _check_bound(_instance: object, attribute: attrs.Attribute, value: str) -> None:
    if value not in BOUNDS:
        raise ValueError(f"Domain {attribute.name} must be one of {', '.join(map(repr, BOUNDS))}, not {value!r}")


@attrs.frozen
class Domain:
    """Each value's bound on a benefit criterion and on a cost one; `flat_exempt`: a
    column whose values are all equal takes any value (a normalization makes it a
    constant), unless its values are intervals that vary (sensitivity analysis samples
    inside them)."""

    benefit: str = attrs.field(default=ANY, validator=_check_bound)
    cost: str = attrs.field(default=ANY, validator=_check_bound)
    flat_exempt: bool = False

    @property
    def bounded(self) -> bool:
        return self.benefit != ANY or self.cost != ANY

    def bound(self, benefit: bool) -> str:
        return self.benefit if benefit else self.cost

    def outside(
        self,
        matrix: np.ndarray,
        benefit: np.ndarray,
        low: np.ndarray | None = None,
        high: np.ndarray | None = None,
        *,
        chunk: bool = False,
    ) -> np.ndarray:
        """Mask of the values of `matrix` ``(..., n, m)`` outside the bounds (`benefit`
        broadcasts against ``(..., m)``); of an interval, its low end counts.  A
        `chunk` of a larger table exempts no column: whether a column is all equal is
        known only once every row is read."""
        up = np.asarray(benefit, dtype=bool)[..., None, :]
        strict = np.where(up, self.benefit == POSITIVE, self.cost == POSITIVE)
        loose = np.where(up, self.benefit == NONNEGATIVE, self.cost == NONNEGATIVE)
        values = matrix if low is None else low
        bad = np.where(strict, values <= 0, loose & (values < 0))
        if self.flat_exempt and not chunk:
            lo, hi = values.min(axis=-2, keepdims=True), values.max(axis=-2, keepdims=True)
            varies = (lo != hi) if low is None else (lo != hi) | (high > low).any(axis=-2, keepdims=True)  # type: ignore[operator]
            bad &= varies
        return np.broadcast_to(bad, np.shape(matrix))


#: A formula that divides by every value: each must be > 0, in any column.
POSITIVE_VALUES = Domain(benefit=POSITIVE, cost=POSITIVE)
#: What the ratio normalizations take (x / max or x / sum for a benefit, min / x or
#: (1/x) / sum(1/x) for a cost).
RATIO = Domain(benefit=NONNEGATIVE, cost=POSITIVE, flat_exempt=True)
#: The normalizations whose formulas bound the values, by name.
NORMALIZATIONS = {"max": RATIO, "sum": RATIO}


def described(own: Domain | None, normalizations: tuple[str, ...]) -> str:
    """The values a method takes, in words for its table: its own formula's bounds, and
    those of the normalizations it accepts that ask more ("any" where none does)."""

    def words(d: Domain) -> str:
        return d.benefit if d.benefit == d.cost else f"benefit {d.benefit}, cost {d.cost}"

    if own is not None and own.bounded:
        return words(own)
    ratio = [n for n in normalizations if n in NORMALIZATIONS]
    if not ratio:
        return "any"
    if len(ratio) == len(normalizations):
        return words(NORMALIZATIONS[ratio[0]])
    return f"any; {', '.join(ratio)}: {words(NORMALIZATIONS[ratio[0]])}"
