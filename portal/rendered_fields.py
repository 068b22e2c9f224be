"""A filter form's fields as crispy renders them, rendered once per process for each
way a field can look (the registry's and the dashboard's filters)."""

from __future__ import annotations

import threading

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

# A field's HTML as crispy renders it, by everything it is made of: its form's class
# (labels, widgets), its name, whether the form is bound, the value given, its options
# (read once per request) and its errors. Most requests ask for a field as another
# request already rendered it; rendering one costs more than the rest of the rows.
_RENDERED: dict[tuple, str] = {}
_RENDERED_MAX = 512
_lock = threading.Lock()


def rendered_fields(form) -> dict[str, str]:
    """The HTML of each field of ``form`` (a validated filter form), by name."""
    errors = form.errors
    kind = f"{type(form).__module__}.{type(form).__qualname__}"  # its labels and widgets
    html = {}
    for name, field in form.fields.items():
        bound = form[name]
        options = ()
        if hasattr(field.widget, "choices"):
            # The options rendered are the ones in the key (each list read once; iter():
            # no count query for a length hint).
            field.widget.choices = list(iter(field.choices))
            options = tuple((str(value), str(label)) for value, label in field.widget.choices)
        key = (kind, name, form.is_bound, bound.data, options, tuple(errors.get(name, ())))
        found = _RENDERED.get(key)
        if found is None:
            found = as_crispy_field(bound)
            with _lock:
                if len(_RENDERED) >= _RENDERED_MAX:
                    _RENDERED.pop(next(iter(_RENDERED)))
                _RENDERED[key] = found
        html[name] = found
    return html
