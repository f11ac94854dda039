"""The starter scenario ``tradeoff new --template compliance`` writes.

A plugin that adds criteria should ship a starter that uses them: a user then sees
every fact filled in on a worked example instead of reading the fact list cold.

`build()` returns a new `tradeoff.Scenario` on every call (the host may ask more than
once, and a caller may change what it gets), built only from tradeoff's public
classes.  The facts are invented but plausible for the case; the comments say why the
less obvious ones are what they are.
"""

from __future__ import annotations

from tradeoff import Alternative, CriterionChoice, MethodChoice, Scenario

TITLE = "Should our dental practice outsource its IT, and to whom?"


def build() -> Scenario:
    """A regulated small business: keeping IT in-house against three providers, on the
    five built-in criteria plus this plugin's compliance and feasibility."""
    return Scenario(
        title=TITLE,
        description=(
            "A twelve-person dental practice with patient records under HIPAA. "
            "Replace the names and facts with your own offers; "
            "`tradeoff plugins --criteria` explains every fact."
        ),
        context={"horizon_months": 36, "staff_hourly_cost": 45, "headcount": 12},
        method=MethodChoice(name="topsis"),
        criteria=[
            CriterionChoice(id="cost", weight=25),
            CriterionChoice(id="compliance", weight=20),
            CriterionChoice(id="control", weight=15),
            CriterionChoice(id="expertise", weight=10),
            CriterionChoice(id="feasibility", weight=10),
            CriterionChoice(id="lock_in", weight=10),
            CriterionChoice(id="morale", weight=10),
        ],
        alternatives=[
            Alternative(
                name="Keep it in-house",
                description="The office manager keeps doing IT on the side.",
                facts=dict(
                    # cost, morale: tools and licences; 30 hours a month of her time
                    monthly_fee=400, staff_it_hours=30,
                    # expertise: self-taught, six years of it
                    years_in_business=6,
                    # control: everything stays in the practice
                    response_hours=2, nda=True, data_on_premises=True, admin_access=True,
                    # lock-in: no contract, but little is written down
                    contract_months=0, documented_share=0.2,
                    # compliance: bound and auditable by definition, but no
                    # certifications, no HIPAA security background, and no monitoring:
                    # a breach may go unnoticed for a week
                    certifications=0, data_processing_agreement=True, audit_rights=True,
                    breach_notice_hours=168, regulated_experience=False,
                    # feasibility: nothing changes hands
                    functions_covered=1, transition_weeks=0, legacy_systems=0,
                    handover_plan=True,
                ),
            ),
            Alternative(
                name="Dental IT specialist",
                description="Regional provider that looks after some forty dental and medical practices.",
                facts=dict(
                    monthly_fee=1300, setup_fee=1500, staff_it_hours=2,
                    certified_staff=5, years_in_business=12, references=4, reference_rating=4.6,
                    response_hours=4, nda=True, admin_access=True,
                    contract_months=12, documented_share=0.9,
                    # SOC 2 type II, ISO 27001, a HIPAA security-rule attestation
                    certifications=3, data_processing_agreement=True, audit_rights=True,
                    breach_notice_hours=24, regulated_experience=True,
                    # knows the imaging and practice-management software already
                    functions_covered=0.95, transition_weeks=4, legacy_systems=0,
                    handover_plan=True,
                ),
            ),
            Alternative(
                name="General MSP",
                description="Local managed-service provider for offices and shops.",
                facts=dict(
                    monthly_fee=950, setup_fee=1000, staff_it_hours=4,
                    certified_staff=6, years_in_business=15, references=3, reference_rating=4.2,
                    response_hours=4, nda=True, admin_access=True,
                    contract_months=24, documented_share=0.7,
                    # ISO 27001 only; signs a business associate agreement on request
                    certifications=1, data_processing_agreement=True, audit_rights=False,
                    breach_notice_hours=72, regulated_experience=False,
                    # new to the X-ray imaging system and the practice-management server
                    functions_covered=0.85, transition_weeks=6, legacy_systems=2,
                    handover_plan=True,
                ),
            ),
            Alternative(
                name="National cloud IT service",
                description="Remote-only provider on its own platform, priced per seat.",
                facts=dict(
                    monthly_fee=700, setup_fee=2500, staff_it_hours=8,
                    certified_staff=20, years_in_business=8, references=2, reference_rating=3.6,
                    response_hours=12, nda=True,
                    contract_months=36, documented_share=0.4, proprietary_software=True,
                    # SOC 2, ISO 27001, ISO 27017, HITRUST; audit reports, no own audits
                    certifications=4, data_processing_agreement=True, audit_rights=False,
                    breach_notice_hours=72, regulated_experience=True,
                    # remote only: the chairside and imaging equipment stay with you
                    functions_covered=0.6, transition_weeks=2, legacy_systems=3,
                    handover_plan=False,
                ),
            ),
        ],
    )
