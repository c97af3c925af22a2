"""Safety checks: types, assets, schedules, records and follow-up actions."""

from .actions import Action, ActionPriority
from .checks import Asset, CheckRecord, CheckType, ScheduledCheck

__all__ = ["Action", "ActionPriority", "Asset", "CheckRecord", "CheckType", "ScheduledCheck"]
