"""The two criteria: compliance and feasibility, each a `tradeoff.Criterion`.

Both follow the pattern of tradeoff's built-in criteria (``tradeoff.criteria.*``):

- the formula is written once as text (``FORMULA``, shown by ``tradeoff plugins
  --criteria`` and in the README) and once as numpy (``score``), side by side, so a
  reviewer can check one against the other;
- ``score(facts)`` receives one numpy array per declared fact, one element per
  alternative, already checked against the fact's type and range with defaults filled
  in, and returns one float per alternative.  It is called once per ranking for all
  alternatives together (a batch may pass thousands), so it uses whole-array numpy
  operations and never loops over alternatives;
- a fact whose "not offered" value is also its worst has that as its default
  (booleans false, no certifications), so an option you know little about is not
  flattered; a fact with no such value (a deadline, a share, a count whose best value
  is 0) is required, so that a missing one is reported instead of guessed.

Both are 0 to 10 points, more is better, like the built-in expertise and control.
"""

from __future__ import annotations

import numpy as np
from tradeoff import Criterion, Fact, FactType

# -- compliance ----------------------------------------------------------------------

COMPLIANCE_FORMULA = (
    "3 * (1 - exp(-certifications / 2)) + 2 * data_processing_agreement"
    " + 1.5 * audit_rights + 1.5 / (1 + breach_notice_hours / 24)"
    " + 2 * regulated_experience"
)


def compliance(facts):
    """Compliance with regulations, and confidentiality, in points (0-10).

    Certifications saturate (the first one or two say the most: 1 - exp(-1) = 63 % of
    the 3 points for two); a breach notice within a day scores half of its 1.5 points,
    an immediate one all of them.
    """
    certified = 3 * (1 - np.exp(-facts["certifications"] / 2))
    agreement = 2 * facts["data_processing_agreement"].astype(float)
    audit = 1.5 * facts["audit_rights"].astype(float)
    notice = 1.5 / (1 + facts["breach_notice_hours"] / 24)
    sector = 2 * facts["regulated_experience"].astype(float)
    return certified + agreement + audit + notice + sector


COMPLIANCE = Criterion(
    id="compliance",
    label="Regulatory compliance",
    direction="max",
    unit="points (0-10)",
    description=(
        "How well the provider keeps you within the regulations your business is under, "
        "and your data confidential: certifications, a data-processing agreement, audit "
        "rights, a breach-notice deadline and experience in your regulated sector."
    ),
    formula=COMPLIANCE_FORMULA,
    facts=(
        Fact(
            name="certifications",
            type=FactType.INTEGER,
            unit="certifications",
            description=(
                "current security or compliance certifications relevant to your data "
                "(ISO 27001, a SOC 2 report, a HIPAA attestation...)"
            ),
            low=0,
            high=1000,
            default=0,
        ),
        Fact(
            name="data_processing_agreement",
            type=FactType.BOOLEAN,
            description=(
                "a signed agreement binds whoever handles your regulated data to your "
                "regulator's rules (a HIPAA business associate agreement, a GDPR "
                "article 28 contract); true in-house, where nobody outside handles it"
            ),
            default=False,
        ),
        Fact(
            name="audit_rights",
            type=FactType.BOOLEAN,
            description=(
                "you may audit how they handle your data, or see their auditors' "
                "reports; true in-house"
            ),
            default=False,
        ),
        Fact(
            name="breach_notice_hours",
            unit="hours",
            description=(
                "hours within which you learn of a breach of your data: the contract's "
                "notice deadline for a provider, how soon your own monitoring would "
                "tell you in-house"
            ),
            low=0,
            high=8760,
        ),
        Fact(
            name="regulated_experience",
            type=FactType.BOOLEAN,
            description=(
                "they run IT for others in your regulated sector today (for a dental "
                "practice: other healthcare providers under HIPAA)"
            ),
            default=False,
        ),
    ),
    score=compliance,
)

# -- feasibility ---------------------------------------------------------------------

FEASIBILITY_FORMULA = (
    "4 * functions_covered + 2 / (1 + transition_weeks / 4)"
    " + 2 * exp(-legacy_systems / 2) + 2 * handover_plan"
)


def feasibility(facts):
    """Ease of handover (some IT functions are hard to outsource), in points (0-10).

    The share of your IT functions they can take over counts in proportion; a
    four-week transition scores half of its 2 points; each system of yours new to
    them costs part of what is left of its 2 points (one leaves 61 %, two 37 %); a
    written handover plan is worth 2.  Keeping IT in-house, with nothing to hand
    over (all functions covered, 0 weeks, 0 new systems, nothing to plan), scores 10.
    """
    covered = 4 * facts["functions_covered"]
    quick = 2 / (1 + facts["transition_weeks"] / 4)
    familiar = 2 * np.exp(-facts["legacy_systems"] / 2)
    planned = 2 * facts["handover_plan"].astype(float)
    return covered + quick + familiar + planned


FEASIBILITY = Criterion(
    id="feasibility",
    label="Ease of handover",
    direction="max",
    unit="points (0-10)",
    description=(
        "How easily your IT can be handed over (some functions are hard to outsource): "
        "how much of your IT they can take over, how fast, how many of your systems are "
        "new to them, and whether a written plan covers the handover."
    ),
    formula=FEASIBILITY_FORMULA,
    facts=(
        Fact(
            name="functions_covered",
            unit="0-1",
            description=(
                "share of your IT functions this option can take over (1 in-house: "
                "nothing changes hands)"
            ),
            low=0,
            high=1,
        ),
        Fact(
            name="transition_weeks",
            unit="weeks",
            description="weeks until they run your IT on their own (0 in-house)",
            low=0,
            high=520,
        ),
        Fact(
            name="legacy_systems",
            type=FactType.INTEGER,
            unit="systems",
            description=(
                "systems of yours they would have to support and have not supported "
                "before (imaging software, an old practice-management server...; "
                "0 in-house)"
            ),
            low=0,
            high=10000,
        ),
        Fact(
            name="handover_plan",
            type=FactType.BOOLEAN,
            description=(
                "a written transition plan says who does what, when, and how to go "
                "back (true in-house: nothing to hand over)"
            ),
            default=False,
        ),
    ),
    score=feasibility,
)
