"""Casework demo data: the caseload in every stage, and referrals from supported housing."""

from . import caseload, history  # noqa: F401
