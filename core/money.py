"""Money as people write it: "£2,450.70", and a minus sign (U+2212) before the pound sign below zero."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MINUS = "\N{MINUS SIGN}"


def format_money(value, *, unsigned: bool = False) -> str:
    """Two places, thousands separated, the sign before the pound sign; blank stays blank.

    `unsigned` drops the sign, for text that says which way the money goes ("£50.00 in credit").
    """
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return str(value)
    sign = MINUS if amount < 0 and not unsigned else ""
    return f"{sign}£{abs(amount):,.2f}"
