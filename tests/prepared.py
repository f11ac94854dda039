"""A prepared decision (`tradeoff.core.pipeline.Prepared`) from bare arrays: the analyses
tested on matrices no scenario file holds (Hypothesis problems, hand-made ties)."""

from __future__ import annotations

from typing import Any

import numpy as np

from tradeoff.core.methods import Method, check_inputs
from tradeoff.core.pipeline import Prepared
from tradeoff.core.result import DecisionMatrix
from tradeoff.model.scenario import Alternative, CriterionChoice, Scenario


def prepared(
    method: Method,
    x: Any,
    w: Any,
    benefit: Any,
    params: dict[str, Any] | None = None,
    *,
    low: Any = None,
    high: Any = None,
) -> Prepared:
    """What `pipeline.prepare` gives for matrix `x` (n, m), weights `w` and directions
    `benefit` under `method` (its defaults without `params`): alternatives a0, a1, ...
    and inline criteria c0, c1, ...; `low`, `high` are the values' intervals."""
    x, w, benefit = check_inputs(x, w, benefit)
    n, m = x.shape
    ids = [f"c{j}" for j in range(m)]
    choices = [CriterionChoice(id=c, direction="max" if b else "min") for c, b in zip(ids, benefit)]
    rows = [Alternative(name=f"a{i}", values=dict(zip(ids, map(float, x[i])))) for i in range(n)]
    scenario = Scenario(criteria=choices, alternatives=rows)
    decision = DecisionMatrix(
        scenario=scenario,
        criteria=tuple(c.as_criterion() for c in choices),
        matrix=x,
        weights=w,
        low=None if low is None else np.asarray(low, dtype=float),
        high=None if high is None else np.asarray(high, dtype=float),
    )
    params = method.resolve_params() if params is None else params
    return Prepared(decision=decision, method=method, params=params, x=x, w=w, benefit=benefit)
