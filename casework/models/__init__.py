"""Homelessness prevention and relief casework under Part 7 of the Housing Act 1996."""

from .cases import Case, CaseDocument, ContactLog, HouseholdMember, ServiceReferral
from .codes import HclicCategory
from .duties import Duty, MainDutyDecision
from .mediation import Mediation, MediationSession
from .placements import Placement
from .plans import Assessment, Party, PersonalisedHousingPlan, PlanStep, PlanStepTemplate, Scenario
from .referrals import Referral
from .safeguarding import SafeguardingConcern
from .visits import HomeVisit

__all__ = [
    "Assessment",
    "Case",
    "CaseDocument",
    "ContactLog",
    "Duty",
    "HclicCategory",
    "HomeVisit",
    "HouseholdMember",
    "MainDutyDecision",
    "Mediation",
    "MediationSession",
    "Party",
    "PersonalisedHousingPlan",
    "Placement",
    "PlanStep",
    "PlanStepTemplate",
    "Referral",
    "SafeguardingConcern",
    "Scenario",
    "ServiceReferral",
]
