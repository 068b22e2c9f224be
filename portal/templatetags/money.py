"""``{{ amount|money }}``: money as a buyer reads it, "$17,328"; ``|money:2`` gives
cents ("$17,328.50"); ``|money:quote.currency`` names another currency ("17,328 EUR").
Loaded as a built-in (settings ``TEMPLATES``), so templates need no ``{% load %}``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()


def format_money(value, places: int = 0, currency: str = "USD") -> str:
    """``value`` rounded to ``places`` with thousands separators, in ``currency``
    (US dollars as "$"; another code after the figure); "" for no value."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    number = number.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    figure = f"{abs(number):,.{places}f}"
    sign = "-" if number < 0 else ""
    code = (currency or "USD").upper()
    if code == "USD":
        return f"{sign}${figure}"
    return f"{sign}{figure} {code}"


@register.filter
def money(value, arg=None) -> str:
    """``arg``: a number of decimal places, or a currency code."""
    if arg is None or arg == "":
        return format_money(value)
    if isinstance(arg, int) or str(arg).isdigit():
        return format_money(value, places=int(arg))
    return format_money(value, currency=str(arg))
