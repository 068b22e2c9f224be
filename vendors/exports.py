"""The comparison of step 4 as a spreadsheet: the ranking with its weights and scores,
why each score is what it is, and the key facts side by side."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from portal import access, xlsx
from vendors import comparison
from vendors.scoring import CRITERIA


def _ranking(result: comparison.Comparison) -> xlsx.Sheet:
    header = ["Rank", "Vendor", *(c.label for c in CRITERIA), "Weighted total", "Leader"]
    rows = [
        [
            row.rank,
            row.facts.name,
            *(score.value for _, score in row.score_list),
            round(row.total, 1),
            row.is_leader,
        ]
        for row in result.ranked
    ]
    return xlsx.Sheet("Ranking", header, rows)


def _weights(result: comparison.Comparison) -> xlsx.Sheet:
    rows = [[c.label, weight, c.rule] for c, weight in result.criteria_weights]
    rows.append(["Required languages", None, ", ".join(result.required_languages) or "none set"])
    rows.append(
        [
            "Customer-base risk (step 3)",
            None,
            result.context.customer_risk_level or "not assessed",
        ]
    )
    if result.all_in_house is not None:
        rows.append(
            [
                "All in-house, a month",
                None,
                xlsx.Money(result.all_in_house.monthly_total),
            ]
        )
    rows += [["Note", None, note] for note in result.notes]
    return xlsx.Sheet("Weights", ["Criterion", "Weight", "How it is scored"], rows)


def _reasons(result: comparison.Comparison) -> xlsx.Sheet:
    rows = [
        [row.facts.name, criterion.label, score.value, score.reason]
        for row in result.ranked
        for criterion, score in row.score_list
    ]
    return xlsx.Sheet("Scores explained", ["Vendor", "Criterion", "Score", "Why"], rows)


def _facts(result: comparison.Comparison) -> xlsx.Sheet:
    header = ["Fact", *(col.candidate.vendor.name for col in result.columns)]
    columns = result.columns

    def row(label, value):
        return [label, *(value(col) for col in columns)]

    rows = [
        row("Status", lambda c: c.candidate.get_status_display()),
        row("Weighted total", lambda c: round(c.ranked.total, 1)),
        row(
            "Priced on",
            lambda c: c.cost.uses if c.cost.scenario else f"not priced: {c.cost.missing}",
        ),
        row("What it bills", lambda c: " ".join(c.cost.bills)),
        row("Vendor charges a month", lambda c: xlsx.Money(c.cost.vendor_charges)),
        row(
            "Kept in-house",
            lambda c: c.cost.kept_in_house or ("nothing" if c.cost.scenario else ""),
        ),
        row("In-house cost of what stays", lambda c: xlsx.Money(c.cost.in_house_cost)),
        row("Oversight (once)", lambda c: xlsx.Money(c.cost.oversight)),
        row("Whole scope, a month", lambda c: xlsx.Money(c.cost.monthly_total)),
        row("Saving against all in-house", lambda c: xlsx.Money(c.cost.saving_monthly)),
        row("Headquarters", lambda c: c.candidate.vendor.headquarters_country),
        row(
            "Delivers from",
            lambda c: ", ".join(loc.country for loc in c.candidate.vendor.locations.all()),
        ),
        row(
            "Languages",
            lambda c: ", ".join(lang.name for lang in c.candidate.vendor.languages.all()),
        ),
        row(
            "Certifications",
            lambda c: ", ".join(cert.name for cert in c.candidate.vendor.certifications.all()),
        ),
        row("Headcount", lambda c: c.candidate.vendor.headcount),
        row("Agent turnover", lambda c: xlsx.Percent(c.candidate.vendor.agent_turnover_percent)),
        row("Client references", lambda c: c.ranked.facts.reference_count),
    ]
    return xlsx.Sheet("Side by side", header, rows)


@require_GET
@login_required
def comparison_export(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk)
    result = comparison.build(engagement)
    return xlsx.xlsx_response(
        [_ranking(result), _weights(result), _reasons(result), _facts(result)],
        filename=xlsx.download_name(engagement.title, "comparison"),
    )
