from portal.charts import HLine, Marker, Series, VLine, line_chart_svg, nice_ticks


def test_nice_ticks_cover_the_range_with_round_steps():
    ticks = nice_ticks(0, 93)
    assert ticks[0] <= 0 and ticks[-1] >= 93
    steps = {round(b - a, 6) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert steps == {20.0}


def test_nice_ticks_reach_the_highest_value():
    for high in (53_470, 9.99, 101, 0.0042, 1_000_001):
        ticks = nice_ticks(0, high)
        assert ticks[-1] >= high > ticks[-2]


def test_chart_draws_series_lines_and_markers():
    svg = line_chart_svg(
        title="Cost versus volume",
        series=[Series("In-house", [(0, 10), (100, 60)]), Series("Shared", [(0, 0), (100, 80)])],
        vlines=[VLine(50, "today")],
        hlines=[HLine(40, "target 40")],
        markers=[Marker(100, 80, "breach")],
        x_label="contacts",
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<polyline") == 2
    assert "today" in svg and "target 40" in svg and "In-house" in svg


def test_chart_escapes_text():
    svg = line_chart_svg(title="<script>", series=[Series("a&b", [(0, 1), (1, 2)])])
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg and "a&amp;b" in svg


def test_empty_chart_says_so():
    assert "No data yet" in line_chart_svg(title="KPI", series=[Series("x", [])])


def test_category_labels_on_x_axis():
    svg = line_chart_svg(
        title="Service level",
        series=[Series("SL", [(0, 0.8), (1, 0.75)])],
        x_tick_labels={0: "2026-01", 1: "2026-02"},
    )
    assert "2026-01" in svg and "2026-02" in svg


def _label_rows(svg: str) -> dict[str, tuple[str, str]]:
    """Each marker label's x and y in the SVG."""
    import re

    return {
        label: (x, y)
        for x, y, label in re.findall(
            r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="\w+" fill="[^"]+">([^<]+)</text>', svg
        )
    }


def test_marker_labels_close_together_do_not_overlap():
    """Today's volume just after the break-even: the two labels sit on separate rows."""
    svg = line_chart_svg(
        title="Cost versus volume",
        series=[Series("Shared", [(0, 0), (25_000, 60_000)])],
        vlines=[VLine(12_000, "today 12,000"), VLine(10_215, "break-even 10,215")],
    )
    labels = _label_rows(svg)
    assert labels["today 12,000"][1] != labels["break-even 10,215"][1]


def test_marker_labels_far_apart_share_a_row_and_stay_inside_the_plot():
    svg = line_chart_svg(
        title="Cost versus volume",
        series=[Series("Shared", [(0, 0), (25_000, 60_000)])],
        vlines=[VLine(2_000, "today 2,000"), VLine(24_900, "break-even 24,900")],
    )
    labels = _label_rows(svg)
    assert labels["today 2,000"][1] == labels["break-even 24,900"][1]
    assert 'text-anchor="end" fill="#495057">break-even 24,900' in svg
