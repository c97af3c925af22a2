"""Housing Benefit claims: recording them and what an award should pay for a period."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import ChargeLine, HousingBenefitClaim, RentAccount
from . import standing
from .charges import pennies

HB_ELIGIBLE_KINDS = sorted(str(kind) for kind in ChargeLine.HB_ELIGIBLE)


def _check_covers(covers: list[str]) -> list[str]:
    covers = sorted(set(covers))
    if set(covers) - set(HB_ELIGIBLE_KINDS):
        raise ValidationError({"covers": "Housing Benefit only covers core rent and eligible service charges."})
    return covers


@transaction.atomic
def claim_create(
    *,
    account: RentAccount,
    claim_reference: str,
    starts_on: date,
    status: str = HousingBenefitClaim.Status.PENDING,
    weekly_award: Decimal = Decimal("0.00"),
    covers: list[str] | None = None,
    ends_on: date | None = None,
    by=None,
) -> HousingBenefitClaim:
    claim_reference = claim_reference.strip().upper()
    if not claim_reference:
        raise ValidationError({"claim_reference": "Enter the council's claim reference."})
    if HousingBenefitClaim.objects.filter(claim_reference__iexact=claim_reference).exists():
        raise ValidationError({"claim_reference": f"Claim {claim_reference} is already recorded."})
    if weekly_award < 0:
        raise ValidationError({"weekly_award": "The weekly award cannot be less than £0.00."})
    if ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": "The claim cannot end before it starts."})
    claim = HousingBenefitClaim(
        account=account,
        claim_reference=claim_reference,
        status=status,
        weekly_award=weekly_award,
        covers=_check_covers(covers if covers is not None else HB_ELIGIBLE_KINDS),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    claim._history_user = by
    claim.save()
    standing.invalidate([claim.account_id])
    return claim


@transaction.atomic
def claim_update(
    *,
    claim: HousingBenefitClaim,
    claim_reference: str,
    starts_on: date,
    status: str,
    weekly_award: Decimal,
    covers: list[str],
    ends_on: date | None = None,
    by=None,
) -> HousingBenefitClaim:
    """Correct a claim's details from the council's letter; history keeps what it said before."""
    claim_reference = claim_reference.strip().upper()
    if not claim_reference:
        raise ValidationError({"claim_reference": "Enter the council's claim reference."})
    clash = HousingBenefitClaim.objects.filter(claim_reference__iexact=claim_reference).exclude(pk=claim.pk)
    if clash.exists():
        raise ValidationError({"claim_reference": f"Claim {claim_reference} is already recorded."})
    if status not in HousingBenefitClaim.Status.values:
        raise ValidationError({"status": "Choose a claim status."})
    if weekly_award < 0:
        raise ValidationError({"weekly_award": "The weekly award cannot be less than £0.00."})
    if ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": "The claim cannot end before it starts."})
    claim.claim_reference = claim_reference
    claim.starts_on, claim.ends_on = starts_on, ends_on
    claim.status, claim.weekly_award = status, weekly_award
    claim.covers = _check_covers(covers)
    claim._history_user = by
    claim.save(update_fields=["claim_reference", "starts_on", "ends_on", "status", "weekly_award", "covers"])
    standing.invalidate([claim.account_id])
    return claim


def claims_queryset():
    """Claims newest first, as the account page and the resident's page list them."""
    return HousingBenefitClaim.objects.order_by("-starts_on", "-pk")


def claims_for(account: RentAccount) -> list[HousingBenefitClaim]:
    return list(claims_queryset().filter(account=account))


@transaction.atomic
def claim_set_status(
    *, claim: HousingBenefitClaim, status: str, weekly_award: Decimal | None = None, by=None
) -> HousingBenefitClaim:
    if status not in HousingBenefitClaim.Status.values:
        raise ValidationError({"status": "Choose a claim status."})
    claim.status = status
    fields = ["status"]
    if weekly_award is not None:
        if weekly_award < 0:
            raise ValidationError({"weekly_award": "The weekly award cannot be less than £0.00."})
        claim.weekly_award = weekly_award
        fields.append("weekly_award")
    claim._history_user = by
    claim.save(update_fields=fields)
    standing.invalidate([claim.account_id])
    return claim


def expected_for_period(claim: HousingBenefitClaim, period_from: date, period_to: date) -> Decimal:
    """What the weekly award pays for the days from `period_from` to `period_to` inclusive."""
    days = (period_to - period_from).days + 1
    return pennies(claim.weekly_award * days / 7)
