"""Forms of steps 1-3. They read what was typed into the action's input; the rules
are the actions' (a refused figure comes back on its field as a ``DomainError``)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms

from portal import csv_reading, uploads, week
from portal.forms import form_helper
from portal.number_fields import NumberField, WholeNumberField, number_formfield
from portal.planning import hours, risk
from portal.planning.actions import (
    AssessmentInput,
    ChannelLineInput,
    CostCaseInput,
    IntervalCsvInput,
    ScopeInput,
    field_names,
)
from portal.planning.formatting import plain
from portal.planning.models import (
    PROFILE_DESCRIPTIONS,
    QUEUE_CHANNELS,
    ChannelLine,
    CostCase,
    CustomerAssessment,
    NeedsScope,
    ProfileKind,
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


_OPENS = [("", "Closed"), *((str(h), f"{h:02d}:00") for h in range(24))]
_CLOSES = [(str(h), f"{h:02d}:00") for h in range(1, 25)]
DAY_NAMES = tuple(day.lower() for day in week.DAYS)


class ChannelLineForm(OneLineFields, forms.Form):
    """One channel of the scope; leave contacts empty (or 0) to leave it out. The
    help for its figures is given once, above the channels (see the scope page).

    The open hours are a choice (business hours, 24/7, custom) with, per day, an
    opening hour ("Closed" for none) and a closing hour; ``clean`` turns them into
    the 168 booleans the action takes (``cleaned_data["open_hours"]``). Saved hours
    that one span a day cannot show (a day with a break, from an import) are kept
    while the days are left as shown."""

    # The range is the action's rule, which names it.
    contacts_per_month = WholeNumberField(label="Contacts a month", required=False)
    handle_minutes = NumberField(
        label="Average handle time (minutes)", required=False, max_digits=6, decimal_places=2
    )
    open_hours = forms.ChoiceField(
        label="Open hours",
        choices=hours.CHOICES,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={
            "required": "Choose the open hours.",
            "invalid_choice": "Choose the open hours from the list.",
        },
    )
    profile_kind = forms.ChoiceField(
        label="When the contacts arrive",
        choices=(),
        required=False,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    patience_seconds = WholeNumberField(
        label="Caller patience (seconds)",
        required=False,
        help_text="Average seconds a caller waits before hanging up; leave empty if unknown.",
    )
    concurrency = NumberField(
        label="Chats an agent carries at once",
        required=False,
        max_digits=3,
        decimal_places=1,
        help_text="Usually 2; between 1 and 10.",
    )
    languages = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, channel: str, line: ChannelLine | None = None, **kwargs):
        super().__init__(*args, prefix=channel, **kwargs)
        self.channel = channel
        self.line = line
        self.label = self.summary_name = Channel(channel).label
        self.helper = _helper()
        initial = self.initial.get("languages", "")
        saved = split_languages(initial) if isinstance(initial, str) else list(initial)
        self.initial["languages"] = saved
        names = list(LANGUAGES) + [name for name in saved if name not in LANGUAGES]
        self.fields["languages"].choices = [(name, name) for name in names]
        self._saved_hours = tuple(line.open_hours) if line else week.BUSINESS_HOURS
        self.initial.setdefault("open_hours", hours.kind_of(self._saved_hours))
        self._saved_spans = hours.day_spans(self._saved_hours)
        for name, span in zip(DAY_NAMES, self._saved_spans, strict=True):
            day = name.title()
            self.fields[f"{name}_opens"] = forms.ChoiceField(
                label=f"{day} opens", choices=_OPENS, required=False
            )
            self.fields[f"{name}_closes"] = forms.ChoiceField(
                label=f"{day} closes", choices=_CLOSES, required=False
            )
            self.initial.setdefault(f"{name}_opens", "" if span is None else str(span.opens))
            self.initial.setdefault(f"{name}_closes", "18" if span is None else str(span.closes))
        kinds = [
            (value, label)
            for value, label in ProfileKind.choices
            if value != ProfileKind.IMPORTED or (line is not None and line.profile)
        ]
        self.fields["profile_kind"].choices = kinds
        self.initial.setdefault("profile_kind", ProfileKind.FLAT)
        if channel not in QUEUE_CHANNELS:
            del self.fields["patience_seconds"]
        if channel == Channel.CHAT:
            self.initial.setdefault("concurrency", ChannelLineInput.concurrency)
        else:
            del self.fields["concurrency"]
        _plain_decimals(self)

    def profile_choices(self):
        """(radio button, one-line description) of each arrival pattern."""
        return [
            (choice, PROFILE_DESCRIPTIONS.get(choice.data["value"], ""))
            for choice in self["profile_kind"]
        ]

    @property
    def has_day_errors(self) -> bool:
        return any(f"{name}_closes" in self.errors for name in DAY_NAMES)

    def day_rows(self):
        """(day, opens field, closes field) for the custom hours' table."""
        return [(name.title(), self[f"{name}_opens"], self[f"{name}_closes"]) for name in DAY_NAMES]

    def clean(self):
        data = super().clean()
        kind = data.get("open_hours")
        if kind == hours.BUSINESS:
            data["open_hours"] = week.BUSINESS_HOURS
        elif kind == hours.ALL_WEEK:
            data["open_hours"] = week.ALL_WEEK
        elif kind == hours.CUSTOM:
            spans = []
            for name in DAY_NAMES:
                opens, closes = data.get(f"{name}_opens"), data.get(f"{name}_closes")
                if not opens:
                    spans.append(None)
                elif not closes or int(closes) <= int(opens):
                    self.add_error(
                        f"{name}_closes",
                        f"{name.title()} closes after it opens (24:00 is midnight).",
                    )
                    spans.append(None)
                else:
                    spans.append(hours.DaySpan(int(opens), int(closes)))
            if spans == self._saved_spans:
                data["open_hours"] = self._saved_hours  # a day with a break stays as it was
            else:
                data["open_hours"] = hours.from_day_spans(spans)
        return data

    def to_input(self) -> ChannelLineInput:
        data = {
            name: self.cleaned_data[name]
            for name in field_names(ChannelLineInput)
            if name in self.cleaned_data
        }
        data["languages"] = ", ".join(data["languages"])
        data["profile_kind"] = data.get("profile_kind") or ProfileKind.FLAT
        if self.channel == Channel.CHAT and data.get("concurrency") is None:
            data["concurrency"] = None  # the action names the missing figure
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
            {
                name: getattr(line, name)
                for name in field_names(ChannelLineInput)
                if name != "open_hours"
            }
            if line
            else {"languages": ChannelLineInput.languages}
        )
        bound = None if channel in fresh else data
        forms_.append(ChannelLineForm(bound, channel=channel, line=line, initial=initial))
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
            "reply_within_hours": _range("Between 1 and 336 hours (two weeks)."),
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

    def __init__(self, *args, channels: set[str] | frozenset[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        _plain_decimals(self)
        # Only what a scoped channel uses is asked; the rest keeps its saved value.
        left_out = not_asked(channels)
        for name in left_out:
            del self.fields[name]
        self.not_asked_notes = [
            note for names, note in NOT_ASKED_NOTES if any(name in left_out for name in names)
        ]

    def to_input(self) -> CostCaseInput:
        kept = {
            name: getattr(self.instance, name)
            for name in field_names(CostCaseInput)
            if name not in self.cleaned_data
        }
        return CostCaseInput(**kept, **self.cleaned_data)


QUEUE_TARGETS = ("service_target_percent", "answer_within_seconds")
REPLY_TARGETS = ("reply_within_hours",)
OUTBOUND_FIGURES = ("outbound_sales_monthly", "commission_percent")


NOT_ASKED_NOTES = (
    (QUEUE_TARGETS, "No answer target: neither inbound phone nor chat is in the scope."),
    (REPLY_TARGETS, "No reply target: neither e-mail nor social media is in the scope."),
    (OUTBOUND_FIGURES, "No sales value or commission: outbound calling is not in the scope."),
)


def not_asked(channels) -> list[str]:
    """The step-2 fields no scoped channel uses: the answer target without inbound
    phone or chat, the reply target without e-mail or social, the sales value and
    commission without outbound phone. With no channel scoped yet, everything is asked."""
    channels = set(channels)
    if not channels:
        return []
    names: list[str] = []
    if not channels & {Channel.INBOUND_PHONE, Channel.CHAT}:
        names += QUEUE_TARGETS
    if not channels & {Channel.EMAIL, Channel.SOCIAL}:
        names += REPLY_TARGETS
    if Channel.OUTBOUND_PHONE not in channels:
        names += OUTBOUND_FIGURES
    return names


class IntervalImportForm(forms.Form):
    """A CSV of interval volumes from the phone system (``portal.planning.intervals``)."""

    file = forms.FileField(
        label="CSV file",
        help_text="Columns start,volume (2026-03-02 09:30,14) or weekday,time,volume "
        "(Monday,09:30,14); intervals of an hour or a half hour, one or more weeks. "
        + uploads.INTERVAL_CSV.help_text,
    )
    open_closed_hours = forms.BooleanField(
        label="Open the hours that have contacts",
        required=False,
        help_text="When the file has contacts in hours the channel is closed, open those "
        "hours instead of refusing the file.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("Import")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # The same hostile-upload checks as the other imports: content sniffed, markup refused.
        uploads.inspect_upload(upload, purpose=uploads.INTERVAL_CSV)
        text = csv_reading.decoded(upload.read())
        if text is None:
            raise forms.ValidationError("The file is not a UTF-8 CSV text file.")
        return text

    def to_input(self) -> IntervalCsvInput:
        return IntervalCsvInput(
            text=self.cleaned_data["file"],
            open_closed_hours=self.cleaned_data["open_closed_hours"],
        )


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
