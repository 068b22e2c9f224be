"""Forms of the liaison log: an entry, its follow-up actions, and the log's filter."""

from __future__ import annotations

from django import forms

from contracts.forms_base import DATE, ModelForm, OwnedTaskForm
from contracts.liaison.actions import FollowUpActionInput, LiaisonEntryInput
from contracts.models import LiaisonEntry
from portal.number_fields import number_formfield


class LiaisonEntryForm(ModelForm):
    class Meta:
        model = LiaisonEntry
        formfield_callback = number_formfield
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


class FollowUpActionForm(OwnedTaskForm):
    description = forms.CharField(max_length=300, label="Follow-up action")
    submit_label = "Add action"

    def to_input(self) -> FollowUpActionInput:
        return FollowUpActionInput(**self.cleaned_data)
