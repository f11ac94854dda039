"""Morale: how the option affects your people (jobs at risk, burnout from IT on the side).

    morale = 10 - 6 * min(1, 4 * layoffs / headcount) - 4 * min(1, staff_it_hours / 40)

Layoffs hurt most: "other employees might worry that their positions are at risk,
too"; laying off a quarter of the staff or more costs the full 6 points.  Staff who
do IT on the side burn out: 40 hours a month (a quarter of a job) or more costs the
full 4 points, and an option that lifts that burden recovers them.  0 to 10, higher
is better.
"""

from __future__ import annotations

import numpy as np

from tradeoff import Criterion, Fact, FactType, hookimpl

from .shared import STAFF_IT_HOURS

FORMULA = "10 - 6 * min(1, 4 * layoffs / headcount) - 4 * min(1, staff_it_hours / 40)"


def score(facts):
    layoffs = np.minimum(1, 4 * facts["layoffs"] / facts["headcount"])
    burnout = np.minimum(1, facts["staff_it_hours"] / 40)
    return 10 - 6 * layoffs - 4 * burnout


CRITERION = Criterion(
    id="morale",
    label="Staff morale",
    direction="max",
    unit="points (0-10)",
    description=(
        "How the option affects your people: the layoffs it brings, which worry everyone "
        "else too, and the IT work still left on your staff's plate next to their own jobs."
    ),
    formula=FORMULA,
    facts=(
        Fact(
            name="layoffs",
            label="Layoffs",
            type=FactType.INTEGER,
            unit="people",
            description="employees laid off because of this option",
            low=0,
            high=1e7,
            default=0,
        ),
        Fact(
            name="headcount",
            label="Employees",
            type=FactType.INTEGER,
            unit="people",
            description="employees in the business",
            low=1,
            high=1e7,
            context=True,
        ),
        STAFF_IT_HOURS,
    ),
    score=score,
)


@hookimpl
def tradeoff_register_criteria(registrar):
    registrar.add(CRITERION)
