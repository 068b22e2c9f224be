"""Number fields that read what people type: ``1,500``, ``$12.50``, `` 12 ``, ``1 500``.

Every money or number field a person types uses one of these: ``NumberField`` (a
decimal), ``WholeNumberField`` (an integer), or, on a model form,
``Meta.formfield_callback = number_formfield``, which gives the model's decimal and
integer columns these fields with the column's limits.

They are text inputs (``inputmode`` brings up the number pad on a phone), not
``type="number"``: a browser empties a number input holding "150e" before it sends the
form, so the person would read "This field is required." about a value they typed.
A text input sends "150e" back, the form refuses it with a sentence that says what it
reads, and the page shows "150e" again to be corrected.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models

from portal.validators import integer_range

# A sign, a currency symbol, digits grouped by commas or spaces (thousands) or not
# grouped at all, a decimal point and places, a percent sign. Nothing else: an
# exponent ("1e3"), a decimal comma ("12,5") or words are refused, not guessed at.
_SPACES = "\u0020\u00a0\u2009\u202f"
_NUMBER = re.compile(
    rf"""
    (?P<sign>[-+\u2212]?)[{_SPACES}]*
    (?:US\$|\$|€|£)?[{_SPACES}]*
    (?P<sign2>[-+\u2212]?)
    (?P<whole>\d{{1,3}}(?:,\d{{3}})+|\d{{1,3}}(?:[{_SPACES}]\d{{3}})+|\d*)
    (?:\.(?P<places>\d*))?
    [{_SPACES}]*%?
    """,
    re.VERBOSE,
)

NOT_A_NUMBER = "Enter a number, such as 1,500 or 12.50."
NOT_A_WHOLE_NUMBER = "Enter a whole number, such as 1,500."


def parse_number(text: str) -> Decimal | None:
    """The number ``text`` holds, or None when it holds no number this reads."""
    match = _NUMBER.fullmatch(text.strip())
    if match is None:
        return None
    whole, places = match["whole"], match["places"] or ""
    if not whole and not places:
        return None
    if match["sign"] and match["sign2"]:
        return None
    negative = "-" in match["sign"] + match["sign2"] or "\u2212" in match["sign"] + match["sign2"]
    digits = re.sub(rf"[,{_SPACES}]", "", whole) or "0"
    try:
        number = Decimal(f"{digits}.{places}" if places else digits)
    except InvalidOperation:  # pragma: no cover - the pattern lets only digits through
        return None
    return -number if negative else number


def _limit_text(value) -> str:
    return f"{value:,}" if isinstance(value, int | Decimal) else str(value)


class _Typed:
    """What both fields share: the text input, the friendly range messages and the
    check against the model column they fill (when there is one)."""

    input_mode = "decimal"

    def __init__(self, *args, model_field=None, **kwargs):
        self.model_field = model_field
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)
        # Range messages that read as sentences: "Enter 0 or more." rather than
        # "Ensure this value is greater than or equal to 0." (a form's own
        # ``error_messages`` still win).
        for validator in self.validators:
            if self._range_message(validator):
                validator.message = self._range_message(validator)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.TextInput):
            # A phone's number pad has no minus sign: not offered where a number may
            # be negative.
            if self.min_value is None or self.min_value >= 0:
                attrs.setdefault("inputmode", self.input_mode)
            attrs.setdefault("autocomplete", "off")
        return attrs

    def _read(self, value) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, int | Decimal):
            return Decimal(value)
        return parse_number(str(value))

    def _what(self) -> str:
        """The field's name inside a sentence: "the rate"."""
        label = self.label or (self.model_field.verbose_name if self.model_field else "")
        return f"the {str(label).lower()}" if label else "the number"

    def _too_large(self, limit) -> ValidationError:
        what = self._what()
        return ValidationError(
            f"{what[0].upper()}{what[1:]} is too large: it must be below {limit:,}.",
            code="max_digits",
        )

    def _range_message(self, validator) -> str:
        if isinstance(validator, validators.MinValueValidator):
            return self.error_messages.get(
                "min_value", f"Enter {_limit_text(validator.limit_value)} or more."
            )
        if isinstance(validator, validators.MaxValueValidator):
            return self.error_messages.get(
                "max_value", f"Enter {_limit_text(validator.limit_value)} or less."
            )
        return ""

    def _check_column(self, value) -> None:
        """The column's range on every database (PostgreSQL's, the strictest) and the
        model's own rules (a 0-100 range, say), in the form's words."""
        if value is None or self.model_field is None:
            return
        if self.model_field.get_internal_type() != "DecimalField":
            low, high = integer_range(self.model_field)
            if value < low and "min_value" in self.error_messages:
                message = self.error_messages["min_value"].replace("%%", "%")
                raise ValidationError(message, code="min_value")
            if not low <= value <= high:
                what = self._what()
                raise ValidationError(
                    f"{what[0].upper()}{what[1:]} must be between {low:,} and {high:,}.",
                    code="out_of_range",
                )
        for validator in self.model_field.validators:
            if isinstance(validator, validators.DecimalValidator):
                continue  # the digits are checked in words by NumberField.validate
            try:
                validator(value)
            except ValidationError as exc:
                message = self._range_message(validator)
                if message:
                    raise ValidationError(message.replace("%%", "%"), code=exc.code) from None
                raise


class NumberField(_Typed, forms.DecimalField):
    """A decimal typed as people write it; rounded to the field's places (12.505 is
    12.51), refused with a sentence when it is not a number or too large."""

    default_error_messages = {"invalid": NOT_A_NUMBER}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The digit count is checked below, in words; Django's validator would say
        # "Ensure that there are no more than 6 digits in total."
        self.validators = [
            v for v in self.validators if not isinstance(v, validators.DecimalValidator)
        ]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = self._read(value)
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if self.decimal_places is not None and number.adjusted() < 20:
            number = number.quantize(Decimal(1).scaleb(-self.decimal_places), ROUND_HALF_UP)
        return number

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.max_digits is not None:
            limit = Decimal(10) ** (self.max_digits - (self.decimal_places or 0))
            if value.copy_abs() >= limit:
                raise self._too_large(limit)
        self._check_column(value)


class WholeNumberField(_Typed, forms.IntegerField):
    """A whole number typed as people write it: 1,500 or 1 500 or 12.0."""

    input_mode = "numeric"
    default_error_messages = {"invalid": NOT_A_WHOLE_NUMBER}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = self._read(value)
        if number is None or number != number.to_integral_value():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(number)

    def validate(self, value):
        super().validate(value)
        self._check_column(value)


def number_formfield(db_field, **kwargs):
    """``Meta.formfield_callback`` of the model forms: their decimal and integer columns
    read typed numbers leniently and are checked against the column's range."""
    if db_field.choices is None:
        if isinstance(db_field, models.DecimalField):
            kwargs.setdefault("form_class", NumberField)
            return db_field.formfield(model_field=db_field, **kwargs)
        if isinstance(db_field, models.IntegerField) and not isinstance(
            db_field, models.AutoField | models.BigAutoField | models.SmallAutoField
        ):
            kwargs.setdefault("form_class", WholeNumberField)
            return db_field.formfield(model_field=db_field, **kwargs)
    return db_field.formfield(**kwargs)
