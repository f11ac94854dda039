"""Cost: what the option costs over the planning horizon (saving money is a reason to outsource).

    cost = setup_fee + horizon_months * (monthly_fee + staff_it_hours * staff_hourly_cost)

The monthly fee is the vendor's fee, or for keeping IT in-house the share of salaries,
tools and licences spent on IT.  Hours your own staff still spend on IT are costed at
``staff_hourly_cost`` (a ``[context]`` fact; 0 leaves them out).  Lower is better.
"""

from __future__ import annotations

from tradeoff import Criterion, Fact, FactType, hookimpl

from .shared import STAFF_IT_HOURS

FORMULA = "setup_fee + horizon_months * (monthly_fee + staff_it_hours * staff_hourly_cost)"


def score(facts):
    monthly = facts["monthly_fee"] + facts["staff_it_hours"] * facts["staff_hourly_cost"]
    return facts["setup_fee"] + facts["horizon_months"] * monthly


CRITERION = Criterion(
    id="cost",
    label="Total cost",
    direction="min",
    unit="USD",
    description=(
        "Everything the option costs over the planning horizon: the monthly fees, any one-off "
        "set-up fee, and the hours your own staff still put into IT, at what an hour of their time costs."
    ),
    formula=FORMULA,
    facts=(
        Fact(
            name="monthly_fee",
            label="Monthly fee",
            unit="USD/month",
            description="the vendor's monthly fee, or in-house IT salaries and tools",
            low=0,
            high=1e12,
        ),
        Fact(
            name="setup_fee",
            label="Set-up fee",
            unit="USD",
            description="one-off onboarding or migration cost",
            low=0,
            high=1e12,
            default=0,
        ),
        STAFF_IT_HOURS,
        Fact(
            name="staff_hourly_cost",
            label="Cost of an hour of staff time",
            unit="USD/hour",
            description="what an hour of your staff's time costs",
            low=0,
            high=1e6,
            default=0,
            context=True,
        ),
        Fact(
            name="horizon_months",
            label="Planning horizon",
            type=FactType.INTEGER,
            unit="months",
            description="how far ahead the decision looks",
            low=1,
            high=240,
            default=36,
            context=True,
        ),
    ),
    score=score,
)


@hookimpl
def tradeoff_register_criteria(registrar):
    registrar.add(CRITERION)
