"""Forms of the liaison log: an entry, its follow-up actions, and the log's filter."""

from __future__ import annotations

from django import forms

from contracts.forms_base import DATE, ModelForm, submit_helper
from contracts.liaison.actions import FollowUpActionInput, LiaisonEntryInput
from contracts.models import LiaisonEntry
from portal.people import display_name


class LiaisonEntryForm(ModelForm):
    class Meta:
        model = LiaisonEntry
        fields = ["kind", "date", "participants", "summary"]
        widgets = {"date": DATE, "summary": forms.Textarea(attrs={"rows": 4})}

    def to_input(self) -> LiaisonEntryInput:
        return LiaisonEntryInput(**self.cleaned_data)


class LiaisonFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search")
    kind = forms.ChoiceField(
        required=False, label="Kind", choices=[("", "Any kind"), *LiaisonEntry.Kind.choices]
    )
    open = forms.BooleanField(required=False, label="Only with open actions")


class OwnedTaskForm(forms.Form):
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


class FollowUpActionForm(OwnedTaskForm):
    description = forms.CharField(max_length=300, label="Follow-up action")
    submit_label = "Add action"

    def to_input(self) -> FollowUpActionInput:
        return FollowUpActionInput(**self.cleaned_data)
