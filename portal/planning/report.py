"""Steps 1-3 in the decision report: the same reads and math as the step pages."""

from __future__ import annotations

from portal.planning import comparison, queries, recommend
from portal.planning.charts import cost_versus_volume_svg
from portal.sections import Section

SCOPE = ("scope", "Step 1: Scope the need")
COST = ("cost", "Step 2: Is it cost-effective?")
CUSTOMERS = ("customers", "Step 3: The customer base")


def scope_section(engagement) -> Section:
    data = queries.planning_data(engagement)
    if not data.scope_filled:
        return Section.not_filled(
            *SCOPE, "The need is not scoped yet: no channel volumes have been filled in."
        )
    advice = recommend.recommend(queries.scope_facts(data.scope, data.lines))
    return Section(
        *SCOPE,
        template="reports/sections/scope.html",
        context={
            "data": data,
            "advice": advice,
            "workload": queries.workload_from(data),
        },
        summary=advice.headline,
    )


def _money(value) -> str:
    return f"${value:,.0f}"


def cost_section(engagement) -> Section:
    view = comparison.for_engagement(engagement)
    if view.problem:
        return Section.not_filled(*COST, view.problem)
    if view.workload is None:
        return Section.not_filled(
            *COST, "The cost case is not filled in yet: step 1 has no volumes to price."
        )
    if view.comparison is None:
        return Section.not_filled(
            *COST, "The cost case is not filled in yet: the in-house figures are missing."
        )
    result = view.comparison
    summary = f"All in-house {_money(view.workload.in_house_monthly_cost)} a month."
    if cheapest := result.cheapest_scenario:
        saving = cheapest.scenario.saving_monthly
        outcome = f"saves {_money(saving)}" if saving >= 0 else f"costs {_money(-saving)} more"
        summary += (
            f" Cheapest scenario the center would accept, at mid rates: {cheapest.name}, "
            f"{_money(cheapest.scenario.monthly_total)} a month; it {outcome} a month."
        )
    if sentence := result.crossing_sentence:
        summary += f" Break-even on the inbound phone line: {sentence[0].lower()}{sentence[1:]}"
    return Section(
        *COST,
        template="reports/sections/cost.html",
        context={
            "data": view.data,
            "workload": view.workload,
            "comparison": result,
            "chart": _chart(view),
        },
        summary=summary,
    )


def _chart(view) -> str | None:
    """The cost-versus-volume chart; None when the staffing math refuses the doubled
    volume it is drawn to (the cost table still stands)."""
    try:
        return cost_versus_volume_svg(view.comparison, lines=view.lines, inputs=view.inputs)
    except ValueError:
        return None


def customers_section(engagement) -> Section:
    assessment = queries.assessment_for(engagement)
    if assessment is None:
        return Section.not_filled(*CUSTOMERS, "The customer base is not assessed yet.")
    scored = queries.scored_assessment(assessment)
    high = [f.title.lower() for f in scored.factors if f.level == "high"]
    summary = f"Customer-base risk: {scored.level}."
    if high:
        summary += f" High: {', '.join(high)}."
    return Section(
        *CUSTOMERS,
        template="reports/sections/customers.html",
        context={"assessment": assessment, "scored": scored},
        summary=summary,
    )
