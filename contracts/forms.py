"""Forms of steps 5-7. They validate input only; the actions do the writing."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from contracts import deadlines
from contracts.models import (
    METRIC_DEFAULTS,
    WATCH_ONLY_REASON,
    Contract,
    EscalationLevel,
    ExitPlan,
    ExitTrigger,
    LiaisonEntry,
    Metric,
    RaciRow,
    Sla,
    sla_contradictions,
)
from contracts.queries import month_start
from portal import uploads
from portal.people import display_name

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _helper(label: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class _ModelForm(forms.ModelForm):
    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(self.submit_label)


class ContractForm(_ModelForm):
    submit_label = "Save contract"

    class Meta:
        model = Contract
        fields = [
            "start_date",
            "initial_term_months",
            "auto_renew",
            "renewal_term_months",
            "notice_period_days",
            "quote",
            "price_schedule_notes",
            "termination_for_convenience",
            "termination_for_cause",
            "termination_fee",
            "currency",
            "attorney_review",
            "attorney_name",
            "attorney_reviewed_on",
            "attorney_notes",
        ]
        widgets = {
            "start_date": DATE,
            "attorney_reviewed_on": DATE,
            "price_schedule_notes": forms.Textarea(attrs={"rows": 2}),
            "termination_for_convenience": forms.Textarea(attrs={"rows": 2}),
            "termination_for_cause": forms.Textarea(attrs={"rows": 3}),
            "attorney_notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"notice_period_days": "Notice period (days)"}
        help_texts = {
            "notice_period_days": "Days before the end of a term by which notice must be given.",
            "renewal_term_months": "Length of each renewal term, when the contract renews.",
        }

    def __init__(self, *args, quotes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quote"].queryset = quotes
        self.fields["quote"].empty_label = "No quote linked"

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        if problem := deadlines.start_problem(start):
            raise forms.ValidationError(problem)
        return start

    def clean(self):
        cleaned = super().clean()
        status, reviewed_on = cleaned.get("attorney_review"), cleaned.get("attorney_reviewed_on")
        if status == Contract.Review.CLEARED and not cleaned.get("attorney_name"):
            self.add_error("attorney_name", "Name the attorney who cleared the contract.")
        if status == Contract.Review.CLEARED and not reviewed_on:
            self.add_error("attorney_reviewed_on", "Give the date of the attorney's review.")
        start, months = cleaned.get("start_date"), cleaned.get("initial_term_months")
        notice = cleaned.get("notice_period_days")
        if start and months and months >= 1 and notice is not None:
            problem = deadlines.notice_too_long(start, months, notice)
            if problem:
                self.add_error("notice_period_days", problem)
        return cleaned


class DocumentForm(forms.Form):
    title = forms.CharField(max_length=200, required=False, help_text="Defaults to the file name.")
    file = forms.FileField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        # The types portal.uploads accepts, in its own words: the hint never drifts from the rule.
        field.help_text = uploads.CONTRACT_DOCUMENT.help_text
        field.widget.attrs["accept"] = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.txt,.csv"
        self.helper = _helper("Upload")


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
        self.helper = _helper("Save")


class RaciRowForm(_ModelForm):
    class Meta:
        model = RaciRow
        fields = ["activity", "responsible", "accountable", "consulted", "informed"]


class EscalationLevelForm(_ModelForm):
    class Meta:
        model = EscalationLevel
        fields = ["level", "who", "trigger", "response_hours"]
        labels = {"who": "Who", "trigger": "When to escalate"}


class LiaisonEntryForm(_ModelForm):
    class Meta:
        model = LiaisonEntry
        fields = ["kind", "date", "participants", "summary"]
        widgets = {"date": DATE, "summary": forms.Textarea(attrs={"rows": 4})}


class LiaisonFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search")
    kind = forms.ChoiceField(
        required=False, label="Kind", choices=[("", "Any kind"), *LiaisonEntry.Kind.choices]
    )
    open = forms.BooleanField(required=False, label="Only with open actions")


class FollowUpActionForm(forms.Form):
    description = forms.CharField(max_length=300, label="Follow-up action")
    owner = forms.ModelChoiceField(queryset=None, label="Owner")
    due_date = forms.DateField(widget=DATE, label="Due date")

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = users
        self.fields["owner"].label_from_instance = display_name
        self.helper = _helper("Add action")


class SlaForm(_ModelForm):
    """The metric decides the direction and unit: blank takes its usual, a contradiction is
    refused (abandoned calls are never "higher is better", a service level is not seconds)."""

    USUAL = ("", "The metric's usual")

    class Meta:
        model = Sla
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

    def clean(self):
        cleaned = super().clean()
        metric, target = cleaned.get("metric"), cleaned.get("target")
        if metric in METRIC_DEFAULTS:
            usual_direction, usual_unit = METRIC_DEFAULTS[metric]
            cleaned["direction"] = cleaned.get("direction") or usual_direction
            cleaned["unit"] = cleaned.get("unit") or usual_unit
            for name, message in sla_contradictions(
                metric, cleaned["direction"], cleaned["unit"]
            ).items():
                self.add_error(name, message)
        if metric == Metric.HANDLE_TIME:
            if target is not None:
                self.add_error("target", WATCH_ONLY_REASON)
        elif metric and target is None:
            self.add_error("target", "Give the SLA a target.")
        if metric == Metric.SERVICE_LEVEL and not cleaned.get("answer_within_seconds"):
            self.add_error("answer_within_seconds", "Say within how many seconds calls count.")
        unit = cleaned.get("unit")
        if target is not None and target < 0:
            self.add_error("target", "A target cannot be negative.")
        if target is not None and unit == Sla.Unit.PERCENT and target > 100:
            self.add_error("target", "A percentage target cannot exceed 100.")
        return cleaned


class KpiMonthForm(forms.Form):
    period = forms.DateField(
        label="Month",
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def __init__(self, *args, slas, **kwargs):
        super().__init__(*args, **kwargs)
        self.slas = slas
        for sla in slas:
            rule = sla.rule()
            self.fields[f"sla_{sla.pk}"] = forms.DecimalField(
                label=f"{sla.title} ({sla.get_unit_display()})",
                required=False,
                min_value=rule.minimum,
                max_value=rule.maximum,
                decimal_places=2,
                max_digits=10,
                help_text=f"Target {sla.target_text}",
            )
        self.helper = _helper("Save month")

    def clean_period(self):
        return month_start(self.cleaned_data["period"])

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"sla_{s.pk}") is not None for s in self.slas):
            raise forms.ValidationError("Enter at least one value.")
        return cleaned

    def values(self) -> dict:
        return {s.pk: self.cleaned_data.get(f"sla_{s.pk}") for s in self.slas}


class KpiImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns period,metric,value; one row per month and metric, "
        "e.g. 2025-03,service_level,82.5.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Import")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # The same hostile-upload checks as evidence: content sniffed, markup refused.
        uploads.inspect_upload(upload, purpose=uploads.KPI_CSV)
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("The file is not a UTF-8 CSV text file.") from None


class ExitPlanForm(_ModelForm):
    class Meta:
        model = ExitPlan
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


class ExitTriggerForm(_ModelForm):
    submit_label = "Add condition"

    class Meta:
        model = ExitTrigger
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

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == ExitTrigger.Kind.SLA_BREACH_RUN:
            sla = cleaned.get("sla")
            if sla is None:
                self.add_error("sla", "Choose the SLA whose breaches trigger the exit.")
            elif sla.watch_only:
                self.add_error(
                    "sla", "A watch-only metric has no target, so it cannot be breached."
                )
        return cleaned


class TransitionStepForm(FollowUpActionForm):
    description = forms.CharField(max_length=300, label="Transition step")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Add step")
