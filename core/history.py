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
_absorbed: dict[str, Callable[[object], dict[int, str]]] = {}


def scope_through(label: str, field: str) -> None:
    """`label`'s records are visible when the record its foreign key `field` points to is."""
    _through[label] = field


def mask_in_history(label: str, field: str, mask: Callable[[object], str]) -> None:
    _masks.setdefault(label, {})[field] = mask


def log_history_reads(label: str, what: str) -> None:
    """Reading this record's history is logged in the access log, like reading the record."""
    _logged[label] = what


def show_absorbed_history(label: str, absorbed: Callable[[object], dict[int, str]]) -> None:
    """A record's history also shows the history of the records folded into it (two records for one person
    merged): `absorbed(obj)` gives their ids, each with the words that say which record an entry was about."""
    _absorbed[label] = absorbed


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
    about: str = ""


def _readable(field, value, related: dict) -> object:
    """What the record's page would show: a choice's label, a linked record's name, Yes or No."""
    if value is None or value == "":
        return None
    if field.many_to_one or field.one_to_one:
        found = related.get(field.related_model, {}).get(value)
        return str(found) if found is not None else f"{field.related_model._meta.verbose_name} no longer held"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return value


def _related_records(pending: list) -> dict:
    """One query per linked model for every id the changes mention, however many entries there are."""
    ids: dict = {}
    for field, change in pending:
        if field.many_to_one or field.one_to_one:
            ids.setdefault(field.related_model, set()).update(v for v in (change.old, change.new) if v is not None)
    return {model: model._default_manager.in_bulk(list(values)) for model, values in ids.items()}


def history_entries(obj) -> list[HistoryEntry]:
    """Newest first, with field-level changes computed pairwise (no query per entry)."""
    absorbed = _absorbed[obj._meta.label](obj) if obj._meta.label in _absorbed else {}
    pk_name = obj._meta.pk.attname
    records = list(
        obj.history.model._default_manager.filter(**{f"{pk_name}__in": [obj.pk, *absorbed]})
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    masks = _masks.get(obj._meta.label, {})
    deltas = []
    previous: dict[object, HistoricalChanges] = {}  # each record's changes are against its own last version
    for record in records:
        changes = []
        before = previous.get(getattr(record, pk_name))
        if before is not None:
            for change in record.diff_against(before).changes:
                changes.append((record.instance_type._meta.get_field(change.field), change))
        deltas.append((record, changes))
        previous[getattr(record, pk_name)] = record
    related = _related_records([pair for _, changes in deltas for pair in changes])
    entries = []
    for record, pending in deltas:
        changes = []
        for field, change in pending:
            if change.field in masks:
                old, new = masks[change.field](change.old), masks[change.field](change.new)
            else:
                old, new = _readable(field, change.old, related), _readable(field, change.new, related)
            changes.append(Change(str(field.verbose_name), old, new))
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=str(record.history_user) if record.history_user else "System",
                action=ACTIONS.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
                about=absorbed.get(getattr(record, pk_name), ""),
            )
        )
    entries.reverse()
    return entries
