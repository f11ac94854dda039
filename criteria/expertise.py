"""Expertise: qualified staff and current technology (access to both is a reason to outsource).

    expertise = 10 * (0.4 * (1 - exp(-certified_staff / 3))
                      + 0.2 * min(years_in_business, 10) / 10
                      + 0.4 * (reference_rating / 5) * (1 - exp(-references / 2)))

Each part saturates: the first certified engineers matter most, ten years in business
count as much as forty, and good references count more the more of them you checked
("choose the right person using references and research").  0 to 10, higher is better.
"""

from __future__ import annotations

import numpy as np

from tradeoff import Criterion, Fact, FactType, hookimpl

FORMULA = (
    "10 * (0.4 * (1 - exp(-certified_staff / 3)) + 0.2 * min(years_in_business, 10) / 10"
    " + 0.4 * (reference_rating / 5) * (1 - exp(-references / 2)))"
)


def score(facts):
    staff = 1 - np.exp(-facts["certified_staff"] / 3)
    years = np.minimum(facts["years_in_business"], 10) / 10
    refs = (facts["reference_rating"] / 5) * (1 - np.exp(-facts["references"] / 2))
    return 10 * (0.4 * staff + 0.2 * years + 0.4 * refs)


CRITERION = Criterion(
    id="expertise",
    label="Expertise",
    direction="max",
    unit="points (0-10)",
    description=(
        "How much skill and up-to-date know-how you get: certified people working on your "
        "systems, years in the business, and how well the references you checked rate them."
    ),
    formula=FORMULA,
    facts=(
        Fact(
            name="certified_staff",
            label="Certified staff",
            type=FactType.INTEGER,
            unit="people",
            description="engineers with current certifications who would work on your systems",
            low=0,
            high=1e6,
            default=0,
        ),
        Fact(
            name="years_in_business",
            label="Years in business",
            unit="years",
            description="how long the provider has done this work",
            low=0,
            high=200,
            default=0,
        ),
        Fact(
            name="references",
            label="References checked",
            type=FactType.INTEGER,
            unit="references",
            description="references from businesses like yours that you checked",
            low=0,
            high=1e6,
            default=0,
        ),
        Fact(
            name="reference_rating",
            label="Rating by references",
            unit="0-5",
            description="the average rating those references gave",
            low=0,
            high=5,
            default=0,
        ),
    ),
    score=score,
)


@hookimpl
def tradeoff_register_criteria(registrar):
    registrar.add(CRITERION)
