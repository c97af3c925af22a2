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


def _trigger_events(quarter: Quarter) -> dict[str, QuerySet]:
    """The events that meet each trigger rule in the quarter (all but the case's own closure)."""
    return {
        rules.TRIGGER_DUTY: Duty.objects.filter(_within("started_on", quarter)),
        rules.TRIGGER_DUTY_ENDED: Duty.objects.filter(_within("ended_on", quarter)),
        rules.TRIGGER_ASSESSED: Assessment.objects.filter(_within("completed_on", quarter)),
        rules.TRIGGER_DECISION: MainDutyDecision.objects.filter(_within("decided_on", quarter)),
        rules.TRIGGER_PLACED: Placement.objects.filter(_within("started_on", quarter)),
    }


def _closed_in(quarter: Quarter) -> Q:
    return Q(status=Case.Status.CLOSED) & _within("closed_on", quarter)


def trigger_annotations(quarter: Quarter) -> dict:
    """One boolean per trigger rule, as subqueries on Case (so a whole quarter is one query)."""
    return {name: Exists(events.filter(case=OuterRef("pk"))) for name, events in _trigger_events(quarter).items()}


def cases_with_events(quarter: Quarter) -> QuerySet:
    """The ids of the cases something reportable happened to in the quarter (a trigger rule met),
    found from the events themselves: the annotations then run for these cases only, not for every
    case ever opened (78,000 at ten years of a large demo, against 2,000 a quarter)."""
    events = [events.order_by().values("case_id") for events in _trigger_events(quarter).values()]
    return events[0].union(*events[1:], Case.objects.filter(_closed_in(quarter)).order_by().values("pk"))


def reportable_cases(quarter: Quarter, cases: QuerySet | None = None) -> QuerySet:
    """Cases the quarter's return reports: something reportable happened to them in the quarter, and
    they were owed a duty (by the end of the quarter) or placed in temporary accommodation (advice-only
    cases are left out). Annotated with `hclic_<trigger>` booleans, one query."""
    cases = Case.objects.all() if cases is None else cases
    named = {f"hclic_{name}": value for name, value in trigger_annotations(quarter).items()}
    owed = Exists(Duty.objects.filter(case=OuterRef("pk"), started_on__lte=quarter.end))
    placed = Exists(Placement.objects.filter(case=OuterRef("pk"), started_on__lte=quarter.end))
    return (
        cases.filter(pk__in=cases_with_events(quarter))
        .annotate(**named, hclic_owed=owed, hclic_ever_placed=placed)
        .filter(Q(hclic_owed=True) | Q(hclic_ever_placed=True))
        .order_by("pk")
    )


def triggers_of(case: Case, quarter: Quarter) -> list[str]:
    """Why an annotated case is in the quarter, as plain-English labels."""
    found = [rules.TRIGGER_LABELS[name] for name in rules.TRIGGER_LABELS if getattr(case, f"hclic_{name}", False)]
    if case.status == Case.Status.CLOSED and case.closed_on and quarter.start <= case.closed_on <= quarter.end:
        found.append(rules.TRIGGER_LABELS[rules.TRIGGER_CLOSED])
    return found
