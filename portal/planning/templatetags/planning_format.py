"""Template filters for steps 1-3: ``plain``, ``rate`` and ``pct`` (no trailing zeros)."""

from decimal import Decimal

from django import template

from portal.planning import formatting

register = template.Library()


@register.filter
def plain(value):
    return formatting.plain(value)


@register.filter
def rate(value):
    return formatting.rate(value)


@register.filter
def pct(value, places=2):
    """A fraction (0.8) as a percentage without trailing zeros ("80")."""
    if value in (None, ""):
        return ""
    return formatting.percent(Decimal(str(value)) * 100, int(places))
