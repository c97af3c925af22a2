"""Every write to a person's record: their details, consents, support notes, support needs and risk flags.

Other apps call these instead of saving `Person` or `Consent` themselves, so each change is
validated one way and its history row names the worker who made it (simple-history).
"""

from datetime import date

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ForeignObjectRel, ManyToManyRel
from django.utils import timezone
from simple_history.models import HistoricalChanges

from core.models import AccessLog

from .models import (
    Consent,
    DuplicateCheck,
    Person,
    PersonMerge,
    RiskFlag,
    SupportNeed,
    SupportNote,
    normalise_ni_number,
)


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
def person_update(*, person: Person, data: dict, by, reason: str = "") -> Person:
    for field, value in data.items():
        setattr(person, field, value)
    person.ni_number = normalise_ni_number(person.ni_number)
    person.full_clean()
    if reason:
        person._change_reason = reason
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


@transaction.atomic
def duplicate_check_record(*, person: Person, looked_like, reason: str, by) -> list[DuplicateCheck]:
    """The worker's word that `person` is not any of the people who looked like them, and why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"not_duplicate_reason": "Say how you know this is someone else."})
    return DuplicateCheck.objects.bulk_create(
        DuplicateCheck(person=person, looked_like=other, reason=reason, checked_by=by) for other in looked_like
    )


def _links_to_person():
    """Every foreign key to Person in every app (auto-created many-to-many tables and the history tables of linked
    records included), found through the model meta so a new app's links are moved without anyone remembering to
    list them. A linked record's history moves with it, so the kept person's records show all their past; the
    merged person's own history stays under its old id (PersonMerge.merged_id says where it went)."""
    for relation in Person._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ForeignObjectRel) or isinstance(relation, ManyToManyRel):
            continue
        yield relation.related_model, relation.field


def _generic_links_to_person():
    """Every generic link to Person (and its history rows), and the access log's record of who read them."""
    person_type = ContentType.objects.get_for_model(Person)
    for model in apps.get_models():
        for field in model._meta.private_fields:
            if isinstance(field, GenericForeignKey):
                yield model, {field.ct_field: person_type}, field.fk_field
                history = getattr(model, "history", None)
                if history is not None and issubclass(history.model, HistoricalChanges):
                    yield history.model, {field.ct_field: person_type}, field.fk_field
    yield AccessLog, {"content_type": person_type}, "object_id"


@transaction.atomic
def person_merge(*, keep: Person, merge: Person, by) -> PersonMerge:
    """Make two records for one person one: every link to `merge` moves to `keep` (bulk updates, in this one
    transaction), blanks on `keep` are filled from `merge`, and the merge is recorded. `merge` is then deleted;
    its history stays under its old id and the PersonMerge says where it went."""
    if keep.pk == merge.pk:
        raise ValidationError("Choose two different records to merge.")
    locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[keep.pk, merge.pk]).order_by("pk")}
    if len(locked) != 2:
        raise ValidationError("One of these records no longer exists.")
    keep, merge = locked[keep.pk], locked[merge.pk]
    moved = {}
    for model, field in _links_to_person():
        rows = model._base_manager.filter(**{field.attname: merge.pk})
        if field.one_to_one and rows.exists() and model._base_manager.filter(**{field.name: keep}).exists():
            raise ValidationError(f"Both records have a {model._meta.verbose_name}; only one can be kept.")
        if model._meta.auto_created:
            other = next(f.name for f in model._meta.concrete_fields if f.is_relation and f is not field)
            shared = model._base_manager.filter(**{field.name: keep}).values(other)
            rows.filter(**{f"{other}__in": shared}).delete()
        count = rows.update(**{field.attname: keep.pk})
        if count:
            moved[f"{model._meta.label}.{field.name}"] = count
    for model, match, id_field in _generic_links_to_person():
        count = model._base_manager.filter(**match, **{id_field: merge.pk}).update(**{id_field: keep.pk})
        if count:
            moved[f"{model._meta.label}.{id_field}"] = count
    details = {}
    filled = []
    for field in Person._meta.concrete_fields:
        if field.primary_key or not field.editable:
            continue
        value = field.value_from_object(merge)
        details[field.name] = field.value_to_string(merge)
        if value not in (None, "") and field.value_from_object(keep) in (None, ""):
            setattr(keep, field.attname, getattr(merge, field.attname))
            filled.append(field.name)
    record = PersonMerge.objects.create(
        kept=keep,
        merged_id=merge.pk,
        merged_name=merge.legal_name,
        merged_details=details,
        links_moved=moved,
        merged_by=by,
    )
    keep._change_reason = f"Merged with record #{merge.pk} ({merge.legal_name})" + (
        f"; took their {', '.join(filled)}" if filled else ""
    )
    _save_by(keep, by)
    merge._change_reason = f"Merged into record #{keep.pk}"
    merge._history_user = by
    merge.delete()
    return record
