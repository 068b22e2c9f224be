"""Forms of invitations (the team's) and of the vendor contact's response. They
validate input; the actions do the writing."""

from __future__ import annotations

from django import forms

from portal.forms import CrispyForm
from portal.number_fields import number_formfield
from portal.reference import CURRENCY_CHOICES, PricingModel
from portal.uploads import EVIDENCE
from portal.validators import OneLineFields
from vendors.diligence.forms import EvidenceFilesField
from vendors.diligence.models import ChecklistItem
from vendors.invitations.actions import DEFAULT_DAYS, InvitationInput
from vendors.invitations.models import ANSWER_MAX_CHARS, ProposedQuote
from vendors.invitations.respond_actions import ProposedAnswerInput, ProposedQuoteInput
from vendors.invitations.round_actions import RoundContact, RoundInput

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InvitationForm(CrispyForm):
    submit_label = "Invite vendor contact"

    contact_name = forms.CharField(max_length=200, label="Contact's name")
    email = forms.EmailField(max_length=254, label="Contact's e-mail")
    may_answer_checklist = forms.BooleanField(
        label="May answer the due-diligence checklist", required=False, initial=True
    )
    may_upload_evidence = forms.BooleanField(
        label="May upload evidence documents", required=False, initial=True
    )
    may_quote = forms.BooleanField(label="May send a price quote", required=False, initial=True)
    pricing_models = forms.MultipleChoiceField(
        choices=PricingModel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Pricing models the vendor may quote under",
    )
    deadline = forms.DateField(
        required=False,
        widget=_DATE,
        help_text=f"The link works until the end of this day; empty: {DEFAULT_DAYS} days.",
    )
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text="Sent in the e-mail with the link.",
    )

    def to_input(self) -> InvitationInput:
        data = self.cleaned_data
        return InvitationInput(
            contact_name=data["contact_name"],
            email=data["email"],
            may_answer_checklist=data["may_answer_checklist"],
            may_upload_evidence=data["may_upload_evidence"],
            may_quote=data["may_quote"],
            pricing_models=tuple(data["pricing_models"]),
            deadline=data["deadline"],
            message=data["message"],
        )


class ExtendForm(forms.Form):
    deadline = forms.DateField(widget=_DATE, label="New deadline")


class RejectForm(forms.Form):
    note = forms.CharField(max_length=500, required=False, label="Why it is rejected")


class ResponseAnswerForm(forms.Form):
    """The contact's answer to one item, with files: one form, nothing typed is lost."""

    answer = forms.ChoiceField(
        choices=[("", "Not answered yet"), *ChecklistItem.Answer.choices], required=False
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        strip=False,
        help_text=f"How you meet it, and where the documents show it (up to "
        f"{ANSWER_MAX_CHARS:,} characters).",
    )
    files = EvidenceFilesField(label="Documents")

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = EVIDENCE.help_text
        if not invitation.may_upload_evidence:
            del self.fields["files"]
        if not invitation.may_answer_checklist:
            del self.fields["answer"]
            del self.fields["notes"]

    def to_input(self) -> ProposedAnswerInput:
        data = self.cleaned_data
        return ProposedAnswerInput(
            answer=data.get("answer", ""),
            notes=data.get("notes", ""),
            files=data.get("files", ()),
        )


class ResponseQuoteForm(OneLineFields, forms.ModelForm):
    class Meta:
        model = ProposedQuote
        formfield_callback = number_formfield
        fields = [
            "rate",
            "currency",
            "commission_percent",
            "minimum_monthly",
            "setup_fee",
            "includes",
        ]
        labels = {
            "commission_percent": "Commission %",
            "minimum_monthly": "Minimum per month",
            "includes": "What the price includes",
        }
        widgets = {"includes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, pricing_model: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.pricing_model = pricing_model
        self.fields["currency"].choices = [("", "Choose a currency"), *CURRENCY_CHOICES]
        for name in ("commission_percent", "minimum_monthly", "setup_fee"):
            self.fields[name].required = False  # empty: none

    def to_input(self) -> ProposedQuoteInput:
        data = self.cleaned_data
        return ProposedQuoteInput(
            pricing_model=self.pricing_model,
            rate=data["rate"],
            currency=data["currency"],
            commission_percent=data["commission_percent"],
            minimum_monthly=data["minimum_monthly"] or 0,
            setup_fee=data["setup_fee"] or 0,
            includes=data["includes"],
        )


class RoundForm(OneLineFields, forms.Form):
    """A round: the shared deadline, message and questions, and one contact per
    shortlisted candidate to invite (candidates left blank are not invited)."""

    deadline = forms.DateField(widget=_DATE, help_text="One deadline for every contact.")
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text="Sent to every contact with their own link.",
    )
    may_answer_checklist = InvitationForm.base_fields["may_answer_checklist"]
    may_upload_evidence = InvitationForm.base_fields["may_upload_evidence"]
    may_quote = InvitationForm.base_fields["may_quote"]
    pricing_models = InvitationForm.base_fields["pricing_models"]

    def __init__(self, *args, candidates, **kwargs):
        self.candidates = list(candidates)
        super().__init__(*args, **kwargs)
        for candidate in self.candidates:
            self.fields[f"name_{candidate.pk}"] = forms.CharField(
                max_length=200, required=False, label=f"{candidate.vendor}: contact's name"
            )
            self.fields[f"email_{candidate.pk}"] = forms.EmailField(
                max_length=254, required=False, label=f"{candidate.vendor}: contact's e-mail"
            )
        self.helper = None

    def candidate_rows(self):
        return [
            (candidate, self[f"name_{candidate.pk}"], self[f"email_{candidate.pk}"])
            for candidate in self.candidates
        ]

    def clean(self):
        data = super().clean()
        for candidate in self.candidates:
            name, email = data.get(f"name_{candidate.pk}"), data.get(f"email_{candidate.pk}")
            if bool(name) != bool(email) and f"email_{candidate.pk}" not in self.errors:
                missing = f"email_{candidate.pk}" if name else f"name_{candidate.pk}"
                self.add_error(missing, "Give both the contact's name and e-mail, or neither.")
        return data

    def to_input(self) -> RoundInput:
        data = self.cleaned_data
        return RoundInput(
            contacts=tuple(
                RoundContact(c, data[f"name_{c.pk}"], data[f"email_{c.pk}"])
                for c in self.candidates
                if data.get(f"name_{c.pk}") and data.get(f"email_{c.pk}")
            ),
            deadline=data["deadline"],
            message=data["message"],
            may_answer_checklist=data["may_answer_checklist"],
            may_upload_evidence=data["may_upload_evidence"],
            may_quote=data["may_quote"],
            pricing_models=tuple(data["pricing_models"]),
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=500, label="Why the weights must change")
