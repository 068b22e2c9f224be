"""What the forms of steps 1-3 share: a helper for forms that share one <form>,
decimals shown as typed, and range messages in plain words.

The forms read what was typed into the action's input; the rules are the actions'
(a refused figure comes back on its field as a ``DomainError``).
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms

from portal.forms import form_helper
from portal.planning.formatting import plain


def shared_form_helper() -> FormHelper:
    return form_helper(form_tag=False)  # several forms share one <form> and one submit button


def plain_decimals(form: forms.BaseForm) -> None:
    """Show stored decimals as people type them: 30 rather than 30.0, 6 rather than 6.00."""
    for name, field in form.fields.items():
        if isinstance(field, forms.DecimalField) and form.initial.get(name) is not None:
            form.initial[name] = plain(form.initial[name])


def range_messages(message: str) -> dict[str, str]:
    """The same plain sentence for a value below or above a field's range (Django
    formats these messages with %, so a percent sign is doubled)."""
    message = message.replace("%", "%%")
    return {"min_value": message, "max_value": message}


NOT_NEGATIVE = range_messages("An amount cannot be negative.")
