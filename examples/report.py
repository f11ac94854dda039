"""A decision report from an app, with a team's own chart beside tradeoff's.

Run it from the project folder (charts need the extra: pip install -e ".[report]"):

    python examples/report.py [FOLDER]     # writes report.html and report.md there (default: here)
"""

from __future__ import annotations

import sys
from pathlib import Path

import tradeoff


def draw_weights(report, figure):
    """Each criterion's weight as a bar: the chart's text alternative is returned."""
    result = report.result
    titles = [c.title for c in result.criteria]
    weights = result.decision.weights
    axes = figure.add_subplot()
    axes.barh(titles[::-1], weights[::-1] * 100, color="#0072B2")
    axes.set_xlabel("weight (%)", fontsize=11)
    axes.tick_params(labelsize=11)  # at least 11 px on a phone, at the width it is given
    figure.set_size_inches(figure.get_figwidth(), 0.4 * len(titles) + 1)
    return "Weights: " + ", ".join(f"{t} {w:.0%}" for t, w in zip(titles, weights))


class WeightsChart:
    """A plugin: a class with hook methods (a module with the function works too)."""

    @tradeoff.hookimpl
    def tradeoff_register_charts(self, registrar):
        registrar.add(
            tradeoff.Chart(
                name="weights", title="Weights", description="How much each criterion counts.", draw=draw_weights
            )
        )


engine = tradeoff.Engine(entry_points=False, plugins=[WeightsChart()])
scenario = tradeoff.load(Path(__file__).parent / "it-outsourcing.toml")
folder = Path(sys.argv[1] if len(sys.argv) > 1 else ".")

# The analyses once, then any format: "html" (charts inline) or "markdown".
report = engine.report_data(scenario, sensitivity=True, samples=2_000, seed=1)
print("Top choice:", report.result.best.name)
print("Charts:", ", ".join(engine.charts))      # scores, contributions, stability, acceptability, weights
print("Scenario SHA-256:", report.provenance.sha256[:12])

for name, file in [("html", "report.html"), ("markdown", "report.md")]:
    (folder / file).write_text(engine.report_format(name).render(report), encoding="utf-8")
    print("Wrote", folder / file)
