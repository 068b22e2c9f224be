"""Forms of due diligence. They validate input; the actions do the writing."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.forms.models import model_to_dict
from django.utils import timezone

from portal.forms import CrispyForm, UserChoiceField
from portal.number_fields import NumberField, WholeNumberField
from portal.reference import Channel
from portal.uploads import EVIDENCE
from vendors.diligence.actions import ChecklistAnswerInput
from vendors.diligence.models import LIVE_CHANNELS, MAX_REPLY_HOURS, ChecklistItem
from vendors.diligence.test_call_actions import TestCallInput


def team_users(engagement):
    """The people who may review items or make test calls: the engagement's team."""
    return (
        get_user_model()
        .objects.filter(memberships__team_id=engagement.team_id)
        .order_by("first_name", "last_name", "username")
    )


EVIDENCE_ACCEPT = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.txt,.csv"


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    """Any number of evidence files (none is fine). Each is checked by the action,
    through the one upload check (an empty file included), not here."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", _MultipleFileInput(attrs={"accept": EVIDENCE_ACCEPT}))
        super().__init__(required=False, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return tuple(file for file in files if file)


class ChecklistItemForm(forms.Form):
    """The answer to one item and its evidence files: one form, so whichever button is
    pressed, nothing typed is lost. The template lays it out (answer left, evidence right)."""

    answer = forms.ChoiceField(
        choices=[("", "Not answered yet"), *ChecklistItem.Answer.choices], required=False
    )
    risk = forms.ChoiceField(
        label="Risk rating",
        choices=[("", "Not rated"), *ChecklistItem.Risk.choices],
        required=False,
        help_text="Required once the item is answered (except when not applicable).",
    )
    reviewer = UserChoiceField(queryset=None, required=False)
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="What was checked, with whom, and what is still missing.",
    )

    evidence = EvidenceFilesField(label="Evidence files")
    evidence_effective_date = forms.DateField(
        label="Effective date of the files",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The day the document took effect; empty: today.",
    )
    evidence_expires_on = forms.DateField(
        label="Expires on (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="A certificate's or policy's end date; flagged 30 days ahead.",
    )

    def __init__(self, *args, engagement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = team_users(engagement)
        self.fields["evidence"].help_text = EVIDENCE.help_text  # the limit is a setting

    def to_input(self) -> ChecklistAnswerInput:
        data = self.cleaned_data
        return ChecklistAnswerInput(
            answer=data["answer"],
            risk=data["risk"],
            reviewer=data["reviewer"],
            notes=data["notes"],
            evidence=data["evidence"],
            evidence_effective_date=data["evidence_effective_date"],
            evidence_expires_on=data["evidence_expires_on"],
        )


def checklist_item_initial(item: ChecklistItem, user) -> dict:
    initial = model_to_dict(item, fields=["answer", "risk", "reviewer", "notes"])
    initial["reviewer"] = item.reviewer_id or user.pk
    return initial


SCORES = [
    (n, f"{n} – {label}")
    for n, label in enumerate(("poor", "weak", "acceptable", "good", "excellent"), start=1)
]
CHOOSE = ("", "—— choose ——")
RESOLVED = [("", "Not recorded"), ("yes", "Yes"), ("no", "No")]


def _rating(**kwargs) -> forms.TypedChoiceField:
    # No preset: a rating nobody chose is not a rating.
    return forms.TypedChoiceField(choices=[CHOOSE, *SCORES], coerce=int, empty_value=None, **kwargs)


def _resolved(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class TestCallForm(CrispyForm):
    __test__ = False
    submit_label = "Save test call"

    called_at = forms.DateTimeField(
        label="When",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    caller = UserChoiceField(queryset=None, label="Who called")
    channel = forms.ChoiceField(
        choices=Channel.choices,
        widget=forms.Select(
            attrs={"data-live-channels": " ".join(sorted(LIVE_CHANNELS))},
        ),
    )
    scenario = forms.CharField(
        max_length=300,
        help_text='What you asked as a customer, e.g. "return a damaged blender".',
    )
    wait_seconds = WholeNumberField(
        label="Seconds until answered (phone) or to the first reply (chat)",
        min_value=0,
        max_value=24 * 3600,
        required=False,
        widget=forms.TextInput(attrs={"data-time-for": "live"}),
        help_text="Phone and chat only.",
    )
    reply_hours = NumberField(
        label="Hours to reply (e-mail, social media)",
        min_value=0,
        max_value=MAX_REPLY_HOURS,
        decimal_places=1,
        required=False,
        widget=forms.TextInput(attrs={"data-time-for": "written"}),
        help_text="E-mail and social media only; up to two weeks (336 hours).",
    )
    handle_minutes = NumberField(
        label="Minutes to handle", min_value=0, max_value=9999, decimal_places=1
    )
    resolved_first_contact = forms.TypedChoiceField(
        label="Resolved on first contact",
        choices=RESOLVED,
        coerce=_resolved,
        empty_value=None,
        required=False,
    )
    courtesy = _rating()
    language_clarity = _rating(label="Language clarity (accent, comprehension)")
    product_knowledge = _rating()
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    recording_reference = forms.CharField(
        label="Recording (link or reference)",
        max_length=500,
        required=False,
        help_text="A https:// link, or where the recording is kept.",
    )

    def __init__(self, *args, engagement, scoped: set[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caller"].queryset = team_users(engagement)
        if scoped:
            # Only the channels in the engagement's scope (and the call's own, if it
            # has left the scope since), the first of them preset.
            keep = set(scoped) | {self.initial.get("channel")}
            choices = [(value, label) for value, label in Channel.choices if value in keep]
            self.fields["channel"].choices = choices
            self.fields["channel"].initial = next(
                value for value, _ in Channel.choices if value in scoped
            )

    def to_input(self) -> TestCallInput:
        data = self.cleaned_data
        return TestCallInput(
            called_at=data["called_at"],
            caller=data["caller"],
            channel=data["channel"],
            scenario=data["scenario"],
            wait_seconds=data["wait_seconds"],
            reply_hours=data["reply_hours"],
            handle_minutes=data["handle_minutes"],
            resolved_first_contact=data["resolved_first_contact"],
            courtesy=data["courtesy"],
            language_clarity=data["language_clarity"],
            product_knowledge=data["product_knowledge"],
            notes=data["notes"],
            recording_reference=data["recording_reference"],
        )


def initial_for_test_call(test_call, user) -> dict:
    if test_call is None:
        return {
            "called_at": timezone.localtime().replace(second=0, microsecond=0),
            "caller": user.pk,
        }
    initial = model_to_dict(test_call, fields=list(TestCallForm.base_fields))
    initial["called_at"] = timezone.localtime(test_call.called_at)
    initial["resolved_first_contact"] = {True: "yes", False: "no"}.get(
        test_call.resolved_first_contact, ""
    )
    return initial
