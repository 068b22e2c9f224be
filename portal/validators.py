"""What typed or imported text and numbers must be before they reach the database.

A name, a subject or a title is one line: a line break in it ends up in an e-mail
header (which refuses it), a CSV cell or a page heading. A NUL character is refused
by PostgreSQL's text columns. A number must fit its column on every database the
portal runs on, so the ranges are the strictest ones (PostgreSQL's), not the ones of
the database a test happens to use: a file SQLite accepts is one PostgreSQL takes too.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.backends.base.operations import BaseDatabaseOperations

# Every character str.splitlines() breaks a line at.
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def has_line_break(text: str) -> bool:
    return not LINE_BREAKS.isdisjoint(text)


def no_line_breaks(value) -> None:
    """Validator of one-line fields: a name, a title, a subject."""
    if isinstance(value, str) and has_line_break(value):
        raise ValidationError("Keep this on one line (no line breaks).", code="line_break")


def one_line(text: str) -> str:
    """``text`` with its line breaks and runs of spaces collapsed into single spaces,
    for an e-mail subject built from names stored before line breaks were refused."""
    return " ".join(text.split())


def is_one_line_field(field: forms.Field) -> bool:
    """A text field typed on one line: a CharField shown as an input, not a textarea."""
    return isinstance(field, forms.CharField) and not isinstance(
        field.widget, (forms.Textarea, forms.HiddenInput, forms.PasswordInput)
    )


class OneLineFields:
    """Form mixin: every one-line text field of the form refuses line breaks.

    Put it before the form class among the bases (``class F(OneLineFields,
    forms.Form)``); it covers the fields the form has once ``Form.__init__`` ran, so a
    field a subclass adds later in its own ``__init__`` is not covered. Textareas keep
    their lines.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if is_one_line_field(field) and no_line_breaks not in field.validators:
                field.validators.append(no_line_breaks)


def integer_range(model_field) -> tuple[int, int]:
    """The values an integer model field holds on every supported database."""
    return BaseDatabaseOperations.integer_field_ranges[model_field.get_internal_type()]


def text_problem(model_field, text: str, what: str) -> str | None:
    """Why ``text`` does not fit the text column ``model_field``, or None."""
    if "\x00" in text:
        return f"the {what} contains a NUL character"
    limit = getattr(model_field, "max_length", None)
    if limit is not None and len(text) > limit:
        return f"the {what} is longer than {limit} characters (it has {len(text)})"
    return None


def number_problem(model_field, value: int | Decimal, what: str) -> str | None:
    """Why ``value`` does not fit the integer or decimal column ``model_field``, or None.

    A decimal is judged as it would be stored, rounded to the column's places (99.96
    in a column of 3 digits with 1 place is 100.0, which does not fit). The field's own
    validators, such as a 0-500 % range, are checked too."""
    if model_field.get_internal_type() == "DecimalField":
        if not value.is_finite():
            return f"the {what} is not a finite number"
        limit = Decimal(10) ** (model_field.max_digits - model_field.decimal_places)
        if value.copy_abs() < limit:
            value = value.quantize(Decimal(1).scaleb(-model_field.decimal_places), ROUND_HALF_UP)
        if value.copy_abs() >= limit:
            return f"the {what} is too large: it must be below {limit:,}"
    else:
        low, high = integer_range(model_field)
        if not low <= value <= high:
            return f"the {what} must be between {low:,} and {high:,}"
    try:
        for validator in model_field.validators:
            validator(value)
    except ValidationError as exc:
        return f"the {what} does not fit: " + " ".join(m.rstrip(".") for m in exc.messages)
    return None
