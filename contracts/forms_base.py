"""What the forms of steps 5-7 share: a date widget, a submit button, and the form of a
task someone of the team does by a date (a follow-up action, a transition step).

The forms validate input and hand the action one typed input object
(``to_input()``); the rules live in the actions, which raise field-keyed
``DomainError``s that the views put back on the form.
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms

from portal.forms import form_helper
from portal.people import display_name
from portal.validators import OneLineFields

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def submit_helper(label: str) -> FormHelper:
    return form_helper(label)


class ModelForm(OneLineFields, forms.ModelForm):
    """A model's fields and labels; the form never saves, its action does. Its one-line
    text fields (titles, subjects, names) refuse line breaks."""

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(self.submit_label)


class OwnedTaskForm(OneLineFields, forms.Form):
    """Something to do, by someone of the team, by a date."""

    description = forms.CharField(max_length=300)
    owner = forms.ModelChoiceField(queryset=None, label="Owner")
    due_date = forms.DateField(widget=DATE, label="Due date")
    submit_label = "Add"

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = users
        self.fields["owner"].label_from_instance = display_name
        self.helper = submit_helper(self.submit_label)
