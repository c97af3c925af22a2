"""Landlords, their homes and the documents seen for them, each change recorded with who made it."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Landlord, LandlordProperty, PropertyDocument

EXPIRY_BEFORE_SEEN = "The expiry date cannot be before the date the document was seen."


def landlord_save(*, landlord: Landlord, by) -> Landlord:
    """Add a landlord or agent (no primary key yet) or save the changes made to one."""
    landlord._history_user = by
    landlord._change_reason = "Added" if landlord.pk is None else "Details changed"
    with transaction.atomic():
        landlord.save()
    return landlord


def property_save(*, home: LandlordProperty, by) -> LandlordProperty:
    """Add a home a landlord offers, or save changes to it."""
    home._history_user = by
    home._change_reason = "Added" if home.pk is None else "Details changed"
    with transaction.atomic():
        home.save()
    return home


def document_record(
    *, home: LandlordProperty, kind: str, seen_on: date, expires_on: date | None, notes: str = "", by
) -> PropertyDocument:
    """Record that an officer has seen a safety or deposit document for a home."""
    if expires_on is not None and expires_on < seen_on:
        raise ValidationError({"expires_on": EXPIRY_BEFORE_SEEN})
    document = PropertyDocument(
        property=home, kind=kind, seen_on=seen_on, expires_on=expires_on, notes=notes, seen_by=by
    )
    document._history_user = by
    document._change_reason = "Seen"
    with transaction.atomic():
        document.save()
    return document
