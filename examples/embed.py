"""Embedding tradeoff in an app: rank a scenario file, then a matrix you already hold.

Run from the repository root:  python examples/embed.py
"""

from pathlib import Path

import tradeoff
from tradeoff.report_kit import because

HERE = Path(__file__).parent

# 1. A scenario file, ranked with the default engine (built-ins + installed plugins).
scenario = tradeoff.load(HERE / "it-outsourcing.toml")
result = tradeoff.rank(scenario)
print(f"Best option: {result.best.name} (TOPSIS closeness {result.best.score:.3f})")

# The same, through an engine the app controls: only tradeoff's own plugins, so no
# third-party code runs, and another method for comparison.
engine = tradeoff.Engine(entry_points=False)
by_sum = engine.rank(scenario, method="wsm")
for row in by_sum.rows:
    print(f"  {row.rank}. {row.name:<28} {row.score:.3f}  cost {row.values['cost']:,.0f} USD")

# The JSON of CONTRACT.md, as plain data for an API response.
payload = result.to_dict()
assert payload["alternatives"][0]["rank"] == 1

# Why it won, and what would change it: sentences and single changes, as data.
explanation = engine.explain(scenario)
print(" ".join(because(explanation)[:2]))
cheapest = next(c for c in explanation.changes if c.criterion == "cost")
print(f"  the runner-up would win at a cost of {cheapest.needed:,.0f} USD")

# How sure: SMAA-2 over 2,000 weight samples (seeded, so the numbers repeat).
smaa = engine.sensitivity(scenario, samples=2_000, seed=1)
names = smaa.result.names
print("  first-place shares:", {names[i]: f"{a:.0%}" for i, a in enumerate(smaa.acceptability[:, 0])})

# 2. Numbers the app already holds: 3 offers x (price, uptime %), price is a cost.
ranking = tradeoff.rank_matrix(
    [[120, 99.9], [80, 99.5], [30, 98.0]], weights=[3, 2], directions=["min", "max"]
)
print("Matrix ranks:", ranking.ranks.tolist())

# A stack of matrices (many scenarios of the same shape) is ranked in one call.
stack = [[[120, 99.9], [80, 99.5], [30, 98.0]], [[100, 99.0], [90, 99.9], [95, 99.5]]]
print("Stacked ranks:", tradeoff.rank_matrix(stack, [3, 2], ["min", "max"]).ranks.tolist())
