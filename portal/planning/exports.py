"""Step 2's cost case as a spreadsheet: the whole-scope scenarios and the pricing models
at the low, mid and high reference rates, the in-house figures, queues and break-even
crossings, and the assumptions they were priced from."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from portal import access, xlsx
from portal.planning import comparison
from portal.planning.models import CostCase
from portal.planning.pricing_options import LEVELS

_NOT_ASSUMPTIONS = {"id", "engagement", "updated_at"}


def _scenarios(view: comparison.CostCaseView) -> xlsx.Sheet:
    header = [
        "Scenario",
        "What it bills (mid)",
        "Kept in-house",
        "Vendor charges, mid",
        "In-house cost, mid",
        "Oversight (once)",
        "Monthly, low",
        "Monthly, mid",
        "Monthly, high",
        "Annual, mid",
        "Saving against all in-house, mid",
        "Cheapest the center would accept",
        "Warning",
    ]
    rows = []
    result = view.comparison
    cheapest = result.cheapest_row if result else None
    for row in result.scenario_rows if result else []:
        scenario = row.scenario
        rows.append(
            [
                row.name,
                " ".join(scenario.bills),
                row.kept_in_house,
                xlsx.Money(scenario.vendor_charges),
                xlsx.Money(scenario.in_house_cost),
                xlsx.Money(scenario.oversight),
                *(xlsx.Money(row.monthly[level]) for level in LEVELS),
                xlsx.Money(scenario.annual_total),
                xlsx.Money(scenario.saving_monthly),
                "yes" if row is cheapest else "",
                " ".join(scenario.warnings),
            ]
        )
    return xlsx.Sheet("Scenarios", header, rows)


def _options(view: comparison.CostCaseView) -> xlsx.Sheet:
    header = [
        "Pricing model",
        "Basis",
        "Monthly, low",
        "Monthly, mid",
        "Monthly, high",
        "Annual, mid",
        "What it bills (mid)",
        "Vendor charge, low",
        "Vendor charge, mid",
        "Vendor charge, high",
        "Charge per contact, mid",
        "All in-house, monthly",
        "Saving, low",
        "Saving, mid",
        "Saving, high",
        "Charge at half the planned sales, mid",
        "Charge at the planned sales, mid",
        "Charge at 1.5 times the planned sales, mid",
        "Warning",
    ]
    rows = []
    for option in view.comparison.options if view.comparison else []:
        sales = [value for _, value in option.sales_levels] or [None, None, None]
        rows.append(
            [
                option.label,
                option.basis,
                *(xlsx.Money(option.monthly[level]) for level in LEVELS),
                xlsx.Money(option.annual["mid"]),
                option.bills,
                *(xlsx.Money(option.charge[level]) for level in LEVELS),
                xlsx.Money(option.per_contact["mid"]),
                xlsx.Money(option.in_house),
                *(xlsx.Money(option.saving[level]) for level in LEVELS),
                *(xlsx.Money(value) for value in sales),
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
                "Oversight, once in every scenario that outsources work (month)",
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
            if result.crossing_sentence:
                rows.append(["Every break-even crossing", result.crossing_sentence])
        for queue in result.queues:
            rows.append(
                [
                    f"{queue.label}: staffed seat-hours a month",
                    round(queue.staffed_hours_per_month, 1),
                ]
            )
            if queue.service_level is not None:
                rows.append(
                    [
                        f"{queue.label}: service level over the week",
                        xlsx.Percent(round(queue.service_level * 100, 2)),
                    ]
                )
            if queue.abandon_rate is not None:
                rows.append(
                    [
                        f"{queue.label}: abandon rate",
                        xlsx.Percent(round(queue.abandon_rate * 100, 2)),
                    ]
                )
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
        [_scenarios(view), _options(view), _summary(view), _assumptions(view.data.cost_case)],
        filename=xlsx.download_name(engagement.title, "cost-case"),
    )
