"""Forms of monitoring (step 6): SLAs, a month's KPIs, the KPI import and the governance."""

from __future__ import annotations

from django import forms

from contracts.forms_base import DATE, ModelForm, submit_helper
from contracts.models import MAX_CALLS_PER_MONTH, EscalationLevel, RaciRow, Sla, VendorTier
from contracts.monitoring.actions import KpiCsvInput, KpiMonthInput, SlaInput
from contracts.monitoring.feeds import DEFAULT_DAYS, MAX_DAYS, FeedTokenInput
from contracts.monitoring.governance_actions import (
    EscalationLevelInput,
    GovernanceInput,
    RaciRowInput,
)
from contracts.monitoring.plan_actions import TargetInput
from contracts.monitoring.queries import month_start
from contracts.monitoring.review_actions import TierInput
from portal import uploads
from portal.forms import CrispyForm
from portal.number_fields import NumberField, WholeNumberField, number_formfield
from portal.people import display_name
from portal.validators import OneLineFields


class SlaForm(ModelForm):
    """The metric decides the direction and unit: blank takes its usual, a contradiction is
    refused (abandoned calls are never "higher is better", a service level is not seconds)."""

    USUAL = ("", "The metric's usual")

    class Meta:
        model = Sla
        formfield_callback = number_formfield
        fields = ["metric", "target", "direction", "unit", "answer_within_seconds", "penalty"]
        widgets = {"penalty": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "direction": "Leave on the metric's usual: higher is better for service level, "
            "first-contact resolution, satisfaction and quality; lower is better for "
            "abandoned calls, repeat contacts and speed of answer.",
            "unit": "Leave on the metric's usual: rates in percent, times in seconds; "
            "satisfaction and quality may also be a points score.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("direction", "unit"):
            field = self.fields[name]
            field.required = False
            field.choices = [self.USUAL, *Sla._meta.get_field(name).choices]

    def to_input(self) -> SlaInput:
        return SlaInput(**self.cleaned_data)


class KpiMonthForm(forms.Form):
    period = forms.DateField(
        label="Month",
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def __init__(self, *args, slas, **kwargs):
        super().__init__(*args, **kwargs)
        # The test-call score is worked out from the test calls, never typed in.
        slas = [sla for sla in slas if not sla.computed]
        self.slas = slas
        for sla in slas:
            rule = sla.rule()
            self.fields[f"sla_{sla.pk}"] = NumberField(
                label=f"{sla.title} ({sla.get_unit_display()})",
                required=False,
                min_value=rule.minimum,
                max_value=rule.maximum,
                decimal_places=2,
                max_digits=10,
                help_text=f"Target {sla.target_text}",
            )
        self.helper = submit_helper("Save month")

    def clean_period(self):
        return month_start(self.cleaned_data["period"])

    def to_input(self) -> KpiMonthInput:
        return KpiMonthInput(
            period=self.cleaned_data["period"],
            values={s.pk: self.cleaned_data.get(f"sla_{s.pk}") for s in self.slas},
        )


class KpiImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns period,metric,value; one row per month and metric, "
        "e.g. 2025-03,service_level,82.5.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Import")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # The same hostile-upload checks as evidence: content sniffed, markup refused.
        uploads.inspect_upload(upload, purpose=uploads.KPI_CSV)
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("The file is not a UTF-8 CSV text file.") from None

    def to_input(self) -> KpiCsvInput:
        return KpiCsvInput(text=self.cleaned_data["file"])


class FeedTokenForm(OneLineFields, forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="Whose system posts with it, e.g. “Vendor WFM export”.",
    )
    expires_on = forms.DateField(
        label="Works until",
        required=False,
        widget=DATE,
        help_text=f"The last day it works; blank for {DEFAULT_DAYS} days, at most {MAX_DAYS}.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Issue token")

    def to_input(self) -> FeedTokenInput:
        return FeedTokenInput(**self.cleaned_data)


# --- Governance -----------------------------------------------------------------


class GovernanceForm(forms.Form):
    liaison = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Internal liaison",
        help_text="Keeps both sides informed about expectations, training, performance "
        "and procedures.",
    )
    monitor = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Person monitoring the vendor",
        help_text="Checks the KPIs against the SLAs and keeps making test calls.",
    )
    procedures = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="Principles and procedures",
        help_text="How decisions, problems and contract changes are handled.",
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("liaison", "monitor"):
            self.fields[name].queryset = users
            self.fields[name].label_from_instance = display_name
        self.helper = submit_helper("Save")

    def to_input(self) -> GovernanceInput:
        return GovernanceInput(**self.cleaned_data)


class RaciRowForm(ModelForm):
    class Meta:
        model = RaciRow
        formfield_callback = number_formfield
        fields = ["activity", "responsible", "accountable", "consulted", "informed"]

    def to_input(self) -> RaciRowInput:
        return RaciRowInput(**self.cleaned_data)


class EscalationLevelForm(ModelForm):
    class Meta:
        model = EscalationLevel
        formfield_callback = number_formfield
        fields = ["level", "who", "trigger", "response_hours"]
        labels = {"who": "Who", "trigger": "When to escalate"}

    def to_input(self) -> EscalationLevelInput:
        return EscalationLevelInput(**self.cleaned_data)


class TestCallTargetForm(CrispyForm):
    __test__ = False
    submit_label = "Save"

    calls_per_month = WholeNumberField(
        label="Test calls a month",
        min_value=1,
        max_value=MAX_CALLS_PER_MONTH,
        help_text="Shared between the channels in scope by their volume, over their open "
        "hours and languages.",
    )

    def to_input(self) -> TargetInput:
        return TargetInput(calls_per_month=self.cleaned_data["calls_per_month"])


class VendorTierForm(OneLineFields, forms.Form):
    """The vendor's tier and re-assessment interval, set by a manager with a reason."""

    data_handled = forms.ChoiceField(
        label="Data the vendor handles",
        choices=VendorTier.DataHandled.choices,
        help_text="Payment or health data makes the vendor tier 1.",
    )
    tier = forms.TypedChoiceField(
        label="Tier",
        choices=[("", "The suggested tier"), (1, "Tier 1"), (2, "Tier 2"), (3, "Tier 3")],
        coerce=int,
        empty_value=None,
        required=False,
    )
    interval_months = WholeNumberField(
        label="Re-assessment interval (months)",
        required=False,
        min_value=1,
        max_value=60,
        help_text="Empty: the tier's usual (6, 12 or 24 months).",
    )
    reason = forms.CharField(
        max_length=300,
        required=False,
        help_text="Why the tier or the interval is set by hand (kept in the history).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Save tier")

    def to_input(self) -> TierInput:
        return TierInput(**self.cleaned_data)
