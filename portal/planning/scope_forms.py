"""Step 1's forms: the needs scope and, one form per channel, its volume, handle
time, open hours, arrival pattern and languages (posted together with the scope)."""

from __future__ import annotations

from django import forms

from portal import week
from portal.number_fields import NumberField, WholeNumberField, number_formfield
from portal.planning import hours
from portal.planning.actions import ChannelLineInput, ScopeInput, field_names
from portal.planning.choices import PROFILE_DESCRIPTIONS, QUEUE_CHANNELS, ProfileKind
from portal.planning.forms_base import plain_decimals, range_messages, shared_form_helper
from portal.planning.models import ChannelLine, NeedsScope
from portal.reference import Channel
from portal.validators import OneLineFields


class ScopeForm(OneLineFields, forms.ModelForm):
    class Meta:
        model = NeedsScope
        formfield_callback = number_formfield
        fields = field_names(ScopeInput, without=("lines",))
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "complex_share_percent": range_messages("A share is between 0% and 100%."),
            "in_house_agents": range_messages("The number of agents cannot be negative."),
            "in_house_hours_per_week": range_messages(
                "Between 0 and 168 hours a week (168 is around the clock)."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = shared_form_helper()
        plain_decimals(self)
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
        self.helper = shared_form_helper()
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
        plain_decimals(self)

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
