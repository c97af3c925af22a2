"""Repairs from report to verification.

A repair's target is fixed from its priority the moment it is reported and never moves: changing
the priority later is audited with a reason, but the target and whether the job was completed
within it stay as they were (issue 11.1; the regulator's RP02 measure counts against the target set
at report). A recall is the same fault at the same place again within `RECALL_WITHIN` of the last
repair being completed; it links to the original so the figures can count recalls.
"""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

from core.references import highest_in_use, next_number

from ..models import Repair, RepairPhoto, RepairPriority
from ..rules import PHOTO_MAX_BYTES, RECALL_WITHIN
from . import orders

PHOTO_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
PHOTO_SUFFIX = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def _reference_prefix(year: int) -> str:
    return f"REP-{year}-"


def _next_reference(reported_at: datetime) -> str:
    year = timezone.localtime(reported_at).year
    prefix = _reference_prefix(year)

    def start_after():
        return highest_in_use(
            Repair.objects.filter(reference__startswith=prefix).values_list("reference", flat=True), prefix
        )

    return f"{prefix}{next_number(f'repair-{year}', start_after=start_after):05d}"


def recall_candidates(*, scheme, unit=None, communal_area: str = "", category: str, reported_at: datetime):
    """Earlier repairs for the same fault (same place and category) completed within RECALL_WITHIN
    before this report: the ones a new report may be a recall of."""
    since = reported_at - timedelta(days=RECALL_WITHIN.amount)
    repairs = Repair.objects.filter(
        scheme=scheme,
        category=category,
        status__in=Repair.DONE_STATUSES,
        completed_at__gte=since,
        completed_at__lte=reported_at,
    )
    repairs = (
        repairs.filter(unit=unit) if unit else repairs.filter(unit__isnull=True, communal_area__iexact=communal_area)
    )
    return repairs.order_by("-completed_at")


def _check_reported_at(reported_at: datetime) -> None:
    if reported_at > timezone.now():
        raise ValidationError({"reported_at": "When it was reported cannot be in the future."})


@transaction.atomic
def repair_report(
    *,
    scheme,
    unit=None,
    communal_area: str = "",
    category: str,
    description: str,
    location: str = "",
    priority: RepairPriority,
    reported_at: datetime,
    reported_by_kind: str,
    reported_by_name: str = "",
    reporting_person=None,
    channel: str,
    access_notes: str = "",
    complaint=None,
    incident=None,
    void=None,
    recall_of: Repair | None = None,
    photo=None,
    by,
) -> Repair:
    """Record a reported repair with its target fixed from `priority`. `recall_of` links it to an
    earlier repair for the same fault (one of `recall_candidates`)."""
    _check_reported_at(reported_at)
    if photo is not None:
        check_photo(photo, field="photo")
    if unit is not None and unit.property.scheme_id != scheme.pk:
        raise ValidationError({"unit": f"{unit} is not at {scheme}."})
    for source, label in ((complaint, "complaint"), (incident, "incident")):
        if source is not None and source.scheme_id != scheme.pk:
            raise ValidationError(f"That {label} is about {source.scheme}, not {scheme}.")
    if recall_of is not None:
        if recall_of.scheme_id != scheme.pk:
            raise ValidationError({"recall_of": "A recall must be of a repair at the same scheme."})
        if not recall_of.completed_at or recall_of.completed_at > reported_at:
            raise ValidationError({"recall_of": "A recall must follow a completed repair."})
    repair = Repair(
        reference=_next_reference(reported_at),
        scheme=scheme,
        unit=unit,
        communal_area="" if unit else communal_area,
        category=category,
        description=description,
        location=location,
        priority=priority,
        target_priority=priority,
        target_due_at=priority.target_for(reported_at),
        reported_at=reported_at,
        reported_by_kind=reported_by_kind,
        reported_by_name=reported_by_name,
        reporting_person=reporting_person,
        channel=channel,
        access_notes=access_notes,
        complaint=complaint,
        incident=incident,
        void=void,
        recall_of=recall_of,
        recorded_by=by,
    )
    repair._history_user = by
    repair._change_reason = "Reported" + (f" (a recall of {recall_of.reference})" if recall_of else "")
    repair.full_clean(exclude=["reference", "target_due_at", "target_priority", "recorded_by"])
    repair.save()
    if photo is not None:
        photo_add(repair=repair, upload=photo, by=by)
    return repair


def _save(repair: Repair, fields: list[str], *, by, reason: str) -> Repair:
    repair._history_user = by
    repair._change_reason = reason
    repair.save(update_fields=fields)
    return repair


def _lock(repair: Repair) -> Repair:
    return Repair.objects.select_for_update().get(pk=repair.pk)


@transaction.atomic
def repair_change_priority(*, repair: Repair, priority: RepairPriority, reason: str, by) -> Repair:
    """Change the priority. The target stays the one set when the repair was reported."""
    repair = _lock(repair)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the priority is changing."})
    if priority.pk == repair.priority_id:
        raise ValidationError({"priority": f"The repair is already {priority}."})
    old = repair.priority
    repair.priority = priority
    return _save(repair, ["priority"], by=by, reason=f"Priority changed from {old} to {priority}: {reason.strip()}")


@transaction.atomic
def repair_book(*, repair: Repair, appointment_at: datetime, access_notes: str = "", by) -> Repair:
    repair = _lock(repair)
    if not repair.is_open:
        raise ValidationError(f"This repair is {repair.get_status_display().lower()}; there is nothing to book.")
    if appointment_at < repair.reported_at:
        raise ValidationError({"appointment_at": "The appointment cannot be before the repair was reported."})
    repair.appointment_at = appointment_at
    repair.access_notes = access_notes
    repair.status = Repair.Status.BOOKED
    when = timezone.localtime(appointment_at).strftime("%-d %b %Y %H:%M")
    return _save(repair, ["appointment_at", "access_notes", "status"], by=by, reason=f"Appointment booked for {when}")


@transaction.atomic
def repair_complete(
    *, repair: Repair, completed_at: datetime, notes: str = "", cost: Decimal | None = None, by
) -> Repair:
    """Record the job done. Whether it was within target is set here, once, and kept for ever."""
    repair = _lock(repair)
    errors = {}
    if not repair.is_open:
        raise ValidationError(f"This repair is already {repair.get_status_display().lower()}.")
    if completed_at < repair.reported_at:
        when = timezone.localtime(repair.reported_at).strftime("%-d %b %Y %H:%M")
        errors["completed_at"] = f"A repair cannot be completed before it was reported ({when})."
    elif completed_at > timezone.now():
        errors["completed_at"] = "The completion date cannot be in the future."
    if cost is not None and cost < 0:
        errors["cost"] = "The cost cannot be less than zero."
    if errors:
        raise ValidationError(errors)
    repair.completed_at = completed_at
    repair.completion_notes = notes
    repair.cost = cost
    repair.status = Repair.Status.COMPLETED
    if repair.completed_within_target is None:
        repair.completed_within_target = completed_at.astimezone(UTC) <= repair.target_due_at.astimezone(UTC)
    _save(
        repair,
        ["completed_at", "completion_notes", "cost", "status", "completed_within_target"],
        by=by,
        reason="Completed" + ("" if repair.completed_within_target else " (after its target)"),
    )
    orders.orders_complete(repair=repair, cost=cost, by=by)
    return repair


@transaction.atomic
def repair_verify(*, repair: Repair, by) -> Repair:
    repair = _lock(repair)
    if repair.status != Repair.Status.COMPLETED:
        raise ValidationError("Only a completed repair can be verified.")
    repair.status = Repair.Status.VERIFIED
    repair.verified_at = timezone.now()
    repair.verified_by = by
    return _save(repair, ["status", "verified_at", "verified_by"], by=by, reason="Verified")


@transaction.atomic
def repair_cancel(*, repair: Repair, reason: str, by) -> Repair:
    repair = _lock(repair)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the repair is being cancelled."})
    if not repair.is_open:
        raise ValidationError(f"This repair is {repair.get_status_display().lower()} and cannot be cancelled.")
    repair.status = Repair.Status.CANCELLED
    repair.cancelled_at = timezone.now()
    repair.cancel_reason = reason.strip()
    _save(repair, ["status", "cancelled_at", "cancel_reason"], by=by, reason=f"Cancelled: {reason.strip()}")
    orders.orders_cancel(repair=repair, by=by)
    return repair


def check_photo(upload, field: str = "upload") -> str:
    """The image format of an upload, checked by its content (not its name); a clear error otherwise."""
    size = getattr(upload, "size", None)
    if size is None or size > PHOTO_MAX_BYTES:
        raise ValidationError(
            {field: f"The photo is too large. Photos can be up to {PHOTO_MAX_BYTES // (1024 * 1024)} MB."}
        )
    if size == 0:
        raise ValidationError({field: "The file is empty."})
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        kind = None
    finally:
        upload.seek(0)
    if kind not in PHOTO_FORMATS:
        raise ValidationError({field: "That file is not a photo. Choose a JPEG, PNG, WEBP or GIF image."})
    return kind


@transaction.atomic
def photo_add(*, repair: Repair, upload, caption: str = "", by) -> RepairPhoto:
    kind = check_photo(upload)
    upload.name = f"photo.{PHOTO_SUFFIX[kind]}"
    photo = RepairPhoto(
        repair=repair,
        image=upload,
        content_type=PHOTO_FORMATS[kind],
        size=upload.size,
        caption=caption,
        uploaded_by=by,
    )
    photo.save()
    return photo
