"""Forms of steps 1-3. They read what was typed into the action's input; the rules
are the actions' (a refused figure comes back on its field as a ``DomainError``)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms

from portal.planning import risk
from portal.planning.actions import (
    AssessmentInput,
    ChannelLineInput,
    CostCaseInput,
    ScopeInput,
    field_names,
)
from portal.planning.formatting import plain
from portal.planning.models import (
    MAX_CONTACTS_PER_MONTH,
    ChannelLine,
    CostCase,
    CustomerAssessment,
    NeedsScope,
)
from portal.reference import Channel


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # several forms share one <form> and one submit button
    return helper


def _plain_decimals(form: forms.BaseForm) -> None:
    """Show stored decimals as people type them: 30 rather than 30.0, 6 rather than 6.00."""
    for name, field in form.fields.items():
        if isinstance(field, forms.DecimalField) and form.initial.get(name) is not None:
            form.initial[name] = plain(form.initial[name])


def _range(message: str) -> dict[str, str]:
    """The same plain sentence for a value below or above a field's range (Django
    formats these messages with %, so a percent sign is doubled)."""
    message = message.replace("%", "%%")
    return {"min_value": message, "max_value": message}


_NOT_NEGATIVE = _range("An amount cannot be negative.")


class ScopeForm(forms.ModelForm):
    class Meta:
        model = NeedsScope
        fields = field_names(ScopeInput, without=("lines",))
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "complex_share_percent": _range("A share is between 0% and 100%."),
            "in_house_agents": _range("The number of agents cannot be negative."),
            "in_house_hours_per_week": _range(
                "Between 0 and 168 hours a week (168 is around the clock)."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        _plain_decimals(self)

    def to_input(self, line_forms: list[ChannelLineForm]) -> ScopeInput:
        return ScopeInput(
            **self.cleaned_data, lines={line.channel: line.to_input() for line in line_forms}
        )


class ChannelLineForm(forms.Form):
    """One channel of the scope; leave contacts empty (or 0) to leave it out."""

    # The range is the action's rule; the browser is told it too.
    contacts_per_month = forms.IntegerField(
        required=False,
        widget=forms.NumberInput(attrs={"min": 0, "max": MAX_CONTACTS_PER_MONTH}),
    )
    handle_minutes = forms.DecimalField(
        label="Average handle time (minutes)", required=False, max_digits=6, decimal_places=2
    )
    coverage_hours_per_week = forms.DecimalField(
        label="Coverage (hours a week)",
        required=False,
        max_digits=5,
        decimal_places=1,
        help_text="45 = business hours, 70 = with evenings, 168 = around the clock.",
    )
    peak_hour_share_percent = forms.DecimalField(
        label="Busiest hour's share of the week (%)",
        required=False,
        max_digits=5,
        decimal_places=2,
        help_text="Blank = staff for an average hour (100 ÷ coverage hours); a higher figure "
        "staffs the busiest hour through all coverage hours.",
    )
    languages = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, channel: str, **kwargs):
        super().__init__(*args, prefix=channel, **kwargs)
        self.channel = channel
        self.label = Channel(channel).label
        self.helper = _helper()
        _plain_decimals(self)

    def to_input(self) -> ChannelLineInput:
        return ChannelLineInput(**self.cleaned_data)


def channel_forms(data=None, *, lines: list[ChannelLine]) -> list[ChannelLineForm]:
    existing = {line.channel: line for line in lines}
    forms_ = []
    for channel in Channel.values:
        line = existing.get(channel)
        initial = (
            {name: getattr(line, name) for name in field_names(ChannelLineInput)}
            if line
            else {"languages": ChannelLineInput.languages}
        )
        forms_.append(ChannelLineForm(data, channel=channel, initial=initial))
    return forms_


class CostCaseForm(forms.ModelForm):
    class Meta:
        model = CostCase
        fields = field_names(CostCaseInput)
        error_messages = {
            "service_target_percent": _range(
                "A service-level target is between 1% and 99.9% (no queue answers every call)."
            ),
            "answer_within_seconds": _range("Between 0 and 3,600 seconds (an hour)."),
            "shrinkage_percent": _range("Shrinkage is between 0% and 90% of paid time."),
            "coverage_extra_percent": _range("The premium is between 0% and 200%."),
            "in_house_agents_override": _range("The number of agents cannot be negative."),
            "commission_percent": _range("A commission is between 0% and 100% of sales."),
            **dict.fromkeys(
                [
                    "loaded_salary",
                    "training_per_agent",
                    "equipment_per_agent",
                    "rent_per_agent",
                    "it_per_agent",
                    "supervision_per_agent",
                    "oversight_monthly",
                    "outbound_sales_monthly",
                ],
                _NOT_NEGATIVE,
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        _plain_decimals(self)
        for name in ("loaded_salary", "training_per_agent", "oversight_monthly"):
            self.fields[name].widget.attrs["step"] = "0.01"

    def to_input(self) -> CostCaseInput:
        return CostCaseInput(**self.cleaned_data)


class AssessmentForm(forms.ModelForm):
    """The customer-base questions, with a language-risk choice per channel in scope."""

    class Meta:
        model = CustomerAssessment
        fields = field_names(AssessmentInput, without=("language_risk",))
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "local_preference": "How do customers see service from far away?",
            "response_expectation": "How fast do customers expect an answer?",
            "data_residency": "Rules on customer data leaving the country",
        }

    def __init__(self, *args, channels: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.channels = channels
        offshore = self.instance.offshore if self.instance.pk else True
        saved = self.instance.language_risk or {}
        for channel in channels:
            self.fields[f"language_{channel}"] = forms.ChoiceField(
                label=f"Language and accent risk: {Channel(channel).label}",
                choices=[(level, level.title()) for level in risk.LEVELS],
                initial=saved.get(channel)
                or risk.suggested_language_risk(channel, offshore=offshore),
                help_text="E-mail and social replies are written, which removes most accent "
                "problems; phone is where they bite.",
            )
        # The questions first, free-text notes last (as on the other steps' forms).
        self.order_fields([name for name in self.fields if name != "notes"])

    def to_input(self) -> AssessmentInput:
        answers = {name: self.cleaned_data[name] for name in self._meta.fields}
        language_risk = {
            channel: self.cleaned_data[f"language_{channel}"] for channel in self.channels
        }
        return AssessmentInput(**answers, language_risk=language_risk)
