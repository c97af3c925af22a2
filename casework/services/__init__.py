"""Casework services, one module per area. Keyword-only, transactional, audited (simple-history)."""

from .referrals import referral_receive

__all__ = ["referral_receive"]
