from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from portal.models import Engagement
from portal.people import display_name
from portal.reference import CURRENCY_CHOICES
from portal.tokens import ApiTokenInput
from portal.validators import OneLineFields


def form_helper(submit_label: str | None = None, *, form_tag: bool = True) -> FormHelper:
    """The crispy helper of every form. A form crispy wraps in its own ``<form>`` is
    ``novalidate``: the browser's bubbles never stand in for the server's messages
    (shown by the error summary and under each field). With ``form_tag=False`` the page
    holds the ``<form>`` (several forms share one submit button) and marks it so."""
    helper = FormHelper()
    helper.form_tag = form_tag
    if form_tag:
        helper.attrs = {"novalidate": True}
    if submit_label:
        helper.add_input(Submit("submit", submit_label))
    return helper


class CrispyForm(OneLineFields, forms.Form):
    """A form rendered by crispy with one submit button labeled ``submit_label``; its
    one-line text fields refuse line breaks."""

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(self.submit_label)


class EngagementForm(CrispyForm):
    title = forms.CharField(
        max_length=200,
        help_text='One outsourcing decision, e.g. "Outsource tier-1 phone support".',
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    currency = forms.ChoiceField(
        choices=CURRENCY_CHOICES,
        initial="USD",
        required=False,  # left out: US dollars on a new engagement, unchanged on an edit
        help_text="Quotes in other currencies are converted to this one to be compared.",
    )

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError("Give the engagement a title.")
        return title


class EngagementCreateForm(EngagementForm):
    submit_label = "Create engagement"
    team = forms.ModelChoiceField(queryset=None, help_text="The team that owns the decision.")

    field_order = ["title", "team", "description", "currency"]

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        if len(teams) == 1:
            self.fields["team"].initial = teams[0]


class UserChoiceField(forms.ModelChoiceField):
    """Pick a person by name (team members, usually)."""

    def label_from_instance(self, obj):
        return display_name(obj)


def engagement_initial(engagement: Engagement) -> dict:
    return {
        "title": engagement.title,
        "description": engagement.description,
        "currency": engagement.currency,
    }


class ApiTokenForm(CrispyForm):
    submit_label = "Create token"
    name = forms.CharField(
        max_length=100, help_text="What the token is for, e.g. “Monthly BI export”."
    )
    expires_on = forms.DateField(
        required=False,
        label="Expires on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Optional: the token stops working after this day.",
    )

    def to_input(self) -> ApiTokenInput:
        return ApiTokenInput(**self.cleaned_data)
