"""Forms of steps 1-3. They read what was typed into the action's input; the rules
are the actions' (a refused figure comes back on its field as a ``DomainError``)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms

from portal.forms import form_helper
from portal.number_fields import NumberField, WholeNumberField, number_formfield
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
    ChannelLine,
    CostCase,
    CustomerAssessment,
    NeedsScope,
)
from portal.reference import Channel
from portal.validators import OneLineFields


def _helper() -> FormHelper:
    return form_helper(form_tag=False)  # several forms share one <form> and one submit button


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


class ScopeForm(OneLineFields, forms.ModelForm):
    class Meta:
        model = NeedsScope
        formfield_callback = number_formfield
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
        # How the volume behaves is a question nobody's answer is preset for: a new
        # scope starts with it unanswered, and saving needs the answer.
        pattern = self.fields["volume_pattern"]
        pattern.choices = [("", "Choose an answer"), *NeedsScope.VolumePattern.choices]
        pattern.required = True
        pattern.error_messages["required"] = "Say how the contact volume behaves."
        if self.instance.pk is None and not self.is_bound:
            self.initial["volume_pattern"] = ""

    def to_input(self, line_forms: list[ChannelLineForm]) -> ScopeInput:
        """The scope with the channels on the page; a channel not on it (removed, or
        never added) is left out of the scope."""
        lines: dict = dict.fromkeys(Channel.values)
        lines.update({line.channel: line.to_input() for line in line_forms})
        return ScopeInput(**self.cleaned_data, lines=lines)


# The languages offered as checkboxes for a channel; a language saved before that is
# not among them is offered too, so editing never drops it.
LANGUAGES = (
    "English",
    "Spanish",
    "French",
    "German",
    "Portuguese",
    "Italian",
    "Mandarin",
    "Cantonese",
    "Tagalog",
    "Vietnamese",
    "Korean",
    "Japanese",
    "Arabic",
    "Hindi",
    "Russian",
    "Polish",
)


def split_languages(text: str) -> list[str]:
    return [part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip()]


class ChannelLineForm(OneLineFields, forms.Form):
    """One channel of the scope; leave contacts empty (or 0) to leave it out. The
    help for its figures is given once, above the channels (see the scope page)."""

    # The range is the action's rule, which names it.
    contacts_per_month = WholeNumberField(label="Contacts a month", required=False)
    handle_minutes = NumberField(
        label="Average handle time (minutes)", required=False, max_digits=6, decimal_places=2
    )
    coverage_hours_per_week = NumberField(
        label="Coverage (hours a week)", required=False, max_digits=5, decimal_places=1
    )
    peak_hour_share_percent = NumberField(
        label="Busiest hour's share of the week (%)",
        required=False,
        max_digits=5,
        decimal_places=2,
    )
    languages = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, channel: str, **kwargs):
        super().__init__(*args, prefix=channel, **kwargs)
        self.channel = channel
        self.label = self.summary_name = Channel(channel).label
        self.helper = _helper()
        initial = self.initial.get("languages", "")
        saved = split_languages(initial) if isinstance(initial, str) else list(initial)
        self.initial["languages"] = saved
        names = list(LANGUAGES) + [name for name in saved if name not in LANGUAGES]
        self.fields["languages"].choices = [(name, name) for name in names]
        _plain_decimals(self)

    def to_input(self) -> ChannelLineInput:
        data = dict(self.cleaned_data)
        data["languages"] = ", ".join(data["languages"])
        return ChannelLineInput(**data)


def channel_forms(
    data=None, *, lines: list[ChannelLine], shown: list[str], fresh: frozenset[str] = frozenset()
) -> list[ChannelLineForm]:
    """The forms of the channels ``shown`` (one channel at a time joins the page), in
    channel order; a channel in ``fresh`` has just been added and gets an empty form
    (English ticked) even when the rest of the page is posted."""
    existing = {line.channel: line for line in lines}
    forms_ = []
    for channel in Channel.values:
        if channel not in shown:
            continue
        line = existing.get(channel)
        initial = (
            {name: getattr(line, name) for name in field_names(ChannelLineInput)}
            if line
            else {"languages": ChannelLineInput.languages}
        )
        bound = None if channel in fresh else data
        forms_.append(ChannelLineForm(bound, channel=channel, initial=initial))
    return forms_


class CostCaseForm(OneLineFields, forms.ModelForm):
    class Meta:
        model = CostCase
        formfield_callback = number_formfield
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

    def to_input(self) -> CostCaseInput:
        return CostCaseInput(**self.cleaned_data)


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
        self.helper = _helper()
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
