"""Sign-up, the checklist, ending an agreement and the sustainment figure."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from people import services as people_services
from people.models import Person
from rents.models import ChargeLine
from rents.services import ledger as rents

from ..letting import letting_blockers
from ..models import Agreement, Unit
from ..rules import ASSURED_SHORTHOLD_ABOLISHED, SUSTAINMENT_MARKS
from ..signals import agreement_activated, agreement_ended, agreement_offered

OVERLAP_MESSAGE = "{unit} already has an agreement from {start} to {end}. A unit can only hold one agreement at a time."


def check_dates(*, kind: str, start_date: date, end_date: date | None) -> None:
    errors = {}
    if end_date and end_date < start_date:
        errors["end_date"] = "The end date must be on or after the start date."
    if kind == Agreement.Kind.ASSURED_SHORTHOLD and start_date >= ASSURED_SHORTHOLD_ABOLISHED:
        errors["kind"] = (
            "Assured shorthold tenancies cannot be made on or after 1 May 2026 (Renters' Rights Act 2025). "
            "Choose an assured periodic tenancy or a licence."
        )
    if errors:
        raise ValidationError(errors)


def check_no_overlap(*, unit: Unit, start_date: date, end_date: date | None, exclude_pk: int | None = None) -> None:
    """The application-level twin of the PostgreSQL exclusion constraint (works on SQLite too)."""
    clash = Agreement.objects.overlapping(unit=unit, start=start_date, end=end_date)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    clash = clash.order_by("start_date").first()
    if clash:
        raise ValidationError(
            OVERLAP_MESSAGE.format(
                unit=unit,
                start=f"{clash.start_date:%-d %B %Y}",
                end=f"{clash.end_date:%-d %B %Y}" if clash.end_date else "no end date",
            )
        )


def _lock_unit(unit: Unit) -> Unit:
    """Serialise sign-ups for one unit (a row lock on PostgreSQL; SQLite locks the whole database)."""
    return Unit.objects.select_for_update().get(pk=unit.pk)


def _save_checked(agreement: Agreement, **save_kwargs) -> Agreement:
    try:
        with transaction.atomic():
            agreement.save(**save_kwargs)
    except IntegrityError as exc:
        if "agreement_no_overlap_per_unit" in str(exc):
            raise ValidationError(
                "Another agreement for this unit was saved at the same time. Please check the dates."
            ) from exc
        raise
    return agreement


@transaction.atomic
def agreement_sign_up(
    *,
    person: Person,
    unit: Unit,
    kind: str,
    start_date: date,
    end_date: date | None = None,
    weekly_rent: Decimal = Decimal("0.00"),
    weekly_service_charge: Decimal = Decimal("0.00"),
    weekly_personal_charge: Decimal = Decimal("0.00"),
    weekly_support_charge: Decimal = Decimal("0.00"),
    by,
) -> Agreement:
    """Offer a unit to a person. It becomes active when the sign-up checklist is complete."""
    if unit.unavailable_reason:
        raise ValidationError(f"{unit} is unavailable: {unit.unavailable_reason}")
    check_dates(kind=kind, start_date=start_date, end_date=end_date)
    unit = _lock_unit(unit)
    check_no_overlap(unit=unit, start_date=start_date, end_date=end_date)
    blockers = letting_blockers(unit, start_date)
    if blockers:
        raise ValidationError([f"{unit} cannot be let yet:", *blockers], code="letting_blocked")
    agreement = Agreement(
        person=person,
        unit=unit,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        status=Agreement.Status.OFFERED,
        weekly_rent=weekly_rent,
        weekly_service_charge=weekly_service_charge,
        weekly_personal_charge=weekly_personal_charge,
        weekly_support_charge=weekly_support_charge,
        created_by=by,
    )
    agreement._history_user = by
    _save_checked(agreement)
    agreement.rent_account = rents.account_open(
        reference=f"RA{agreement.pk:06d}",
        name=f"{person.legal_name}, {unit}",
        charging_from=start_date,
        calendar=unit.property.scheme.charge_calendar,
        lines={
            ChargeLine.Kind.CORE_RENT: weekly_rent,
            ChargeLine.Kind.ELIGIBLE_SERVICE: weekly_service_charge,
            ChargeLine.Kind.PERSONAL: weekly_personal_charge,
            ChargeLine.Kind.SUPPORT: weekly_support_charge,
        },
    )
    agreement.save(update_fields=["rent_account"])
    agreement_offered.send(sender=Agreement, agreement=agreement, unit=unit, by=by)
    return agreement


@transaction.atomic
def agreement_update_checklist(*, agreement: Agreement, by, **items: bool) -> Agreement:
    """Tick sign-up items. With every item done, an offered agreement becomes active."""
    activated = False
    unknown = set(items) - set(Agreement.CHECKLIST)
    if unknown:
        raise ValueError(f"Unknown checklist items: {unknown}")
    if agreement.status == Agreement.Status.ENDED:
        raise ValidationError("This agreement has ended; its sign-up checklist can no longer change.")
    for name, value in items.items():
        setattr(agreement, name, value)
    fields = [*items]
    if agreement.checklist_done and agreement.checklist_completed_on is None:
        agreement.checklist_completed_on = timezone.localdate()
        fields.append("checklist_completed_on")
        if agreement.status == Agreement.Status.OFFERED:
            agreement.status = Agreement.Status.ACTIVE
            fields.append("status")
            activated = True
    elif not agreement.checklist_done and agreement.checklist_completed_on is not None:
        agreement.checklist_completed_on = None
        fields.append("checklist_completed_on")
    agreement._history_user = by
    agreement.save(update_fields=fields)
    if activated:
        agreement_activated.send(sender=Agreement, agreement=agreement, unit=agreement.unit, by=by)
    return agreement


POSITIVE_BY_DEFAULT = {Agreement.EndReason.PLANNED_MOVE_ON, Agreement.EndReason.TRANSFER}


@transaction.atomic
def agreement_end(
    *,
    agreement: Agreement,
    end_date: date,
    reason: str,
    positive_move_on: bool | None,
    destination: str = "",
    by,
) -> Agreement:
    """End an agreement and start the unit's void (via the `agreement_ended` signal)."""
    if agreement.status == Agreement.Status.ENDED:
        raise ValidationError("This agreement has already ended.")
    if end_date < agreement.start_date:
        raise ValidationError({"end_date": "The end date must be on or after the start date."})
    if reason not in Agreement.EndReason.values:
        raise ValidationError({"reason": "Choose why the agreement ended."})
    _lock_unit(agreement.unit)
    check_no_overlap(unit=agreement.unit, start_date=agreement.start_date, end_date=end_date, exclude_pk=agreement.pk)
    agreement.end_date = end_date
    agreement.end_reason = reason
    agreement.positive_move_on = positive_move_on
    agreement.move_on_destination = destination
    agreement.status = Agreement.Status.ENDED
    agreement._history_user = by
    _save_checked(
        agreement,
        update_fields=["end_date", "end_reason", "positive_move_on", "move_on_destination", "status"],
    )
    if agreement.rent_account_id:
        rents.account_stop_charging(account=agreement.rent_account, last_day=end_date)
    agreement_ended.send(
        sender=Agreement, agreement=agreement, unit=agreement.unit, void_from=end_date + timedelta(days=1), by=by
    )
    return agreement


@dataclass(frozen=True)
class Sustainment:
    """Tenancy sustainment: the share of agreements that lasted, or ended in a positive move-on."""

    started: int
    eligible_6: int
    sustained_6: int
    eligible_12: int
    sustained_12: int

    @staticmethod
    def _pct(part: int, whole: int) -> Decimal | None:
        return (Decimal(part * 100) / whole).quantize(Decimal("0.1")) if whole else None

    @property
    def rate_6(self) -> Decimal | None:
        return self._pct(self.sustained_6, self.eligible_6)

    @property
    def rate_12(self) -> Decimal | None:
        return self._pct(self.sustained_12, self.eligible_12)


def sustainment(*, agreements, on: date | None = None) -> Sustainment:
    """Agreements started at least N months before `on` count; each is sustained if it lasted N
    months or ended earlier in a positive move-on. Offers never taken up are left out."""
    on = on or timezone.localdate()
    rows = list(
        agreements.exclude(end_reason=Agreement.EndReason.OFFER_NOT_TAKEN)
        .exclude(status=Agreement.Status.OFFERED)
        .values_list("start_date", "end_date", "positive_move_on")
    )
    counts = []
    for rule in SUSTAINMENT_MARKS:
        eligible = sustained = 0
        for start, end, positive in rows:
            mark = rule.due(start)
            if mark > on:
                continue
            eligible += 1
            if end is None or end >= mark or positive:
                sustained += 1
        counts.extend((eligible, sustained))
    return Sustainment(len(rows), *counts)


@transaction.atomic
def resident_sign_up(*, person_data: dict, agreement_data: dict, by) -> Agreement:
    """A new resident and their agreement, saved together or not at all."""
    person = people_services.person_create(by=by, **person_data)
    return agreement_sign_up(person=person, by=by, **agreement_data)


@transaction.atomic
def agreement_refer_to_council(
    *, agreement: Agreement, risk: str, reason: str, expected_loss_on: date | None, consent_how: str, by
):
    """Hand over to the council's prevention team with the resident's recorded consent (duty to refer).

    A referral still waiting with the team is not sent again, so a retried form makes no duplicate
    (the agreement row is locked, so two submissions at once cannot both pass the check).
    """
    from casework.models import Referral
    from casework.services import referral_receive
    from people.models import Consent

    Agreement.objects.select_for_update().filter(pk=agreement.pk).first()
    waiting = Referral.objects.filter(
        person=agreement.person, source=Referral.Source.SUPPORTED_HOUSING, status=Referral.Status.RECEIVED
    ).first()
    if waiting is not None:
        raise ValidationError(
            f"A referral for {agreement.person} is already with the council's prevention team "
            f"(reference {waiting.pk}), so it has not been sent again."
        )

    consent = people_services.consent_record(
        person=agreement.person, purpose=Consent.Purpose.REFER_TO_COUNCIL, how=consent_how, by=by
    )
    return referral_receive(
        person=agreement.person,
        source=Referral.Source.SUPPORTED_HOUSING,
        risk=risk,
        reason=reason,
        consent=consent,
        by=by,
        expected_loss_on=expected_loss_on,
        referrer_reference=f"Agreement {agreement.pk}, {agreement.unit}",
    )
