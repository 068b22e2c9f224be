"""``{% error_summary form ... %}``: the one way a failed submit is shown at the top of
a form. A Bootstrap alert (``role="alert"``) says how many fields need correcting
("Please correct 2 fields") and lists each, linked to its input, with the form's
errors that belong to no field; the message under each field is crispy's.

Every form rendered by crispy with its own ``<form>`` tag, and every ``|crispy`` form,
gets it through ``templates/bootstrap5/errors.html``; a page whose ``<form>`` holds
several forms (or formsets) puts the tag at the top of it, naming them all. Loaded as a
built-in (settings ``TEMPLATES``), so templates need no ``{% load %}``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms, template
from django.utils.translation import ngettext

register = template.Library()


@dataclass(frozen=True)
class Entry:
    messages: list[str]
    label: str = ""
    href: str = ""  # the field's input, "#id_rate"


@dataclass(frozen=True)
class Summary:
    heading: str
    entries: list[Entry]


def _target(bound: forms.BoundField) -> str:
    """The id of the element a person types into (the first box of a choice list)."""
    widget = bound.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return widget.id_for_label(bound.auto_id, "0")
    return bound.id_for_label or bound.auto_id


def _form_entries(form: forms.BaseForm) -> tuple[list[Entry], int]:
    """A form that is one of several alike (a channel of the scope) names itself by its
    ``summary_name``, so "Contacts a month (E-mail)" says which one."""
    if not form.is_bound or not form.errors:
        return [], 0
    name = getattr(form, "summary_name", "")
    entries = [Entry(messages=list(form.non_field_errors()))] if form.non_field_errors() else []
    fields = 0
    for bound in form:
        if not bound.errors:
            continue
        if bound.is_hidden:
            entries.append(Entry(messages=list(bound.errors)))
            continue
        fields += 1
        entries.append(
            Entry(
                messages=list(bound.errors),
                label=f"{bound.label} ({name})" if name else bound.label,
                href=f"#{_target(bound)}",
            )
        )
    return entries, fields


def error_summary_of(*forms_: forms.BaseForm | forms.BaseFormSet | None) -> Summary | None:
    """What the summary says about ``forms_`` (forms, formsets, lists of them, None),
    or None when they have no error."""
    entries: list[Entry] = []
    fields = 0
    flat = [i for item in forms_ for i in (item if isinstance(item, list | tuple) else [item])]
    for item in flat:
        if item is None:
            continue
        if isinstance(item, forms.BaseFormSet):
            if not item.is_bound:
                continue
            if item.non_form_errors():
                entries.append(Entry(messages=list(item.non_form_errors())))
            parts = item.forms
        else:
            parts = [item]
        for form in parts:
            form_entries, form_fields = _form_entries(form)
            entries += form_entries
            fields += form_fields
    if not entries:
        return None
    if fields:
        heading = ngettext(
            "Please correct %(count)d field:", "Please correct %(count)d fields:", fields
        ) % {"count": fields}
    else:
        heading = "Please correct this:"
    return Summary(heading=heading, entries=entries)


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms_):
    return {"summary": error_summary_of(*forms_)}
