"""How steps 1-3 print numbers: no trailing zeros on rates and percentages.

Decimal fields come back from the database with every stored place ("10.0000"),
and ``format(d, "g")`` keeps them; these helpers are the one place that drops them.
"""

from __future__ import annotations

from decimal import Decimal


def plain(value) -> str:
    """A number without trailing zeros or exponent: 10.0000 -> "10", 0.3500 -> "0.35"."""
    if value is None:
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    text = f"{number.normalize():f}"
    return "0" if text in ("-0", "") else text


def rate(value) -> str:
    """A money rate: whole amounts bare, others with at least cents: 8, 11.50, 0.40, 0.425."""
    if value is None:
        return ""
    number = (value if isinstance(value, Decimal) else Decimal(str(value))).normalize()
    if number == number.to_integral_value():
        return f"{number:,.0f}"
    if -number.as_tuple().exponent <= 2:
        return f"{number:,.2f}"
    return f"{number:,f}"


def percent(value, places: int = 2) -> str:
    """A percentage rounded to ``places`` without trailing zeros: 2.50 -> "2.5", 8.00 -> "8"."""
    if value is None:
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return plain(round(number, places))
