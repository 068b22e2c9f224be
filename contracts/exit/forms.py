"""Forms of the exit plan (step 7): the plan, a trigger condition and a transition step."""

from __future__ import annotations

from django import forms

from contracts.exit.actions import ExitPlanInput, ExitTriggerInput, TransitionStepInput
from contracts.forms_base import ModelForm, OwnedTaskForm
from contracts.models import ExitPlan, ExitTrigger
from portal.number_fields import number_formfield


class ExitPlanForm(ModelForm):
    class Meta:
        model = ExitPlan
        formfield_callback = number_formfield
        fields = [
            "hiring_lead_days",
            "training_lead_days",
            "ramp_up_cost",
            "data_return",
            "data_destruction",
            "readiness",
            "notes",
        ]
        widgets = {
            "data_return": forms.Textarea(attrs={"rows": 2}),
            "data_destruction": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def to_input(self) -> ExitPlanInput:
        return ExitPlanInput(**self.cleaned_data)


class ExitTriggerForm(ModelForm):
    submit_label = "Add condition"

    class Meta:
        model = ExitTrigger
        formfield_callback = number_formfield
        fields = ["kind", "sla", "months", "description", "assessed_met"]
        help_texts = {
            "months": "For an SLA breach run, poor reviews (satisfaction SLA) and poor work "
            "(quality SLA): how many months in a row the target must be missed.",
            "assessed_met": "Used only when the data cannot check the condition.",
        }

    def __init__(self, *args, slas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sla"].queryset = slas
        self.fields["sla"].empty_label = "(not an SLA condition)"
        self.fields["sla"].label = "SLA"

    def to_input(self) -> ExitTriggerInput:
        return ExitTriggerInput(**self.cleaned_data)


class TransitionStepForm(OwnedTaskForm):
    description = forms.CharField(max_length=300, label="Transition step")
    submit_label = "Add step"

    def to_input(self) -> TransitionStepInput:
        return TransitionStepInput(**self.cleaned_data)
