"""What the forms of steps 5-7 share: a date widget and a submit button.

The forms validate input and hand the action one typed input object
(``to_input()``); the rules live in the actions, which raise field-keyed
``DomainError``s that the views put back on the form.
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def submit_helper(label: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class ModelForm(forms.ModelForm):
    """A model's fields and labels; the form never saves, its action does."""

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(self.submit_label)
