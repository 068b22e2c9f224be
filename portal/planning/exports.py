"""Step 2's cost case as a spreadsheet: the priced options (low, mid and high scenarios),
the in-house figures and break-even, and the assumptions they were priced from."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from portal import access, xlsx
from portal.planning import comparison
from portal.planning.models import CostCase

_NOT_ASSUMPTIONS = {"id", "engagement", "updated_at"}


def _options(view: comparison.CostCaseView) -> xlsx.Sheet:
    header = [
        "Pricing model",
        "Basis",
        "Monthly, low",
        "Monthly, mid",
        "Monthly, high",
        "Annual, mid",
        "Per contact, mid",
        "In-house, monthly",
        "Saving, low",
        "Saving, mid",
        "Saving, high",
        "Warning",
    ]
    rows = []
    for option in view.comparison.options if view.comparison else []:
        rows.append(
            [
                option.label,
                option.basis,
                *(xlsx.Money(option.monthly[level]) for level in comparison.LEVELS),
                xlsx.Money(option.annual["mid"]),
                xlsx.Money(option.per_contact["mid"]),
                xlsx.Money(option.in_house),
                *(xlsx.Money(option.saving[level]) for level in comparison.LEVELS),
                option.warning,
            ]
        )
    for note in view.comparison.missing if view.comparison else []:
        rows.append(["Not priced", note])
    return xlsx.Sheet("Options", header, rows)


def _summary(view: comparison.CostCaseView) -> xlsx.Sheet:
    rows: list[list] = []
    if view.problem:
        rows.append(["Problem", view.problem])
    elif view.workload is None:
        rows.append(["Note", "Scope the channels and volumes first (step 1)."])
    elif view.comparison is None:
        rows.append(["Note", "Enter the in-house figures to compare them."])
    workload, result = view.workload, view.comparison
    if workload is not None and result is not None:
        rows += [
            ["In-house agents to employ", workload.in_house_agents],
            ["Agents on the phones at the busiest hour", workload.agents_on_phones],
            ["In-house monthly cost", xlsx.Money(workload.in_house_monthly_cost)],
            ["In-house annual cost", xlsx.Money(workload.annual_in_house_cost)],
            [
                "Oversight added to every outsourced option (month)",
                xlsx.Money(workload.oversight_monthly_cost),
            ],
            ["Rate-card region", result.region_label],
        ]
        if result.break_even_rates:
            shared, dedicated = result.break_even_rates
            rows += [
                ["Shared rate per minute (mid)", xlsx.Money(shared)],
                ["Dedicated rate per hour (mid)", xlsx.Money(dedicated)],
                [
                    "Break-even, inbound calls a month",
                    result.break_even if result.break_even is not None else result.break_even_note,
                ],
            ]
    return xlsx.Sheet("In-house", ["Figure", "Value"], rows)


def _assumptions(case: CostCase | None) -> xlsx.Sheet:
    rows = []
    if case is not None:
        for field in CostCase._meta.concrete_fields:
            if field.name in _NOT_ASSUMPTIONS:
                continue
            value = getattr(case, field.name)
            if field.choices:
                value = getattr(case, f"get_{field.name}_display")()
            elif (
                field.get_internal_type() == "DecimalField"
                and field.decimal_places == 2
                and ("%" not in str(field.verbose_name))
            ):
                value = xlsx.Money(value)
            rows.append([str(field.verbose_name).capitalize(), value])
    return xlsx.Sheet("Assumptions", ["Assumption", "Value"], rows)


@require_GET
@login_required
def cost_export(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk)
    view = comparison.for_engagement(engagement)
    return xlsx.xlsx_response(
        [_options(view), _summary(view), _assumptions(view.data.cost_case)],
        filename=xlsx.download_name(engagement.title, "cost-case"),
    )
