"""Server-side SVG charts: the same markup on a page and in a WeasyPrint PDF.

No JavaScript and no external assets, so charts work in a closed network and
print identically. Every text is escaped; the result is safe to insert as HTML.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#0d6efd", "#d63384", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#6c757d")


@dataclass(frozen=True)
class Series:
    label: str
    points: Sequence[tuple[float, float]]
    color: str | None = None
    dashed: bool = False


@dataclass(frozen=True)
class VLine:
    """A vertical marker, e.g. today's volume or the break-even point."""

    x: float
    label: str
    color: str = "#495057"


@dataclass(frozen=True)
class HLine:
    """A horizontal line, e.g. an SLA target."""

    y: float
    label: str
    color: str = "#dc3545"


@dataclass(frozen=True)
class Marker:
    """A highlighted point, e.g. a breached period."""

    x: float
    y: float
    label: str = ""
    color: str = "#dc3545"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2, 2.5, 5 x 10^n) covering [low, high]."""
    if high < low:
        low, high = high, low
    if math.isclose(high, low):
        high = low + (abs(low) or 1.0)
    raw = (high - low) / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = [round(start, 10)]
    # The last tick must reach the highest value, or lines run past the plot.
    while ticks[-1] < high and len(ticks) <= 50:
        ticks.append(round(start + len(ticks) * step, 10))
    return ticks


def _text_width(text: str) -> float:
    """Rough width in pixels of ``text`` at the charts' 11 px sans-serif."""
    return 6.2 * len(text)


def _fmt(value: float) -> str:
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if float(value).is_integer():
        return f"{value:.0f}"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def line_chart_svg(
    *,
    title: str,
    series: Sequence[Series],
    x_label: str = "",
    y_label: str = "",
    vlines: Sequence[VLine] = (),
    hlines: Sequence[HLine] = (),
    markers: Sequence[Marker] = (),
    x_tick_labels: dict[float, str] | None = None,
    x_format: Callable[[float], str] = _fmt,
    y_format: Callable[[float], str] = _fmt,
    y_from_zero: bool = True,
    width: int = 640,
    height: int = 320,
) -> SafeString:
    """An SVG line chart with optional vertical markers, horizontal lines and points.

    ``x_tick_labels`` replaces numeric x ticks with category labels (months, say).
    An empty chart (no points) says so instead of drawing empty axes.
    """
    xs = [x for s in series for x, _ in s.points] + [v.x for v in vlines] + [m.x for m in markers]
    ys = [y for s in series for _, y in s.points] + [h.y for h in hlines] + [m.y for m in markers]
    # The right margin holds half of the last x tick's label ("25,000").
    left, right, top, bottom = 64, 28, 36, 52
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        'font-family="sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<text x="{left}" y="20" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    if not xs or not ys:
        parts.append(
            f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="#6c757d">'
            "No data yet</text></svg>"
        )
        return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped

    y_ticks = nice_ticks(min([0.0, *ys]) if y_from_zero else min(ys), max(ys))
    y_min, y_max = y_ticks[0], y_ticks[-1]
    if x_tick_labels:
        x_ticks = sorted(x_tick_labels)
        x_min, x_max = min([*x_ticks, *xs]), max([*x_ticks, *xs])
    else:
        x_ticks = nice_ticks(min(xs), max(xs), 6)
        x_min, x_max = x_ticks[0], x_ticks[-1]
    x_span = (x_max - x_min) or 1.0
    y_span = (y_max - y_min) or 1.0

    def px(x: float) -> float:
        return round(left + (x - x_min) / x_span * plot_w, 2)

    def py(y: float) -> float:
        return round(top + plot_h - (y - y_min) / y_span * plot_h, 2)

    # Grid and axes.
    for tick in y_ticks:
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{py(tick)}" y2="{py(tick)}" '
            'stroke="#e9ecef"/>'
            f'<text x="{left - 6}" y="{py(tick) + 4}" text-anchor="end">'
            f"{escape(y_format(tick))}</text>"
        )
    for tick in x_ticks:
        label = x_tick_labels[tick] if x_tick_labels else x_format(tick)
        parts.append(
            f'<text x="{px(tick)}" y="{top + plot_h + 16}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    parts.append(
        f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" stroke="#495057"/>'
        f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" '
        'stroke="#495057"/>'
    )
    if x_label:
        parts.append(
            f'<text x="{left + plot_w / 2}" y="{height - 8}" text-anchor="middle">'
            f"{escape(x_label)}</text>"
        )
    if y_label:
        parts.append(
            f'<text transform="translate(14 {top + plot_h / 2}) rotate(-90)" '
            f'text-anchor="middle">{escape(y_label)}</text>'
        )

    for h in hlines:
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{py(h.y)}" y2="{py(h.y)}" '
            f'stroke="{escape(h.color)}" stroke-dasharray="6 4"/>'
            f'<text x="{left + plot_w - 4}" y="{py(h.y) - 4}" text-anchor="end" '
            f'fill="{escape(h.color)}">{escape(h.label)}</text>'
        )
    taken: list[tuple[float, float, int]] = []  # label spans already placed, by row
    for v in sorted(vlines, key=lambda v: v.x):
        x = px(v.x)
        wide = _text_width(v.label)
        # Beside the line, or before it when it would run past the plot; a row lower
        # when it would cover another marker's label (today's volume near the break-even).
        start, anchor = (x + 4, "start") if x + 4 + wide <= left + plot_w else (x - 4, "end")
        span = (start, start + wide) if anchor == "start" else (start - wide, start)
        row = 0
        while any(r == row and span[0] < b and a < span[1] for a, b, r in taken):
            row += 1
        taken.append((*span, row))
        parts.append(
            f'<line x1="{x}" x2="{x}" y1="{top}" y2="{top + plot_h}" '
            f'stroke="{escape(v.color)}" stroke-dasharray="3 3"/>'
            f'<text x="{start}" y="{top + 10 + 13 * row}" text-anchor="{anchor}" '
            f'fill="{escape(v.color)}">{escape(v.label)}</text>'
        )

    legend_x = left
    for index, s in enumerate(series):
        color = s.color or PALETTE[index % len(PALETTE)]
        points = " ".join(f"{px(x)},{py(y)}" for x, y in s.points)
        dash = ' stroke-dasharray="5 3"' if s.dashed else ""
        if points:
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{escape(color)}" '
                f'stroke-width="2"{dash}/>'
            )
        parts.append(
            f'<rect x="{legend_x}" y="{height - 24}" width="10" height="3" '
            f'fill="{escape(color)}" transform="translate(0 -4)"/>'
        )
        # The legend sits under the x axis label only when there is room.
        parts.append(f'<text x="{legend_x + 14}" y="{height - 24}">{escape(s.label)}</text>')
        legend_x += 14 + 7 * len(s.label) + 18
    for m in markers:
        parts.append(
            f'<circle cx="{px(m.x)}" cy="{py(m.y)}" r="4" fill="{escape(m.color)}">'
            f"<title>{escape(m.label)}</title></circle>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
