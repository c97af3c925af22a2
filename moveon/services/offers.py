"""Offers of private rented homes to a household: recorded with the LHA and income as they stand, viewings,
and the outcome. Affordability is worked out here, and shown with its working."""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import LHARate, MoveOnSettings, Offer, Viewing
from .lha import case_bedroom_need, rate_in_force

PENNY = Decimal("0.01")
NO_HOME = "Choose a home from the directory or type the address."
BOTH_HOMES = "Choose a home from the directory or type an address, not both."
REASON_NEEDED = "Say why the household refused the offer."
ALREADY_DECIDED = "This offer already has an outcome ({outcome})."


@dataclass
class Affordability:
    rent: Decimal
    lha_rate: Decimal | None
    shortfall: Decimal | None
    income: Decimal
    share: Decimal | None
    threshold: Decimal
    within_lha: bool | None
    within_share: bool | None
    working: list[str] = field(default_factory=list)

    @property
    def affordable(self) -> bool:
        return bool(self.within_lha) and bool(self.within_share)


def _pct(share: Decimal) -> str:
    return f"{(share * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def affordability(
    *, rent: Decimal, lha_rate: Decimal | None, income: Decimal, threshold: Decimal, category_label: str = ""
) -> Affordability:
    """Rent against the LHA rate (the shortfall a week the household would pay from other income) and
    rent as a share of income against the policy threshold."""
    working = []
    shortfall = within_lha = None
    if lha_rate is None:
        working.append(
            "No LHA rate is recorded for this area and size of home, so the rent cannot be checked against it."
        )
    else:
        shortfall = max(rent - lha_rate, Decimal("0")).quantize(PENNY)
        within_lha = shortfall == 0
        label = f" ({category_label})" if category_label else ""
        if within_lha:
            working.append(f"Rent £{rent} a week is within the LHA rate{label} of £{lha_rate}.")
        else:
            working.append(
                f"Rent £{rent} a week less the LHA rate{label} of £{lha_rate} "
                f"leaves a shortfall of £{shortfall} a week."
            )
    share = within_share = None
    if income > 0:
        share = (rent / income).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
        within_share = share <= threshold
        working.append(
            f"Rent £{rent} is {_pct(share)} of the household's weekly income of £{income}; "
            f"the limit is {_pct(threshold)}, so it is {'within' if within_share else 'over'} the limit."
        )
    else:
        working.append("No income is recorded, so rent as a share of income cannot be worked out.")
    return Affordability(
        rent=rent,
        lha_rate=lha_rate,
        shortfall=shortfall,
        income=income,
        share=share,
        threshold=threshold,
        within_lha=within_lha,
        within_share=within_share,
        working=working,
    )


def offer_affordability(offer: Offer) -> Affordability:
    return affordability(
        rent=offer.weekly_rent,
        lha_rate=offer.lha_rate,
        income=offer.weekly_income,
        threshold=offer.affordability_share,
        category_label=LHARate.Category(offer.lha_category).label if offer.lha_category else "",
    )


@transaction.atomic
def offer_create(
    *,
    case,
    home=None,
    address: str = "",
    weekly_rent: Decimal,
    bedrooms: int,
    brma=None,
    weekly_income: Decimal,
    offered_on: date,
    by,
) -> Offer:
    """Record a home offered to the household, with the bedroom need, LHA rate and threshold as they stand."""
    if home is None and not address.strip():
        raise ValidationError({"address": NO_HOME})
    if home is not None and address.strip():
        raise ValidationError({"address": BOTH_HOMES})
    if home is not None:
        brma = brma or home.brma
    need = case_bedroom_need(case, on=offered_on)
    rate = rate_in_force(brma=brma, category=need.category, on=offered_on)
    offer = Offer(
        case=case,
        home=home,
        landlord=home.landlord if home is not None else None,
        address=address.strip(),
        weekly_rent=weekly_rent,
        bedrooms=bedrooms,
        brma=brma,
        weekly_income=weekly_income,
        offered_on=offered_on,
        bedrooms_needed=need.bedrooms,
        lha_category=need.category,
        lha_rate=rate.weekly_rate if rate else None,
        affordability_share=MoveOnSettings.current().affordability_share,
        created_by=by,
    )
    offer._history_user = by
    offer._change_reason = "Offered"
    offer.save()
    return offer


@transaction.atomic
def viewing_record(*, offer: Offer, on: date, attended: bool | None, notes: str = "", by) -> Viewing:
    viewing = Viewing(offer=offer, on=on, attended=attended, notes=notes)
    viewing._history_user = by
    viewing._change_reason = "Viewing recorded"
    viewing.save()
    return viewing


@transaction.atomic
def offer_decide(*, offer: Offer, outcome: str, on: date, reason: str = "", by) -> Offer:
    """How the offer ended: accepted, refused by the household (with their reason), withdrawn, unsuitable."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.outcome != Offer.Outcome.PENDING:
        raise ValidationError(ALREADY_DECIDED.format(outcome=offer.get_outcome_display().lower()))
    if outcome == Offer.Outcome.PENDING:
        raise ValidationError({"outcome": "Choose how the offer ended."})
    if outcome == Offer.Outcome.REFUSED and not reason.strip():
        raise ValidationError({"reason": REASON_NEEDED})
    offer.outcome = outcome
    offer.outcome_on = on
    offer.outcome_reason = reason.strip()
    offer._history_user = by
    offer._change_reason = f"Outcome: {offer.get_outcome_display()}"
    offer.save()
    return offer
