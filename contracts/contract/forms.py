"""Forms of the contract page: the terms and a document upload."""

from __future__ import annotations

from django import forms

from contracts.contract.actions import ContractInput, DocumentInput
from contracts.forms_base import DATE, ModelForm, submit_helper
from contracts.models import Contract
from portal import uploads
from portal.number_fields import number_formfield
from portal.validators import OneLineFields


class ContractForm(ModelForm):
    submit_label = "Save contract"

    class Meta:
        model = Contract
        formfield_callback = number_formfield
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

    def to_input(self) -> ContractInput:
        return ContractInput(**self.cleaned_data)


class DocumentForm(OneLineFields, forms.Form):
    title = forms.CharField(max_length=200, required=False, help_text="Defaults to the file name.")
    file = forms.FileField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        # The types portal.uploads accepts, in its own words: the hint never drifts from the rule.
        field.help_text = uploads.CONTRACT_DOCUMENT.help_text
        field.widget.attrs["accept"] = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.txt,.csv"
        self.helper = submit_helper("Upload")

    def to_input(self) -> DocumentInput:
        return DocumentInput(uploaded=self.cleaned_data["file"], title=self.cleaned_data["title"])
