"""Rent statements: what a resident owed at the start of a period, what happened, what they owe now."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.money import format_money

from ..models import RentAccount
from ..scopes import owners
from .charges import pennies

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Statement:
    account: RentAccount
    resident_name: str
    start: date
    end: date
    opening: Decimal
    entries: list
    charged: Decimal
    paid: Decimal
    closing: Decimal
    address_lines: tuple[str, ...] = ()

    @property
    def charged_text(self) -> str:
        return format_money(self.charged)

    @property
    def paid_text(self) -> str:
        return format_money(self.paid)

    @property
    def opening_text(self) -> str:
        return describe_balance(self.opening)

    @property
    def closing_text(self) -> str:
        return describe_balance(self.closing)


def describe_balance(balance: Decimal) -> str:
    """Plain words for a balance: positive means the resident owes it."""
    if balance > 0:
        return f"{format_money(balance)} owed"
    if balance < 0:
        return f"{format_money(balance, unsigned=True)} in credit"
    return "£0.00"


def split_amount(entry) -> None:
    """Charges and payments in separate columns, both as positive numbers."""
    entry.debit = entry.amount if entry.amount > 0 else None
    entry.credit = -entry.amount if entry.amount < 0 else None


def resident_name(account: RentAccount) -> str:
    """The name the resident asked us to use, if the account's owner knows it (rents.scopes)."""
    return owners.resident_name(account)


def statement_for(*, account: RentAccount, start: date, end: date) -> Statement:
    """The opening balance is worked back from the cached balance through the entries since `start`,
    so a statement reads its period and what came after it, never the account's whole history."""
    balance_now = RentAccount.objects.values_list("balance", flat=True).get(pk=account.pk)
    since = list(account.entries.filter(posted_on__gte=start).order_by("posted_on", "pk"))
    opening = balance_now - sum((entry.amount for entry in since), ZERO)
    period = [entry for entry in since if entry.posted_on <= end]
    balance = pennies(opening)
    for entry in period:
        balance += entry.amount
        entry.running_balance = balance
        entry.balance_text = describe_balance(balance)
        split_amount(entry)
    charged = sum((e.amount for e in period if e.amount > 0), ZERO)
    paid = -sum((e.amount for e in period if e.amount < 0), ZERO)
    return Statement(
        account=account,
        resident_name=resident_name(account),
        start=start,
        end=end,
        opening=pennies(opening),
        entries=period,
        charged=charged,
        paid=paid,
        closing=balance,
        address_lines=tuple(owners.resident_address(account)),
    )
