"""Rent collection figures for dashboards: read-only, a fixed number of queries."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from .models import ChargeLine, LedgerEntry, RentAccount
from .services.arrears import splits_for
from .services.charges import pennies, weekly_rate

ZERO = Decimal("0.00")
HUNDRED = Decimal("100")


@dataclass(frozen=True)
class CollectionFigures:
    due: Decimal
    collected: Decimal
    arrears: Decimal
    hb_pending: Decimal
    annual_rent_roll: Decimal

    @property
    def collection_rate(self) -> Decimal | None:
        """Collected divided by due for the period, as a percentage."""
        return pennies(self.collected * HUNDRED / self.due) if self.due else None

    @property
    def arrears_rate(self) -> Decimal | None:
        """Current arrears (not this week's rent, not HB still expected) as a percentage of the annual rent roll."""
        return pennies(self.arrears * HUNDRED / self.annual_rent_roll) if self.annual_rent_roll else None


def _sum(queryset) -> Decimal:
    # SQLite sums decimals as floats; round back to pennies.
    return pennies(queryset.aggregate(total=Sum("amount"))["total"] or ZERO)


def collection_figures(*, start: date, end: date, accounts=None, today: date | None = None) -> CollectionFigures:
    """Due = charges for rent weeks in the period less reversed charges; collected = payments
    received in the period less reversed payments; arrears (`rents.rules.arrears`, as the arrears
    list counts them) and HB still expected (apart) are as of today; the
    annual rent roll is the current weekly charge times 52 for accounts still charging."""
    today = today or timezone.localdate()
    accounts = accounts if accounts is not None else RentAccount.objects.all()
    entries = LedgerEntry.objects.filter(account__in=accounts)
    in_period = Q(posted_on__gte=start, posted_on__lte=end)
    due = _sum(entries.filter(in_period, kind=LedgerEntry.Kind.CHARGE)) + _sum(
        entries.filter(in_period, kind=LedgerEntry.Kind.REVERSAL, reverses__kind=LedgerEntry.Kind.CHARGE)
    )
    collected = -(
        _sum(entries.filter(in_period, kind=LedgerEntry.Kind.PAYMENT))
        + _sum(entries.filter(in_period, kind=LedgerEntry.Kind.REVERSAL, reverses__kind=LedgerEntry.Kind.PAYMENT))
    )
    # One split per account that owes anything: its `arrears` is what the arrears list shows and
    # `in_arrears` filters on (`rules.arrears`: not this week's rent, not HB still expected), and
    # HB still expected is its own figure, never part of the arrears.
    splits = splits_for(accounts.filter(balance__gt=0).only("pk", "balance", "hb_paid_to"), today=today)
    arrears = sum((split.arrears for split in splits.values()), ZERO)
    hb_pending = sum((split.hb_pending for split in splits.values()), ZERO)
    charging = accounts.filter(Q(charging_until__isnull=True) | Q(charging_until__gte=today))
    lines_by_account: dict[int, list] = {}
    for line in ChargeLine.objects.filter(account__in=charging):
        lines_by_account.setdefault(line.account_id, []).append(line)
    roll = sum((weekly_rate(lines, today) * 52 for lines in lines_by_account.values()), ZERO)
    return CollectionFigures(
        due=due, collected=collected, arrears=arrears, hb_pending=hb_pending, annual_rent_roll=roll
    )
