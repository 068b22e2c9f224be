"""``{{ user|person }}``: a person's name as ``portal.people.display_name`` gives it
(empty for no user). Loaded as a built-in (settings ``TEMPLATES``), so templates
need no ``{% load %}``."""

from django import template

from portal.people import display_name

register = template.Library()


@register.filter
def person(user) -> str:
    return display_name(user, missing="")
