"""Placing a household in temporary accommodation, and ending the placement; the rent account follows."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.references import highest_in_use, next_number
from people.models import Person
from rents.models import ChargeLine, RentAccount
from rents.services.ledger import account_open, account_stop_charging

from ..models import Case, Duty, Placement
from .common import save_by

TA_DUTIES = (Duty.Kind.INTERIM, Duty.Kind.MAIN)


@transaction.atomic
def placement_start(
    *,
    case: Case,
    kind: str,
    address: str,
    started_on: date,
    weekly_charge: Decimal,
    by: User,
    provider: str = "",
) -> Placement:
    """Place the household under an open interim (s188) or main (s193) duty and open its rent account."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": "Record the placement on the day it starts."})
    duty = case.duties.filter(kind__in=TA_DUTIES, ended_on__isnull=True).order_by("-started_on").first()
    if duty is None:
        raise ValidationError(
            "Temporary accommodation is provided under the interim (s188) or main (s193) duty. Open one first."
        )
    if started_on < duty.started_on:
        raise ValidationError({"started_on": f"The {duty.get_kind_display()} began on {duty.started_on:%-d %B %Y}."})
    if weekly_charge < 0:
        raise ValidationError({"weekly_charge": "The weekly charge cannot be negative."})
    if case.placements.filter(ended_on__isnull=True).exists():
        raise ValidationError("End the current placement before starting a new one.")
    _refuse_overlap(case, started_on)
    account = ta_account_open(
        case, where=address.splitlines()[0], charging_from=started_on, weekly_charge=weekly_charge
    )
    placement = Placement(
        case=case,
        duty=duty,
        kind=kind,
        address=address,
        provider=provider,
        started_on=started_on,
        weekly_charge=weekly_charge,
        rent_account=account,
        created_by=by,
    )
    return save_by(placement, by)


def ta_account_open(case: Case, *, where: str, charging_from: date, weekly_charge: Decimal) -> RentAccount:
    """Open the rent account of a placement, numbered TA-<case>-<n> (the demo places households this way too)."""
    prefix = f"TA-{case.reference.removeprefix('HO-')}-"

    def highest() -> int:
        return highest_in_use(
            RentAccount.objects.filter(reference__startswith=prefix).values_list("reference", flat=True), prefix
        )

    # A counter, not the count of placements: a deleted placement leaves its account and reference behind.
    number = next_number(f"ta:{case.reference}", start_after=highest)
    return account_open(
        reference=f"{prefix}{number}",
        name=f"{case.person.name}, temporary accommodation: {where}"[:200],
        charging_from=charging_from,
        lines={ChargeLine.Kind.CORE_RENT: weekly_charge},
    )


def _refuse_overlap(case: Case, first_night: date) -> None:
    """One household sleeps in one place a night: under this application or any other of the same
    person's, a new placement starts after every earlier one's last night. Locking the person's row
    serialises two officers placing the same household at once (PostgreSQL; SQLite writes one at a time)."""
    Person.objects.select_for_update().filter(pk=case.person_id).first()
    clash = (
        Placement.objects.filter(case__person_id=case.person_id, ended_on__gte=first_night)
        .select_related("case")
        .order_by("started_on")
        .first()
    )
    if clash:
        raise ValidationError(
            {
                "started_on": f"This household was placed at {clash.address.splitlines()[0]} until the night of "
                f"{clash.ended_on:%-d %B %Y} (case {clash.case.reference}). A new placement starts the night after."
            }
        )
    if Placement.objects.filter(case__person_id=case.person_id, ended_on__isnull=True).exclude(case=case).exists():
        raise ValidationError("This household has a current placement under another case. End that one first.")


@transaction.atomic
def placement_end(*, placement: Placement, ended_on: date, by: User, note: str = "") -> Placement:
    """End a placement; its account stops charging after the last night."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.ended_on:
        raise ValidationError("This placement has already ended.")
    if ended_on < placement.started_on:
        raise ValidationError({"ended_on": "A placement cannot end before it started."})
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": "Record the end on the day they leave."})
    placement.ended_on, placement.end_note = ended_on, note
    save_by(placement, by)
    if placement.rent_account_id:
        account_stop_charging(account=placement.rent_account, last_day=ended_on)
    return placement
