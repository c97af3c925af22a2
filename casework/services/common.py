"""Small pieces every casework service uses: save with the user for the audit trail, lock an open case,
refuse future dates."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from ..models import Case


def save_by(obj, by, **kwargs):
    """Save with `by` recorded as the user in the record's history (simple-history)."""
    obj._history_user = by
    obj.save(**kwargs)
    return obj


def locked_open_case(case: Case, message: str = "This case is closed.") -> Case:
    """The case, row-locked for this transaction; refused once it is closed."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.is_open:
        raise ValidationError(message)
    return case


def not_future(day: date, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: f"The {what} cannot be in the future."})
