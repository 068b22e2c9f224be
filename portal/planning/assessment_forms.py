"""Step 3's form: the customer-base questions, with a language-risk choice per
channel in scope."""

from __future__ import annotations

from django import forms

from portal.number_fields import number_formfield
from portal.planning import risk
from portal.planning.actions import AssessmentInput, field_names
from portal.planning.forms_base import shared_form_helper
from portal.planning.models import CustomerAssessment
from portal.reference import Channel
from portal.validators import OneLineFields


def _question(choices, *, label: str, help_text: str = "") -> forms.ChoiceField:
    """A question that starts unanswered: nobody's answer is preset. (That it must be
    answered is the action's rule, which names the question.)"""
    return forms.ChoiceField(
        label=label,
        choices=[("", "Choose an answer"), *choices],
        required=False,
        help_text=help_text,
    )


def _offshore_choice(value: str) -> bool | None:
    return {"True": True, "False": False}.get(value)


class AssessmentForm(OneLineFields, forms.ModelForm):
    """The customer-base questions, with a language-risk choice per channel in scope.

    Every question starts empty on a new assessment (the model's defaults would
    otherwise answer them for whoever presses Save); ``assessment_save`` refuses an
    assessment with a question left unanswered, naming it."""

    offshore = forms.TypedChoiceField(
        label="Where are the vendors you consider?",
        choices=[
            ("True", "Offshore (outside the United States)"),
            ("False", "In the United States"),
        ],
        coerce=_offshore_choice,
        empty_value=None,
        widget=forms.RadioSelect,
        required=False,
    )
    local_preference = _question(
        CustomerAssessment.LocalPreference.choices,
        label="How do customers see service from far away?",
    )
    response_expectation = _question(
        CustomerAssessment.ResponseExpectation.choices,
        label="How fast do customers expect an answer?",
        help_text="Not a risk by itself: any vendor must meet it, so it goes into the SLA.",
    )
    data_residency = _question(
        CustomerAssessment.DataResidency.choices,
        label="Rules on customer data leaving the country",
    )

    class Meta:
        model = CustomerAssessment
        formfield_callback = number_formfield
        fields = field_names(AssessmentInput, without=("language_risk",))
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, channels: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = shared_form_helper()
        self.channels = channels
        if self.instance.pk is None:
            for name in ("offshore", "local_preference", "response_expectation", "data_residency"):
                self.initial.pop(name, None)
        saved = self.instance.language_risk or {}
        for channel in channels:
            label = Channel(channel).label
            self.fields[f"language_{channel}"] = forms.ChoiceField(
                label=f"Language and accent risk: {label}",
                choices=[("", "Choose a level"), *[(lvl, lvl.title()) for lvl in risk.LEVELS]],
                initial=saved.get(channel, ""),
                required=False,
                help_text=(
                    "A starting point: "
                    f"{risk.suggested_language_risk(channel, offshore=True)} offshore, "
                    f"{risk.suggested_language_risk(channel, offshore=False)} in the United "
                    "States. E-mail and social replies are written, which removes most accent "
                    "problems (they count one level lower than rated); phone is where they bite."
                ),
            )
        # The questions first, free-text notes last (as on the other steps' forms).
        self.order_fields([name for name in self.fields if name != "notes"])

    def to_input(self) -> AssessmentInput:
        answers = {name: self.cleaned_data[name] for name in self._meta.fields}
        language_risk = {
            channel: self.cleaned_data[f"language_{channel}"] for channel in self.channels
        }
        return AssessmentInput(**answers, language_risk=language_risk)
