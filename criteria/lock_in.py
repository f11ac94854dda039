"""Lock-in: how hard it would be to leave (being locked in is a risk of outsourcing).

    lock_in = 4 * min(contract_months, 36) / 36
              + 3 * (1 - documented_share)
              + 3 * proprietary_software

Three ways out get blocked: a long contract ("a yearly contract, which will limit
your flexibility"; three years or more is the full 4 points), undocumented work ("if
the vendor doesn't document what has been done on your system"), and the vendor's
proprietary software.  Keeping IT in-house can lock you in too, to the one person
who knows the undocumented set-up.  0 to 10, lower is better.
"""

from __future__ import annotations

import numpy as np

from tradeoff import Criterion, Fact, FactType, hookimpl

FORMULA = (
    "4 * min(contract_months, 36) / 36 + 3 * (1 - documented_share)"
    " + 3 * proprietary_software"
)


def score(facts):
    term = 4 * np.minimum(facts["contract_months"], 36) / 36
    undocumented = 3 * (1 - facts["documented_share"])
    proprietary = 3 * facts["proprietary_software"].astype(float)
    return term + undocumented + proprietary


CRITERION = Criterion(
    id="lock_in",
    label="Lock-in",
    direction="min",
    unit="points (0-10)",
    description=(
        "How hard it would be to leave or switch later: a long minimum contract, work on your "
        "systems that is not documented, and software only this provider supplies."
    ),
    formula=FORMULA,
    facts=(
        Fact(
            name="contract_months",
            label="Minimum contract",
            type=FactType.INTEGER,
            unit="months",
            description="minimum contract term (0 for none)",
            low=0,
            high=120,
        ),
        Fact(
            name="documented_share",
            label="Work documented",
            unit="0-1",
            description="share of the work on your systems that is documented and handed over",
            low=0,
            high=1,
            default=0,
        ),
        Fact(
            name="proprietary_software",
            label="Proprietary software",
            type=FactType.BOOLEAN,
            description="you must buy or run the provider's proprietary software",
            default=False,
        ),
    ),
    score=score,
)


@hookimpl
def tradeoff_register_criteria(registrar):
    registrar.add(CRITERION)
