"""Every write to a person's record: their details, consents, support notes, support needs and risk flags.

Other apps call these instead of saving `Person` or `Consent` themselves, so each change is
validated one way and its history row names the worker who made it (simple-history).
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from .models import Consent, Person, RiskFlag, SupportNeed, SupportNote, normalise_ni_number


def _save_by(obj, by, **kwargs):
    obj._history_user = by
    obj.save(**kwargs)
    return obj


@transaction.atomic
def person_create(*, by, **fields) -> Person:
    """A new person's record; the fields go through the model's own checks (NI number format)."""
    person = Person(**fields)
    person.ni_number = normalise_ni_number(person.ni_number)
    person.full_clean()
    return _save_by(person, by)


@transaction.atomic
def person_update(*, person: Person, data: dict, by) -> Person:
    for field, value in data.items():
        setattr(person, field, value)
    person.ni_number = normalise_ni_number(person.ni_number)
    person.full_clean()
    return _save_by(person, by)


@transaction.atomic
def consent_record(
    *, person: Person, purpose: str, how: str, by, given: bool = True, recorded_on: date | None = None
) -> Consent:
    """Consent to share their information for one purpose, and how they gave it (UK GDPR art. 7(1):
    we must be able to show they consented)."""
    consent = Consent(
        person=person,
        purpose=purpose,
        given=given,
        how=how.strip(),
        recorded_on=recorded_on or timezone.localdate(),
        recorded_by=by,
    )
    consent.full_clean()
    return _save_by(consent, by)


@transaction.atomic
def consent_withdraw(*, person: Person, purpose: str, how: str, by, withdrawn_on: date | None = None) -> Consent:
    """A person may withdraw consent at any time (UK GDPR art. 7(3)). The earlier record stays, as it
    shows what was lawful then; the newer refusal is what counts from now on."""
    return consent_record(person=person, purpose=purpose, how=how, by=by, given=False, recorded_on=withdrawn_on)


@transaction.atomic
def support_note_add(*, person: Person, written_on, text: str, by) -> SupportNote:
    note = SupportNote(person=person, written_on=written_on, text=text, author=by)
    return _save_by(note, by)


@transaction.atomic
def support_need_record(
    *, person: Person, category: str, by, details: str = "", recorded_on: date | None = None
) -> SupportNeed:
    """A support need (special-category health data, UK GDPR art. 9): its history names who recorded it."""
    need = SupportNeed(
        person=person,
        category=category,
        details=details.strip(),
        recorded_on=recorded_on or timezone.localdate(),
        recorded_by=by,
    )
    need.full_clean()
    return _save_by(need, by)


@transaction.atomic
def risk_flag_record(
    *,
    person: Person,
    kind: str,
    by,
    level: str = RiskFlag.Level.MEDIUM,
    details: str = "",
    review_on: date | None = None,
) -> RiskFlag:
    """A risk to the person, to others or to staff, so lone workers are warned; its history names who raised it."""
    flag = RiskFlag(person=person, kind=kind, level=level, details=details.strip(), review_on=review_on, recorded_by=by)
    flag.full_clean()
    return _save_by(flag, by)
