"""Readable change history for any model audited with django-simple-history.

A record's history shows exactly what its page shows to that user: apps register here the
records whose scope comes through another (a consent through its person), the fields their
pages mask (an NI number), and the sensitive records whose reading is logged.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from simple_history.models import HistoricalChanges

ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}

_through: dict[str, str] = {}
_masks: dict[str, dict[str, Callable[[object], str]]] = {}
_logged: dict[str, str] = {}


def scope_through(label: str, field: str) -> None:
    """`label`'s records are visible when the record its foreign key `field` points to is."""
    _through[label] = field


def mask_in_history(label: str, field: str, mask: Callable[[object], str]) -> None:
    _masks.setdefault(label, {})[field] = mask


def log_history_reads(label: str, what: str) -> None:
    """Reading this record's history is logged in the access log, like reading the record."""
    _logged[label] = what


def logged_as(model) -> str | None:
    return _logged.get(model._meta.label)


def visible_queryset(model, user):
    """The model's records `user` may see, or None when the model has no object scope (configuration)."""
    queryset = model._default_manager.all()
    if hasattr(queryset, "visible_to"):
        return queryset.visible_to(user)
    field = _through.get(model._meta.label)
    if field is None:
        return None
    related = visible_queryset(model._meta.get_field(field).related_model, user)
    return queryset.none() if related is None else queryset.filter(**{f"{field}__in": related})


@dataclass
class Change:
    field: str
    old: object
    new: object


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    action: str
    reason: str
    changes: list[Change]


def history_entries(obj) -> list[HistoryEntry]:
    """Newest first, with field-level changes computed pairwise (no query per entry)."""
    records = list(obj.history.select_related("history_user").order_by("history_date", "history_id"))
    masks = _masks.get(obj._meta.label, {})
    entries = []
    previous: HistoricalChanges | None = None
    for record in records:
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = record.instance_type._meta.get_field(change.field)
                old, new = change.old, change.new
                if change.field in masks:
                    old, new = masks[change.field](old), masks[change.field](new)
                changes.append(Change(str(field.verbose_name), old, new))
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=str(record.history_user) if record.history_user else "System",
                action=ACTIONS.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
        previous = record
    entries.reverse()
    return entries
