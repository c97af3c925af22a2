"""Quarters ("2026Q3") and the cases a quarter's return reports (the trigger rules in hclic.rules)."""

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from casework.models import Assessment, Case, Duty, MainDutyDecision, Placement

from . import rules

_QUARTER = re.compile(r"^(\d{4})\s*Q([1-4])$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter: 2026Q3 is 1 July to 30 September 2026 (H-CLIC's Q2 of 2026-27)."""

    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        match = _QUARTER.match((text or "").strip())
        if not match:
            raise ValueError(f"{text!r} is not a quarter; write it like 2026Q3 (July to September 2026).")
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def containing(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        """The last day of the quarter."""
        return date.fromordinal(rules.QUARTER.due(self.start).toordinal() - 1)

    def previous(self) -> "Quarter":
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def __str__(self):
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"


def _within(field: str, quarter: Quarter) -> Q:
    return Q(**{f"{field}__gte": quarter.start, f"{field}__lte": quarter.end})


def trigger_annotations(quarter: Quarter) -> dict:
    """One boolean per trigger rule, as subqueries on Case (so a whole quarter is one query)."""
    case = OuterRef("pk")
    return {
        rules.TRIGGER_DUTY: Exists(Duty.objects.filter(_within("started_on", quarter), case=case)),
        rules.TRIGGER_DUTY_ENDED: Exists(Duty.objects.filter(_within("ended_on", quarter), case=case)),
        rules.TRIGGER_ASSESSED: Exists(Assessment.objects.filter(_within("completed_on", quarter), case=case)),
        rules.TRIGGER_DECISION: Exists(MainDutyDecision.objects.filter(_within("decided_on", quarter), case=case)),
        rules.TRIGGER_PLACED: Exists(Placement.objects.filter(_within("started_on", quarter), case=case)),
        f"hclic_{rules.TRIGGER_CLOSED}": Q(status=Case.Status.CLOSED) & _within("closed_on", quarter),
    }


def reportable_cases(quarter: Quarter, cases: QuerySet | None = None) -> QuerySet:
    """Cases the quarter's return reports: something reportable happened to them in the quarter, and
    they were owed a duty (by the end of the quarter) or placed in temporary accommodation (advice-only
    cases are left out). Annotated with `hclic_<trigger>` booleans, one query."""
    cases = Case.objects.all() if cases is None else cases
    annotations = trigger_annotations(quarter)
    closed = annotations.pop(f"hclic_{rules.TRIGGER_CLOSED}")
    named = {f"hclic_{name}": value for name, value in annotations.items()}
    owed = Exists(Duty.objects.filter(case=OuterRef("pk"), started_on__lte=quarter.end))
    placed = Exists(Placement.objects.filter(case=OuterRef("pk"), started_on__lte=quarter.end))
    any_event = Q()
    for name in named:
        any_event |= Q(**{name: True})
    return (
        cases.filter(pk__in=cases_with_events(quarter))
        .annotate(**named, hclic_owed=owed, hclic_ever_placed=placed)
        .filter((Q(hclic_owed=True) | Q(hclic_ever_placed=True)) & (any_event | closed))
        .order_by("pk")
    )


def cases_with_events(quarter: Quarter) -> QuerySet:
    """The ids of the cases something happened to in the quarter, found from the events themselves: the
    subqueries above then run for these cases only, not for every case ever opened (78,000 at ten
    years of a large demo, against 2,000 a quarter)."""
    events = [
        Duty.objects.filter(_within("started_on", quarter)).order_by().values("case_id"),
        Duty.objects.filter(_within("ended_on", quarter)).order_by().values("case_id"),
        Assessment.objects.filter(_within("completed_on", quarter)).order_by().values("case_id"),
        MainDutyDecision.objects.filter(_within("decided_on", quarter)).order_by().values("case_id"),
        Placement.objects.filter(_within("started_on", quarter)).order_by().values("case_id"),
        Case.objects.filter(_within("closed_on", quarter), status=Case.Status.CLOSED).order_by().values("pk"),
    ]
    return events[0].union(*events[1:])


def triggers_of(case: Case, quarter: Quarter) -> list[str]:
    """Why an annotated case is in the quarter, as plain-English labels."""
    found = [rules.TRIGGER_LABELS[name] for name in rules.TRIGGER_LABELS if getattr(case, f"hclic_{name}", False)]
    if case.status == Case.Status.CLOSED and case.closed_on and quarter.start <= case.closed_on <= quarter.end:
        found.append(rules.TRIGGER_LABELS[rules.TRIGGER_CLOSED])
    return found
