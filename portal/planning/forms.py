"""Forms of steps 1-3. They validate; the actions save."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms

from portal.planning import risk
from portal.planning.formatting import percent, plain
from portal.planning.models import (
    MAX_CONTACTS_MESSAGE,
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
        fields = [
            "complex_share_percent",
            "face_to_face_needed",
            "volume_pattern",
            "outbound_purpose",
            "in_house_agents",
            "in_house_hours_per_week",
            "notes",
        ]
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


class ChannelLineForm(forms.Form):
    """One channel of the scope; leave contacts empty (or 0) to leave it out."""

    contacts_per_month = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=MAX_CONTACTS_PER_MONTH,
        error_messages={
            "min_value": "Contacts per month cannot be negative.",
            "max_value": MAX_CONTACTS_MESSAGE,
        },
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

    def clean(self):
        data = super().clean()
        # Out-of-range figures are wrong even on a channel left out; missing ones
        # matter only for a channel in scope.
        in_scope = bool(data.get("contacts_per_month"))
        handle = data.get("handle_minutes")
        if handle is None and in_scope:
            self.add_error("handle_minutes", "Give the average handle time for this channel.")
        elif handle is not None and handle <= 0:
            self.add_error("handle_minutes", "Average handle time must be above zero.")
        coverage = data.get("coverage_hours_per_week")
        if coverage is None and in_scope:
            self.add_error("coverage_hours_per_week", "Give the hours of coverage a week.")
        elif coverage is not None and coverage <= 0:
            self.add_error("coverage_hours_per_week", "Coverage must be above zero hours.")
        elif coverage is not None and coverage > 168:
            self.add_error(
                "coverage_hours_per_week", "A week has only 168 hours; 168 is around the clock."
            )
        peak = data.get("peak_hour_share_percent")
        if peak is not None and not 0 < peak <= 100:
            self.add_error("peak_hour_share_percent", "A share is above 0% and at most 100%.")
        elif peak is not None and coverage and 0 < coverage <= 168 and peak * coverage < 100:
            self.add_error(
                "peak_hour_share_percent",
                f"The busiest hour carries at least an average hour's share "
                f"({percent(100 / coverage)}% over {plain(coverage)} hours).",
            )
        return data


def channel_forms(data=None, *, lines: list[ChannelLine]) -> list[ChannelLineForm]:
    existing = {line.channel: line for line in lines}
    forms_ = []
    for channel in Channel.values:
        line = existing.get(channel)
        initial = (
            {
                "contacts_per_month": line.contacts_per_month,
                "handle_minutes": line.handle_minutes,
                "coverage_hours_per_week": line.coverage_hours_per_week,
                "peak_hour_share_percent": line.peak_hour_share_percent,
                "languages": line.languages,
            }
            if line
            else {"languages": "English"}
        )
        forms_.append(ChannelLineForm(data, channel=channel, initial=initial))
    return forms_


class CostCaseForm(forms.ModelForm):
    class Meta:
        model = CostCase
        fields = [
            "service_target_percent",
            "answer_within_seconds",
            "shrinkage_percent",
            "loaded_salary",
            "training_per_agent",
            "equipment_per_agent",
            "rent_per_agent",
            "it_per_agent",
            "supervision_per_agent",
            "coverage_extra_percent",
            "in_house_agents_override",
            "oversight_monthly",
            "outbound_sales_monthly",
            "commission_percent",
            "region",
        ]
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


class AssessmentForm(forms.ModelForm):
    """The customer-base questions, with a language-risk choice per channel in scope."""

    class Meta:
        model = CustomerAssessment
        fields = ["offshore", "local_preference", "response_expectation", "data_residency", "notes"]
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

    def language_risk(self) -> dict[str, str]:
        return {channel: self.cleaned_data[f"language_{channel}"] for channel in self.channels}
