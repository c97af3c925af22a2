from decimal import Decimal

import pytest
from django.template import engines

from core.money import MINUS, format_money


@pytest.mark.parametrize(
    "value, shown",
    [
        (Decimal("2450.7"), "£2,450.70"),
        (Decimal("1234567.891"), "£1,234,567.89"),
        (Decimal("0"), "£0.00"),
        (Decimal("-50"), f"{MINUS}£50.00"),
        (Decimal("0.005"), "£0.01"),
        (12.5, "£12.50"),
        (None, ""),
    ],
)
def test_money_has_thousands_separators_and_the_sign_before_the_pound(value, shown):
    assert format_money(value) == shown


def test_unsigned_money_is_for_words_that_say_the_direction():
    assert format_money(Decimal("-2450.70"), unsigned=True) == "£2,450.70"


def test_the_money_filter_needs_no_load():
    template = engines["django"].from_string('{{ a|money }} and {{ b|money:"unsigned" }} in credit')
    assert template.render({"a": Decimal("2450.70"), "b": Decimal("-10")}) == "£2,450.70 and £10.00 in credit"
