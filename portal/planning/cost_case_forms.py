"""Step 2's form: the in-house figures and service targets the cost case is priced
from, asking only what a scoped channel uses."""

from __future__ import annotations

from django import forms

from portal.number_fields import number_formfield
from portal.planning.actions import CostCaseInput, field_names
from portal.planning.forms_base import (
    NOT_NEGATIVE,
    plain_decimals,
    range_messages,
    shared_form_helper,
)
from portal.planning.models import CostCase
from portal.reference import Channel
from portal.validators import OneLineFields


class CostCaseForm(OneLineFields, forms.ModelForm):
    class Meta:
        model = CostCase
        formfield_callback = number_formfield
        fields = field_names(CostCaseInput)
        error_messages = {
            "service_target_percent": range_messages(
                "A service-level target is between 1% and 99.9% (no queue answers every call)."
            ),
            "answer_within_seconds": range_messages("Between 0 and 3,600 seconds (an hour)."),
            "reply_within_hours": range_messages("Between 1 and 336 hours (two weeks)."),
            "shrinkage_percent": range_messages("Shrinkage is between 0% and 90% of paid time."),
            "coverage_extra_percent": range_messages("The premium is between 0% and 200%."),
            "in_house_agents_override": range_messages("The number of agents cannot be negative."),
            "commission_percent": range_messages("A commission is between 0% and 100% of sales."),
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
                NOT_NEGATIVE,
            ),
        }

    def __init__(self, *args, channels: set[str] | frozenset[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = shared_form_helper()
        plain_decimals(self)
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
