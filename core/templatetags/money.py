"""`{{ amount|money }}`: see core.money. Registered as a template builtin, so no template needs to load it."""

from django import template

from core.money import format_money

register = template.Library()


@register.filter
def money(value, arg: str = "") -> str:
    """`{{ amount|money }}`, or `{{ balance|money:"unsigned" }}` when the words say the direction."""
    return format_money(value, unsigned=arg == "unsigned")
