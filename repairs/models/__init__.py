"""Repairs, Awaab's Law hazards, contractors and budgets, and voids."""

from .contractors import BudgetCode, Contractor, RepairsBudget, WorksOrder
from .hazards import (
    AccessAttempt,
    AwaabApplicability,
    ControlDelay,
    EntryNotice,
    Hazard,
    HazardClock,
    HazardType,
)
from .repairs import Repair, RepairPhoto, RepairPriority
from .voids import Void, VoidCheck

__all__ = [
    "AccessAttempt",
    "AwaabApplicability",
    "BudgetCode",
    "Contractor",
    "ControlDelay",
    "EntryNotice",
    "Hazard",
    "HazardClock",
    "HazardType",
    "Repair",
    "RepairPhoto",
    "RepairPriority",
    "RepairsBudget",
    "Void",
    "VoidCheck",
    "WorksOrder",
]
