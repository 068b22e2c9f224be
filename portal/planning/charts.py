"""The cost-versus-volume chart of step 2, drawn by portal.charts (same SVG in the PDF)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from django.utils.safestring import SafeString

from portal import billing, break_even, charts, cost_inputs, derived
from portal.planning.comparison import Comparison
from portal.planning.formatting import rate

POINTS = 40
MAX_MARKED_CROSSINGS = 3  # further crossings marked on the chart, beyond the break-even


def _dollars(value: float) -> str:
    return f"${value / 1000:,.0f}k" if abs(value) >= 1000 else f"${value:,.0f}"


def cost_versus_volume_svg(
    comparison: Comparison, *, lines: list[cost_inputs.ChannelLoad], inputs: cost_inputs.CostInputs
) -> SafeString | None:
    """In-house, shared per-minute and dedicated per-hour (mid rates) monthly cost of
    the inbound phone line alone as its volume varies, with today's volume and the
    break-even marked. Other channels are left out, as in the break-even; the
    in-house line follows the staffing math (an entered headcount covers all work).
    Every further crossing the axis reaches is marked too."""
    today = comparison.workload.inbound_phone_contacts_per_month
    if today <= 0 or comparison.break_even_rates is None:
        return None
    shared_rate, dedicated_rate = comparison.break_even_rates
    top = today * 2
    if comparison.break_even is not None:
        top = max(top, float(comparison.break_even) * 1.25)
    # End the axis on a round tick so no line runs past the plot.
    ticks = charts.nice_ticks(0, top, 6)
    if ticks[-1] < top:
        ticks.append(ticks[-1] + ticks[1] - ticks[0])
    top = ticks[-1]
    volumes = [top * i / POINTS for i in range(1, POINTS + 1)]
    # Draw the lines through today's volume and the break-even exactly, so the
    # markers meet the curves where the page's figures say.
    found = comparison.break_even_crossings
    # Every crossing the axis reaches, the first one (the break-even) included.
    crossings = [
        float(volume)
        for volume in (found.crossings if found else ())
        if volume <= top and volume != comparison.break_even
    ]
    if len(crossings) > MAX_MARKED_CROSSINGS:
        crossings = []  # too many to label apart: the page and report list them all
    volumes = sorted(
        {
            *volumes,
            today,
            *([float(comparison.break_even)] if comparison.break_even else []),
            *crossings,
        }
    )
    phone = break_even.inbound_phone_only(lines)
    inputs = replace(inputs, in_house_agents_override=None)

    def price(model: str, rate: Decimal):
        return lambda w: billing.quote_monthly_cost(w, pricing_model=model, rate=rate)

    curves = break_even.cost_curve(
        phone,
        inputs,
        volumes,
        {
            f"Shared per minute (${rate(shared_rate)})": price(
                billing.SHARED_PER_MINUTE, shared_rate
            ),
            f"Dedicated per hour (${rate(dedicated_rate)})": price(
                billing.DEDICATED_PER_HOUR, dedicated_rate
            ),
        },
    )
    series = [
        charts.Series(name, [(x, float(y)) for x, y in points], dashed=name == "In-house")
        for name, points in curves.items()
    ]
    vlines = [charts.VLine(today, f"today {today:,.0f}")]
    if comparison.break_even is not None:
        vlines.append(
            charts.VLine(
                float(comparison.break_even),
                f"break-even {comparison.break_even:,}",
                color="#d63384",
            )
        )
    vlines.extend(
        charts.VLine(volume, f"crossing {volume:,.0f}", color="#6f42c1") for volume in crossings
    )
    return charts.line_chart_svg(
        title="Inbound phone line only: monthly cost by call volume",
        series=series,
        x_label="Inbound phone calls a month",
        y_label="USD a month",
        vlines=vlines,
        y_format=_dollars,
    )


def cost_chart(engagement, view) -> tuple[SafeString | None, str]:
    """Step 2's chart of ``view`` (``comparison.for_engagement``), or None and why the
    staffing math cannot draw it: drawn once per change (``portal.derived``), as every
    point of it is a staffing of its own."""

    def compute():
        try:
            return cost_versus_volume_svg(view.comparison, lines=view.lines, inputs=view.inputs), ""
        except ValueError as exc:
            return None, str(exc)

    return derived.cached(engagement, "cost-chart", compute, part="planning")
