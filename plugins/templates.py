"""tradeoff's own starter scenarios for ``tradeoff new``, registered like a plugin's."""

from __future__ import annotations

from typing import Any

from tradeoff import Alternative, CriterionChoice, MethodChoice, Scenario, Template, hookimpl


def _vendor(name: str, description: str, **facts: object) -> Alternative:
    return Alternative(name=name, description=description, facts=facts)


def it_outsourcing() -> Scenario:
    """The five built-in criteria, three vendors and keeping IT in-house."""
    return Scenario(
        title="Should we outsource our IT?",
        description="Replace the names and facts with your own offers.",
        context={"horizon_months": 36, "staff_hourly_cost": 40, "headcount": 10},
        method=MethodChoice(name="topsis"),
        criteria=[
            CriterionChoice(id="cost", weight=30),
            CriterionChoice(id="expertise", weight=20),
            CriterionChoice(id="control", weight=20),
            CriterionChoice(id="lock_in", weight=15),
            CriterionChoice(id="morale", weight=15),
        ],
        alternatives=[
            _vendor(
                "Keep it in-house",
                "A staff member keeps doing IT on the side.",
                monthly_fee=500, staff_it_hours=25, years_in_business=4, response_hours=1,
                nda=True, data_on_premises=True, admin_access=True, contract_months=0,
                documented_share=0.2,
            ),
            _vendor(
                "Vendor A",
                "Local managed-service provider.",
                monthly_fee=1000, setup_fee=1000, staff_it_hours=3, certified_staff=4,
                years_in_business=10, references=3, reference_rating=4.5, response_hours=4,
                nda=True, admin_access=True, contract_months=12, documented_share=0.8,
            ),
            _vendor(
                "Vendor B",
                "National provider on its own platform.",
                monthly_fee=800, setup_fee=2500, staff_it_hours=5, certified_staff=10,
                years_in_business=8, references=2, reference_rating=3.5, response_hours=8,
                nda=True, contract_months=36, documented_share=0.4,
                proprietary_software=True, layoffs=1,
            ),
            _vendor(
                "Vendor C",
                "Freelancer on a monthly retainer.",
                monthly_fee=600, staff_it_hours=10, certified_staff=1, years_in_business=12,
                references=2, reference_rating=4.8, response_hours=24, data_on_premises=True,
                admin_access=True, contract_months=0, documented_share=0.3,
            ),
        ],
    )


def inline() -> Scenario:
    """Criteria defined in the file itself, with values given directly: no plugins."""
    return Scenario(
        title="Which backup service?",
        method=MethodChoice(name="wsm"),
        criteria=[
            CriterionChoice(id="price", weight=3, direction="min", unit="USD/month",
                            label="Monthly price"),
            CriterionChoice(id="uptime", weight=2, direction="max", unit="%",
                            label="Guaranteed uptime"),
            CriterionChoice(id="restore_hours", weight=2, direction="min", unit="hours",
                            label="Time to restore everything"),
        ],
        alternatives=[
            Alternative(name="Service X", values={"price": 120, "uptime": 99.9, "restore_hours": 8}),
            Alternative(name="Service Y", values={"price": 80, "uptime": 99.5, "restore_hours": 24}),
            Alternative(name="Do it ourselves", values={"price": 30, "uptime": 98.0, "restore_hours": 48}),
        ],
    )


@hookimpl
def tradeoff_register_templates(registrar: Any) -> None:
    registrar.add(Template(
        name="it-outsourcing",
        description="the five built-in criteria, three vendors and keeping IT in-house",
        scenario=it_outsourcing,
    ))
    registrar.add(Template(
        name="inline",
        description="criteria defined in the file, values given directly: no plugin needed",
        scenario=inline,
    ))
