"""Services for residents' records (stock itself is maintained in Django admin)."""

from django.db import transaction

from people.models import Person, SupportNote


@transaction.atomic
def person_update(*, person: Person, data: dict, by) -> Person:
    for field, value in data.items():
        setattr(person, field, value)
    person._history_user = by
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def support_note_add(*, person: Person, written_on, text: str, by) -> SupportNote:
    note = SupportNote(person=person, written_on=written_on, text=text, author=by)
    note._history_user = by
    note.save()
    return note
