"""Control: how much say you keep over your systems and data (losing it is a risk of outsourcing).

    control = 10 * (0.4 / (1 + response_hours / 4)
                    + 0.2 * nda + 0.2 * data_on_premises + 0.2 * admin_access)

"Control might be lost ... there are also issues of confidentiality."  A fast
guaranteed response keeps problems in your hands (4 hours scores half of its 4
points); a confidentiality agreement, data that stays on systems you own, and keeping
the administrator accounts yourself add 2 points each.  0 to 10, higher is better.
"""

from __future__ import annotations

from tradeoff import Criterion, Fact, FactType, hookimpl

FORMULA = (
    "10 * (0.4 / (1 + response_hours / 4) + 0.2 * nda + 0.2 * data_on_premises"
    " + 0.2 * admin_access)"
)


def score(facts):
    response = 0.4 / (1 + facts["response_hours"] / 4)
    flags = 0.2 * (
        facts["nda"].astype(float)
        + facts["data_on_premises"].astype(float)
        + facts["admin_access"].astype(float)
    )
    return 10 * (response + flags)


CRITERION = Criterion(
    id="control",
    label="Control",
    direction="max",
    unit="points (0-10)",
    description=(
        "How much say you keep over your systems and your confidential data: how fast problems "
        "are answered, a confidentiality agreement, whether the data stays on your own systems, "
        "and who holds the administrator accounts."
    ),
    formula=FORMULA,
    facts=(
        Fact(
            name="response_hours",
            label="Response time",
            unit="hours",
            description="guaranteed time to respond to an incident",
            low=0,
            high=720,
        ),
        Fact(
            name="nda",
            label="Confidentiality (NDA)",
            type=FactType.BOOLEAN,
            description="a confidentiality agreement covers your data",
            default=False,
        ),
        Fact(
            name="data_on_premises",
            label="Data on your premises",
            type=FactType.BOOLEAN,
            description="your data stays on systems you own",
            default=False,
        ),
        Fact(
            name="admin_access",
            label="You keep admin access",
            type=FactType.BOOLEAN,
            description="you keep the administrator accounts and passwords",
            default=False,
        ),
    ),
    score=score,
)


@hookimpl
def tradeoff_register_criteria(registrar):
    registrar.add(CRITERION)
