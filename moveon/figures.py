"""The move-on numbers dashboards read: incentive spending against the year's budget, and moves with their
six-month sustainment. Each function runs a fixed number of queries."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from .models import Incentive, IncentiveBudget, Move, financial_year_label, financial_year_of

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class IncentiveSpend:
    year: int
    label: str
    budget: Decimal | None
    paid: Decimal
    approved_unpaid: Decimal
    waiting_for_approval: int

    @property
    def committed(self) -> Decimal:
        return self.paid + self.approved_unpaid

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.committed


def incentive_spend(on: date) -> IncentiveSpend:
    """Paid in the financial year containing `on`, approved and not yet paid, and waiting for approval,
    against that year's budget. Two queries."""
    year = financial_year_of(on)
    start, end = date(year, 4, 1), date(year + 1, 3, 31)
    totals = Incentive.objects.filter(cancelled=False).aggregate(
        paid=Sum("amount", filter=Q(paid_on__range=(start, end))),
        approved=Sum("amount", filter=Q(paid_on__isnull=True, approved_at__isnull=False)),
        waiting=Count("pk", filter=Q(needs_approval=True, approved_at__isnull=True, paid_on__isnull=True)),
    )
    budget = IncentiveBudget.objects.filter(financial_year=year).values_list("amount", flat=True).first()
    return IncentiveSpend(
        year=year,
        label=financial_year_label(year),
        budget=budget,
        paid=totals["paid"] or ZERO,
        approved_unpaid=totals["approved"] or ZERO,
        waiting_for_approval=totals["waiting"],
    )


@dataclass(frozen=True)
class Sustainment:
    moves: int
    due: int
    followed_up: int
    sustained: int
    left: int

    @property
    def share_sustained(self) -> Decimal | None:
        """Of the moves whose follow-up has fallen due, the share confirmed still there at six months."""
        if not self.due:
            return None
        return (Decimal(100) * self.sustained / self.due).quantize(Decimal("0.1"))


def sustainment(*, start: date, end: date, on: date) -> Sustainment:
    """Moves that started between `start` and `end`, and how many were confirmed still there six months on
    (accommodation secured for six months or more), as at `on`. One query."""
    counts = Move.objects.filter(start_date__range=(start, end)).aggregate(
        moves=Count("pk"),
        due=Count("pk", filter=Q(follow_up_due__lte=on)),
        followed_up=Count("pk", filter=Q(followed_up_on__isnull=False)),
        sustained=Count("pk", filter=Q(still_there=True, followed_up_on__gte=F("follow_up_due"))),
        left=Count("pk", filter=Q(still_there=False)),
    )
    return Sustainment(**counts)
