from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.layout import Layout
from django import forms

from portal import uploads
from portal.forms import CrispyForm, form_helper
from portal.number_fields import WholeNumberField, number_formfield
from portal.reference import CURRENCY_CHOICES, Channel, Region
from portal.validators import OneLineFields
from vendors.actions import CandidateInput, QuoteInput, WeightsInput
from vendors.models import Certification, Language, Quote, Vendor
from vendors.regions import region_for_country
from vendors.registry_actions import VendorInput
from vendors.scoring import CRITERIA


class _Crispy:
    """The crispy helper for model forms (plain forms use portal.forms.CrispyForm)."""

    submit_label = "Save"

    def _helper(self, *, form_tag: bool = True):
        self.helper = form_helper(self.submit_label if form_tag else None, form_tag=form_tag)


class VendorForm(OneLineFields, _Crispy, forms.ModelForm):
    channels = forms.MultipleChoiceField(
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Channels offered",
    )
    languages = forms.ModelMultipleChoiceField(
        queryset=Language.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Languages spoken by agents",
    )
    certifications = forms.ModelMultipleChoiceField(
        queryset=Certification.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Vendor
        formfield_callback = number_formfield
        fields = [
            "name",
            "headquarters_country",
            "website",
            "channels",
            "languages",
            "certifications",
            "headcount",
            "agent_turnover_percent",
            "call_recording_policy",
            "incentive_scheme",
            "review_sources",
            "review_notes",
        ]
        widgets = {
            "incentive_scheme": forms.Textarea(attrs={"rows": 2}),
            "review_sources": forms.Textarea(attrs={"rows": 2}),
            "review_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["channels"] = [c.channel for c in self.instance.channels.all()]
        self._helper(form_tag=False)
        self.helper.layout = Layout(
            *[
                InlineCheckboxes(name) if name in self._CHECKBOXES else name
                for name in self._meta.fields
            ]
        )

    _CHECKBOXES = ("channels", "languages", "certifications")

    def validate_unique(self):
        pass  # the action checks the name, case-insensitively

    def to_input(self, locations, references) -> VendorInput:
        """The vendor with its delivery locations and references, from the two formsets."""
        data = self.cleaned_data
        return VendorInput(
            name=data["name"],
            headquarters_country=data["headquarters_country"],
            website=data["website"],
            headcount=data["headcount"],
            agent_turnover_percent=data["agent_turnover_percent"],
            call_recording_policy=data["call_recording_policy"],
            incentive_scheme=data["incentive_scheme"],
            review_sources=data["review_sources"],
            review_notes=data["review_notes"],
            channels=data["channels"],
            languages=list(data["languages"]),
            certifications=list(data["certifications"]),
            locations=[(d["country"].strip(), d["region"]) for d in _kept(locations)],
            references=[(d["company"], d["contact"], d["notes"]) for d in _kept(references)],
        )


class LocationForm(OneLineFields, forms.Form):
    country = forms.CharField(max_length=100, label="Delivery country")
    region = forms.ChoiceField(
        choices=[("", "From the country")] + list(Region.choices),
        required=False,
        label="Rate-card region",
    )

    def clean(self):
        data = super().clean()
        country = data.get("country", "").strip()
        if country and not data.get("region"):
            region = region_for_country(country)
            if region is None:
                self.add_error("region", f"Choose the rate-card region of {country}.")
            data["region"] = region
        return data


class ReferenceForm(OneLineFields, forms.Form):
    company = forms.CharField(max_length=200, label="Client company")
    contact = forms.CharField(max_length=200, required=False, label="Contact")
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 1}), required=False, label="What they said"
    )


class _NoDuplicateCountries(forms.BaseFormSet):
    def clean(self):
        seen = set()
        for form in self.forms:
            country = (form.cleaned_data or {}).get("country", "").strip().lower()
            if country and not (form.cleaned_data or {}).get("DELETE"):
                if country in seen:
                    raise forms.ValidationError(f"{country.title()} is listed twice.")
                seen.add(country)


LocationFormSet = forms.formset_factory(
    LocationForm, formset=_NoDuplicateCountries, extra=2, can_delete=True, max_num=50
)
ReferenceFormSet = forms.formset_factory(ReferenceForm, extra=2, can_delete=True, max_num=50)


def vendor_forms(data=None, vendor: Vendor | None = None):
    """The vendor form and its two formsets, filled from ``vendor`` when editing."""
    locations = (
        [{"country": loc.country, "region": loc.region} for loc in vendor.locations.all()]
        if vendor
        else []
    )
    references = (
        [
            {"company": r.company, "contact": r.contact, "notes": r.notes}
            for r in vendor.references.all()
        ]
        if vendor
        else []
    )
    return (
        VendorForm(data, instance=vendor),
        LocationFormSet(data, initial=locations, prefix="locations"),
        ReferenceFormSet(data, initial=references, prefix="references"),
    )


def _kept(formset) -> list[dict]:
    """Filled-in rows not marked for deletion (blank extra rows have no cleaned data)."""
    return [
        f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


class VendorImportForm(CrispyForm):
    submit_label = "Check and import"
    file = forms.FileField(
        label="CSV file",
        help_text="Same columns as the export. Nothing is imported if any row is wrong.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Size and type as for every upload; the rows are csv_io's to read.
        uploads.inspect_upload(upload, purpose=uploads.VENDOR_CSV)
        return upload


class CandidateAddForm(CrispyForm):
    submit_label = "Shortlist this vendor"
    vendor = forms.ModelChoiceField(queryset=Vendor.objects.none(), label="Vendor")
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Why shortlist it",
    )

    def __init__(self, *args, vendors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vendor"].queryset = vendors

    def to_input(self) -> CandidateInput:
        return CandidateInput(vendor=self.cleaned_data["vendor"], notes=self.cleaned_data["notes"])


class QuoteForm(OneLineFields, _Crispy, forms.ModelForm):
    channels = forms.MultipleChoiceField(
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Channels this price covers",
        help_text=(
            "Leave all unticked when it covers every scoped channel of its direction "
            "(an inbound price the inbound channels, an outbound price outbound phone). "
            "A scoped channel none of the vendor's quotes covers is priced in-house."
        ),
    )

    class Meta:
        model = Quote
        formfield_callback = number_formfield
        fields = [
            "pricing_model",
            "rate",
            "unit",
            "currency",
            "commission_percent",
            "minimum_monthly",
            "setup_fee",
            "channels",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}
        labels = {"rate": "Rate", "commission_percent": "Commission %"}

    def __init__(self, *args, scoped_channels=(), **kwargs):
        """``scoped_channels``: the engagement's (step 1); the form offers only those,
        and any the quote already names."""
        super().__init__(*args, **kwargs)
        # A pre-list quote may have no currency; a saved one always has one.
        self.fields["currency"].required = True
        self.fields["currency"].choices = [("", "Choose a currency"), *CURRENCY_CHOICES]
        offered = set(scoped_channels) | set(self.instance.channels or ())
        self.fields["channels"].choices = [
            (value, label) for value, label in Channel.choices if value in offered
        ]
        if not offered:
            self.fields[
                "channels"
            ].help_text = "Step 1 has no channel in scope yet: the price covers whatever is scoped."
        self._helper()

    def to_input(self) -> QuoteInput:
        data = self.cleaned_data
        return QuoteInput(
            pricing_model=data["pricing_model"],
            rate=data["rate"],
            unit=data["unit"],
            currency=data["currency"],
            commission_percent=data["commission_percent"],
            minimum_monthly=data["minimum_monthly"],
            setup_fee=data["setup_fee"],
            notes=data["notes"],
            channels=tuple(data["channels"]),
        )


class WeightsForm(forms.Form):
    """The weight of each criterion; the comparison re-ranks as they change."""

    required_languages = forms.ModelMultipleChoiceField(
        queryset=Language.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        label="Required languages",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in CRITERIA:
            # The range is the action's rule (scoring.weight_problems), which the
            # preview shows in words.
            self.fields[criterion.key] = WholeNumberField(label=criterion.label)

    def criterion_fields(self):
        return [self[criterion.key] for criterion in CRITERIA]

    def to_input(self) -> WeightsInput:
        data = self.cleaned_data
        return WeightsInput(
            weights={c.key: data[c.key] for c in CRITERIA},
            required_languages=list(data["required_languages"]),
        )


class RecommendForm(CrispyForm):
    submit_label = "Submit for approval"
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Rationale",
        help_text="Why this vendor: cost, due diligence, test calls, references.",
    )


class DecisionForm(CrispyForm):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), label="Reason for the decision"
    )

    def __init__(self, *args, submit_label: str, open_critical: int = 0, **kwargs):
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)
        if open_critical:
            items = "item is" if open_critical == 1 else "items are"
            self.fields["confirm_open_critical"] = forms.BooleanField(
                required=False,
                label=f"I approve although {open_critical} critical {items} open",
                help_text="Recorded with the approval, with the number of open items.",
            )
